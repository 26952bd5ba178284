"""Invariants: copies share a fate, row order and units do not matter, and the
same input gives the same output."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import aniso, as_groups, blobs_2d, digits, embedding, moons, partition, planted_copies, walkthrough

from hdbscope import Clusterer

SIZES = (5, 10, 25, 50)


# ---------------------------------------------------------------- copies


def test_exact_duplicates_share_label_and_outlier_status(planted):
    X, groups = planted
    c = Clusterer(X)
    noise_groups = 0
    for m in (None,) + SIZES:
        r = c.evaluate(min_cluster_size=m)
        found = r["duplicates"]
        # every planted group (bit-identical or + 1e-7) lies inside one found group
        owner = {i: g for g, members in enumerate(found) for i in members}
        for members in groups:
            assert members[0] in owner
            assert {owner.get(i) for i in members} == {owner[members[0]]}, members
        for members in found:
            assert len(set(r.labels[members].tolist())) == 1, (m, members, r.labels[members])
            assert len(set(r.is_outlier[members].tolist())) == 1
            assert len(set(r.is_potential_outlier[members].tolist())) == 1
            assert len(set(r.probabilities[members].tolist())) == 1
            assert len(set(r.outlier_scores[members].tolist())) == 1
            noise_groups += bool(r.is_outlier[members[0]])
    assert noise_groups > 0, "precondition: some duplicate groups should be noise"


def test_copies_of_noise_points_stay_together_in_wide_data():
    # the wide-data path (> 16 features) must collapse copies as well
    X = embedding()[:800, :64].copy()
    rng = np.random.default_rng(11)
    src = rng.choice(800, 60, replace=False)
    X[src[30:]] = X[src[:30]] + rng.uniform(-1e-9, 1e-9, size=(30, 64))
    c = Clusterer(X)
    for m in (5, 20, 40):
        r = c.evaluate(m)
        assert {frozenset(p) for p in zip(src[:30].tolist(), src[30:].tolist())} <= as_groups(r["duplicates"])
        for a, b in zip(src[:30], src[30:]):
            assert r.labels[a] == r.labels[b]


# ---------------------------------------------------------------- row order


def _lattice():
    # integer lattice points: every distance is tied with many others
    g = np.stack(np.meshgrid(np.arange(12.0), np.arange(12.0)), -1).reshape(-1, 2)
    far = np.stack(np.meshgrid(np.arange(6.0), np.arange(6.0)), -1).reshape(-1, 2) * 2 + 30
    rng = np.random.default_rng(2)
    scattered = rng.integers(-10, 50, size=(20, 2)).astype(float)
    return np.vstack([g, far, scattered, g[:10]])  # the last rows copy lattice points


def _wide():
    return embedding()[:1500]


def _mapped(finding_lists, perm):
    # finding from permuted data, mapped back to original indices
    return {frozenset(perm[i] for i in g) for g in finding_lists}


@pytest.mark.parametrize(
    "make",
    [lambda: planted_copies()[0], moons, _lattice, _wide],
    ids=["planted_copies", "moons", "integer_lattice", "embedding_128d"],
)
def test_row_permutation_gives_the_same_partition_and_findings(make):
    X = make()
    perm = np.random.default_rng(7).permutation(len(X))  # Xp[i] = X[perm[i]]
    c, cp = Clusterer(X), Clusterer(X[perm])
    assert cp.exact_threshold == c.exact_threshold
    assert cp.default_duplicate_threshold == c.default_duplicate_threshold
    assert cp.duplicate_threshold_range == c.duplicate_threshold_range
    inv = np.argsort(perm)
    for m in (None,) + SIZES:
        for t in (None, 3 * c.default_duplicate_threshold):
            r, rp = c.evaluate(m, t), cp.evaluate(m, t)
            assert partition(rp.labels[inv]) == partition(r.labels), (m, t)
            assert set(perm[rp["outliers"]].tolist()) == set(r["outliers"])
            assert set(perm[rp["potential_outliers"]].tolist()) == set(r["potential_outliers"])
            assert _mapped(rp["duplicates"], perm) == as_groups(r["duplicates"])
            assert _mapped(rp["near_duplicates"], perm) == as_groups(r["near_duplicates"])
            np.testing.assert_array_equal(rp.outlier_scores[inv], r.outlier_scores)
            np.testing.assert_array_equal(rp.probabilities[inv], r.probabilities)


# ---------------------------------------------------------------- units


def _scale_data():
    X, _ = planted_copies()
    return X[:600]


SCALE_DATA = {
    "planted_copies_600": _scale_data,
    "walkthrough": walkthrough,
    "blobs_2d_1000": lambda: blobs_2d()[:1000],
    "aniso": aniso,
    "digits": digits,
}
# Data whose distances do not tie exactly must not change at all; tied
# integer data is checked below.


@pytest.mark.parametrize("c_", [1e-6, 1e-3, 7.3, 1e3, 1e6])
@pytest.mark.parametrize("name", list(SCALE_DATA))
def test_scaling_the_data_scales_the_thresholds_and_changes_no_finding(name, c_):
    X = SCALE_DATA[name]()
    base, scaled = Clusterer(X), Clusterer(X * c_)
    assert scaled.exact_threshold == pytest.approx(c_ * base.exact_threshold, rel=1e-9)
    assert scaled.default_duplicate_threshold == pytest.approx(c_ * base.default_duplicate_threshold, rel=1e-9)
    lo, hi = scaled.duplicate_threshold_range
    assert lo == pytest.approx(c_ * base.duplicate_threshold_range[0], rel=1e-9)
    assert hi == pytest.approx(c_ * base.duplicate_threshold_range[1], rel=1e-9)
    np.testing.assert_allclose(
        scaled.nearest_neighbor_distances,
        c_ * base.nearest_neighbor_distances,
        rtol=1e-9,
        atol=1e-13 * c_ * np.abs(X).max(),
    )
    assert scaled.default_min_cluster_size == base.default_min_cluster_size
    for m in (None,) + SIZES:
        for t in (None, 0.5, 3.0):  # t: multiples of the default threshold
            a = base.evaluate(m, None if t is None else t * base.default_duplicate_threshold)
            b = scaled.evaluate(m, None if t is None else t * scaled.default_duplicate_threshold)
            assert partition(b.labels) == partition(a.labels), (m, t)
            assert dict(b) == dict(a), (m, t)
            assert b.duplicate_threshold == pytest.approx(c_ * a.duplicate_threshold, rel=1e-9)


@pytest.mark.parametrize("c_", [1e-6, 7.3, 1e6])
@pytest.mark.parametrize("s", [1, 5], ids=["s1", "s5"])
@pytest.mark.parametrize("make", [lambda: blobs_2d()[:600], _scale_data], ids=["blobs_2d_600", "planted_copies_600"])
def test_scaling_the_data_keeps_outlier_scores_and_probabilities(make, s, c_):
    # GLOSH scores and membership probabilities are ratios of lambdas (1 /
    # distance): unitless. hdbscan's own scores agree to ~5e-15 under these
    # scalings. Copies + 1e-7 are clustered as one point, and which copy
    # stands for the group may change with the units: that moves scores by
    # ~1e-7 / (NN distance) at most, hence atol 1e-6. min_samples=1 has no
    # tied mutual reachabilities; min_samples=5 has many, and they must be
    # resolved the same way whatever the units.
    X = make()
    base, scaled = Clusterer(X, min_samples=s), Clusterer(X * c_, min_samples=s)
    for m in (None,) + SIZES:
        a, b = base.evaluate(m), scaled.evaluate(m)
        np.testing.assert_allclose(b.outlier_scores, a.outlier_scores, rtol=0, atol=1e-6, err_msg=f"m={m}")
        np.testing.assert_allclose(b.probabilities, a.probabilities, rtol=0, atol=1e-6, err_msg=f"m={m}")


def _tied_integer_blobs():
    # issue 10.5: before the grid, 0 clusters and 3,000 outliers here, 2 clusters and 1,421 at X * 0.1
    from sklearn.datasets import make_blobs

    return np.round(make_blobs(3000, centers=5, n_features=2, random_state=2, cluster_std=2.0)[0] * 2)


def _unit_lattice():
    return np.array([(i, j) for i in range(40) for j in range(40)], dtype=np.float64)


@pytest.mark.parametrize("c_", [0.1, 1 / 3, 7.3, 1e-7])
@pytest.mark.parametrize("make", [_tied_integer_blobs, _unit_lattice], ids=["integer_blobs", "unit_lattice"])
def test_scaling_tied_integer_data_changes_no_finding(make, c_):
    # X * c rounds, so distances that tie exactly in X (integer data ties all the
    # time) would differ by an ulp in X * c; the engine's grid keeps them tied
    X = make()
    for s in (None, 5):
        base, scaled = Clusterer(X, min_samples=s), Clusterer(X * c_, min_samples=s)
        for m in (None, 10, 50):
            a, b = base.evaluate(m), scaled.evaluate(m)
            assert partition(b.labels) == partition(a.labels), (s, m)
            assert dict(b) == dict(a), (s, m)
            np.testing.assert_array_equal(b.outlier_scores, a.outlier_scores)
            np.testing.assert_array_equal(b.probabilities, a.probabilities)


# ---------------------------------------------------------------- determinism


@pytest.mark.parametrize(
    "make", [lambda: planted_copies()[0], blobs_2d, _wide], ids=["planted_copies", "blobs_2d", "embedding_128d"]
)
def test_same_input_gives_identical_output(make):
    X = make()
    a, b = Clusterer(X), Clusterer(X.copy())
    assert a.method == b.method
    assert a.exact_threshold == b.exact_threshold
    for m in (None, 7, 40):
        ra, rb = a.evaluate(m), b.evaluate(m)
        assert np.array_equal(ra.labels, rb.labels)
        assert np.array_equal(ra.probabilities, rb.probabilities)
        assert np.array_equal(ra.outlier_scores, rb.outlier_scores)
        assert np.array_equal(ra.duplicate_links, rb.duplicate_links)
        assert np.array_equal(ra.near_duplicate_links, rb.near_duplicate_links)
        assert dict(ra) == dict(rb)


# ---------------------------------------------------------------- memory

_MEMORY_SCRIPT = """
import sys
import numpy as np
from hdbscope import Clusterer
rng = np.random.default_rng(0)
for n, d in ((40000, 2), (15000, 24)):
    c = Clusterer(rng.normal(size=(n, d)))
    c.evaluate()
    c.evaluate(min_cluster_size=7, duplicate_threshold=c.duplicate_threshold_range[1])
# VmHWM: this process image's own peak RSS. ru_maxrss is kept across exec, so a child forked from a
# large pytest process would report the parent's size.
print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:')))  # KiB
"""


@pytest.mark.slow
def test_no_n_by_n_matrix():
    # An N x N matrix at N = 15000 is 1.8 GB in float64 (0.9 GB in float32);
    # the whole process, interpreter and libraries included, stays far below.
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    try:
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY_SCRIPT], capture_output=True, text=True, timeout=120, env=env
        )
    except subprocess.TimeoutExpired:
        pytest.fail("fitting 40k x 2 and 15k x 24 took over 120 s")
    assert out.returncode == 0, out.stderr[-3000:]
    peak_mib = int(out.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mib < 950, f"peak RSS {peak_mib:.0f} MiB"


def test_fitted_on_tells_the_data_apart_without_keeping_it():
    import pandas as pd

    rng = np.random.default_rng(11)
    X = rng.normal(size=(300, 3))
    c = Clusterer(X, metric="cosine")
    assert c.fitted_on(X) and c.fitted_on(pd.DataFrame(X)) and c.fitted_on(X.tolist())
    assert not c.fitted_on(X[::-1])  # the same rows in another order: indices would not match
    assert not c.fitted_on(X * 2)  # the same directions (cosine) but other data
    assert not c.fitted_on(X[:, :2])
    Y = X.copy()
    Y[123, 1] = np.nextafter(Y[123, 1], np.inf)  # one bit of one value
    assert not c.fitted_on(Y)
    # one fingerprint: the SHA-256 an edits journal records, also for a float32 copy's values
    from hdbscope.engine._fingerprint import data_fingerprint

    assert c.data_fingerprint == data_fingerprint(X) and c.data_fingerprint.startswith("sha256:")
    assert Clusterer(X.astype(np.float32)).data_fingerprint == data_fingerprint(X.astype(np.float32))


def test_structure_finer_than_the_grid_is_kept():
    # rows 1e-13 apart next to a row 1 away: on the 2**-44 grid they would merge, so the
    # engine keeps the values as they are (no rounding) and finds their true distances
    X = np.zeros((101, 2))
    X[:100, 0] = np.arange(100) * 1e-13
    X[100] = (1.0, 1.0)
    c = Clusterer(X)
    assert c.evaluate()["duplicates"] == []
    np.testing.assert_allclose(c.nearest_neighbor_distances[:100], 1e-13, rtol=1e-3)
