"""layout="umap": built on the Clusterer's neighbour graph (no second neighbour search),
deterministic, cached per explorer, and a clear message when umap-learn is missing."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from hdbscope import ClusterExplorer
from hdbscope.widget import _umap

umap = pytest.importorskip("umap")


@pytest.fixture(scope="module")
def X():
    rng = np.random.default_rng(11)
    centers = rng.normal(0, 6, (4, 10))
    X = np.vstack([c + rng.normal(0, 0.5, (75, 10)) for c in centers])
    X[290:300] = X[0:10]  # copies: they share a point
    return X


def test_umap_reuses_the_fitted_graph(X, monkeypatch):
    import umap.umap_ as umap_module

    def no_search(*a, **k):
        raise AssertionError("UMAP ran its own neighbour search")

    monkeypatch.setattr(umap_module, "nearest_neighbors", no_search)
    ex = ClusterExplorer(X, layout="umap")
    c = ex.coordinates
    assert c.shape == (300, 2) and np.isfinite(c).all()
    np.testing.assert_array_equal(c[290:300], c[0:10])  # copies share their row's place
    # the four blobs are apart on the map: each blob's spread is well under the distance between blobs
    centers = np.array([c[i * 75 : (i + 1) * 75].mean(0) for i in range(4)])
    spread = max(np.linalg.norm(c[i * 75 : (i + 1) * 75] - centers[i], axis=1).mean() for i in range(4))
    gaps = [np.linalg.norm(centers[i] - centers[j]) for i in range(4) for j in range(i)]
    assert min(gaps) > 2 * spread


def test_umap_is_deterministic_and_cached(X, monkeypatch):
    a = ClusterExplorer(X, layout="umap")
    calls, made = [], []
    real = _umap.umap_layout
    monkeypatch.setattr(_umap, "umap_layout", lambda *args, **kw: calls.append(1) or real(*args, **kw))
    real_umap = umap.UMAP
    monkeypatch.setattr(umap, "UMAP", lambda **kw: made.append(kw) or real_umap(**kw))
    b = ClusterExplorer(X, layout="umap", clusterer=a.clusterer)
    assert made[0]["tqdm_kwds"]["disable"] is False  # a progress bar while it runs
    assert made[0]["precomputed_knn"][0].shape[1] == made[0]["n_neighbors"]
    np.testing.assert_array_equal(a.coordinates, b.coordinates)
    b.show_layout("pca")
    assert b.coordinates.shape == (300, 2) and not np.array_equal(b.coordinates, a.coordinates)
    b.show_layout("umap")  # from the explorer's cache
    assert calls == [1]
    np.testing.assert_array_equal(b.coordinates, a.coordinates)


def test_missing_umap_names_the_extra(X, monkeypatch):
    monkeypatch.setitem(sys.modules, "umap", None)
    with pytest.raises(ImportError, match=r"hdbscope\[umap\]"):
        ClusterExplorer(X, layout="umap")
    assert ClusterExplorer(X).coordinates.shape == (300, 2)  # pca needs nothing extra
    with pytest.raises(ValueError, match='"pca", "umap"'):
        ClusterExplorer(X, layout="tsne")


def test_too_few_distinct_samples_fall_back_to_pca():
    X = np.repeat(np.arange(10.0)[:, None] * [1.0, 2.0, 0.5], 3, axis=0)
    with pytest.warns(UserWarning, match="at least 16 distinct samples"):
        ex = ClusterExplorer(X, layout="umap")
    assert ex.coordinates.shape == (30, 2) and np.isfinite(ex.coordinates).all()
