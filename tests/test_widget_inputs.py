"""Bad input to ClusterExplorer: a clear TypeError / ValueError naming the
problem and the fix, raised before any widget is shown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hdbscope import ClusterExplorer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.widget._tooltip import hover_reply


@pytest.fixture(scope="module")
def X():
    return walkthrough_blobs()[0]


@pytest.mark.parametrize(
    "labels, match",
    [
        (list(range(99)), r"labels has 99 entries for 100 samples"),
        (np.zeros((100, 2)), r"labels must be 1-D"),
    ],
)
def test_bad_labels(X, labels, match):
    with pytest.raises(ValueError, match=match):
        ClusterExplorer(X, labels=labels)


def test_labels_may_be_any_type_and_are_positional(X):
    s = pd.Series([f"cat {i}" for i in range(100)], index=np.arange(100)[::-1])
    w = ClusterExplorer(X, labels=s)
    assert w.has_labels
    assert hover_reply(w, {"type": "hover", "id": 1, "index": 3})[0]["label"] == "cat 3"
    w2 = ClusterExplorer(X, labels=[None, b"bytes", 3.5, np.int64(7)] + ["x" * 500] * 96)
    texts = [hover_reply(w2, {"type": "hover", "id": 1, "index": i})[0]["label"] for i in range(5)]
    assert texts[:4] == ["None", "bytes", "3.5", "7"]
    assert len(texts[4]) == 200 and texts[4].endswith("…")


@pytest.mark.parametrize(
    "images, exc, match",
    [
        (np.zeros((100, 8, 8), dtype=np.int64), TypeError, r"images must be uint8 .* or float .*got dtype int64"),
        (np.zeros((100, 8, 8), dtype=bool), TypeError, r"got dtype bool"),
        (np.zeros((100, 64), dtype=np.uint8), ValueError, r"shape \(n_samples, height, width\).*got 2-D"),
        (np.zeros((99, 8, 8), dtype=np.uint8), ValueError, r"images has 99 images for 100 samples"),
        (np.zeros((100, 8, 8, 5), dtype=np.uint8), ValueError, r"1, 2, 3 or 4 channels.*transpose"),
        (np.zeros((100, 0, 8), dtype=np.float32), ValueError, r"at least 1x1"),
    ],
)
def test_bad_images(X, images, exc, match):
    with pytest.raises(exc, match=match):
        ClusterExplorer(X, images=images)


@pytest.mark.parametrize(
    "layout, exc, match",
    [
        (np.zeros((100, 3)), ValueError, r"layout must have shape \(100, 2\).*got \(100, 3\)"),
        (np.zeros((99, 2)), ValueError, r"layout must have shape \(100, 2\)"),
        (np.array(["a", "b"] * 100).reshape(100, 2), TypeError, r"layout must hold real numbers"),
        (np.where(np.eye(100, 2) > 0, np.nan, 0.0), ValueError, r"non-finite coordinates .* rows \[0, 1\]"),
        (np.full((100, 2), np.inf), ValueError, r"non-finite"),
    ],
)
def test_bad_layout(X, layout, exc, match):
    with pytest.raises(exc, match=match):
        ClusterExplorer(X, layout=layout)


@pytest.mark.parametrize(
    "value, exc",
    [
        (1, ValueError),
        (0, ValueError),
        (2.5, ValueError),
        ("5", TypeError),
        (True, TypeError),
        (None, TypeError),
        (2**63, ValueError),
        (2**64, ValueError),
        (1e300, ValueError),
    ],
)
def test_bad_min_cluster_size(X, value, exc):
    w = ClusterExplorer(X)
    with pytest.raises(exc, match="min_cluster_size"):
        w.min_cluster_size = value
    assert w.min_cluster_size == 5 and w.result.min_cluster_size == 5
    w.min_cluster_size = 7  # later moves still work: the refused value never reached the trait
    assert w.result.min_cluster_size == 7
    if value is not None:
        with pytest.raises(exc, match="min_cluster_size"):
            ClusterExplorer(X, min_cluster_size=value)


@pytest.mark.parametrize(
    "value, exc",
    [(-0.1, ValueError), (float("nan"), ValueError), (float("inf"), ValueError), ("0.1", TypeError), (True, TypeError)],
)
def test_bad_duplicate_threshold(X, value, exc):
    w = ClusterExplorer(X)
    before = w.duplicate_threshold
    with pytest.raises(exc, match="duplicate_threshold"):
        w.duplicate_threshold = value
    assert w.duplicate_threshold == before


def test_whole_float_min_cluster_size_is_accepted(X):
    w = ClusterExplorer(X, min_cluster_size=8.0)
    assert w.min_cluster_size == 8 and isinstance(w.min_cluster_size, int)


@pytest.mark.parametrize(
    "value, exc, match",
    [
        ([0, 100], ValueError, r"in \[0, 100\); out of range: \[100\]"),
        ([-1], ValueError, r"out of range: \[-1\]"),
        ([0.5], TypeError, r"integer sample indices"),
        (["a"], TypeError, r"integer sample indices"),
        (np.ones(99, dtype=bool), ValueError, r"mask must have shape \(100,\)"),
        ([[1, 2]], ValueError, r"1-D sequence"),
    ],
)
def test_bad_selection(X, value, exc, match):
    w = ClusterExplorer(X)
    with pytest.raises(exc, match=match):
        w.selected = value
    assert w.selected.tolist() == []


def test_selection_accepts_common_forms(X):
    w = ClusterExplorer(X)
    for value, want in [
        ({4, 1}, [1, 4]),
        (range(3), [0, 1, 2]),
        (7, [7]),
        (np.array([2.0, 3.0]), [2, 3]),
        ([], []),
        (None, []),
        (pd.Index([9, 8]), [8, 9]),
    ]:
        w.selected = value
        assert w.selected.tolist() == want


def test_bad_data_gets_the_engine_error(X):
    with pytest.raises(ValueError, match="2-D array"):
        ClusterExplorer(X[:, 0])
    with pytest.raises(TypeError, match="data is None"):
        ClusterExplorer(None)


def test_empty_and_tiny_data(X):
    w = ClusterExplorer(np.zeros((0, 3)))
    assert w.n_samples == 0 and w.positions == b"" and w.clusters == b""
    w = ClusterExplorer(X[:1])
    assert w.result.n_clusters == 1
    assert np.frombuffer(w.positions, "<f4").tolist() == [0.0, 0.0]
    w = ClusterExplorer(np.ones((6, 4)))  # all identical rows: one cluster, one duplicate group
    assert w.result.n_clusters == 1 and w.summary["n_duplicate_groups"] == 1
    assert w.min_cluster_size_range[0] == 2 and w.min_cluster_size_range[1] >= w.min_cluster_size


# ---------------------------------------------------------------- a fitted Clusterer passed in
def test_a_fitted_clusterer_is_reused_not_refitted(X, monkeypatch):
    from hdbscope import Clusterer
    from hdbscope.engine import _clusterer

    c = Clusterer(X)
    fits, real_fit = [], _clusterer.fit
    monkeypatch.setattr(_clusterer, "fit", lambda *a, **k: (fits.append(1), real_fit(*a, **k))[1])
    w = ClusterExplorer(X.tolist(), clusterer=c)  # same values, another container
    assert fits == [] and w.clusterer is c
    assert np.array_equal(w.result.labels, c.evaluate().labels)
    from hdbscope.dashboard import explore

    assert explore(X, clusterer=c).explorer.clusterer is c and fits == []


@pytest.mark.parametrize(
    "change, exc, match",
    [
        (lambda X: X[::-1], ValueError, r"fitted on other data .*row order"),  # same rows, other order
        (lambda X: X + 1e-9, ValueError, r"fitted on other data"),
        (lambda X: X[:50], ValueError, r"fitted on other data"),
    ],
)
def test_a_clusterer_fitted_on_other_data_is_refused(X, change, exc, match):
    from hdbscope import Clusterer

    with pytest.raises(exc, match=match):
        ClusterExplorer(change(X), clusterer=Clusterer(X))


def test_a_clusterer_must_be_one_with_matching_min_samples(X):
    from hdbscope import Clusterer

    with pytest.raises(TypeError, match=r"clusterer must be a fitted hdbscope.Clusterer; got dict"):
        ClusterExplorer(X, clusterer={})
    with pytest.raises(ValueError, match=r"min_samples=7 but the clusterer was fitted with min_samples=5"):
        ClusterExplorer(X, clusterer=Clusterer(X), min_samples=7)
    assert ClusterExplorer(X, clusterer=Clusterer(X, min_samples=7), min_samples=7).clusterer.min_samples == 7


@pytest.mark.parametrize("scale", [1e160, 1e300, 1e-300])
def test_pca_layout_of_extreme_values_the_engine_accepts(scale):
    # issue 10.9: the covariance overflowed (LinAlgError) from about 1e154 on
    from hdbscope.widget._layout import pca_2d

    Z = np.random.default_rng(0).normal(size=(100, 3))
    w = ClusterExplorer(Z * scale)
    assert w.result.n_samples == 100
    got, ref = pca_2d(Z * scale), pca_2d(Z)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got / np.abs(got).max(), ref / np.abs(ref).max(), atol=1e-9)


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_np_matrix_data_gives_review_neighbours(X):
    w = ClusterExplorer(np.matrix(X))
    idx, dist = w._neighbors.query(3, 5)
    ref_idx, ref_dist = ClusterExplorer(X)._neighbors.query(3, 5)
    assert idx == ref_idx and dist == pytest.approx(ref_dist)
