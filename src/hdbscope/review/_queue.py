"""The review queue: every flagged item of a result, in order.

Queue order: the categories of ``_edits.CATEGORIES`` one after the other;
outliers and potential outliers by outlier score (highest first, ties by
index), duplicate and near-duplicate groups by their smallest member, label
disagreements by label quality (lowest first, see LabelCheck.review_order).

A queue is three arrays (they are also what the widget sends, see
widget/_review_panel.py and js/review/queue.ts):

- ``counts``: 5 ints, the items of each category (CATEGORIES order).
- ``members``: int32, the members of every item, in queue order.
- ``sizes``: int32, one size per item of the group categories
  (``GROUP_CATEGORIES``: duplicates, then near duplicates), in queue order.
  Every item of the other categories has exactly one member.

``flagged_counts`` gives the counts from the result and the label check
without building the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .._memo import Memo
from ._edits import CATEGORIES

GROUP_CATEGORIES = ("duplicates", "near_duplicates")  # items of several members; the others have one
_NOTHING = np.zeros(0, np.int64)
_NOTHING.setflags(write=False)


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
    def packed(self) -> tuple[list[int], bytes, bytes]:
        """(counts, sizes, members) as a list and little-endian int32 bytes, packed once per queue."""
        return list(self.counts), self.sizes.astype("<i4").tobytes(), self.members.astype("<i4").tobytes()

    def frame(self):
        """The items as a DataFrame: category and members (lists), in queue order."""
        import pandas as pd

        cats, lists, m, g = [], [], 0, 0
        for name, count in zip(CATEGORIES, self.counts):
            if name in GROUP_CATEGORIES:
                ends = np.cumsum(self.sizes[g : g + count]).tolist()
                flat = self.members[m : m + (ends[-1] if ends else 0)].tolist()
                lists += [flat[s:e] for s, e in zip([0] + ends[:-1], ends)]
                m, g = m + (ends[-1] if ends else 0), g + count
            else:
                lists += [[i] for i in self.members[m : m + count].tolist()]
                m += count
            cats += [name] * count
        return pd.DataFrame({"category": cats, "members": lists}).rename_axis("item")


def build_queue(result, check=None, memo: Memo | None = None) -> Queue:
    """The flagged items of a result (and of the label check's disagreements, a LabelCheck
    or None). With a memo, the parts a slider move did not change (see hdbscope/_memo.py) are reused."""
    memo = Memo() if memo is None else memo
    scores = result.outlier_scores
    singles = [
        memo.get(
            "queue.outliers", (result.labels, scores), lambda: by_score(np.flatnonzero(result.is_outlier), scores)
        ),
        memo.get(
            "queue.potential_outliers",
            (result.is_potential_outlier, scores),
            lambda: by_score(np.flatnonzero(result.is_potential_outlier), scores),
        ),
    ]
    dup_sizes, dup = memo.get(
        "queue.duplicates", (result.duplicate_group,), lambda: group_items(np.asarray(result.duplicate_group))
    )
    near_sizes, near = memo.get(
        "queue.near_duplicates",
        (result.near_duplicate_group,),
        lambda: group_items(np.asarray(result.near_duplicate_group)),
    )
    dis = (
        _NOTHING
        if check is None
        else memo.get("queue.label_disagreements", (check.is_disagreement, check.label_quality), check.review_order)
    )
    parts = (*singles, dup, near, dis)

    def build() -> Queue:
        members = np.empty(sum(len(p) for p in parts), "<i4")
        np.concatenate(parts, out=members, casting="unsafe")
        sizes = np.concatenate([dup_sizes, near_sizes]).astype("<i4")
        return Queue((len(singles[0]), len(singles[1]), len(dup_sizes), len(near_sizes), len(dis)), sizes, members)

    return memo.get("queue", parts, build)


def flagged_counts(result, check) -> dict[str, int]:
    """Items per category, from the result and the label check (no queue built)."""
    counts = (
        result.n_outliers,
        result.n_potential_outliers,
        result.n_duplicate_groups,
        result.n_near_duplicate_groups,
        0 if check is None else check.n_disagreements,
    )
    return {name: int(c) for name, c in zip(CATEGORIES, counts)}
