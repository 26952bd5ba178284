"""Cluster colours as the explorer's scatter draws them, mirrored in Python.

The widget assigns colours in the browser only (js/colors.ts: ``PALETTE``,
``matchColors``): each new cluster takes the colour slot of the old cluster it
overlaps most, so a surviving cluster keeps its colour while the sliders move.
The bar chart must show the same colours, so this module repeats that
algorithm step for step on the same sequence of results. Keep the two in sync:
tests/test_dashboard_palette.py checks this file against js/colors.ts.
"""
from __future__ import annotations

import numpy as np

# js/colors.ts PALETTE: slot k uses PALETTE[k % 20].
PALETTE = (
    "#4e79a7", "#59a14f", "#e15759", "#b07aa1", "#76b7b2",
    "#edc948", "#9c755f", "#ff9da7", "#17becf", "#1f3f8f",
    "#bcbd22", "#8c2d04", "#6a3d9a", "#00a087", "#a6d854",
    "#7f9f2f", "#3c5488", "#8da0cb", "#5b8a72", "#d4a6c8",
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
    """Cluster ids, largest first, ties by id (js/colors.ts bySizeDesc)."""
    ids = np.arange(len(sizes))
    return ids[np.lexsort((ids, -np.asarray(sizes)))]


def overlap_pairs(prev_labels: np.ndarray, labels: np.ndarray, k_old: int) -> np.ndarray:
    """(overlap, new id, old id) rows for every pair sharing points, largest overlap
    first, ties by new id then old id (js/colors.ts overlapPairs)."""
    both = (labels >= 0) & (prev_labels >= 0) & (prev_labels < k_old)
    keys = labels[both].astype(np.int64) * max(k_old, 1) + prev_labels[both]
    uniq, counts = np.unique(keys, return_counts=True)
    new, old = np.divmod(uniq, max(k_old, 1))
    order = np.lexsort((old, new, -counts))
    return np.stack([counts[order], new[order], old[order]], axis=1)


def match_colors(prev_labels, prev_slots, labels) -> np.ndarray:
    """Colour slot of every cluster in ``labels`` (js/colors.ts matchColors)."""
    labels = np.asarray(labels, dtype=np.int64)
    k = int(labels.max()) + 1 if len(labels) else 0
    k = max(k, 0)
    slots = np.full(k, -1, dtype=np.int64)
    used: set[int] = set()
    if prev_labels is not None and prev_slots is not None and len(prev_labels) == len(labels):
        prev_labels = np.asarray(prev_labels, dtype=np.int64)
        prev_slots = np.asarray(prev_slots, dtype=np.int64)
        taken_old = np.zeros(len(prev_slots), dtype=bool)
        for _, a, b in overlap_pairs(prev_labels, labels, len(prev_slots)):
            if slots[a] != -1 or taken_old[b]:
                continue
            slots[a] = prev_slots[b]
            taken_old[b] = True
            used.add(int(slots[a]))
    # Unmatched clusters, largest first, take the lowest free slots.
    nxt = 0
    for a in by_size_desc(cluster_sizes(labels, k)):
        if slots[a] != -1:
            continue
        while nxt in used:
            nxt += 1
        slots[a] = nxt
        used.add(nxt)
    return slots


class ColorTracker:
    """Follows one explorer view's colour slots across results.

    A view starts from no history when it is displayed, then matches every
    result it receives against the previous one; ``update`` must see the same
    sequence of results.
    """

    def __init__(self, labels=None):
        self.labels: np.ndarray | None = None
        self.slots = np.zeros(0, dtype=np.int64)
        if labels is not None:
            self.update(labels)

    def update(self, labels) -> np.ndarray:
        labels = np.asarray(labels, dtype=np.int64)
        if self.labels is not None and np.array_equal(labels, self.labels):
            return self.slots  # same clustering (e.g. only duplicate_threshold moved): same slots
        self.slots = match_colors(self.labels, self.slots if self.labels is not None else None, labels)
        self.labels = labels
        return self.slots

    def color(self, cluster: int) -> str:
        return slot_color(self.slots[cluster])
