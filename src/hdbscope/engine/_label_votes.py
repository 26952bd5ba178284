"""What a sample's neighbours in the data space say its label is: the vote
behind the label check (rule: _label_check.py's module docstring).

Voters come from the neighbour graph kept at fit time (no new search), over
the distinct rows: a row's k nearest rows and the rows that count it among
theirs (a mutual neighbour votes twice), plus, for a sample, its copies (the
other samples on its row), as one voter. A row votes with its samples' label
shares, so a thousand copies of one image vote once. Everything runs in the
rows' canonical order and in label-code order, so the vote does not depend on
the order of the samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit


@dataclass(frozen=True)
class VoterGraph:
    """The label-independent half, built once per fit."""

    voter_start: np.ndarray  # (n_rows + 1,) CSR offsets into voters
    voters: np.ndarray  # voting rows of each row: its k nearest, then those that list it
    member_start: np.ndarray  # (n_rows + 1,) CSR offsets into members
    members: np.ndarray  # the samples of each row, ascending
    inverse: np.ndarray  # sample -> row

    @classmethod
    def build(cls, knn_indices: np.ndarray, inverse: np.ndarray, n_rows: int) -> VoterGraph:
        knn = np.ascontiguousarray(knn_indices, dtype=np.int64)
        if knn.size == 0:  # fewer than two distinct rows: copies are the only voters
            knn = np.zeros((n_rows, 0), np.int64)
        voter_start, voters = _symmetrise(knn)
        inv = np.asarray(inverse, dtype=np.int64)
        members = np.argsort(inv, kind="stable").astype(np.int32)  # int32: less memory traffic per vote
        voters = voters.astype(np.int32)
        member_start = np.zeros(n_rows + 1, np.int64)
        np.cumsum(np.bincount(inv, minlength=n_rows), out=member_start[1:])
        return cls(voter_start, voters, member_start, members, inv)


@dataclass(frozen=True)
class Votes:
    quality: np.ndarray  # per sample: share of the vote for its own label (NaN: no label, or no voter)
    suggested: np.ndarray  # per sample: code of the label with the largest share (-1: none)
    confidence: np.ndarray  # per sample: that label's share (NaN: none)
    margin: np.ndarray  # per sample: suggested share - own share (NaN: no label, or no voter)


def neighbor_votes(graph: VoterGraph, codes: np.ndarray, n_codes: int) -> Votes:
    """Two passes: the first votes with the given labels and provisionally
    relabels each sample its voters outvote; the second votes with those
    provisional labels, so a few wrong labels in a neighbourhood do not
    shield each other. Codes: -1 missing, else 0..n_codes-1 in label order."""
    codes = np.asarray(codes, dtype=np.int64)
    args = (graph.voter_start, graph.voters, graph.member_start, graph.members)
    q, s, c, m = _vote(*args, codes, codes, max(n_codes, 1))
    provisional = np.where((codes >= 0) & (m > 0), s, codes)
    q, s, c, m = _vote(*args, provisional, codes, max(n_codes, 1))
    return Votes(q, s, c, m)


@njit(cache=True)
def _symmetrise(knn):
    """CSR of each row's voters: its own neighbours in order, then every row
    listing it, in row order (deterministic; a mutual pair appears twice)."""
    n, k = knn.shape
    indeg = np.zeros(n, np.int64)
    for r in range(n):
        for j in range(k):
            if knn[r, j] >= 0:
                indeg[knn[r, j]] += 1
    start = np.zeros(n + 1, np.int64)
    for r in range(n):
        start[r + 1] = start[r] + k + indeg[r]
    out = np.full(start[n], -1, np.int64)
    fill = np.zeros(n, np.int64)
    for r in range(n):
        for j in range(k):
            out[start[r] + j] = knn[r, j]
            fill[r] = k
    for r in range(n):  # rows in order: each row's reverse voters come out sorted
        for j in range(k):
            t = knn[r, j]
            if t >= 0:
                out[start[t] + fill[t]] = r
                fill[t] += 1
    return start, out


@njit(cache=True)
def _row_shares(member_start, members, codes, n_codes):
    """Per row: its labelled samples' codes with their counts (CSR, code order) and the row's total."""
    n_rows = len(member_start) - 1
    start = np.zeros(n_rows + 1, np.int64)
    code = np.empty(len(members), np.int64)
    count = np.empty(len(members), np.float64)
    total = np.zeros(n_rows, np.float64)
    tally = np.zeros(n_codes, np.float64)
    seen = np.empty(n_codes, np.int64)
    m = 0
    for r in range(n_rows):
        a, b = member_start[r], member_start[r + 1]
        if b - a == 1:  # the common case: no copies
            c = codes[members[a]]
            if c >= 0:
                code[m] = c
                count[m] = 1.0
                m += 1
                total[r] = 1.0
            start[r + 1] = m
            continue
        ns = 0
        for p in range(a, b):
            c = codes[members[p]]
            if c >= 0:
                if tally[c] == 0.0:
                    seen[ns] = c
                    ns += 1
                tally[c] += 1.0
        order = np.sort(seen[:ns])
        for c in order:
            code[m] = c
            count[m] = tally[c]
            total[r] += tally[c]
            tally[c] = 0.0
            m += 1
        start[r + 1] = m
    return start, code[:m], count[:m], total


@njit(cache=True)
def _vote(voter_start, voters, member_start, members, voting_codes, own_codes, n_codes):
    """Per sample: share of its own label (own_codes) in its voters' labels (voting_codes),
    the top label (ties: the lowest code), its share, and top share - own share."""
    n = len(own_codes)
    share_start, share_code, share_count, total = _row_shares(member_start, members, voting_codes, n_codes)
    n_rows = len(member_start) - 1
    single = np.full(n_rows, -2, np.int64)  # per row: its one label's code, -1 none, -2 several
    for r in range(n_rows):
        if total[r] == 0.0:
            single[r] = -1
        elif share_start[r + 1] - share_start[r] == 1:
            single[r] = share_code[share_start[r]]
    # outputs in member order (sequential writes), scattered to sample order at the end
    quality_m = np.full(n, np.nan)
    suggested_m = np.full(n, -1, np.int64)
    confidence_m = np.full(n, np.nan)
    margin_m = np.full(n, np.nan)
    own_m = np.empty(n, np.int64)
    mine_m = np.empty(n, np.int64)
    for p in range(n):
        own_m[p] = own_codes[members[p]]
        mine_m[p] = voting_codes[members[p]]
    # one gather over the edges first: independent loads overlap, unlike lookups inside the tally loop
    edge_code = np.empty(len(voters), np.int64)
    for p in range(len(voters)):
        edge_code[p] = single[voters[p]] if voters[p] >= 0 else -1  # -1: a padded graph entry
    acc = np.zeros(n_codes, np.float64)
    touched = np.empty(n_codes, np.int64)
    for r in range(n_rows):
        nt = 0
        weight = 0.0
        for p in range(voter_start[r], voter_start[r + 1]):
            c = edge_code[p]
            if c == -1:
                continue
            weight += 1.0
            if c >= 0:
                if acc[c] == 0.0:
                    touched[nt] = c
                    nt += 1
                acc[c] += 1.0
                continue
            v = voters[p]
            for e in range(share_start[v], share_start[v + 1]):
                c = share_code[e]
                if acc[c] == 0.0:
                    touched[nt] = c
                    nt += 1
                acc[c] += share_count[e] / total[v]
        for p in range(member_start[r], member_start[r + 1]):
            own = own_m[p]
            if own < 0:
                continue
            # the sample's copies: its row's labelled samples but itself, as one voter
            mine = mine_m[p]
            others = total[r] - (1.0 if mine >= 0 else 0.0)
            w = weight + (1.0 if others > 0 else 0.0)
            if w == 0.0:
                continue
            best, best_share, own_share = -1, -1.0, 0.0
            for t in range(nt + (share_start[r + 1] - share_start[r])):
                if t < nt:
                    c = touched[t]
                else:
                    c = share_code[share_start[r] + t - nt]
                    if acc[c] != 0.0:
                        continue  # counted with the neighbours' labels already
                s = acc[c]
                if others > 0:
                    s += _copies_of(share_start, share_code, share_count, r, c, mine) / others
                s /= w
                if c == own:
                    own_share = s
                if s > best_share or (s == best_share and c < best):
                    best, best_share = c, s
            if best_share <= 0.0:
                continue
            quality_m[p] = own_share
            suggested_m[p] = best
            confidence_m[p] = best_share
            margin_m[p] = best_share - own_share
        for t in range(nt):
            acc[touched[t]] = 0.0
    quality = np.empty(n)
    suggested = np.empty(n, np.int64)
    confidence = np.empty(n)
    margin = np.empty(n)
    for p in range(n):
        i = members[p]
        quality[i] = quality_m[p]
        suggested[i] = suggested_m[p]
        confidence[i] = confidence_m[p]
        margin[i] = margin_m[p]
    return quality, suggested, confidence, margin


@njit(cache=True)
def _copies_of(share_start, share_code, share_count, r, c, mine):
    """How many of row r's samples carry code c, the sample itself (code `mine`) left out."""
    for e in range(share_start[r], share_start[r + 1]):
        if share_code[e] == c:
            return share_count[e] - (1.0 if c == mine else 0.0)
    return 0.0
