"""Which member of each duplicate group to keep: the first (lowest index), the
medoid (closest to the group's mean in the data), the largest value of a column
(e.g. resolution or file size), or the user's choice (a callable).

Vectorised over all groups at once (one sort), except for a callable, which is
called once per group. Ties always go to the lowest sample index, so the
choice does not depend on row order within a group.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

CHUNK_ROWS = 65_536
RULES = ("first", "medoid")


def sorted_groups(group: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(members sorted by group then index, their group ids, start of each group in members)."""
    group = np.asarray(group)
    idx = np.flatnonzero(group >= 0)
    members = idx[np.argsort(group[idx], kind="stable")]  # idx ascending: ties stay by index
    gid = group[members]
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]]) if len(members) else np.zeros(0, np.int64)
    return members, gid, starts


def choose_keepers(group: np.ndarray, by="first", *, rows=None, values=None, name: str = "by") -> np.ndarray:
    """One sample index per group (groups in order of their id).

    ``by``: "first", "medoid" (needs ``rows``, the data), "values" (largest of
    ``values`` kept; NaN counts as smallest) or a callable ``members -> index``.
    """
    members, gid, starts = sorted_groups(group)
    if not len(members):
        return np.zeros(0, np.int64)
    if callable(by):
        return _by_callable(by, members, starts)
    if by == "first":
        return members[starts]
    if by == "medoid":
        if rows is None:
            raise ValueError('by="medoid" needs the data rows')
        return _first_per_group(members, gid, _distance_to_mean(rows, members, gid, starts))
    if by == "values":
        v = np.asarray(values)
        if v.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold numbers (the largest is kept); it has dtype {v.dtype}.")
        key = -np.asarray(v[members], dtype=np.float64)
        key[np.isnan(key)] = np.inf  # NaN: never preferred
        return _first_per_group(members, gid, key)
    raise ValueError(f'by must be "first", "medoid", an info column name or a callable; got {by!r}')


def _first_per_group(members, gid, key) -> np.ndarray:
    """Per group, the member with the smallest key (ties: lowest index)."""
    order = np.lexsort((members, key, gid))
    firsts = np.flatnonzero(np.r_[True, gid[order][1:] != gid[order][:-1]])
    return members[order][firsts]


def _distance_to_mean(rows, members, gid, starts) -> np.ndarray:
    sizes = np.diff(np.r_[starts, len(members)])
    local = np.repeat(np.arange(len(starts)), sizes)  # group number 0.. of each member
    d = rows.shape[1]
    sums = np.zeros((len(starts), d))
    for s in range(0, len(members), CHUNK_ROWS):
        np.add.at(sums, local[s : s + CHUNK_ROWS], np.asarray(rows[members[s : s + CHUNK_ROWS]], np.float64))
    means = sums / sizes[:, None]
    dist = np.empty(len(members))
    for s in range(0, len(members), CHUNK_ROWS):
        diff = np.asarray(rows[members[s : s + CHUNK_ROWS]], np.float64) - means[local[s : s + CHUNK_ROWS]]
        dist[s : s + CHUNK_ROWS] = np.einsum("ij,ij->i", diff, diff)
    return dist


def _by_callable(by: Callable, members, starts) -> np.ndarray:
    ends = np.r_[starts[1:], len(members)]
    out = np.empty(len(starts), np.int64)
    for g, (s, e) in enumerate(zip(starts, ends)):
        group = members[s:e].copy()
        chosen = by(group)
        if (
            isinstance(chosen, (bool, np.bool_))
            or not isinstance(chosen, (int, np.integer))
            or int(chosen) not in set(group.tolist())
        ):
            raise ValueError(
                f"by(members) must return one of the members it was given (sample indices); "
                f"for members {group[:10].tolist()} it returned {chosen!r}."
            )
        out[g] = int(chosen)
    return out
