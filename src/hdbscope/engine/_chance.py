"""Duplicate thresholds that chance alone does not reach.

In data of (intrinsic) dimension d with locally even density, the distance
from a point to its nearest neighbour follows ``P(nn <= r) = 1 - exp(-c r^d)``,
so a fraction ``1 - exp(-ln2 * f^d)`` of all points have a neighbour within
``f`` x the median nearest-neighbour distance by chance alone (about
``ln2 * f^2``, 1.2% at f = 0.13, in 2-D). ``d`` is read off the data's own
nearest-neighbour distances (their 10% and 50% quantiles, where near copies
are too few to matter), and the default factor is the one at which chance puts
``CHANCE_SHARE`` of the points in a near-duplicate group, clamped to
``[MIN_FACTOR, MAX_DEFAULT_FACTOR]``. Uneven density (blobs of different
spread) widens the distances' spread, lowers the estimate of d and so the
factor: the rule errs on the side of flagging less.
"""

from __future__ import annotations

import numpy as np

EXACT_FACTOR = 2e-4  # exact_threshold = EXACT_FACTOR x median NN distance
CHANCE_SHARE = 1e-4  # samples that chance alone may put in near-duplicate groups (0.01%)
MIN_FACTOR = 0.015  # never below: near copies moved by 1% of the median NN distance stay found
MAX_DEFAULT_FACTOR = 0.13  # never above (the old fixed default; no chance pairs from 8-D up)
_LOG_LOG_RATIO = float(np.log(-np.log(0.9)) - np.log(np.log(2.0)))  # ln(-ln(1 - 0.1)) - ln(-ln(1 - 0.5))


def nn_dimension(nn: np.ndarray, floor: float) -> float:
    """Dimension implied by the 10% and 50% quantiles of nearest-neighbour distances
    above ``floor`` (copies left out); inf when they coincide (no spread: no chance pairs)."""
    d = nn[nn > floor]
    if len(d) < 2:
        return float("inf")
    q10, q50 = np.quantile(d, [0.1, 0.5])
    if q10 <= 0 or q10 >= q50:
        return float("inf")
    return _LOG_LOG_RATIO / float(np.log(q10 / q50))


def default_factor(nn: np.ndarray, median_nn: float) -> float:
    """Default duplicate_threshold / median NN distance for these NN distances."""
    d = nn_dimension(nn, EXACT_FACTOR * median_nn)
    f = (-np.log1p(-CHANCE_SHARE) / np.log(2.0)) ** (1.0 / d) if np.isfinite(d) else MAX_DEFAULT_FACTOR
    return float(min(MAX_DEFAULT_FACTOR, max(MIN_FACTOR, f)))
