"""Colour slots of clusters: a function of the single-linkage tree alone.

Every view (each browser view of an explorer, a reloaded page, the dashboard's
bar chart) reads the slots Python sends with a result, so they always agree;
no view keeps a history. The rule, written out for re-implementation in the
README ("Cluster colours"):

- Node order. Internal nodes of the single-linkage tree (and points, size 1,
  distance 0) are ordered by size descending, then merge distance ascending,
  then lowest point index ascending (points are in canonical content order, so
  this last tie-break ignores the input row order too).
- Chains. The root starts a chain; at every internal node the first child in
  node order (the heavy child) continues its parent's chain and the other
  child starts a new chain.
- Slots. Chains are ranked by their first node in node order; a chain's slot is
  its rank (the root's chain is 0). A cluster's slot is the slot of the chain
  of the node where the condensed tree creates it; colour = palette[slot % 20].

A condensed-tree cluster always lies on one chain (the side carrying it on is
the larger one), and clusters selected together never share a chain, so two
clusters of one result never share a slot. A cluster that survives a slider
move stays on its chain, and the larger child of a split continues its
parent's chain: both keep their colour.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _heavier(a, b, n, D, S, low):
    """The child, of ``a`` and ``b`` (tree ids: < n points, >= n internal), first in node order."""
    sa = S[a - n] if a >= n else 1
    sb = S[b - n] if b >= n else 1
    if sa != sb:
        return a if sa > sb else b
    da = D[a - n] if a >= n else 0.0
    db = D[b - n] if b >= n else 0.0
    if da != db:
        return a if da < db else b
    la = low[a - n] if a >= n else a
    lb = low[b - n] if b >= n else b
    return a if la < lb else b


@njit(cache=True)
def _chain_heads(L, R, D, S, n):
    """Per internal node (prepare()'s breadth-first order): the first node of its
    chain, and the lowest point index under it."""
    m = n - 1
    low = np.empty(m, dtype=np.int64)
    for r in range(m - 1, -1, -1):  # children come after their parent
        a = L[r] if L[r] < n else low[L[r] - n]
        b = R[r] if R[r] < n else low[R[r] - n]
        low[r] = min(a, b)
    head = np.empty(m, dtype=np.int64)
    head[0] = 0
    for r in range(m):
        heavy = _heavier(L[r], R[r], n, D, S, low)
        for c in (L[r], R[r]):
            if c >= n:
                head[c - n] = head[r] if c == heavy else c - n
    return head, low


def node_slots(tree, n: int) -> np.ndarray:
    """int32 slot of every internal node of a prepared single-linkage tree (once per fit)."""
    L, R, D, S = tree[:4]  # (weighted sizes: the side carrying a cluster on is the heavier by samples)
    head, low = _chain_heads(L, R, D, S, n)
    heads = np.flatnonzero(head == np.arange(len(head)))
    order = np.lexsort((low[heads], D[heads], -S[heads]))
    rank = np.empty(len(head), dtype=np.int32)
    rank[heads[order]] = np.arange(len(heads), dtype=np.int32)
    return rank[head]


def cluster_slots(slots_of_nodes: np.ndarray, cluster_nodes: np.ndarray) -> np.ndarray:
    """int32 slot per cluster, given the tree node where each cluster is created."""
    out = np.asarray(slots_of_nodes)[np.asarray(cluster_nodes, dtype=np.int64)].astype(np.int32)
    out.setflags(write=False)
    return out
