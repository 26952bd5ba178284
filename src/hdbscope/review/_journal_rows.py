"""Rows of the edits file <-> edits: one row per edited sample, one per undo
or redo, one per mark of a near-duplicate pair. Labels are stored as JSON
values, so 3 and "3" stay different.

A mark row (action ``mark``) is its own batch of one, numbered -1 (marks are not
edits: undo leaves them alone); ``index`` is the pair's first sample and
``new_label`` a JSON object ``{"b": second sample, "distance": d, "mark":
"same" | "different"}``. Files without marks read as before."""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np

COLUMNS = ["batch", "batch_size", "index", "old_label", "new_label", "action", "category", "time"]
EDIT_ACTIONS = ("relabel", "keep", "exclude")
STACK_ACTIONS = ("undo", "redo")
MARK_ACTION = "mark"
MARK_BATCH = -1


class JournalError(ValueError):
    pass


def label_json(value) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (str, bool, int, float)):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(
        f"cannot write the label {value!r} (type {type(value).__name__}) to the edits file: labels written "
        "there must be str, int, float, bool or None. Convert the labels first, e.g. labels=[str(v) for v in y]."
    )


def check_writable(labels) -> None:
    """Refuse, before any edit, given labels that the edits file could not hold
    (every keep / exclude writes the sample's label)."""
    for value in labels:
        try:
            label_json(value)
        except TypeError as e:
            raise TypeError(f"labels with an edits_path: {e}") from None


def same_label(a, b) -> bool:
    """Equal and of the same type (3 and "3", 1 and True differ); missing matches missing."""
    a, b = (v.item() if isinstance(v, np.generic) else v for v in (a, b))
    if a is None or b is None:
        return a is b
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True  # NaN
    return type(a) is type(b) and a == b


def safe_label_json(value) -> str:
    """For old labels (informational): anything else is written as its text."""
    try:
        return label_json(value)
    except TypeError:
        return json.dumps(str(value), ensure_ascii=False)


def encode_batch(edits) -> list[list[str]]:
    n = str(len(edits))
    return [
        [
            str(e.batch),
            n,
            str(e.index),
            safe_label_json(e.old_label),
            label_json(e.new_label),
            e.action,
            e.category,
            e.time.isoformat(timespec="microseconds"),
        ]
        for e in edits
    ]


def encode_stack(kind: str, batch: int, when) -> list[list[str]]:
    return [[str(batch), "1", "", "", "", kind, "", when.isoformat(timespec="microseconds")]]


def encode_mark(m) -> list[list[str]]:
    """One PairMark -> its row (see above)."""
    pair = json.dumps({"b": m.b, "distance": m.distance, "mark": m.mark})
    when = m.time.isoformat(timespec="microseconds")
    return [[str(MARK_BATCH), "1", str(m.a), "", pair, MARK_ACTION, "near_duplicates", when]]


def _decode_mark(row: list[str], n_samples: int, when: datetime):
    from ._pair_marks import PairMark, check_mark

    pair = json.loads(row[4])
    if not isinstance(pair, dict):
        raise ValueError(f"a mark needs {{b, distance, mark}}; got {row[4][:60]!r}")
    a, b, d = check_mark(int(row[2]), pair.get("b"), pair.get("distance"), pair.get("mark"), n_samples)
    return PairMark(a, b, d, pair["mark"], when)


def decode(rows: list[list[str]], n_samples: int, path, first_line: int = 4) -> list[tuple]:
    """Rows read back -> events: ("edits", [Edit, ...]) | ("undo", batch) | ("redo", batch)
    | ("mark", PairMark)."""
    from ._edits import Edit

    events: list[tuple] = []
    current: list = []
    for k, row in enumerate(rows):
        where = (
            f"{str(path)!r}, line {first_line + k}"
            if not str(path).endswith(("parquet", ".pq"))
            else f"{str(path)!r}, row {k}"
        )
        try:
            if len(row) != len(COLUMNS):
                raise ValueError(f"expected {len(COLUMNS)} fields, got {len(row)}")
            batch, size, action, when = int(row[0]), int(row[1]), row[5], datetime.fromisoformat(row[7])
            if action in STACK_ACTIONS:
                events.append((action, batch))
                continue
            if action == MARK_ACTION:
                events.append((action, _decode_mark(row, n_samples, when)))
                continue
            if action not in EDIT_ACTIONS:
                raise ValueError(f"unknown action {action!r}")
            index = int(row[2])
            if not 0 <= index < n_samples:
                raise ValueError(f"sample index {index} is out of range for {n_samples} samples")
            edit = Edit(batch, index, json.loads(row[3]), json.loads(row[4]), action, row[6], when)
        except (ValueError, json.JSONDecodeError) as e:
            raise JournalError(
                f"{where}: {e}. Was the file edited by hand? Fix or delete that line, or pass a new edits_path."
            ) from None
        current.append(edit)
        if len(current) == size:
            events.append(("edits", current))
            current = []
    return events
