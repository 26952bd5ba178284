"""k-nearest-neighbour graphs, never an n x n matrix.

* up to ``KDTREE_MAX_FEATURES`` features: scipy's k-d tree, exact;
* wider and small (n^2 * d <= ``EXACT_BUDGET``): blocked BLAS, exact (here);
* wider and large: faiss, through ``_wide_knn``.

Blocks are sized so one block of distances stays under ``BLOCK_BYTES``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

KDTREE_MAX_FEATURES = 16
EXACT_BUDGET = 4e10  # n^2 * d below which brute force is cheaper than cells
BLOCK_BYTES = 64 << 20
_EXTRA = 8  # spare float32 candidates, re-ranked in float64


def kdtree(U: np.ndarray):
    """scipy's k-d tree of ``U``, imported here: wide data never needs scipy (0.3 s of import)."""
    from scipy.spatial import cKDTree

    return cKDTree(U)


def knn_kdtree(U: np.ndarray, k: int, tick=None, rows_per_call: int = 100_000):
    """Exact k nearest other rows (U's rows must be distinct). Searched in slices:
    Python regains control between them (Ctrl-C, ``tick`` for the progress bar)."""
    tree = kdtree(U)
    n = len(U)
    d = np.empty((n, k))
    i = np.empty((n, k), dtype=np.int64)
    for s in range(0, n, rows_per_call):
        dd, ii = tree.query(U[s : s + rows_per_call], k=k + 1, workers=-1)
        d[s : s + len(dd)], i[s : s + len(dd)] = dd[:, 1:], ii[:, 1:]
        if tick is not None:
            tick()
    return d, i, tree


class BlockIndex:
    """Every row against every row, in BLAS blocks (exact; for data small enough)."""

    exact = True

    def __init__(self, U: np.ndarray):
        self.U = U
        self.U32 = U.astype(np.float32, copy=False)
        self.sq = np.einsum("ij,ij->i", self.U32, self.U32)
        self.all = np.arange(len(U), dtype=np.int64)

    def radius_pairs(self, rows, r):
        """Exact pairs ``(a, b, distance)`` with ``a`` in ``rows`` and distance <= r."""
        rows = np.asarray(rows, dtype=np.int64)
        cu = self.U32
        rows_per = max(1, BLOCK_BYTES // (4 * len(cu)))
        out = []
        for s in range(0, len(rows), rows_per):
            qs = rows[s : s + rows_per]
            out.append(_radius_block(self.U32[qs] @ cu.T, qs, self.all, self.sq, self.U, r))
        if not out:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
        return tuple(np.concatenate(parts) for parts in zip(*out))

    def blocks(self, comp=None):
        """Yield ``(query_ids, candidate_ids, d2)`` with float32 squared distances
        (with ``comp``, a component id per row: nothing when all rows are in one)."""
        if comp is not None and _single_component(comp, self.all):
            return
        cand = self.all
        rows = max(1, BLOCK_BYTES // (4 * max(len(cand), 1)))
        for s in range(0, len(cand), rows):
            q = cand[s : s + rows]
            d2 = self.U32[q] @ self.U32.T
            d2 *= -2.0
            d2 += self.sq[q][:, None]
            d2 += self.sq[None, :]
            np.maximum(d2, 0.0, out=d2)
            yield q, cand, d2


def knn_blocked(U: np.ndarray, k: int, index: BlockIndex | None = None):
    """``(distances, ids)``: exact k nearest other rows through BLAS blocks."""
    n = U.shape[0]
    index = BlockIndex(U) if index is None else index
    kk = min(k + _EXTRA, n - 1)
    cand_i = np.full((n, kk), -1, dtype=np.int64)
    cand_d = np.full((n, kk), np.inf, dtype=np.float32)
    for q, cand, d2 in index.blocks():
        _topk_block(d2, q, cand, cand_d, cand_i)
    return _refine(U, cand_i, k)


@njit(cache=True)
def _radius_block(dot, qids, cids, sq, U, r):
    """Pairs within r among a block of float32 dot products: a loose float32
    test (cancellation margin), then the exact float64 distance decides."""
    r2 = r * r
    cap = 1024
    out_a = np.empty(cap, dtype=np.int64)
    out_b = np.empty(cap, dtype=np.int64)
    out_d = np.empty(cap)
    m = 0
    d = U.shape[1]
    for i in range(dot.shape[0]):
        a = qids[i]
        for j in range(dot.shape[1]):
            b = cids[j]
            if a == b:
                continue
            approx = sq[a] + sq[b] - 2.0 * dot[i, j]
            if approx > r2 + 1e-5 * (sq[a] + sq[b]) + 1e-12:
                continue
            s = 0.0
            for f in range(d):
                t = U[a, f] - U[b, f]
                s += t * t
            if s > r2:
                continue
            if m == cap:
                cap *= 2
                out_a = np.concatenate((out_a, np.empty(cap - m, dtype=np.int64)))
                out_b = np.concatenate((out_b, np.empty(cap - m, dtype=np.int64)))
                out_d = np.concatenate((out_d, np.empty(cap - m)))
            out_a[m], out_b[m], out_d[m] = a, b, np.sqrt(s)
            m += 1
    return out_a[:m], out_b[:m], out_d[:m]


@njit(cache=True)
def _single_component(comp, rows):
    c0 = comp[rows[0]]
    for r in rows:  # noqa: SIM110  (numba compiles a loop, not all() over a generator)
        if comp[r] != c0:
            return False
    return True


@njit(cache=True)
def _topk_block(d2, qids, cids, best_d, best_i):
    kk = best_d.shape[1]
    for r in range(d2.shape[0]):
        q = qids[r]
        for c in range(d2.shape[1]):
            v = d2[r, c]
            if v >= best_d[q, kk - 1]:
                continue
            j = cids[c]
            if j == q:
                continue
            p = kk - 1
            while p > 0 and best_d[q, p - 1] > v:
                best_d[q, p] = best_d[q, p - 1]
                best_i[q, p] = best_i[q, p - 1]
                p -= 1
            best_d[q, p] = v
            best_i[q, p] = j


@njit(cache=True)
def _refine(U, cand_i, k):
    # float32 ranking is only a shortlist: recompute exact distances, re-sort,
    # and break ties by index so the result never depends on block order.
    n, kk = cand_i.shape
    d = U.shape[1]
    out_d = np.full((n, k), np.inf)
    out_i = np.full((n, k), -1, dtype=np.int64)
    tmp_d = np.empty(kk)
    tmp_i = np.empty(kk, dtype=np.int64)
    for q in range(n):
        m = 0
        for c in range(kk):
            j = cand_i[q, c]
            if j < 0:
                continue
            s = 0.0
            for f in range(d):
                t = U[q, f] - U[j, f]
                s += t * t
            tmp_d[m] = np.sqrt(s)
            tmp_i[m] = j
            m += 1
        order = np.argsort(tmp_d[:m] + 0.0, kind="mergesort")
        # stable sort + index tie-break
        for a in range(min(k, m)):
            out_d[q, a] = tmp_d[order[a]]
            out_i[q, a] = tmp_i[order[a]]
        for a in range(1, min(k, m)):
            b = a
            while b > 0 and out_d[q, b - 1] == out_d[q, b] and out_i[q, b - 1] > out_i[q, b]:
                out_d[q, b - 1], out_d[q, b] = out_d[q, b], out_d[q, b - 1]
                out_i[q, b - 1], out_i[q, b] = out_i[q, b], out_i[q, b - 1]
                b -= 1
    return out_d, out_i
