"""The fifth finding: the label check from the neighbours kept at fit time (issue 15).

The rule (hdbscope/engine/_label_check.py): voters are a sample's copies, its row's k
nearest distinct rows and the rows that count it among theirs; two passes; flagged when
the suggested label's share beats the own label's by at least a third.
"""

from __future__ import annotations

import numpy as np
import pytest

from hdbscope import Clusterer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.engine._label_check import MARGIN


def two_blobs(seed=0, n=120, gap=6.0):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(0, 0.5, (n, 2)), rng.normal(0, 0.5, (n, 2)) + [gap, 0]])
    y = np.array(["a"] * n + ["b"] * n, dtype=object)
    return X, y


def test_a_wrong_label_in_a_tight_cluster_is_flagged_with_the_right_suggestion():
    X, y = two_blobs()
    centre = int(np.argmin(np.linalg.norm(X[:120], axis=1)))  # the most central "a"
    y[centre] = "b"
    r = Clusterer(X, labels=y).evaluate()
    check = r.label_check
    assert r.label_disagreements == [centre]
    assert check.suggested_label[centre] == "a"
    assert check.label_quality[centre] == 0.0 and check.suggestion_confidence[centre] == 1.0
    assert check.label_quality[1 - centre if centre else 1] == 1.0


def test_a_correct_label_on_a_clusters_edge_is_not_flagged():
    X, y = two_blobs(gap=2.0)  # touching blobs (4 standard deviations apart)
    r = Clusterer(X, labels=y).evaluate()
    check = r.label_check
    edge_a = int(np.argmax(np.where(y == "a", X[:, 0], -np.inf)))  # the "a" closest to the "b" blob
    far_a = int(np.argmax(np.linalg.norm(np.where((y == "a")[:, None], X, 0), axis=1)))  # farthest from a's centre
    assert 0.3 < check.label_quality[edge_a] < 1.0  # mixed neighbours, but not against it by a third
    assert not check.is_disagreement[[edge_a, far_a]].any()
    # what is flagged among these correct labels lies inside the other blob, nearer its centre
    for i in check.disagreements:
        own, other = (0.0, 2.0) if y[i] == "a" else (2.0, 0.0)
        assert abs(X[i, 0] - other) < abs(X[i, 0] - own)


def test_noise_samples_are_checked_at_any_min_cluster_size():
    rng = np.random.default_rng(1)
    tight = rng.normal(0, 0.2, (150, 2))
    spray = rng.uniform(-15, 15, (60, 2)) + [40, 0]  # sparse: all noise at min_cluster_size 100
    X = np.vstack([tight, spray])
    y = np.array(["tight"] * 150 + ["spray"] * 60, dtype=object)
    wrong = 150 + int(np.argmin(np.linalg.norm(spray - [40, 0], axis=1)))  # the spray's most central sample
    y[wrong] = "tight"
    c = Clusterer(X, labels=y)
    assert c.evaluate(min_cluster_size=100).labels[wrong] == -1
    flagged = {m: c.evaluate(min_cluster_size=m).label_disagreements for m in (5, 10, 40, 100)}
    assert all(f == [wrong] for f in flagged.values())  # the rule ignores the clusters
    assert c.evaluate(min_cluster_size=100).label_check.suggested_label[wrong] == "spray"


def test_missing_labels_are_neither_flagged_nor_counted():
    X, y = two_blobs()
    y[:60] = None  # half of "a" unlabelled
    y[60] = float("nan")
    wrong = 61 + int(np.argmin(np.linalg.norm(X[61:120], axis=1)))
    y[wrong] = "b"  # a wrong label among the labelled "a"
    check = Clusterer(X, labels=y).evaluate().label_check
    assert np.isnan(check.label_quality[:61]).all() and not check.is_disagreement[:61].any()
    assert all(v is None for v in check.suggested_label[:61])
    assert check.disagreements == [wrong] and check.suggested_label[wrong] == "a"
    # missing labels do not vote: "a" has the whole vote, not a share diluted by "no label"
    assert check.suggestion_confidence[wrong] == 1.0 and check.label_quality[wrong] == 0.0
    assert Clusterer(X, labels=[None] * len(X)).evaluate().label_disagreements == []


def test_copies_vote_once_and_a_conflicting_copy_is_flagged():
    X, y = two_blobs()
    X = np.vstack([X, np.repeat(X[5:6], 30, axis=0)])  # 30 copies of an "a" sample, labelled "b"
    y = np.concatenate([y, np.array(["b"] * 30, dtype=object)])
    check = Clusterer(X, labels=y).evaluate().label_check
    # the copies agree with each other, but vote as one: their row's neighbours outvote them
    assert check.is_disagreement[240:].all() and set(check.suggested_label[240:]) == {"a"}
    assert check.is_disagreement[5] == False  # noqa: E712  (its copies say "b", its 8+ neighbours "a")


def test_the_rule_margin_and_scores_are_consistent():
    X, y = walkthrough_blobs()
    y = y.astype(object)
    rng = np.random.default_rng(3)
    wrong = rng.choice(100, 10, replace=False)
    y[wrong] = (y[wrong] + 1) % 5
    check = Clusterer(X, labels=y).evaluate().label_check
    has = ~np.isnan(check.label_quality)
    margin = check.suggestion_confidence[has] - check.label_quality[has]
    np.testing.assert_array_equal(check.is_disagreement[has], margin >= MARGIN - 1e-9)
    assert (check.suggestion_confidence[has] >= check.label_quality[has]).all()
    assert len(set(check.disagreements) & set(wrong.tolist())) >= 8
    order = check.review_order()
    assert sorted(order.tolist()) == check.disagreements
    assert (np.diff(check.label_quality[order]) >= 0).all()


def test_permutation_invariance():
    X, y = walkthrough_blobs()
    y = y.astype(object)
    y[[3, 17, 50]] = [4, 0, None]
    check = Clusterer(X, labels=y).evaluate().label_check
    perm = np.random.default_rng(0).permutation(len(X))
    checkp = Clusterer(X[perm], labels=y[perm]).evaluate().label_check
    np.testing.assert_array_equal(checkp.is_disagreement, check.is_disagreement[perm])
    np.testing.assert_array_equal(checkp.label_quality, check.label_quality[perm])
    np.testing.assert_array_equal(checkp.suggestion_confidence, check.suggestion_confidence[perm])
    assert list(checkp.suggested_label) == list(check.suggested_label[perm])


def test_frame_summary_and_edited_labels():
    X, y = walkthrough_blobs()
    c = Clusterer(X, labels=y)
    r = c.evaluate()
    frame = r.to_frame()
    assert {"label", "label_quality", "suggested_label", "suggestion_confidence", "is_label_disagreement"} <= set(
        frame.columns
    )
    assert frame["is_label_disagreement"].sum() == len(r.label_disagreements)
    assert "label disagreements" in r.summary()
    assert Clusterer(X).evaluate().label_check is None
    edited = y.astype(object)
    i = int(np.flatnonzero(r.labels == 0)[0])
    edited[i] = (edited[i] + 1) % 5
    check = r.check_labels(edited)
    assert i in check.disagreements and check.suggested_label[i] == y[i]
    # given labels: the vote is computed once per fit and shared by every result
    assert c.evaluate(min_cluster_size=7).label_check.label_quality is r.label_check.label_quality


def test_cluster_majority_and_purity_stay_as_context():
    X, y = walkthrough_blobs()
    r = Clusterer(X).evaluate()
    k = r.labels[0]
    members = np.flatnonzero(r.labels == k)
    labels = np.array(["x"] * len(X), dtype=object)
    half = len(members) // 2
    labels[members[:half]] = "b"
    labels[members[half : 2 * half]] = "a"
    labels[members[2 * half :]] = "c"
    check = r.check_labels(labels)
    assert check.majority_label[k] == "a"  # tie between a and b: the smaller label
    assert check.purity[k] == pytest.approx(half / len(members))
    assert list(check.purity_frame().columns) == ["majority_label", "purity"]


def test_integer_and_object_labels_give_the_same_check():
    X, y = walkthrough_blobs()
    y = y.copy()
    y[[3, 40]] = [4, 0]
    c1 = Clusterer(X, labels=y).evaluate().label_check
    c2 = Clusterer(X, labels=list(y)).evaluate().label_check
    np.testing.assert_array_equal(c1.is_disagreement, c2.is_disagreement)
    assert list(c1.suggested_label) == list(c2.suggested_label)


@pytest.mark.parametrize("bad, err", [([1, 2, 3], ValueError), (np.zeros((100, 2)), ValueError)])
def test_bad_labels_are_refused_clearly(bad, err):
    X, _ = walkthrough_blobs()
    with pytest.raises(err, match="labels"):
        Clusterer(X, labels=bad)


# ---------------------------------------------------------------- Clusterer.neighbors
def test_neighbors_come_from_the_kept_graph_copies_first():
    X, _ = walkthrough_blobs()
    c = Clusterer(X)
    idx, dist = c.neighbors(24, 5)
    assert idx[0] == 79 and dist[0] == 0.0  # its exact copy
    d = np.linalg.norm(X - X[24], axis=1)
    d[[24, 79]] = np.inf
    assert idx[1:].tolist() == np.argsort(d, kind="stable")[:4].tolist()
    assert dist[1:] == pytest.approx(np.sort(d)[:4])
    assert (np.diff(dist) >= 0).all()


def test_neighbors_k_is_clamped_to_the_graph():
    X, _ = walkthrough_blobs()
    c = Clusterer(X)
    idx, dist = c.neighbors(0, 1000)
    assert 0 not in idx.tolist() and len(idx) >= c.neighbor_graph_k  # every sample of the kept rows
    rows = c._fit.inverse[idx]
    assert len(set(rows.tolist())) == c.neighbor_graph_k
    assert c.neighbors(0, 0)[0].tolist() == []
    with pytest.raises(ValueError, match="out of range"):
        c.neighbors(100, 3)
    with pytest.raises(TypeError, match="integer"):
        c.neighbors(1.5, 3)
    with pytest.raises(ValueError, match="k must be"):
        c.neighbors(0, -1)


def test_neighbors_of_identical_rows_are_the_copies():
    c = Clusterer(np.ones((6, 3)))
    idx, dist = c.neighbors(2, 10)
    assert idx.tolist() == [0, 1, 3, 4, 5] and (dist == 0).all()
    y = ["a"] * 5 + ["b"]
    assert Clusterer(np.ones((6, 3)), labels=y).evaluate().label_disagreements == [5]


def test_neighbor_table_is_every_samples_neighbors_at_once():
    from hdbscope.engine import neighbor_table

    X, _ = walkthrough_blobs()
    c = Clusterer(X)
    idx, dist = neighbor_table(c, 6)
    assert idx.shape == dist.shape == (c.n_samples, 6)
    for i in range(c.n_samples):
        want_i, want_d = c.neighbors(i, 6)
        assert idx[i].tolist() == want_i.tolist() and dist[i].tolist() == want_d.tolist()
    pad_i, pad_d = neighbor_table(Clusterer(np.ones((3, 2))), 4)  # two copies each, then nothing
    assert pad_i[1].tolist() == [0, 2, -1, -1] and np.isnan(pad_d[:, 2:]).all()
    with pytest.raises(ValueError, match="k must be"):
        neighbor_table(c, -1)


def test_padded_graph_entries_do_not_vote():
    from hdbscope.engine._label_votes import VoterGraph, neighbor_votes

    knn = np.array([[1, 2], [0, -1], [0, -1]])  # rows 1 and 2 have one neighbour each, padded with -1
    g = VoterGraph.build(knn, np.arange(3), 3)
    v = neighbor_votes(g, np.array([0, 0, 1]), 2)
    # row 2 (code 1): voters row 0 (forward) and row 0 again (it lists 2): all code 0
    assert v.suggested.tolist() == [0, 0, 0] and v.quality[2] == 0.0 and v.confidence[2] == 1.0
    assert v.quality[1] == 1.0  # row 1: row 0 twice (mutual), never the padding's "last row"


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
    np.testing.assert_array_equal(got.label_quality, want.label_quality)
    assert list(got.suggested_label) == list(want.suggested_label)


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
