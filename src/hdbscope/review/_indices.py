"""Sample indices from what a user passes: an index list, a set, or a boolean mask."""

from __future__ import annotations

import numpy as np


def sample_indices(value, n: int) -> np.ndarray:
    """Sorted unique int64 indices from indices or a boolean mask; clear errors otherwise."""
    if value is None:
        value = []
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    arr = np.asarray(value)
    if arr.dtype == bool and arr.ndim == 1:
        if arr.shape != (n,):
            raise ValueError(f"a boolean selection mask must have shape ({n},), one entry per sample; got {arr.shape}.")
        out = np.flatnonzero(arr).astype(np.int64)
    else:
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.ndim != 1:
            raise ValueError(f"selected must be a 1-D sequence of sample indices; got shape {arr.shape}.")
        if arr.size and arr.dtype.kind not in "iu":
            whole = arr.dtype.kind == "f" and bool(np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)))
            if not whole:
                raise TypeError(
                    f"selected must hold integer sample indices (or be a boolean mask of length {n}); "
                    f"got dtype {arr.dtype}."
                )
        out = np.unique(arr.astype(np.int64))
        if out.size and (out[0] < 0 or out[-1] >= n):
            bad = out[(out < 0) | (out >= n)][:5].tolist()
            raise ValueError(f"selected indices must be in [0, {n}); out of range: {bad}.")
    out.setflags(write=False)
    return out
