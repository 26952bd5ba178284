"""The edits file (``edits_path``): every edit is on disk before it takes effect.

The file is a journal: one row per edited sample, plus one row per undo and
redo, so replaying it rebuilds the edits in force and both undo stacks.

- ``.csv``: rows are appended, flushed and fsync'ed, one batch per write. A
  write cut short by a crash leaves a last batch with fewer rows than its
  ``batch_size`` (or a line without its newline, or half a UTF-8 character):
  the next load drops it, with a warning, and truncates the file back to its
  last complete batch (_journal_csv.py).
- ``.parquet`` (needs pyarrow): the whole file is written to a temporary file,
  fsync'ed, then renamed over the old one (``os.replace`` is atomic).

Every open and every write holds an OS file lock (_file_lock.py) from the
"did anyone else change the file?" check to the end of the write, so two
kernels writing at the same moment are serialised and the second is refused
with an error: an acknowledged edit is never lost.

A header (CSV: two ``#`` lines; Parquet: schema metadata) holds the number of
samples and a fingerprint of the data (engine/_fingerprint.py, Clusterer.data_fingerprint), so edits are never
applied to other data. Rows <-> edits: _journal_rows.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import warnings

from . import _journal_csv
from ._file_lock import locked
from ._journal_csv import FORMAT
from ._journal_rows import COLUMNS, JournalError

VERSION = 1


class Journal:
    """Open with :meth:`open`; then :meth:`append` rows (lists of strings, COLUMNS order)."""

    def __init__(self, path: pathlib.Path, header: dict):
        self.path = path
        self.header = header
        self.parquet = path.suffix.lower() in (".parquet", ".pq")
        self.rows: list[list[str]] = []  # kept for Parquet (rewritten whole); CSV appends only
        self._stat = None

    # ---------------------------------------------------------------- open
    @classmethod
    def open(cls, path, n_samples: int, fingerprint: str, n_features: int):
        """(journal, rows already in the file). Refuses a file written for other data."""
        try:
            path = pathlib.Path(os.fspath(path))
        except TypeError:
            raise TypeError(
                f"edits_path must be a file path (str or pathlib.Path); got {type(path).__name__}"
            ) from None
        suffix = path.suffix.lower()
        if path.is_dir():
            raise ValueError(
                f"edits_path {str(path)!r} is a folder; pass a file path in it, e.g. {str(path / 'edits.csv')!r}"
            )
        if suffix not in (".csv", ".parquet", ".pq"):
            raise ValueError(f"edits_path must end in .csv or .parquet; got {str(path)!r}")
        if suffix != ".csv":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise ImportError(
                    "edits_path with .parquet needs pyarrow (pip install pyarrow); "
                    "or use a .csv path, which needs nothing extra"
                ) from None
        if not path.parent.is_dir():
            raise ValueError(f"edits_path {str(path)!r}: the folder {str(path.parent)!r} does not exist")
        header = {
            "format": FORMAT,
            "version": VERSION,
            "n_samples": int(n_samples),
            "n_features": int(n_features),
            "fingerprint": fingerprint,
        }
        journal = cls(path, header)
        rows: list[list[str]] = []
        with locked(path):
            if path.exists() and path.stat().st_size > 0:
                found, rows = journal._read()
                journal._check_header(found)
            else:
                journal._write_new()
            journal.rows = rows if journal.parquet else []
            journal._stat = journal._stat_now()
        return journal, rows

    def _check_header(self, found: dict) -> None:
        p = self.path
        if found.get("format") != FORMAT:
            raise JournalError(f"{str(p)!r} is not an hdbscope edits file; pass a new edits_path.")
        if found.get("version") != VERSION:
            raise JournalError(
                f"{str(p)!r} is an edits file of version {found.get('version')}; this hdbscope reads version {VERSION}."
            )
        want = self.header
        if found.get("n_samples") != want["n_samples"] or found.get("fingerprint") != want["fingerprint"]:
            raise JournalError(
                f"{str(p)!r} holds edits made on different data: it was written for {found.get('n_samples')} "
                f"samples with data fingerprint {str(found.get('fingerprint'))[:19]}…, but this data has "
                f"{want['n_samples']} samples with fingerprint {want['fingerprint'][:19]}…. "
                "Pass the data the edits were made on (same rows, same order), or a new edits_path."
            )

    # ---------------------------------------------------------------- read
    def _read(self) -> tuple[dict, list[list[str]]]:
        if self.parquet:
            import pyarrow.parquet as pq

            table = pq.read_table(self.path)
            meta = (table.schema.metadata or {}).get(FORMAT.encode())
            header = json.loads(meta) if meta else {}
            cols = [table.column(c).to_pylist() if c in table.column_names else [] for c in COLUMNS]
            return header, [list(r) for r in zip(*cols)]
        header, rows, cut = _journal_csv.parse(self.path.read_bytes(), self.path)
        self._check_header(header)
        if cut is not None:
            warnings.warn(
                f"{self.path}: dropped an edit that was only partly written (the kernel stopped "
                "while writing it); every complete edit is kept.",
                RuntimeWarning,
                stacklevel=4,
            )
            with open(self.path, "r+b") as f:
                f.truncate(cut)
                f.flush()
                os.fsync(f.fileno())
        return header, rows

    # ---------------------------------------------------------------- write
    def _stat_now(self):
        # CSV only ever grows (appends), a Parquet write adds rows: with the lock held,
        # another writer's change always shows in these
        st = self.path.stat()
        rows = None
        if self.parquet:
            import pyarrow.parquet as pq

            rows = pq.read_metadata(self.path).num_rows
        return st.st_ino, st.st_size, st.st_mtime_ns, rows

    def _write_new(self) -> None:
        if self.parquet:
            self._rewrite([])
            return
        head = f"# {FORMAT} v{VERSION}\n# {json.dumps(self.header)}\n{','.join(COLUMNS)}\n"
        with open(self.path, "w", encoding="utf-8", newline="") as f:
            f.write(head)
            f.flush()
            os.fsync(f.fileno())
        _fsync_dir(self.path.parent)

    def append(self, rows: list[list[str]]) -> None:
        """Write rows (one batch) durably; raises if someone else changed the file."""
        if not rows:
            return
        with locked(self.path):
            if not self.path.exists() or self._stat_now() != self._stat:
                raise JournalError(
                    f"{str(self.path)!r} changed on disk since this explorer last wrote it (another ClusterExplorer "
                    "on the same edits_path?). Nothing was written. Create a new ClusterExplorer on that path to "
                    "load the edits it holds now."
                )
            if self.parquet:
                self._rewrite(self.rows + rows)
                self.rows.extend(rows)
            else:
                buf = io.StringIO()
                csv.writer(buf, lineterminator="\n").writerows(rows)
                with open(self.path, "a", encoding="utf-8", newline="") as f:
                    f.write(buf.getvalue())
                    f.flush()
                    os.fsync(f.fileno())
            self._stat = self._stat_now()

    def _rewrite(self, rows: list[list[str]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        cols = list(zip(*rows)) if rows else [()] * len(COLUMNS)
        schema = pa.schema(
            [(c, pa.string()) for c in COLUMNS], metadata={FORMAT.encode(): json.dumps(self.header).encode()}
        )
        table = pa.table({c: pa.array(list(v), pa.string()) for c, v in zip(COLUMNS, cols)}, schema=schema)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                pq.write_table(table, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        finally:
            if tmp.exists():
                tmp.unlink()
        _fsync_dir(self.path.parent)


def _fsync_dir(folder: pathlib.Path) -> None:
    # makes a new or renamed file's directory entry durable (POSIX); not possible on Windows
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
