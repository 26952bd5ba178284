"""Calibrating the duplicate threshold (issue 11, point 3): pairs around the threshold,
marks in, precision and a suggested threshold out."""

from __future__ import annotations

import numpy as np
import pytest

from hdbscope import Clusterer, ClusterExplorer


def _data():
    """Random 2-D blobs with 20 near copies moved by 0.5% of the typical NN distance."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 2))
    X[2980:] = X[:20] + rng.normal(size=(20, 2)) * 1e-4
    return X


def test_pairs_straddle_the_threshold_and_are_real_links():
    X = _data()
    e = ClusterExplorer(X)
    t = e.duplicate_threshold
    frame = e.calibrate_duplicates(n_pairs=10)
    assert list(frame.columns) == ["a", "b", "distance", "side", "mark"]
    below, above = frame[frame.side == "below"], frame[frame.side == "above"]
    assert 1 <= len(below) <= 5 and len(above) == 5
    assert (below.distance <= t).all() and (above.distance > t).all()
    np.testing.assert_allclose(frame.distance, np.linalg.norm(X[frame.a] - X[frame.b], axis=1), rtol=1e-9)
    # "just" above: no link of the forest lies between the threshold and the first pair above
    _, _, d = e.clusterer.near_duplicate_pairs(t, above.distance.max())
    assert len(d) == len(above)
    assert frame["mark"].isna().all()


def test_marks_give_precision_and_a_suggested_threshold():
    X = _data()
    e = ClusterExplorer(X)
    frame = e.calibrate_duplicates(n_pairs=10)
    t = e.duplicate_threshold
    order = np.argsort(frame.distance.to_numpy())
    # the user says: every pair up to the 7th closest is the same thing, the rest differ
    for k, pair in enumerate(order):
        e.mark_pair(int(pair), "same" if k < 7 else "different")
    est = e.calibration_estimate()
    below = frame.distance <= t
    assert est["n_marked"] == len(frame) and est["n_marked_below"] == int(below.sum())
    want_same = sum(1 for k, p in enumerate(order) if k < 7 and below[p])
    assert est["n_same_below"] == want_same
    assert est["precision"] == pytest.approx(want_same / below.sum())
    assert est["suggested_threshold"] == pytest.approx(frame.distance.to_numpy()[order[6]])
    assert e.mark_pair(int(order[0]), "different")["mark"][int(order[0])] == "different"


@pytest.mark.parametrize("pair, mark", [(99, "same"), (-1, "same"), (0, "maybe"), (True, "same")])
def test_bad_marks_are_refused(pair, mark):
    e = ClusterExplorer(_data())
    e.calibrate_duplicates(n_pairs=6)
    with pytest.raises(ValueError):
        e.mark_pair(pair, mark)


def test_marking_needs_pairs_first_and_the_estimate_starts_empty():
    e = ClusterExplorer(_data())
    with pytest.raises(RuntimeError, match="calibrate_duplicates"):
        e.mark_pair(0, "same")
    est = e.calibration_estimate()
    assert est["n_marked"] == 0 and est["precision"] is None and est["suggested_threshold"] is None
    assert est["precision_low"] is None and est["threshold"] == e.duplicate_threshold
    assert len(e.duplicate_marks) == 0


def test_estimate_follows_the_threshold_and_marks_survive_a_new_sample():
    """Marks belong to pairs: after the slider moves they still count, at the new threshold,
    and a new calibration shows the marks already made on the pairs it samples again."""
    X = _data()
    e = ClusterExplorer(X)
    frame = e.calibrate_duplicates(n_pairs=8)
    for k in range(len(frame)):
        e.mark_pair(k, "same" if frame.side[k] == "below" else "different")
    at_first = e.calibration_estimate()
    assert at_first["precision"] == 1.0 and at_first["n_marked_below"] == int((frame.side == "below").sum())
    # the suggestion is the largest "same" distance; applying it changes nothing marked below
    assert at_first["suggested_threshold"] == pytest.approx(frame.distance[frame.side == "below"].max())
    e.duplicate_threshold = float(frame.distance.max())  # every marked pair now at or below
    later = e.calibration_estimate()
    assert later["n_marked_below"] == len(frame) and later["n_marked"] == len(frame)
    assert later["precision"] == pytest.approx((frame.side == "below").mean())
    again = e.calibrate_duplicates(n_pairs=8)
    shared = again.merge(frame, on=["a", "b"], suffixes=("", "_before"))
    want = shared["side_before"].map({"below": "same", "above": "different"})
    assert len(shared) and (shared["mark"] == want).all()
    marks = e.duplicate_marks
    assert list(marks.columns) == ["a", "b", "distance", "mark", "time"] and len(marks) == len(frame)
    assert (marks.a < marks.b).all() and marks.distance.is_monotonic_increasing


def test_near_duplicate_pairs_are_the_forest_links_in_range():
    X = _data()
    c = Clusterer(X)
    lo, hi = c.duplicate_threshold_range
    a, b, d = c.near_duplicate_pairs(lo, hi)
    assert np.all(np.diff(d) >= 0) and np.all((d > lo) & (d <= hi))
    r = c.evaluate(duplicate_threshold=c.default_duplicate_threshold)
    at_default = d <= c.default_duplicate_threshold
    assert {tuple(sorted(p)) for p in zip(a[at_default], b[at_default])} == {
        tuple(sorted(p)) for p in r.near_duplicate_links.tolist()
    }
