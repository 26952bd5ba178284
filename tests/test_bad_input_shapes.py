"""Bad or unusual input, its size and shape: non-finite values, empty or tiny input, fewer
distinct rows than min_samples, the wrong number of dimensions. Every case either works or raises a
TypeError/ValueError that names the problem and the fix."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from _engine_data import walkthrough

from hdbscope import Clusterer

# ---------------------------------------------------------------- non-finite values


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values_name_the_row_count_and_first_rows(bad):
    X = walkthrough()
    X[[3, 17, 42], 0] = bad
    X[17, 1] = np.nan
    with pytest.raises(ValueError) as e:
        Clusterer(X)
    msg = str(e.value)
    assert re.search(r"\b3\b", msg), msg
    for i in ("17", "42"):
        assert re.search(rf"\b{i}\b", msg), msg
    assert re.search(r"nan|inf|finite", msg, re.I), msg


def test_many_non_finite_rows_give_a_short_message():
    X = np.random.default_rng(0).normal(size=(20000, 3))
    X[5::2, 1] = np.nan
    with pytest.raises(ValueError) as e:
        Clusterer(X)
    msg = str(e.value)
    assert "9998" in msg  # rows 5, 7, ..., 19999
    assert re.search(r"\b5\b", msg) and re.search(r"\b7\b", msg)
    assert len(msg) < 600, "the first few indices, not all of them"


def test_nan_in_a_dataframe():
    df = pd.DataFrame(walkthrough(), columns=["a", "b"])
    df.loc[8, "b"] = np.nan
    with pytest.raises(ValueError, match=r"\b8\b"):
        Clusterer(df)


# ---------------------------------------------------------------- sizes


def test_empty_input_gives_a_defined_empty_result():
    c = Clusterer(np.empty((0, 4)))
    assert c.n_samples == 0 and c.n_features == 4
    r = c.evaluate()
    assert r.labels.shape == (0,) and r.labels.dtype == np.int64
    assert r.probabilities.shape == (0,) and r.outlier_scores.shape == (0,)
    assert r.n_clusters == 0
    assert dict(r) == {"outliers": [], "potential_outliers": [], "duplicates": [], "near_duplicates": []}
    assert c.nearest_neighbor_distances.shape == (0,)
    for v in (c.exact_threshold, c.default_duplicate_threshold, *c.duplicate_threshold_range):
        assert np.isfinite(v)
    assert len(c.evaluate(min_cluster_size=10).labels) == 0


def test_empty_list_of_rows():
    # [] has no feature count; either a clear error or an empty result
    try:
        c = Clusterer([])
    except ValueError as e:
        assert "2-D" in str(e) or "reshape" in str(e) or "empty" in str(e)
    else:
        assert len(c.evaluate().labels) == 0


def test_single_sample_is_one_cluster():
    c = Clusterer(np.array([[1.0, 2.0, 3.0]]))
    r = c.evaluate()
    assert r.labels.tolist() == [0]
    assert r.probabilities.tolist() == [1.0]
    assert r.outlier_scores.tolist() == [0.0]
    assert r.n_clusters == 1
    assert dict(r) == {"outliers": [], "potential_outliers": [], "duplicates": [], "near_duplicates": []}


@pytest.mark.parametrize("n_distinct,requested", [(4, None), (3, None), (30, 50)])
def test_fewer_distinct_rows_than_min_samples_clamps_with_a_warning(n_distinct, requested):
    rng = np.random.default_rng(n_distinct)
    rows = rng.normal(size=(n_distinct, 3))
    X = rows[np.arange(2 * n_distinct) % n_distinct]  # every row twice
    with pytest.warns(UserWarning) as rec:
        c = Clusterer(X, min_samples=requested)
    asked = 5 if requested is None else requested
    assert 1 <= c.min_samples < asked
    msgs = [str(w.message) for w in rec if issubclass(w.category, UserWarning)]
    assert any(
        "min_samples" in m and re.search(rf"\b{c.min_samples}\b", m) and re.search(rf"\b{asked}\b", m) for m in msgs
    ), msgs
    r = c.evaluate()
    assert r.min_samples == c.min_samples
    assert r.labels.shape == (len(X),)
    assert len(r["duplicates"]) == n_distinct  # every row is a copy
    for g in r["duplicates"]:
        assert len(set(r.labels[g].tolist())) == 1


def test_enough_distinct_rows_gives_no_warning():
    X = np.random.default_rng(0).normal(size=(6, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = Clusterer(X)  # 6 distinct rows, min_samples 5
    assert c.min_samples == 5


@pytest.mark.parametrize("n", [2, 50])
def test_all_rows_identical(n):
    X = np.tile([[0.5, -2.0, 7.0]], (n, 1))
    c = Clusterer(X)
    r = c.evaluate()
    assert r["duplicates"] == [list(range(n))]
    assert r["near_duplicates"] == []
    assert r.labels.tolist() == [0] * n
    assert r.n_clusters == 1
    assert np.all(r.probabilities == 1.0) and np.all(r.outlier_scores == 0.0)
    assert r["outliers"] == [] and r["potential_outliers"] == []
    for v in (c.exact_threshold, c.default_duplicate_threshold, *c.duplicate_threshold_range):
        assert np.isfinite(v)


def test_two_distinct_rows_many_copies():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0]], 10, axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        r = Clusterer(X).evaluate()
    assert r["duplicates"] == [list(range(10)), list(range(10, 20))]
    assert len(set(r.labels[:10].tolist())) == 1 and len(set(r.labels[10:].tolist())) == 1


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize("shape", [(10,), (10, 3, 2), (4, 2, 2, 3)])
def test_wrong_number_of_dimensions_suggests_reshape(shape):
    X = np.arange(np.prod(shape), dtype=float).reshape(shape)
    with pytest.raises(ValueError) as e:
        Clusterer(X)
    assert "X.reshape(len(X), -1)" in str(e.value)


def test_scalar_input_is_rejected():
    with pytest.raises((ValueError, TypeError)):
        Clusterer(np.float64(3.0))


def test_none_is_rejected():
    with pytest.raises(TypeError, match="None"):
        Clusterer(None)


def test_ragged_rows_are_rejected():
    with pytest.raises(ValueError):
        Clusterer([[1.0, 2.0], [3.0]])


def test_rows_without_features():
    try:
        c = Clusterer(np.empty((5, 0)))
    except ValueError as e:
        assert "feature" in str(e)
    else:  # a defined answer is fine too: all five rows are the same (empty) row
        assert len(c.evaluate().labels) == 5
