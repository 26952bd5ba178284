"""Label check: labels their neighbours in the data space contradict.

A fifth finding, kept out of the walk-through's four-key mapping. The rule
(pinned by tests/test_labelcheck.py):

* **Voters.** From the neighbour graph built at fit time: the sample's
  copies (one voter), the k nearest distinct rows of its row and the rows that
  count its row among their k nearest (a mutual neighbour votes twice). Each
  voter votes with the label shares of its samples; missing labels (None, NaN)
  do not vote. Clusters play no part: clustered and noise samples are checked
  alike, at any ``min_cluster_size``.
* **Two passes.** The first vote uses the given labels; every sample whose
  voters give another label a larger share is provisionally relabelled with
  it. The second vote uses those provisional labels, so wrong labels next to
  each other do not vouch for each other.
* **Scores.** ``label_quality``: the share of the second vote for the sample's
  own label (1: every voter agrees). ``suggested_label``: the label with the
  largest share (ties: the smallest label), ``suggestion_confidence`` its share.
* **Flagged** (``label_disagreements``) when the suggested label's share beats
  the own label's by at least ``MARGIN`` (a third of the vote).

Missing labels are neither scored nor flagged. Each cluster's majority label
and purity are kept as context (never used to flag).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from ._label_votes import VoterGraph, Votes, neighbor_votes

MARGIN = 1 / 3  # flagged when the suggested label's share beats the own label's by this much
_TOLERANCE = 1e-9  # shares are sums of fractions: 2/3 - 1/3 must count as 1/3


@dataclass(frozen=True)
class LabelCheck:
    labels: np.ndarray  # the labels checked, one per sample (object array)
    is_disagreement: np.ndarray  # bool per sample: flagged by the neighbours' vote
    label_quality: np.ndarray  # per sample: share of the neighbours' vote for its own label (NaN: not checked)
    suggested_label: np.ndarray  # per sample (object): the neighbours' top label (None: not checked)
    suggestion_confidence: np.ndarray  # per sample: that label's share of the vote (NaN: not checked)
    majority_label: list  # per cluster id: its most frequent label (None if it has none); context only
    purity: np.ndarray  # per cluster id: share of its labelled samples that carry the majority label

    @property
    def disagreements(self) -> list[int]:
        return np.flatnonzero(self.is_disagreement).tolist()

    @property
    def n_disagreements(self) -> int:
        return int(self.is_disagreement.sum())

    def review_order(self) -> np.ndarray:
        """The flagged samples, lowest label quality first (ties: larger margin, then index)."""
        idx = np.flatnonzero(self.is_disagreement)
        q = self.label_quality[idx]
        return idx[np.lexsort((idx, -self.suggestion_confidence[idx], q))]

    def frame(self):
        """One row per sample: label, label_quality, suggested_label, suggestion_confidence,
        is_label_disagreement."""
        import pandas as pd

        return pd.DataFrame(
            {
                "label": self.labels,
                "label_quality": self.label_quality,
                "suggested_label": self.suggested_label,
                "suggestion_confidence": self.suggestion_confidence,
                "is_label_disagreement": self.is_disagreement,
            }
        ).rename_axis("sample")

    def purity_frame(self):
        """One row per cluster: majority label, purity."""
        import pandas as pd

        return pd.DataFrame({"majority_label": self.majority_label, "purity": self.purity}).rename_axis("cluster")


def object_vector(labels) -> np.ndarray:
    """Labels as an object array. A list of tuples stays a list of labels (numpy
    would make it 2-D); unhashable labels (lists, dicts) are refused by name."""
    arr = labels if isinstance(labels, np.ndarray) and labels.dtype == object else None
    if arr is None:
        try:
            arr = np.asarray(labels, dtype=object)
        except ValueError:  # ragged nesting
            arr = None
    if (arr is None or arr.ndim > 1) and isinstance(labels, (list, tuple)):
        arr = np.empty(len(labels), dtype=object)
        for i, value in enumerate(labels):
            arr[i] = value
    if arr is not None and arr.ndim == 1 and arr.size and isinstance(arr[0], (list, dict, set, np.ndarray)):
        raise TypeError(
            f"each label must be a single hashable value (str, int, tuple, ...); label 0 is a "
            f"{type(arr[0]).__name__}: {str(arr[0])[:60]}. Convert them, e.g. [str(v) for v in labels]."
        )
    if arr is None:
        raise TypeError(
            f"labels must be a list, array or Series of hashable values, one per sample; got "
            f"{type(labels).__name__}. Pass e.g. list(labels)."
        )
    return arr


def as_labels(labels, n_samples: int) -> np.ndarray:
    """Validate user labels (any hashable values) into an object array of length n."""
    if labels is None:
        raise TypeError("labels is None")
    arr = object_vector(labels.to_numpy() if hasattr(labels, "to_numpy") else labels)
    if arr.ndim != 1:
        raise ValueError(f"labels must be one-dimensional (one label per sample); got shape {arr.shape}.")
    if len(arr) != n_samples:
        raise ValueError(
            f"labels has {len(arr)} entries but the data has {n_samples} samples; give exactly one label per sample."
        )
    return arr


def check_labels(
    cluster_labels: np.ndarray, labels: np.ndarray, n_clusters: int, graph: VoterGraph | None, raw=None
) -> LabelCheck:
    """``labels``: from :func:`as_labels`; ``raw``: the labels as given, coded directly
    when they are a numeric or string array (much faster than the object array)."""
    codes, uniques = _codes(raw if _plain_array(raw) else labels)
    return check_label_codes(cluster_labels, labels, codes, uniques, n_clusters, graph)


def check_label_codes(
    cluster_labels, labels, codes, uniques, n_clusters: int, graph: VoterGraph | None, votes: Votes | None = None
) -> LabelCheck:
    """The check from integer codes (-1 = missing) into ``uniques``, which must be in
    sorted label order (ties go to the smallest label). For callers that keep codes
    already, like the widget while labels are edited: no pass over label objects.
    ``votes`` (from :func:`neighbor_votes` of the same codes) may be passed to reuse them."""
    codes = np.asarray(codes, dtype=np.int64)
    n = len(cluster_labels)
    if votes is None:
        votes = _no_votes(n) if graph is None or not n else neighbor_votes(graph, codes, len(uniques))
    flagged = (codes >= 0) & (votes.margin >= MARGIN - _TOLERANCE)
    suggested = np.full(n, None, dtype=object)
    has = votes.suggested >= 0
    if has.any():
        suggested[has] = np.asarray(uniques, dtype=object)[votes.suggested[has]]
    majority, purity = _cluster_majority(cluster_labels, codes, uniques, n_clusters)
    return LabelCheck(
        labels,
        _frozen(flagged),
        _frozen(votes.quality),
        _frozen(suggested),
        _frozen(votes.confidence),
        majority,
        _frozen(purity),
    )


def _no_votes(n: int) -> Votes:
    nan = np.full(n, np.nan)
    return Votes(nan, np.full(n, -1, np.int64), nan.copy(), nan.copy())


def _cluster_majority(cluster_labels, codes, uniques, n_clusters: int):
    """Per cluster: its most frequent label (ties: the smallest) and its purity."""
    majority_code = np.full(n_clusters, -1, dtype=np.int64)
    purity = np.full(n_clusters, np.nan)
    ok = (cluster_labels >= 0) & (codes >= 0)
    if n_clusters and ok.any() and len(uniques):
        # counts[cluster, label]: one bincount over combined keys
        keys = cluster_labels[ok] * len(uniques) + codes[ok]
        counts = np.bincount(keys, minlength=n_clusters * len(uniques)).reshape(n_clusters, len(uniques))
        totals = counts.sum(axis=1)
        has = totals > 0
        majority_code[has] = counts[has].argmax(axis=1)
        purity[has] = counts[has].max(axis=1) / totals[has]
    return [uniques[c] if c >= 0 else None for c in majority_code], purity


def _plain_array(a) -> bool:
    return isinstance(a, np.ndarray) and a.ndim == 1 and a.dtype.kind in "biufU"


def _codes(labels: np.ndarray):
    """Integer code per label in sorted label order (so ties never depend on row order)."""
    # factorize hashes in C (None / NaN -> -1); only the few distinct labels are sorted here
    first_seen, found = factorize(labels)
    uniques, rank = sorted_uniques(list(found))
    codes = np.append(rank, -1)[first_seen]  # -1 (missing) picks the appended -1, also with no label at all
    return codes, uniques


_TYPED = object()  # marks a key that keeps a number's type: never equal to a user's tuple


def label_key(value):
    """What makes two labels the same label: equal value and the same kind of
    number, so 1, True and 1.0 stay three labels (as the edits file keeps them)."""
    if isinstance(value, (bool, np.bool_)):
        return (_TYPED, "bool", bool(value))
    if isinstance(value, (float, np.floating)) and not np.isnan(value):
        return (_TYPED, "float", float(value))
    return value


def _number_kind(t) -> str | None:
    if issubclass(t, (bool, np.bool_)):
        return "bool"
    if issubclass(t, (numbers.Integral)):
        return "int"
    return "float" if issubclass(t, numbers.Real) else None


def factorize(labels: np.ndarray):
    """``pd.factorize`` (codes, -1 for None / NaN; uniques in first-seen order), but
    1, True and 1.0 are different labels. The type scan is only paid when booleans or
    floats sit among other labels."""
    import pandas as pd

    labels = np.asarray(labels, dtype=object)
    codes, uniques = pd.factorize(labels, sort=False, use_na_sentinel=True)
    kinds = {_number_kind(t) for t in set(map(type, labels))} - {None}
    if len(kinds) <= 1:
        return codes, uniques
    keys = np.empty(len(labels), dtype=object)
    keys[:] = [None if v is None or (isinstance(v, float) and np.isnan(v)) else label_key(v) for v in labels]
    codes, _ = pd.factorize(keys, sort=False, use_na_sentinel=True)
    first = np.full(codes.max(initial=-1) + 1, -1, dtype=np.int64)
    seen = codes >= 0
    first[codes[seen][::-1]] = np.flatnonzero(seen)[::-1]  # first sample of each code
    out = np.empty(len(first), dtype=object)
    out[:] = [labels[i] for i in first] if len(first) else []
    return codes, out


def sorted_uniques(values: list):
    """(object array of the values in sorted order, rank of each input value in it)."""
    try:
        order = sorted(range(len(values)), key=values.__getitem__)
    except TypeError:  # mixed types that do not compare: sort by text, then type name
        order = sorted(range(len(values)), key=lambda k: (str(values[k]), type(values[k]).__name__))
    uniques = np.empty(len(order), dtype=object)  # element-wise: tuples stay tuples
    uniques[:] = [values[k] for k in order] if order else []
    rank = np.empty(len(order), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    return uniques, rank


def _frozen(a):
    a.setflags(write=False)
    return a
