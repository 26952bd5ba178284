"""Data for the dashboard tests (not in conftest.py: tests/e2e/conftest.py is also
imported as ``conftest`` and can shadow it)."""

from __future__ import annotations

import numpy as np


def many_blobs(n=2000, seed=0):
    """2-D blobs of unequal sizes and spreads plus uniform noise: at small
    min_cluster_size values it splits into many clusters."""
    from sklearn.datasets import make_blobs

    rng = np.random.default_rng(seed)
    X, _ = make_blobs(
        n_samples=[560, 420, 300, 200, 140, 90, 60, 40, 30, 20],
        centers=[(-6, -4), (-3, 5), (0, 0), (4, 4), (6, -5), (9, 1), (1.8, 1.6), (-5, 0), (8, 6), (-8, 7)],
        cluster_std=[1.2, 1.3, 0.8, 0.6, 1.2, 0.7, 0.35, 0.5, 0.4, 0.3],
        random_state=seed,
    )
    return np.vstack([X, rng.uniform(-10, 12, size=(n - len(X), 2))])[rng.permutation(n)]
