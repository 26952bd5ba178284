"""Calibrating the duplicate threshold by eye (issue 11, point 3): pairs sampled
just below and just above the current threshold, for the user to mark "same"
or "different". The marks and what they say (precision, suggested threshold)
live in _pair_marks.py; a calibration only chooses the pairs to look at.

Widget-free: the explorer supplies the pairs (``Clusterer.near_duplicate_pairs``)
and shows what is here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._pair_marks import PairMarks


@dataclass
class Calibration:
    """Sampled pairs (sample indices a < b and their distance) around ``threshold``."""

    threshold: float
    a: np.ndarray
    b: np.ndarray
    distance: np.ndarray

    @classmethod
    def around(cls, clusterer, threshold: float, n_pairs: int) -> Calibration:
        """Up to n_pairs // 2 links just at or below ``threshold`` (the closest to it) and
        as many just above it (the smallest distances past it, up to the range's top)."""
        if isinstance(n_pairs, bool) or not isinstance(n_pairs, (int, np.integer)) or not 2 <= n_pairs <= 1000:
            raise ValueError(f"n_pairs must be a whole number from 2 to 1000; got {n_pairs!r}.")
        half = int(n_pairs) // 2
        low, high = clusterer.duplicate_threshold_range
        ba, bb, bd = clusterer.near_duplicate_pairs(low, threshold)
        aa, ab, ad = clusterer.near_duplicate_pairs(threshold, high)
        below = slice(max(0, len(bd) - half), len(bd))  # sorted: the last ones are nearest the threshold
        above = slice(0, min(half, len(ad)))
        a = np.concatenate([ba[below], aa[above]]).astype(np.int64)
        b = np.concatenate([bb[below], ab[above]]).astype(np.int64)
        return cls(float(threshold), np.minimum(a, b), np.maximum(a, b), np.concatenate([bd[below], ad[above]]))

    def __len__(self) -> int:
        return len(self.a)

    def pair(self, pair) -> tuple[int, int, float]:
        """(a, b, distance) of pair number ``pair``; a ValueError for a number not shown."""
        if isinstance(pair, bool) or not isinstance(pair, (int, np.integer)) or not 0 <= pair < len(self.a):
            raise ValueError(f"pair must be a pair number 0 .. {len(self.a) - 1}; got {pair!r}.")
        return int(self.a[pair]), int(self.b[pair]), float(self.distance[pair])

    def marks_of(self, marks: PairMarks) -> list[str | None]:
        return [marks.get(int(a), int(b)) for a, b in zip(self.a, self.b)]

    def frame(self, marks: PairMarks):
        import pandas as pd

        return pd.DataFrame(
            {
                "a": self.a,
                "b": self.b,
                "distance": self.distance,
                "side": np.where(self.distance <= self.threshold, "below", "above"),
                "mark": self.marks_of(marks),
            }
        ).rename_axis("pair")
