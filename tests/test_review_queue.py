"""The review queue on the wire: sent only while the browser's review panel is
open (review_open), in one message when it opens, in the compact format of
review/_queue.py; the summary's counts and review_queue() right either way; and
what the memo reuses between slider moves equal to encoding from nothing."""

from __future__ import annotations

import numpy as np
import pytest
from _widget_comm import Recorder, from_browser

from hdbscope import ClusterExplorer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.review._edits import CATEGORIES
from hdbscope.review._queue import GROUP_CATEGORIES, build_queue
from hdbscope.widget._serialization import (
    FLAG_EXCLUDED,
    FLAG_LABEL_DISAGREEMENT,
    FLAG_RELABELLED,
    encode_result,
)

QUEUE = {"queue_counts", "queue_sizes", "queue_members"}


@pytest.fixture
def w():
    X, y = walkthrough_blobs()
    labels = np.array([f"blob {v}" for v in y], dtype=object)
    labels[[3, 40]] = "stray"  # label disagreements from the start
    # 0.02: the old default duplicate_threshold, so the walk-through has a near-duplicate pair to queue
    w = ClusterExplorer(X, labels=labels, duplicate_threshold=0.02)
    return w, Recorder(w)


def sent_keys(msg) -> set:
    return set(msg["data"]["state"]) | {p[0] for p in msg["data"].get("buffer_paths", [])}


def decode(counts, sizes, members) -> list[tuple[str, list[int]]]:
    """The wire format read as js/review/queue.ts reads it."""
    sizes, members = np.frombuffer(sizes, "<i4"), np.frombuffer(members, "<i4")
    out, m, g = [], 0, 0
    for name, count in zip(CATEGORIES, counts):
        for _ in range(count):
            k = int(sizes[g]) if name in GROUP_CATEGORIES else 1
            g += name in GROUP_CATEGORIES
            out.append((name, members[m : m + k].tolist()))
            m += k
    assert (m, g) == (len(members), len(sizes))  # nothing left over
    return out


def as_items(frame) -> list[tuple[str, list[int]]]:
    return list(zip(frame.category, frame.members))


def frame_counts(frame) -> dict[str, int]:
    return {name: int((frame.category == name).sum()) for name in CATEGORIES}


def test_closed_panel_no_queue_bytes_open_sends_it_in_one_message(w):
    w, rec = w
    assert w.review_open is False
    assert (w.queue_counts, w.queue_sizes, w.queue_members) == ([], b"", b"")
    # slider moves with the panel closed: one message each, nothing of the queue
    for value in (12, 7):
        rec.clear()
        from_browser(w, {"min_cluster_size": value})
        (msg,) = rec.updates()
        assert not sent_keys(msg) & QUEUE and "summary" in sent_keys(msg)
        assert w.queue_members == b""
    queue = w.review_queue()  # built on demand while the panel is closed
    assert w.summary["queue"] == frame_counts(queue)
    assert set(queue.category) == set(CATEGORIES)  # every category has items here
    # the panel opens: the current result's queue, in one message, no new result
    seq = w.seq
    rec.clear()
    from_browser(w, {"review_open": True})
    (msg,) = rec.updates()
    assert sent_keys(msg) == QUEUE  # no echo of review_open, nothing else
    assert w.seq == seq
    got = decode(msg["data"]["state"]["queue_counts"], w.queue_sizes, w.queue_members)
    assert got == as_items(queue)
    assert dict(zip(CATEGORIES, w.queue_counts)) == w.summary["queue"]
    # singles cost 4 bytes each: sizes only for the group items
    n_groups = w.summary["queue"]["duplicates"] + w.summary["queue"]["near_duplicates"]
    assert len(w.queue_sizes) == 4 * n_groups
    # a move while open: the new queue in the update's one message
    rec.clear()
    from_browser(w, {"min_cluster_size": 20})  # (5 gives the same findings as 7 on this data)
    (msg,) = rec.updates()
    assert "queue_members" in sent_keys(msg)
    assert decode(w.queue_counts, w.queue_sizes, w.queue_members) == as_items(w.review_queue())
    # closed again: the traits are emptied once, then moves send nothing of the queue
    rec.clear()
    from_browser(w, {"review_open": False})
    (msg,) = rec.updates()
    assert (w.queue_counts, w.queue_sizes, w.queue_members) == ([], b"", b"")
    rec.clear()
    from_browser(w, {"min_cluster_size": 9})
    assert not sent_keys(rec.updates()[0]) & QUEUE


def test_opening_from_python_sends_the_queue_too(w):
    w, rec = w
    rec.clear()
    w.review_open = True
    (msg,) = rec.updates()
    assert {"review_open"} | QUEUE <= sent_keys(msg)  # the browser's panel follows
    assert decode(w.queue_counts, w.queue_sizes, w.queue_members) == as_items(w.review_queue())


def test_summary_counts_right_with_the_panel_closed_through_moves_and_edits(w):
    w, rec = w
    lo, hi = w.clusterer.duplicate_threshold_range
    steps = [{"min_cluster_size": 8}, {"duplicate_threshold": hi}, {"min_cluster_size": 4}, {"duplicate_threshold": lo}]
    for state in steps:
        from_browser(w, state)
        assert w.summary["queue"] == frame_counts(w.review_queue())
    c0 = np.flatnonzero(w.result.labels == 0)
    w.relabel(c0[:3], "odd")  # three new disagreements
    assert w.summary["queue"]["label_disagreements"] == w.label_check.n_disagreements >= 3
    assert w.summary["queue"] == frame_counts(w.review_queue())
    w.undo()
    assert w.summary["queue"] == frame_counts(w.review_queue())
    from_browser(w, {"review_open": True})
    assert dict(zip(CATEGORIES, w.queue_counts)) == w.summary["queue"]


def test_what_the_memo_reuses_equals_encoding_from_nothing(w):
    """Slider moves back and forth (revisits hit the engine's memo: the same arrays), with
    edits in between: every trait equals a fresh encoding of the same result and edits."""
    w, rec = w
    from_browser(w, {"review_open": True})
    lo, hi = w.clusterer.duplicate_threshold_range
    mid = (lo * hi) ** 0.5
    steps = [
        {"duplicate_threshold": hi},
        {"min_cluster_size": 8},
        {"duplicate_threshold": mid},
        {"min_cluster_size": 5},
        "relabel",
        {"duplicate_threshold": hi},
        {"min_cluster_size": 8},
        "exclude",
        "undo",
        {"min_cluster_size": 5},
        {"duplicate_threshold": lo},
    ]
    c0 = np.flatnonzero(w.result.labels == 0)
    for step in steps:
        if step == "relabel":
            w.relabel(c0[:2], "odd")
        elif step == "exclude":
            w.exclude([1, 2])
        elif step == "undo":
            w.undo()
        else:
            from_browser(w, step)
        r, log = w.result, w._session.log
        fresh = encode_result(r)
        check = r.check_labels(log.labels)
        assert w.label_check.n_disagreements == check.n_disagreements
        np.testing.assert_array_equal(w.label_check.is_disagreement, check.is_disagreement)
        review = (
            np.asarray(check.is_disagreement) * FLAG_LABEL_DISAGREEMENT
            | (log.decision == 2) * FLAG_EXCLUDED
            | log.relabelled * FLAG_RELABELLED
        ).astype(np.uint8)
        assert w.flags == (np.frombuffer(fresh["flags"], np.uint8) | review).tobytes(), step
        for key in ("clusters", "links", "link_kinds"):
            assert getattr(w, key) == fresh[key], (step, key)
        assert {k: v for k, v in w.summary.items() if k not in ("queue", "n_label_disagreements")} == fresh["summary"]
        want = build_queue(r, check).packed
        assert (w.queue_counts, w.queue_sizes, w.queue_members) == want, step
        assert w.current_codes == log.codes.astype("<i4").tobytes()
        assert w.label_choices == w._session.vocab.choices(log.codes)
        assert w.edit_state["n_excluded"] == int((log.decision == 2).sum())
