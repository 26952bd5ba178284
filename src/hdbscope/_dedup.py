"""Collapse bit-identical rows by hashing, into a canonical order.

Distances computed through BLAS report exact copies at about 1e-6 rather than
0, so copies are found from the bytes of each row instead. The distinct rows
come out sorted by their content hash: that order does not depend on the input
row order, which is what makes every later step permutation-invariant.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _row_hashes(bits):
    # A 64-bit multiply-xorshift hash of each row's words (splitmix64 finaliser).
    n, d = bits.shape
    out = np.empty(n, dtype=np.uint64)
    for i in range(n):
        h = np.uint64(0x9E3779B97F4A7C15) ^ np.uint64(d)
        for j in range(d):
            h ^= bits[i, j]
            h *= np.uint64(0xBF58476D1CE4E5B9)
            h ^= h >> np.uint64(31)
        h ^= h >> np.uint64(30)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
        out[i] = h
    return out


@njit(cache=True)
def _group_sorted(bits, order, hashes):
    """Walk rows in hash order; rows with equal hash and equal bits share an id."""
    n, d = bits.shape
    inverse = np.empty(n, dtype=np.int64)
    first = np.empty(n, dtype=np.int64)  # a representative row per distinct id
    n_ids = 0
    collision = False
    i = 0
    while i < n:
        j = i
        while j < n and hashes[order[j]] == hashes[order[i]]:
            j += 1
        # rows order[i:j] share a hash: almost always identical rows
        start_id = n_ids
        for a in range(i, j):
            r = order[a]
            found = -1
            for g in range(start_id, n_ids):
                rep = first[g]
                same = True
                for c in range(d):
                    if bits[r, c] != bits[rep, c]:
                        same = False
                        break
                if same:
                    found = g
                    break
            if found < 0:
                if n_ids > start_id:
                    collision = True
                first[n_ids] = r
                found = n_ids
                n_ids += 1
            inverse[r] = found
        i = j
    return inverse, first[:n_ids], collision


def unique_rows(X: np.ndarray):
    """Return ``(rep_rows, inverse)``.

    ``rep_rows[u]`` is the index of one sample holding distinct row ``u`` (the
    lowest such index), ``inverse[i]`` the distinct row of sample ``i``. Distinct
    rows are ordered by content, never by input position.
    """
    n = X.shape[0]
    if n == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    bits = np.ascontiguousarray(X).view(np.uint64)
    hashes = _row_hashes(bits)
    order = np.argsort(hashes, kind="stable")
    inverse, first, collision = _group_sorted(bits, order, hashes)
    if collision:
        # Two different rows share a 64-bit hash (vanishingly rare): order
        # those ids by content so the result still ignores the input order.
        inverse, first = _canonical_by_content(X, inverse, first, hashes)
    # the representative of each distinct row is its lowest sample index
    rep = np.full(len(first), n, dtype=np.int64)
    np.minimum.at(rep, inverse, np.arange(n, dtype=np.int64))
    return rep, inverse


def _canonical_by_content(X, inverse, first, hashes):
    keys = [X[first, c] for c in range(X.shape[1] - 1, -1, -1)] + [hashes[first]]
    perm = np.lexsort(keys)
    new_id = np.empty_like(perm)
    new_id[perm] = np.arange(len(perm))
    return new_id[inverse], first[perm]
