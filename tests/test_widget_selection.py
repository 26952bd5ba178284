"""The ClusterExplorer's selection (both wire formats, no echo) and tooltip replies. The front end
is simulated with the comm messages it would send."""

from __future__ import annotations

import numpy as np
import pytest
from _widget_comm import (
    blobs,  # noqa: F401 (fixture)
    custom_from_browser,
    from_browser,
    widget,  # noqa: F401 (fixture)
)

from hdbscope.datasets import walkthrough_blobs
from hdbscope.widget._serialization import (
    SELECTION_BITMASK,
    SELECTION_INDICES,
)


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
