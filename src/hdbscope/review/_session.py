"""``ReviewSession``: reviewing and relabelling one dataset, without a widget.

It holds the label vocabulary, the edit log (undo / redo), the edits journal,
the current result with the label check of the current labels, and builds
the review queue. The explorer holds one (``explorer._session``) and only
encodes what it says for the browser; nothing here draws or clusters (the
label check is the engine's, ``ClusterResult.check_label_codes``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .._memo import Memo
from ._edits import CATEGORIES, DECISION_NAMES, EXCLUDE, KEEP, UNFLAGGED, EditLog, now
from ._indices import sample_indices
from ._journal import Journal
from ._journal_rows import check_writable, decode, encode_batch, encode_mark, encode_stack
from ._label_codes import LabelVocabulary
from ._labels import validate_labels
from ._pair_marks import PairMark, PairMarks, check_mark
from ._queue import Queue, build_queue, flagged_counts


class ReviewSession:
    """Edits of ``n_samples`` samples with optional given ``labels`` (one per sample), written
    to ``edits_path`` as they are made when given (and loaded from it: ``fingerprint`` and
    ``n_features`` tell its data from other data)."""

    def __init__(
        self,
        n_samples: int,
        labels: np.ndarray | None = None,
        *,
        edits_path=None,
        fingerprint: str = "",
        n_features: int = 0,
    ):
        self.n_samples = n_samples
        self.given_labels = labels = None if labels is None else validate_labels(labels, n_samples)
        self.vocab = LabelVocabulary(labels, n_samples)
        self.log = EditLog(labels, self.vocab, n_samples)
        self.journal: Journal | None = None
        self.memo = Memo()  # parts computed for the last result, reused where their inputs did not change
        self.result = None  # the ClusterResult under review
        self.check = None  # the label check of the current labels against it (None: no sample has a label)
        self.pair_marks = PairMarks()  # "same" / "different" on near-duplicate pairs (calibration)
        if edits_path is not None:
            check_writable(self.vocab.values)  # labels the journal cannot hold: refused now, not at the first edit
            self.journal, saved = Journal.open(edits_path, n_samples, fingerprint, n_features)
            events = decode(saved, n_samples, self.journal.path)
            for kind, mark in events:
                if kind == "mark":
                    self.pair_marks.set(mark)
            edits = [e for e in events if e[0] != "mark"]
            self.log.load(edits, where=repr(str(self.journal.path)))

    # ---------------------------------------------------------------- the result under review
    def label_check(self, result):
        """The engine's label check of the current labels against ``result`` (None while no
        sample has a label). The neighbours' vote changes only with relabelling, the cluster
        context only with the clusters: a slider move reuses the vote, keep and exclude reuse both."""
        log = self.log

        def check():
            if not (log.codes >= 0).any():
                return None
            # from the codes the edit log keeps: no pass over a million label objects
            uniques, rank = self.vocab.sorted_order()
            codes = np.where(log.codes >= 0, rank[np.maximum(log.codes, 0)], -1)
            votes = self.memo.get(
                "check.votes", (log.labels_version,), lambda: result.vote_label_codes(codes, len(uniques))
            )
            return result.check_label_codes(log.labels, codes, uniques, votes)

        return self.memo.get("check", (result.labels, log.labels_version), check)

    def set_result(self, result, check) -> None:
        """The result now shown, with ``label_check(result)``."""
        self.result, self.check = result, check

    def queue(self, result=None, check=None) -> Queue:
        """The review queue of ``result`` (default: the current one)."""
        if result is None:
            result, check = self.result, self.check
        return build_queue(result, check, self.memo)

    def flagged_counts(self, result, check) -> dict[str, int]:
        return flagged_counts(result, check)

    def categories_of(self, idx: np.ndarray) -> list[str]:
        """Per sample: the first finding (queue order) that flags it, else 'unflagged'."""
        r = self.result
        assert r is not None, "categories_of needs a result"
        masks = [
            r.is_outlier[idx],
            r.is_potential_outlier[idx],
            r.duplicate_group[idx] >= 0,
            r.near_duplicate_group[idx] >= 0,
            np.zeros(len(idx), bool) if self.check is None else self.check.is_disagreement[idx],
        ]
        out = np.full(len(idx), UNFLAGGED, dtype=object)
        for name, m in reversed(list(zip(CATEGORIES, masks))):
            out[m] = name
        return out.tolist()

    # ---------------------------------------------------------------- edits
    def edit(self, action: str, indices, label=None, category: str | None = None) -> int:
        """Apply one relabel / keep / exclude to ``indices``; returns how many samples changed.
        Written to the journal first: a failed write changes nothing."""
        idx = sample_indices(indices, self.n_samples)
        if category is not None and category not in CATEGORIES + (UNFLAGGED,):
            raise ValueError(f"category must be one of {CATEGORIES + (UNFLAGGED,)} or None; got {category!r}")
        cats = [category] * len(idx) if category is not None else self.categories_of(idx)
        rows = self.log.plan(action, idx, cats, label)
        if not rows:
            return 0
        if self.journal is not None:
            self.journal.append(encode_batch(rows))
        self.log.push(rows)
        return len(rows)

    def step(self, kind: str) -> int:
        """``"undo"`` or ``"redo"`` the last edit; returns the samples it touched (0: nothing to do)."""
        log = self.log
        b = log.peek_undo() if kind == "undo" else log.peek_redo()
        if b is None:
            return 0
        if self.journal is not None:
            self.journal.append(encode_stack(kind, b, now()))
        log.undo() if kind == "undo" else log.redo()
        return len(log.batches[b])

    def mark_pair(self, a: int, b: int, distance: float, mark: str) -> PairMark:
        """Mark the pair (a, b) at ``distance`` "same" or "different"; journalled first."""
        a, b, distance = check_mark(a, b, distance, mark, self.n_samples)
        m = PairMark(a, b, distance, mark, now())
        if self.journal is not None:
            self.journal.append(encode_mark(m))
        self.pair_marks.set(m)
        return m

    def edit_state(self) -> dict:
        """What undo / redo would do, and the totals."""
        log = self.log
        undo, redo = log.peek_undo(), log.peek_redo()
        return {
            "n_edits": sum(len(log.batches[b]) for b in log.applied),
            "can_undo": undo is not None,
            "can_redo": redo is not None,
            "undo": log.describe(undo),
            "redo": log.describe(redo),
            "n_relabelled": int(log.relabelled.sum()),
            "n_excluded": int((log.decision == EXCLUDE).sum()),
            "n_kept": int((log.decision == KEEP).sum()),
            "path": "" if self.journal is None else str(self.journal.path),
        }

    # ---------------------------------------------------------------- views
    @property
    def edits_path(self) -> Path | None:
        return None if self.journal is None else self.journal.path

    def to_frame(self):
        """One row per sample: every finding of the current result, the label check of the
        given and of the current labels, and every edit (current label, decision)."""
        result, log, check, n = self.result, self.log, self.check, self.n_samples
        frame = result.to_frame()
        if self.given_labels is not None:  # the engine's label check of the given labels
            given = result.check_labels(self.given_labels)
            frame["label"], frame["is_label_disagreement"] = given.labels, np.asarray(given.is_disagreement)
            frame["label_quality"], frame["suggested_label"] = given.label_quality, given.suggested_label
        else:
            frame["label"] = np.full(n, None, dtype=object)
            frame["is_label_disagreement"] = np.zeros(n, dtype=bool)
            frame["label_quality"], frame["suggested_label"] = np.full(n, np.nan), np.full(n, None, dtype=object)
        frame["current_label"] = log.labels.copy()
        frame["is_relabelled"] = log.relabelled
        frame["is_current_label_disagreement"] = (
            np.zeros(n, bool) if check is None else np.asarray(check.is_disagreement)
        )
        frame["current_label_quality"] = np.full(n, np.nan) if check is None else check.label_quality
        frame["current_suggested_label"] = np.full(n, None, dtype=object) if check is None else check.suggested_label
        majority = np.full(n, None, dtype=object)
        if check is not None and check.majority_label:
            per_cluster = np.full(len(check.majority_label) + 1, None, dtype=object)  # last: noise
            for c, value in enumerate(check.majority_label):
                per_cluster[c] = value
            majority = per_cluster[np.where(result.labels >= 0, result.labels, -1)]
        frame["majority_label"] = majority
        frame["decision"] = np.array([DECISION_NAMES[d] for d in range(3)], dtype=object)[log.decision]
        frame["is_excluded"] = log.decision == EXCLUDE
        return frame
