"""The ClusterExplorer's Python model: binary buffers, two-way trait sync, one message per
update, the outlier_threshold slider. The front end is simulated with the comm messages it would send."""

from __future__ import annotations

import json

import numpy as np
import pytest
from _widget_comm import (
    EvaluateSpy,
    blobs,  # noqa: F401 (fixture)
    from_browser,
    widget,  # noqa: F401 (fixture)
)

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.widget._serialization import (
    FLAG_DUPLICATE,
    FLAG_NEAR_DUPLICATE,
    FLAG_OUTLIER,
    FLAG_POTENTIAL_OUTLIER,
    LINK_EXACT,
    LINK_NEAR,
)


# ---------------------------------------------------------------- buffers
def test_initial_state_is_binary_and_matches_the_engine(widget, blobs):
    w, _ = widget
    X, _ = blobs
    want = Clusterer(X).evaluate()
    state = w.get_state()
    for key in ("positions", "clusters", "flags", "links", "link_kinds", "selected"):
        assert isinstance(state[key], (bytes, memoryview)), key  # a binary buffer, not a JSON list
    n = len(X)
    clusters = np.frombuffer(state["clusters"], dtype="<i4")
    np.testing.assert_array_equal(clusters, want.labels)
    flags = np.frombuffer(state["flags"], dtype=np.uint8)
    np.testing.assert_array_equal((flags & FLAG_OUTLIER) > 0, want.is_outlier)
    np.testing.assert_array_equal((flags & FLAG_POTENTIAL_OUTLIER) > 0, want.is_potential_outlier)
    np.testing.assert_array_equal((flags & FLAG_DUPLICATE) > 0, want.duplicate_group >= 0)
    np.testing.assert_array_equal((flags & FLAG_NEAR_DUPLICATE) > 0, want.near_duplicate_group >= 0)
    assert flags[24] & FLAG_DUPLICATE and flags[79] & FLAG_DUPLICATE  # the planted copy
    pos = np.frombuffer(state["positions"], dtype="<f4").reshape(n, 2)
    assert np.abs(pos).max() == pytest.approx(1.0) and np.isfinite(pos).all()
    # 2-feature data is drawn as is: positions are an affine map of X with one scale for both axes
    scale = (pos[:, 0].max() - pos[:, 0].min()) / (X[:, 0].max() - X[:, 0].min())
    np.testing.assert_allclose((pos - pos.mean(0)) / scale, X - X.mean(0), atol=1e-5)
    links = np.frombuffer(state["links"], dtype="<i4").reshape(-1, 2)
    kinds = np.frombuffer(state["link_kinds"], dtype=np.uint8)
    exact = {tuple(sorted(p)) for p in links[kinds == LINK_EXACT].tolist()}
    near = {tuple(sorted(p)) for p in links[kinds == LINK_NEAR].tolist()}
    assert exact == {tuple(sorted(p)) for p in want.duplicate_links.tolist()} == {(24, 79), (58, 63)}
    assert near == {tuple(sorted(p)) for p in want.near_duplicate_links.tolist()}
    assert state["summary"] == {
        "n_samples": 100,
        "n_clusters": want.n_clusters,
        "n_outliers": want.n_outliers,
        "n_potential_outliers": want.n_potential_outliers,
        "n_duplicate_groups": 2,
        "n_near_duplicate_groups": want.n_near_duplicate_groups,
        "min_cluster_size": want.min_cluster_size,
        "duplicate_threshold": want.duplicate_threshold,
        "exact_threshold": want.exact_threshold,
        "outlier_threshold": want.outlier_threshold,
        # the label check of the current labels (blob ids agree with the clusters) and the review queue
        "n_label_disagreements": 0,
        "queue": {
            "outliers": want.n_outliers,
            "potential_outliers": want.n_potential_outliers,
            "duplicates": 2,
            "near_duplicates": want.n_near_duplicate_groups,
            "label_disagreements": 0,
        },
    }
    assert (w.min_cluster_size, w.duplicate_threshold) == (want.min_cluster_size, want.duplicate_threshold)
    assert w.min_cluster_size_range == (2, 50)
    assert w.duplicate_threshold_range == pytest.approx(Clusterer(X).duplicate_threshold_range)
    assert w.result.summary() == want.summary()
    json.dumps(state["summary"])  # the only non-binary payload is small JSON


# ---------------------------------------------------------------- two-way sync
def test_browser_slider_change_recomputes_and_answers_in_one_message(widget, blobs):
    w, rec = widget
    X, _ = blobs
    seq = w.seq
    from_browser(w, {"min_cluster_size": 12})
    want = Clusterer(X).evaluate(min_cluster_size=12, duplicate_threshold=w.duplicate_threshold)
    assert w.result.min_cluster_size == 12
    np.testing.assert_array_equal(w.result.labels, want.labels)
    updates = rec.updates()
    assert len(updates) == 1, [list(u["data"]["state"]) for u in updates]
    msg = updates[0]
    keys = set(msg["data"]["state"]) | {p[0] for p in msg["data"]["buffer_paths"]}
    assert {"clusters", "flags", "summary", "seq"} <= keys
    assert "min_cluster_size" not in keys  # no echo of what the browser just sent
    assert msg["data"]["state"]["seq"] == seq + 1
    assert msg["data"]["state"]["summary"]["n_clusters"] == want.n_clusters
    labels = np.frombuffer(bytes(msg["buffers"][msg["data"]["buffer_paths"].index(["clusters"])]), "<i4")
    np.testing.assert_array_equal(labels, want.labels)
    assert all(isinstance(b, (bytes, memoryview)) for b in msg["buffers"])


def test_only_changed_buffers_are_sent(widget):
    w, rec = widget
    # the threshold does not change the clusters: their buffer is not resent
    from_browser(w, {"duplicate_threshold": w.duplicate_threshold_range[1]})
    (msg,) = rec.updates()
    sent = {p[0] for p in msg["data"]["buffer_paths"]}
    assert "clusters" not in sent
    assert {"flags", "links", "link_kinds"} <= sent
    assert msg["data"]["state"]["summary"]["n_near_duplicate_groups"] == w.result.n_near_duplicate_groups > 1


def test_python_side_change_updates_at_once_and_sends_the_value(widget, blobs):
    w, rec = widget
    X, _ = blobs
    w.min_cluster_size = 10
    assert w.result.min_cluster_size == 10  # synchronous from Python
    assert w.result.n_clusters == Clusterer(X).evaluate(min_cluster_size=10).n_clusters
    (msg,) = rec.updates()
    assert msg["data"]["state"]["min_cluster_size"] == 10  # the browser's slider follows
    assert msg["data"]["state"]["summary"]["min_cluster_size"] == 10
    rec.clear()
    w.duplicate_threshold = 0.05
    (msg,) = rec.updates()
    assert msg["data"]["state"]["duplicate_threshold"] == 0.05
    assert w.result.duplicate_threshold == 0.05


def test_python_value_beyond_the_slider_range_widens_it(widget):
    w, _ = widget
    w.min_cluster_size = 80
    assert w.min_cluster_size_range == (2, 80)
    w.duplicate_threshold = 0.0  # below the range's bottom: only bit-identical rows
    assert w.duplicate_threshold_range[0] == 0.0
    assert w.result.duplicate_threshold == 0.0


def test_threshold_above_the_engine_range_is_refused_before_anything_changes(widget):
    w, rec = widget
    top = w.duplicate_threshold_range[1]
    before = w.duplicate_threshold
    with pytest.raises(ValueError, match="above this data's range"):
        w.duplicate_threshold = top * 2
    assert w.duplicate_threshold == before and rec.messages == []
    w.duplicate_threshold = top  # the top itself is fine
    assert w.result.duplicate_threshold == top


def test_repr_and_read_only_properties(widget):
    w, _ = widget
    assert repr(w).startswith("ClusterExplorer(n_samples=100, min_cluster_size=5,")
    with pytest.raises(AttributeError):
        w.result = None
    assert w.coordinates.shape == (100, 2) and not w.coordinates.flags.writeable
    assert isinstance(w.clusterer, Clusterer)


# ---------------------------------------------------------------- outlier_threshold (the third slider)
def test_outlier_threshold_follows_the_default_rule_until_set(widget, blobs):
    w, rec = widget
    X, _ = blobs
    c = Clusterer(X)
    assert w.outlier_threshold == c.default_outlier_threshold(w.min_cluster_size) == w.summary["outlier_threshold"]
    rec.clear()
    from_browser(w, {"min_cluster_size": 12})  # the cut moves to the new size's default, in the same message
    assert w.outlier_threshold == c.default_outlier_threshold(12) == w.result.outlier_threshold
    (msg,) = rec.updates()
    assert msg["data"]["state"]["outlier_threshold"] == c.default_outlier_threshold(12)
    assert msg["data"]["state"]["summary"]["outlier_threshold"] == c.default_outlier_threshold(12)


def test_outlier_threshold_from_the_browser_recomputes_only_the_cut(widget, blobs):
    w, rec = widget
    X, _ = blobs
    spy = EvaluateSpy(w)
    labels = w.result.labels
    from_browser(w, {"outlier_threshold": 0.3})
    want = Clusterer(X).evaluate(min_cluster_size=w.min_cluster_size, outlier_threshold=0.3)
    assert spy.calls[-1]["outlier_threshold"] == 0.3
    assert w.result.labels is labels  # no re-extraction: the cached clustering
    np.testing.assert_array_equal(w.result.is_potential_outlier, want.is_potential_outlier)
    assert w.summary["n_potential_outliers"] == want.n_potential_outliers > 2
    # once set, it stays put when min_cluster_size moves
    from_browser(w, {"min_cluster_size": 12})
    assert w.outlier_threshold == 0.3 == w.result.outlier_threshold


def test_outlier_threshold_from_python_and_the_constructor(blobs):
    X, _ = blobs
    w = ClusterExplorer(X, outlier_threshold=0.25)
    assert w.result.outlier_threshold == 0.25 and w.outlier_threshold == 0.25
    w.min_cluster_size = 12
    assert w.result.outlier_threshold == 0.25
    w.outlier_threshold = 0.9
    assert w.result.outlier_threshold == 0.9
    assert w.result.n_potential_outliers == Clusterer(X).evaluate(12, outlier_threshold=0.9).n_potential_outliers
    with pytest.raises(ValueError, match="outlier_threshold"):
        w.outlier_threshold = 1.5
    assert w.outlier_threshold == 0.9


def test_a_refused_outlier_threshold_from_the_browser_is_answered(widget):
    w, rec = widget
    before = w.outlier_threshold
    from_browser(w, {"outlier_threshold": -1})
    assert w.outlier_threshold == before
    states = [m["data"]["state"] for m in rec.updates()]
    assert {"outlier_threshold": before} in states
    assert any("outlier_threshold must be in [0, 1]" in s.get("error", "") for s in states)
