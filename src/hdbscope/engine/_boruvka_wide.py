"""Exact minimum spanning forests of wide data by Boruvka rounds, without listing pairs.

Two uses, one algorithm:

* the duplicate forest: every pair of rows at most ``t_max`` apart (the top of
  ``duplicate_threshold_range``, the global median NN distance). Listing those pairs
  is quadratic: in a cluster tighter than the rest every row is that close to every
  other (200k x 512 embeddings gave tens of millions of pairs);
* HDBSCAN's spanning tree (``core`` given): mutual-reachability weights
  ``max(core[a], core[b], distance)``, every edge up to a cap (``_spanning_tree``).

A forest needs only each component's lightest edge out, round after round. A row's
sorted k-NN list settles its lightest edge out whenever no row off the list (at least
its k-th distance away, so at least that heavy) can weigh less; the other rows search
the faiss index's cells (``_cells``), skipping cells wholly inside their component.

Edges are ordered by (weight, lower row, higher row): a strict order, so the rounds
never close a cycle and the forest does not depend on the order of work.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit, prange

from ._cells import Cells
from ._disjoint_set import find, lighter, union
from ._progress import no_tick

QUERY_ROWS = 4096  # queries per search call: Python regains control (progress, Ctrl-C) between calls
SEED_ROWS = 8  # rows of each component searched first


def forest_within(index, knn_d, knn_i, t_max: float, tick: Callable[[], None] | None = None, core=None):
    """``(a, b, w)``: the minimum spanning forest of all pairs of rows of ``index.U`` at
    most ``t_max`` apart (exact distances), given each row's sorted k nearest rows.

    With ``core`` (each row's core distance), pairs weigh their mutual reachability,
    ``max(core[a], core[b], distance)``: with ``t_max = inf`` that is HDBSCAN's exact
    spanning tree. A listed row then settles a row's best edge only if no row off the
    list (at least its k-th distance away) can weigh less."""
    tick = tick if tick is not None else no_tick  # between steps of a round: Ctrl-C lands there
    n = len(index.U)
    core = np.zeros(n) if core is None else np.ascontiguousarray(core, dtype=np.float64)
    cells = Cells(index)
    tick()
    parent = np.arange(n, dtype=np.int64)
    comp = parent.copy()
    done = np.zeros(n, dtype=np.bool_)  # per root: no edge out at most t_max (as far as lists tell)
    # A search's answer holds in later rounds (components only grow): the row found stays
    # the nearest outside while it is outside, and a row found nothing within r never will.
    found_d, found_p = np.full(n, np.inf), np.full(n, -1, dtype=np.int64)
    lower = np.zeros(n)  # no row of another component is nearer than this
    kth = knn_d[:, -1]
    kth = np.where(np.isfinite(kth), kth, 0.0)  # a list short of k rows bounds nothing off it
    # rows another component's search found, though their own list said no edge out was
    # near enough: an approximate list missed a row. They search from then on, so their
    # components join in one round instead of one by one into the searching component.
    missed = np.zeros(n, dtype=np.bool_)
    out_a, out_b, out_w = [], [], []
    while np.count_nonzero((comp == np.arange(n)) & ~done) > 1:
        tick()
        near_d, near_p, needs = _nearest_on_list(knn_d, knn_i, kth, comp, done, t_max, core)
        best_d, best_a, best_b = _component_best(comp, np.arange(n), near_d, near_p, n)
        kept = np.flatnonzero(needs & (found_p >= 0))
        kept = kept[comp[found_p[kept]] != comp[kept]]
        _merge_best(comp, kept, found_d[kept], found_p[kept], best_d, best_a, best_b)
        needs[kept] = False
        needs |= missed & ~done[comp]
        tick()
        cells.components(comp, core)
        lower = np.maximum(lower, cells.row_bounds())
        bound = np.maximum(np.maximum(np.where(missed, 0.0, kth), core), lower)  # nothing off the list weighs less
        reopened = np.zeros(n, dtype=np.bool_)
        _reopen(near_p[near_p >= 0], comp, done, missed, reopened)  # lists are not symmetric
        _reopen(found_p[kept], comp, done, missed, reopened)  # nor are answers kept from earlier rounds
        rows = np.flatnonzero(needs & (bound <= np.minimum(best_d[comp], t_max)))
        for q in _batches(rows, comp):
            q = q[bound[q] <= best_d[comp[q]]]  # earlier batches may have settled these rows' components
            radius = np.minimum(best_d[comp[q]], t_max)
            d, p = cells.nearest_outside(q, radius)
            _merge_best(comp, q, d, p, best_d, best_a, best_b)
            found_d[q], found_p[q] = d, p
            lower[q] = np.where(p >= 0, d, radius)
            _reopen(p[p >= 0], comp, done, missed, reopened)
            tick()
        tick()
        open_roots = np.flatnonzero((comp == np.arange(n)) & ~done)
        a, b, w, closed = _join(parent, comp, best_d, best_a, best_b, done, t_max)
        closed &= ~reopened  # they have not searched yet
        if len(a) == 0 and not reopened.any():
            break
        out_a.append(a.copy())  # copies: the slices would keep _join's n-long buffers alive, round after round
        out_b.append(b.copy())
        out_w.append(w.copy())
        done |= closed
        comp = _roots(parent)
        done[comp[open_roots[~closed[open_roots]]]] = False  # whatever root a merge kept, it stays open
    if not out_a:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    return np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_w)


def _reopen(hit, comp, done, missed, reopened):
    """Rows found (on a list or by a search) in components closed as having no edge out:
    their own lists missed a row, so they search in the next round, and their components
    stay open."""
    hit = hit[done[comp[hit]]]
    missed[hit] = True
    reopened[comp[hit]] = True
    done[comp[hit]] = False


def _batches(rows, comp):
    """``rows`` in search calls: first up to ``SEED_ROWS`` evenly spaced rows of each
    component, whose answers bound the radius of the rest's searches (a component
    no listed row leaves would otherwise search every row of it without a bound)."""
    by_comp = rows[np.argsort(comp[rows], kind="stable")]
    starts = np.flatnonzero(np.r_[True, comp[by_comp[1:]] != comp[by_comp[:-1]]])
    sizes = np.diff(np.r_[starts, len(by_comp)])
    rank = np.arange(len(by_comp)) - np.repeat(starts, sizes)
    step = np.repeat(np.maximum(1, sizes // SEED_ROWS), sizes)
    seed = (rank % step == 0) & (rank // step < SEED_ROWS)
    for part in (by_comp[seed], by_comp[~seed]):
        for s in range(0, len(part), QUERY_ROWS):
            yield part[s : s + QUERY_ROWS]


@njit(cache=True, parallel=True)
def _nearest_on_list(knn_d, knn_i, kth, comp, done, t_max, core):
    """Per row, its lightest edge to a listed row of another component if within
    ``t_max``; and whether the row must search: a row off its list (at least its k-th
    distance away, so at least that heavy) might still be lighter."""
    n, k = knn_i.shape
    near_d = np.full(n, np.inf)
    near_p = np.full(n, -1, dtype=np.int64)
    needs = np.zeros(n, dtype=np.bool_)
    for i in prange(n):
        c = comp[i]
        if done[c]:
            continue
        for j in range(k):
            p = knn_i[i, j]
            if p < 0 or knn_d[i, j] > near_d[i]:
                break  # lists are sorted: no later row can weigh less
            if comp[p] != c:
                w = max(knn_d[i, j], core[i], core[p])
                if near_p[i] < 0 or lighter(w, i, p, near_d[i], i, near_p[i]):
                    near_d[i], near_p[i] = w, p
        off_list = max(kth[i], core[i])
        needs[i] = off_list <= t_max and (near_p[i] < 0 or off_list < near_d[i])
        if near_d[i] > t_max:
            near_d[i], near_p[i] = np.inf, -1
    return near_d, near_p, needs


@njit(cache=True)
def _component_best(comp, rows, d, p, n):
    best_d = np.full(n, np.inf)
    best_a = np.full(n, -1, dtype=np.int64)
    best_b = np.full(n, -1, dtype=np.int64)
    _merge_best(comp, rows, d, p, best_d, best_a, best_b)
    return best_d, best_a, best_b


@njit(cache=True)
def _merge_best(comp, rows, d, p, best_d, best_a, best_b):
    for t in range(len(rows)):
        if p[t] < 0:
            continue
        c = comp[rows[t]]
        if best_a[c] < 0 or lighter(d[t], rows[t], p[t], best_d[c], best_a[c], best_b[c]):
            best_d[c], best_a[c], best_b[c] = d[t], rows[t], p[t]


@njit(cache=True)
def _join(parent, comp, best_d, best_a, best_b, done, t_max):
    """Join every component to the other end of its lightest edge out. A component with
    none closes, unless another joined it (possible only where a k-NN list missed a row)."""
    n = len(comp)
    a = np.empty(n, dtype=np.int64)
    b = np.empty(n, dtype=np.int64)
    w = np.empty(n)
    joined = np.zeros(n, dtype=np.bool_)
    m = 0
    for c in range(n):
        if comp[c] != c or done[c] or best_a[c] < 0 or best_d[c] > t_max:
            continue
        if union(parent, best_a[c], best_b[c]):
            a[m], b[m], w[m] = best_a[c], best_b[c], best_d[c]
            m += 1
        joined[c] = joined[comp[best_b[c]]] = True
    closed = np.zeros(n, dtype=np.bool_)
    for c in range(n):
        closed[c] = comp[c] == c and not done[c] and not joined[c]
    return a[:m], b[:m], w[:m], closed


@njit(cache=True)
def _roots(parent):
    out = np.empty(len(parent), dtype=np.int64)
    for i in range(len(parent)):
        out[i] = find(parent, i)
    return out
