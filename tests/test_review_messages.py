"""The review panel's traffic with Python, simulated with the comm messages the
front end sends: item details (members, images, nearest neighbours in the data
space, majority label), edits (by label code, typed text, on the selection),
undo / redo, and the one state message each edit causes."""

from __future__ import annotations

import numpy as np
import pytest
from _widget_comm import Recorder, custom_from_browser, from_browser

from hdbscope import ClusterExplorer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.widget._serialization import FLAG_LABEL_DISAGREEMENT, SELECTION_INDICES


@pytest.fixture
def blobs():
    return walkthrough_blobs()


@pytest.fixture
def w(blobs):
    X, y = blobs
    imgs = (np.arange(100 * 6 * 6) % 251).astype(np.uint8).reshape(100, 6, 6)
    w = ClusterExplorer(X, labels=[f"blob {v}" for v in y], images=imgs)
    return w, Recorder(w)


def customs(rec, kind):
    return [m for m in rec.messages if m["data"]["method"] == "custom" and m["data"]["content"]["type"] == kind]


def review(w, rec, members, k=4):
    rec.clear()
    custom_from_browser(w, {"type": "review", "id": 5, "members": members, "k": k})
    (msg,) = customs(rec, "review")
    return msg["data"]["content"], msg["buffers"]


def edit(w, rec, **cmd):
    rec.clear()
    custom_from_browser(w, {"type": "edit", "id": 9, **cmd})
    (msg,) = customs(rec, "edit")
    return msg["data"]["content"]


def test_review_reply_details_images_and_neighbours_in_data_space(w, blobs):
    w, rec = w
    X, y = blobs
    reply, buffers = review(w, rec, [24, 79], k=4)
    assert reply["id"] == 5 and reply["n_members"] == 2
    assert [c["index"] for c in reply["members"]] == [24, 79]
    m = reply["members"][0]
    assert m["label"] == m["current_label"] == f"blob {y[24]}" and m["relabelled"] is False
    assert m["cluster"] == int(w.result.labels[24]) and m["decision"] == ""
    # neighbours of the first member in the data space, leaving out the item itself
    d = np.linalg.norm(X - X[24], axis=1)
    d[[24, 79]] = np.inf
    want = np.argsort(d, kind="stable")[:4]
    got = [c["index"] for c in reply["neighbors"]]
    assert got == want.tolist()
    assert [c["distance"] for c in reply["neighbors"]] == pytest.approx(d[want].tolist())
    # one PNG per card, in the order the cards point to
    cards = reply["members"] + reply["neighbors"]
    assert sorted(c["image"] for c in cards) == list(range(6)) and len(buffers) == 6
    assert all(bytes(b).startswith(b"\x89PNG") for b in buffers)
    c = w.result.labels[24]
    assert reply["majority"] == {"cluster": int(c), "label": f"blob {y[24]}", "purity": 1.0}


def test_majority_label_follows_edits_and_noise_has_none(w):
    w, rec = w
    c0 = np.flatnonzero(w.result.labels == 0)
    w.relabel(c0[: len(c0) // 2 + 1], "renamed")
    reply, _ = review(w, rec, [int(c0[-1])])
    assert reply["majority"]["label"] == "renamed"
    assert reply["majority"]["purity"] == pytest.approx((len(c0) // 2 + 1) / len(c0))
    assert reply["members"][0]["current_label"] != "renamed"
    outlier = w.result["outliers"][0]
    assert review(w, rec, [outlier])[0]["majority"] is None


@pytest.mark.parametrize("members", [[], [100], ["3"], None, [True]])
def test_bad_review_requests_are_answered_with_an_error(w, members):
    w, rec = w
    reply, buffers = review(w, rec, members)
    assert "error" in reply and reply["members"] == [] and buffers == []


def test_edits_from_the_browser_one_state_message_each(w, blobs):
    w, rec = w
    _, y = blobs
    code = next(c for c, text, _ in w.label_choices if text == "blob 3")
    seq = w.seq
    reply = edit(w, rec, action="relabel", target="indices", indices=[0, 1], label={"code": code}, category="outliers")
    assert reply == {"type": "edit", "id": 9, "ok": True, "changed": sum(y[[0, 1]] != 3), "edit_state": w.edit_state}
    updates = rec.updates()
    assert len(updates) == 1  # flags, labels, edit state, seq: one message
    sent = set(updates[0]["data"]["state"]) | {p[0] for p in updates[0]["data"]["buffer_paths"]}
    assert {"flags", "current_codes", "edit_state", "seq"} <= sent
    assert not {k for k in sent if k.startswith("queue")}  # the review panel is closed: no queue
    assert "clusters" not in sent and w.seq == seq + 1
    assert list(w.current_labels[[0, 1]]) == ["blob 3", "blob 3"]
    assert set(w.relabels["category"]) == {"outliers"}
    from_browser(w, {"review_open": True})
    edit(w, rec, action="relabel", target="indices", indices=[2], label={"code": code}, category="outliers")
    (update,) = rec.updates()  # with the panel open, the queue comes in the same one message
    assert {"flags", "queue_members", "seq"} <= set(update["data"]["state"]) | {
        p[0] for p in update["data"]["buffer_paths"]
    }


def test_typed_labels_reuse_existing_ones_or_make_new_ones(blobs):
    X, y = blobs
    w = ClusterExplorer(X, labels=y)  # integer labels
    rec = Recorder(w)
    assert edit(w, rec, action="relabel", indices=[0], label={"text": " 3 "})["ok"]
    assert w.current_labels[0] == 3 and w.current_labels.dtype == y.dtype  # typed "3" is the int label 3
    assert edit(w, rec, action="relabel", indices=[1], label={"text": "12"})["ok"]
    assert w.current_labels[1] == 12  # a new integer label
    assert edit(w, rec, action="relabel", indices=[2], label={"text": "<b>bird</b>"})["ok"]
    assert w.current_labels[2] == "<b>bird</b>"
    bad = edit(w, rec, action="relabel", indices=[3], label={"text": "   "})
    assert not bad["ok"] and "cannot be empty" in bad["error"]
    bad = edit(w, rec, action="relabel", indices=[3], label={"code": 10_000})
    assert not bad["ok"] and "no label with code" in bad["error"]
    bad = edit(w, rec, action="relabel", indices=[3])
    assert not bad["ok"] and "needs a label" in bad["error"]
    assert len(w.relabels) == 3


def test_edits_on_the_selection_use_the_synced_selection(w):
    w, rec = w
    from_browser(w, {"selected": np.array([SELECTION_INDICES, 4, 40, 44], "<u4").tobytes()})
    reply = edit(w, rec, action="exclude", target="selection")
    assert reply["ok"] and reply["changed"] == 3
    assert np.flatnonzero(w.exclude_mask).tolist() == [4, 40, 44]
    assert edit(w, rec, action="undo")["changed"] == 3 and not w.exclude_mask.any()
    assert edit(w, rec, action="redo")["changed"] == 3 and w.exclude_mask.sum() == 3
    from_browser(w, {"selected": np.array([SELECTION_INDICES], "<u4").tobytes()})
    bad = edit(w, rec, action="keep", target="selection")
    assert not bad["ok"] and "nothing to edit" in bad["error"]
    bad = edit(w, rec, action="delete-everything", indices=[1])
    assert not bad["ok"] and "unknown edit action" in bad["error"]


def test_a_write_failure_is_reported_and_changes_nothing(tmp_path, blobs):
    X, y = blobs
    path = tmp_path / "e.csv"
    w = ClusterExplorer(X, labels=y, edits_path=path)
    rec = Recorder(w)
    with open(path, "a") as f:
        f.write("# someone else was here\n")
    reply = edit(w, rec, action="relabel", indices=[1], label={"text": "x"})
    assert not reply["ok"] and "changed on disk" in reply["error"]
    assert w.current_labels[1] == y[1] and rec.updates() == []


def test_disagreements_flag_and_queue_after_a_browser_relabel(w):
    w, rec = w
    c1 = np.flatnonzero(w.result.labels == 1)
    edit(w, rec, action="relabel", indices=[int(c1[0])], label={"text": "odd one"})
    f = np.frombuffer(w.flags, np.uint8)
    assert np.flatnonzero(f & FLAG_LABEL_DISAGREEMENT).tolist() == [int(c1[0])]
    assert w.queue_counts == [] and w.summary["queue"]["label_disagreements"] == 1  # panel closed
    from_browser(w, {"review_open": True})
    assert w.queue_counts[4] == 1  # the last category, one single: the last member
    assert np.frombuffer(w.queue_members, "<i4")[-1] == int(c1[0])
    custom_from_browser(w, {"type": "hover", "id": 1, "index": int(c1[0])})
    hover = customs(rec, "hover")[-1]["data"]["content"]
    assert hover["current_label"] == "odd one" and hover["label"] != "odd one" and hover["decision"] == ""


def test_review_reply_carries_the_neighbours_suggestion_and_its_supporters(blobs):
    X, y = blobs
    labels = [f"blob {v}" for v in y]
    c0 = np.flatnonzero(y == y[10])
    wrong = int(c0[0])
    labels[wrong] = "blob 9"  # a wrong label in a tight blob
    w = ClusterExplorer(X, labels=labels)
    rec = Recorder(w)
    queue = w.review_queue()
    dis = queue[queue.category == "label_disagreements"]
    assert [wrong] in dis.members.tolist()
    reply, _ = review(w, rec, [wrong], k=6)
    s = reply["suggestion"]
    want = f"blob {y[wrong]}"
    assert s["label"] == want and s["flagged"] is True
    assert s["code"] == next(code for code, text, _ in w.label_choices if text == want)  # what key 1 applies
    assert s["confidence"] == pytest.approx(float(w.label_check.suggestion_confidence[wrong]))
    assert s["quality"] == pytest.approx(float(w.label_check.label_quality[wrong]))
    shown = {c["index"]: c["current_label"] for c in reply["neighbors"]}
    assert s["supporters"] == [i for i in shown if shown[i] == want] and s["supporters"]
    # applying it clears the flag; the suggestion then is the item's own label
    edit(w, rec, action="relabel", target="indices", indices=[wrong], label={"code": s["code"]})
    assert wrong not in w.label_check.disagreements
    assert review(w, rec, [wrong])[0]["suggestion"]["flagged"] is False


def test_label_disagreements_are_reviewed_lowest_label_quality_first(blobs):
    X, y = blobs
    labels = y.astype(object)
    rng = np.random.default_rng(2)
    wrong = rng.choice(100, 8, replace=False)
    labels[wrong] = (y[wrong] + 1) % 5
    w = ClusterExplorer(X, labels=labels)
    queue = w.review_queue()
    order = [m[0] for m in queue[queue.category == "label_disagreements"].members]
    assert order == w.label_check.review_order().tolist()
    q = w.label_check.label_quality[order]
    assert (np.diff(q) >= 0).all() and len(order) >= 6


def test_explorer_frame_has_label_quality_and_suggestions(blobs):
    X, y = blobs
    w = ClusterExplorer(X, labels=y)
    w.relabel([0], (y[0] + 1) % 5)
    f = w.to_frame()
    given = w.result.check_labels(y)
    np.testing.assert_array_equal(f["label_quality"], given.label_quality)
    assert list(f["suggested_label"]) == list(given.suggested_label)
    np.testing.assert_array_equal(f["current_label_quality"], w.label_check.label_quality)
    assert f.loc[0, "current_suggested_label"] == y[0] and f.loc[0, "is_current_label_disagreement"]
