"""ClusterExplorer.from_frame and explore(df, ...): features as numeric columns or one column of
vectors, info columns shown as text, results that join back on the frame's index, and bad columns
named with their first bad rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import hdbscope
from hdbscope import ClusterExplorer
from hdbscope.widget._review_reply import review_reply
from hdbscope.widget._tooltip import hover_reply


@pytest.fixture(scope="module")
def df():
    rng = np.random.default_rng(7)
    X = np.vstack([rng.normal(0, 0.3, (40, 4)), rng.normal(4, 0.3, (40, 4))]).astype(np.float32)
    X[70:75] = X[0:5]  # exact copies
    return pd.DataFrame(
        {
            "embedding": list(X),
            "a": X[:, 0].astype(np.float64),
            "b": X[:, 1].astype(np.float64),
            "label": ["x"] * 40 + ["y"] * 40,
            "source": ["<b>web</b>"] * 80,  # shown as text, never markup
            "width": rng.integers(10, 500, 80),
        },
        index=pd.Index([f"id{i:03d}" for i in range(80)], name="sample_id"),
    )


def test_vector_column_and_numeric_columns(df):
    ex = ClusterExplorer.from_frame(df, features="embedding", labels="label", info=["source", "width"])
    assert ex.clusterer.n_features == 4 and ex.has_labels
    assert ex.clusterer.fitted_on(np.stack(df["embedding"].to_numpy()))
    ex2 = ClusterExplorer.from_frame(df, features=["a", "b"])
    assert ex2.clusterer.n_features == 2
    np.testing.assert_allclose(ex2.coordinates, df[["a", "b"]].to_numpy())


def test_info_columns_reach_tooltip_and_review_cards_as_text(df):
    ex = ClusterExplorer.from_frame(df, features="embedding", info=["source", "width"])
    reply, _ = hover_reply(ex, {"type": "hover", "index": 3})
    assert reply["info"] == [["source", "<b>web</b>"], ["width", str(df["width"].iloc[3])]]
    review, _ = review_reply(ex, {"type": "review", "members": [3, 4], "k": 2})
    assert review["members"][1]["info"] == [["source", "<b>web</b>"], ["width", str(df["width"].iloc[4])]]
    assert all("info" in c for c in review["neighbors"])


def test_results_carry_the_frame_index(df):
    ex = ClusterExplorer.from_frame(df, features="embedding", labels="label")
    ex.relabel([2, 5], "z")
    frame = ex.to_frame()
    assert frame.index.equals(df.index)
    joined = df.join(frame[["cluster", "current_label"]])
    assert joined.loc["id002", "current_label"] == "z" and joined.loc["id003", "current_label"] == "x"
    rel = ex.relabels
    assert rel["frame_index"].tolist() == ["id002", "id005"] and rel["index"].tolist() == [2, 5]


def test_explore_takes_the_same_keywords(df):
    dash = hdbscope.explore(df, features="embedding", labels="label", info=["width"])
    ex = dash.explorer
    assert ex.has_labels and ex.to_frame().index.equals(df.index)
    assert hover_reply(ex, {"type": "hover", "index": 0})[0]["info"][0][0] == "width"
    dash.close()


def test_ragged_vectors_are_named_with_their_rows(df):
    bad = df.copy()
    bad.at["id004", "embedding"] = np.zeros(3, np.float32)
    bad.at["id009", "embedding"] = [1.0, 2.0]
    with pytest.raises(
        ValueError,
        match=r"features='embedding' has vectors of different lengths: most have 4 "
        r"values, but rows 'id004', 'id009' have \[3, 2\]",
    ):
        ClusterExplorer.from_frame(bad, features="embedding")


def test_nan_inside_vectors_is_named_with_its_rows(df):
    bad = df.copy()
    v = bad.at["id011", "embedding"].copy()
    v[2] = np.nan
    bad.at["id011", "embedding"] = v
    with pytest.raises(
        ValueError,
        match=r"features='embedding' has NaN or infinite values inside the vectors of "
        r"rows 'id011'",
    ):
        ClusterExplorer.from_frame(bad, features="embedding")


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (
            {"features": "emb"},
            ValueError,
            r"features='emb': the frame has no column 'emb'; its columns are 'embedding'",
        ),
        ({"features": ["a", "nope"]}, ValueError, "no column 'nope'"),
        ({"features": "embedding", "labels": "lbl"}, ValueError, "labels='lbl': the frame has no column"),
        ({"features": "embedding", "info": ["src"]}, ValueError, "info='src'"),
        ({"features": "embedding", "images": "path"}, ValueError, "images='path'"),
        ({"features": ["a", "label"]}, TypeError, "feature column 'label' has dtype (object|str), not numbers"),
        ({"features": "label"}, TypeError, r"rows 'id000', 'id001', 'id002', 'id003', 'id004' and 75 more hold str"),
        ({"features": []}, ValueError, "empty list"),
    ],
)
def test_bad_columns(df, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        ClusterExplorer.from_frame(df, **kwargs)


def test_missing_numbers_and_repeated_index(df):
    bad = df.copy()
    bad.loc["id020", "a"] = np.nan
    with pytest.raises(ValueError, match=r"feature column 'a' has 1 missing or non-finite value\(s\), in rows 'id020'"):
        ClusterExplorer.from_frame(bad, features=["a", "b"])
    with pytest.raises(ValueError, match="index has repeated values"):
        ClusterExplorer.from_frame(df.iloc[[0, 1, 1, 2] * 5], features=["a", "b"])
    with pytest.raises(TypeError, match="needs a pandas DataFrame"):
        ClusterExplorer.from_frame(np.zeros((5, 2)), features=["a"])
