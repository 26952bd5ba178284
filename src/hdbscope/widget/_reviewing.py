"""The review-and-relabel half of ``ClusterExplorer``: label check of the
current labels, the review queue, edits with undo/redo, the edits file, and
the pandas views of it all. The label check is the engine's
(``result.check_labels``); nothing here clusters.
"""
from __future__ import annotations

import numpy as np
import traitlets

from ..review._edits import CATEGORIES, EXCLUDE, KEEP, UNFLAGGED, EditLog, now
from ._fingerprint import data_fingerprint
from ..review._journal import Journal
from ..review._journal_rows import check_writable, decode, encode_batch, encode_stack
from ..review._label_codes import LabelVocabulary
from ._neighbors import Neighbours
from ._memo import Memo
from ._review import NO_QUEUE, build_queue, flagged_counts, review_reply
from ._review_views import ReviewViews
from ._serialization import (
    FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT, FLAG_RELABELLED, bit_flags, encode_result, normalise_selection,
)

COLOR_BY = ("cluster", "label", "current_label")


class ReviewMixin(ReviewViews, traitlets.HasTraits):
    label_codes = traitlets.Bytes(b"").tag(sync=True)  # int32 (N,): code of each given label, -1 none
    current_codes = traitlets.Bytes(b"").tag(sync=True)  # int32 (N,): code of each current label
    label_names = traitlets.Dict().tag(sync=True)  # {"code": text} for the codes the browser names
    label_choices = traitlets.List().tag(sync=True)  # [[code, text, count]], most frequent current first
    color_by = traitlets.Enum(COLOR_BY, default_value="cluster").tag(sync=True)
    # Set by the browser's review panel. The queue travels only while it is open (format: _review.py).
    review_open = traitlets.Bool(False).tag(sync=True, echo_update=False)
    queue_counts = traitlets.List(traitlets.Int()).tag(sync=True)  # items per category; [] while not sent
    queue_sizes = traitlets.Bytes(b"").tag(sync=True)  # int32: size of each group item
    queue_members = traitlets.Bytes(b"").tag(sync=True)  # int32: every item's members, in queue order
    edit_state = traitlets.Dict().tag(sync=True)

    # ---------------------------------------------------------------- set-up
    def _init_review(self, rows, labels, edits_path) -> None:
        c = self._clusterer
        n = c.n_samples
        self._vocab = LabelVocabulary(labels, n)
        self._log = EditLog(labels, self._vocab, n)
        self._neighbours = Neighbours(rows, c)
        self._check = None
        self._journal = None
        self._memo = Memo()  # what the last update encoded, reused where its inputs did not change
        if edits_path is not None:
            check_writable(self._vocab.values)
            self._journal, saved = Journal.open(edits_path, n, data_fingerprint(rows), c.n_features)
            self._log.load(decode(saved, n, self._journal.path), where=repr(str(self._journal.path)))

    def _label_check(self, result):
        """The engine's label check of the current labels (None while no sample has a label).
        Only the clusters and relabelling change it: a duplicate_threshold move, keep and
        exclude reuse it."""
        log = self._log

        def check():
            if not (log.codes >= 0).any():
                return None
            # from the codes the edit log keeps: no pass over a million label objects
            uniques, rank = self._vocab.sorted_order()
            codes = np.where(log.codes >= 0, rank[np.maximum(log.codes, 0)], -1)
            return result._check_label_codes(log.labels, codes, uniques)

        return self._memo.get("check", (result.labels, log.labels_version), check)

    def _encode(self, result) -> tuple[dict, object]:
        """(trait values for this result and the current edits, label check)."""
        memo, log, vocab = self._memo, self._log, self._vocab
        check = self._label_check(result)
        disagree = None if check is None else check.is_disagreement
        review_flags = memo.get("flags.review", (disagree, log.version), lambda: bit_flags(
            log.n, (disagree, FLAG_LABEL_DISAGREEMENT), (log.decision == EXCLUDE, FLAG_EXCLUDED),
            (log.relabelled, FLAG_RELABELLED)))
        out = encode_result(result, memo, review_flags)
        out["summary"] = {**out["summary"], "n_label_disagreements": 0 if check is None else check.n_disagreements,
                          "queue": flagged_counts(result, check)}
        out.update(self._queue_traits(result, check) if self.review_open else NO_QUEUE)
        out.update(memo.get("labels", (log.labels_version,), lambda: {
            "current_codes": log.codes.astype("<i4").tobytes(),
            "label_names": vocab.names(log.codes, vocab.given_codes),
            "label_choices": vocab.choices(log.codes),
        }))
        out["edit_state"] = memo.get("edit_state", (log.version,), self._edit_state)
        return out, check

    def _queue(self, result, check):
        return build_queue(result, None if check is None else check.is_disagreement, self._memo)

    def _queue_traits(self, result, check) -> dict:
        return self._queue(result, check).traits

    @traitlets.observe("review_open")
    def _on_review_open(self, change) -> None:
        """The panel opened: the queue of the current result, in one message; closed: none."""
        if not getattr(self, "_ready", False):
            return
        values = self._queue_traits(self._result, self._check) if change["new"] else NO_QUEUE
        with self.hold_sync():
            for key, value in values.items():
                setattr(self, key, value)

    def _edit_state(self) -> dict:
        log = self._log
        undo, redo = log.peek_undo(), log.peek_redo()
        return {
            "n_edits": sum(len(log.batches[b]) for b in log.applied),
            "can_undo": undo is not None, "can_redo": redo is not None,
            "undo": log.describe(undo), "redo": log.describe(redo),
            "n_relabelled": int(log.relabelled.sum()),
            "n_excluded": int((log.decision == EXCLUDE).sum()), "n_kept": int((log.decision == KEEP).sum()),
            "path": "" if self._journal is None else str(self._journal.path),
        }

    def _refresh(self) -> None:
        """After an edit, undo or redo: label check, flags, queue, labels: one message."""
        out, check = self._encode(self._result)
        with self.hold_sync():
            for key, value in out.items():
                setattr(self, key, value)
            self._check = check
            self.seq += 1

    # ---------------------------------------------------------------- edits (public)
    def relabel(self, indices, label, *, category=None) -> int:
        """Give samples a label (any existing one, or a new one). Returns how many changed."""
        try:
            hash(label)
        except TypeError:
            raise TypeError(f"a label must be hashable (str, int, ...); got {type(label).__name__}") from None
        return self._edit("relabel", indices, label, category)

    def exclude(self, indices, *, category=None) -> int:
        """Mark samples to leave out (e.g. one of a duplicate pair). Returns how many changed."""
        return self._edit("exclude", indices, None, category)

    def keep(self, indices, *, category=None) -> int:
        """Mark samples as reviewed and kept (undoes an exclude). Returns how many changed."""
        return self._edit("keep", indices, None, category)

    def undo(self) -> int:
        """Undo the last edit (one relabel / keep / exclude action). Returns the samples it touched."""
        return self._stack("undo")

    def redo(self) -> int:
        """Redo the last undone edit. Returns the samples it touched."""
        return self._stack("redo")

    def _edit(self, action: str, indices, label, category) -> int:
        idx = normalise_selection(indices, self.n_samples)
        if category is not None and category not in CATEGORIES + (UNFLAGGED,):
            raise ValueError(f"category must be one of {CATEGORIES + (UNFLAGGED,)} or None; got {category!r}")
        cats = [category] * len(idx) if category is not None else self._categories_of(idx)
        rows = self._log.plan(action, idx, cats, label)
        if not rows:
            return 0
        if self._journal is not None:
            self._journal.append(encode_batch(rows))  # on disk first: a failed write changes nothing
        self._log.push(rows)
        self._refresh()
        return len(rows)

    def _stack(self, kind: str) -> int:
        log = self._log
        b = log.peek_undo() if kind == "undo" else log.peek_redo()
        if b is None:
            return 0
        if self._journal is not None:
            self._journal.append(encode_stack(kind, b, now()))
        log.undo() if kind == "undo" else log.redo()
        self._refresh()
        return len(log.batches[b])

    def _categories_of(self, idx: np.ndarray) -> list[str]:
        """Per sample: the first finding (queue order) that flags it, else 'unflagged'."""
        r = self._result
        masks = [r.is_outlier[idx], r.is_potential_outlier[idx], r.duplicate_group[idx] >= 0,
                 r.near_duplicate_group[idx] >= 0,
                 np.zeros(len(idx), bool) if self._check is None else self._check.is_disagreement[idx]]
        out = np.full(len(idx), UNFLAGGED, dtype=object)
        for name, m in reversed(list(zip(CATEGORIES, masks))):
            out[m] = name
        return out.tolist()

    # ---------------------------------------------------------------- browser messages
    def _on_review_msg(self, content: dict) -> bool:
        kind = content.get("type")
        if kind == "review":
            reply, buffers = review_reply(self, content)
            self.send(reply, buffers or None)
            return True
        if kind != "edit":
            return False
        reply = {"type": "edit", "id": content.get("id", 0), "ok": True, "changed": 0}
        try:
            reply["changed"] = self._edit_from_browser(content)
        except Exception as e:  # answered, so the panel never waits; shown in it
            reply.update(ok=False, error=f"{type(e).__name__}: {e}")
        reply["edit_state"] = self.edit_state
        self.send(reply)
        return True

    def _edit_from_browser(self, content: dict) -> int:
        action = content.get("action")
        if action in ("undo", "redo"):
            return self._stack(action)
        if action not in ("relabel", "keep", "exclude"):
            raise ValueError(f"unknown edit action {action!r}")
        indices = self.selected if content.get("target") == "selection" else content.get("indices")
        if not isinstance(indices, (list, np.ndarray)) or len(indices) == 0:
            raise ValueError("nothing to edit: no samples given (select some, or step to an item)")
        label = None
        if action == "relabel":
            spec = content.get("label") or {}
            if "code" in spec:
                label = self._vocab.value(spec["code"])
            elif "text" in spec:
                label = self._vocab.from_text(spec["text"])
            else:
                raise ValueError("relabel needs a label: {'code': k} or {'text': '...'}")
        return self._edit(action, indices, label, content.get("category"))
