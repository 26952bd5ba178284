"""Copies count in min_cluster_size (weights in the condensed tree), and no NaN ever.

Reference: hdbscan with min_samples=1 on data where each copy is moved by a
jitter far below exact_threshold. There every copy group is a tiny subtree
that, while it holds fewer than min_cluster_size samples, falls out of its
cluster whole, exactly like one weighted point: labels, probabilities and
GLOSH scores must then be identical.
"""

from __future__ import annotations

import warnings

import hdbscan
import numpy as np
import pytest
from _engine_data import partition

from hdbscope import Clusterer


def _copied_blobs(seed=0):
    """Two small blobs of few distinct rows, each row copied up to 6 times, and a big blob without copies."""
    rng = np.random.default_rng(seed)
    small_a = rng.normal((0, 0), 0.3, size=(8, 2))
    small_b = rng.normal((4, 0), 0.3, size=(7, 2))
    big = rng.normal((2, 4), 0.6, size=(120, 2))
    noise = rng.uniform(-3, 7, size=(15, 2))
    base = np.vstack([small_a, small_b, big, noise])
    copies = np.concatenate([rng.integers(3, 7, size=15), np.ones(135, dtype=int)])
    X = np.repeat(base, copies, axis=0)
    jitter = rng.normal(0, 1e-10, size=X.shape)
    first = np.concatenate([[0], np.cumsum(copies)[:-1]])
    jitter[first] = 0.0  # one row of each group unmoved
    return X + jitter, copies


@pytest.mark.parametrize("m", [7, 10, 15, 25])
def test_copies_count_like_samples_hdbscan_reference(m):
    X, copies = _copied_blobs()
    assert copies.max() < m, "precondition: every copy group is lighter than min_cluster_size"
    c = Clusterer(X, min_samples=1)
    r = c.evaluate(min_cluster_size=m)
    assert r.n_duplicate_groups == int((copies > 1).sum())  # jitter is within exact_threshold
    ref = hdbscan.HDBSCAN(min_cluster_size=m, min_samples=1, approx_min_span_tree=False).fit(X)
    assert partition(r.labels) == partition(ref.labels_)
    np.testing.assert_allclose(r.probabilities, ref.probabilities_, atol=1e-9)
    np.testing.assert_allclose(r.outlier_scores, ref.outlier_scores_, atol=1e-9)


def test_small_blobs_made_of_copies_are_clusters():
    # 8 and 7 distinct rows (fewer than m=15) but 30+ samples each: clusters, not noise
    X, copies = _copied_blobs()
    r = Clusterer(X).evaluate(min_cluster_size=15)
    n_a, n_b = copies[:8].sum(), copies[8:15].sum()
    assert n_a >= 15 and n_b >= 15
    la, lb = r.labels[:n_a], r.labels[n_a : n_a + n_b]
    assert (la >= 0).mean() > 0.8 and (lb >= 0).mean() > 0.8
    assert set(la[la >= 0].tolist()).isdisjoint(lb[lb >= 0].tolist())


def _identical_plus_distinct(n_copies=10_000):
    return np.vstack([np.tile([[0.25, -1.0]], (n_copies, 1)), [[1.0, 0.0], [0.0, 1.5], [5.0, 5.0]]])


@pytest.mark.parametrize("m", [None, 3, 5, 100, 10_000])
def test_ten_thousand_copies_are_a_cluster_not_outliers(m):
    X = _identical_plus_distinct()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # 4 distinct rows: min_samples clamped
        c = Clusterer(X)
    r = c.evaluate(min_cluster_size=m)
    assert r.n_clusters == 1
    assert np.all(r.labels[:10_000] == 0) and np.all(r.probabilities[:10_000] == 1.0)
    assert r["outliers"] == [10_000, 10_001, 10_002]
    assert np.isfinite(r.outlier_scores).all() and np.isfinite(r.probabilities).all()
    # and a cluster needs m samples: one more than the copies leaves only noise
    assert c.evaluate(min_cluster_size=10_001).n_clusters == 0
    assert c.sweep([5, 10_001])["n_outliers"].tolist() == [3, 10_003]


def test_two_heavy_rows_are_two_clusters():
    rng = np.random.default_rng(0)
    X = np.vstack([np.zeros((500, 2)), np.ones((400, 2)), rng.normal(size=(50, 2)) * 3])
    r = Clusterer(X).evaluate(min_cluster_size=100)
    assert r.n_clusters == 2
    assert len(set(r.labels[:500].tolist())) == 1 and len(set(r.labels[500:900].tolist())) == 1
    assert r.labels[0] >= 0 and r.labels[500] >= 0 and r.labels[0] != r.labels[500]
    assert np.isfinite(r.outlier_scores).all() and np.isfinite(r.probabilities).all()


def _tied_grid():
    # unit lattice clusters: every neighbour distance ties exactly
    g = np.stack(np.meshgrid(np.arange(12), np.arange(12)), -1).reshape(-1, 2).astype(float)
    return np.vstack([g, g + 40, g + [40, 0], [[100.0, 100.0]], [[-50.0, 20.0]]])


@pytest.mark.parametrize(
    "make",
    [_identical_plus_distinct, _tied_grid, lambda: np.repeat(_tied_grid(), 3, axis=0)],
    ids=["10k identical + 3", "tied grid", "tied grid, each row 3 times"],
)
def test_scores_and_probabilities_are_always_finite(make):
    X = make()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        cs = [Clusterer(X), Clusterer(X, min_samples=1), Clusterer(X, min_samples=10)]
    for c in cs:
        for m in (2, 3, 5, 20, 100, 150, 500, len(X)):
            r = c.evaluate(min_cluster_size=m)
            assert np.isfinite(r.outlier_scores).all() and np.isfinite(r.probabilities).all()
            assert (r.outlier_scores >= 0).all() and (r.outlier_scores <= 1).all()
            assert (r.probabilities >= 0).all() and (r.probabilities <= 1).all()
