"""The user's marks on near-duplicate pairs ("same" or "different"), and what
they say about the duplicate threshold (issue 11, point 3).

A mark belongs to a pair of samples, not to a calibration round: marks made at
one threshold still count after the slider moves, and they are journalled with
the edits (_journal_rows.py), so a new explorer on the same edits file gets
them back. The estimate is computed here only; the explorer and the review
panel show it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np

MARKS = ("same", "different")
TARGET_PRECISION = 0.95
_Z95 = 1.959963984540054  # two-sided 95% normal quantile, for the Wilson interval


@dataclass(frozen=True)
class PairMark:
    a: int  # the pair's samples, a < b
    b: int
    distance: float  # between them, in data units (what the duplicate_threshold is compared with)
    mark: str  # "same" or "different"
    time: datetime


def check_mark(a, b, distance, mark, n_samples: int) -> tuple[int, int, float]:
    """(a, b, distance) in order, or a ValueError naming what is wrong."""
    for name, v in (("a", a), ("b", b)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 0 <= v < n_samples:
            raise ValueError(f"pair sample {name} must be a sample index 0 .. {n_samples - 1}; got {v!r}.")
    if a == b:
        raise ValueError(f"a pair needs two different samples; got {a!r} twice.")
    if isinstance(distance, bool) or not isinstance(distance, (int, float, np.number)) or not distance >= 0:
        raise ValueError(f"pair distance must be a number >= 0; got {distance!r}.")
    if not math.isfinite(float(distance)):
        raise ValueError(f"pair distance must be finite; got {distance!r}.")
    if mark not in MARKS:
        raise ValueError(f"mark must be 'same' or 'different'; got {mark!r}.")
    lo, hi = sorted((int(a), int(b)))
    return lo, hi, float(distance)


class PairMarks:
    """The marks in force: one per pair, the newest wins."""

    def __init__(self) -> None:
        self._marks: dict[tuple[int, int], PairMark] = {}

    def __len__(self) -> int:
        return len(self._marks)

    def set(self, mark: PairMark) -> None:
        self._marks[(mark.a, mark.b)] = mark

    def get(self, a: int, b: int) -> str | None:
        found = self._marks.get((min(a, b), max(a, b)))
        return None if found is None else found.mark

    def estimate(self, threshold: float) -> dict:
        """From every mark: the precision of the near-duplicate links at ``threshold`` (the
        share "same" of the marked pairs at or below it, None without any) with its 95% Wilson
        interval and counts; and ``suggested_threshold``, the largest marked distance d whose
        marked pairs at or below d are >= 95% "same" (None if no d is)."""
        marked = sorted((m.distance, m.mark == "same") for m in self._marks.values())
        below = [same for d, same in marked if d <= threshold]
        n, k = len(below), int(sum(below))
        suggested, n_same = None, 0
        for i, (d, same) in enumerate(marked, start=1):
            n_same += same
            if n_same / i >= TARGET_PRECISION:
                suggested = d
        low, high = wilson(k, n)
        return {
            "threshold": float(threshold),
            "n_marked": len(marked),
            "n_marked_below": n,
            "n_same_below": k,
            "precision": k / n if n else None,
            "precision_low": low,
            "precision_high": high,
            "target_precision": TARGET_PRECISION,
            "suggested_threshold": suggested,
        }

    def frame(self):
        """Every mark, closest pair first: a, b, distance, mark, time."""
        import pandas as pd

        rows = sorted(self._marks.values(), key=lambda m: (m.distance, m.a, m.b))
        return pd.DataFrame(
            {
                "a": pd.array([m.a for m in rows], dtype="int64"),
                "b": pd.array([m.b for m in rows], dtype="int64"),
                "distance": pd.array([m.distance for m in rows], dtype="float64"),
                "mark": pd.array([m.mark for m in rows], dtype=object),
                "time": pd.to_datetime([m.time for m in rows], utc=True),
            }
        )


def wilson(k: int, n: int) -> tuple[float | None, float | None]:
    """95% Wilson score interval of a share k / n (None, None for n = 0): honest with few
    marks, where k / n alone would say 1.0 after two "same" clicks."""
    if n == 0:
        return None, None
    p, z2 = k / n, _Z95 * _Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)
