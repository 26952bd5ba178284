"""The ClusterExplorer's Python model: binary buffers, two-way trait sync,
one message per update, coalescing of fast slider moves, selection, tooltip
replies. The front end is simulated with the comm messages it would send."""

from __future__ import annotations

import asyncio
import json

import numpy as np
import pytest

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.widget._serialization import (
    FLAG_DUPLICATE,
    FLAG_NEAR_DUPLICATE,
    FLAG_OUTLIER,
    FLAG_POTENTIAL_OUTLIER,
    LINK_EXACT,
    LINK_NEAR,
    SELECTION_BITMASK,
    SELECTION_INDICES,
)


class Recorder:
    """Stands in for the kernel's comm: keeps every message the widget sends."""

    def __init__(self, widget):
        self.messages = []
        widget.comm.publish_msg = self.publish
        widget.comm.kernel = object()  # ipywidgets only sends with a kernel attached

    def publish(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        self.messages.append({"type": msg_type, "data": data, "buffers": list(buffers or [])})

    def updates(self):
        return [m for m in self.messages if m["data"]["method"] == "update"]

    def clear(self):
        self.messages.clear()


def from_browser(widget, state, buffers=()):
    """Deliver an 'update' comm message as the front end sends it (buffers by path)."""
    paths = [[k] for k in state if isinstance(state[k], (bytes, memoryview))]
    json_state = {k: v for k, v in state.items() if not isinstance(v, (bytes, memoryview))}
    bufs = [memoryview(bytes(state[p[0]])) for p in paths]
    widget._handle_msg(
        {"content": {"data": {"method": "update", "state": json_state, "buffer_paths": paths}}, "buffers": bufs}
    )


def custom_from_browser(widget, content):
    widget._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


@pytest.fixture
def blobs():
    X, y = walkthrough_blobs()
    return X, y


@pytest.fixture
def widget(blobs):
    X, y = blobs
    w = ClusterExplorer(X, labels=[f"blob {v}" for v in y])
    return w, Recorder(w)


class EvaluateSpy:
    def __init__(self, widget):
        self.calls = []
        real = widget._clusterer.evaluate

        def spy(**kw):
            self.calls.append(kw)
            return real(**kw)

        widget._clusterer.evaluate = spy


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


# ---------------------------------------------------------------- coalescing
def test_fast_slider_moves_are_coalesced_to_the_newest_value(widget, blobs):
    """Messages that pile up in the kernel cost one evaluation: the newest."""
    w, rec = widget
    X, _ = blobs
    spy = EvaluateSpy(w)
    seq = w.seq

    async def burst():
        for m in range(6, 26):  # 20 slider messages processed back to back
            from_browser(w, {"min_cluster_size": m})
        assert spy.calls == []  # nothing computed yet
        await asyncio.sleep(0)  # the event loop turns once
        await asyncio.sleep(0)

    asyncio.run(burst())
    assert spy.calls == [
        {"min_cluster_size": 25, "duplicate_threshold": w.duplicate_threshold, "outlier_threshold": None}
    ]  # None: the default rule
    (msg,) = rec.updates()
    assert msg["data"]["state"]["seq"] == seq + 1
    assert msg["data"]["state"]["summary"]["min_cluster_size"] == 25
    assert w.result.n_clusters == Clusterer(X).evaluate(min_cluster_size=25).n_clusters


def test_both_sliders_in_one_burst_cost_one_evaluation(widget):
    w, rec = widget
    spy = EvaluateSpy(w)

    async def burst():
        from_browser(w, {"min_cluster_size": 7})
        from_browser(w, {"duplicate_threshold": 0.05})
        from_browser(w, {"min_cluster_size": 9, "duplicate_threshold": 0.06})
        await asyncio.sleep(0)

    asyncio.run(burst())
    assert spy.calls == [{"min_cluster_size": 9, "duplicate_threshold": 0.06, "outlier_threshold": None}]
    assert len(rec.updates()) == 1


def test_separate_turns_of_the_loop_each_get_their_answer(widget):
    w, rec = widget
    spy = EvaluateSpy(w)

    async def two():
        from_browser(w, {"min_cluster_size": 7})
        await asyncio.sleep(0)
        from_browser(w, {"min_cluster_size": 8})
        await asyncio.sleep(0)

    asyncio.run(two())
    assert [c["min_cluster_size"] for c in spy.calls] == [7, 8]
    assert [m["data"]["state"]["summary"]["min_cluster_size"] for m in rec.updates()] == [7, 8]


def test_an_update_queued_on_a_dead_loop_does_not_block_later_ones(widget):
    w, rec = widget
    w._update_scheduled = asyncio.new_event_loop()  # queued there, but that loop never ran
    w._update_scheduled.close()

    async def move():
        from_browser(w, {"min_cluster_size": 13})
        await asyncio.sleep(0)

    asyncio.run(move())
    assert w.result.min_cluster_size == 13


def test_an_evaluation_error_is_reported_and_still_answers(widget):
    w, rec = widget
    seq = w.seq

    def broken(**kw):
        raise RuntimeError("engine exploded")

    w._clusterer.evaluate = broken
    from_browser(w, {"min_cluster_size": 9})
    (msg,) = rec.updates()
    assert msg["data"]["state"]["error"] == "RuntimeError: engine exploded"
    assert msg["data"]["state"]["seq"] == seq + 1  # the front end is not left waiting
    assert w.result.min_cluster_size == 5  # the last good result stays
    with pytest.raises(RuntimeError, match="engine exploded"):
        w.min_cluster_size = 11  # from Python the error is raised


def test_a_refused_value_from_the_browser_is_answered(widget):
    w, rec = widget
    seq = w.seq
    from_browser(w, {"min_cluster_size": 1})
    assert w.min_cluster_size == 5 and w.result.min_cluster_size == 5
    states = [m["data"]["state"] for m in rec.updates()]
    assert {"min_cluster_size": 5} in states  # the slider is put back
    assert any(s.get("seq") == seq + 1 and "min_cluster_size must be >= 2" in s.get("error", "") for s in states)
    rec.clear()
    from_browser(w, {"min_cluster_size": 6})  # the next good value clears the error
    (msg,) = rec.updates()
    assert msg["data"]["state"]["error"] == ""


# ---------------------------------------------------------------- selection
def test_selection_from_the_browser_in_both_formats(widget):
    w, _ = widget
    idx = np.array([3, 17, 99], dtype="<u4")
    from_browser(w, {"selected": np.array([SELECTION_INDICES], "<u4").tobytes() + idx.tobytes()})
    np.testing.assert_array_equal(w.selected, [3, 17, 99])
    mask = np.zeros(100, bool)
    mask[[0, 1, 2, 50, 98]] = True
    buf = np.array([SELECTION_BITMASK], "<u4").tobytes() + np.packbits(mask, bitorder="little").tobytes()
    from_browser(w, {"selected": buf})
    np.testing.assert_array_equal(w.selected, [0, 1, 2, 50, 98])
    assert not w.selected.flags.writeable


def test_selection_from_python_is_sent_as_compact_binary(widget):
    w, rec = widget
    seen = []
    w.observe(lambda ch: seen.append(ch["new"].tolist()), names="selected")
    w.selected = [5, 2, 2]
    assert w.selected.tolist() == [2, 5] and seen == [[2, 5]]
    (msg,) = rec.updates()
    buf = bytes(msg["buffers"][0])
    assert msg["data"]["buffer_paths"] == [["selected"]]
    assert buf == np.array([SELECTION_INDICES, 2, 5], "<u4").tobytes()
    rec.clear()
    w.selected = [5, 2]  # unchanged: no message, no notification
    assert rec.updates() == [] and seen == [[2, 5]]
    w.selected = np.arange(100) % 2 == 0  # a boolean mask
    assert w.selected.tolist() == list(range(0, 100, 2))
    assert len(bytes(rec.updates()[0]["buffers"][0])) == 4 + 13  # bitmask: 100 bits


def test_browser_selection_is_not_echoed_back(widget):
    w, rec = widget
    from_browser(w, {"selected": np.array([0, 4], "<u4").tobytes()})
    assert w.selected.tolist() == [4]
    assert rec.messages == []


# ---------------------------------------------------------------- tooltip
def test_hover_reply_has_label_score_and_duplicate_partners(widget):
    w, rec = widget
    custom_from_browser(w, {"type": "hover", "id": 7, "index": 24})
    (msg,) = rec.messages
    reply = msg["data"]["content"]
    assert reply["id"] == 7 and reply["index"] == 24 and reply["seq"] == w.seq
    assert reply["label"] == f"blob {walkthrough_blobs()[1][24]}"
    assert reply["outlier_score"] == pytest.approx(float(w.result.outlier_scores[24]))
    assert reply["probability"] == pytest.approx(float(w.result.probabilities[24]))
    assert reply["duplicates"] == [79]
    assert reply["has_image"] is False and msg["buffers"] == []


@pytest.mark.parametrize("index", [-1, 100, "3", None, True, 2.5])
def test_hover_with_a_bad_index_answers_with_an_error(widget, index):
    w, rec = widget
    custom_from_browser(w, {"type": "hover", "id": 1, "index": index})
    (msg,) = rec.messages
    assert "no sample" in msg["data"]["content"]["error"]


def test_unknown_custom_messages_are_ignored(widget):
    w, rec = widget
    custom_from_browser(w, {"type": "something-else"})
    custom_from_browser(w, ["not", "a", "dict"])
    assert rec.messages == []


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
