"""The single-linkage tree of mutual-reachability distances (the costly part of
HDBSCAN), built once per fit.

* up to 16 features: Boruvka on a k-d tree (``_boruvka_lowd``), exact;
* wider and small (n^2 * d <= ``PRIM_BUDGET``): Prim's algorithm on the
  complete mutual-reachability graph, one row of distances at a time (exact,
  O(n) memory, like hdbscan's own choice above 60 features);
* wider and large: exact Boruvka (``_boruvka_wide``) for every edge up to ``cap``,
  the largest k-th neighbour distance (every listed edge weighs at most that): each
  row's k-NN list settles most rows' lightest edge, and the faiss cells are searched
  for the rest (a k-NN graph alone misses edges between rows off each other's lists:
  ARI 0.983 against Prim on ``labelled_embeddings``). Heavier edges join groups
  farther apart than any row's k-th neighbour: no list holds them, and components
  left are joined by the cheapest mutual-reachability edge between them that the
  same index finds (BLAS blocks when exact, else faiss shortlists, ``_wide_knn``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._disjoint_set import dense_labels, find, spanning_forest
from ._neighbors import BlockIndex
from ._progress import no_tick

PRIM_BUDGET = 3e9
LINK_SAMPLE = 4000  # rows, over all components, in the last-resort joining step


def tree_lowd(R: np.ndarray, min_samples: int, knn=None, knn_exact: bool = True, tick=None) -> np.ndarray:
    """Exact Boruvka on a k-d tree (``_boruvka_lowd``); ``knn`` = ``(distances, indices)`` of R's rows if known."""
    from ._boruvka_lowd import mst_lowd

    a, b, w = mst_lowd(R, min_samples, knn, knn_exact, tick)
    return _label(a, b, w, len(R))


def tree_wide(U, knn_d, knn_i, min_samples, index, tick=None) -> np.ndarray:
    """``index``: the ``BlockIndex`` (exact) or ``WideIndex`` (faiss) the neighbours came from;
    ``tick`` between steps (Ctrl-C lands there)."""
    tick = tick if tick is not None else no_tick
    n = U.shape[0]
    core = np.ascontiguousarray(knn_d[:, min_samples - 1])
    if float(n) * n * U.shape[1] <= PRIM_BUDGET:
        ea, eb, ew = _prim(U, core)
        return _label(ea, eb, ew, n)
    if knn_i.shape[1] < n - 1:  # lists short of every row: exact up to the cap
        from ._boruvka_wide import forest_within
        from ._wide_knn import WideIndex

        # every listed edge weighs at most the largest k-th distance (core <= k-th, distance
        # <= k-th), so the forest holds all the list could give: no Kruskal over the lists
        kth = knn_d[:, -1]
        cap = float(kth[np.isfinite(kth)].max(initial=0.0))
        cells = index if not index.exact else WideIndex(U)  # small data: cells for the searches only
        fa, fb, fw = forest_within(cells, knn_d, knn_i, cap, tick, core)
        tick()
        ea, eb, ew = spanning_forest(fa, fb, fw, n)  # the same edges, in (weight, low, high) order for ties
    else:  # every row lists every other: the list is the complete graph
        a = np.repeat(np.arange(n, dtype=np.int64), knn_i.shape[1])
        b = knn_i.ravel()
        w = np.maximum(np.maximum(core[a], core[b]), knn_d.ravel())
        ea, eb, ew = spanning_forest(a, b, w, n)
    while len(ea) < n - 1:
        tick()
        comp = dense_labels(ea, eb, n)
        if isinstance(index, BlockIndex):
            la, lb, lw = _component_links(index, comp, core)
        else:
            la, lb, lw = index.component_links(comp, core)
        if len(la) == 0:
            la, lb, lw = _sampled_links(U, comp, core)
        tick()
        ea, eb, ew = spanning_forest(np.concatenate([ea, la]), np.concatenate([eb, lb]), np.concatenate([ew, lw]), n)
    tick()
    return _label(ea, eb, ew, n)


@njit(cache=True)
def _prim(U, core):
    n, d = U.shape
    in_tree = np.zeros(n, dtype=np.bool_)
    best = np.full(n, np.inf)
    src = np.zeros(n, dtype=np.int64)
    out_a = np.empty(n - 1, dtype=np.int64)
    out_b = np.empty(n - 1, dtype=np.int64)
    out_w = np.empty(n - 1)
    cur = 0
    in_tree[0] = True
    for step in range(n - 1):
        nxt, nxt_w = -1, np.inf
        for j in range(n):
            if in_tree[j]:
                continue
            s = 0.0
            for f in range(d):
                t = U[cur, f] - U[j, f]
                s += t * t
            w = max(np.sqrt(s), core[cur], core[j])
            if w < best[j]:
                best[j] = w
                src[j] = cur
            if best[j] < nxt_w:
                nxt, nxt_w = j, best[j]
        out_a[step], out_b[step], out_w[step] = src[nxt], nxt, nxt_w
        in_tree[nxt] = True
        cur = nxt
    return out_a, out_b, out_w


def _component_links(index: BlockIndex, comp, core):
    """Cheapest mutual-reachability edge between each pair of components that
    the index's blocks see together."""
    n_comp = int(comp.max()) + 1
    best_w = np.full((n_comp, n_comp), np.inf)
    best_a = np.full((n_comp, n_comp), -1, dtype=np.int64)
    best_b = np.full((n_comp, n_comp), -1, dtype=np.int64)
    for q, cand, d2 in index.blocks(comp):
        _cross_block(d2, q, cand, comp, core, best_w, best_a, best_b)
    i, j = np.nonzero(np.isfinite(best_w))
    return best_a[i, j], best_b[i, j], best_w[i, j]


@njit(cache=True)
def _cross_block(d2, qids, cids, comp, core, best_w, best_a, best_b):
    for r in range(d2.shape[0]):
        a = qids[r]
        ca = comp[a]
        for c in range(d2.shape[1]):
            b = cids[c]
            cb = comp[b]
            if ca == cb:
                continue
            w = max(core[a], core[b], np.sqrt(np.float64(d2[r, c])))
            if w < best_w[ca, cb] or (w == best_w[ca, cb] and a < best_a[ca, cb]):
                best_w[ca, cb], best_a[ca, cb], best_b[ca, cb] = w, a, b


def _sampled_links(U, comp, core):
    """Last resort when the cells never see two components together: exact
    distances between evenly spaced samples of each component."""
    n_comp = int(comp.max()) + 1
    per = max(1, LINK_SAMPLE // n_comp)
    picks = []
    for c in range(n_comp):
        members = np.flatnonzero(comp == c)
        picks.append(members[:: max(1, len(members) // per)])
    S = np.concatenate(picks)
    sub = BlockIndex(U[S])
    la, lb, lw = _component_links(sub, comp[S], core[S])
    return S[la], S[lb], lw


def _label(a, b, w, n):
    order = np.argsort(w, kind="stable")
    return _label_sorted(a[order], b[order], w[order], n)


@njit(cache=True)
def _label_sorted(a, b, w, n):
    # scipy-style linkage rows [left, right, distance, size], like hdbscan's label()
    parent = np.arange(2 * n - 1)
    size = np.ones(2 * n - 1, dtype=np.int64)
    out = np.empty((n - 1, 4))
    for e in range(n - 1):
        ra, rb = find(parent, a[e]), find(parent, b[e])
        new = n + e
        parent[ra] = new
        parent[rb] = new
        size[new] = size[ra] + size[rb]
        out[e, 0], out[e, 1], out[e, 2], out[e, 3] = ra, rb, w[e], size[new]
    return out
