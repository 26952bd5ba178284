"""The wide-data path through faiss (``engine/_wide_knn``): duplicate pairs exact enough,
labels as the exact method's, float32 kept, row order irrelevant.

Small data normally takes the exact brute-force path; these tests force the faiss path
(``EXACT_BUDGET = 0``) and compare it with the exact one on the same data.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.metrics import adjusted_rand_score

from benchmarks._data import embedding_like, labelled_embeddings
from hdbscope import Clusterer
from hdbscope.engine import _cells, _neighbors, _spanning_tree
from hdbscope.engine._boruvka_wide import forest_within
from hdbscope.engine._copies import take_rows_in_place, unique_rows
from hdbscope.engine._disjoint_set import spanning_forest
from hdbscope.engine._fit import normalize
from hdbscope.engine._links import DuplicateForest
from hdbscope.engine._neighbors import BlockIndex, knn_blocked
from hdbscope.engine._wide_knn import WideIndex


@pytest.fixture
def faiss_path(monkeypatch):
    monkeypatch.setattr(_neighbors, "EXACT_BUDGET", 0.0)
    monkeypatch.setattr(_spanning_tree, "PRIM_BUDGET", 0.0)


def _rows(X):
    Xn, _ = normalize(X.copy())
    rep, _ = unique_rows(Xn)
    return Xn[rep]


def _true_forest(U, r):
    """Brute force: the minimum spanning forest of every pair at most ``r`` apart."""
    a, b, w = BlockIndex(U).radius_pairs(np.arange(len(U)), r)
    return spanning_forest(a, b, w, len(U))


@pytest.mark.parametrize("seed", [0, 1])
def test_duplicate_forest_exact_vs_brute_force(seed):
    # every pair closer than the top of duplicate_threshold_range (the median NN distance)
    # is joined at its distance: the forest is the exact one, found without listing pairs
    X = embedding_like(12_000, dim=128, seed=seed, n_centers=20)
    U = _rows(X)
    index = WideIndex(U)
    knn_d, knn_i = index.knn(15)
    t_max = float(np.median(knn_d[:, 0]))
    a, b, w = forest_within(index, knn_d, knn_i, t_max)
    ta, tb, tw = _true_forest(U, t_max)
    assert len(tw) > 400  # clumps: many close pairs to join
    np.testing.assert_allclose(np.sort(w), tw, rtol=1e-6)  # the brute force sums otherwise
    # recall of the pairs themselves: each true pair is in one forest component at its distance
    pa, pb, pw = BlockIndex(U).radius_pairs(np.linspace(0, len(U) - 1, 400).astype(np.int64), t_max)
    forest = DuplicateForest(a, b, w, len(U))
    joined = 0
    for t in np.unique(np.quantile(pw, np.linspace(0, 1, 9))):
        comp, _ = forest.components(t * (1 + 1e-6))  # the brute force sums otherwise
        sel = pw <= t
        joined += int((comp[pa[sel]] == comp[pb[sel]]).sum())
        total = int(sel.sum())
        assert (comp[pa[sel]] == comp[pb[sel]]).mean() >= 0.999, (t, total)
    assert joined > 0


# the same forest whatever the blocks of queries, and whether each cell's list of nearest
# cells is long enough to bound its rows (cell-level bounds) or too short to bound much
@pytest.mark.parametrize(("block_rows", "near_cells"), [(1024, 64), (7, 2)])
def test_duplicate_forest_skips_tight_clusters(block_rows, near_cells, monkeypatch):
    monkeypatch.setattr(_cells, "BLOCK_ROWS", block_rows)
    monkeypatch.setattr(_cells, "NEAR_CELLS", near_cells)
    # a tight cluster apart from the rest: every pair in it is under t_max, none is listed.
    # Exact k-NN lists (isotropic 48-d data is hard for the IVF search): the forest is exact.
    rng = np.random.default_rng(3)
    loose = rng.normal(size=(6000, 48)).astype(np.float32)
    tight = (rng.normal(size=(3000, 48)) * 0.02 + 3).astype(np.float32)
    # and a second one close by: no row of either lists the other, so only a search joins them
    tight2 = (rng.normal(size=(3000, 48)) * 0.02 + 3).astype(np.float32)
    tight2[:, 0] += 1.0
    U = _rows(np.concatenate([loose, tight, tight2]))
    index = WideIndex(U)
    knn_d, knn_i = knn_blocked(U, 15, BlockIndex(U))
    t_max = float(np.median(knn_d[:, 0]))
    a, b, w = forest_within(index, knn_d, knn_i, t_max)
    ta, tb, tw = _true_forest(U, t_max)
    np.testing.assert_allclose(np.sort(w), tw, rtol=1e-6)  # the brute force sums otherwise
    comp, _ = DuplicateForest(a, b, w, len(U)).components(t_max)
    assert len(np.unique(comp[len(loose) :])) == 1  # the two tight clusters are one component


def test_knn_recall_and_exact_distances():
    X = embedding_like(8000, dim=256, seed=2)
    U = _rows(X)
    d, i = WideIndex(U).knn(10)
    sample = np.linspace(0, len(U) - 1, 200).astype(np.int64)
    U64 = U.astype(np.float64)
    hits = 0
    for q, row_i, row_d in zip(sample, i[sample], d[sample]):
        dist = np.sqrt(((U64 - U64[q]) ** 2).sum(axis=1))
        dist[q] = np.inf
        hits += len(np.intersect1d(np.argsort(dist, kind="stable")[:10], row_i))
        np.testing.assert_allclose(row_d, dist[row_i], rtol=1e-12)  # exact distances, not faiss's
        assert (np.diff(row_d) >= 0).all()
    assert hits / (10 * len(sample)) >= 0.99


def _digits():
    return load_digits().data.astype(np.float32)


SETS = {
    "embedding_like_256": lambda: embedding_like(4000, dim=256, seed=5, n_centers=12),
    "embedding_like_512": lambda: embedding_like(3000, dim=512, seed=6, n_centers=8, intrinsic_dim=24),
    "labelled_embeddings": lambda: labelled_embeddings(4000, dim=128, seed=1)[0],
    "digits": _digits,
}


@pytest.mark.parametrize("name", list(SETS))
def test_labels_match_the_exact_method(name, monkeypatch):
    X = SETS[name]()
    monkeypatch.setattr(_neighbors, "EXACT_BUDGET", 1e12)
    monkeypatch.setattr(_spanning_tree, "PRIM_BUDGET", 1e12)
    exact = Clusterer(X, progress=False)
    assert exact.method.startswith("brute-force BLAS neighbours; Prim")  # the exact method
    monkeypatch.setattr(_neighbors, "EXACT_BUDGET", 0.0)
    monkeypatch.setattr(_spanning_tree, "PRIM_BUDGET", 0.0)
    fast = Clusterer(X, progress=False)
    assert fast.method.startswith("faiss")
    for kw in ({}, {"min_cluster_size": 20}):
        a, b = exact.evaluate(**kw).labels, fast.evaluate(**kw).labels
        assert a.max() >= 1  # several clusters to agree on
        assert adjusted_rand_score(a, b) >= 0.99
        assert np.mean((a < 0) == (b < 0)) >= 0.99
    # duplicates at the default threshold: the same groups
    assert exact.evaluate()["near_duplicates"] == fast.evaluate()["near_duplicates"]


def test_row_order_does_not_matter_on_the_faiss_path(faiss_path):
    X = embedding_like(3000, dim=64, seed=7, n_centers=6)
    perm = np.random.default_rng(0).permutation(len(X))
    a = Clusterer(X, progress=False).evaluate()
    b = Clusterer(X[perm], progress=False).evaluate()
    assert adjusted_rand_score(a.labels[perm], b.labels) == 1.0
    assert np.array_equal(a.labels[perm] < 0, b.labels < 0)


def _fit_peak(X) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        c = Clusterer(X, progress=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert c.method.startswith("faiss")


def test_wide_float32_is_never_copied_to_float64(faiss_path, monkeypatch):
    # numpy reports its allocations to tracemalloc. The same rows with twice the
    # features (zero columns: same distances, same clustering) cost the engine two
    # bytes per added data byte (its validated float32 copy, the distinct rows); a
    # float64 copy would add two more. Fixed-size buffers are shrunk so they do not count.
    from hdbscope.engine import _fingerprint, _fit, _wide_knn

    monkeypatch.setattr(_fingerprint, "_HASH_CHUNK_BYTES", 1 << 18)
    monkeypatch.setattr(_fit, "NORMALIZE_BLOCK", 1 << 16)
    monkeypatch.setattr(_neighbors, "BLOCK_BYTES", 1 << 20)
    monkeypatch.setattr(_wide_knn, "TRAIN_ROWS", 500)
    monkeypatch.setattr(_wide_knn, "PROJECT_BYTES", 1 << 20)
    monkeypatch.setattr(_spanning_tree, "LINK_SAMPLE", 400)
    X = embedding_like(16_000, dim=256, seed=8)
    wide = np.hstack([X, np.zeros_like(X)])
    Clusterer(X[:3000], progress=False)  # numba compiles (or loads) outside the measurement
    per_byte = (_fit_peak(wide) - _fit_peak(X)) / (wide.nbytes - X.nbytes)
    assert per_byte <= 3.0, per_byte


@pytest.mark.parametrize(("n", "m"), [(1, 1), (5, 3), (100, 100), (1000, 37), (1000, 999)])
def test_take_rows_in_place_is_a_gather(n, m):
    rng = np.random.default_rng(n + m)
    X = rng.normal(size=(n, 4)).astype(np.float32)
    rows = rng.choice(n, size=m, replace=False)
    want = X[rows].copy()
    got = take_rows_in_place(X, rows)
    assert np.shares_memory(got, X)  # no second copy of the data
    np.testing.assert_array_equal(got, want)


def test_wide_fit_leaves_the_callers_array_alone(faiss_path):
    # the engine reorders its own copy in place; the caller's float32 array is never touched
    X = embedding_like(3000, dim=64, seed=4)
    before = X.copy()
    Clusterer(X, progress=False)
    np.testing.assert_array_equal(X, before)


@pytest.mark.parametrize(
    ("widen_to", "first"),
    [
        ({4: 1.0}, 4),  # nothing widens: the narrow search alone
        ({4: 0.9, 16: 0.1}, 4),  # a few widen: cheaper to search those twice
        ({4: 0.14, 8: 0.47, 16: 0.39}, 16),  # 100k x 256 embedding_like: most widen
        ({4: 0.2, 8: 0.8}, 8),
    ],
)
def test_first_search_width_is_the_cheapest(widen_to, first, monkeypatch):
    """The cells searched first are chosen by the cost of both searches over a sample:
    a widened query's second search is counted in full (faiss starts it afresh)."""
    index = WideIndex(_rows(embedding_like(6000, dim=64, seed=3)))
    need = np.concatenate([np.full(round(share * 2048), p) for p, share in widen_to.items()])
    monkeypatch.setattr(index, "probes", lambda Zq, r, cap: need[: len(Zq)])
    assert index._first_probes(np.arange(len(index.U)), 10, 16) == first
