"""``dask_knn_graph``: the k-NN graph built on a Dask cluster in row blocks, handed to
``Clusterer(knn=...)``, gives the in-process fit's labels (README "Scale")."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import blobs_2d, digits, partition, planted_copies

from hdbscope import Clusterer
from hdbscope.engine import dask_knn_graph

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _same_labels(X, knn, sizes):
    own, given = Clusterer(X, progress=False), Clusterer(X, knn=knn, progress=False)
    for m in (*sizes, own.default_min_cluster_size):
        a, b = own.evaluate(min_cluster_size=m), given.evaluate(min_cluster_size=m)
        assert partition(a.labels) == partition(b.labels), m
        assert dict(a) == dict(b), m


@pytest.mark.parametrize("data", [blobs_2d, digits, lambda: planted_copies()[0]], ids=["2-d", "64-d", "copies"])
def test_graph_from_a_local_cluster_gives_the_in_process_labels(client, data):
    X = data()
    idx, dist = dask_knn_graph(X, 12, client=client, block_rows=333, progress=False)
    assert idx.shape == dist.shape == (len(X), 12)
    assert not (idx == np.arange(len(X))[:, None]).any(), "the row itself is dropped"
    _same_labels(X, (idx, dist), (10, 40))


def test_blocks_do_not_change_the_graph(client):
    X = blobs_2d()
    one = dask_knn_graph(X, 8, client=client, block_rows=len(X), progress=False)
    many = dask_knn_graph(X, 8, client=client, block_rows=97, progress=False)
    np.testing.assert_array_equal(one[1], many[1])


def test_approximate_faiss_index_is_close(client):
    """An IVF index trained once on the client, searched on the workers: high recall, labels close."""
    from sklearn.metrics import adjusted_rand_score

    X = digits()
    idx, dist = dask_knn_graph(X, 15, client=client, index="IVF16,Flat", nprobe=8, block_rows=500, progress=False)
    exact, _ = dask_knn_graph(X, 15, client=client, progress=False)
    recall = np.mean([len(np.intersect1d(a, b)) / 15 for a, b in zip(idx, exact, strict=True)])
    assert recall >= 0.95
    m = 15
    a = Clusterer(X, progress=False).evaluate(min_cluster_size=m).labels
    b = Clusterer(X, knn=(idx, dist), progress=False).evaluate(min_cluster_size=m).labels
    assert adjusted_rand_score(a, b) >= 0.95


def test_bad_arguments(client):
    X = blobs_2d()[:100]
    with pytest.raises(ValueError, match="k must be a positive integer"):
        dask_knn_graph(X, 0, client=client)
    with pytest.raises(ValueError, match="block_rows must be a positive integer"):
        dask_knn_graph(X, 5, client=client, block_rows=0)
    with pytest.raises(ValueError, match="k=100 needs more than k rows"):
        dask_knn_graph(X, 100, client=client)
