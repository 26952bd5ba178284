"""The one fingerprint of the data: ``Clusterer.fitted_on`` and the edits journal
(which records it, so an edits file is never applied to other data) both use it."""

from __future__ import annotations

import hashlib

import numpy as np

_HASH_CHUNK_BYTES = 8 << 20


def data_fingerprint(rows) -> str:
    """SHA-256 of the data as float64 (so a float32 array and its float64 copy
    match, and -0.0 matches 0.0), row by row in chunks: never a full copy of the data."""
    X = rows if isinstance(rows, np.ndarray) else np.asarray(rows)
    n = len(X)
    d = int(np.prod(X.shape[1:])) if X.ndim > 1 else 1
    h = hashlib.sha256(b"hdbscope-data-v1")
    h.update(np.array([n, d], dtype="<i8").tobytes())
    step = max(1, _HASH_CHUNK_BYTES // (8 * max(d, 1)))
    for start in range(0, n, step):
        chunk = np.ascontiguousarray(np.asarray(X[start : start + step], dtype="<f8") + 0.0)  # -0.0 is 0.0
        h.update(chunk.data.cast("B"))
    return "sha256:" + h.hexdigest()
