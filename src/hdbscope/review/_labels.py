"""User-given labels (class names, file names, ...) shown in the tooltip.

They are looked up one at a time, on hover, so any number of distinct labels
costs nothing up front. The front end renders them as text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..engine import object_vector

MAX_CHARS = 200


def validate_labels(labels, n_samples: int) -> np.ndarray:
    """One label per sample as a 1-D array (positional: a Series' index is ignored)."""
    if hasattr(labels, "to_numpy"):
        labels = labels.to_numpy()
    arr = labels if isinstance(labels, np.ndarray) and labels.ndim == 1 else object_vector(labels)
    if arr.ndim != 1:
        raise ValueError(f"labels must be 1-D, one label per sample; got shape {arr.shape}.")
    if len(arr) != n_samples:
        raise ValueError(f"labels has {len(arr)} entries for {n_samples} samples: pass exactly one label per sample.")
    return arr


def label_text(labels: np.ndarray | Sequence, index: int) -> str:
    value = labels[index]
    if isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
    elif isinstance(value, np.generic):
        text = str(value.item())
    else:
        text = str(value)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"
