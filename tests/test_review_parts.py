"""Building blocks of review and relabel: the review queue's order, label
codes (stable, frequency-ordered), typed labels, the data fingerprint."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from hdbscope import Clusterer
from hdbscope._memo import Memo
from hdbscope.datasets import walkthrough_blobs
from hdbscope.engine import _fingerprint
from hdbscope.engine._label_check import LabelCheck
from hdbscope.review import _journal_csv
from hdbscope.review._edits import CATEGORIES
from hdbscope.review._label_codes import LabelVocabulary
from hdbscope.review._queue import build_queue, by_score, flagged_counts


def flagged(n: int, quality: dict[int, float]) -> LabelCheck:
    """A label check flagging the given samples with the given label quality."""
    is_dis = np.zeros(n, bool)
    q = np.full(n, 1.0)
    for i, v in quality.items():
        is_dis[i], q[i] = True, v
    none = np.full(n, None, dtype=object)
    return LabelCheck(none, is_dis, q, none, np.full(n, 0.5), [], np.zeros(0))


def traits(queue) -> dict:
    """The widget's queue traits, as widget/_review_panel.py sends them."""
    counts, sizes, members = queue.packed
    return {"queue_counts": counts, "queue_sizes": sizes, "queue_members": members}


def queue_lists(queue):
    frame = queue.frame()
    return [(CATEGORIES.index(c), m) for c, m in zip(frame.category, frame.members)]


def test_queue_holds_every_finding_in_review_order():
    X, _ = walkthrough_blobs()
    r = Clusterer(X).evaluate(duplicate_threshold=Clusterer(X).duplicate_threshold_range[1])
    queue = build_queue(r, flagged(100, {70: 0.1, 5: 0.2, 33: 0.2}))
    assert queue.sizes.dtype == np.dtype("<i4") and queue.members.dtype == np.dtype("<i4")
    q = queue_lists(queue)
    by = {c: [m for cc, m in q if cc == c] for c in range(5)}
    # outliers and potential outliers: one item each, highest outlier score first
    for c, mask in ((0, r.is_outlier), (1, r.is_potential_outlier)):
        got = [m[0] for m in by[c]]
        assert sorted(got) == np.flatnonzero(mask).tolist()
        assert list(r.outlier_scores[got]) == sorted(r.outlier_scores[got], reverse=True)
    assert by[2] == r["duplicates"]  # groups, members sorted, by smallest member
    assert by[3] == sorted(r["near_duplicates"]) and len(by[3]) > 1
    assert by[4] == [[70], [5], [33]]  # label quality, lowest first; ties by index
    assert [c for c, _ in q] == sorted(c for c, _ in q)  # categories in order
    counts = {
        "outliers": r.n_outliers,
        "potential_outliers": r.n_potential_outliers,
        "duplicates": 2,
        "near_duplicates": len(by[3]),
        "label_disagreements": 3,
    }
    assert dict(zip(CATEGORIES, queue.counts)) == counts
    check = SimpleNamespace(n_disagreements=3)
    assert flagged_counts(r, check) == counts  # the summary's counts, without building the queue


def test_queue_wire_format_singles_cost_only_their_member():
    X, _ = walkthrough_blobs()
    r = Clusterer(X).evaluate(duplicate_threshold=Clusterer(X).duplicate_threshold_range[1])
    queue = build_queue(r, flagged(100, {70: 0.3, 5: 0.0}))
    t = traits(queue)
    groups = r["duplicates"] + sorted(r["near_duplicates"])
    # sizes: one int32 per group item, nothing for singles
    assert np.frombuffer(t["queue_sizes"], "<i4").tolist() == [len(g) for g in groups]
    members = np.frombuffer(t["queue_members"], "<i4")
    singles = r.n_outliers + r.n_potential_outliers
    assert len(members) == singles + sum(len(g) for g in groups) + 2
    assert members[singles : singles + sum(len(g) for g in groups)].tolist() == [i for g in groups for i in g]
    assert members[-2:].tolist() == [5, 70]
    assert t["queue_counts"] == [
        r.n_outliers,
        r.n_potential_outliers,
        len(r["duplicates"]),
        len(r["near_duplicates"]),
        2,
    ]


def test_queue_items_do_not_depend_on_row_order():
    X, _ = walkthrough_blobs()
    perm = np.random.default_rng(3).permutation(100)
    ra, rb = Clusterer(X).evaluate(), Clusterer(X[perm]).evaluate()
    a = queue_lists(build_queue(ra, None))
    b = queue_lists(build_queue(rb, None))
    # the same items (row i of X[perm] is row perm[i] of X) ...
    assert sorted((c, sorted(m)) for c, m in a) == sorted((c, sorted(perm[m].tolist())) for c, m in b)
    # ... and the outliers in the same score order
    assert [ra.outlier_scores[m[0]] for c, m in a if c == 0] == [rb.outlier_scores[m[0]] for c, m in b if c == 0]


def test_empty_queue():
    r = Clusterer(np.zeros((0, 2))).evaluate()
    queue = build_queue(r, None)
    assert queue.counts == (0, 0, 0, 0, 0) and queue.sizes.shape == (0,) and queue.members.shape == (0,)
    assert traits(queue) == {"queue_counts": [0, 0, 0, 0, 0], "queue_sizes": b"", "queue_members": b""}
    assert len(queue.frame()) == 0


def test_score_order_is_highest_first_ties_by_index():
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 20, 5000) / 7.0  # many ties
    scores[:50] = -0.0  # -0.0 ties with 0.0
    scores[50:60] = -scores[50:60] - 1
    idx = np.flatnonzero(rng.random(5000) < 0.7)
    want = idx[np.lexsort((idx, -(scores[idx] + 0.0)))]
    np.testing.assert_array_equal(by_score(idx, scores), want)
    scores[7] = np.nan  # not finite: the plain lexsort
    np.testing.assert_array_equal(by_score(idx, scores), idx[np.lexsort((idx, -scores[idx]))])
    assert by_score(np.zeros(0, np.int64), scores).shape == (0,)


def test_memo_reuses_the_unchanged_half_and_nothing_else():
    X, _ = walkthrough_blobs()
    c = Clusterer(X)
    lo, hi = c.duplicate_threshold_range
    memo = Memo()
    a = build_queue(c.evaluate(min_cluster_size=5, duplicate_threshold=lo), None, memo)
    b = build_queue(c.evaluate(min_cluster_size=5, duplicate_threshold=hi), None, memo)  # duplicates moved
    for queue, t in ((a, lo), (b, hi)):  # the same as built from nothing
        fresh = build_queue(c.evaluate(min_cluster_size=5, duplicate_threshold=t), None)
        assert queue.counts == fresh.counts and traits(queue) == traits(fresh)
    assert b.counts[3] != a.counts[3]
    assert build_queue(c.evaluate(min_cluster_size=5, duplicate_threshold=hi), None, memo) is b  # nothing moved
    m = Memo()
    calls = []
    writeable = np.zeros(3)
    frozen = np.zeros(3)
    frozen.setflags(write=False)
    for inputs in ((writeable,), (writeable,), (frozen,), (frozen,), (frozen, 1), (frozen, 1), (frozen, 2)):
        m.get("x", inputs, lambda: calls.append(1) or np.zeros(2))
    assert len(calls) == 5  # a writeable input may have changed: never reused
    assert not m.get("x", (frozen, 2), lambda: None).flags.writeable  # values come back read-only


def test_label_codes_by_frequency_and_stable():
    labels = np.array(["b", "a", "c", "a", None, "b", "a", np.nan], dtype=object)
    v = LabelVocabulary(labels, len(labels))
    assert v.values == ["a", "b", "c"]  # 3x, 2x, 1x
    assert v.given_codes.tolist() == [1, 0, 2, 0, -1, 1, 0, -1]
    assert v.code_of("zebra") == 3 and v.code_of("a") == 0 and v.code_of(None) == -1
    assert v.lookup("new") is None and v.lookup(float("nan")) == -1
    ties = LabelVocabulary(np.array(["y", "x", "z"]), 3)
    assert ties.values == ["x", "y", "z"]  # equal counts: by text
    codes = np.array([3, 3, 0, 1, 1, 1, -1], dtype=np.int32)
    assert v.choices(codes) == [[1, "b", 3], [3, "zebra", 2], [0, "a", 1]]
    assert v.names(codes, limit=1) == {"1": "b", "3": "zebra"}  # top of each array + new labels


def test_typed_text_takes_the_labels_type():
    ints = LabelVocabulary(np.array([0, 1, 1, 7]), 4)
    assert ints.from_text("7") == 7 and isinstance(ints.from_text("9"), int)
    assert ints.from_text("nine") == "nine"
    floats = LabelVocabulary(np.array([0.5, 1.0]), 2)
    assert floats.from_text("2.5") == 2.5
    words = LabelVocabulary(np.array(["cat", "3"]), 2)
    assert words.from_text("3") == "3" and words.from_text("  cat ") == "cat"
    with pytest.raises(ValueError, match="cannot be empty"):
        words.from_text("  ")
    with pytest.raises(ValueError, match="at most 1000"):
        words.from_text("x" * 1001)
    with pytest.raises(TypeError, match="must be text"):
        words.from_text(3)


def test_label_codes_accept_pandas_and_numpy_scalars():
    s = pd.Series(pd.Categorical(["u", "v", "u"]))
    v = LabelVocabulary(s.to_numpy(), 3)
    assert v.values == ["u", "v"]
    v = LabelVocabulary(np.array([np.int64(4), np.int64(4), np.int64(2)], dtype=object), 3)
    assert v.values == [4, 2] and type(v.values[0]) is int
    assert v.lookup(np.int32(4)) == 0


def test_fingerprint_is_the_data_not_its_container(monkeypatch):
    X, _ = walkthrough_blobs()
    f = _fingerprint.data_fingerprint(X)
    assert f.startswith("sha256:")
    assert _fingerprint.data_fingerprint(X.astype(np.float32).astype(np.float64)) != f  # rounded: other data
    assert _fingerprint.data_fingerprint(X.tolist()) == f
    assert _fingerprint.data_fingerprint(pd.DataFrame(X).to_numpy()) == f
    Y = X.copy()
    Y[50, 1] = np.nextafter(Y[50, 1], 1)
    assert _fingerprint.data_fingerprint(Y) != f
    assert _fingerprint.data_fingerprint(X[:99]) != f
    monkeypatch.setattr(_fingerprint, "_HASH_CHUNK_BYTES", 48)  # 3 rows per chunk: the same hash
    assert _fingerprint.data_fingerprint(X) == f


def test_complete_batches_and_cut_short_tails():
    rows = [["0", "2"], ["0", "2"], ["1", "1"], ["2", "3"], ["2", "3"]]
    assert _journal_csv.complete_prefix(rows) == 3
    assert _journal_csv._batch_start(rows[3:])
    assert not _journal_csv._batch_start([["5", "9"], ["6", "1"]])
    assert not _journal_csv._batch_start([["5"]])  # one damaged line is not the start of a batch
