"""Tick values for log axes: 1-2-5 steps per decade, thinned so labels do not
overlap (d3's own log ticks label every integer multiple)."""

from __future__ import annotations

import math

import numpy as np


def log_ticks(lo: float, hi: float, max_ticks: int = 8, integers: bool = False) -> np.ndarray:
    """Values 1, 2, 5 x 10^k inside [lo, hi]; only powers of ten when that would
    be more than max_ticks; integers only when ``integers``."""
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 < lo < hi):
        return np.array([], dtype=np.float64)
    k0, k1 = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    for mantissas in ((1, 2, 5), (1,)):
        values = [m * 10.0**k for k in range(k0, k1 + 1) for m in mantissas]
        values = [v for v in values if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9) and (not integers or v >= 1)]
        if len(values) <= max_ticks:
            break
    if len(values) > max_ticks:  # many decades: every n-th power of ten
        values = values[:: math.ceil(len(values) / max_ticks)]
    out = np.array(values, dtype=np.float64)
    return np.round(out) if integers else out


def count_ticks(top: float, max_ticks: int = 5) -> np.ndarray:
    """0 and round multiples of a 1-2-5 step up to ``top`` (sample counts)."""
    if not (np.isfinite(top) and top > 0):
        return np.array([0.0])
    raw = top / max(1, max_ticks - 1)
    base = 10.0 ** math.floor(math.log10(raw))
    step = next(m * base for m in (1, 2, 5, 10) if m * base >= raw)
    step = max(step, 1.0)  # counts are whole numbers
    return np.arange(0.0, top + step * 1e-9, step)
