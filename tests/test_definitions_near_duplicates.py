"""Near duplicates, pinned against brute-force pair distances on small data."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import (
    blobs_2d,
    brute_exact_groups,
    brute_near_groups,
    clumpy,
    planted_copies,
    walkthrough,
    wide_clumps,
)

from hdbscope import Clusterer

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
