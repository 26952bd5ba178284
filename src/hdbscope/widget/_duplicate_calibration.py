"""The explorer's duplicate calibration: pairs around the current
``duplicate_threshold`` to mark by eye, and what the marks say. The work is
``Calibration``'s (hdbscope/review/_calibration.py). Mixed into ClusterExplorer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ..engine import Clusterer
    from ..review._calibration import Calibration


class DuplicateCalibrationMixin:
    """Mixed into ClusterExplorer; it provides ``_clusterer`` and ``duplicate_threshold``."""

    if TYPE_CHECKING:  # provided by ClusterExplorer
        _clusterer: Clusterer
        _calibration: Calibration
        duplicate_threshold: float

    def calibrate_duplicates(self, n_pairs: int = 12) -> pd.DataFrame:
        """Pairs sampled just below and just above the current ``duplicate_threshold``, to
        mark by eye: a DataFrame (``a``, ``b``, ``distance``, ``side``, ``mark``), one row per
        pair. Mark them with :meth:`mark_pair`; :meth:`calibration_estimate` then gives the
        precision of the near-duplicate links at the threshold and a suggested threshold."""
        from ..review._calibration import Calibration

        self._calibration = Calibration.around(self._clusterer, self.duplicate_threshold, n_pairs)
        return self._calibration.frame()

    def mark_pair(self, pair: int, mark: str) -> pd.DataFrame:
        """Mark calibration pair ``pair`` (its row in calibrate_duplicates()) "same" or "different"."""
        self._current_calibration().mark(pair, mark)
        return self._calibration.frame()

    def calibration_estimate(self) -> dict:
        """From the marks: ``precision`` of the links at or below the calibrated threshold (with
        ``n_marked_below`` and ``n_same_below``) and ``suggested_threshold``, the largest marked
        distance whose marked pairs at or below it are >= 95% "same"."""
        return self._current_calibration().estimate()

    def _current_calibration(self) -> Calibration:
        calibration = getattr(self, "_calibration", None)
        if calibration is None:
            raise RuntimeError("no calibration yet: call explorer.calibrate_duplicates() first.")
        return calibration
