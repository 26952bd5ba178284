"""Nearest neighbours of the reviewed sample, in the data space (not the 2-D layout).

Uses ``Clusterer.neighbors(i, k)`` when the engine offers it. Otherwise a
scikit-learn ``NearestNeighbors`` index is fitted on first use (a tree for
few features, chunked brute force for many) and queried for the one sample
under review, with a small k: never an n x n matrix.
"""
from __future__ import annotations

import numpy as np

MAX_K = 24


class Neighbours:
    def __init__(self, rows, clusterer):
        # the data as given (ndarray or memmap; a DataFrame's values); np.matrix as the plain array it wraps
        self._rows = np.asarray(rows) if isinstance(rows, np.matrix) else rows
        self._clusterer = clusterer
        self._index = None

    def query(self, i: int, k: int, skip=()) -> tuple[list[int], list[float]]:
        """Up to k nearest other samples of sample i, closest first, leaving out `skip`."""
        n = self._clusterer.n_samples
        k = max(0, min(int(k), MAX_K))
        skip = {int(s) for s in skip} | {int(i)}
        want = min(n, k + len(skip))
        if want <= 0:
            return [], []
        engine = getattr(self._clusterer, "neighbors", None)
        if callable(engine):
            idx, dist = engine(int(i), want)
        else:
            dist, idx = self._fitted().kneighbors(self._row(i), n_neighbors=want)
            idx, dist = idx[0], dist[0]
        out = [(int(j), float(d)) for j, d in zip(np.asarray(idx), np.asarray(dist)) if int(j) not in skip][:k]
        return [j for j, _ in out], [d for _, d in out]

    def _row(self, i: int) -> np.ndarray:
        return np.asarray(self._rows[i:i + 1], dtype=np.float64).reshape(1, -1)

    def _fitted(self):
        if self._index is None:
            from sklearn.neighbors import NearestNeighbors

            X = self._rows
            if not (isinstance(X, np.ndarray) and X.dtype in (np.float32, np.float64)):
                X = np.asarray(X, dtype=np.float64)
            metric = "cosine" if getattr(self._clusterer, "metric", "euclidean") == "cosine" else "euclidean"
            self._index = NearestNeighbors(metric=metric).fit(X.reshape(len(X), -1))
        return self._index
