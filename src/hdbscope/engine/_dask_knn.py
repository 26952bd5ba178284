"""A k-nearest-neighbour graph built on a Dask cluster (``dask.distributed``), for
``Clusterer(data, knn=...)`` (README "Scale").

The rows are cut into blocks; the data (and, for an approximate faiss index, the index
trained once here) is sent to every worker once; each task searches one block of rows
against all rows; the blocks' answers are written into two arrays here as they arrive.
Each worker builds its search structure once (k-d tree, faiss index) and keeps it for
all its blocks.

Search, by ``index``:

* ``"auto"``: up to 16 features a scipy k-d tree, wider faiss's exact ``IndexFlatL2``
  (exact either way: the same graph, so the same labels, as the in-process fit);
* any other string: a faiss ``index_factory`` description (``"IVF4096,Flat"``,
  ``"HNSW32"``, ...), trained here on at most ``TRAIN_ROWS`` rows, approximate.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np

from ._neighbors import KDTREE_MAX_FEATURES

TRAIN_ROWS = 100_000
_BUILT: dict[str, Any] = {}  # per worker process: search structure by data key (built once)


def dask_knn_graph(
    data: Any,
    k: int,
    client: Any = None,
    block_rows: int = 50_000,
    index: str = "auto",
    nprobe: int = 16,
    progress: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """``(indices, distances)``, each ``(n_samples, k)``: every row's ``k`` nearest other
    rows, nearest first, searched on a Dask cluster in blocks of ``block_rows`` rows.

    ``client``: a ``dask.distributed.Client`` (default: the current one). Distances are
    euclidean for the k-d tree and squared euclidean from faiss (``Clusterer`` only needs
    their order). Pass the result as ``Clusterer(data, knn=...)``.
    """
    from distributed import as_completed, default_client

    from ._validate import as_data_matrix

    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}.")
    if isinstance(block_rows, bool) or not isinstance(block_rows, (int, np.integer)) or block_rows < 1:
        raise ValueError(f"block_rows must be a positive integer, got {block_rows!r}.")
    X = as_data_matrix(data)
    n, d = X.shape
    if k >= n:
        raise ValueError(f"k={k} needs more than k rows; the data has {n}.")
    client = default_client() if client is None else client
    how = index
    if index == "auto":
        how = "kdtree" if d <= KDTREE_MAX_FEATURES else "Flat"
        payload: Any = None
    else:
        X = np.ascontiguousarray(X, dtype=np.float32)
        payload = _trained_index(X, index, nprobe)
    key = f"hdbscope-knn-{uuid.uuid4().hex}"  # names this search's structures on the workers
    data_f = client.scatter(X, broadcast=True, hash=False)
    payload_f = client.scatter(payload, broadcast=True, hash=False) if payload is not None else None
    starts = range(0, n, int(block_rows))
    futures = [
        client.submit(_search_block, data_f, payload_f, key, how, nprobe, s, min(s + block_rows, n), k) for s in starts
    ]
    indices = np.empty((n, k), dtype=np.int64)
    distances = np.empty((n, k), dtype=np.float64 if how == "kdtree" else np.float32)
    bar = _bar(progress, len(futures))
    try:
        for future in as_completed(futures):
            s, idx, dist = future.result()
            indices[s : s + len(idx)], distances[s : s + len(idx)] = idx, dist
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        client.cancel(futures)  # Ctrl-C here stops the tasks not yet run
        client.run(_forget, key)  # every worker drops its structure
    return indices, distances


def _bar(progress: bool, total: int):
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="k-NN blocks", unit="block", delay=2.0, leave=False)


def _trained_index(X32: np.ndarray, description: str, nprobe: int) -> bytes:
    """A faiss index described by ``description``, trained on a sample, holding every row; serialized."""
    import faiss

    idx = faiss.index_factory(X32.shape[1], description)
    if not idx.is_trained:
        sample = np.random.default_rng(0).choice(len(X32), size=min(len(X32), TRAIN_ROWS), replace=False)
        idx.train(X32[np.sort(sample)])
    idx.add(X32)
    return faiss.serialize_index(idx).tobytes()


def _structure(X: np.ndarray, payload: bytes | None, key: str, how: str, nprobe: int):
    if key not in _BUILT:
        if how == "kdtree":
            from scipy.spatial import cKDTree

            _BUILT[key] = cKDTree(X)
        else:
            import faiss

            if payload is None:
                flat = faiss.IndexFlatL2(X.shape[1])
                flat.add(np.ascontiguousarray(X, dtype=np.float32))
                _BUILT[key] = flat
            else:
                idx = faiss.deserialize_index(np.frombuffer(payload, dtype=np.uint8))
                if hasattr(idx, "nprobe"):
                    idx.nprobe = nprobe
                _BUILT[key] = idx
    return _BUILT[key]


def _search_block(X: np.ndarray, payload: bytes | None, key: str, how: str, nprobe: int, start: int, stop: int, k: int):
    """Rows ``start:stop``: ``(start, indices, distances)``, k other rows each (self dropped)."""
    found = _structure(X, payload, key, how, nprobe)
    q = X[start:stop]
    if how == "kdtree":
        dist, idx = found.query(q, k=k + 1)
    else:
        dist, idx = found.search(np.ascontiguousarray(q, dtype=np.float32), k + 1)
    return (start, *_drop_self(np.asarray(idx, dtype=np.int64), dist, start))


def _drop_self(idx: np.ndarray, dist: np.ndarray, start: int):
    """Remove each row's own entry (or, if a copy pushed it out, its last entry): k columns left."""
    own = idx == np.arange(start, start + len(idx))[:, None]
    drop = np.where(own.any(axis=1), own.argmax(axis=1), idx.shape[1] - 1)
    keep = np.ones(idx.shape, dtype=bool)
    keep[np.arange(len(idx)), drop] = False
    width = idx.shape[1] - 1
    return idx[keep].reshape(-1, width), dist[keep].reshape(-1, width)


def _forget(key: str) -> None:
    _BUILT.pop(key, None)
