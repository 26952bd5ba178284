"""The scatter's colours in Python, for the dashboard's charts.

A cluster's colour is ``PALETTE[slot % 20]`` with ``slot`` from
``ClusterResult.color_slots`` (engine/_color_slots.py): the same slot every
explorer view draws, so the bar chart needs no history of its own.
tests/test_dashboard_palette.py checks PALETTE against js/palette.ts.
"""

from __future__ import annotations

import numpy as np

# js/palette.ts PALETTE: slot k uses PALETTE[k % 20].
PALETTE = (
    "#4e79a7",
    "#59a14f",
    "#e15759",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#9c755f",
    "#ff9da7",
    "#17becf",
    "#1f3f8f",
    "#bcbd22",
    "#8c2d04",
    "#6a3d9a",
    "#00a087",
    "#a6d854",
    "#7f9f2f",
    "#3c5488",
    "#8da0cb",
    "#5b8a72",
    "#d4a6c8",
)
# js/theme.ts: noise is a grey between paper and ink (light theme, about this);
# exact and near duplicates are magenta and orange.
NOISE_COLOR = "#b0b0b0"
EXACT_COLOR = "#e6007e"
NEAR_COLOR = "#ff8c00"


def slot_color(slot: int) -> str:
    return PALETTE[int(slot) % len(PALETTE)]


def cluster_sizes(labels: np.ndarray, k: int) -> np.ndarray:
    labels = np.asarray(labels)
    return np.bincount(labels[labels >= 0], minlength=k)[:k] if k else np.zeros(0, np.int64)


def by_size_desc(sizes: np.ndarray) -> np.ndarray:
    """Cluster ids, largest first, ties by id (js/sizes.ts bySizeDesc)."""
    ids = np.arange(len(sizes))
    return ids[np.lexsort((ids, -np.asarray(sizes)))]
