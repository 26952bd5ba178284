"""What ``Clusterer.evaluate()`` returns: the walk-through's four findings as a
read-only mapping, plus the per-sample arrays the widget and pandas users need."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ._links import group_lists

if TYPE_CHECKING:
    import pandas as pd

    from ._label_check import LabelCheck
    from ._label_votes import VoterGraph, Votes

KEYS = ("outliers", "potential_outliers", "duplicates", "near_duplicates")


def _frozen(a: ArrayLike) -> np.ndarray:
    # results are memoized and shared between calls: nobody may edit them
    a = np.asarray(a)
    a.setflags(write=False)
    return a


class ClusterResult(Mapping):
    """Clusters, outliers, potential outliers, exact and near duplicates.

    As a mapping it has exactly the keys ``"outliers"``, ``"potential_outliers"``
    (sorted lists of sample indices), ``"duplicates"`` and ``"near_duplicates"``
    (sorted lists of sorted lists of sample indices). The arrays below hold the
    same findings per sample.
    """

    def __init__(
        self,
        *,
        labels: ArrayLike,
        probabilities: ArrayLike,
        outlier_scores: ArrayLike,
        is_potential_outlier: ArrayLike,
        duplicate_group: ArrayLike,
        n_duplicate_groups: int,
        duplicate_links: ArrayLike,
        near_duplicate_group: ArrayLike,
        n_near_duplicate_groups: int,
        near_duplicate_links: ArrayLike,
        n_clusters: int,
        min_cluster_size: int,
        min_samples: int,
        duplicate_threshold: float,
        exact_threshold: float,
        given_labels: np.ndarray | None = None,
        color_slots: ArrayLike | None = None,
        outlier_threshold: float = 1.0,
        is_outlier: ArrayLike | None = None,
        voter_graph: Callable[[], VoterGraph] | None = None,
        given_label_check: Callable[[], tuple[np.ndarray, np.ndarray, Votes]] | None = None,
    ) -> None:
        self.labels = _frozen(labels)
        self.probabilities = _frozen(probabilities)
        self.outlier_scores = _frozen(outlier_scores)
        self.is_outlier = _frozen(self.labels == -1 if is_outlier is None else is_outlier)
        self.is_potential_outlier = _frozen(is_potential_outlier)
        self.duplicate_group = _frozen(duplicate_group)
        self.near_duplicate_group = _frozen(near_duplicate_group)
        self.duplicate_links = _frozen(duplicate_links)
        self.near_duplicate_links = _frozen(near_duplicate_links)
        self.n_duplicate_groups = int(n_duplicate_groups)
        self.n_near_duplicate_groups = int(n_near_duplicate_groups)
        self.n_clusters = int(n_clusters)
        # Colour slot per cluster (palette[slot % 20]): a function of the fitted tree and
        # min_cluster_size alone, see engine/_color_slots.py and the README's "Cluster colours".
        self.color_slots = _frozen(
            np.arange(self.n_clusters, dtype=np.int32)
            if color_slots is None
            else np.asarray(color_slots, dtype=np.int32)
        )
        self.min_cluster_size = int(min_cluster_size)
        self.min_samples = int(min_samples)
        self.duplicate_threshold = float(duplicate_threshold)
        self.exact_threshold = float(exact_threshold)
        self.outlier_threshold = float(outlier_threshold)  # the GLOSH cut used for potential outliers
        self._given_labels = given_labels
        self._voter_graph = voter_graph  # () -> the fit's VoterGraph (built on first use), or None
        self._given_label_check = given_label_check  # () -> (codes, uniques, votes) of the given labels

    # ---- the fifth finding: label check (only when labels were given)
    @cached_property
    def label_check(self) -> LabelCheck | None:
        """:class:`LabelCheck` of the labels given to the ``Clusterer``, or None. The
        neighbours' vote does not depend on the parameters: it is computed once per fit."""
        if self._given_labels is None:
            return None
        if self._given_label_check is None:
            return self.check_labels(self._given_labels)
        codes, uniques, votes = self._given_label_check()
        return self.check_label_codes(self._given_labels, codes, uniques, votes)

    def check_labels(self, labels: ArrayLike) -> LabelCheck:
        """Label check against any labels (for example edited ones), from the same neighbours."""
        from ._label_check import as_labels, check_labels

        return check_labels(self.labels, as_labels(labels, self.n_samples), self.n_clusters, self._graph(), labels)

    def check_label_codes(
        self, labels: np.ndarray, codes: np.ndarray, uniques: np.ndarray, votes: Votes | None = None
    ) -> LabelCheck:
        """check_labels() from integer codes into sorted ``uniques`` (``codes[i]`` indexes
        ``uniques``, -1 = no label): no pass over a million label objects. ``votes``: the
        neighbours' vote of these codes (``vote_label_codes``), if already known."""
        from ._label_check import check_label_codes

        return check_label_codes(self.labels, labels, codes, uniques, self.n_clusters, self._graph(), votes)

    def vote_label_codes(self, codes: np.ndarray, n_codes: int) -> Votes | None:
        """The neighbours' vote alone (it does not depend on the clusters), for callers that
        memoize it across parameter moves; None when there is no graph."""
        from ._label_votes import neighbor_votes

        graph = self._graph()
        return None if graph is None or not self.n_samples else neighbor_votes(graph, codes, n_codes)

    def _graph(self):
        return None if self._voter_graph is None else self._voter_graph()

    @property
    def label_disagreements(self) -> list[int]:
        """Samples whose label their neighbours contradict (the rule: ``hdbscope.engine._label_check``)."""
        return [] if self.label_check is None else self.label_check.disagreements

    # ---- the walk-through's mapping (lists built only when asked for)
    @cached_property
    def _findings(self) -> dict:
        return {
            "outliers": np.flatnonzero(self.is_outlier).tolist(),
            "potential_outliers": np.flatnonzero(self.is_potential_outlier).tolist(),
            "duplicates": group_lists(self.duplicate_group, self.n_duplicate_groups),
            "near_duplicates": group_lists(self.near_duplicate_group, self.n_near_duplicate_groups),
        }

    def __getitem__(self, key):
        if key not in KEYS:
            raise KeyError(f"{key!r}: a result has the keys {', '.join(map(repr, KEYS))}")
        return self._findings[key]

    def __iter__(self):
        return iter(KEYS)

    def __len__(self):
        return len(KEYS)

    @property
    def n_samples(self) -> int:
        return len(self.labels)

    @property
    def n_outliers(self) -> int:
        return int(self.is_outlier.sum())

    @property
    def n_potential_outliers(self) -> int:
        return int(self.is_potential_outlier.sum())

    def to_frame(self) -> pd.DataFrame:
        """One row per sample with every finding (index: sample index)."""
        import pandas as pd

        frame = pd.DataFrame(
            {
                "cluster": self.labels,
                "probability": self.probabilities,
                "outlier_score": self.outlier_scores,
                "is_outlier": self.is_outlier,
                "is_potential_outlier": self.is_potential_outlier,
                "duplicate_group": self.duplicate_group,
                "near_duplicate_group": self.near_duplicate_group,
            }
        )
        if self.label_check is not None:
            check = self.label_check
            frame["label"] = check.labels
            frame["label_quality"] = check.label_quality
            frame["suggested_label"] = check.suggested_label
            frame["suggestion_confidence"] = check.suggestion_confidence
            frame["is_label_disagreement"] = check.is_disagreement
        frame.index.name = "sample"
        return frame

    def summary(self) -> str:
        n = self.n_samples
        pct = (lambda k: f" ({100.0 * k / n:.1f}%)") if n else (lambda k: "")
        in_dup = int((self.duplicate_group >= 0).sum())
        in_near = int((self.near_duplicate_group >= 0).sum())
        return "\n".join(
            [
                f"{n} samples, min_cluster_size={self.min_cluster_size}, min_samples={self.min_samples}",
                f"  clusters:              {self.n_clusters}",
                f"  outliers:              {self.n_outliers}{pct(self.n_outliers)}",
                f"  potential outliers:    {self.n_potential_outliers}{pct(self.n_potential_outliers)} "
                f"(outlier_threshold={self.outlier_threshold:.3g})",
                f"  duplicate groups:      {self.n_duplicate_groups} ({in_dup} samples, "
                f"exact_threshold={self.exact_threshold:.3g})",
                f"  near-duplicate groups: {self.n_near_duplicate_groups} ({in_near} samples, "
                f"duplicate_threshold={self.duplicate_threshold:.3g})",
            ]
            + (
                []
                if self.label_check is None
                else [
                    f"  label disagreements:   {self.label_check.n_disagreements}"
                    f"{pct(self.label_check.n_disagreements)}",
                ]
            )
        )

    def __repr__(self) -> str:
        return (
            f"<ClusterResult: {self.n_samples} samples, {self.n_clusters} clusters, "
            f"{self.n_outliers} outliers, {self.n_potential_outliers} potential outliers, "
            f"{self.n_duplicate_groups} duplicate groups, "
            f"{self.n_near_duplicate_groups} near-duplicate groups>"
        )

    def _repr_pretty_(self, p, cycle):  # IPython display: the summary, not a giant dict
        p.text(repr(self) if cycle else self.summary())
