"""Potential outliers: clustered samples whose GLOSH score reaches a threshold,
and the default threshold for one ``min_cluster_size``.

The threshold is a plain score cut, so moving it never re-extracts clusters:
``potential = clustered & (score >= threshold)`` over cached scores.
"""
from __future__ import annotations

import numpy as np

NO_POTENTIAL = 1.0  # a cut no score reaches in practice (1.0 would need a point at infinite distance)
DEFAULT_RULE = "noise-min"


def _noise_min(s, noise):
    return s[noise].min() if noise.any() else NO_POTENTIAL


def _noise_q(q):
    return lambda s, noise: np.quantile(s[noise], q) if noise.any() else NO_POTENTIAL


def _mad_fence(k):
    def rule(s, noise):
        c = s[~noise]
        if not len(c):
            return NO_POTENTIAL
        med = np.median(c)
        return med + k * 1.4826 * np.median(np.abs(c - med))
    return rule


def _tukey(k):
    def rule(s, noise):
        c = s[~noise]
        if not len(c):
            return NO_POTENTIAL
        q1, q3 = np.quantile(c, [0.25, 0.75])
        return q3 + k * (q3 - q1)
    return rule


def _clustered_q(q):
    return lambda s, noise: np.quantile(s[~noise], q) if (~noise).any() else NO_POTENTIAL


# candidate rules compared by benchmarks/bench_outliers.py; DEFAULT_RULE is the documented one
RULES = {
    "noise-min": _noise_min,
    "noise-q0.25": _noise_q(0.25),
    "noise-q0.5": _noise_q(0.5),
    "clustered-q0.97": _clustered_q(0.97),
    "mad-fence-3": _mad_fence(3.0),
    "mad-fence-4": _mad_fence(4.0),
    "tukey-1.5": _tukey(1.5),
    "tukey-3": _tukey(3.0),
}


def rule_threshold(rule: str, scores: np.ndarray, noise: np.ndarray) -> float:
    return float(min(NO_POTENTIAL, RULES[rule](scores, noise)))


def default_threshold(scores: np.ndarray, noise: np.ndarray) -> float:
    """The documented default rule (see README, "Definitions")."""
    return rule_threshold(DEFAULT_RULE, scores, noise)


def potential_outliers(scores: np.ndarray, noise: np.ndarray, threshold: float) -> np.ndarray:
    return ~noise & (scores >= threshold)
