"""A k-nearest-neighbour graph computed elsewhere (FAISS on a GPU, a vector database, a
Dask or Spark job): ``Clusterer(data, knn=(indices, distances))``.

The graph is over *samples*: ``indices[i]`` lists sample ``i``'s k nearest other samples,
nearest first, ``distances[i]`` their distances (euclidean or any monotone function of
it, e.g. squared: they are only checked for order, the engine recomputes every distance
it keeps exactly from the data). A sample listed as its own neighbour (what searching an
index with its own rows returns) is ignored; ``k`` counts the other entries.

The engine works on distinct rows (bit-identical copies collapsed, see ``_copies``): a
distinct row takes the list of its lowest-index sample, neighbours map to their distinct
rows, and entries that are the row itself (its copies) or repeat a row are dropped. Rows
left with fewer neighbours than the engine keeps are searched exactly by the engine.

Core distances (each row's ``min_samples``-th neighbour) are read off the graph, so an
approximate graph gives approximate core distances; from those on, low-dimensional data
gets the exact spanning tree (searched on a k-d tree, not read off the graph).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_SHOW = 5


def check_knn(knn: object, n_samples: int, min_samples: int) -> tuple[np.ndarray, int]:
    """Validate ``(indices, distances)``; return the int64 indices (self entries kept, ignored
    later) and ``k``, the neighbours per sample not counting the sample itself."""
    if not isinstance(knn, (tuple, list)) or len(knn) != 2:
        raise TypeError(
            f"knn must be a pair (indices, distances) of (n_samples, k) arrays, got {type(knn).__name__}. "
            "Pass e.g. knn=(indices, distances) as returned by faiss's index.search or "
            "sklearn's NearestNeighbors.kneighbors (distances first there: swap them)."
        )
    idx, dist = (np.asarray(a) for a in knn)
    if idx.dtype.kind not in "iu":
        raise TypeError(
            f"knn indices must be integers, got dtype {idx.dtype}: pass (indices, distances) in that order."
        )
    if dist.dtype.kind not in "iuf":
        raise TypeError(f"knn distances must be real numbers, got dtype {dist.dtype}.")
    for name, a in (("indices", idx), ("distances", dist)):
        if a.ndim != 2 or a.shape[0] != n_samples:
            raise ValueError(
                f"knn {name} must have shape (n_samples, k) = ({n_samples}, k), one row per sample of the data; "
                f"got shape {a.shape}."
            )
    if idx.shape != dist.shape:
        raise ValueError(f"knn indices {idx.shape} and distances {dist.shape} must have the same shape.")
    idx = idx.astype(np.int64)
    dist = dist.astype(np.float64)
    if idx.size and (idx.min() < 0 or idx.max() >= n_samples):
        bad = np.flatnonzero(((idx < 0) | (idx >= n_samples)).any(axis=1))
        raise ValueError(
            f"knn indices must be sample indices in 0 .. {n_samples - 1}; rows {_rows(bad)} are not "
            "(-1 from a search that found too few neighbours is not allowed: search with a larger k or nprobe)."
        )
    bad_d = ~np.isfinite(dist) | (dist < 0)
    if bad_d.any():
        raise ValueError(
            f"knn distances must be finite and >= 0; rows {_rows(np.flatnonzero(bad_d.any(axis=1)))} are not."
        )
    if dist.shape[1] > 1:
        unsorted = (np.diff(dist, axis=1) < 0).any(axis=1)
        if unsorted.any():
            raise ValueError(
                f"knn distances must be sorted ascending in each row (nearest first); rows "
                f"{_rows(np.flatnonzero(unsorted))} are not. Sort each row, e.g. with np.argsort(distances, axis=1)."
            )
    own = idx == np.arange(n_samples)[:, None]
    per_row = own.sum(axis=1)
    if n_samples and per_row.max() > 1:
        raise ValueError(
            f"knn lists a sample as its own neighbour more than once (rows {_rows(np.flatnonzero(per_row > 1))})."
        )
    k = idx.shape[1] - int(per_row.max(initial=0))
    if k < min_samples:
        raise ValueError(
            f"knn has k={k} neighbours per sample (the sample itself not counted) but min_samples={min_samples} "
            f"needs k >= {min_samples}: search more neighbours or lower min_samples."
        )
    return idx, k


def _rows(bad: np.ndarray) -> str:
    return ", ".join(map(str, bad[:_SHOW])) + (", ..." if len(bad) > _SHOW else "")


@njit(cache=True)
def rows_candidates(idx, rep, inverse, width):
    """Per distinct row, its representative sample's neighbours as distinct rows: self
    and repeats dropped, -1 padded to ``width``; and how many each row kept."""
    n_rows = len(rep)
    out = np.full((n_rows, width), -1, dtype=np.int64)
    count = np.zeros(n_rows, dtype=np.int64)
    for u in range(n_rows):
        m = 0
        for c in range(idx.shape[1]):
            r = inverse[idx[rep[u], c]]
            if r == u or m == width:
                continue
            seen = False
            for p in range(m):
                if out[u, p] == r:
                    seen = True
                    break
            if not seen:
                out[u, m] = r
                m += 1
        count[u] = m
    return out, count


def exact_rows(U: np.ndarray, rows: np.ndarray, k: int):
    """Exact ``k`` nearest other rows of ``U[rows]`` (float64 distances; ties by index),
    by BLAS blocks of at most 64 MB: for the few rows a given graph leaves short."""
    sq = np.einsum("ij,ij->i", U, U)
    block = max(1, (64 << 20) // (8 * len(U)))
    out_d = np.empty((len(rows), k))
    out_i = np.empty((len(rows), k), dtype=np.int64)
    for s in range(0, len(rows), block):
        q = rows[s : s + block]
        d2 = sq[q][:, None] + sq[None, :] - 2.0 * (U[q] @ U.T)
        d2[np.arange(len(q)), q] = np.inf
        part = np.argpartition(d2, k - 1, axis=1)[:, :k] if k < len(U) - 1 else np.argsort(d2, axis=1)[:, :k]
        exact = np.sqrt(((U[q][:, None, :] - U[part]) ** 2).sum(axis=2))
        order = np.lexsort((part, exact), axis=1)
        out_d[s : s + len(q)] = np.take_along_axis(exact, order, axis=1)
        out_i[s : s + len(q)] = np.take_along_axis(part, order, axis=1)
    return out_d, out_i


def rows_graph(U: np.ndarray, idx: np.ndarray, rep: np.ndarray, inverse: np.ndarray, k: int):
    """The samples' graph ``idx`` as a graph over distinct rows with exact distances,
    nearest first: ``(distances, indices)``, each ``(n_rows, k)``."""
    from ._neighbors import _refine

    cand, count = rows_candidates(idx, rep, inverse, idx.shape[1])
    knn_d, knn_i = _refine(U, cand, k)
    short = np.flatnonzero(count < k)
    if len(short):
        knn_d[short], knn_i[short] = exact_rows(U, short, k)
    return knn_d, knn_i


def points_graph(U: np.ndarray, knn_i: np.ndarray, points: np.ndarray, point_of_row: np.ndarray, k: int):
    """The rows' graph moved onto the points (one row per exact-duplicate group):
    ``(distances, indices)`` over ``U[points]``, exact, nearest first."""
    n_points = len(points)
    own = np.arange(n_points)
    return rows_graph(U[points], point_of_row[knn_i[points]], own, own, k)


def given_method(lowd: bool, index, n_rows: int, d: int) -> str:
    """``Clusterer.method`` for a fit on a given graph."""
    from ._fit import LOWD_METHOD, _wide_method

    rest = (LOWD_METHOD if lowd else _wide_method(index, n_rows, d)).split("; ", 1)[1]
    return "given k-NN graph (distances recomputed exactly); " + rest
