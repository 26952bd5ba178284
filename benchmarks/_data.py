"""Deterministic benchmark data sets (fixed seeds, numpy only, so importing this costs nothing).

Every generator plants a few exact and near duplicates, because fitting "duplicates
included" is what the product does and the duplicate search must be in the timings.
"""

from __future__ import annotations

import numpy as np

# The walk-through's five blob centres (the seed tutorial and hdbscope.datasets use them).
WALKTHROUGH_CENTERS = np.array([(-1.5, 1.8), (-1, 3), (0.8, 2.1), (2.8, 1.5), (2.5, 3.5)])


def _plant_duplicates(X: np.ndarray, rng: np.random.Generator, frac: float) -> np.ndarray:
    """Overwrite ~frac of rows with bit-identical copies and ~frac with near copies.

    Near copies are offset by 1e-4 x the data's typical spread, well inside any
    sensible duplicate_threshold, so both duplicate kinds are non-empty.
    """
    n = X.shape[0]
    k = max(1, int(n * frac))
    if n < 4:
        return X
    src = rng.choice(n, size=2 * k, replace=False)
    dst = rng.choice(n, size=2 * k, replace=False)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    half = len(src) // 2
    X[dst[:half]] = X[src[:half]]  # exact copies
    scale = float(np.std(X[: min(n, 10_000)], axis=0).mean())
    jitter = rng.normal(0.0, 1e-4 * scale, size=(len(src) - half, X.shape[1]))
    X[dst[half:]] = X[src[half:]] + jitter.astype(X.dtype)
    return X


def blobs_2d(n: int, seed: int = 0, n_centers: int = 20, dup_frac: float = 0.005) -> np.ndarray:
    """n points in 2-D: gaussian blobs of unequal spread plus 2% uniform background noise."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-100, 100, size=(n_centers, 2))
    spreads = rng.uniform(1.0, 5.0, size=n_centers)
    n_noise = n // 50
    which = rng.integers(0, n_centers, size=n - n_noise)
    X = np.empty((n, 2), dtype=np.float64)
    X[: n - n_noise] = centers[which] + rng.normal(size=(n - n_noise, 2)) * spreads[which, None]
    X[n - n_noise :] = rng.uniform(-120, 120, size=(n_noise, 2))
    X = _plant_duplicates(X, rng, dup_frac)
    return X[rng.permutation(n)]


def embedding_like(
    n: int,
    dim: int = 256,
    seed: int = 0,
    n_centers: int = 50,
    intrinsic_dim: int = 16,
    noise: float = 0.05,
    dup_frac: float = 0.005,
) -> np.ndarray:
    """Embedding-like float32 data: blobs in a random `intrinsic_dim`-D subspace of `dim`-D
    space plus small isotropic noise (what image/text embeddings roughly look like)."""
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.normal(size=(dim, intrinsic_dim)))  # (dim, k) orthonormal
    centers = rng.normal(0.0, 1.0, size=(n_centers, intrinsic_dim))
    spreads = rng.uniform(0.08, 0.25, size=n_centers)
    which = rng.integers(0, n_centers, size=n)
    Z = centers[which] + rng.normal(size=(n, intrinsic_dim)) * spreads[which, None]
    X = (Z @ basis.T).astype(np.float32)
    X += rng.normal(0.0, noise / np.sqrt(dim), size=X.shape).astype(np.float32)
    return _plant_duplicates(X, rng, dup_frac)


def walkthrough_like(n: int, seed: int = 33) -> np.ndarray:
    """The walk-through's 5 blobs (std 0.3) at n points, with its two kinds of planted
    duplicate (one exact copy, one copy + 1e-5), as the seed tutorial does at n=100."""
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(n_samples=n, centers=WALKTHROUGH_CENTERS, cluster_std=0.3, random_state=seed)
    if n >= 80:
        X[79] = X[24]
        X[63] = X[58] + 1e-5
    return X


def labelled_embeddings(
    n: int = 4000,
    dim: int = 256,
    seed: int = 0,
    n_classes: int = 10,
    per_class: int = 3,
    intrinsic_dim: int = 32,
    spread: float = 0.14,
):
    """(X, y): embedding-like float32 data with class labels. Each class is `per_class`
    sub-clusters around a class centre, in a random `intrinsic_dim`-D subspace of `dim`-D
    space; classes overlap, so about 6% of a sample's 15 nearest neighbours carry
    another class (as image embeddings of look-alike classes do)."""
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.normal(size=(dim, intrinsic_dim)))
    k = n_classes * per_class
    class_centers = rng.normal(0.0, spread, size=(n_classes, intrinsic_dim))
    centers = class_centers.repeat(per_class, 0) + rng.normal(0.0, 0.6 * spread, size=(k, intrinsic_dim))
    spreads = rng.uniform(0.7, 1.3, size=k) / np.sqrt(intrinsic_dim)
    which = rng.integers(0, k, size=n)
    Z = centers[which] + rng.normal(size=(n, intrinsic_dim)) * spreads[which, None]
    return (Z @ basis.T).astype(np.float32), which // per_class


DATASETS = {"blobs_2d": blobs_2d, "embedding_like": embedding_like, "walkthrough_like": walkthrough_like}


def make(name: str, n: int, **kw) -> np.ndarray:
    """Build a named data set; used by fresh subprocesses so they need only (name, n)."""
    return DATASETS[name](n, **kw)
