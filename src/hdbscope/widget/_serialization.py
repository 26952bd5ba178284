"""Python -> browser binary transport for the ClusterExplorer.

Every per-sample array travels as little-endian raw bytes (an anywidget binary
buffer), never as a JSON list. The front end mirrors these definitions in
js/flags.ts, js/links.ts, js/selection.ts and js/model/traits.ts.

- positions:  float32, (N, 2) interleaved x, y, normalised into [-1, 1]
- clusters:   int32 (N,), -1 = noise
- color_slots: int32 (K,), colour slot of each cluster (ClusterResult.color_slots; the
              browser draws palette[slot % 20]; README "Cluster colours")
- flags:      uint8 (N,) bitmask, see FLAG_* (bits 0-4 findings, 5-6 edits)
- links:      int32 (L, 2) sample-index pairs; link_kinds uint8 (L,), see LINK_*
- selected:   uint32 header = format, then sorted uint32 indices (format 0) or a
              bitmask of N bits, least significant bit first (format 1); the
              smaller of the two, so the browser never sends more than N/8 bytes.
- review queue: queue_counts, queue_sizes, queue_members (see _review_panel.py),
  sent only while the review panel is open.

A slider move changes either the cluster half of a result or its duplicate
half; with a Memo (see hdbscope/_memo.py) the other half is not encoded again.
"""

from __future__ import annotations

import numpy as np

from .._memo import Memo

FLAG_OUTLIER = 1  # HDBSCAN noise
FLAG_POTENTIAL_OUTLIER = 2  # clustered, GLOSH score >= lowest noise score
FLAG_DUPLICATE = 4  # member of an exact-duplicate group
FLAG_NEAR_DUPLICATE = 8  # member of a near-duplicate group
# The fifth finding: the label check of the current (edited) labels.
FLAG_LABEL_DISAGREEMENT = 16  # current label differs from its cluster's majority label
# Review state (edits, not findings), so the scatter can show them.
FLAG_EXCLUDED = 32  # marked "exclude"
FLAG_RELABELLED = 64  # current label differs from the given label

LINK_EXACT = 0
LINK_NEAR = 1

SELECTION_INDICES = 0
SELECTION_BITMASK = 1


def normalized_positions(xy: np.ndarray) -> np.ndarray:
    """Centre and scale (N, 2) coordinates into [-1, 1], keeping the aspect ratio.

    Done in float64 before the cast, so float32 keeps full relative precision
    even for coordinates with a large offset (say 1e6 +- 1e-3).
    """
    xy = np.asarray(xy, dtype=np.float64)
    if len(xy) == 0:
        return np.zeros((0, 2), dtype="<f4")
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    half = float((hi - lo).max()) / 2
    scale = 1.0 / half if half > 0 else 1.0
    return ((xy - (lo + hi) / 2) * scale).astype("<f4")


def positions_bytes(xy: np.ndarray) -> bytes:
    return np.ascontiguousarray(normalized_positions(xy)).tobytes()


def bit_flags(n: int, *masks_and_bits) -> np.ndarray:
    """uint8 (n,): the OR of ``bit`` over each (boolean mask, bit) pair (None masks skipped)."""
    flags = np.zeros(n, dtype=np.uint8)
    for mask, bit in masks_and_bits:
        if mask is not None:
            # bool and uint8 share their bytes: a view, then one shift, no 0/1 multiply
            flags |= np.asarray(mask, dtype=bool).view(np.uint8) << np.uint8(bit.bit_length() - 1)
    return flags


def flags_array(result, memo: Memo | None = None) -> np.ndarray:
    """uint8 (N,) of the four findings. With a memo, the half of the flags a slider
    move did not change (clusters or duplicates) is reused."""
    memo = Memo() if memo is None else memo
    n = result.n_samples
    clusters = memo.get(
        "flags.clusters",
        (result.labels, result.is_potential_outlier),
        lambda: bit_flags(n, (result.is_outlier, FLAG_OUTLIER), (result.is_potential_outlier, FLAG_POTENTIAL_OUTLIER)),
    )
    duplicates = memo.get(
        "flags.duplicates",
        (result.duplicate_group, result.near_duplicate_group),
        lambda: bit_flags(
            n, (result.duplicate_group >= 0, FLAG_DUPLICATE), (result.near_duplicate_group >= 0, FLAG_NEAR_DUPLICATE)
        ),
    )
    return clusters | duplicates


def link_arrays(result) -> tuple[np.ndarray, np.ndarray]:
    """(int32 (L, 2) pairs, uint8 (L,) kinds): exact links first, then near."""
    exact = np.asarray(result.duplicate_links).reshape(-1, 2)
    near = np.asarray(result.near_duplicate_links).reshape(-1, 2)
    pairs = np.empty((len(exact) + len(near), 2), dtype="<i4")
    pairs[: len(exact)], pairs[len(exact) :] = exact, near
    kinds = np.full(len(pairs), LINK_NEAR, np.uint8)
    kinds[: len(exact)] = LINK_EXACT
    return pairs, kinds


def cluster_bytes(labels: np.ndarray) -> bytes:
    labels = np.asarray(labels)
    if len(labels) and labels.max() > np.iinfo(np.int32).max:
        raise OverflowError("more than 2**31 clusters cannot be sent as int32 labels")
    return labels.astype("<i4").tobytes()


def summary_dict(result) -> dict:
    """The counts the front end shows, and the parameters the result is for."""
    return {
        "n_samples": int(result.n_samples),
        "n_clusters": int(result.n_clusters),
        "n_outliers": int(result.n_outliers),
        "n_potential_outliers": int(result.n_potential_outliers),
        "n_duplicate_groups": int(result.n_duplicate_groups),
        "n_near_duplicate_groups": int(result.n_near_duplicate_groups),
        "min_cluster_size": int(result.min_cluster_size),
        "duplicate_threshold": float(result.duplicate_threshold),
        "exact_threshold": float(result.exact_threshold),
        "outlier_threshold": float(result.outlier_threshold),
    }


def encode_result(result, memo: Memo | None = None, review_flags: np.ndarray | None = None) -> dict:
    """Trait values for one result: bytes for the arrays, a small dict of counts.

    ``review_flags`` (uint8 (N,), bits 4-6) are ORed into the findings' flags.
    With a memo, what the last slider move did not change is not encoded again.
    """
    memo = Memo() if memo is None else memo
    flags = flags_array(result, memo)
    if review_flags is not None:
        flags |= review_flags
    pairs, kinds = memo.get(
        "links",
        (result.duplicate_links, result.near_duplicate_links),
        lambda: tuple(a.tobytes() for a in link_arrays(result)),
    )
    return {
        "clusters": memo.get("clusters", (result.labels,), lambda: cluster_bytes(result.labels)),
        "color_slots": np.asarray(result.color_slots, dtype="<i4").tobytes(),
        "flags": flags.tobytes(),
        "links": pairs,
        "link_kinds": kinds,
        "summary": summary_dict(result),
    }


# ---------------------------------------------------------------- selection
def selection_format(count: int, n: int) -> int:
    return SELECTION_INDICES if 4 * count <= (n + 7) // 8 else SELECTION_BITMASK


def encode_selection(indices: np.ndarray, n: int) -> bytes:
    """Sorted unique indices -> the wire format (same bytes the front end would build)."""
    indices = np.asarray(indices, dtype=np.int64)
    fmt = selection_format(len(indices), n)
    header = np.array([fmt], dtype="<u4").tobytes()
    if fmt == SELECTION_INDICES:
        return header + indices.astype("<u4").tobytes()
    mask = np.zeros(n, dtype=bool)
    mask[indices] = True
    return header + np.packbits(mask, bitorder="little").tobytes()


def decode_selection(buf, n: int) -> np.ndarray:
    """The wire format -> sorted unique int64 indices (indices >= n are dropped)."""
    raw = bytes(buf) if not isinstance(buf, bytes) else buf
    if len(raw) < 4:
        return np.empty(0, dtype=np.int64)
    fmt = int(np.frombuffer(raw[:4], dtype="<u4")[0])
    body = raw[4:]
    if fmt == SELECTION_INDICES:
        idx = np.frombuffer(body[: len(body) // 4 * 4], dtype="<u4").astype(np.int64)
        return np.unique(idx[idx < n])
    if fmt == SELECTION_BITMASK:
        bits = np.unpackbits(np.frombuffer(body, dtype=np.uint8), bitorder="little")[:n]
        return np.flatnonzero(bits).astype(np.int64)
    raise ValueError(f"unknown selection format {fmt} from the front end")
