"""Small built-in demo data, so tutorials run with no download."""

from __future__ import annotations

import numpy as np

__all__ = ["walkthrough_blobs"]

# The five blob centres of the walk-through every tutorial starts from.
WALKTHROUGH_CENTERS = [(-1.5, 1.8), (-1, 3), (0.8, 2.1), (2.8, 1.5), (2.5, 3.5)]


def walkthrough_blobs() -> tuple[np.ndarray, np.ndarray]:
    """100 points in 5 blobs, with two planted duplicates.

    Row 79 is a bit-identical copy of row 24, and row 63 is row 58 plus 1e-5,
    so `Clusterer(X).evaluate()["duplicates"] == [[24, 79], [58, 63]]`.
    Returns ``(X, labels)``: X is (100, 2) float64, labels the blob of each row.
    """
    from sklearn.datasets import make_blobs

    X, y = make_blobs(
        n_samples=100,
        centers=WALKTHROUGH_CENTERS,
        cluster_std=0.3,
        random_state=33,
    )
    X[79] = X[24]
    X[63] = X[58] + 1e-5
    y[79] = y[24]
    y[63] = y[58]
    return X, y
