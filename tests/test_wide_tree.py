"""HDBSCAN's spanning tree on wide data (``engine/_boruvka_wide`` with core distances):
exact for every edge up to the largest k-th neighbour distance, against Prim's
algorithm on the complete mutual-reachability graph.

A k-NN graph alone is not enough: an edge between two rows off each other's lists can
belong to the tree (``labelled_embeddings``: one such edge cost ARI 0.983).
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from benchmarks._data import labelled_embeddings
from hdbscope import Clusterer
from hdbscope.engine import _cells, _neighbors, _spanning_tree
from hdbscope.engine._boruvka_wide import forest_within
from hdbscope.engine._disjoint_set import spanning_forest
from hdbscope.engine._neighbors import BlockIndex, knn_blocked
from hdbscope.engine._wide_knn import WideIndex

K, MIN_SAMPLES = 10, 5  # short lists: many tree edges are off them


def _lists(seed):
    U = labelled_embeddings(3000, dim=64, seed=seed)[0]
    knn_d, knn_i = knn_blocked(U, K, BlockIndex(U))
    return U, knn_d, knn_i, np.ascontiguousarray(knn_d[:, MIN_SAMPLES - 1])


@pytest.mark.parametrize(("seed", "near_cells"), [(0, 64), (1, 64), (1, 2)])  # 2: cell bounds from short lists
def test_tree_is_exact_up_to_the_cap(seed, near_cells, monkeypatch):
    monkeypatch.setattr(_cells, "NEAR_CELLS", near_cells)
    U, knn_d, knn_i, core = _lists(seed)
    cap = float(knn_d[:, -1].max())
    _, _, prim_w = _spanning_tree._prim(U.astype(np.float64), core)
    want = np.sort(prim_w[prim_w <= cap])
    a, b, w = forest_within(WideIndex(U), knn_d, knn_i, cap, None, core)
    assert len(w) == len(want)
    # the same weights (tied trees differ only in which tied edge they take); the k-NN
    # distances and Prim's sum a row's distance through different code: 1e-6
    np.testing.assert_allclose(np.sort(w), want, rtol=1e-6)
    # a tree: no cycle, every edge at most the cap
    assert len(spanning_forest(a, b, w, len(U))[0]) == len(w)
    # the k-NN graph alone gives a heavier tree here: the search is what makes it exact
    ga = np.repeat(np.arange(len(U)), K)
    gw = np.maximum(np.maximum(core[ga], core[knn_i.ravel()]), knn_d.ravel())
    _, _, graph_w = spanning_forest(ga, knn_i.ravel(), gw, len(U))
    assert graph_w.sum() > want.sum() * (1 + 1e-6)


def test_fit_labels_as_the_exact_method(monkeypatch):
    # the k-NN graph tree gave ARI 0.918 here (and 0.983 on the quality table's set)
    X = labelled_embeddings(4000, dim=128, seed=5)[0]
    monkeypatch.setattr(_neighbors, "EXACT_BUDGET", 1e15)
    monkeypatch.setattr(_spanning_tree, "PRIM_BUDGET", 1e15)
    exact = Clusterer(X, progress=False)
    monkeypatch.setattr(_spanning_tree, "PRIM_BUDGET", 0.0)
    brute_nn = Clusterer(X, progress=False)  # exact neighbours, Boruvka tree
    monkeypatch.setattr(_neighbors, "EXACT_BUDGET", 0.0)
    faiss_nn = Clusterer(X, progress=False)
    assert "Boruvka" in brute_nn.method and faiss_nn.method.startswith("faiss")
    a = exact.evaluate().labels
    assert a.max() >= 1
    for other in (brute_nn, faiss_nn):
        b = other.evaluate().labels
        # not 1.0 by rule: tied weights (many, under mutual reachability) may be merged in
        # another order, and HDBSCAN's condensing depends on that order
        assert adjusted_rand_score(a, b) >= 0.99
        assert np.mean((a < 0) == (b < 0)) >= 0.99


def test_short_lists_still_search(monkeypatch):
    # a row whose list ran short (inf at its end) bounds nothing off it: it must search
    U, knn_d, knn_i, core = _lists(0)
    cap = float(knn_d[:, -1].max())
    short_d, short_i = knn_d.copy(), knn_i.copy()
    short_d[::3, -3:], short_i[::3, -3:] = np.inf, -1
    _, _, want = forest_within(WideIndex(U), knn_d, knn_i, cap, None, core)
    _, _, got = forest_within(WideIndex(U), short_d, short_i, cap, None, core)
    np.testing.assert_allclose(np.sort(got), np.sort(want), rtol=1e-6)
