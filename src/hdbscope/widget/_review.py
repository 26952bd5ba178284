"""The review queue (every flagged item, in order) and the review panel's
details of one item: its members, their images, their nearest neighbours in
the data space, and its cluster's majority label.

Queue order: outliers and potential outliers by outlier score (highest
first), duplicate and near-duplicate groups by their smallest member, label
disagreements by index. Wire format: ``queue_items`` int32 (Q, 3) rows of
(category code, start, count) into ``queue_members`` int32; category codes
index ``_edits.CATEGORIES``.
"""
from __future__ import annotations

import numpy as np

from ._edits import CATEGORIES, DECISION_NAMES
from ._thumbnails import thumbnail_png

MAX_MEMBERS_SHOWN = 12  # members of a group detailed (with images) in one reply
DEFAULT_K = 6


def _singles(idx: np.ndarray, key: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(item sizes, members) for one item per sample, highest key first."""
    if key is not None:
        idx = idx[np.lexsort((idx, -key[idx]))]
    return np.ones(len(idx), np.int64), idx


def _groups(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(item sizes, members) for one item per group id >= 0."""
    idx = np.flatnonzero(group >= 0)
    if not len(idx):
        return np.zeros(0, np.int64), idx
    members = idx[np.lexsort((idx, group[idx]))]  # by group, then index
    gid = group[members]
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])
    sizes = np.diff(np.r_[starts, len(members)])
    order = np.argsort(members[starts], kind="stable")  # groups by their smallest member
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    members = members[np.argsort(rank[np.repeat(np.arange(len(sizes)), sizes)], kind="stable")]
    return sizes[order], members


def build_queue(result, disagree: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(items int32 (Q, 3), members int32 (M,)) of the flagged items."""
    parts = [
        _singles(np.flatnonzero(result.is_outlier), result.outlier_scores),
        _singles(np.flatnonzero(result.is_potential_outlier), result.outlier_scores),
        _groups(np.asarray(result.duplicate_group)),
        _groups(np.asarray(result.near_duplicate_group)),
        _singles(np.flatnonzero(disagree) if disagree is not None else np.zeros(0, np.int64)),
    ]
    items, members, offset = [], [], 0
    for cat, (sizes, m) in enumerate(parts):
        starts = offset + np.r_[0, np.cumsum(sizes)[:-1]] if len(sizes) else np.zeros(0, np.int64)
        items.append(np.column_stack([np.full(len(sizes), cat), starts, sizes]))
        members.append(m)
        offset += len(m)
    return (np.concatenate(items).astype("<i4").reshape(-1, 3), np.concatenate(members).astype("<i4"))


def category_counts(items: np.ndarray) -> dict[str, int]:
    counts = np.bincount(items[:, 0], minlength=len(CATEGORIES)) if len(items) else np.zeros(len(CATEGORIES), int)
    return {name: int(c) for name, c in zip(CATEGORIES, counts)}


# ---------------------------------------------------------------- one item's details
def _indices(value, n: int, cap: int) -> list[int]:
    if not isinstance(value, list) or not value:
        raise ValueError("members must be a non-empty list of sample indices")
    out = []
    for i in value[:cap]:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < n:
            raise ValueError(f"no sample {i!r}")
        out.append(i)
    return out


def review_reply(widget, content: dict):
    """(JSON reply, PNG buffers) for ``{"type": "review", "id", "members": [...], "k": k}``."""
    n = widget.n_samples
    reply = {"type": "review", "id": content.get("id", 0), "seq": widget.seq, "members": [], "neighbors": [],
             "n_members": 0, "majority": None}
    try:
        members = _indices(content.get("members"), n, MAX_MEMBERS_SHOWN)
        k = content.get("k", DEFAULT_K)
        k = DEFAULT_K if isinstance(k, bool) or not isinstance(k, int) else k
    except ValueError as e:
        reply["error"] = str(e)
        return reply, []
    reply["n_members"] = len(content["members"])
    buffers: list[bytes] = []
    errors: list[str] = []

    def image(i: int) -> int:
        if widget._images is None:
            return -1
        try:
            buffers.append(thumbnail_png(widget._images, i))
            return len(buffers) - 1
        except Exception as e:  # a broken image must not break the panel
            errors.append(f"thumbnail of {i} failed: {type(e).__name__}: {e}")
            return -1

    r, log, vocab = widget.result, widget._log, widget._vocab
    given = log.vocab.given_codes

    def card(i: int) -> dict:
        return {"index": i, "cluster": int(r.labels[i]), "label": vocab.text(int(given[i])),
                "current_label": vocab.text(int(log.codes[i])), "relabelled": bool(log.codes[i] != given[i]),
                "decision": DECISION_NAMES[int(log.decision[i])], "outlier_score": float(r.outlier_scores[i])}

    for i in members:
        reply["members"].append({**card(i), "image": image(i)})
    try:
        idx, dist = widget._neighbours.query(members[0], k, skip=content["members"][:1000])
        reply["neighbors"] = [{**card(j), "distance": d, "image": image(j)} for j, d in zip(idx, dist)]
    except Exception as e:  # neighbours are a help, not a must
        errors.append(f"nearest neighbours failed: {type(e).__name__}: {e}")
    c = int(r.labels[members[0]])
    check = widget._check
    if c >= 0:
        maj = None if check is None else check.majority_label[c]
        purity = None if check is None or not np.isfinite(check.purity[c]) else float(check.purity[c])
        reply["majority"] = {"cluster": c, "label": None if maj is None else vocab.text(vocab.code_of(maj)),
                             "purity": purity}
    if errors:
        reply["error"] = "; ".join(errors)
    return reply, buffers
