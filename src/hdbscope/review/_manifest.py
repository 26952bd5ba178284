"""The result to train on: a manifest (CSV or Parquet) of the samples kept,
with their current labels and where they came from (the frame's index, the
image path), and a count of what was left out and why."""

from __future__ import annotations

import os
import pathlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

SUFFIXES = (".csv", ".parquet", ".pq")


@dataclass(frozen=True)
class ExportSummary:
    path: pathlib.Path
    n_written: int
    n_excluded: int
    excluded_by: dict[str, int] = field(default_factory=dict)  # finding that flagged them -> count

    def __str__(self) -> str:
        why = ", ".join(f"{n} {cat.replace('_', ' ')}" for cat, n in self.excluded_by.items())
        return f"wrote {self.n_written} samples to {self.path}; excluded {self.n_excluded}" + (
            f" ({why})" if why else ""
        )

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


def exclusion_reasons(rows_in_force, excluded: np.ndarray) -> dict[str, int]:
    """Per category (the finding that flagged each sample when it was excluded), how many are excluded now."""
    last: dict[int, str] = {}
    for e in rows_in_force:  # oldest first: the last exclude of a sample wins
        if e.action == "exclude":
            last[e.index] = e.category
    counts = Counter(last.get(int(i), "unflagged") for i in np.flatnonzero(excluded))
    return dict(counts.most_common())


def check_path(path) -> pathlib.Path:
    p = pathlib.Path(os.fspath(path))
    if p.suffix.lower() not in SUFFIXES:
        raise ValueError(f"export path must end in .csv or .parquet; got {str(p)!r}.")
    if p.is_dir():
        raise ValueError(f"export path {str(p)!r} is a directory; give a file name ending in .csv or .parquet.")
    return p


def write_manifest(frame, path: pathlib.Path) -> None:
    """Write to a temporary file next to ``path``, then rename: a failed write leaves no half file."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        if path.suffix.lower() == ".csv":
            frame.to_csv(tmp, index=True)
        else:
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise ImportError(
                    "writing Parquet needs pyarrow (pip install pyarrow), or export to a .csv path."
                ) from None
            frame.to_parquet(tmp, index=True)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
