"""Each documented definition, pinned by a test against an independent reference
(scikit-learn nearest neighbours, brute-force pair distances on small data): outliers, potential
outliers and exact duplicates here; near duplicates and defaults in test_definitions_*.py."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import (
    as_groups,
    blobs_2d,
    brute_exact_groups,
    clumpy,
    digits,
    distinct_nn_distances,
    moons,
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
