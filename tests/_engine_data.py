"""Shared datasets and reference helpers for the engine tests.

Every dataset is built from a fixed seed, cached once per session, and handed
out as a fresh copy so no test can change another test's data. The O(n^2)
helpers (``brute_*``) exist for small reference data in tests only.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

# ---------------------------------------------------------------- datasets


@functools.cache
def _blobs_2d(n=2000, seed=0):
    """Ten 2-D blobs of very different sizes (20 to 560) and spreads, some
    close together, plus 7% uniform background: min_cluster_size matters."""
    from sklearn.datasets import make_blobs

    rng = np.random.default_rng(seed)
    sizes = [560, 420, 300, 200, 140, 90, 60, 40, 30, 20]
    centers = [(-6, -4), (-3, 5), (0, 0), (4, 4), (6, -5), (9, 1), (1.8, 1.6), (-5, 0), (8, 6), (-8, 7)]
    spread = [1.2, 1.3, 0.8, 0.6, 1.2, 0.7, 0.35, 0.5, 0.4, 0.3]
    X, _ = make_blobs(n_samples=sizes, centers=centers, cluster_std=spread, random_state=seed)
    noise = rng.uniform(-10, 12, size=(n - sum(sizes), 2))
    return np.vstack([X, noise])[rng.permutation(n)]


@functools.cache
def _moons(n=1500, seed=1):
    from sklearn.datasets import make_moons

    rng = np.random.default_rng(seed)
    n_noise = n // 20
    X, _ = make_moons(n_samples=n - n_noise, noise=0.08, random_state=seed)
    noise = rng.uniform([-1.5, -1.0], [2.5, 1.5], size=(n_noise, 2))
    return np.vstack([X, noise])[rng.permutation(n)]


@functools.cache
def _aniso(n=1500, seed=170):
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(n_samples=n, centers=4, cluster_std=[1.0, 1.5, 0.5, 2.0], random_state=seed)
    return X @ np.array([[0.6, -0.6], [-0.4, 0.8]])  # the scikit-learn "anisotropic blobs" shear


@functools.cache
def _digits():
    from sklearn.datasets import load_digits

    # 1797 x 64 integer pixels. Checked: no two rows are identical (np.unique
    # over rows keeps all 1797), and the closest pair is 5.29 apart against a
    # median nearest-neighbour distance of 16.1, so no exact duplicates either.
    return load_digits().data.astype(np.float64)


@functools.cache
def _embedding(n=3000, d=128, k=12, rank=12, seed=0):
    """Embedding-like data: gaussian clusters of unequal size and spread in a
    random low-rank subspace, 5% background points, small isotropic noise."""
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.normal(size=(d, rank)))[0]
    centers = rng.normal(scale=2.5, size=(k, rank))
    weights = rng.dirichlet(np.ones(k))
    n_noise = n // 20
    lab = rng.choice(k, n - n_noise, p=weights)
    spread = rng.uniform(0.4, 1.2, k)
    Z = centers[lab] + rng.normal(size=(n - n_noise, rank)) * spread[lab, None]
    Z = np.vstack([Z, rng.uniform(-6, 6, size=(n_noise, rank))])[rng.permutation(n)]
    return Z @ basis.T + rng.normal(scale=0.05, size=(n, d))


@functools.cache
def _planted_copies(n=1000, d=5, seed=3):
    """Blobs with many planted duplicates.

    Returns ``(X, groups)``: ``groups`` is the list of planted groups (sorted
    index lists): bit-identical copies (pairs and triples) and copies plus
    1e-7 noise (far below 1e-3 x the median nearest-neighbour distance).
    40 more rows are near (not exact) copies of group members, about 0.02
    away, so the data also has near duplicates at the default threshold.
    """
    from sklearn.datasets import make_blobs

    rng = np.random.default_rng(seed)
    X, _ = make_blobs(n_samples=n, n_features=d, centers=5, cluster_std=1.0, random_state=seed)
    # a few sparse points, so some copies land among the outliers
    X[:20] = rng.uniform(X.min(0) - 3, X.max(0) + 3, size=(20, d))
    perm = rng.permutation(n)
    sources, targets = perm[:120], perm[120:]
    groups = []
    t = 0
    for i, s in enumerate(sources):
        size = 3 if i % 5 == 0 else 2
        members = [int(s)]
        for _ in range(size - 1):
            j = int(targets[t])
            t += 1
            if i % 2:  # half the groups: copies plus tiny noise
                X[j] = X[s] + rng.uniform(-1e-7, 1e-7, size=d)
            else:
                X[j] = X[s]
            members.append(j)
        groups.append(sorted(members))
    # near (not exact) copies of 40 of the sources, ~0.02 away: near duplicates
    for s in sources[:40]:
        X[int(targets[t])] = X[s] + rng.normal(scale=0.01, size=d)
        t += 1
    return X, sorted(groups)


@functools.cache
def _clumpy(n=400, d=3, seed=5):
    """Small data for brute-force duplicate checks: scattered points, tight
    clumps at several scales, bit-identical copies and copies plus 1e-7."""
    rng = np.random.default_rng(seed)
    n_base = n - 100
    X = rng.uniform(0, 10, size=(n_base, d))
    parts = [X]
    for i, scale in enumerate([1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 2e-1]):
        for _ in range(3):
            center = rng.uniform(0, 10, size=d)
            size = 2 + (i % 4)
            parts.append(center + rng.normal(scale=scale, size=(size, d)))
    X = np.vstack(parts)
    sources = rng.choice(len(X), n - len(X), replace=False)
    copies = X[sources].copy()
    copies[1::2] += rng.uniform(-1e-7, 1e-7, size=copies[1::2].shape)  # every other copy: + 1e-7
    X = np.vstack([X, copies])
    return X[rng.permutation(len(X))]


@functools.cache
def _wide_clumps(n=300, d=64, seed=6):
    """Wide data with two dense clumps of 25 points each, a little apart: every
    clump member has its nearest neighbours inside its own clump, so only a
    search that reaches beyond the k nearest finds the pairs between clumps."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n - 50, d))
    center = rng.normal(size=d)
    step = rng.normal(size=d)
    step /= np.linalg.norm(step)
    a = center + rng.normal(scale=1e-2, size=(25, d))
    b = center + 0.5 * step + rng.normal(scale=1e-2, size=(25, d))
    X = np.vstack([X, a, b])
    return X[rng.permutation(len(X))]


def _copy(f):
    def get(*args, **kwargs):
        out = f(*args, **kwargs)
        if isinstance(out, tuple):
            return (out[0].copy(),) + tuple(out[1:])
        return out.copy()

    get.__name__ = f.__name__.lstrip("_")
    get.__doc__ = f.__doc__
    return get


blobs_2d = _copy(_blobs_2d)
moons = _copy(_moons)
aniso = _copy(_aniso)
digits = _copy(_digits)
embedding = _copy(_embedding)
planted_copies = _copy(_planted_copies)
clumpy = _copy(_clumpy)
wide_clumps = _copy(_wide_clumps)


def walkthrough():
    from hdbscope.datasets import walkthrough_blobs

    return walkthrough_blobs()[0]


# ---------------------------------------------------------------- helpers


def partition(labels):
    """(clusters as a frozenset of frozensets of indices, noise as a frozenset)."""
    labels = np.asarray(labels)
    clusters = frozenset(frozenset(np.flatnonzero(labels == k).tolist()) for k in np.unique(labels) if k != -1)
    return clusters, frozenset(np.flatnonzero(labels == -1).tolist())


def as_groups(lists):
    """A finding's list of index lists as a set of frozensets."""
    return {frozenset(g) for g in lists}


def _union_find_groups(n, pairs):
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps = {}
    for i in range(n):
        comps.setdefault(find(i), []).append(i)
    return sorted(sorted(c) for c in comps.values() if len(c) >= 2)


def brute_distances(X):
    """Full pairwise euclidean distances: O(n^2), for n <= ~500 in tests only."""
    X = np.asarray(X, dtype=np.float64)
    diff = X[:, None, :] - X[None, :, :]
    return np.sqrt((diff * diff).sum(-1))


def brute_exact_groups(X, exact_threshold):
    """Connected components of pairs within exact_threshold (bit-identical rows
    are at distance 0, so always grouped)."""
    D = brute_distances(X)
    i, j = np.nonzero(np.triu(exact_threshold >= D, 1))
    return _union_find_groups(len(X), zip(i, j))


def brute_near_groups(X, threshold, exact_groups):
    """Connected components of pairs with distance <= threshold, minus pairs
    within the same exact-duplicate group (so a group that is only copies of
    one row is not reported)."""
    D = brute_distances(X)
    exact_id = np.full(len(X), -1)
    for g, members in enumerate(exact_groups):
        exact_id[members] = g
    i, j = np.nonzero(np.triu(threshold >= D, 1))
    keep = ~((exact_id[i] == exact_id[j]) & (exact_id[i] >= 0))
    return _union_find_groups(len(X), zip(i[keep], j[keep]))


def distinct_nn_distances(X):
    """Per distinct row, the distance to its nearest other distinct row
    (scikit-learn's ball tree: exact differences, unlike the BLAS brute-force
    path), and per sample the same through its row."""
    from sklearn.neighbors import NearestNeighbors

    U, inverse = np.unique(X, axis=0, return_inverse=True)
    d, _ = NearestNeighbors(n_neighbors=2, algorithm="ball_tree").fit(U).kneighbors(U)
    return d[:, 1], d[:, 1][inverse.ravel()]


def spread_sizes(lo, hi, k=8):
    """k distinct min_cluster_size values spread geometrically from lo to hi."""
    return sorted({int(round(v)) for v in np.geomspace(lo, hi, k)})


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def walk_clusterer():
    from hdbscope import Clusterer

    return Clusterer(walkthrough())


@pytest.fixture(scope="session")
def walk_result(walk_clusterer):
    return walk_clusterer.evaluate()


@pytest.fixture(scope="session")
def planted():
    return planted_copies()
