"""Bad or unusual input: every case either works (with the same answer as
plain float64 data) or raises a TypeError/ValueError that names the problem
and the fix. Nothing may hang or crash: the extreme-scale cases run in a
subprocess with a timeout."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _engine_data import partition, planted_copies, walkthrough

from hdbscope import Clusterer

SRC = str(Path(__file__).resolve().parent.parent / "src")


def _same(a, b):
    """Two results give the same partition and the same four findings."""
    assert partition(a.labels) == partition(b.labels)
    assert dict(a) == dict(b)


def _small():
    return planted_copies()[0][:300]


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


# ---------------------------------------------------------------- dtypes


def _column_message(msg, col):
    return re.search(rf"column\D{{0,12}}{re.escape(str(col))}\b", msg, re.I) or re.search(
        rf"column.{{0,12}}'{re.escape(str(col))}'", msg, re.I
    )


def test_string_array_is_rejected_naming_a_column():
    X = np.array([["a", "b"], ["c", "d"], ["e", "f"]])
    with pytest.raises(TypeError) as e:
        Clusterer(X)
    assert _column_message(str(e.value), 0), str(e.value)


def test_object_array_with_a_string_column_names_that_column():
    X = np.empty((6, 4), dtype=object)
    X[:, :] = 1.5
    X[:, 2] = ["x", "y", "z", "x", "y", "z"]
    with pytest.raises(TypeError) as e:
        Clusterer(X)
    assert _column_message(str(e.value), 2), str(e.value)


def test_object_array_with_none_names_the_column():
    X = np.ones((6, 3), dtype=object)
    X[4, 1] = None
    with pytest.raises(TypeError) as e:
        Clusterer(X)
    assert _column_message(str(e.value), 1), str(e.value)


def test_complex_array_is_rejected_naming_the_column():
    X = np.ones((6, 3), dtype=complex)
    X[:, 1] += 1j
    with pytest.raises(TypeError) as e:
        Clusterer(X)
    assert "complex" in str(e.value).lower()
    assert _column_message(str(e.value), 1), str(e.value)


def test_dataframe_with_a_text_column_names_it():
    df = pd.DataFrame(walkthrough(), columns=["x", "y"])
    df["species"] = ["setosa"] * len(df)
    with pytest.raises(TypeError) as e:
        Clusterer(df)
    assert "species" in str(e.value)


@pytest.mark.parametrize("kind", ["category", "datetime"])
def test_dataframe_with_other_non_numeric_columns_names_them(kind):
    df = pd.DataFrame(walkthrough(), columns=["x", "y"])
    if kind == "category":
        df["when"] = pd.Categorical(["a", "b"] * 50)
    else:
        df["when"] = pd.date_range("2024-01-01", periods=100)
    with pytest.raises(TypeError) as e:
        Clusterer(df)
    assert "when" in str(e.value)


def _reference(X64, **kw):
    return Clusterer(np.asarray(X64, dtype=np.float64), **kw).evaluate()


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.int8])
def test_integer_arrays_work(dtype):
    X = np.clip(np.round(_small() * 3), -100, 100)
    if dtype is np.uint8:
        X = X - X.min()
    Xi = X.astype(dtype)
    _same(Clusterer(Xi).evaluate(), _reference(Xi))


def test_bool_array_works():
    Xb = np.random.default_rng(4).random((300, 12)) < 0.3
    _same(Clusterer(Xb).evaluate(), _reference(Xb))


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_low_precision_float_arrays_work(dtype):
    Xl = _small().astype(dtype)
    a, b = Clusterer(Xl), Clusterer(Xl.astype(np.float64))
    _same(a.evaluate(), b.evaluate())
    assert a.exact_threshold == pytest.approx(b.exact_threshold, rel=1e-9)


def test_list_of_lists_works():
    X = _small()
    _same(Clusterer(X.tolist()).evaluate(), Clusterer(X).evaluate())


def test_float_dataframe_works():
    X = _small()
    df = pd.DataFrame(X, columns=[f"f{j}" for j in range(X.shape[1])])
    _same(Clusterer(df).evaluate(), Clusterer(X).evaluate())


def test_mixed_numeric_dataframe_works():
    # int, float and bool columns: df.to_numpy() of these is an object array
    rng = np.random.default_rng(8)
    X = _small()
    df = pd.DataFrame(
        {
            "a": X[:, 0],
            "b": np.round(X[:, 1] * 10).astype(np.int64),
            "c": X[:, 2] > 0,
            "d": X[:, 3].astype(np.float32),
            "e": rng.integers(0, 3, len(X)).astype(np.uint8),
        }
    )
    expected = np.column_stack([df[k].to_numpy().astype(np.float64) for k in df.columns])
    _same(Clusterer(df).evaluate(), Clusterer(expected).evaluate())


def test_nullable_numeric_dataframe_works():
    X = _small()
    df = pd.DataFrame(
        {"a": pd.array(X[:, 0], dtype="Float64"), "b": pd.array(np.round(X[:, 1] * 10).astype(int), dtype="Int64")}
    )
    expected = np.column_stack([X[:, 0], np.round(X[:, 1] * 10)])
    _same(Clusterer(df).evaluate(), Clusterer(expected).evaluate())


def test_object_array_of_numbers_works():
    X = _small()[:, :3]
    Xo = X.astype(object)
    Xo[:, 1] = [int(round(v * 10)) for v in X[:, 1]]  # python ints in one column
    expected = Xo.astype(np.float64)
    _same(Clusterer(Xo).evaluate(), Clusterer(expected).evaluate())


# ---------------------------------------------------------------- memory layouts


def test_read_only_array_works_and_matches():
    X = _small()
    ro = X.copy()
    ro.flags.writeable = False
    _same(Clusterer(ro).evaluate(), Clusterer(X).evaluate())


def test_memmap_works_and_matches(tmp_path):
    X = _small()
    path = tmp_path / "data.f64"
    mm = np.memmap(path, dtype=np.float64, mode="w+", shape=X.shape)
    mm[:] = X
    mm.flush()
    del mm
    ro = np.memmap(path, dtype=np.float64, mode="r", shape=X.shape)
    _same(Clusterer(ro).evaluate(), Clusterer(X).evaluate())


def test_non_contiguous_and_fortran_arrays_work():
    X = _small()
    wide = np.zeros((len(X), 2 * X.shape[1]))
    wide[:, ::2] = X
    ref = Clusterer(X).evaluate()
    _same(Clusterer(wide[:, ::2]).evaluate(), ref)
    _same(Clusterer(np.asfortranarray(X)).evaluate(), ref)
    _same(Clusterer(X[::-1][::-1]).evaluate(), ref)


def test_the_callers_array_is_not_modified():
    X = _small()
    X[0, 0] = -0.0
    before = X.copy()
    Clusterer(X).evaluate()
    Clusterer(X, metric="cosine").evaluate()
    assert np.array_equal(X, before) and np.signbit(X[0, 0])


def test_negative_zero_equals_zero():
    X = _small()
    X[5] = 0.0
    X[6] = -0.0
    assert [5, 6] in Clusterer(X).evaluate()["duplicates"]


# ---------------------------------------------------------------- extreme scales

_SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np
    from hdbscope import Clusterer
    X = np.load(sys.argv[1])
    c = Clusterer(X)
    r = c.evaluate()
    t = c.evaluate(duplicate_threshold=3 * c.default_duplicate_threshold)
    print(json.dumps({
        "labels": r.labels.tolist(),
        "findings": dict(r),
        "near3": t["near_duplicates"],
        "exact_threshold": c.exact_threshold,
        "default_duplicate_threshold": c.default_duplicate_threshold,
        "range": list(c.duplicate_threshold_range),
        "finite": bool(np.isfinite(r.outlier_scores).all() and np.isfinite(r.probabilities).all()),
    }))
""")


def _run_isolated(X, tmp_path):
    path = tmp_path / "X.npy"
    np.save(path, X)
    try:
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the engine hung (> 60 s) on this input")
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1e150, 1e300])
def test_extreme_scales_give_the_same_findings_without_hanging(scale, tmp_path):
    X = _small()
    base = Clusterer(X)
    r0 = base.evaluate()
    r3 = base.evaluate(duplicate_threshold=3 * base.default_duplicate_threshold)
    got = _run_isolated(X * scale, tmp_path)
    assert got["finite"]
    assert partition(got["labels"]) == partition(r0.labels)
    assert got["findings"] == dict(r0)
    assert got["near3"] == r3["near_duplicates"]
    assert got["exact_threshold"] == pytest.approx(scale * base.exact_threshold, rel=1e-9)
    assert got["default_duplicate_threshold"] == pytest.approx(scale * base.default_duplicate_threshold, rel=1e-9)
    assert got["range"][1] == pytest.approx(scale * base.duplicate_threshold_range[1], rel=1e-9)


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
