"""Exact and near duplicates at any threshold, from one sorted forest.

Groups of rows linked by distance <= t are the connected components of the
graph of all pairs closer than t, which are also the components of that
graph's minimum spanning forest cut at t. The forest is built once (Kruskal on
every candidate pair up to the slider's maximum); a new threshold then costs
one union-find pass over a prefix of it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._disjoint_set import root_labels, spanning_forest


def candidate_pairs(knn_d, knn_i, t_max, tree=None, U=None, index=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of distinct rows within ``t_max``: kNN edges, plus a radius search
    (k-d ``tree`` or BLAS ``index``) around rows whose k-th neighbour is still
    that close (dense clumps, where the k nearest do not reach every pair)."""
    n, k = knn_i.shape
    keep = knn_d <= t_max
    a = np.repeat(np.arange(n, dtype=np.int64), k)[keep.ravel()]
    b = knn_i[keep]
    w = knn_d[keep]
    if tree is not None and k > 0:
        crowded = np.flatnonzero(knn_d[:, -1] <= t_max)
        if len(crowded):
            hits = tree.query_ball_point(U[crowded], r=t_max, workers=-1)
            ra = np.repeat(crowded, [len(h) for h in hits])
            rb = np.concatenate([np.asarray(h, dtype=np.int64) for h in hits])
            ok = ra != rb
            ra, rb = ra[ok], rb[ok]
            rw = np.sqrt(((U[ra] - U[rb]) ** 2).sum(axis=1))
            a, b, w = np.concatenate([a, ra]), np.concatenate([b, rb]), np.concatenate([w, rw])
    elif index is not None and k > 0:
        crowded = np.flatnonzero(knn_d[:, -1] <= t_max)
        if len(crowded):
            ra, rb, rw = index.radius_pairs(crowded, t_max)
            a, b, w = np.concatenate([a, ra]), np.concatenate([b, rb]), np.concatenate([w, rw])
    return a, b, w


TIE_RTOL = 1e-12  # distances this close to a threshold count as at it


class DuplicateForest:
    """Spanning forest of candidate pairs, sorted by distance (normalised units).

    ``tie_atol``: distances within it (plus ``TIE_RTOL``) of a threshold count
    as at the threshold, so pairs whose distances tie in the data (a lattice's
    unit pairs) are never split by the last bits of rounding. Candidate pairs
    must be gathered up to ``within(t_max, tie_atol)``.
    """

    def __init__(self, a, b, w, n_rows, tie_atol: float = 0.0):
        self.a, self.b, self.w = spanning_forest(a, b, w, n_rows)
        self.n_rows = n_rows
        self.tie_atol = tie_atol

    def count(self, t: float) -> int:
        """How many forest edges link rows at most ``t`` apart (ties included)."""
        return int(np.searchsorted(self.w, within(t, self.tie_atol), side="right"))

    def components(self, t):
        m = self.count(t)
        return root_labels(self.a, self.b, m, self.n_rows), m


def within(t: float, tie_atol: float) -> float:
    """The largest distance that counts as at most ``t``."""
    return t * (1 + TIE_RTOL) + tie_atol


@njit(cache=True)
def sample_groups(comp_of_row, inverse, exact_of_row, need_two_exact):
    """Group id per sample (-1: none), numbered by each group's lowest sample.

    A group needs >= 2 samples; with ``need_two_exact`` it must also span >= 2
    exact-duplicate groups (a near-duplicate group that is one exact group is
    not news).
    """
    n = len(inverse)
    n_rows = len(comp_of_row)
    count = np.zeros(n_rows, dtype=np.int64)
    first_exact = np.full(n_rows, -1, dtype=np.int64)
    mixed = np.zeros(n_rows, dtype=np.bool_)
    for i in range(n):
        u = inverse[i]
        c = comp_of_row[u]
        count[c] += 1
        e = exact_of_row[u]
        if first_exact[c] < 0:
            first_exact[c] = e
        elif first_exact[c] != e:
            mixed[c] = True
    gid = np.full(n_rows, -1, dtype=np.int64)
    out = np.full(n, -1, dtype=np.int64)
    nxt = 0
    for i in range(n):
        c = comp_of_row[inverse[i]]
        if count[c] < 2 or (need_two_exact and not mixed[c]):
            continue
        if gid[c] < 0:
            gid[c] = nxt
            nxt += 1
        out[i] = gid[c]
    return out, nxt


def group_lists(group: np.ndarray, n_groups: int) -> list[list[int]]:
    """Sorted lists of sorted sample indices, one per group id."""
    if n_groups == 0:
        return []
    idx = np.flatnonzero(group >= 0)
    order = np.argsort(group[idx], kind="stable")  # stable keeps indices sorted
    idx = idx[order]
    bounds = np.searchsorted(group[idx], np.arange(1, n_groups))
    return [part.tolist() for part in np.split(idx, bounds)]
