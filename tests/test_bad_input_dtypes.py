"""Bad or unusual input, its dtype: non-numeric columns are refused naming the column; every
numeric dtype (ints, bools, low-precision floats, lists, DataFrames) works with the same answer as plain
float64 data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from _bad_input import _same, _small
from _engine_data import walkthrough

from hdbscope import Clusterer

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
