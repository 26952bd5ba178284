"""Decisions in bulk and the result to train on: keep one member of every
duplicate group (one undoable action), export the kept samples as a manifest,
and the frame's index on every table (from_frame)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..review._edits import EXCLUDE, KEEP, now
from ..review._journal_rows import encode_batch
from ..review._manifest import ExportSummary, check_path, exclusion_reasons, write_manifest
from ..review._one_per_group import RULES, choose_keepers

if TYPE_CHECKING:
    from ..engine import ClusterResult
    from ..review._session import ReviewSession
    from ._frame import InfoColumns
    from ._image_source import ImageSource

KINDS = {"exact": ("duplicate_group", "duplicates"), "near": ("near_duplicate_group", "near_duplicates")}


class GroupDecision(NamedTuple):
    n_groups: int
    n_kept: int  # one per group
    n_excluded: int  # the other members
    n_changed: int  # samples whose decision this changes (0: already so, or only previewed)


class CurationMixin:
    _info: InfoColumns | None = None  # from from_frame(..., info=[...])
    _frame_index: Any = None  # the frame's pandas Index (from_frame)
    if TYPE_CHECKING:  # provided by ClusterExplorer
        _session: ReviewSession
        _result: ClusterResult
        _data_rows: Any
        _images: ImageSource | None
        edit_state: dict

        def _refresh(self) -> None: ...
        def send(self, content: Any, buffers: Any = None) -> None: ...

    # ---------------------------------------------------------------- one per group
    def keep_one_per_group(self, kind: str = "exact", by: str | Callable[[np.ndarray], int] = "first") -> GroupDecision:
        """Keep one member of every duplicate group and exclude the others, as ONE undoable edit.

        ``kind``: "exact" (duplicate groups) or "near" (near-duplicate groups at the
        current ``duplicate_threshold``). ``by``: "first" (lowest index), "medoid"
        (closest to the group's mean in the data), the name of an ``info`` column
        (largest value kept, e.g. resolution or file size; ties: lowest index), or a
        callable given each group's member indices and returning the one to keep.
        """
        keepers, losers, category = self._one_per_group(kind, by)
        session = self._session
        log = session.log
        when = now()
        rows = log.plan("exclude", losers, [category] * len(losers), when=when)
        rows += log.plan("keep", keepers, [category] * len(keepers), when=when)  # same batch: one undo
        if rows:
            if session.journal is not None:
                session.journal.append(encode_batch(rows))  # on disk first: a failed write changes nothing
            log.push(rows)
            self._refresh()
        return GroupDecision(len(keepers), len(keepers), len(losers), len(rows))

    def preview_one_per_group(
        self, kind: str = "exact", by: str | Callable[[np.ndarray], int] = "first"
    ) -> GroupDecision:
        """What :meth:`keep_one_per_group` would do, without doing it."""
        keepers, losers, _ = self._one_per_group(kind, by)
        d = self._session.log.decision
        changed = int((d[losers] != EXCLUDE).sum() + (d[keepers] != KEEP).sum())
        return GroupDecision(len(keepers), len(keepers), len(losers), changed)

    def _one_per_group(self, kind: str, by) -> tuple[np.ndarray, np.ndarray, str]:
        if kind not in KINDS:
            raise ValueError(f'kind must be "exact" or "near"; got {kind!r}')
        attr, category = KINDS[kind]
        group = np.asarray(getattr(self._result, attr))
        values, name = None, "by"
        if isinstance(by, str) and by not in RULES:
            names: list[str] = [] if self._info is None else list(self._info.names)
            if self._info is None or by not in names:
                raise ValueError(
                    f'by must be "first", "medoid", a callable, or the name of an info column '
                    f"(from_frame(..., info=[...]): {names}); got {by!r}."
                )
            values, name, by = self._info.column(by), f"info column {by!r}", "values"
        elif not isinstance(by, str) and not callable(by):
            raise TypeError(
                f'by must be "first", "medoid", an info column name or a callable; got {type(by).__name__}.'
            )
        keepers = choose_keepers(group, by, rows=self._data_rows, values=values, name=name)
        members = np.flatnonzero(group >= 0)
        losers = np.setdiff1d(members, keepers, assume_unique=True)
        return keepers, losers, category

    # ---------------------------------------------------------------- export
    def export(self, path: str | os.PathLike[str]) -> ExportSummary:
        """Write the samples not excluded to ``path`` (.csv, or .parquet with pyarrow): one row per
        sample with its current label, its index in the frame (from_frame) and its image path (when
        images are files), plus the info columns. Returns how many were written and excluded, and why."""
        p = check_path(path)
        log = self._session.log
        excluded = log.decision == EXCLUDE
        kept = np.flatnonzero(~excluded)
        frame = self._manifest(kept)
        write_manifest(frame, p)
        return ExportSummary(p, len(kept), int(excluded.sum()), exclusion_reasons(log.rows_in_force(), excluded))

    def _manifest(self, kept: np.ndarray):
        import pandas as pd

        columns: dict = {"sample": kept}
        source = self._images
        if source is not None and source.kind == "sequence":
            columns["image_path"] = pd.array([source.path(int(i)) for i in kept], dtype=object)
        columns["label"] = pd.array(self._session.log.labels[kept], dtype=object)
        if self._info is not None:
            for name, values in zip(self._info.names, self._info.values):
                if name not in columns:
                    columns[name] = values[kept]
        index = self._frame_index[kept] if self._frame_index is not None else pd.RangeIndex(len(kept))
        frame = pd.DataFrame(columns, index=index)
        frame.index.name = (self._frame_index.name if self._frame_index is not None else None) or "frame_index"
        if frame["label"].map(type).nunique() > 1:  # e.g. ints and a new str label: one type per column
            frame["label"] = frame["label"].map(lambda v: None if v is None else str(v))
        return frame

    # ---------------------------------------------------------------- the frame's index
    def to_frame(self):
        frame = super().to_frame()
        if self._frame_index is not None:
            frame.index = self._frame_index
        return frame

    @property
    def relabels(self):
        frame = super().relabels
        if self._frame_index is not None:
            frame.insert(1, "frame_index", self._frame_index[frame["index"].to_numpy(dtype=np.int64)])
        return frame

    # ---------------------------------------------------------------- browser
    def _on_bulk_msg(self, content: dict[str, Any]) -> None:
        """``{"type": "one_per_group", "id", "kind", "by", "apply": bool}`` -> counts (and the edit)."""
        reply = {"type": "one_per_group", "id": content.get("id", 0), "ok": True}
        try:
            kind, by = content.get("kind"), content.get("by")
            if not isinstance(by, str):  # the page names a rule or an info column, never code to run
                raise ValueError("by must be a rule name or an info column name")
            if not isinstance(kind, str):
                raise ValueError('kind must be "exact" or "near"')
            done = (
                self.keep_one_per_group(kind, by)
                if content.get("apply") is True
                else self.preview_one_per_group(kind, by)
            )
            reply.update(done._asdict(), applied=content.get("apply") is True)
        except Exception as e:  # answered, so the panel never waits
            reply.update(ok=False, error=f"{type(e).__name__}: {e}")
        reply["edit_state"] = self.edit_state
        self.send(reply)
