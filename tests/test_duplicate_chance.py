"""Duplicates that are not chance (issue 11, point 4): on continuous random data
with no copies the default thresholds find (almost) nothing, while planted copies,
the walk-through's copy + 1e-5 and near copies moved by 1% of the median
nearest-neighbour distance are all found. The 1M figures: benchmarks/bench_duplicates.py."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import walkthrough

from hdbscope import Clusterer


def _random_blobs(n, d, seed=0):
    """20 gaussian blobs of unequal spread plus 2% uniform background: no copies."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-100, 100, size=(20, d))
    spreads = rng.uniform(1.0, 5.0, size=20)
    n_noise = n // 50
    which = rng.integers(0, 20, size=n - n_noise)
    X = np.empty((n, d))
    X[: n - n_noise] = centers[which] + rng.normal(size=(n - n_noise, d)) * spreads[which, None]
    X[n - n_noise :] = rng.uniform(-120, 120, size=(n_noise, d))
    return X


CASES = [(30_000, 2), (10_000, 8), (4_000, 64)]


@pytest.mark.parametrize("n,d", CASES, ids=[f"{d}d-{n}" for n, d in CASES])
def test_random_data_has_no_chance_duplicates(n, d):
    X = _random_blobs(n, d)
    r = Clusterer(X).evaluate(min_cluster_size=50)
    assert r.n_duplicate_groups == 0
    assert (r.near_duplicate_group >= 0).mean() <= 1e-3


def test_the_old_default_did_flag_chance_pairs_in_2d():
    # the regression this guards against: 0.13 x median NN flags ~1% of 2-D samples
    X = _random_blobs(30_000, 2)
    c = Clusterer(X)
    old = c.evaluate(duplicate_threshold=0.13 * c.duplicate_threshold_range[1])
    assert (old.near_duplicate_group >= 0).mean() > 5e-3
    assert c.default_duplicate_threshold < 0.13 * c.duplicate_threshold_range[1]


@pytest.mark.parametrize("n,d", CASES, ids=[f"{d}d-{n}" for n, d in CASES])
def test_planted_copies_are_found(n, d):
    rng = np.random.default_rng(1)
    X = _random_blobs(n, d)
    median = Clusterer(X[: n // 2]).duplicate_threshold_range[1]  # no copies in this half
    src = rng.choice(n // 2, size=30, replace=False)
    dst = n // 2 + np.arange(30)
    X[dst[:10]] = X[src[:10]]  # bit-identical
    step = rng.normal(size=(20, d))
    step *= (0.01 * median) / np.linalg.norm(step, axis=1, keepdims=True)  # moved by 1% of the median NN
    X[dst[10:]] = X[src[10:]] + step
    r = Clusterer(X).evaluate(min_cluster_size=50)
    for a, b in zip(src[:10], dst[:10]):
        assert r.duplicate_group[a] >= 0 and r.duplicate_group[a] == r.duplicate_group[b]
    for a, b in zip(src[10:], dst[10:]):
        same_exact = r.duplicate_group[a] >= 0 and r.duplicate_group[a] == r.duplicate_group[b]
        same_near = r.near_duplicate_group[a] >= 0 and r.near_duplicate_group[a] == r.near_duplicate_group[b]
        assert same_exact or same_near, (a, b)


def test_walkthrough_copy_plus_1e5_is_still_an_exact_duplicate():
    c = Clusterer(walkthrough())
    assert np.hypot(1e-5, 1e-5) < 0.75 * c.exact_threshold  # with room to spare
    assert c.evaluate()["duplicates"] == [[24, 79], [58, 63]]


def test_slider_still_reaches_the_whole_range():
    X = _random_blobs(5_000, 2)
    c = Clusterer(X)
    low, high = c.duplicate_threshold_range
    assert low < c.default_duplicate_threshold < high
    top = c.evaluate(duplicate_threshold=high)
    assert (top.near_duplicate_group >= 0).mean() > 0.4  # half the samples have their NN within the median
    assert c.evaluate(duplicate_threshold=low).n_near_duplicate_groups == 0
