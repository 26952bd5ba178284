"""The neighbour graph kept at fit time, read without a new search: a sample's
nearest other samples (its copies first, distance 0, then the samples of its
row's nearest distinct rows, row by row, a row's samples in index order), and
the graph over distinct rows itself (for a UMAP layout built on it).

One rule (``_fill``) answers both one sample (``Clusterer.neighbors``) and every
sample at once (``neighbor_table``, which a saved page carries)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from . import _validate as v
from ._label_votes import VoterGraph


@njit(cache=True)
def _fill(samples, inverse, member_start, members, knn_indices, k, out_i, out_col):
    """Row t of out_i: the first k other samples of samples[t] by the rule above; out_col: the
    column of knn_indices each came from (-1: a copy, distance 0). Unfilled slots stay as given."""
    for t in range(samples.shape[0]):
        i = samples[t]
        r = inverse[i]
        c = 0
        for p in range(member_start[r], member_start[r + 1]):
            if c == k:
                break
            if members[p] != i:
                out_i[t, c] = members[p]
                c += 1
        for j in range(knn_indices.shape[1]):
            if c == k:
                break
            row = knn_indices[r, j]
            if row < 0:
                continue
            for p in range(member_start[row], member_start[row + 1]):
                if c == k:
                    break
                if members[p] != i:
                    out_i[t, c] = members[p]
                    out_col[t, c] = j
                    c += 1


def neighbor_lists(fit, graph: VoterGraph, samples: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to k nearest other samples of each of ``samples``: (indices, distances in data units),
    both (len(samples), k), closest first; -1 and NaN past what the graph holds."""
    samples = np.asarray(samples, dtype=np.int64)
    out_i = np.full((len(samples), k), -1, dtype=np.int64)
    col = np.full((len(samples), k), -1, dtype=np.int64)
    knn = fit.knn_indices
    if not len(knn):  # the fit kept no graph (fewer than two distinct rows): copies only
        knn = np.zeros((len(graph.member_start) - 1, 0), dtype=np.int64)
    if len(samples) and k:
        _fill(samples, graph.inverse, graph.member_start, graph.members, knn, k, out_i, col)
    dist = np.zeros(out_i.shape)
    if (col >= 0).any():
        d = fit.knn_distances[graph.inverse[samples][:, None], np.maximum(col, 0)] * fit.scale
        dist = np.where(col >= 0, d, 0.0).astype(np.float64)
    dist[out_i < 0] = np.nan
    return out_i, dist


def sample_neighbors(fit, graph: VoterGraph, i: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to k nearest other samples of sample i: (indices, distances in data units)."""
    idx, dist = neighbor_lists(fit, graph, np.array([i]), k)
    keep = idx[0] >= 0
    return idx[0][keep], dist[0][keep]


def neighbor_table(clusterer, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every sample's ``clusterer.neighbors(i, k)`` at once: ``(indices, distances)``, each
    (n_samples, k), row i closest first, -1 and NaN past what the graph holds for i."""
    k = v.check_count("k", k)
    return neighbor_lists(clusterer._fit, clusterer._voter_graph(), np.arange(clusterer.n_samples), k)


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
