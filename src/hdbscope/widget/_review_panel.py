"""The explorer's review-and-relabel glue: the traits the review panel syncs,
its messages, and the public edit methods and views. The work is the
``ReviewSession``'s (hdbscope/review/_session.py), which the explorer holds as
``self._session``; here it is only encoded for the browser.

Queue wire format (sent only while the review panel is open, ``review_open``;
while it is closed the three traits are empty and a slider move sends nothing
of the queue): ``queue_counts`` (items per category, CATEGORIES order; ``[]``
while not sent), ``queue_members`` (int32, every item's members in queue
order), ``queue_sizes`` (int32, one per duplicate / near-duplicate item).
js/review/queue.ts decodes it.
"""

from __future__ import annotations

import pathlib
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import numpy as np
import traitlets

from ..review._edits import EXCLUDE

if TYPE_CHECKING:
    import pandas as pd

    from ..engine import LabelCheck
from ..review._session import ReviewSession
from ._review_reply import review_reply
from ._serialization import FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT, FLAG_RELABELLED, bit_flags, encode_result

COLOR_BY = ("cluster", "label", "current_label")
NO_QUEUE = {"queue_counts": [], "queue_sizes": b"", "queue_members": b""}  # the traits while not sent


class ReviewPanelMixin(traitlets.HasTraits):
    """Mixed into ClusterExplorer; it provides ``_session``, ``_result``, ``seq``, ``selected``, ``send``."""

    _session: ReviewSession
    if TYPE_CHECKING:  # provided by ClusterExplorer (anywidget)
        _result: Any
        seq: int
        selected: Any

        def hold_sync(self) -> AbstractContextManager[None]: ...
        def send(self, content: Any, buffers: Any = None) -> None: ...

    label_codes = traitlets.Bytes(b"").tag(sync=True)  # int32 (N,): code of each given label, -1 none
    current_codes = traitlets.Bytes(b"").tag(sync=True)  # int32 (N,): code of each current label
    label_names = traitlets.Dict().tag(sync=True)  # {"code": text} for the codes the browser names
    label_choices: traitlets.List[list] = traitlets.List().tag(
        sync=True
    )  # [[code, text, count]], most frequent current first
    color_by = traitlets.Enum(COLOR_BY, default_value="cluster").tag(sync=True)
    # Set by the browser's review panel. The queue travels only while it is open (see above).
    review_open = traitlets.Bool(False).tag(sync=True, echo_update=False)
    queue_counts = traitlets.List(traitlets.Int()).tag(sync=True)  # items per category; [] while not sent
    queue_sizes = traitlets.Bytes(b"").tag(sync=True)  # int32: size of each group item
    queue_members = traitlets.Bytes(b"").tag(sync=True)  # int32: every item's members, in queue order
    edit_state = traitlets.Dict().tag(sync=True)

    # ---------------------------------------------------------------- encoding
    def _encode(self, result) -> tuple[dict, object]:
        """(trait values for this result and the current edits, label check of the current labels)."""
        session = self._session
        memo, log, vocab = session.memo, session.log, session.vocab
        check = session.label_check(result)
        disagree = None if check is None else check.is_disagreement
        review_flags = memo.get(
            "flags.review",
            (disagree, log.version),
            lambda: bit_flags(
                log.n,
                (disagree, FLAG_LABEL_DISAGREEMENT),
                (log.decision == EXCLUDE, FLAG_EXCLUDED),
                (log.relabelled, FLAG_RELABELLED),
            ),
        )
        out = encode_result(result, memo, review_flags)
        out["summary"] = {
            **out["summary"],
            "n_label_disagreements": 0 if check is None else check.n_disagreements,
            "queue": session.flagged_counts(result, check),
        }
        out.update(self._queue_traits(result, check) if self.review_open else NO_QUEUE)
        out.update(
            memo.get(
                "labels",
                (log.labels_version,),
                lambda: {
                    "current_codes": log.codes.astype("<i4").tobytes(),
                    "label_names": vocab.names(log.codes, vocab.given_codes),
                    "label_choices": vocab.choices(log.codes),
                },
            )
        )
        out["edit_state"] = memo.get("edit_state", (log.version,), session.edit_state)
        return out, check

    def _queue_traits(self, result, check) -> dict:
        counts, sizes, members = self._session.queue(result, check).packed
        return {"queue_counts": counts, "queue_sizes": sizes, "queue_members": members}

    @traitlets.observe("review_open")
    def _on_review_open(self, change) -> None:
        """The panel opened: the queue of the current result, in one message; closed: none."""
        if not getattr(self, "_ready", False):
            return
        s = self._session
        values = self._queue_traits(s.result, s.check) if change["new"] else NO_QUEUE
        with self.hold_sync():
            for key, value in values.items():
                setattr(self, key, value)

    def _refresh(self) -> None:
        """After an edit, undo or redo: label check, flags, queue, labels: one message."""
        out, check = self._encode(self._result)
        with self.hold_sync():
            for key, value in out.items():
                setattr(self, key, value)
            self._session.set_result(self._result, check)
            self.seq += 1

    # ---------------------------------------------------------------- edits (public)
    def relabel(self, indices: Any, label: Any, *, category: str | None = None) -> int:
        """Give samples a label (any existing one, or a new one). Returns how many changed."""
        try:
            hash(label)
        except TypeError:
            raise TypeError(f"a label must be hashable (str, int, ...); got {type(label).__name__}") from None
        return self._edit("relabel", indices, label, category)

    def exclude(self, indices: Any, *, category: str | None = None) -> int:
        """Mark samples to leave out (e.g. one of a duplicate pair). Returns how many changed."""
        return self._edit("exclude", indices, None, category)

    def keep(self, indices: Any, *, category: str | None = None) -> int:
        """Mark samples as reviewed and kept (undoes an exclude). Returns how many changed."""
        return self._edit("keep", indices, None, category)

    def undo(self) -> int:
        """Undo the last edit (one relabel / keep / exclude action). Returns the samples it touched."""
        return self._step("undo")

    def redo(self) -> int:
        """Redo the last undone edit. Returns the samples it touched."""
        return self._step("redo")

    def _edit(self, action: str, indices, label, category) -> int:
        changed = self._session.edit(action, indices, label, category)
        if changed:
            self._refresh()
        return changed

    def _step(self, kind: str) -> int:
        touched = self._session.step(kind)
        if touched:
            self._refresh()
        return touched

    # ---------------------------------------------------------------- views (public)
    @property
    def current_labels(self) -> np.ndarray:
        """Every sample's label after the edits (a copy)."""
        return self._session.log.current_labels()

    @property
    def exclude_mask(self) -> np.ndarray:
        """True for the samples marked exclude (a copy)."""
        return self._session.log.decision == EXCLUDE

    @property
    def relabels(self) -> pd.DataFrame:
        """The edits in force (undone ones left out), oldest first: index, old_label,
        new_label, action, category (the finding that flagged the sample), time, batch."""
        return self._session.log.frame()

    @property
    def label_check(self) -> LabelCheck | None:
        """The engine's :class:`LabelCheck` of the current labels (None if no sample has one)."""
        return self._session.check

    @property
    def edits_path(self) -> pathlib.Path | None:
        return self._session.edits_path

    def review_queue(self) -> pd.DataFrame:
        """The flagged items in review order: category and members (DataFrame).
        Built here when needed: the browser gets the queue only while its review panel is open."""
        return self._session.queue().frame()

    def to_frame(self) -> pd.DataFrame:
        """One row per sample: every finding (the engine's columns), the label check of
        the current labels, and every edit (current label, decision)."""
        return self._session.to_frame()

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
            return self._step(action)
        if action not in ("relabel", "keep", "exclude"):
            raise ValueError(f"unknown edit action {action!r}")
        indices = self.selected if content.get("target") == "selection" else content.get("indices")
        if not isinstance(indices, (list, np.ndarray)) or len(indices) == 0:
            raise ValueError("nothing to edit: no samples given (select some, or step to an item)")
        label = None
        if action == "relabel":
            spec = content.get("label") or {}
            vocab = self._session.vocab
            if "code" in spec:
                label = vocab.value(spec["code"])
            elif "text" in spec:
                label = vocab.from_text(spec["text"])
            else:
                raise ValueError("relabel needs a label: {'code': k} or {'text': '...'}")
        return self._edit(action, indices, label, content.get("category"))
