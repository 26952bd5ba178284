"""The engine's own exact Boruvka for low-dimensional data (``_boruvka_lowd``): its
spanning tree is a minimum spanning tree of mutual reachability (total weight and
sorted weights equal scipy's MST of the dense matrix on small data, and hdbscan's exact
method), whatever the row order, with ties, and with neighbours given or searched."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial.distance import cdist

from hdbscope.engine._boruvka_lowd import mst_lowd
from hdbscope.engine._disjoint_set import find


def _dense_mst_weights(X, ms):
    D = cdist(X, X)
    core = np.sort(D, axis=1)[:, ms]  # the ms-th nearest other row (column 0 is the row itself)
    M = np.maximum(D, np.maximum(core[:, None], core[None, :]))
    # csgraph reads 0 as "no edge": distinct rows have positive reachability anyway
    return np.sort(minimum_spanning_tree(M).data)


def _is_spanning_tree(a, b, n):
    parent = np.arange(n)
    for x, y in zip(a, b, strict=True):
        rx, ry = find(parent, x), find(parent, y)
        if rx == ry:
            return False
        parent[max(rx, ry)] = min(rx, ry)
    return len(a) == n - 1


def _data(kind, n, seed):
    rng = np.random.default_rng(seed)
    if kind == "blobs":
        centers = rng.normal(0, 5, size=(6, 2))
        return centers[rng.integers(0, 6, n)] + rng.normal(0, 0.6, size=(n, 2))
    if kind == "grid":  # many exactly tied distances
        side = int(np.sqrt(n)) + 1
        g = np.stack(np.meshgrid(np.arange(side), np.arange(side)), -1).reshape(-1, 2)[:n]
        return g.astype(float) + (rng.random((n, 1)) < 0.1) * 0.5
    if kind == "3d":
        return rng.standard_t(3, size=(n, 3))
    return rng.random((n, 7)) ** 3  # skewed, 7-d


@pytest.mark.parametrize("kind", ["blobs", "grid", "3d", "7d"])
@pytest.mark.parametrize("ms", [1, 2, 5, 10])
def test_tree_is_a_minimum_spanning_tree(kind, ms):
    X = _data(kind, 700, seed=ms)
    X = np.unique(X, axis=0)  # mst_lowd takes distinct rows
    a, b, w = mst_lowd(X, ms)
    assert _is_spanning_tree(a, b, len(X))
    np.testing.assert_allclose(np.sort(w), _dense_mst_weights(X, ms), rtol=0, atol=1e-12)
    # each weight is the mutual reachability of the edge it labels
    D = cdist(X, X)
    core = np.sort(D, axis=1)[:, ms]
    np.testing.assert_allclose(w, np.maximum(D[a, b], np.maximum(core[a], core[b])), rtol=0, atol=1e-12)


@pytest.mark.parametrize("leaf_size", [4, 200])
def test_search_order_does_not_change_the_tree(monkeypatch, leaf_size):
    """Ties everywhere: the (weight, lower id, higher id) order decides, not how the k-d tree is cut."""
    from hdbscope.engine import _boruvka_lowd

    X = np.unique(_data("grid", 900, seed=3), axis=0)
    a, b, w = mst_lowd(X, 4)
    monkeypatch.setattr(_boruvka_lowd, "LEAF_SIZE", leaf_size)
    a2, b2, w2 = mst_lowd(X, 4)
    ours = {(min(x, y), max(x, y), v) for x, y, v in zip(a, b, w, strict=True)}
    theirs = {(min(x, y), max(x, y), v) for x, y, v in zip(a2, b2, w2, strict=True)}
    assert ours == theirs


def test_given_neighbours_inexact_or_exact_give_the_same_tree():
    from hdbscope.engine._neighbors import knn_kdtree

    X = np.unique(_data("blobs", 2000, seed=1), axis=0)
    searched = mst_lowd(X, 5)
    d, i, _ = knn_kdtree(X, 12)
    exact = mst_lowd(X, 5, (d, i), True)
    # an approximate graph (every third neighbour list shuffled past the core distance) still
    # gives the exact tree when flagged as inexact: only the seeding is weaker
    d2, i2 = d.copy(), i.copy()
    rows = np.arange(0, len(X), 3)
    i2[rows, 5:] = i2[rows, 5:][:, ::-1]
    d2[rows, 5:] = d2[rows, 5:][:, ::-1]
    d2[rows, 5:] = np.maximum.accumulate(d2[rows, 5:], axis=1)
    loose = mst_lowd(X, 5, (d2, i2), False)
    for other in (exact, loose):
        for x, y in zip(searched, other, strict=True):
            np.testing.assert_array_equal(x, y)


def test_same_weights_as_hdbscans_exact_method():
    from hdbscan.hdbscan_ import _hdbscan_boruvka_kdtree

    X = np.unique(_data("blobs", 3000, seed=7), axis=0)
    _, _, w = mst_lowd(X, 5)
    slt, _ = _hdbscan_boruvka_kdtree(X, min_samples=5, approx_min_span_tree=False, core_dist_n_jobs=1)
    np.testing.assert_allclose(np.sort(w), np.sort(slt[:, 2]), rtol=0, atol=1e-12)


def test_the_engine_never_imports_hdbscan():
    """hdbscan is a test and benchmark reference only (issue 12, item 7)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, numpy as np; from hdbscope import Clusterer; "
        "c = Clusterer(np.random.default_rng(0).normal(size=(3000, 3)), progress=False); c.evaluate(); "
        "print(c.method); print(sorted(m for m in sys.modules if m.split('.')[0] == 'hdbscan'))"
    )
    src = str(Path(__file__).resolve().parent.parent / "src")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": src}, check=True
    )
    method, modules = out.stdout.strip().splitlines()
    assert "Boruvka" in method and modules == "[]"
