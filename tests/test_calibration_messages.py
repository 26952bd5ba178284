"""The review panel's "Calibrate duplicates" view and Python, simulated with the comm
messages the front end sends: sample pairs (with thumbnails), mark them, read the
estimate Python computes, apply the suggested threshold (which moves the slider)."""

from __future__ import annotations

import numpy as np
import pytest
from _widget_comm import Recorder, custom_from_browser

from hdbscope import ClusterExplorer


@pytest.fixture
def w():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1500, 2))
    X[1490:] = X[:10] + rng.normal(size=(10, 2)) * 1e-4
    imgs = (np.arange(1500 * 4 * 4) % 251).astype(np.uint8).reshape(1500, 4, 4)
    w = ClusterExplorer(X, labels=[f"<b>{i % 7}</b>" for i in range(1500)], images=imgs)
    return w, Recorder(w)


def ask(w, rec, **content):
    rec.clear()
    custom_from_browser(w, {"type": "calibration", "id": 4, **content})
    (msg,) = [m for m in rec.messages if m["data"]["method"] == "custom"]
    return msg["data"]["content"], msg["buffers"]


def test_sample_sends_pairs_with_cards_images_and_sides(w):
    w, rec = w
    reply, buffers = ask(w, rec, action="sample", n_pairs=8)
    assert reply["ok"] and reply["type"] == "calibration" and reply["id"] == 4
    frame = w.calibrate_duplicates(n_pairs=8)  # the same pairs: sampling is deterministic
    assert [(p["a"]["index"], p["b"]["index"]) for p in reply["pairs"]] == list(zip(frame.a, frame.b))
    assert [p["distance"] for p in reply["pairs"]] == pytest.approx(list(frame.distance))
    assert reply["sides"] == list(frame.side) and reply["marks"] == [None] * len(frame)
    images = [p[s]["image"] for p in reply["pairs"] for s in ("a", "b")]
    assert sorted(images) == list(range(len(buffers))) and buffers[0][:4] == b"\x89PNG"
    assert reply["pairs"][0]["a"]["label"].startswith("<b>")  # text; the page puts it in with textContent
    assert reply["threshold"] == w.duplicate_threshold and reply["estimate"]["n_marked"] == 0


def test_marks_by_message_give_the_estimate_python_computes(w):
    w, rec = w
    reply, _ = ask(w, rec, action="sample", n_pairs=6)
    pairs = reply["pairs"]
    for p in pairs:
        reply, buffers = ask(w, rec, action="mark", pair=p["pair"], a=p["a"]["index"], b=p["b"]["index"], mark="same")
        assert reply["ok"] and buffers == []
    assert reply["marks"] == ["same"] * len(pairs)
    assert reply["estimate"] == w.calibration_estimate()
    assert reply["estimate"]["n_marked"] == len(pairs) and reply["estimate"]["precision"] == 1.0


def test_a_mark_for_pairs_sampled_since_is_refused(w):
    w, rec = w
    reply, _ = ask(w, rec, action="sample", n_pairs=6)
    p = reply["pairs"][0]
    reply, _ = ask(w, rec, action="mark", pair=0, a=p["b"]["index"], b=p["a"]["index"] + 1, mark="same")
    assert not reply["ok"] and "sample them again" in reply["error"]
    reply, _ = ask(w, rec, action="mark", pair=0, a=p["a"]["index"], b=p["b"]["index"], mark="<script>")
    assert not reply["ok"] and "'same' or 'different'" in reply["error"]
    reply, _ = ask(w, rec, action="mark", pair=99, a=1, b=2, mark="same")
    assert not reply["ok"] and "pair number" in reply["error"]
    assert w.calibration_estimate()["n_marked"] == 0


def test_apply_moves_the_duplicate_threshold_to_the_suggestion(w):
    w, rec = w
    reply, _ = ask(w, rec, action="apply")
    assert not reply["ok"] and "mark more pairs" in reply["error"]
    reply, _ = ask(w, rec, action="sample", n_pairs=10)
    pairs = reply["pairs"]
    for p in pairs:  # the two closest pairs are the same thing, the rest differ
        mark = "same" if p["pair"] in (0, 1) else "different"
        ask(w, rec, action="mark", pair=p["pair"], a=p["a"]["index"], b=p["b"]["index"], mark=mark)
    want = pairs[1]["distance"]
    assert w.calibration_estimate()["suggested_threshold"] == pytest.approx(want)
    seq = w.seq
    reply, _ = ask(w, rec, action="apply")
    assert reply["ok"] and w.duplicate_threshold == pytest.approx(want) and w.seq > seq
    assert reply["threshold"] == w.duplicate_threshold and reply["estimate"]["precision"] == 1.0
    assert reply["sides"][:2] == ["below", "below"] and set(reply["sides"][2:]) == {"above"}
    # the slider's new value went to the browser
    states = [m["data"]["state"] for m in rec.messages if m["data"]["method"] == "update"]
    assert any(s.get("duplicate_threshold") == pytest.approx(want) for s in states)


def test_estimate_and_unknown_actions_are_answered(w):
    w, rec = w
    reply, _ = ask(w, rec, action="estimate")
    assert reply["ok"] and reply["estimate"]["precision"] is None and reply["marks"] == []
    reply, _ = ask(w, rec, action="explode")
    assert not reply["ok"] and "unknown calibration action" in reply["error"]
    reply, _ = ask(w, rec, action="sample", n_pairs="12")
    assert not reply["ok"] and "n_pairs" in reply["error"]
