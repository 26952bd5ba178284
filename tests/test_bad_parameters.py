"""Bad parameters (min_cluster_size, min_samples, duplicate_threshold, metric,
outlier_threshold) raise a TypeError/ValueError that names the problem and the fix."""

from __future__ import annotations

import re

import numpy as np
import pytest
from _bad_input import _same, _small
from _engine_data import walkthrough

from hdbscope import Clusterer

# ---------------------------------------------------------------- parameters


@pytest.fixture(scope="module")
def small_clusterer():
    return Clusterer(_small())


@pytest.mark.parametrize("value", [0, 1, -3, 2.5, "5", [5], True, float("nan"), 2**63, 2**64, 1e300])
def test_bad_min_cluster_size(small_clusterer, value):
    with pytest.raises((ValueError, TypeError)) as e:
        small_clusterer.evaluate(min_cluster_size=value)
    assert "min_cluster_size" in str(e.value)
    if not isinstance(value, list):
        with pytest.raises((ValueError, TypeError), match="min_cluster_size"):
            small_clusterer.sweep([10, value])


def test_bad_min_cluster_size_types():
    c = Clusterer(_small())
    with pytest.raises(TypeError):
        c.evaluate(min_cluster_size="5")
    with pytest.raises(ValueError):
        c.evaluate(min_cluster_size=0)


@pytest.mark.parametrize("value", [-0.1, -1e-12, float("nan"), "0.1", [0.1]])
def test_bad_duplicate_threshold(small_clusterer, value):
    with pytest.raises((ValueError, TypeError)) as e:
        small_clusterer.evaluate(duplicate_threshold=value)
    assert "duplicate_threshold" in str(e.value)


@pytest.mark.parametrize("extra", [0, 1, 1000])
def test_min_cluster_size_at_or_above_n_samples(small_clusterer, extra):
    c = small_clusterer
    r = c.evaluate(min_cluster_size=c.n_samples + extra)
    assert r.labels.shape == (c.n_samples,)
    assert r["outliers"] == np.flatnonzero(r.labels == -1).tolist()
    assert r.n_clusters <= 1
    noise = r.labels == -1
    if noise.any():
        floor = r.outlier_scores[noise].min()
        assert r["potential_outliers"] == np.flatnonzero(~noise & (r.outlier_scores >= floor)).tolist()


def test_good_parameter_spellings(small_clusterer):
    c = small_clusterer
    ref = c.evaluate(min_cluster_size=10, duplicate_threshold=0.05)
    for m, t in [(np.int64(10), 0.05), (10.0, np.float32(0.05)), (np.int32(10), np.float64(0.05))]:
        r = c.evaluate(min_cluster_size=m, duplicate_threshold=t)
        assert r.min_cluster_size == 10
        assert r.duplicate_threshold == pytest.approx(0.05, rel=1e-6)
        assert np.array_equal(r.labels, ref.labels)
    assert c.evaluate(min_cluster_size=2).min_cluster_size == 2
    assert c.evaluate(duplicate_threshold=0).duplicate_threshold == 0


@pytest.mark.parametrize("value", [0, -1, 1.5, "5", True])
def test_bad_min_samples(value):
    with pytest.raises((ValueError, TypeError)) as e:
        Clusterer(_small(), min_samples=value)
    assert "min_samples" in str(e.value)


@pytest.mark.parametrize("metric", ["manhattan", "Euclidean", "", None, 2])
def test_unknown_metric_lists_the_valid_ones(metric):
    with pytest.raises(ValueError) as e:
        Clusterer(_small(), metric=metric)
    msg = str(e.value)
    assert "euclidean" in msg and "cosine" in msg
    assert "metric" in msg


def test_cosine_with_an_all_zero_row():
    X = _small()
    X[7] = 0.0
    try:
        c = Clusterer(X, metric="cosine")
    except ValueError as e:
        assert "zero" in str(e) and re.search(r"\b7\b", str(e))
    else:
        r = c.evaluate()
        assert np.isfinite(r.outlier_scores).all()


def test_sparse_input_works_or_says_why():
    sp = pytest.importorskip("scipy.sparse")
    X = _small()
    try:
        c = Clusterer(sp.csr_matrix(X))
    except (TypeError, ValueError) as e:
        assert "sparse" in str(e).lower() or "toarray" in str(e), str(e)
    else:
        _same(c.evaluate(), Clusterer(X).evaluate())


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan"), float("inf")])
def test_outlier_threshold_outside_zero_one_is_refused(bad):
    with pytest.raises(ValueError, match=r"outlier_threshold must be in \[0, 1\]"):
        Clusterer(walkthrough()).evaluate(outlier_threshold=bad)


@pytest.mark.parametrize("bad", ["0.5", True, [0.5]])
def test_outlier_threshold_not_a_number_is_refused(bad):
    with pytest.raises(TypeError, match="outlier_threshold"):
        Clusterer(walkthrough()).evaluate(outlier_threshold=bad)
