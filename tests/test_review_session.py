"""ReviewSession: review and relabel without a widget (the explorer holds one)."""

from __future__ import annotations

import numpy as np
import pytest

from hdbscope import Clusterer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.review._session import ReviewSession


@pytest.fixture
def fitted():
    X, y = walkthrough_blobs()
    return Clusterer(X), np.asarray(y, dtype=object)


def session_for(c, labels, path=None):
    s = ReviewSession(
        c.n_samples, list(labels), edits_path=path, fingerprint=c.data_fingerprint, n_features=c.n_features
    )
    r = c.evaluate()
    s.set_result(r, s.label_check(r))
    return s, r


def test_edits_undo_redo_and_views_without_a_widget(fitted):
    c, y = fitted
    s, r = session_for(c, y)
    assert s.check.n_disagreements == r.check_labels(y).n_disagreements
    first = int(np.flatnonzero(r.is_outlier)[0])
    assert s.edit("relabel", [first, 1], "new") == 2
    assert s.log.current_labels()[[first, 1]].tolist() == ["new", "new"]
    cats = s.log.frame().set_index("index")["category"]
    assert cats[first] == "outliers"  # the first finding that flags it, queue order
    assert s.edit_state()["n_relabelled"] == 2 and s.edit_state()["can_undo"]
    assert s.step("undo") == 2 and s.log.current_labels()[first] == y[first]
    assert s.step("undo") == 0  # nothing left to undo
    assert s.step("redo") == 2
    assert s.edit("exclude", np.array([3])) == 1
    frame = s.to_frame()
    assert frame["current_label"][first] == "new" and frame["is_excluded"][3] and frame["decision"][3] == "exclude"
    # the label check follows the current labels
    check = s.label_check(r)
    assert check is not s.check and check.n_disagreements == r.check_labels(s.log.labels).n_disagreements
    q = s.queue(r, check)
    assert q.counts == tuple(s.flagged_counts(r, check).values())
    with pytest.raises(ValueError, match="category must be one of"):
        s.edit("keep", [0], category="nonsense")
    with pytest.raises(ValueError, match=r"must be in \[0, 100\)"):
        s.edit("keep", [100])


def test_a_journal_written_by_one_session_is_loaded_by_the_next(fitted, tmp_path):
    c, y = fitted
    path = tmp_path / "edits.csv"
    s, _ = session_for(c, y, path)
    s.edit("relabel", [5, 6], "x")
    s.edit("exclude", [7])
    s.step("undo")
    again, _ = session_for(c, y, path)
    assert again.edits_path == s.edits_path == path
    assert again.log.current_labels()[[5, 6]].tolist() == ["x", "x"] and not (again.log.decision == 2).any()
    assert again.edit_state() == s.edit_state()
    X, _ = walkthrough_blobs()
    other = Clusterer(X[::-1])  # other data: refused, never silently applied
    with pytest.raises(ValueError):
        ReviewSession(
            other.n_samples, y, edits_path=path, fingerprint=other.data_fingerprint, n_features=other.n_features
        )
