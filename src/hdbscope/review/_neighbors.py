"""Nearest neighbours of the reviewed sample, in the data space (not the 2-D layout):
the engine's ``Clusterer.neighbors(i, k)``, from the graph built at fit time (no
new search; k is clamped to what that graph holds). Needs no widget: the explorer
holds one and sends what it finds with each review reply, and a saved page carries
``table(k)``, every sample's first k, so its review panel lists them with no kernel."""

from __future__ import annotations

import numpy as np

from ..engine import neighbor_table

MAX_K = 24


class ReviewNeighbors:
    """The nearest other samples of a reviewed sample, from ``clusterer``'s fit."""

    def __init__(self, clusterer):
        self._clusterer = clusterer

    def query(self, i: int, k: int, skip=()) -> tuple[list[int], list[float]]:
        """Up to k nearest other samples of sample i, closest first, leaving out `skip`."""
        k = max(0, min(int(k), MAX_K))
        skip = {int(s) for s in skip} | {int(i)}
        want = min(self._clusterer.n_samples, k + len(skip))
        if want <= 0 or k == 0:
            return [], []
        idx, dist = self._clusterer.neighbors(int(i), want)
        out = [(int(j), float(d)) for j, d in zip(np.asarray(idx), np.asarray(dist)) if int(j) not in skip][:k]
        return [j for j, _ in out], [d for _, d in out]

    def table(self, k: int) -> np.ndarray:
        """(n_samples, k) int32: row i is ``Clusterer.neighbors(i, k)``'s indices, closest first,
        padded with -1 where the graph holds fewer (the engine's ``neighbor_table``)."""
        k = max(0, min(int(k), MAX_K))
        return neighbor_table(self._clusterer, k)[0].astype("<i4")
