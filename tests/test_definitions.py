"""Each documented definition, pinned by a test against an independent reference
(scikit-learn nearest neighbours, brute-force pair distances on small data)."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import (
    as_groups,
    blobs_2d,
    brute_exact_groups,
    brute_near_groups,
    clumpy,
    digits,
    distinct_nn_distances,
    moons,
    partition,
    planted_copies,
    walkthrough,
    wide_clumps,
)

from hdbscope import Clusterer
from hdbscope.engine._fit import GRID_BITS
from hdbscope.engine._neighbors import KDTREE_MAX_FEATURES

# ---------------------------------------------------------------- outliers


@pytest.mark.parametrize("make", [walkthrough, moons, blobs_2d], ids=lambda f: f.__name__)
def test_outliers_are_exactly_the_noise_labels(make):
    c = Clusterer(make())
    for m in (None, 5, 12, 40):
        r = c.evaluate(min_cluster_size=m)
        expected = np.flatnonzero(r.labels == -1).tolist()
        assert r["outliers"] == expected
        assert np.array_equal(r.is_outlier, r.labels == -1)


def _potential_reference(r):
    """README: the clustered sample scores sorted; the cut is the one at 0-based rank
    ceil(0.98 (n - 1)); if that is 0, the smallest positive one; none positive: no cut."""
    clustered = np.sort(r.outlier_scores[r.labels >= 0])
    if len(clustered) == 0:
        return []
    cut = clustered[int(np.ceil(0.98 * (len(clustered) - 1)))]
    if cut == 0:
        positive = clustered[clustered > 0]
        if len(positive) == 0:
            return []
        cut = positive[0]
    return np.flatnonzero((r.labels >= 0) & (r.outlier_scores >= cut)).tolist()


@pytest.mark.parametrize("make", [walkthrough, moons, blobs_2d], ids=lambda f: f.__name__)
def test_potential_outliers_rule(make):
    c = Clusterer(make())
    for m in (None, 5, 12, 40):
        r = c.evaluate(min_cluster_size=m)
        expected = _potential_reference(r)
        assert r["potential_outliers"] == expected
        assert np.array_equal(r.is_potential_outlier, np.isin(np.arange(c.n_samples), expected))
        # potential outliers are clustered samples, never noise
        assert not np.any(r.is_potential_outlier & r.is_outlier)


def test_walkthrough_has_a_handful_of_potential_outliers(walk_result):
    # issue 11: "the walk-through's data still gives a handful (1 to 10)"
    assert 1 <= len(walk_result["potential_outliers"]) <= 10
    assert walk_result["potential_outliers"] == _potential_reference(walk_result)


def test_potential_outliers_do_not_need_noise():
    # Two far-apart, evenly filled squares: HDBSCAN keeps every point; the rule ranks
    # clustered samples only, so it still flags the few most outlying ones.
    g = np.stack(np.meshgrid(np.arange(10.0), np.arange(10.0)), -1).reshape(-1, 2)
    rng = np.random.default_rng(0)
    X = np.vstack([g, g + 100.0]) + rng.uniform(-0.05, 0.05, size=(200, 2))
    r = Clusterer(X).evaluate(min_cluster_size=20)
    assert r.n_clusters == 2
    assert r["outliers"] == []
    assert r["potential_outliers"] == _potential_reference(r)
    assert 1 <= r.n_potential_outliers <= 10


def test_no_positive_score_means_no_potential_outliers():
    # every clustered sample is at its cluster's densest level (score 0): nothing to flag
    X = np.vstack([np.zeros((30, 2)), np.ones((30, 2))])
    r = Clusterer(X).evaluate(min_cluster_size=10)
    assert r.n_clusters == 2 and np.all(r.outlier_scores == 0)
    assert r["potential_outliers"] == [] and r.outlier_threshold == 1.0


# ---------------------------------------------------------------- exact duplicates


def test_walkthrough_duplicates():
    r = Clusterer(walkthrough()).evaluate()
    assert r["duplicates"] == [[24, 79], [58, 63]]


def test_bit_identical_rows_are_grouped():
    X = blobs_2d()[:500]
    X[[10, 200, 333]] = X[7]
    X[499] = X[0]
    r = Clusterer(X).evaluate()
    groups = as_groups(r["duplicates"])
    assert frozenset({7, 10, 200, 333}) in groups
    assert frozenset({0, 499}) in groups


def test_copy_plus_small_noise_counts_with_default_exact_threshold():
    X = blobs_2d()[:500]
    X[300] = X[42] + 1e-5
    c = Clusterer(X)
    assert np.hypot(1e-5, 1e-5) < c.exact_threshold  # precondition of the data
    assert [42, 300] in c.evaluate()["duplicates"]


@pytest.mark.parametrize(
    "make",
    [walkthrough, blobs_2d, clumpy, lambda: planted_copies()[0], digits, wide_clumps],
    ids=["walkthrough", "blobs_2d", "clumpy", "planted_copies", "digits", "wide_clumps"],
)
def test_thresholds_from_median_nn_of_distinct_rows(make):
    X = make()
    c = Clusterer(X)
    per_row, per_sample = distinct_nn_distances(X)
    median = np.median(per_row[per_row > 0])
    assert c.exact_threshold == pytest.approx(2e-4 * median, rel=1e-9)
    assert c.default_duplicate_threshold == pytest.approx(_chance_factor(per_row, median) * median, rel=1e-9)
    nn = np.asarray(c.nearest_neighbor_distances)
    assert nn.shape == (len(X),) and nn.dtype == np.float64
    # atol: up to 16 features the engine rounds coordinates to 2**-GRID_BITS
    # of the half range (ties then survive rescaling), so a copy + 1e-7 noise,
    # 1e-7 away, is known to that grid, plus ~1 ulp of the coordinates
    half = (X.max(axis=0) - X.min(axis=0)).max() / 2
    grid = 2.0**-GRID_BITS * half * np.sqrt(X.shape[1]) if X.shape[1] <= KDTREE_MAX_FEATURES else 0.0
    np.testing.assert_allclose(nn, per_sample, rtol=1e-9, atol=grid + 1e-13 * np.abs(X).max())


def _chance_factor(per_row, median):
    """README: chance puts 1 - exp(-ln2 f^d) of the points within f x median of a neighbour; d from the
    10% and 50% quantiles of NN distances above exact_threshold; f for 0.01%, clamped to [0.015, 0.13]."""
    d_nn = per_row[per_row > 2e-4 * median]
    q10, q50 = np.quantile(d_nn, [0.1, 0.5])
    if not 0 < q10 < q50:
        return 0.13
    d = np.log(np.log(1 / 0.9) / np.log(2)) / np.log(q10 / q50)
    f = (np.log(1 / (1 - 1e-4)) / np.log(2)) ** (1 / d)
    return min(0.13, max(0.015, f))


def test_duplicate_threshold_range():
    for X in (walkthrough(), clumpy(), digits()):
        c = Clusterer(X)
        low, high = c.duplicate_threshold_range
        assert isinstance(low, float) and isinstance(high, float)
        assert low == c.exact_threshold
        assert low < c.default_duplicate_threshold <= high
        assert np.isfinite(high)
        r = c.evaluate(duplicate_threshold=high)  # both ends are usable values
        assert r.duplicate_threshold == high
        assert c.evaluate(duplicate_threshold=low).duplicate_threshold == low


@pytest.mark.parametrize(
    "make",
    [clumpy, lambda: planted_copies()[0][:500], walkthrough],
    ids=["clumpy", "planted_copies_500", "walkthrough"],
)
def test_exact_duplicates_match_brute_force(make):
    X = make()
    c = Clusterer(X)
    expected = brute_exact_groups(X, c.exact_threshold)
    assert expected, "precondition: the data has exact duplicates"
    assert c.evaluate()["duplicates"] == expected


# ---------------------------------------------------------------- near duplicates


def _thresholds(c):
    low, high = c.duplicate_threshold_range
    d = c.default_duplicate_threshold
    # 0.999 x high: the top of the range is itself a sample's NN distance, and a
    # pair exactly at the threshold would test rounding, not the definition.
    return [2 * low, 0.3 * d, d, 2.5 * d, 0.2 * high, 0.5 * high, 0.999 * high]


@pytest.mark.parametrize(
    "make",
    [clumpy, walkthrough, lambda: planted_copies()[0][:500], wide_clumps],
    ids=["clumpy_3d", "walkthrough", "planted_copies_5d", "wide_clumps_64d"],
)
def test_near_duplicates_match_brute_force(make):
    X = make()
    c = Clusterer(X)
    exact = brute_exact_groups(X, c.exact_threshold)
    nonempty = 0
    for t in _thresholds(c):
        expected = brute_near_groups(X, t, exact)
        got = c.evaluate(duplicate_threshold=t)["near_duplicates"]
        assert got == expected, f"duplicate_threshold={t!r}"
        nonempty += bool(expected)
    assert nonempty >= 3, "precondition: most thresholds should find near duplicates"


def test_near_duplicates_exclude_groups_that_are_only_exact_copies():
    X = blobs_2d()[:300]
    X[299] = X[5]  # an exact pair, far from its neighbours at a tiny threshold
    c = Clusterer(X)
    r = c.evaluate(duplicate_threshold=2 * c.exact_threshold)
    assert [5, 299] in r["duplicates"]
    assert all(not set(g) <= {5, 299} for g in r["near_duplicates"])
    # ... but a third point near the pair makes the three of them a near group
    X[298] = X[5] + 0.5 * c.default_duplicate_threshold
    r = Clusterer(X).evaluate()
    assert any({5, 298, 299} <= set(g) for g in r["near_duplicates"])


def test_near_duplicate_threshold_is_inclusive_and_precise():
    # a pair at distance d: grouped at duplicate_threshold d (1 + 1e-9), not
    # at d (1 - 1e-9): distances are exact to far better than that
    X = blobs_2d()[:400]
    X[399] = X[10] + np.array([0.3, -0.4]) * 1e-2
    c = Clusterer(X)
    d = float(np.linalg.norm(X[399] - X[10]))
    assert c.exact_threshold < d < c.duplicate_threshold_range[1]
    near = np.linalg.norm(X - X[10], axis=1)
    assert np.sum(near <= d * 1.5) == 2, "precondition: no third point close by"
    above = c.evaluate(duplicate_threshold=d * (1 + 1e-9))["near_duplicates"]
    below = c.evaluate(duplicate_threshold=d * (1 - 1e-9))["near_duplicates"]
    assert [10, 399] in above
    assert all(not {10, 399} <= set(g) for g in below)


def test_duplicate_threshold_above_the_range_is_refused():
    # Pairs are gathered up to the range's top only: past it the engine refuses
    # (naming the range) rather than answer from an incomplete set of pairs.
    X = clumpy()
    c = Clusterer(X)
    low, high = c.duplicate_threshold_range
    exact = brute_exact_groups(X, c.exact_threshold)
    assert c.evaluate(duplicate_threshold=high)["near_duplicates"] == brute_near_groups(X, high, exact)
    for t in (1.5 * high, 3 * high):
        with pytest.raises(ValueError, match="duplicate_threshold") as info:
            c.evaluate(duplicate_threshold=t)
        assert f"{high:.6g}" in str(info.value)


def test_duplicate_threshold_below_exact_threshold_finds_no_near_duplicates():
    X = clumpy()
    c = Clusterer(X)
    for t in (0.0, 0.5 * c.exact_threshold):
        r = c.evaluate(duplicate_threshold=t)
        assert r["near_duplicates"] == brute_near_groups(X, t, brute_exact_groups(X, c.exact_threshold)) == []
        assert r["duplicates"] == c.evaluate()["duplicates"]


# ---------------------------------------------------------------- defaults


@pytest.mark.parametrize(
    "n,expected", [(20, 5), (50, 5), (100, 5), (200, 10), (1000, 50), (2000, 100), (2100, 100), (4000, 100)]
)
def test_default_min_cluster_size(n, expected):
    rng = np.random.default_rng(n)
    c = Clusterer(rng.normal(size=(n, 2)))
    assert c.default_min_cluster_size == expected
    assert c.evaluate().min_cluster_size == expected


def test_min_samples_default_and_explicit():
    X = moons()
    c = Clusterer(X)
    assert c.min_samples == 5
    assert c.evaluate().min_samples == 5
    c10 = Clusterer(X, min_samples=10)
    assert c10.min_samples == 10
    assert c10.evaluate().min_samples == 10
    # a different min_samples is a different fit: the labels change on this data
    assert partition(c.evaluate(30).labels) != partition(c10.evaluate(30).labels)


def _normalize(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def _blobs_8d():
    from sklearn.datasets import make_blobs

    return make_blobs(n_samples=1500, n_features=8, centers=6, cluster_std=1.5, random_state=2)[0]


def _blobs_24d():
    from sklearn.datasets import make_blobs

    return make_blobs(n_samples=1500, n_features=24, centers=6, cluster_std=1.5, random_state=2)[0]


@pytest.mark.parametrize("make", [_blobs_8d, _blobs_24d], ids=["blobs_8d", "blobs_24d"])
def test_cosine_equals_euclidean_on_l2_normalised_rows(make):
    # Continuous data on a sphere of dimension >= 7: the two normalisations
    # differ by an ulp here and there, which must not matter. (On integer or
    # 1-D-like data it can: near-tied mutual reachabilities flip, as in hdbscan.)
    X = make()
    cos = Clusterer(X, metric="cosine")
    euc = Clusterer(_normalize(X))
    assert cos.metric == "cosine"
    assert cos.exact_threshold == pytest.approx(euc.exact_threshold, rel=1e-9)
    assert cos.default_duplicate_threshold == pytest.approx(euc.default_duplicate_threshold, rel=1e-9)
    for m in (None, 10, 40):
        a, b = cos.evaluate(m), euc.evaluate(m)
        assert partition(a.labels) == partition(b.labels)
        assert dict(a) == dict(b)


def test_cosine_ignores_row_length():
    # Row lengths scaled by powers of two: the normalised rows are then the
    # same bits, so the whole result must be identical.
    X = digits()
    X = X[np.linalg.norm(X, axis=1) > 0]
    scale = 2.0 ** np.random.default_rng(0).integers(-20, 20, size=(len(X), 1))
    a = Clusterer(X, metric="cosine").evaluate(20)
    b = Clusterer(X * scale, metric="cosine").evaluate(20)
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.outlier_scores, b.outlier_scores)
    assert dict(a) == dict(b)
    # ... and euclidean does see the lengths (a subset: quicker, same point)
    sub = slice(0, 400)
    assert partition(Clusterer((X * scale)[sub]).evaluate(20).labels) != partition(
        Clusterer(X[sub], metric="cosine").evaluate(20).labels
    )


@pytest.mark.parametrize("c_", [1.0, 0.1, 1e-7])
def test_tied_distances_join_at_the_top_of_the_range(c_):
    # issue 10.6: on a unit lattice every nearest-neighbour pair is exactly 1 apart. At the
    # range top (the median NN distance) and at 1.0 they all join one group; just below, none do.
    X = np.array([(i, j) for i in range(60) for j in range(60)], dtype=np.float64) * c_
    c = Clusterer(X)
    top = c.duplicate_threshold_range[1]
    assert top == pytest.approx(c_, rel=1e-9)
    for t in (top, c_):
        groups = c.evaluate(duplicate_threshold=t)["near_duplicates"]
        assert [len(g) for g in groups] == [3600], t
    assert c.evaluate(duplicate_threshold=top * (1 - 1e-6))["near_duplicates"] == []
    with pytest.raises(ValueError, match="above this data's range"):
        c.evaluate(duplicate_threshold=c_ * (1 + 1e-9))
