"""The k-d tree the low-dimensional Boruvka (``_boruvka_lowd``) searches: nodes in
preorder over a permutation of the rows, so every node's rows are contiguous, with
tight bounding boxes; and per-node summaries recomputed each Boruvka round."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def build(R, leaf_size):
    """A k-d tree over R's rows: split at the median of the widest side.
    Nodes in preorder (children after their parent); tight bounding boxes."""
    n, d = R.shape
    order = np.arange(n)
    cap = 2 * (n // max(1, leaf_size // 2) + 1) + 1
    start = np.empty(cap, dtype=np.int64)
    end = np.empty(cap, dtype=np.int64)
    left = np.full(cap, -1, dtype=np.int64)
    right = np.full(cap, -1, dtype=np.int64)
    lo = np.empty((cap, d))
    hi = np.empty((cap, d))
    stack = np.empty(128, dtype=np.int64)
    start[0], end[0] = 0, n
    m = 1
    top = 0
    stack[0] = 0
    while top >= 0:
        node = stack[top]
        top -= 1
        s, e = start[node], end[node]
        for f in range(d):
            lo[node, f] = R[order[s], f]
            hi[node, f] = R[order[s], f]
        for p in range(s + 1, e):
            for f in range(d):
                v = R[order[p], f]
                if v < lo[node, f]:
                    lo[node, f] = v
                if v > hi[node, f]:
                    hi[node, f] = v
        if e - s <= leaf_size:
            continue
        dim = 0
        for f in range(1, d):
            if hi[node, f] - lo[node, f] > hi[node, dim] - lo[node, dim]:
                dim = f
        mid = (s + e) // 2
        _select(R, order, s, e, mid, dim)
        left[node], right[node] = m, m + 1
        start[m], end[m] = s, mid
        start[m + 1], end[m + 1] = mid, e
        stack[top + 1] = m + 1
        stack[top + 2] = m
        top += 2
        m += 2
    return order, start[:m], end[:m], left[:m], right[:m], lo[:m], hi[:m]


@njit(cache=True)
def _select(R, order, s, e, k, dim):
    """Reorder order[s:e] so order[k] holds the row of rank k - s on ``dim``, smaller before, larger after."""
    lo_, hi_ = s, e - 1
    while lo_ < hi_:
        a, b, c = R[order[lo_], dim], R[order[(lo_ + hi_) // 2], dim], R[order[hi_], dim]
        pivot = max(min(a, b), min(max(a, b), c))  # median of three
        i, j = lo_, hi_
        while i <= j:
            while R[order[i], dim] < pivot:
                i += 1
            while R[order[j], dim] > pivot:
                j -= 1
            if i <= j:
                order[i], order[j] = order[j], order[i]
                i += 1
                j -= 1
        if k <= j:
            hi_ = j
        elif k >= i:
            lo_ = i
        else:
            return


@njit(cache=True)
def node_min(values, start, end, left, right):
    out = np.empty(len(start))
    for node in range(len(start) - 1, -1, -1):  # children come after their parent
        if left[node] < 0:
            m = np.inf
            for p in range(start[node], end[node]):
                m = min(m, values[p])
            out[node] = m
        else:
            out[node] = min(out[left[node]], out[right[node]])
    return out


@njit(cache=True)
def node_components(comp, start, end, left, right):
    """Each node's component if all its points share one, else -1."""
    out = np.empty(len(start), dtype=np.int64)
    for node in range(len(start) - 1, -1, -1):
        if left[node] < 0:
            c = comp[start[node]]
            for p in range(start[node] + 1, end[node]):
                if comp[p] != c:
                    c = -1
                    break
            out[node] = c
        else:
            c = out[left[node]]
            out[node] = c if c == out[right[node]] else -1
    return out
