"""Parameter sweep from the cached tree (issue 5, engine side)."""

from __future__ import annotations

import numpy as np

from hdbscope import Clusterer
from hdbscope.datasets import walkthrough_blobs


def test_sweep_matches_evaluate_at_every_size():
    X, _ = walkthrough_blobs()
    c = Clusterer(X)
    frame = c.sweep()
    assert frame["min_cluster_size"].iloc[0] == 2 and frame["min_cluster_size"].iloc[-1] == 50
    assert frame["min_cluster_size"].is_monotonic_increasing
    for row in frame.itertuples():
        r = c.evaluate(min_cluster_size=row.min_cluster_size)
        assert (row.n_clusters, row.n_outliers) == (r.n_clusters, r.n_outliers)
        assert np.isclose(row.outlier_fraction, r.n_outliers / len(X))


def test_sweep_counts_copies_as_samples():
    X, _ = walkthrough_blobs()
    X = np.vstack([X, X[:10]])  # ten more copies
    c = Clusterer(X)
    frame = c.sweep([5, 20])
    for row in frame.itertuples():
        assert row.n_outliers == c.evaluate(min_cluster_size=row.min_cluster_size).n_outliers
