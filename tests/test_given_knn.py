"""``Clusterer(data, knn=(indices, distances))``: a k-NN graph computed elsewhere. The
same results as the engine's own search (low-d, wide, with copies, squared distances,
an approximate graph), and a clear TypeError/ValueError for every malformed graph."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import blobs_2d, digits, partition, planted_copies
from sklearn.neighbors import NearestNeighbors

from hdbscope import Clusterer


def _graph(X, k, self_first=True):
    """sklearn's exact graph: (indices, distances), the sample itself first if ``self_first``."""
    d, i = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X)
    return (i, d) if self_first else (i[:, 1:], d[:, 1:])


def _same_fit(a: Clusterer, b: Clusterer, sizes):
    for m in sizes:
        ra, rb = a.evaluate(min_cluster_size=m), b.evaluate(min_cluster_size=m)
        assert partition(ra.labels) == partition(rb.labels), m
        assert dict(ra) == dict(rb), m  # outliers, potential outliers, duplicates, near duplicates
        np.testing.assert_allclose(ra.outlier_scores, rb.outlier_scores, rtol=0, atol=1e-12)
        np.testing.assert_allclose(ra.probabilities, rb.probabilities, rtol=0, atol=1e-12)


@pytest.mark.parametrize("self_first", [True, False])
def test_low_dimensional_graph_gives_the_in_process_fit(self_first):
    X = blobs_2d()
    own = Clusterer(X, progress=False)
    given = Clusterer(X, knn=_graph(X, 10, self_first), progress=False)
    assert given.method.startswith("given k-NN graph")
    _same_fit(own, given, (5, 20, own.default_min_cluster_size, 150))


def test_wide_graph_gives_the_in_process_fit():
    X = digits()
    own = Clusterer(X, progress=False)
    given = Clusterer(X, knn=_graph(X, 20), progress=False)
    _same_fit(own, given, (5, 15, own.default_min_cluster_size))


def test_copies_and_near_copies_are_found_the_same_way():
    X = planted_copies()[0]
    own = Clusterer(X, progress=False)
    assert own.evaluate()["duplicates"], "precondition: the data has exact copies"
    given = Clusterer(X, knn=_graph(X, 12), progress=False)
    _same_fit(own, given, (5, own.default_min_cluster_size))


def test_squared_distances_and_float32_are_accepted():
    X = blobs_2d()
    i, d = _graph(X, 10)
    own = Clusterer(X, progress=False)
    _same_fit(own, Clusterer(X, knn=(i.astype(np.int32), (d**2).astype(np.float32)), progress=False), (20,))


def test_an_approximate_graph_still_gives_the_exact_low_dimensional_tree():
    """A third of the rows miss true neighbours past the min_samples-th (as an approximate
    search would): core distances come from the graph and are still right, and the
    spanning tree is searched exactly, not read off the graph, so nothing moves."""
    X = blobs_2d()
    i, d = _graph(X, 30, self_first=False)
    rows = np.arange(0, len(X), 3)
    i, d = i.copy(), d.copy()
    i[rows, 5:12], d[rows, 5:12] = i[rows, 23:], d[rows, 23:]
    own = Clusterer(X, progress=False)
    _same_fit(own, Clusterer(X, knn=(i[:, :12], d[:, :12]), progress=False), (10, own.default_min_cluster_size))


def test_graph_too_short_for_the_engine_still_fits():
    """k = min_samples (5) is below the 8 neighbours the engine keeps for low-d data: it works with 5."""
    X = blobs_2d()
    own = Clusterer(X, progress=False)
    _same_fit(own, Clusterer(X, knn=_graph(X, 5), progress=False), (20,))


# ---------------------------------------------------------------- malformed graphs


def _bad(knn, match, error=ValueError, min_samples=None):
    X = blobs_2d()[:200]
    with pytest.raises(error, match=match):
        Clusterer(X, knn=knn, min_samples=min_samples, progress=False)


def test_errors_name_the_problem():
    X = blobs_2d()[:200]
    i, d = _graph(X, 8)
    _bad(i, "must be a pair", TypeError)
    _bad((i, d, d), "must be a pair", TypeError)
    _bad((d, i), "indices must be integers", TypeError)
    _bad((i, d.astype(str)), "distances must be real numbers", TypeError)
    _bad((i[:-1], d[:-1]), r"shape \(n_samples, k\) = \(200, k\)")
    _bad((i[:, 0], d[:, 0]), r"shape \(n_samples, k\)")
    _bad((i, d[:, :-1]), "must have the same shape")
    j = i.copy()
    j[3, 4] = 200
    _bad((j, d), r"0 \.\. 199; rows 3 ")
    j[3, 4] = -1
    _bad((j, d), "-1 from a search")
    e = d.copy()
    e[7, 2] = -0.5
    _bad((i, e), "finite and >= 0; rows 7")
    e[7, 2] = np.nan
    _bad((i, e), "finite and >= 0")
    _bad((i, d[:, ::-1]), "sorted ascending")
    j = i.copy()
    j[5, 1] = 5  # 5 is already its own first entry
    _bad((j, d), "own neighbour more than once")
    _bad(_graph(X, 4), r"k=4 .* min_samples=5", min_samples=None)
    _bad(_graph(X, 9), r"k=9 .* min_samples=10", min_samples=10)
