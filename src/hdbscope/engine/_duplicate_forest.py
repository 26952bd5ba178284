"""The duplicate forest of wide data: the exact minimum spanning forest of every pair
of rows closer than ``t_max``, found without listing those pairs.

Listing them is quadratic: the top of ``duplicate_threshold_range`` is the global
median NN distance, and in a cluster tighter than the rest every row is that close
to every other (200k x 512 embeddings gave tens of millions of pairs, 1M x 256 ran
out of memory). A minimum spanning forest needs only each component's lightest
edge out, round after round (Boruvka). Each row's sorted k-NN list gives its
nearest row in another component whenever one is on the list; only rows whose
whole list lies in their own component, and whose k-th distance could still beat
their component's best edge, search the faiss index's cells, skipping any cell all
of whose rows are already in the component.

Edges are ordered by (distance, lower row, higher row): a strict order, so the
rounds never close a cycle and the forest does not depend on the order of work.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit, prange

from ._disjoint_set import find, union
from ._wide_knn import row_distance

BLOCK_ROWS = 1024  # queries per BLAS block of distances to every cell center (16 MB at 4,000 cells)
QUERY_ROWS = 4096  # queries per search call: Python regains control (progress, Ctrl-C) between calls


def forest_within(index, knn_d, knn_i, t_max: float, tick: Callable[[], None] | None = None):
    """``(a, b, w)``: the minimum spanning forest of all pairs of rows of ``index.U`` at
    most ``t_max`` apart (exact distances), given each row's sorted k nearest rows."""
    n = len(index.U)
    cells = _Cells(index)
    parent = np.arange(n, dtype=np.int64)
    comp = parent.copy()
    done = np.zeros(n, dtype=np.bool_)  # per root: no edge out at most t_max, never changes again
    # A search's answer holds in later rounds (components only grow): the row found stays
    # the nearest outside while it is outside, and a row found nothing within r never will.
    found_d, found_p = np.full(n, np.inf), np.full(n, -1, dtype=np.int64)
    lower = np.zeros(n)  # no row of another component is nearer than this
    out_a, out_b, out_w = [], [], []
    while True:
        near_d, near_p, needs = _nearest_on_list(knn_d, knn_i, comp, done, t_max)
        best_d, best_a, best_b = _component_best(comp, np.arange(n), near_d, near_p, n)
        kept = np.flatnonzero(needs & (found_p >= 0))
        kept = kept[comp[found_p[kept]] != comp[kept]]
        _merge_best(comp, kept, found_d[kept], found_p[kept], best_d, best_a, best_b)
        needs[kept] = False
        rows = np.flatnonzero(needs & (np.maximum(knn_d[:, -1], lower) <= best_d[comp]))
        cells.components(comp)
        for s in range(0, len(rows), QUERY_ROWS):
            q = rows[s : s + QUERY_ROWS]
            radius = np.minimum(best_d[comp[q]], t_max)
            d, p = cells.nearest_outside(q, radius)
            _merge_best(comp, q, d, p, best_d, best_a, best_b)
            found_d[q], found_p[q] = d, p
            lower[q] = np.where(p >= 0, d, radius)
            if tick is not None:
                tick()
        a, b, w, closed = _join(parent, comp, best_d, best_a, best_b, done, t_max)
        if len(a) == 0:
            break
        out_a.append(a.copy())  # copies: the slices would keep _join's n-long buffers alive, round after round
        out_b.append(b.copy())
        out_w.append(w.copy())
        done |= closed
        comp = _roots(parent)
    if not out_a:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    return np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_w)


class _Cells:
    """The index's rows cell by cell, with their projections, for component-aware scans."""

    def __init__(self, index):
        self.U = index.U
        self.order = index.order
        self.Z = np.ascontiguousarray(index.Z[self.order])  # rows of a cell side by side
        self.Zq = index.Z
        self.own = index.cell
        n_cells = index.index.nlist
        self.start = np.searchsorted(index.cell[self.order], np.arange(n_cells + 1)).astype(np.int64)
        self.centers = index.index.quantizer.reconstruct_n(0, n_cells)
        self.radius = _cell_radii(self.Z, self.start, self.centers)
        self.center_sq = np.einsum("ij,ij->i", self.centers, self.centers)

    def components(self, comp):
        """Set the components of this round: each row's, and each cell's if all its rows share one."""
        self.comp = comp
        self.comp_sorted = comp[self.order]
        self.cell_comp = _cell_components(self.comp_sorted, self.start)

    def nearest_outside(self, q, radius):
        """Per query row, ``(distance, row)`` of the nearest row of another component
        within its radius, or ``(inf, -1)``."""
        d = np.full(len(q), np.inf)
        p = np.full(len(q), -1, dtype=np.int64)
        for s in range(0, len(q), BLOCK_ROWS):
            t = slice(s, s + BLOCK_ROWS)
            Zq = np.ascontiguousarray(self.Zq[q[t]])
            # squared distances to every cell center by float32 BLAS: a coarse screen only
            # (the kernel allows for its rounding and measures the cells it keeps exactly)
            screen = Zq @ self.centers.T
            screen *= -2
            screen += self.center_sq[None, :]
            zz = np.einsum("ij,ij->i", Zq, Zq)
            d[t], p[t] = _scan(
                q[t], Zq, zz, radius[t], screen, self.own, self.comp, self.comp_sorted, self.cell_comp,
                self.start, self.order, self.Z, self.U, self.centers, self.center_sq, self.radius,
            )  # fmt: skip
        return d, p


@njit(cache=True, parallel=True)
def _nearest_on_list(knn_d, knn_i, comp, done, t_max):
    """Per row, the first listed row in another component (its nearest there: lists are
    sorted) if within ``t_max``; and whether the row must search (nothing outside listed)."""
    n, k = knn_i.shape
    near_d = np.full(n, np.inf)
    near_p = np.full(n, -1, dtype=np.int64)
    needs = np.zeros(n, dtype=np.bool_)
    for i in prange(n):
        c = comp[i]
        if done[c]:
            continue
        found = False
        for j in range(k):
            p = knn_i[i, j]
            if p < 0:
                break
            if comp[p] != c:
                found = True
                if knn_d[i, j] <= t_max:
                    near_d[i], near_p[i] = knn_d[i, j], p
                break
        needs[i] = not found and knn_d[i, k - 1] <= t_max
    return near_d, near_p, needs


@njit(cache=True)
def _better(d, a, b, bd, ba, bb):
    """Is edge (d, a, b) lighter than (bd, ba, bb) in the strict (distance, low, high) order?"""
    lo, hi = min(a, b), max(a, b)
    blo, bhi = min(ba, bb), max(ba, bb)
    if d != bd:
        return d < bd
    if lo != blo:
        return lo < blo
    return hi < bhi


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
        if best_a[c] < 0 or _better(d[t], rows[t], p[t], best_d[c], best_a[c], best_b[c]):
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


@njit(cache=True)
def _cell_radii(Z, start, centers):
    """Per cell, the largest distance from its center to one of its rows (float64 sums)."""
    n_cells = len(start) - 1
    out = np.zeros(n_cells)
    for c in range(n_cells):
        for s in range(start[c], start[c + 1]):
            out[c] = max(out[c], row_distance(Z, s, centers, c))
    return out


@njit(cache=True)
def _cell_components(comp_sorted, start):
    """Per cell, the component all its rows share, or -1."""
    n_cells = len(start) - 1
    out = np.full(n_cells, -1, dtype=np.int64)
    for c in range(n_cells):
        if start[c + 1] > start[c]:
            first = comp_sorted[start[c]]
            same = True
            for i in range(start[c] + 1, start[c + 1]):
                if comp_sorted[i] != first:
                    same = False
                    break
            if same:
                out[c] = first
    return out


@njit(cache=True, parallel=True)
def _scan(q, Zq, zz, radius, screen, own, comp, comp_sorted, cell_comp, start, order, Z, U, centers, center_sq, rad):
    """Per query, the nearest row of another component within its radius (exact distance),
    or -1. Cells are skipped when all their rows are in the query's component, or when no
    row of theirs can be that close: a row within r of q lies in a cell whose center is at
    most |q - c_q| + 2r from q (c_q: q's own center; ``WideIndex.probes``) and at most
    r + the cell's radius from q. Projections never lengthen a distance, so they screen."""
    nq, n_cells = len(q), len(start) - 1
    out_d = np.full(nq, np.inf)
    out_p = np.full(nq, -1, dtype=np.int64)
    for t in prange(nq):
        i, c = q[t], comp[q[t]]
        best_d, best_p = np.inf, -1
        r = radius[t]
        cd0 = row_distance(Zq, t, centers, own[i])
        slack = 1e-5 * (zz[t] + 1.0)  # float32 rounding of the screen, generously
        for cell in range(n_cells):
            if cell_comp[cell] == c:
                continue  # every row there is in q's component already
            rz = r * (1 + 1e-3) + 1e-6
            reach = min(_bound(cd0, r), rz + rad[cell])
            if screen[t, cell] + zz[t] - slack * (1.0 + center_sq[cell]) > reach * reach:
                continue
            cd = row_distance(Zq, t, centers, cell)
            if cd > _bound(cd0, r) or cd - rad[cell] > rz:
                continue
            r, best_d, best_p = _scan_cell(i, c, Zq[t], r, best_d, best_p, cell, comp_sorted, start, order, Z, U)
        out_d[t], out_p[t] = best_d, best_p
    return out_d, out_p


@njit(cache=True)
def _bound(cd0, r):
    """Furthest cell centre that can hold a row within r (float32 projection: margins)."""
    return cd0 * (1 + 1e-3) + 2 * (r * (1 + 1e-3) + 1e-6)


@njit(cache=True)
def _scan_cell(i, c, zq, r, best_d, best_p, cell, comp_sorted, start, order, Z, U):
    m = Z.shape[1]
    for s in range(start[cell], start[cell + 1]):
        if comp_sorted[s] == c:
            continue
        rz = r * (1 + 1e-3) + 1e-6
        dz = 0.0
        for f in range(m):
            v = np.float64(Z[s, f]) - np.float64(zq[f])
            dz += v * v
        if dz > rz * rz:
            continue
        p = order[s]
        e = row_distance(U, i, U, p)  # the exact distance, as rerank sums it
        if e <= r and (best_p < 0 or _better(e, i, p, best_d, i, best_p)):
            best_d, best_p, r = e, p, e
    return r, best_d, best_p
