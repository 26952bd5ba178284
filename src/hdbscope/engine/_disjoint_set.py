"""Disjoint sets (union-find) on a parent array, compiled with numba: the one
home of the union-find loops of the spanning tree, the linkage rows and the
duplicate groups.

Roots are the smallest member of their set (``union`` links the larger root
under the smaller), so the groups found never depend on the order of edges of
equal weight beyond the order given.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def find(parent, x):
    """Root of ``x``'s set, compressing the path on the way."""
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


@njit(cache=True)
def union(parent, a, b):
    """Join the sets of ``a`` and ``b`` (the smaller root stays root); False if already one."""
    ra, rb = find(parent, a), find(parent, b)
    if ra == rb:
        return False
    parent[max(ra, rb)] = min(ra, rb)
    return True


def spanning_forest(a, b, w, n):
    """Kruskal: the edges of a minimum spanning forest, by weight then indices
    (no dependence on the order edges are given in)."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    order = np.argsort(w)  # not stable, so equal weights are put in (lo, hi) order next
    _order_ties(order, w, lo, hi)
    return spanning_forest_sorted(lo[order], hi[order], w[order], n)


@njit(cache=True)
def _order_ties(order, w, lo, hi):
    """Sort each run of equal weights in ``order`` by (lo, hi): with distinct float
    weights runs are rare and short, so this costs a fraction of a three-key lexsort."""
    m = len(order)
    i = 0
    while i < m:
        j = i + 1
        while j < m and w[order[j]] == w[order[i]]:
            j += 1
        if j - i > 1:
            seg = order[i:j].copy()
            key = np.empty(j - i, dtype=np.int64)
            top = 0
            for t in range(j - i):
                top = max(top, hi[seg[t]])
            for t in range(j - i):
                key[t] = lo[seg[t]] * (top + 1) + hi[seg[t]]
            order[i:j] = seg[np.argsort(key, kind="mergesort")]
        i = j


@njit(cache=True)
def spanning_forest_sorted(a, b, w, n):
    """Kruskal on edges already sorted by weight."""
    parent = np.arange(n)
    out_a = np.empty(max(n - 1, 0), dtype=np.int64)
    out_b = np.empty(max(n - 1, 0), dtype=np.int64)
    out_w = np.empty(max(n - 1, 0))
    m = 0
    for e in range(len(a)):
        if m == n - 1:
            break
        if union(parent, a[e], b[e]):
            out_a[m], out_b[m], out_w[m] = a[e], b[e], w[e]
            m += 1
    return out_a[:m], out_b[:m], out_w[:m]


@njit(cache=True)
def root_labels(a, b, m, n):
    """Per element 0..n-1, the smallest member of its set after joining edges 0..m-1."""
    parent = np.arange(n)
    for e in range(m):
        union(parent, a[e], b[e])
    comp = np.empty(n, dtype=np.int64)
    for i in range(n):
        comp[i] = find(parent, i)
    return comp


@njit(cache=True)
def dense_labels(a, b, n):
    """Per element, its set's id 0, 1, ... in order of each set's smallest member."""
    comp = root_labels(a, b, len(a), n)
    ids = np.full(n, -1, dtype=np.int64)
    c = 0
    for i in range(n):
        r = comp[i]
        if ids[r] < 0:
            ids[r] = c
            c += 1
        comp[i] = ids[r]
    return comp


@njit(cache=True)
def lighter(d, a, b, bd, ba, bb):
    """Is edge (d, a, b) lighter than (bd, ba, bb) in the strict (distance, low, high) order?"""
    lo, hi = min(a, b), max(a, b)
    blo, bhi = min(ba, bb), max(ba, bb)
    if d != bd:
        return d < bd
    if lo != blo:
        return lo < blo
    return hi < bhi
