"""Potential outliers: clustered samples whose GLOSH score reaches a threshold,
and the default threshold for one ``min_cluster_size``.

The threshold is a plain score cut, so moving it never re-extracts clusters:
``potential = clustered & (score >= threshold)`` over cached scores.
"""
from __future__ import annotations

import numpy as np

NO_POTENTIAL = 1.0  # a cut no score reaches in practice (1.0 would need a point at infinite distance)


def default_threshold(scores: np.ndarray, noise: np.ndarray, weight: np.ndarray | None = None) -> float:
    """The documented default rule (see README, "Definitions")."""
    if not noise.any():
        return NO_POTENTIAL
    return float(scores[noise].min())


def potential_outliers(scores: np.ndarray, noise: np.ndarray, threshold: float) -> np.ndarray:
    return ~noise & (scores >= threshold)
