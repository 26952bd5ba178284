"""Default parameters, the cosine metric and tied distances, each pinned against an independent
reference."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import (
    digits,
    moons,
    partition,
)

from hdbscope import Clusterer

# ---------------------------------------------------------------- defaults


@pytest.mark.parametrize(
    "n,expected", [(20, 5), (50, 5), (100, 5), (200, 10), (1000, 50), (2000, 100), (2100, 100), (4000, 100)]
)
def test_default_min_cluster_size(n, expected):
    rng = np.random.default_rng(n)
    c = Clusterer(rng.normal(size=(n, 2)))
    assert c.default_min_cluster_size == expected
    assert c.evaluate().min_cluster_size == expected


def test_min_samples_default_and_explicit():
    X = moons()
    c = Clusterer(X)
    assert c.min_samples == 5
    assert c.evaluate().min_samples == 5
    c10 = Clusterer(X, min_samples=10)
    assert c10.min_samples == 10
    assert c10.evaluate().min_samples == 10
    # a different min_samples is a different fit: the labels change on this data
    assert partition(c.evaluate(30).labels) != partition(c10.evaluate(30).labels)


def _normalize(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def _blobs_8d():
    from sklearn.datasets import make_blobs

    return make_blobs(n_samples=1500, n_features=8, centers=6, cluster_std=1.5, random_state=2)[0]


def _blobs_24d():
    from sklearn.datasets import make_blobs

    return make_blobs(n_samples=1500, n_features=24, centers=6, cluster_std=1.5, random_state=2)[0]


@pytest.mark.parametrize("make", [_blobs_8d, _blobs_24d], ids=["blobs_8d", "blobs_24d"])
def test_cosine_equals_euclidean_on_l2_normalised_rows(make):
    # Continuous data on a sphere of dimension >= 7: the two normalisations
    # differ by an ulp here and there, which must not matter. (On integer or
    # 1-D-like data it can: near-tied mutual reachabilities flip, as in hdbscan.)
    X = make()
    cos = Clusterer(X, metric="cosine")
    euc = Clusterer(_normalize(X))
    assert cos.metric == "cosine"
    assert cos.exact_threshold == pytest.approx(euc.exact_threshold, rel=1e-9)
    assert cos.default_duplicate_threshold == pytest.approx(euc.default_duplicate_threshold, rel=1e-9)
    for m in (None, 10, 40):
        a, b = cos.evaluate(m), euc.evaluate(m)
        assert partition(a.labels) == partition(b.labels)
        assert dict(a) == dict(b)


def test_cosine_ignores_row_length():
    # Row lengths scaled by powers of two: the normalised rows are then the
    # same bits, so the whole result must be identical.
    X = digits()
    X = X[np.linalg.norm(X, axis=1) > 0]
    scale = 2.0 ** np.random.default_rng(0).integers(-20, 20, size=(len(X), 1))
    a = Clusterer(X, metric="cosine").evaluate(20)
    b = Clusterer(X * scale, metric="cosine").evaluate(20)
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.outlier_scores, b.outlier_scores)
    assert dict(a) == dict(b)
    # ... and euclidean does see the lengths (a subset: quicker, same point)
    sub = slice(0, 400)
    assert partition(Clusterer((X * scale)[sub]).evaluate(20).labels) != partition(
        Clusterer(X[sub], metric="cosine").evaluate(20).labels
    )


@pytest.mark.parametrize("c_", [1.0, 0.1, 1e-7])
def test_tied_distances_join_at_the_top_of_the_range(c_):
    # issue 10.6: on a unit lattice every nearest-neighbour pair is exactly 1 apart. At the
    # range top (the median NN distance) and at 1.0 they all join one group; just below, none do.
    X = np.array([(i, j) for i in range(60) for j in range(60)], dtype=np.float64) * c_
    c = Clusterer(X)
    top = c.duplicate_threshold_range[1]
    assert top == pytest.approx(c_, rel=1e-9)
    for t in (top, c_):
        groups = c.evaluate(duplicate_threshold=t)["near_duplicates"]
        assert [len(g) for g in groups] == [3600], t
    assert c.evaluate(duplicate_threshold=top * (1 - 1e-6))["near_duplicates"] == []
    with pytest.raises(ValueError, match="above this data's range"):
        c.evaluate(duplicate_threshold=c_ * (1 + 1e-9))
