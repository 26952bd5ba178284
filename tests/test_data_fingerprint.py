"""The data fingerprint's values never change (edits journals on disk record them), however it
is computed: pinned values, and agreement with its definition over dtypes, layouts and chunks."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from hdbscope import Clusterer
from hdbscope.engine import _fingerprint
from hdbscope.engine._fingerprint import data_fingerprint


def definition(X) -> str:
    """The fingerprint as first written: SHA-256 of a header, then all values as
    little-endian float64 with -0.0 made 0.0, in C order."""
    X = np.asarray(X)
    d = int(np.prod(X.shape[1:])) if X.ndim > 1 else 1
    h = hashlib.sha256(b"hdbscope-data-v1")
    h.update(np.array([len(X), d], dtype="<i8").tobytes())
    h.update(np.ascontiguousarray(np.asarray(X, dtype="<f8") + 0.0).tobytes())
    return "sha256:" + h.hexdigest()


def small() -> np.ndarray:
    X = np.arange(12, dtype=np.float64).reshape(4, 3) / 7 - 0.5
    X[1, 2] = -0.0
    return X


def test_pinned_values():
    # Computed by the first implementation (hdbscope before the in-place hashing): a change here
    # would orphan every edits journal written so far.
    X = small()
    assert data_fingerprint(X) == "sha256:1edf2aec878fa798eb90c5bac59011691c5fabd90769e01d1c5600be137cb7d4"
    assert data_fingerprint(X.astype(np.float32)) == (
        "sha256:995db6ed3b999a9f7f3d7ca798c6c2ebe273c7e5ec9a34d57c4ac0d594fe386e"
    )
    X[1, 2] = 0.0  # -0.0 and 0.0 are the same data
    assert data_fingerprint(X) == "sha256:1edf2aec878fa798eb90c5bac59011691c5fabd90769e01d1c5600be137cb7d4"


def variants():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((203, 5))
    X[rng.random(X.shape) < 0.05] = -0.0  # negative zeros scattered over several chunks
    X[rng.random(X.shape) < 0.05] = 0.0
    clean = X + 0.0  # float64 without -0.0: hashed in place
    return {
        "float64 with -0.0": X,
        "float64 clean": clean,
        "float32": X.astype(np.float32),
        "fortran order": np.asfortranarray(X),
        "strided rows": np.repeat(X, 2, axis=0)[::2],
        "column slice": np.hstack([X, X])[:, 2:7],
        "big-endian": X.astype(">f8"),
        "float16": X.astype(np.float16),
        "int64": rng.integers(-(2**40), 2**40, size=(203, 5)),
        "uint8": rng.integers(0, 255, size=(203, 5), dtype=np.uint8),
        "bool": rng.random((203, 5)) < 0.5,
        "object numbers": X.astype(object),
        "1-D": X[:, 0].copy(),
        "3-D": X[:200].reshape(50, 4, 5),
        "one row": X[:1],
        "empty": X[:0],
    }


@pytest.mark.parametrize("chunk_bytes", [48, 8 * 5 * 7, 1 << 20])
@pytest.mark.parametrize("name", list(variants()))
def test_agrees_with_its_definition(name, chunk_bytes, monkeypatch):
    monkeypatch.setattr(_fingerprint, "_HASH_CHUNK_BYTES", chunk_bytes)  # chunk edges fall mid-data
    X = variants()[name]
    assert data_fingerprint(X) == definition(X), name


def test_negative_zero_only_in_a_later_chunk(monkeypatch):
    monkeypatch.setattr(_fingerprint, "_HASH_CHUNK_BYTES", 8 * 3 * 4)  # 4 rows per chunk
    X = np.ones((20, 3))
    X[17, 1] = -0.0  # chunks 0-3 hashed in place, chunk 4 converted
    assert data_fingerprint(X) == definition(X) == data_fingerprint(np.abs(X))


def test_a_clusterer_records_it_for_float32_and_float64_alike():
    rng = np.random.default_rng(1)
    Y = np.vstack([small(), rng.standard_normal((40, 3))]).astype(np.float32)
    f = Clusterer(Y).data_fingerprint
    assert f == definition(Y) == Clusterer(Y.astype(np.float64)).data_fingerprint
    assert f != Clusterer(Y[::-1]).data_fingerprint  # row order is part of the data
