"""The exact spanning tree of mutual reachability for low-dimensional data:
Boruvka rounds over our own k-d tree, compiled with numba.

Each round every component finds its cheapest edge to another component, then
all those edges are added. The cheapest edge is found in two passes: first
each point's k nearest neighbours (cheap, and usually the answer), then a
search of the k-d tree that skips any node lying wholly in the component, or
whose lower bound ``max(core, the node's smallest core, box distance)`` is
above the best edge found so far. Points are searched a leaf at a time when
the leaf lies in one component (one descent for up to ``LEAF_SIZE`` points).

Edges are compared by ``(weight, lower id, higher id)``, a total order, so
the rounds never close a cycle and the tree does not depend on search order.
The tree is exact: the same weights as hdbscan's own Boruvka (checked in
tests/test_boruvka_lowd.py), so the same single-linkage hierarchy.

The work is cut into slices of leaves that each return to Python, so Ctrl-C
stops a fit between them (see ``_progress``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit

from ._disjoint_set import find, union
from ._kdtree_lowd import build, node_components, node_min
from ._neighbors import knn_kdtree

LEAF_SIZE = 32
K_SEED = 16  # neighbours per point searched first (at least min_samples)
SLICE_LEAVES = 2048  # leaves per compiled call: Python regains control between slices


def mst_lowd(R: np.ndarray, min_samples: int, knn=None, knn_exact: bool = True, tick: Callable[[], None] | None = None):
    """Edges ``(a, b, weight)`` of the minimum spanning tree of mutual reachability
    over ``R``'s rows (distinct rows; core distance = distance to the
    ``min_samples``-th nearest other row, as hdbscan defines it).

    ``knn``: ``(distances, indices)`` of each row's k >= min_samples nearest other
    rows, exact, nearest first, if already known (else searched here)."""
    n = len(R)
    if knn is None:
        knn_d, knn_i, _ = knn_kdtree(R, min(max(K_SEED, min_samples), n - 1), tick)
    else:
        knn_d, knn_i = knn
    core = np.ascontiguousarray(knn_d[:, min_samples - 1])
    order, start, end, left, right, lo, hi = build(np.ascontiguousarray(R, dtype=np.float64), LEAF_SIZE)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    P = np.ascontiguousarray(R[order], dtype=np.float64)  # rows in tree order: leaves are contiguous
    core_t = core[order]
    nbr = rank[knn_i[order]]
    nbr_d = np.ascontiguousarray(knn_d[order])
    # past its k-th neighbour's distance a point has no edge the k nearest did not seed
    reach = np.ascontiguousarray(nbr_d[:, -1]) if knn_exact else np.zeros(n)
    min_core = node_min(core_t, start, end, left, right)
    leaves = np.flatnonzero(left < 0)
    parent = np.arange(n, dtype=np.int64)
    comp = np.arange(n, dtype=np.int64)
    ea, eb, ew = [], [], []
    n_edges = 0
    while n_edges < n - 1:
        node_comp = node_components(comp, start, end, left, right)
        best_w = np.full(n, np.inf)
        best_a = np.full(n, -1, dtype=np.int64)
        best_b = np.full(n, -1, dtype=np.int64)
        _seed_from_knn(comp, core_t, nbr, nbr_d, order, best_w, best_a, best_b)
        for s in range(0, len(leaves), SLICE_LEAVES):
            _search_leaves(
                leaves[s : s + SLICE_LEAVES],
                P,
                core_t,
                comp,
                node_comp,
                start,
                end,
                left,
                right,
                lo,
                hi,
                min_core,
                reach,
                order,
                best_w,
                best_a,
                best_b,
            )
            if tick is not None:
                tick()
        a, b, w = _merge(parent, comp, best_w, best_a, best_b)
        if len(a) == 0:  # cannot happen on finite data: every component has an edge out
            raise RuntimeError("Boruvka round added no edge")
        ea.append(order[a])
        eb.append(order[b])
        ew.append(w)
        n_edges += len(a)
    if not ea:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    return np.concatenate(ea), np.concatenate(eb), np.concatenate(ew)


@njit(cache=True)
def _better(w, a, b, order, bw, ba, bb):
    """(w, lower id, higher id) before the current best? Ids are canonical row ids (``order``)."""
    if w != bw:
        return w < bw
    if ba < 0:
        return True
    x, y = min(order[a], order[b]), max(order[a], order[b])
    u, v = min(order[ba], order[bb]), max(order[ba], order[bb])
    return x < u or (x == u and y < v)


@njit(cache=True)
def _seed_from_knn(comp, core, nbr, nbr_d, order, best_w, best_a, best_b):
    n, k = nbr.shape
    for q in range(n):
        c = comp[q]
        for j in range(k):
            b = nbr[q, j]
            if comp[b] == c:
                continue
            w = max(core[q], core[b], nbr_d[q, j])
            if _better(w, q, b, order, best_w[c], best_a[c], best_b[c]):
                best_w[c], best_a[c], best_b[c] = w, q, b


@njit(cache=True)
def _search_leaves(
    leaves, P, core, comp, node_comp, start, end, left, right, lo, hi, min_core, reach, order, best_w, best_a, best_b
):
    stack = np.empty(256, dtype=np.int64)
    for leaf in leaves:
        c = node_comp[leaf]
        if c >= 0:  # the whole leaf lies in one component: one descent for all its points
            if min_core[leaf] > best_w[c]:
                continue
            _descend(
                start[leaf],
                end[leaf],
                c,
                lo[leaf],
                hi[leaf],
                min_core[leaf],
                P,
                core,
                comp,
                node_comp,
                start,
                end,
                left,
                right,
                lo,
                hi,
                min_core,
                order,
                best_w,
                best_a,
                best_b,
                stack,
            )
        else:
            for q in range(start[leaf], end[leaf]):
                cq = comp[q]
                # the k nearest were seeded: if the best edge is no heavier than the k-th
                # neighbour's distance, no farther point can beat it
                if core[q] > best_w[cq] or reach[q] > best_w[cq]:
                    continue
                _descend(
                    q,
                    q + 1,
                    cq,
                    P[q],
                    P[q],
                    core[q],
                    P,
                    core,
                    comp,
                    node_comp,
                    start,
                    end,
                    left,
                    right,
                    lo,
                    hi,
                    min_core,
                    order,
                    best_w,
                    best_a,
                    best_b,
                    stack,
                )


@njit(cache=True)
def _box_gap(qlo, qhi, lo, hi):
    s = 0.0
    for f in range(len(qlo)):
        g = max(lo[f] - qhi[f], qlo[f] - hi[f], 0.0)
        s += g * g
    return np.sqrt(s)


@njit(cache=True)
def _descend(
    qs,
    qe,
    c,
    qlo,
    qhi,
    qcore,
    P,
    core,
    comp,
    node_comp,
    start,
    end,
    left,
    right,
    lo,
    hi,
    min_core,
    order,
    best_w,
    best_a,
    best_b,
    stack,
):
    """Cheapest edge from points qs..qe-1 (those in component c) to another component."""
    d = P.shape[1]
    top = 0
    stack[0] = 0
    while top >= 0:
        node = stack[top]
        top -= 1
        if node_comp[node] == c:
            continue
        if max(qcore, min_core[node], _box_gap(qlo, qhi, lo[node], hi[node])) > best_w[c]:
            continue
        if left[node] >= 0:
            l_, r_ = left[node], right[node]
            # nearer child on top of the stack: it tightens the bound first
            if _box_gap(qlo, qhi, lo[l_], hi[l_]) <= _box_gap(qlo, qhi, lo[r_], hi[r_]):
                stack[top + 1], stack[top + 2] = r_, l_
            else:
                stack[top + 1], stack[top + 2] = l_, r_
            top += 2
            continue
        for q in range(qs, qe):
            if comp[q] != c or core[q] > best_w[c]:
                continue
            for p in range(start[node], end[node]):
                if comp[p] == c:
                    continue
                w = max(core[q], core[p])
                if w > best_w[c]:
                    continue
                s = 0.0
                for f in range(d):
                    t = P[q, f] - P[p, f]
                    s += t * t
                w = max(w, np.sqrt(s))
                if _better(w, q, p, order, best_w[c], best_a[c], best_b[c]):
                    best_w[c], best_a[c], best_b[c] = w, q, p


@njit(cache=True)
def _merge(parent, comp, best_w, best_a, best_b):
    """Add every component's cheapest edge; relabel points by their new component."""
    n = len(comp)
    out_a = np.empty(n, dtype=np.int64)
    out_b = np.empty(n, dtype=np.int64)
    out_w = np.empty(n)
    m = 0
    for c in range(n):
        if best_a[c] < 0:
            continue
        a, b = best_a[c], best_b[c]
        if not union(parent, a, b):  # the other component chose the same edge
            continue
        out_a[m], out_b[m], out_w[m] = a, b, best_w[c]
        m += 1
    for p in range(n):
        comp[p] = find(parent, p)
    return out_a[:m], out_b[:m], out_w[:m]
