"""engine/_disjoint_set.py against plain definitions on random graphs."""

from __future__ import annotations

import numpy as np
from _engine_data import _union_find_groups

from hdbscope.engine._disjoint_set import dense_labels, root_labels, spanning_forest


def test_labels_are_the_connected_components():
    rng = np.random.default_rng(0)
    for _ in range(50):
        n, m = int(rng.integers(1, 40)), int(rng.integers(0, 60))
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        groups = {frozenset(g) for g in _union_find_groups(n, list(zip(a.tolist(), b.tolist())))}
        roots, dense = root_labels(a, b, m, n), dense_labels(a, b, n)
        sets = {frozenset(np.flatnonzero(roots == r).tolist()) for r in np.unique(roots)}
        assert {s for s in sets if len(s) > 1} == groups
        for r in np.unique(roots):  # the root is its set's smallest member
            assert r == np.flatnonzero(roots == r).min()
        firsts = [int(np.flatnonzero(dense == c)[0]) for c in range(dense.max() + 1)]
        assert firsts == sorted(firsts) and np.array_equal(dense == dense[:, None], roots == roots[:, None])


def test_spanning_forest_is_minimal_and_ignores_edge_order():
    rng = np.random.default_rng(1)
    for _ in range(30):
        n, m = int(rng.integers(2, 30)), int(rng.integers(1, 80))
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        w = rng.integers(0, 5, m).astype(float)  # many equal weights
        fa, fb, fw = spanning_forest(a, b, w, n)
        perm = rng.permutation(m)
        pa, pb, pw = spanning_forest(a[perm], b[perm], w[perm], n)
        assert np.array_equal(fa, pa) and np.array_equal(fb, pb) and np.array_equal(fw, pw)
        assert np.all(np.diff(fw) >= 0)
        # same components as the whole graph, with n - components edges
        whole, forest = dense_labels(a, b, n), dense_labels(fa, fb, n)
        assert np.array_equal(whole, forest) and len(fa) == n - (whole.max() + 1)
        # minimal: Kruskal's weight equals a brute Prim per component
        total = 0.0
        for c in range(whole.max() + 1):
            nodes = set(np.flatnonzero(whole == c).tolist())
            seen = {min(nodes)}
            while seen != nodes:
                cands = [w[e] for e in range(m) if (a[e] in seen) != (b[e] in seen)]
                best = min(cands)
                e = next(e for e in range(m) if (a[e] in seen) != (b[e] in seen) and w[e] == best)
                seen |= {int(a[e]), int(b[e])}
                total += best
        assert fw.sum() == total
