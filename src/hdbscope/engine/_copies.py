"""Collapse bit-identical rows by hashing, into a canonical order.

Distances computed through BLAS report exact copies at about 1e-6 rather than
0, so copies are found from the bytes of each row instead.

The distinct rows come out in a canonical order: by their projection on a
fixed direction (ties, in practice only for hash collisions, by hash). That
order ignores the input row order, and, unlike a hash of the bits, it survives
the last-bit rounding that rescaling the data causes. Every later step, tie
breaking included, follows it: the same rows give the same result in any
order and at any scale.
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
            h ^= np.uint64(bits[i, j])
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
            if found < 0:  # a new row (or, very rarely, a hash collision)
                first[n_ids] = r
                found = n_ids
                n_ids += 1
            inverse[r] = found
        i = j
    return inverse, first[:n_ids]


def row_bits(X: np.ndarray) -> np.ndarray:
    """Each row's bits as unsigned words (64-bit for float64, 32-bit for float32), no copy."""
    X = np.ascontiguousarray(X)
    return X.view(np.uint64 if X.dtype.itemsize == 8 else np.uint32)


def unique_rows(X: np.ndarray):
    """Return ``(rep_rows, inverse)``.

    ``rep_rows[u]`` is the index of one sample holding distinct row ``u`` (the
    lowest such index), ``inverse[i]`` the distinct row of sample ``i``. Distinct
    rows are ordered by content, never by input position.
    """
    n = X.shape[0]
    if n == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    bits = row_bits(X)
    hashes = _row_hashes(bits)
    order = np.argsort(hashes, kind="stable")
    inverse, first = _group_sorted(bits, order, hashes)
    # the representative of each distinct row is its lowest sample index
    proj = _project(X, first)
    perm = np.lexsort((hashes[first], proj))
    new_id = np.empty_like(perm)
    new_id[perm] = np.arange(len(perm))
    inverse = new_id[inverse]
    rep = np.full(len(first), n, dtype=np.int64)
    np.minimum.at(rep, inverse, np.arange(n, dtype=np.int64))
    return rep, inverse


@njit(cache=True)
def _project(X, rows):
    # A fixed, irrational-looking direction; a plain loop so each row's sum is
    # computed the same way wherever the row sits (BLAS may block by position).
    d = X.shape[1]
    w = np.empty(d)
    for j in range(d):
        w[j] = np.sin(1.0 + 0.7548776662466927 * (j + 1)) + 1.5
    out = np.empty(len(rows))
    for a in range(len(rows)):
        s = 0.0
        for j in range(d):
            s += X[rows[a], j] * w[j]
        out[a] = s
    return out


def take_rows_in_place(X: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``X[rows]`` for distinct ``rows``, written over ``X``'s first ``len(rows)`` rows and
    returned as a view: no second copy of the data (1 GB at 1M x 256 float32, and on a
    fresh VM first touching that much new memory took seconds). ``X``'s other rows are left
    in no particular order; ``X`` must be the caller's own array."""
    _permute_rows(X, _completed(rows, len(X)))
    return X[: len(rows)]


@njit(cache=True)
def _completed(rows, n):
    """``rows`` followed by the indices it does not hold: a permutation of 0..n-1."""
    used = np.zeros(n, dtype=np.bool_)
    src = np.empty(n, dtype=np.int64)
    for u in range(len(rows)):
        src[u] = rows[u]
        used[rows[u]] = True
    m = len(rows)
    for i in range(n):
        if not used[i]:
            src[m] = i
            m += 1
    return src


@njit(cache=True)
def _permute_rows(X, src):
    """X[i] = old X[src[i]] for every i, one cycle at a time through one spare row."""
    n = X.shape[0]
    done = np.zeros(n, dtype=np.bool_)
    spare = np.empty(X.shape[1], dtype=X.dtype)
    for i in range(n):
        if done[i]:
            continue
        done[i] = True
        if src[i] == i:
            continue
        spare[:] = X[i]
        j = i
        while src[j] != i:
            X[j] = X[src[j]]
            j = src[j]
            done[j] = True
        X[j] = spare
