"""The neighbour graph kept at fit time, read without a new search: a sample's
nearest other samples (its copies first, distance 0, then the samples of its
row's nearest distinct rows, row by row, a row's samples in index order), and
the graph over distinct rows itself (for a UMAP layout built on it)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._label_votes import VoterGraph


def sample_neighbors(fit, graph: VoterGraph, i: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to k nearest other samples of sample i: (indices, distances in data units)."""
    r = int(fit.inverse[i])
    ms, members = graph.member_start, graph.members
    idx = [members[ms[r] : ms[r + 1]]]
    dist = [np.zeros(ms[r + 1] - ms[r])]
    have = len(idx[0]) - 1  # itself is left out below
    for j in range(fit.knn_indices.shape[1] if len(fit.knn_indices) else 0):
        if have >= k:
            break
        row = int(fit.knn_indices[r, j])
        if row < 0:
            continue
        part = members[ms[row] : ms[row + 1]]
        idx.append(part)
        dist.append(np.full(len(part), fit.knn_distances[r, j] * fit.scale))
        have += len(part)
    out_i, out_d = np.concatenate(idx), np.concatenate(dist)
    keep = out_i != i
    return out_i[keep][:k].astype(np.int64), out_d[keep][:k].astype(np.float64)


class RowGraph(NamedTuple):
    """The k-nearest-neighbour graph over distinct rows, as the fit built it."""

    rows: np.ndarray  # distinct row -> its lowest sample index
    row_of: np.ndarray  # sample -> its distinct row
    indices: np.ndarray  # (n_rows, k): each row's nearest other rows, closest first (-1: none)
    distances: np.ndarray  # (n_rows, k): their distances, in the fit's normalised units


def distinct_row_graph(clusterer) -> RowGraph:
    """``clusterer``'s neighbour graph over distinct rows (k = 0 when the fit kept none)."""
    fit = clusterer._fit
    return RowGraph(fit.rep, fit.inverse, fit.knn_indices, fit.knn_distances)
