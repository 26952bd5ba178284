"""The default potential-outlier rule and its criteria (issue 11, point 1), at sizes a
test can afford; benchmarks/bench_outliers.py measures them at 10k, 100k and 1M."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import planted_copies, walkthrough

from hdbscope import Clusterer


def _blobs(n, seed=0):
    """bench_outliers' blobs_2d: 20 gaussian blobs of unequal spread + 2% uniform background."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-100, 100, size=(20, 2))
    spreads = rng.uniform(1.0, 5.0, size=20)
    n_noise = n // 50
    which = rng.integers(0, 20, size=n - n_noise)
    X = np.empty((n, 2))
    X[: n - n_noise] = centers[which] + rng.normal(size=(n - n_noise, 2)) * spreads[which, None]
    X[n - n_noise :] = rng.uniform(-120, 120, size=(n_noise, 2))
    return X


def _plant_far(X, count=30, seed=7):
    """count points outside the data's bounding box grown to 1.2x (bench_outliers.plant_far)."""
    rng = np.random.default_rng(seed)
    lo, hi = X.min(axis=0), X.max(axis=0)
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    u = rng.uniform(-1.6, 1.6, size=(100 * count, X.shape[1]))
    u = u[np.abs(u).max(axis=1) > 1.2][:count]
    return np.vstack([X, mid + u * half])


def _embedding_like(n, seed=0):
    """bench_outliers' embedding_like (benchmarks/_data.py at dim=8, intrinsic 6, no copies): 50
    blobs in a random 6-D subspace of 8-D plus small isotropic noise, float32."""
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.normal(size=(8, 6)))
    centers = rng.normal(size=(50, 6))
    spreads = rng.uniform(0.08, 0.25, size=50)
    which = rng.integers(0, 50, size=n)
    Z = centers[which] + rng.normal(size=(n, 6)) * spreads[which, None]
    return (Z @ basis.T + rng.normal(0.0, 0.05 / np.sqrt(8), size=(n, 8))).astype(np.float32)


GENERATORS = {"blobs_2d": (_blobs, 100), "embedding_like": (_embedding_like, 50)}


@pytest.fixture(scope="module", params=list(GENERATORS))
def shares(request):
    make, min_cluster_size = GENERATORS[request.param]
    out = {}
    for n in (5_000, 20_000):
        X = _plant_far(make(n))
        r = Clusterer(X).evaluate(min_cluster_size=min_cluster_size)
        out[n] = r
    return out


def test_share_is_stable_in_n_and_small(shares):
    share = {n: r.is_potential_outlier[:-30].mean() for n, r in shares.items()}
    assert max(share.values()) <= 0.03
    assert max(share.values()) <= 1.5 * min(share.values())


def test_planted_far_outliers_are_found(shares):
    for r in shares.values():
        found = r.is_outlier[-30:] | r.is_potential_outlier[-30:]
        assert found.mean() >= 0.95


def test_walkthrough_gives_a_handful():
    r = Clusterer(walkthrough()).evaluate()
    assert 1 <= r.n_potential_outliers <= 10


def test_exact_duplicates_share_outlier_status():
    X = planted_copies()[0]
    r = Clusterer(X).evaluate(min_cluster_size=15)
    assert r.n_duplicate_groups > 0
    for g in r["duplicates"]:
        assert len(set(r.is_potential_outlier[g].tolist())) == 1
        assert len(set(r.is_outlier[g].tolist())) == 1


def test_permutation_and_scale_invariance():
    X = _blobs(3_000, seed=3)
    base = Clusterer(X).evaluate(min_cluster_size=40)
    perm = np.random.default_rng(0).permutation(len(X))
    moved = Clusterer(X[perm] * 1024.0 + 7.0).evaluate(min_cluster_size=40)
    assert np.array_equal(moved.is_potential_outlier, base.is_potential_outlier[perm])
    assert moved.outlier_threshold == pytest.approx(base.outlier_threshold, abs=1e-9)
