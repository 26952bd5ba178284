"""Calibrating the duplicate threshold by eye (issue 11, point 3): pairs sampled
just below and just above the current threshold, marked "same" or "different"
by the user; from the marks, the precision of the near-duplicate links at the
threshold and the largest threshold whose estimated precision is >= 0.95.

Widget-free: the explorer supplies the pairs (``Clusterer.near_duplicate_pairs``)
and shows what is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MARKS = ("same", "different")
TARGET_PRECISION = 0.95


@dataclass
class Calibration:
    """Sampled pairs (sample indices and distance) around ``threshold``, and their marks."""

    threshold: float
    a: np.ndarray
    b: np.ndarray
    distance: np.ndarray
    marks: dict[int, str] = field(default_factory=dict)  # pair number -> "same" / "different"

    @classmethod
    def around(cls, clusterer, threshold: float, n_pairs: int) -> Calibration:
        """Up to n_pairs // 2 links just at or below ``threshold`` (the closest to it) and
        as many just above it (the smallest distances past it, up to the range's top)."""
        if isinstance(n_pairs, bool) or not isinstance(n_pairs, (int, np.integer)) or n_pairs < 2:
            raise ValueError(f"n_pairs must be a whole number >= 2; got {n_pairs!r}.")
        half = int(n_pairs) // 2
        low, high = clusterer.duplicate_threshold_range
        ba, bb, bd = clusterer.near_duplicate_pairs(low, threshold)
        aa, ab, ad = clusterer.near_duplicate_pairs(threshold, high)
        below = slice(max(0, len(bd) - half), len(bd))  # sorted: the last ones are nearest the threshold
        above = slice(0, min(half, len(ad)))
        return cls(
            float(threshold),
            np.concatenate([ba[below], aa[above]]),
            np.concatenate([bb[below], ab[above]]),
            np.concatenate([bd[below], ad[above]]),
        )

    def mark(self, pair: int, mark: str) -> None:
        if isinstance(pair, bool) or not isinstance(pair, (int, np.integer)) or not 0 <= pair < len(self.a):
            raise ValueError(f"pair must be a pair number 0 .. {len(self.a) - 1}; got {pair!r}.")
        if mark not in MARKS:
            raise ValueError(f"mark must be 'same' or 'different'; got {mark!r}.")
        self.marks[int(pair)] = mark

    def frame(self):
        import pandas as pd

        return pd.DataFrame(
            {
                "a": self.a,
                "b": self.b,
                "distance": self.distance,
                "side": np.where(self.distance <= self.threshold, "below", "above"),
                "mark": [self.marks.get(i) for i in range(len(self.a))],
            }
        ).rename_axis("pair")

    def estimate(self) -> dict:
        """Precision of the links at or below the threshold, from the marked pairs there
        (None without marks), with counts; and the suggested threshold: the largest marked
        distance d such that the marked pairs at or below d are >= 95% "same" (None if none)."""
        marked = sorted((float(self.distance[i]), m == "same") for i, m in self.marks.items())
        below = [same for d, same in marked if d <= self.threshold]
        suggested, n_same = None, 0
        for k, (d, same) in enumerate(marked, start=1):
            n_same += same
            if n_same / k >= TARGET_PRECISION:
                suggested = d
        return {
            "threshold": self.threshold,
            "n_marked": len(marked),
            "n_marked_below": len(below),
            "n_same_below": int(sum(below)),
            "precision": (sum(below) / len(below)) if below else None,
            "suggested_threshold": suggested,
        }
