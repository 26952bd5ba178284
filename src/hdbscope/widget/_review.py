"""The review queue (every flagged item, in order) and the review panel's
details of one item: its members, their images, their nearest neighbours in
the data space, and its cluster's majority label.

Queue order: the categories of ``_edits.CATEGORIES`` one after the other;
outliers and potential outliers by outlier score (highest first, ties by
index), duplicate and near-duplicate groups by their smallest member, label
disagreements by index.

Wire format (sent only while the review panel is open, ``review_open``; while
it is closed the three traits are empty and a slider move sends nothing of the
queue):

- ``queue_counts``: list of 5 ints, the items of each category (CATEGORIES
  order); ``[]`` while the queue is not sent.
- ``queue_members``: int32, the members of every item, in queue order.
- ``queue_sizes``: int32, one size per item of the group categories
  (``GROUP_CATEGORIES``: duplicates, then near duplicates), in queue order.
  Every item of the other categories has exactly one member, so singles cost
  4 bytes each and nothing else.

js/review/queue.ts decodes it. The summary's ``queue`` counts come from the
result and the label check (``flagged_counts``), so they are right whether the
queue is sent or not.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..review._edits import CATEGORIES, DECISION_NAMES
from ._memo import Memo

MAX_MEMBERS_SHOWN = 12  # members of a group detailed (with images) in one reply
DEFAULT_K = 6
GROUP_CATEGORIES = ("duplicates", "near_duplicates")  # items of several members; the others have one
_NOTHING = np.zeros(0, np.int64)
_NOTHING.setflags(write=False)
NO_QUEUE = {"queue_counts": [], "queue_sizes": b"", "queue_members": b""}  # the traits while not sent


def by_score(idx: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """``idx`` (ascending) ordered by score, highest first, ties by index."""
    key = scores[idx] + 0.0  # a copy; -0.0 becomes 0.0, so equal scores stay ties
    if not np.isfinite(key).all():
        return idx[np.lexsort((idx, -key))]
    # Finite doubles order like these int64s, and a stable int64 argsort is ~1.5x faster than lexsort.
    bits = key.view(np.int64)
    bits ^= (bits >> 63) & np.int64(0x7FFFFFFFFFFFFFFF)
    return idx[np.argsort(~bits, kind="stable")]  # ~ reverses the order without overflow


def group_items(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(item sizes, members) for one item per group id >= 0: members sorted, groups by smallest member."""
    idx = np.flatnonzero(group >= 0)
    if not len(idx):
        return np.zeros(0, np.int64), idx
    members = idx[np.argsort(group[idx], kind="stable")]  # by group, then index
    gid = group[members]
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])
    sizes = np.diff(np.r_[starts, len(members)])
    order = np.argsort(members[starts], kind="stable")  # groups by their smallest member
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    members = members[np.argsort(rank[np.repeat(np.arange(len(sizes)), sizes)], kind="stable")]
    return sizes[order], members


@dataclass(frozen=True)
class Queue:
    counts: tuple[int, ...]  # items per category, CATEGORIES order
    sizes: np.ndarray  # int32, one per group item
    members: np.ndarray  # int32, every item's members in queue order

    @cached_property
    def traits(self) -> dict:
        return {"queue_counts": list(self.counts), "queue_sizes": self.sizes.tobytes(),
                "queue_members": self.members.tobytes()}

    def frame(self):
        """The items as a DataFrame: category and members (lists), in queue order."""
        import pandas as pd

        cats, lists, m, g = [], [], 0, 0
        for name, count in zip(CATEGORIES, self.counts):
            if name in GROUP_CATEGORIES:
                ends = np.cumsum(self.sizes[g:g + count]).tolist()
                flat = self.members[m:m + (ends[-1] if ends else 0)].tolist()
                lists += [flat[s:e] for s, e in zip([0] + ends[:-1], ends)]
                m, g = m + (ends[-1] if ends else 0), g + count
            else:
                lists += [[i] for i in self.members[m:m + count].tolist()]
                m += count
            cats += [name] * count
        return pd.DataFrame({"category": cats, "members": lists}).rename_axis("item")


def build_queue(result, disagree: np.ndarray | None, memo: Memo | None = None) -> Queue:
    """The flagged items of a result (and of the label check's disagreements). With a
    memo, the parts a slider move did not change (see _memo.py) are reused."""
    memo = Memo() if memo is None else memo
    scores = result.outlier_scores
    singles = [
        memo.get("queue.outliers", (result.labels, scores),
                 lambda: by_score(np.flatnonzero(result.is_outlier), scores)),
        memo.get("queue.potential_outliers", (result.is_potential_outlier, scores),
                 lambda: by_score(np.flatnonzero(result.is_potential_outlier), scores)),
    ]
    dup_sizes, dup = memo.get("queue.duplicates", (result.duplicate_group,),
                              lambda: group_items(np.asarray(result.duplicate_group)))
    near_sizes, near = memo.get("queue.near_duplicates", (result.near_duplicate_group,),
                                lambda: group_items(np.asarray(result.near_duplicate_group)))
    dis = _NOTHING if disagree is None else \
        memo.get("queue.label_disagreements", (disagree,), lambda: np.flatnonzero(disagree))
    parts = (*singles, dup, near, dis)

    def build() -> Queue:
        members = np.empty(sum(len(p) for p in parts), "<i4")
        np.concatenate(parts, out=members, casting="unsafe")
        sizes = np.concatenate([dup_sizes, near_sizes]).astype("<i4")
        return Queue((len(singles[0]), len(singles[1]), len(dup_sizes), len(near_sizes), len(dis)), sizes, members)

    return memo.get("queue", parts, build)


def flagged_counts(result, check) -> dict[str, int]:
    """Items per category, from the result and the label check (no queue built)."""
    counts = (result.n_outliers, result.n_potential_outliers, result.n_duplicate_groups,
              result.n_near_duplicate_groups, 0 if check is None else check.n_disagreements)
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

    thumbnails = getattr(widget, "_thumbnails", None)
    problems: dict[int, str] = {}

    def image(i: int) -> int:
        if thumbnails is None:
            return -1
        thumb = thumbnails.get(i)  # a placeholder and its reason when the image cannot be shown
        if thumb.problem is not None:
            problems[i] = thumb.problem
        buffers.append(thumb.png)
        return len(buffers) - 1

    r, log, vocab = widget.result, widget._log, widget._vocab
    given = log.vocab.given_codes

    info = getattr(widget, "_info", None)

    def card(i: int) -> dict:
        extra = {} if info is None else {"info": info.row(i)}
        return {**extra, "index": i, "cluster": int(r.labels[i]), "label": vocab.text(int(given[i])),
                "current_label": vocab.text(int(log.codes[i])), "relabelled": bool(log.codes[i] != given[i]),
                "decision": DECISION_NAMES[int(log.decision[i])], "outlier_score": float(r.outlier_scores[i])}

    def with_image(c: dict) -> dict:
        c["image"] = image(c["index"])
        if c["index"] in problems:
            c["image_problem"] = problems[c["index"]]
        return c

    for i in members:
        reply["members"].append(with_image(card(i)))
    try:
        idx, dist = widget._neighbours.query(members[0], k, skip=content["members"][:1000])
        reply["neighbors"] = [with_image({**card(j), "distance": d}) for j, d in zip(idx, dist)]
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
