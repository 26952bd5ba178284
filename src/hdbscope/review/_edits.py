"""Edits made while reviewing (relabel, keep, exclude) with undo and redo.

One user action is one *batch* of rows, one row per sample it changed. The
batches in force form a stack; undo moves the top batch to the redo stack,
and any new edit clears that. The current labels and decisions are the given
labels with the batches in force applied in order, so undo simply replays
(O(n_samples + edits)) and can never drift from what the rows say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from ._journal_rows import same_label
from ._label_codes import LabelVocabulary, plain

ACTIONS = ("relabel", "keep", "exclude")
# The review queue's categories, in queue order (the same words as the result's keys).
CATEGORIES = ("outliers", "potential_outliers", "duplicates", "near_duplicates", "label_disagreements")
UNFLAGGED = "unflagged"  # category of an edit to a sample no finding flagged
NO_DECISION, KEEP, EXCLUDE = 0, 1, 2
DECISION_NAMES = {NO_DECISION: "", KEEP: "keep", EXCLUDE: "exclude"}


_KIND_TYPES = {"i": int, "u": int, "f": float, "b": bool, "U": str}


def _of_kind(value, kind: str) -> bool:
    return isinstance(value, _KIND_TYPES[kind]) and (kind == "b" or not isinstance(value, bool))


@dataclass
class Edit:
    batch: int
    index: int
    old_label: object  # the sample's label just before this edit (set when applied)
    new_label: object  # relabel: the new label; keep / exclude: the label, unchanged
    action: str
    category: str
    time: datetime


def now() -> datetime:
    return datetime.now(timezone.utc)


class EditLog:
    def __init__(self, given: np.ndarray | None, vocab: LabelVocabulary, n_samples: int):
        self.n = n_samples
        self.vocab = vocab
        self._given_dtype = None if given is None else np.asarray(given).dtype
        self._given = np.full(n_samples, None, dtype=object) if given is None else np.array(given, dtype=object)
        self.batches: dict[int, list[Edit]] = {}
        self.applied: list[int] = []  # batches in force, oldest first
        self.redo_stack: list[int] = []  # undone batches, the next to redo last
        self.next_batch = 0
        # Bumped by every change (of labels, decisions or the stacks), and by every change that
        # may touch the labels: caches of what they give are keyed on them.
        self.version = self.labels_version = 0
        self._reset()

    # ---------------------------------------------------------------- state
    def _reset(self) -> None:
        self.labels = self._given.copy()  # object array: the current label of every sample
        self.codes = self.vocab.given_codes.copy()  # their codes (int32, -1 = missing)
        self.decision = np.zeros(self.n, dtype=np.uint8)
        self.version += 1
        self.labels_version += 1

    def _apply(self, rows: list[Edit], where: str | None = None) -> None:
        self.version += 1
        self.labels_version += any(e.action == "relabel" for e in rows)
        for e in rows:
            if where is not None and not same_label(e.old_label, self.labels[e.index]):
                raise ValueError(
                    f"{where}: sample {e.index} had the label {e.old_label!r} ({type(e.old_label).__name__}) when "
                    f"it was edited, but the labels given now make it {self.labels[e.index]!r} "
                    f"({type(self.labels[e.index]).__name__}). Pass the labels the edits were made with, "
                    "or a new edits_path."
                )
            e.old_label = self.labels[e.index]
            if e.action == "relabel":
                self.labels[e.index] = e.new_label
                self.codes[e.index] = self.vocab.code_of(e.new_label)
            else:
                e.new_label = e.old_label
                self.decision[e.index] = KEEP if e.action == "keep" else EXCLUDE

    def replay(self, where: str | None = None) -> None:
        """Rebuild the state; with ``where`` (loading a file), check each edit's recorded
        old label against the labels given now."""
        self._reset()
        for b in self.applied:
            self._apply(self.batches[b], where)

    @property
    def relabelled(self) -> np.ndarray:
        """Samples whose current label differs from the given one."""
        given_codes = self.vocab.given_codes
        return self.codes != given_codes

    def current_labels(self) -> np.ndarray:
        """A copy; keeps the given labels' dtype when every current label fits it."""
        kind = None if self._given_dtype is None else self._given_dtype.kind
        # only when every new label is of the given labels' type: relabelling "a", "b" to 3 gives 3, not "3"
        if kind in _KIND_TYPES and all(_of_kind(v, kind) for v in self.labels[self.relabelled]):
            try:
                out = np.array(self.labels.tolist())
            except (TypeError, ValueError):
                out = None
            if out is not None and out.shape == (self.n,) and out.dtype.kind == kind:
                return out if kind == "U" else out.astype(self._given_dtype)
        return self.labels.copy()

    # ---------------------------------------------------------------- edits
    def plan(
        self, action: str, indices: np.ndarray, categories: list[str], label=None, when: datetime | None = None
    ) -> list[Edit]:
        """The rows an action would add (samples it would not change are left out)."""
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}; got {action!r}")
        when = when or now()
        rows = []
        if action == "relabel":
            label = plain(label)
            target = self.vocab.lookup(label)
            target = -2 if target is None else target  # -2: a label no sample has had yet
            for i, cat in zip(indices.tolist(), categories):
                if self.codes[i] != target:
                    rows.append(Edit(self.next_batch, i, self.labels[i], label, action, cat, when))
        else:
            want = KEEP if action == "keep" else EXCLUDE
            for i, cat in zip(indices.tolist(), categories):
                if self.decision[i] != want:
                    rows.append(Edit(self.next_batch, i, self.labels[i], self.labels[i], action, cat, when))
        return rows

    def push(self, rows: list[Edit]) -> None:
        if not rows:
            return
        b = rows[0].batch
        if b in self.batches:
            raise ValueError(f"batch {b} is already in the edit log")
        self.batches[b] = rows
        self.applied.append(b)
        self.redo_stack.clear()
        self.next_batch = max(self.next_batch, b + 1)
        self._apply(rows)

    def peek_undo(self) -> int | None:
        return self.applied[-1] if self.applied else None

    def peek_redo(self) -> int | None:
        return self.redo_stack[-1] if self.redo_stack else None

    def undo(self, replay: bool = True) -> int | None:
        if not self.applied:
            return None
        b = self.applied.pop()
        self.redo_stack.append(b)
        if replay:
            self.replay()
        return b

    def redo(self, replay: bool = True) -> int | None:
        if not self.redo_stack:
            return None
        b = self.redo_stack.pop()
        self.applied.append(b)
        if replay:
            self._apply(self.batches[b])
        return b

    def load(self, events: list[tuple], where: str = "the edits file") -> None:
        """Rebuild both stacks from journal events (see _journal_rows.decode), then the state."""
        for kind, x in events:
            if kind == "edits":
                b = x[0].batch
                if b in self.batches:
                    raise ValueError(f"{where}: batch {b} appears twice")
                self.batches[b] = x
                self.applied.append(b)
                self.redo_stack.clear()
                self.next_batch = max(self.next_batch, b + 1)
            elif kind == "undo" and self.peek_undo() == x:
                self.undo(replay=False)
            elif kind == "redo" and self.peek_redo() == x:
                self.redo(replay=False)
            else:
                raise ValueError(f"{where}: {kind} of batch {x} does not match the edits before it")
        self.replay(where)

    def rows_in_force(self) -> list[Edit]:
        return [e for b in self.applied for e in self.batches[b]]

    def describe(self, b: int | None) -> str:
        """A short text for an undo / redo button's tooltip."""
        if b is None:
            return ""
        rows = self.batches[b]
        n = len(rows)
        what = f"{n} sample{'s' if n != 1 else ''}"
        actions = {e.action for e in rows}
        if len(actions) > 1:  # keep one per group: one action of keeps and excludes
            n_ex = sum(e.action == "exclude" for e in rows)
            return f"keep one per group: exclude {n_ex}, keep {n - n_ex}"
        if rows[0].action == "relabel":
            return f"label {what} {self.vocab.text(self.vocab.code_of(rows[0].new_label))!r}"
        return f"{rows[0].action} {what}"

    def frame(self):
        """The edits in force as a DataFrame, oldest first."""
        import pandas as pd

        rows = self.rows_in_force()
        frame = pd.DataFrame(
            {
                "index": pd.array([e.index for e in rows], dtype="int64"),
                "old_label": pd.array([e.old_label for e in rows], dtype=object),
                "new_label": pd.array([e.new_label for e in rows], dtype=object),
                "action": pd.array([e.action for e in rows], dtype=object),
                "category": pd.array([e.category for e in rows], dtype=object),
                "time": pd.to_datetime([e.time for e in rows], utc=True),
                "batch": pd.array([e.batch for e in rows], dtype="int64"),
            }
        )
        frame.index.name = "edit"
        return frame
