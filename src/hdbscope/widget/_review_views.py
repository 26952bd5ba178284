"""What the explorer's edits look like from Python: arrays and pandas frames."""
from __future__ import annotations

import numpy as np

from ..review._edits import DECISION_NAMES, EXCLUDE


class ReviewViews:
    """Read-only views; the explorer provides _log, _check, _result, _labels, _journal."""

    @property
    def current_labels(self) -> np.ndarray:
        """Every sample's label after the edits (a copy)."""
        return self._log.current_labels()

    @property
    def exclude_mask(self) -> np.ndarray:
        """True for the samples marked exclude (a copy)."""
        return self._log.decision == EXCLUDE

    @property
    def relabels(self):
        """The edits in force (undone ones left out), oldest first: index, old_label,
        new_label, action, category (the finding that flagged the sample), time, batch."""
        return self._log.frame()

    @property
    def label_check(self):
        """The engine's :class:`LabelCheck` of the current labels (None if no sample has one)."""
        return self._check

    @property
    def edits_path(self):
        return None if self._journal is None else self._journal.path

    def review_queue(self):
        """The flagged items in review order: category and members (DataFrame).
        Built here when needed: the browser gets the queue only while its review panel is open."""
        return self._queue(self._result, self._check).frame()

    def to_frame(self):
        """One row per sample: every finding (the engine's columns), the label check of
        the current labels, and every edit (current label, decision)."""
        frame = self._result.to_frame()
        log, check, n = self._log, self._check, self.n_samples
        if self._labels is not None:  # the engine's label check of the given labels
            given = self._result.check_labels(self._labels)
            frame["label"], frame["is_label_disagreement"] = given.labels, np.asarray(given.is_disagreement)
            frame["label_quality"], frame["suggested_label"] = given.label_quality, given.suggested_label
        else:
            frame["label"] = np.full(n, None, dtype=object)
            frame["is_label_disagreement"] = np.zeros(n, dtype=bool)
            frame["label_quality"], frame["suggested_label"] = np.full(n, np.nan), np.full(n, None, dtype=object)
        frame["current_label"] = log.labels.copy()
        frame["is_relabelled"] = log.relabelled
        frame["is_current_label_disagreement"] = np.zeros(n, bool) if check is None else np.asarray(check.is_disagreement)
        frame["current_label_quality"] = np.full(n, np.nan) if check is None else check.label_quality
        frame["current_suggested_label"] = np.full(n, None, dtype=object) if check is None else check.suggested_label
        majority = np.full(n, None, dtype=object)
        if check is not None and check.majority_label:
            per_cluster = np.full(len(check.majority_label) + 1, None, dtype=object)  # last: noise
            for c, value in enumerate(check.majority_label):
                per_cluster[c] = value
            majority = per_cluster[np.where(self._result.labels >= 0, self._result.labels, -1)]
        frame["majority_label"] = majority
        frame["decision"] = np.array([DECISION_NAMES[d] for d in range(3)], dtype=object)[log.decision]
        frame["is_excluded"] = log.decision == EXCLUDE
        return frame
