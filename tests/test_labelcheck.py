"""The fifth finding: label disagreements and cluster purity (issue 4, engine side)."""
from __future__ import annotations

import numpy as np
import pytest

from hdbscope import Clusterer
from hdbscope.datasets import walkthrough_blobs


def _reference(cluster, labels):
    """Majority by plain counting; ties to the smallest label."""
    flagged, purity = [], {}
    for k in sorted(set(cluster) - {-1}):
        members = [i for i in range(len(cluster)) if cluster[i] == k and labels[i] is not None]
        values = sorted({labels[i] for i in members})
        counts = {v: sum(labels[i] == v for i in members) for v in values}
        best = max(values, key=lambda v: (counts[v], -values.index(v)))
        purity[k] = counts[best] / len(members)
        flagged += [i for i in members if labels[i] != best]
    return sorted(flagged), purity


def test_disagreements_are_samples_off_their_cluster_majority():
    X, y = walkthrough_blobs()
    y = np.array([f"blob{v}" for v in y], dtype=object)
    y[[3, 10, 40]] = ["mislabelled", "blob0", None]  # a new label, maybe a wrong one, a missing one
    r = Clusterer(X, labels=y).evaluate()
    expected, purity = _reference(r.labels.tolist(), list(y))
    assert r.label_disagreements == expected
    assert 3 in expected and 40 not in expected
    assert np.allclose([r.label_check.purity[k] for k in sorted(purity)], [purity[k] for k in sorted(purity)])
    # noise samples are never flagged, and the four-key mapping is unchanged
    assert not np.any(r.label_check.is_disagreement & (r.labels == -1))
    assert list(r.keys()) == ["outliers", "potential_outliers", "duplicates", "near_duplicates"]


def test_frame_and_summary_carry_the_label_check():
    X, y = walkthrough_blobs()
    r = Clusterer(X, labels=y).evaluate()
    frame = r.to_frame()
    assert {"label", "is_label_disagreement"} <= set(frame.columns)
    assert frame["is_label_disagreement"].sum() == len(r.label_disagreements)
    assert "label disagreements" in r.summary()
    assert Clusterer(X).evaluate().label_check is None


def test_edited_labels_are_checked_without_refitting():
    X, y = walkthrough_blobs()
    r = Clusterer(X, labels=y).evaluate()
    edited = y.astype(object)
    first_cluster = np.flatnonzero(r.labels == 0)[:1]
    edited[first_cluster] = "edited"
    check = r.check_labels(edited)
    assert first_cluster[0] in check.disagreements


def test_label_ties_do_not_depend_on_row_order():
    X, _ = walkthrough_blobs()
    c = Clusterer(X)
    r = c.evaluate()
    k = r.labels[0]
    members = np.flatnonzero(r.labels == k)
    labels = np.array(["x"] * len(X), dtype=object)
    labels[members[: len(members) // 2]] = "b"
    labels[members[len(members) // 2: 2 * (len(members) // 2)]] = "a"
    labels[members[2 * (len(members) // 2):]] = "c"
    check = r.check_labels(labels)
    assert check.majority_label[k] == "a"  # tie between a and b: the smaller label
    perm = np.random.default_rng(0).permutation(len(X))
    rp = Clusterer(X[perm]).evaluate()
    checkp = rp.check_labels(labels[perm])
    assert sorted(perm[checkp.disagreements].tolist()) == check.disagreements


@pytest.mark.parametrize("bad, err", [([1, 2, 3], ValueError), (np.zeros((100, 2)), ValueError)])
def test_bad_labels_are_refused_clearly(bad, err):
    X, _ = walkthrough_blobs()
    with pytest.raises(err, match="labels"):
        Clusterer(X, labels=bad)


def test_tuple_labels_work():
    X, _ = walkthrough_blobs()
    labels = np.empty(len(X), dtype=object)
    labels[:] = [("a", 1)] * 50 + [("b", 2)] * 50
    check = Clusterer(X).evaluate().check_labels(labels)
    assert all(m is None or isinstance(m, tuple) for m in check.majority_label)


def test_check_from_codes_equals_check_from_labels_with_ties_and_unused_labels():
    """The widget checks edited labels from the codes it keeps; it must agree with
    check_labels() exactly, ties (smallest label wins) and labels nobody has any more included."""
    from hdbscope.review._label_codes import LabelVocabulary

    rng = np.random.default_rng(3)
    X = np.concatenate([rng.normal(c, 0.3, size=(40, 2)) for c in ((0, 0), (5, 5), (0, 5))])
    result = Clusterer(X).evaluate(min_cluster_size=10)
    given = np.array(rng.choice(["b", "a", "c"], size=len(X)), dtype=object)
    given[::7] = None
    vocab = LabelVocabulary(given, len(X))
    edited = given.copy()
    for value in ("zz", "a", "b"):  # new labels, and ties made on purpose
        edited[rng.choice(len(X), 10, replace=False)] = value
    codes = np.array([vocab.code_of(v) for v in edited])
    vocab.code_of("never used")
    uniques, rank = vocab.sorted_order()
    got = result.check_label_codes(edited, np.where(codes >= 0, rank[np.maximum(codes, 0)], -1), uniques)
    want = result.check_labels(edited)
    assert np.array_equal(got.is_disagreement, want.is_disagreement)
    assert got.majority_label == want.majority_label
    assert np.array_equal(got.purity, want.purity, equal_nan=True)


def test_all_missing_labels_are_labels_from_scratch_not_a_crash():
    # issue 10.8: the "label from scratch" workflow starts with no label at all
    from hdbscope import ClusterExplorer
    from hdbscope.datasets import walkthrough_blobs

    X, _ = walkthrough_blobs()
    for missing in ([None] * len(X), [float("nan")] * len(X)):
        r = Clusterer(X, labels=missing).evaluate()
        assert r.label_disagreements == []
        assert len(r.to_frame()) == len(X) and "label disagreements:   0" in r.summary()
        w = ClusterExplorer(X, labels=missing)
        assert len(w.to_frame()) == len(X)
        w.relabel([0, 1], "a")
        assert len(w.to_frame()) == len(X) and w.current_labels[0] == "a"
