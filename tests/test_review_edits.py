"""Relabel, keep, exclude, undo and redo from Python, and what the explorer
reports afterwards: relabels, current_labels, exclude_mask, to_frame(), the
label check of the current labels (the engine's), flags and the review queue."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hdbscope import ClusterExplorer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.widget._serialization import (
    FLAG_DUPLICATE,
    FLAG_EXCLUDED,
    FLAG_LABEL_DISAGREEMENT,
    FLAG_OUTLIER,
    FLAG_RELABELLED,
)

RELABELS_COLUMNS = ["index", "old_label", "new_label", "action", "category", "time", "batch"]


@pytest.fixture
def blobs():
    return walkthrough_blobs()


@pytest.fixture
def w(blobs):
    X, y = blobs
    return ClusterExplorer(X, labels=y)


def flags(w):
    return np.frombuffer(w.flags, dtype=np.uint8)


def test_a_fresh_explorer_has_no_edits(w, blobs):
    _, y = blobs
    assert list(w.relabels.columns) == RELABELS_COLUMNS and len(w.relabels) == 0
    np.testing.assert_array_equal(w.current_labels, y)
    assert w.current_labels.dtype == y.dtype
    assert not w.exclude_mask.any()
    assert w.edit_state["n_edits"] == 0 and not w.edit_state["can_undo"] and not w.edit_state["can_redo"]
    assert w.undo() == 0 and w.redo() == 0


def test_relabel_changes_labels_flags_and_the_label_check(w, blobs):
    X, y = blobs
    r = w.result
    c0 = np.flatnonzero(r.labels == 0)
    victims = c0[:3]
    assert w.relabel(victims, 99) == 3
    cur = w.current_labels
    assert cur.dtype == y.dtype  # int labels stay an int array
    np.testing.assert_array_equal(np.flatnonzero(cur != y), victims)
    # the label check is the engine's, on the current labels
    want = r.check_labels(cur)
    np.testing.assert_array_equal(w.label_check.is_disagreement, want.is_disagreement)
    assert set(want.disagreements) >= set(victims.tolist())
    f = flags(w)
    np.testing.assert_array_equal((f & FLAG_LABEL_DISAGREEMENT) > 0, want.is_disagreement)
    np.testing.assert_array_equal(np.flatnonzero(f & FLAG_RELABELLED), victims)
    assert w.summary["n_label_disagreements"] == want.n_disagreements
    assert w.summary["queue"]["label_disagreements"] == want.n_disagreements
    queue = w.review_queue()
    dis = queue[queue.category == "label_disagreements"]
    assert [m for (m,) in dis.members] == want.disagreements  # one item per sample, by index


def test_relabels_frame_records_old_and_new_labels_and_category(w, blobs):
    _, y = blobs
    outlier = w.result["outliers"][0]
    dup = w.result["duplicates"][0]
    w.relabel([outlier], "stray")
    w.exclude(dup[1:], category="duplicates")
    w.keep([outlier])
    rel = w.relabels
    assert list(rel.columns) == RELABELS_COLUMNS
    assert rel["index"].tolist() == [outlier, dup[1], outlier]
    assert rel["old_label"].tolist() == [y[outlier], y[dup[1]], "stray"]
    assert rel["new_label"].tolist() == ["stray", y[dup[1]], "stray"]
    assert rel["action"].tolist() == ["relabel", "exclude", "keep"]
    assert rel["category"].tolist() == ["outliers", "duplicates", "outliers"]  # derived for the first
    assert rel["batch"].tolist() == [0, 1, 2]
    assert isinstance(rel["time"].dtype, pd.DatetimeTZDtype) and rel["time"].is_monotonic_increasing
    assert w.exclude_mask.tolist() == [i == dup[1] for i in range(100)]
    assert flags(w)[dup[1]] & FLAG_EXCLUDED and flags(w)[dup[1]] & FLAG_DUPLICATE
    assert w.current_labels.dtype == object  # "stray" among ints


def test_edits_that_change_nothing_are_not_recorded(w):
    assert w.relabel([0, 1], w.current_labels[0]) == 1  # sample 0 already has that label
    assert w.relabel([0, 1], w.current_labels[0]) == 0
    assert w.exclude([5]) == 1 and w.exclude([5]) == 0
    assert len(w.relabels) == 2


def test_undo_and_redo_walk_the_stack(w, blobs):
    _, y = blobs
    w.relabel([1, 2], "a")
    w.relabel([2, 3], "b")
    w.exclude([3])
    assert w.edit_state["undo"] == "exclude 1 sample"
    assert w.undo() == 1 and not w.exclude_mask[3]
    assert w.undo() == 2
    assert list(w.current_labels[[1, 2, 3]]) == ["a", "a", y[3]]
    assert w.edit_state["can_redo"] and w.edit_state["redo"] == "label 2 samples 'b'"
    assert w.redo() == 2
    assert list(w.current_labels[[1, 2, 3]]) == ["a", "b", "b"]
    assert w.relabels["old_label"].tolist() == [y[1], y[2], "a", y[3]]
    w.keep([7])  # a new edit clears the redo stack
    assert w.redo() == 0 and not w.edit_state["can_redo"]
    assert w.undo() == 1 and w.undo() == 2 and w.undo() == 2 and w.undo() == 0
    np.testing.assert_array_equal(w.current_labels, y)
    assert len(w.relabels) == 0


def test_slider_moves_keep_the_edits_and_recheck_labels(w):
    w.relabel([10, 11], "odd")
    w.exclude([12])
    w.min_cluster_size = 12
    assert list(w.current_labels[[10, 11]]) == ["odd", "odd"] and w.exclude_mask[12]
    want = w.result.check_labels(w.current_labels)
    np.testing.assert_array_equal((flags(w) & FLAG_LABEL_DISAGREEMENT) > 0, want.is_disagreement)
    np.testing.assert_array_equal((flags(w) & FLAG_OUTLIER) > 0, w.result.is_outlier)
    assert flags(w)[12] & FLAG_EXCLUDED


def test_to_frame_has_every_finding_and_edit(w, blobs):
    _, y = blobs
    w.relabel([0], "renamed")
    w.exclude([24])
    f = w.to_frame()
    assert len(f) == 100 and f.index.name == "sample"
    engine = w.result.to_frame()
    for col in engine.columns:
        pd.testing.assert_series_equal(f[col], engine[col])
    assert f["label"].tolist() == list(y)
    np.testing.assert_array_equal(f["is_label_disagreement"], w.result.check_labels(y).is_disagreement)
    assert f.loc[0, "current_label"] == "renamed" and bool(f.loc[0, "is_relabelled"])
    assert f["is_relabelled"].sum() == 1
    np.testing.assert_array_equal(f["is_current_label_disagreement"], w.label_check.is_disagreement)
    clustered = f[f.cluster >= 0]
    majority = w.label_check.majority_label
    assert [majority[c] for c in clustered.cluster] == clustered["majority_label"].tolist()
    assert f.loc[f.cluster < 0, "majority_label"].isna().all()
    assert f.loc[24, "decision"] == "exclude" and bool(f.loc[24, "is_excluded"])
    assert (f["decision"] == "").sum() == 99


def test_without_given_labels_relabelling_starts_from_nothing(blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    assert w.label_check is None and w.summary["n_label_disagreements"] == 0
    assert w.current_labels.tolist() == [None] * 100
    w.relabel(np.flatnonzero(w.result.labels == 0), "first")
    w.relabel([int(np.flatnonzero(w.result.labels == 0)[0])], "second")
    assert w.label_check is not None and w.label_check.disagreements == [int(np.flatnonzero(w.result.labels == 0)[0])]
    f = w.to_frame()
    assert f["label"].isna().all() and not f["is_label_disagreement"].any()


def test_labels_and_indices_are_validated(w):
    with pytest.raises(ValueError, match=r"in \[0, 100\)"):
        w.relabel([100], "x")
    with pytest.raises(TypeError, match="hashable"):
        w.relabel([1], ["a", "list"])
    with pytest.raises(ValueError, match="category must be one of"):
        w.exclude([1], category="bogus")
    assert w.relabel(np.arange(100) == 3, "mask") == 1  # a boolean mask works too
    assert len(w.relabels) == 1


def test_string_labels_keep_a_string_array(blobs):
    X, y = blobs
    names = np.array([f"blob {v}" for v in y])
    w = ClusterExplorer(X, labels=names)
    w.relabel([0], "a much longer label than any before")
    cur = w.current_labels
    assert cur.dtype.kind == "U" and cur[0] == "a much longer label than any before"
    assert w.label_choices[0][2] == 20  # [code, text, count], most frequent first
    codes = np.frombuffer(w.current_codes, dtype="<i4")
    new_code = w.label_choices[-1][0] if w.label_choices[-1][1].startswith("a much") else None
    assert new_code is not None and codes[0] == new_code
    assert w.label_names[str(new_code)] == "a much longer label than any before"


def test_labels_keep_their_type_and_kind():
    # issue 10.10: relabelling string labels to 3 gave '3'; 1, True and 1.0 were one label;
    # tuple labels were refused as "not one-dimensional"
    from hdbscope import Clusterer, ClusterExplorer
    from hdbscope.datasets import walkthrough_blobs

    X, y = walkthrough_blobs()
    w = ClusterExplorer(X, labels=np.array([f"c{v}" for v in y]))
    w.relabel([0], 3)
    assert w.current_labels[0] == 3 and type(w.current_labels[0]) is int and w.current_labels[1] == f"c{y[1]}"
    w.undo()
    assert w.current_labels.dtype.kind == "U"  # all text again: the given dtype comes back
    mixed = [1, True, 1.0] + ["x"] * (len(X) - 3)
    w = ClusterExplorer(X, labels=mixed)
    assert sorted(w._session.vocab.text(c) for c in range(len(w._session.vocab.values))) == ["1", "1.0", "True", "x"]
    assert [type(v) for v in w.current_labels[:3]] == [int, bool, float]
    w.relabel([3], True)
    assert w.current_labels[3] is True and w._session.log.codes[3] == w._session.log.codes[1] != w._session.log.codes[0]
    from hdbscope.engine._label_check import factorize

    codes, uniques = factorize(np.array(mixed, dtype=object))
    assert codes[:3].tolist() == [0, 1, 2] and [type(v) for v in uniques[:3]] == [int, bool, float]
    pairs = [(int(v), "x") for v in y]
    w = ClusterExplorer(X, labels=pairs)
    assert w.current_labels[0] == pairs[0]
    assert Clusterer(X, labels=pairs).evaluate().to_frame().shape[0] == len(X)
    with pytest.raises(TypeError, match="label 0 is a list"):
        ClusterExplorer(X, labels=[[1, 2]] * len(X))
