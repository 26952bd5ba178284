"""``metric="cosine"``: rows L2-normalised, then euclidean distance."""

from __future__ import annotations

import numpy as np


def l2_normalize(X: np.ndarray) -> np.ndarray:
    if len(X) == 0:
        return X
    big = np.abs(X).max(axis=1, keepdims=True)  # divide first: 1e300-sized rows never overflow
    zero = np.flatnonzero(big[:, 0] == 0)
    if len(zero):
        first = ", ".join(map(str, zero[:5]))
        raise ValueError(
            f'metric="cosine" is undefined for all-zero rows: {len(zero)} row(s) are all zero '
            f'(rows {first}{", ..." if len(zero) > 5 else ""}). Drop them or use metric="euclidean".'
        )
    X /= big  # in place: X is the engine's own copy (a float32 embedding stays float32, no second copy)
    X /= np.sqrt(np.einsum("ij,ij->i", X, X))[:, None]
    return X
