"""A pandas DataFrame in: which columns are the features, the images, the
labels and the info shown next to each sample, checked column by column so a
bad one is named with its first bad rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_INFO_CHARS = 200  # an info value longer than this is cut in the tooltip / card
_SHOWN_ROWS = 5


@dataclass
class InfoColumns:
    """Columns shown, as text, in the tooltip and on review cards."""

    names: list[str]
    values: list[np.ndarray]  # one object / numeric array per column

    def row(self, i: int) -> list[list[str]]:
        return [[name, _text(col[i])] for name, col in zip(self.names, self.values)]

    def column(self, name: str) -> np.ndarray:
        return self.values[self.names.index(name)]


@dataclass
class FrameInputs:
    data: np.ndarray  # (n, d) float features
    images: Any  # a Series of paths / ..., or what was passed
    labels: Any
    info: InfoColumns | None
    index: object  # the frame's pandas Index


def _text(v) -> str:
    if isinstance(v, (bytes, bytearray)):
        return f"<{len(v)} bytes>"
    s = str(v)
    return s if len(s) <= MAX_INFO_CHARS else s[: MAX_INFO_CHARS - 1] + "…"


def _rows_text(index, positions) -> str:
    labels = [
        repr(index[p]) if not isinstance(index[p], (int, np.integer)) else str(index[p])
        for p in positions[:_SHOWN_ROWS]
    ]
    more = f" and {len(positions) - _SHOWN_ROWS} more" if len(positions) > _SHOWN_ROWS else ""
    return ", ".join(labels) + more


def _column(df, name, role: str):
    if not isinstance(name, str) and not np.isscalar(name):
        raise TypeError(f"{role} must name a column of the frame; got a {type(name).__name__}.")
    if name not in df.columns:
        cols = ", ".join(repr(c) for c in list(df.columns)[:20])
        raise ValueError(f"{role}={name!r}: the frame has no column {name!r}; its columns are {cols}.")
    return df[name]


def frame_features(df, features) -> np.ndarray:
    """(n, d) float64 from numeric columns, or float32/64 from one column of vectors."""
    if features is None:
        raise TypeError(
            "from_frame needs features=: a list of numeric columns, or one column holding a "
            "vector per row (e.g. features='embedding')."
        )
    if isinstance(features, str) or np.isscalar(features):
        col = _column(df, features, "features")
        if col.dtype.kind in "biuf":
            return _numeric(df, [features])
        return _vectors(col, features, df.index)
    names = list(features)
    if not names:
        raise ValueError("features is an empty list: name at least one numeric column.")
    for name in names:
        _column(df, name, "features")
    return _numeric(df, names)


def _numeric(df, names: Sequence) -> np.ndarray:
    for name in names:
        col = df[name]
        if col.dtype.kind not in "biuf":
            raise TypeError(
                f"feature column {name!r} has dtype {col.dtype}, not numbers. Drop it from features, or "
                "if it holds one vector per row pass it alone: features=" + repr(name) + "."
            )
        bad = np.flatnonzero(~np.isfinite(col.to_numpy(dtype=np.float64, na_value=np.nan)))
        if len(bad):
            raise ValueError(
                f"feature column {name!r} has {len(bad)} missing or non-finite value(s), in rows "
                f"{_rows_text(df.index, bad)}: fill or drop those rows first."
            )
    return df[list(names)].to_numpy(dtype=np.float64)


def _vectors(col, name, index) -> np.ndarray:
    """Stack a column of lists / arrays (one vector per row) into (n, d)."""
    values = col.to_numpy(dtype=object)
    n = len(values)
    if n == 0:
        return np.zeros((0, 0))
    not_vec = [p for p in range(n) if not hasattr(values[p], "__len__") or isinstance(values[p], (str, bytes))]
    if not_vec:
        raise TypeError(
            f"features={name!r} must hold one vector (list or array of numbers) per row; rows "
            f"{_rows_text(index, not_vec)} hold {type(values[not_vec[0]]).__name__}."
        )
    lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=n)
    d = int(np.bincount(lengths).argmax())  # the usual length; rows that differ are the bad ones
    ragged = np.flatnonzero(lengths != d)
    if len(ragged):
        raise ValueError(
            f"features={name!r} has vectors of different lengths: most have {d} values, but rows "
            f"{_rows_text(index, ragged)} have {lengths[ragged[:_SHOWN_ROWS]].tolist()}."
        )
    if d == 0:
        raise ValueError(f"features={name!r} holds empty vectors.")
    first = np.asarray(values[0])
    dtype = np.float32 if first.dtype == np.float32 else np.float64  # keep float32 embeddings float32
    try:
        X = np.stack([np.asarray(v, dtype=dtype) for v in values])
    except (TypeError, ValueError) as e:
        bad = [p for p in range(n) if not _is_numeric_vector(values[p])]
        where = f" in rows {_rows_text(index, bad)}" if bad else ""
        raise TypeError(f"features={name!r} holds values that are not numbers{where} ({e}).") from None
    nonfinite = np.flatnonzero(~np.isfinite(X).all(axis=1))
    if len(nonfinite):
        raise ValueError(
            f"features={name!r} has NaN or infinite values inside the vectors of rows "
            f"{_rows_text(index, nonfinite)}: fix or drop those rows first."
        )
    return X


def _is_numeric_vector(v) -> bool:
    try:
        np.asarray(v, dtype=np.float64)
        return True
    except (TypeError, ValueError):
        return False


def frame_inputs(df, *, features, images=None, labels=None, info=None) -> FrameInputs:
    if not (hasattr(df, "columns") and hasattr(df, "index") and hasattr(df, "to_numpy")):
        raise TypeError(f"from_frame needs a pandas DataFrame; got {type(df).__name__}.")
    if not df.index.is_unique:
        dup = np.flatnonzero(df.index.duplicated())
        raise ValueError(
            f"the frame's index has repeated values (rows {_rows_text(df.index, dup)}): results "
            "could not be joined back. Use df.reset_index() first."
        )
    data = frame_features(df, features)
    img = _column(df, images, "images") if isinstance(images, str) else images
    lab = _column(df, labels, "labels").to_numpy() if isinstance(labels, str) else labels
    cols = None
    if info is not None:
        names = [info] if isinstance(info, str) else list(info)
        cols = InfoColumns([str(c) for c in names], [_column(df, c, "info").to_numpy() for c in names])
    return FrameInputs(data, img, lab, cols, df.index)
