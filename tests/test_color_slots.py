"""Cluster colour slots (engine/_color_slots.py, README "Cluster colours"): a
function of the fitted tree and min_cluster_size alone, stable across slider
moves and independent of the row order."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import blobs_2d, digits, moons

from hdbscope import Clusterer
from hdbscope.engine._color_slots import node_slots

SIZES = [3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 70, 100, 150, 250]


def _members(result) -> dict[int, frozenset]:
    return {c: frozenset(np.flatnonzero(result.labels == c).tolist()) for c in range(result.n_clusters)}


@pytest.fixture(scope="module", params=["blobs_2d", "moons", "digits"])
def sweep(request):
    X = {"blobs_2d": blobs_2d, "moons": moons, "digits": digits}[request.param]()
    c = Clusterer(X)
    assert c._fit.n_points == len(X)  # no copies: tree sizes are sample counts
    return X, [c.evaluate(min_cluster_size=m) for m in SIZES]


def test_slots_are_int32_one_per_cluster_and_distinct_within_a_result(sweep):
    _, results = sweep
    for r in results:
        assert r.color_slots.dtype == np.int32 and r.color_slots.shape == (r.n_clusters,)
        assert len(set(r.color_slots.tolist())) == r.n_clusters
        assert not r.color_slots.flags.writeable


def test_a_cluster_keeps_its_slot_in_any_result_where_it_survives(sweep):
    # b inside a with more than half of a's points: b lies on a's chain, whatever the
    # two min_cluster_size values (a surviving cluster, or the larger side of a split)
    _, results = sweep
    checked = same_set = 0
    for ra in results:
        for rb in results:
            if rb is ra:
                continue
            mb = _members(rb)
            for a, pa in _members(ra).items():
                for b, pb in mb.items():
                    if len(pb) * 2 > len(pa) and pb <= pa:
                        assert rb.color_slots[b] == ra.color_slots[a], (ra.min_cluster_size, rb.min_cluster_size)
                        checked += 1
                        same_set += pb == pa
    assert checked > 50 and same_set > 10


def test_the_larger_child_of_a_split_keeps_the_parents_slot():
    # Two touching blobs (300 and 200 points) and a far one: at a large min_cluster_size
    # the pair is one cluster, at a smaller one it splits; the 300-point side keeps the colour.
    rng = np.random.default_rng(4)
    X = np.vstack(
        [rng.normal((0, 0), 0.5, (300, 2)), rng.normal((3.0, 0), 0.5, (200, 2)), rng.normal((30, 30), 0.5, (250, 2))]
    )
    c = Clusterer(X)
    blobs = [slice(0, 300), slice(300, 500), slice(500, 750)]

    def blob_labels(r):  # each blob's most common label
        return [int(np.bincount(r.labels[b] + 1).argmax()) - 1 for b in blobs]

    whole, split = c.evaluate(min_cluster_size=240), c.evaluate(min_cluster_size=40)
    pair, _, far_before = blob_labels(whole)
    assert whole.n_clusters == 2 and blob_labels(whole)[1] == pair
    big, small, far = blob_labels(split)
    assert len({big, small, far}) == 3 and -1 not in (big, small, far)
    assert split.color_slots[big] == whole.color_slots[pair]
    assert split.color_slots[far] == whole.color_slots[far_before]
    assert split.color_slots[small] not in (split.color_slots[big], split.color_slots[far])


def test_slots_ignore_the_row_order(sweep):
    X, results = sweep
    perm = np.random.default_rng(11).permutation(len(X))  # Xp[i] = X[perm[i]]
    cp = Clusterer(X[perm])
    for r in results[::3]:
        rp = cp.evaluate(min_cluster_size=r.min_cluster_size)
        by_set = {pa: r.color_slots[a] for a, pa in _members(r).items()}
        for b, pb in _members(rp).items():
            assert rp.color_slots[b] == by_set[frozenset(perm[list(pb)].tolist())]


def test_the_largest_clusters_take_the_first_slots():
    # chains are ranked by size: ten separated blobs get slots 0..9, one colour each
    X = blobs_2d()
    r = Clusterer(X).evaluate(min_cluster_size=15)
    sizes = np.bincount(r.labels[r.labels >= 0])
    assert sorted(r.color_slots.tolist())[:3] == [0, 1, 2] or r.n_clusters < 3
    assert r.color_slots[np.argmax(sizes)] <= 1  # root chain or the first chain split off it


def test_node_slots_follow_the_written_rule_on_a_small_tree():
    # points 0..4; merges (breadth-first order, as prepare() leaves them):
    # node 0 (root, size 5, d 4) = node 1 + node 2; node 1 (size 3, d 2) = point 0 + node 3;
    # node 2 (size 2, d 3) = points 3, 4; node 3 (size 2, d 1) = points 1, 2.
    n = 5
    L = np.array([n + 1, 0, 3, 1])
    R = np.array([n + 2, n + 3, 4, 2])
    D = np.array([4.0, 2.0, 3.0, 1.0])
    S = np.array([5, 3, 2, 2])
    # chains: {0, 1, 3} (heavy: node 1 over node 2, node 3 over point 0), {2}
    assert node_slots((L, R, D, S), n).tolist() == [0, 0, 1, 0]
    # equal sizes: the smaller merge distance is the heavy child (node 3 at d 1 over node 2 at d 3)
    L2 = np.array([n + 1, n + 2, 3, 1])
    R2 = np.array([4, n + 3, 0, 2])  # node 1 = node 2 + node 3 (sizes 2, 2)
    D2 = np.array([5.0, 4.0, 3.0, 1.0])
    S2 = np.array([5, 4, 2, 2])
    assert node_slots((L2, R2, D2, S2), n).tolist() == [0, 0, 1, 0]


def test_fewer_than_two_distinct_rows_give_slot_zero():
    r = Clusterer(np.ones((5, 3))).evaluate(min_cluster_size=2)
    assert r.color_slots.tolist() == [0] * r.n_clusters


def test_the_explorer_sends_the_results_slots_whatever_came_before():
    from hdbscope import ClusterExplorer

    X = blobs_2d()
    a, b = ClusterExplorer(X), ClusterExplorer(X, min_cluster_size=40)
    for m in (7, 25, 3, 60):
        a.min_cluster_size = m
    b.min_cluster_size = 60
    want = a.result.color_slots.astype("<i4").tobytes()
    assert a.color_slots == b.color_slots == want and len(want) == 4 * a.result.n_clusters
