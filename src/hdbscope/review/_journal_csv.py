"""Reading the CSV edits file back: header, complete batches, and where a torn
last write (a crash mid-append) begins.

A write appends one batch of rows ending in a newline, so a torn write leaves
a last batch with fewer rows than its ``batch_size``, possibly ending in a
line without its newline, possibly inside a multi-byte UTF-8 character or a
quoted label. That tail is dropped (the caller warns and truncates). Anything
else that does not parse (a damaged line with its newline, a line added by
hand, bytes that are not UTF-8) is an error naming the line: nothing is
silently thrown away.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys

from ._journal_rows import JournalError

FORMAT = "hdbscope-edits"
FIRST_ROW_LINE = 4  # two header lines and the column names come first


def parse(raw: bytes, path) -> tuple[dict, list[list[str]], int | None]:
    """``(header, rows of complete batches, byte length to cut the file to or None)``."""
    where = repr(str(path))
    try:
        text, torn = raw.decode("utf-8"), False
    except UnicodeDecodeError as e:
        if e.end < len(raw) or e.reason != "unexpected end of data":
            raise JournalError(
                f"{where}: byte {e.start} is not UTF-8 text ({raw[e.start : e.start + 4]!r}); the file "
                "is damaged or was not written by hdbscope. Restore it, or pass a new edits_path."
            ) from None
        text, torn = raw[: e.start].decode("utf-8"), True  # a crash cut a multi-byte character
    lines = text.split("\n")
    if len(lines) < 4 or not lines[0].startswith("# " + FORMAT):
        raise JournalError(
            f"{where} is not an hdbscope edits file (it starts with {lines[0][:60]!r}); pass a new edits_path."
        )
    try:
        header = json.loads(lines[1][2:])
    except json.JSONDecodeError:
        raise JournalError(f"{where}: its header line 2 is damaged; pass a new edits_path.") from None
    body = [line + "\n" for line in lines[3:-1]]
    if lines[-1]:
        body.append(lines[-1])  # the text after the last newline: a write cut short
    rows, ends, cut_open = _rows(body, where)
    if lines[-1] and not cut_open and rows and ends[-1] == len(body):
        rows, ends = rows[:-1], ends[:-1]  # the row running into the end of the file is incomplete
    torn = torn or cut_open or bool(lines[-1])
    keep = complete_prefix(rows)
    if keep < len(rows) and not _batch_start(rows[keep:]):
        line = FIRST_ROW_LINE + (ends[keep - 1] if keep else 0)
        raise JournalError(
            f"{where}, line {line}: not a complete edit ({','.join(rows[keep])[:80]!r}). Was the file "
            "edited by hand? Fix or delete that line, or pass a new edits_path."
        )
    if not torn and keep == len(rows):
        return header, rows, None
    good = "\n".join(lines[:3]) + "\n" + "".join(body[: ends[keep - 1] if keep else 0])
    return header, rows[:keep], len(good.encode("utf-8"))


def _rows(body: list[str], where: str) -> tuple[list[list[str]], list[int], bool]:
    """Rows, the number of body lines read at the end of each, and whether the
    file ends inside a quoted field (a label with a newline, cut short)."""
    rows: list[list[str]] = []
    ends: list[int] = []
    reader = csv.reader(iter(body), strict=True)
    with _field_limit(sum(map(len, body))):
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return rows, ends, False
            except csv.Error as e:
                if reader.line_num >= len(body):
                    return rows, ends, True
                raise JournalError(
                    f"{where}, line {FIRST_ROW_LINE + reader.line_num - 1}: {e}. Was the file edited "
                    "by hand? Fix or delete that line, or pass a new edits_path."
                ) from None
            rows.append(row)
            ends.append(reader.line_num)


@contextlib.contextmanager
def _field_limit(n: int):
    # csv refuses fields over 131,072 characters by default; a label may be longer
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, min(n + 1, 2**31 - 1 if sys.platform == "win32" else sys.maxsize)))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _batch_start(tail: list[list[str]]) -> bool:
    """Are these rows the first rows of one batch (what a write cut short leaves)?"""
    try:
        size = int(tail[0][1])
    except (IndexError, ValueError):
        return False
    return all(len(r) == len(tail[0]) and r[0] == tail[0][0] for r in tail) and len(tail) < size


def complete_prefix(rows: list[list[str]]) -> int:
    """How many leading rows form complete batches (each batch: batch_size consecutive rows)."""
    i = 0
    while i < len(rows):
        try:
            size = int(rows[i][1])
        except (IndexError, ValueError):
            return i
        if size < 1 or i + size > len(rows) or any(r[:1] != rows[i][:1] for r in rows[i : i + size]):
            return i
        i += size
    return i
