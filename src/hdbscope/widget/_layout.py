"""The 2-D coordinates the explorer draws: the data itself if it has two
features, a given (N, 2) layout (UMAP, t-SNE, ...), or else a PCA projection.

PCA never holds more than one chunk of rows in float64 at a time, so a
million-row memmap is projected without copying it whole.
"""

from __future__ import annotations

import numpy as np

CHUNK_ROWS = 65_536
EXACT_PCA_MAX_FEATURES = 512  # above this, randomized subspace iteration


def validate_layout(layout, n_samples: int) -> np.ndarray:
    """(N, 2) finite real coordinates as float64, or a clear error."""
    try:
        arr = np.asarray(layout)
    except (TypeError, ValueError) as e:
        raise TypeError(f"layout must be an (n_samples, 2) array of numbers; could not convert it ({e}).") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"layout must hold real numbers; got dtype {arr.dtype}.")
    if arr.shape != (n_samples, 2):
        raise ValueError(
            f"layout must have shape ({n_samples}, 2), one (x, y) row per sample; got {arr.shape}. "
            "For example: layout=umap.UMAP().fit_transform(X)."
        )
    arr = arr.astype(np.float64)
    bad = np.flatnonzero(~np.isfinite(arr).all(axis=1))
    if len(bad):
        raise ValueError(
            f"layout has non-finite coordinates (NaN or inf) in {len(bad)} row(s), e.g. rows "
            f"{bad[:5].tolist()}: every sample needs a finite (x, y)."
        )
    return arr


def _rows(data) -> np.ndarray:
    """An array whose row slices can be converted chunk by chunk (no full copy for ndarrays)."""
    if hasattr(data, "to_numpy") and hasattr(data, "columns"):  # DataFrame
        return data.to_numpy()
    return data if isinstance(data, np.ndarray) else np.asarray(data)


def _chunks(X: np.ndarray, scale: float = 1.0):
    for start in range(0, len(X), CHUNK_ROWS):
        yield np.asarray(X[start : start + CHUNK_ROWS], dtype=np.float64) / scale


def _power_of_two_scale(X: np.ndarray) -> float:
    """A power of two near the largest |value|: dividing by it is exact, and keeps
    the covariance finite for data the engine accepts (up to about 1e308)."""
    top = max((float(np.abs(chunk).max(initial=0.0)) for chunk in _chunks(X)), default=0.0)
    return 1.0 if top == 0.0 else 2.0 ** int(np.ceil(np.log2(top)))


def pca_2d(data) -> np.ndarray:
    """Projection onto the first two principal components, (N, 2) float64.

    Signs are fixed (each component's largest loading is positive), so the
    picture does not flip between runs or row orders.
    """
    X = _rows(data)
    n, d = X.shape
    if n == 0:
        return np.zeros((0, 2))
    scale = _power_of_two_scale(X)
    mean = np.zeros(d)
    for chunk in _chunks(X, scale):
        mean += chunk.sum(axis=0)
    mean /= n
    if d <= EXACT_PCA_MAX_FEATURES:
        cov = np.zeros((d, d))
        for chunk in _chunks(X, scale):
            c = chunk - mean
            cov += c.T @ c
        w, v = np.linalg.eigh(cov)
        comps = v[:, np.argsort(w)[::-1][:2]]
    else:
        comps = _top_components(X, mean, 2, scale)
    if comps.shape[1] < 2:  # a single feature: the second axis is flat
        comps = np.hstack([comps, np.zeros((d, 2 - comps.shape[1]))])
    for k in range(comps.shape[1]):
        j = int(np.argmax(np.abs(comps[:, k])))
        if comps[j, k] < 0:
            comps[:, k] = -comps[:, k]
    out = np.empty((n, 2))
    for start, chunk in zip(range(0, n, CHUNK_ROWS), _chunks(X, scale)):
        out[start : start + len(chunk)] = (chunk - mean) @ comps
    with np.errstate(over="ignore"):
        back = out * scale
    return back if np.isfinite(back).all() else out  # data units, unless they overflow


def _top_components(
    X: np.ndarray, mean: np.ndarray, k: int, scale: float = 1.0, oversample: int = 8, iters: int = 6
) -> np.ndarray:
    """Randomized subspace iteration on the covariance (fixed seed: deterministic)."""
    d = X.shape[1]
    q = np.random.default_rng(0).standard_normal((d, k + oversample))
    for _ in range(iters):
        z = np.zeros_like(q)
        for chunk in _chunks(X, scale):
            c = chunk - mean
            z += c.T @ (c @ q)
        q, _ = np.linalg.qr(z)
    small = np.zeros((q.shape[1], q.shape[1]))
    for chunk in _chunks(X, scale):
        p = (chunk - mean) @ q
        small += p.T @ p
    w, v = np.linalg.eigh(small)
    return q @ v[:, np.argsort(w)[::-1][:k]]


def compute_layout(data, n_samples: int, n_features: int, layout=None) -> np.ndarray:
    """The (N, 2) float64 coordinates to draw."""
    if layout is not None:
        return validate_layout(layout, n_samples)
    if n_features == 2:
        return np.asarray(_rows(data), dtype=np.float64).reshape(n_samples, 2)
    if n_features == 1:
        x = np.asarray(_rows(data), dtype=np.float64).reshape(n_samples)
        return np.column_stack([x, np.zeros(n_samples)])
    return pca_2d(data)
