"""Potential outliers: clustered samples whose GLOSH score reaches a threshold,
and the default threshold for one ``min_cluster_size``.

The threshold is a plain score cut, so moving it never re-extracts clusters:
``potential = clustered & (score >= threshold)`` over cached scores.
"""

from __future__ import annotations

import numpy as np

NO_POTENTIAL = 1.0  # a cut no score reaches in practice (1.0 would need a point at infinite distance)
DEFAULT_RULE = "clustered-top-2%"
TOP_SHARE = 0.02  # the default flags the 2% highest-scoring clustered samples (ties included)


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
    """The q-quantile of the clustered samples' scores, but above 0 (score 0: the densest samples)."""

    def rule(s, noise):
        c = s[~noise]
        if not len(c):
            return NO_POTENTIAL
        cut = np.quantile(c, q, method="higher")  # a score some sample has: ties are all in or all out
        if cut > 0:
            return cut
        positive = c[c > 0]
        return positive.min() if len(positive) else NO_POTENTIAL

    return rule


def _log_tukey(k):
    """Tukey's fence on -log(1 - score) = log(distance / the cluster's densest distance)."""

    def rule(s, noise):
        c = s[~noise]
        if not len(c):
            return NO_POTENTIAL
        z = -np.log1p(-np.minimum(c, 1 - 1e-12))
        q1, q3 = np.quantile(z, [0.25, 0.75])
        return 1 - np.exp(-(q3 + k * (q3 - q1)))

    return rule


# candidate rules compared by benchmarks/bench_outliers.py; DEFAULT_RULE is the documented one
RULES = {
    "noise-min": _noise_min,
    "noise-q0.25": _noise_q(0.25),
    "noise-q0.5": _noise_q(0.5),
    "clustered-top-2%": _clustered_q(1 - TOP_SHARE),
    "clustered-top-1%": _clustered_q(0.99),
    "log-tukey-1.5": _log_tukey(1.5),
    "log-tukey-2": _log_tukey(2.0),
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
