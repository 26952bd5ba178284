"""The one fingerprint of the data: ``Clusterer.fitted_on`` and the edits journal
(which records it, so an edits file is never applied to other data) both use it.

The value is fixed (journals on disk record it): SHA-256 of a header, then the
data as little-endian float64 with -0.0 as 0.0, row by row. How it is computed
is free, and is made cheap because every fit pays it: float64 rows without a
-0.0 are hashed where they lie, anything else is converted a chunk at a time
into one reused buffer small enough to stay in the CPU cache while it is hashed.
(Hashing in place skips the ``+ 0.0``, which would also quieten a signalling
NaN; the data is validated finite before it is fingerprinted.)
"""

from __future__ import annotations

import hashlib

import numpy as np

_HASH_CHUNK_BYTES = 1 << 20  # float64 bytes per chunk: converted and hashed while still in cache
_TICK_CHUNKS = 64  # about 40 ms of hashing between ticks
_FLOAT64 = np.dtype("<f8")
_NEGATIVE_ZERO_BITS = np.int64(-0x8000000000000000)  # -0.0 as float64 bits


def data_fingerprint(rows, tick=None) -> str:
    """SHA-256 of the data as float64 (so a float32 array and its float64 copy
    match, and -0.0 matches 0.0), row by row in chunks: never a full copy of the data.
    ``tick`` (a fit's ``Progress.tick``) is called every ``_TICK_CHUNKS`` chunks."""
    X = rows if isinstance(rows, np.ndarray) else np.asarray(rows)
    n = len(X)
    d = int(np.prod(X.shape[1:])) if X.ndim > 1 else 1
    h = hashlib.sha256(b"hdbscope-data-v1")
    h.update(np.array([n, d], dtype="<i8").tobytes())
    step = max(1, _HASH_CHUNK_BYTES // (8 * max(d, 1)))
    in_place = X.dtype == _FLOAT64 and X.flags.c_contiguous  # its bytes are the hashed bytes, bar -0.0
    convert = X.dtype.kind in "biuf"  # numbers: np.add casts them exactly as np.asarray(dtype=float64) does
    buffer = np.empty(min(n, step) * d, dtype=_FLOAT64) if (convert and not in_place) else None
    for j, start in enumerate(range(0, n, step)):
        if tick is not None and j % _TICK_CHUNKS == _TICK_CHUNKS - 1:
            tick()
        chunk = X[start : start + step]
        if in_place and not (chunk.reshape(-1).view(np.int64) == _NEGATIVE_ZERO_BITS).any():
            h.update(chunk.data.cast("B"))
            continue
        if convert:
            if buffer is None:  # float64 with a -0.0 in this chunk
                buffer = np.empty(min(n, step) * d, dtype=_FLOAT64)
            out = buffer[: chunk.size].reshape(chunk.shape)
            np.add(chunk, 0.0, out=out, dtype=_FLOAT64)  # + 0.0 turns -0.0 into 0.0
        else:  # object arrays of numbers and other rare kinds: the plain conversion
            out = np.ascontiguousarray(np.asarray(chunk, dtype=_FLOAT64) + 0.0)
        h.update(out.data.cast("B"))
    return "sha256:" + h.hexdigest()
