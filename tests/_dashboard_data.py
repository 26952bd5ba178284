"""Data and helpers for the dashboard tests (not in conftest.py: tests/e2e/conftest.py is also
imported as ``conftest`` and can shadow it)."""

from __future__ import annotations

import numpy as np
import pytest

from hdbscope import ClusterExplorer
from hdbscope.dashboard import dashboard
from hdbscope.datasets import walkthrough_blobs


@pytest.fixture
def walk():
    """The walk-through's blobs, an explorer with their labels and its dashboard."""
    X, y = walkthrough_blobs()
    explorer = ClusterExplorer(X, labels=y)
    return X, explorer, dashboard(explorer)


def click(mark, index):
    """What bqplot's front end sends when bar ``index`` of ``mark`` is clicked."""
    mark._handle_custom_msgs(None, {"event": "element_click", "data": {"index": index, "x": 0, "y": 0}})


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
