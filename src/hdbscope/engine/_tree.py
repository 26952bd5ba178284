"""Flat clusters from a single-linkage tree for one ``min_cluster_size``: the
cheap step that re-runs whenever the slider moves.

This follows hdbscan's ``condense_tree``, ``compute_stability``,
``get_clusters`` (excess of mass), ``get_probabilities`` and ``outlier_scores``
step by step (same traversal order, same float32 accumulation of subtree
stability) so labels match hdbscan's, but compiled end to end: O(n) with no
Python objects per node.

Weights: each point of the tree is one distinct row (an exact-duplicate group)
and carries the number of samples it stands for. Cluster sizes, the
``min_cluster_size`` test and stability count samples, so copies count; the
tree itself stays over points, so copies are never split. With every weight 1
this is hdbscan's algorithm exactly. Two consequences of weights, both only
when a point carries at least ``min_cluster_size`` samples (never without
copies):

* such a point can be a cluster's last member or one side of a split; it
  cannot be split further, so its samples leave the cluster at the lambda
  where it became alone (a finite value: no infinite density, no NaN);
* if no cluster is selected (the root is the only cluster), the point that
  carried the root to its end is cluster 0 and the rest is noise, as in
  hdbscan's ``allow_single_cluster`` labelling: ten thousand copies of one
  sample are a cluster, not outliers.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def prepare(hier, n):
    """Renumber the internal nodes in breadth-first order (left before right).

    ``condense`` visits nodes in exactly this order, so after renumbering it
    reads memory front to back instead of jumping around: 2-3x faster at 1M.
    Children < n are points; children >= n are ``n + rank``. Done once per fit.
    """
    m = n - 1
    left = hier[:, 0].astype(np.int64)
    right = hier[:, 1].astype(np.int64)
    rank = np.empty(m, dtype=np.int64)
    order = np.empty(m, dtype=np.int64)
    order[0] = m - 1  # the root is the last merge
    head, tail = 0, 1
    while head < tail:
        i = order[head]
        rank[i] = head
        head += 1
        for c in (left[i], right[i]):
            if c >= n:
                order[tail] = c - n
                tail += 1
    L = np.empty(m, dtype=np.int64)
    R = np.empty(m, dtype=np.int64)
    D = np.empty(m)
    S = np.empty(m, dtype=np.int64)
    for r in range(m):
        i = order[r]
        L[r] = left[i] if left[i] < n else n + rank[left[i] - n]
        R[r] = right[i] if right[i] < n else n + rank[right[i] - n]
        D[r] = hier[i, 2]
        S[r] = np.int64(hier[i, 3])
    return L, R, D, S


@njit(cache=True)
def weigh(L, R, weight, n):
    """Samples under each internal node (breadth-first order: children come after parents)."""
    m = n - 1
    W = np.empty(m, dtype=np.int64)
    for r in range(m - 1, -1, -1):
        a, b = L[r], R[r]
        W[r] = (W[a - n] if a >= n else weight[a]) + (W[b - n] if b >= n else weight[b])
    return W


@njit(cache=True)
def condense(L, R, D, S, weight, n, m):
    """Condensed tree rows (parent, child, lambda, child_size), in hdbscan's order, the
    number of condensed clusters, and the tree node where each cluster is created.

    ``S`` holds the samples under each internal node and ``weight`` the samples
    each point stands for (``weigh``); a point row's size is its weight."""
    relabel = np.empty(n - 1, dtype=np.int64)
    relabel[0] = n
    born = np.empty(2 * n, dtype=np.int64)  # condensed cluster id - n -> tree node (breadth-first rank)
    born[0] = 0
    ignore = np.zeros(n - 1, dtype=np.bool_)
    queue = np.empty(2 * n - 1, dtype=np.int64)
    cap = 3 * n  # points + clusters; with weights every split can be a true one (<= 2(n - 1) clusters)
    out_p = np.empty(cap, dtype=np.int64)
    out_c = np.empty(cap, dtype=np.int64)
    out_l = np.empty(cap)
    out_s = np.empty(cap, dtype=np.int64)
    pos = 0
    next_label = n + 1
    for node in range(n - 1):
        if ignore[node]:
            continue
        l, r, d = L[node], R[node], D[node]  # noqa: E741  (left, right: as L and R)
        lam = 1.0 / d if d > 0.0 else np.inf
        lc = S[l - n] if l >= n else weight[l]
        rc = S[r - n] if r >= n else weight[r]
        p = relabel[node]
        if lc >= m and rc >= m:
            for child, cnt in ((l, lc), (r, rc)):
                out_p[pos], out_c[pos], out_l[pos], out_s[pos] = p, next_label, lam, cnt
                pos += 1
                if child >= n:
                    relabel[child - n] = next_label
                    born[next_label - n] = child - n
                else:  # a heavy point: a cluster that cannot split, its samples leave at birth
                    born[next_label - n] = node  # keyed by the split that made it (points have no slot)
                    out_p[pos], out_c[pos], out_l[pos], out_s[pos] = next_label, child, lam, cnt
                    pos += 1
                next_label += 1
            continue
        for side in range(2):
            child = l if side == 0 else r
            cnt = lc if side == 0 else rc
            if cnt >= m:  # the big side carries the cluster on
                if child >= n:
                    relabel[child - n] = p
                else:  # a heavy point ends the cluster: its samples leave here
                    out_p[pos], out_c[pos], out_l[pos], out_s[pos] = p, child, lam, cnt
                    pos += 1
                continue
            # the small side falls out: every point under it leaves at lam
            queue[0] = child
            qh, qt = 0, 1
            while qh < qt:
                x = queue[qh]
                qh += 1
                if x < n:
                    out_p[pos], out_c[pos], out_l[pos], out_s[pos] = p, x, lam, weight[x]
                    pos += 1
                else:
                    ignore[x - n] = True
                    queue[qt] = L[x - n]
                    queue[qt + 1] = R[x - n]
                    qt += 2
    return out_p[:pos], out_c[:pos], out_l[:pos], out_s[:pos], next_label - n, born[: next_label - n]


@njit(cache=True)
def select_eom(cp, cc, cl, cs, n, n_clusters):
    """Excess-of-mass selection; returns a bool per cluster id - n."""
    births = np.zeros(n_clusters)
    for r in range(len(cc)):
        if cc[r] >= n:
            births[cc[r] - n] = cl[r]
    stability = np.zeros(n_clusters)
    for r in range(len(cc)):
        k = cp[r] - n
        stability[k] += (cl[r] - births[k]) * cs[r]
    kid1 = np.full(n_clusters, -1, dtype=np.int64)
    kid2 = np.full(n_clusters, -1, dtype=np.int64)
    parent = np.full(n_clusters, -1, dtype=np.int64)
    for r in range(len(cc)):
        if cc[r] >= n:  # a cluster row (hdbscan tests size > 1; weighted points can be larger)
            k, c = cp[r] - n, cc[r] - n
            parent[c] = k
            if kid1[k] < 0:
                kid1[k] = c
            else:
                kid2[k] = c
    keep = np.zeros(n_clusters, dtype=np.bool_)
    for k in range(n_clusters - 1, 0, -1):  # children have larger ids: bottom-up
        # hdbscan sums subtree stability in a C float; so do we, for equal ties
        sub = np.float32(0.0)
        for c in (kid1[k], kid2[k]):
            if c >= 0:
                sub = np.float32(np.float64(sub) + stability[c])
        if np.float64(sub) > stability[k]:
            stability[k] = np.float64(sub)
        else:
            keep[k] = True
    selected = np.zeros(n_clusters, dtype=np.bool_)
    covered = np.zeros(n_clusters, dtype=np.bool_)  # has a kept ancestor
    for k in range(1, n_clusters):  # parents have smaller ids: top-down
        p = parent[k]
        covered[k] = p > 0 and (covered[p] or keep[p])
        selected[k] = keep[k] and not covered[k]
    return selected


@njit(cache=True)
def label_points(cp, cc, cl, cs, n, n_clusters, selected, m):
    """Labels, membership probabilities and GLOSH outlier scores per point
    (finite for every point: a lambda is never infinite between distinct points,
    and the guards below keep it so even then)."""
    label_of = np.full(n_clusters, -1, dtype=np.int64)
    nxt = 0
    for k in range(n_clusters):
        if selected[k]:
            label_of[k] = nxt
            nxt += 1
    # nearest selected ancestor-or-self of each cluster
    owner = np.full(n_clusters, -1, dtype=np.int64)
    deaths = np.zeros(n_clusters)
    for r in range(len(cc)):
        k = cp[r] - n
        if cl[r] > deaths[k]:
            deaths[k] = cl[r]
        if cc[r] >= n:
            c = cc[r] - n
            owner[c] = c if selected[c] else owner[k]
    glosh_deaths = deaths.copy()
    for r in range(len(cc) - 1, -1, -1):
        if cc[r] >= n:
            c, k = cc[r] - n, cp[r] - n
            if glosh_deaths[c] > glosh_deaths[k]:
                glosh_deaths[k] = glosh_deaths[c]
    labels = np.full(n, -1, dtype=np.int64)
    probs = np.zeros(n)
    scores = np.zeros(n)
    for r in range(len(cc)):
        x = cc[r]
        if x >= n:
            continue
        k = cp[r] - n
        lam = cl[r]
        top = glosh_deaths[k]
        if top > 0.0 and np.isfinite(lam):
            scores[x] = (top - lam) / top if np.isfinite(top) else 1.0
        o = owner[k] if k > 0 else -1
        if o >= 0:
            labels[x] = label_of[o]
            mx = deaths[o]
            if mx == 0.0 or not np.isfinite(lam):
                probs[x] = 1.0
            else:
                probs[x] = min(lam, mx) / mx if np.isfinite(mx) else 0.0
    if nxt == 0:  # root only: a point of >= m samples (its last member) is the one cluster
        for r in range(len(cc)):
            if cc[r] < n and cs[r] >= m:
                labels[cc[r]] = 0
                probs[cc[r]] = 1.0
                nxt = 1
    return labels, probs, scores, nxt


def weighted_tree(hier, weight: np.ndarray) -> tuple:
    """``prepare`` plus sample counts: what ``extract`` takes. ``weight[i]``: samples point i stands for."""
    n = len(weight)
    L, R, D, _ = prepare(hier, n)
    weight = np.ascontiguousarray(weight, dtype=np.int64)
    return L, R, D, weigh(L, R, weight, n), weight


def extract(tree, n: int, min_cluster_size: int):
    """``(labels, probabilities, outlier_scores, n_clusters, cluster_nodes)`` for ``n >= 2``
    points; ``tree`` is ``weighted_tree(single_linkage_tree, weights)``. ``cluster_nodes[c]``
    is the tree node where cluster ``c`` is created (what its colour slot is keyed by); the
    root-only cluster of a heavy point (see above) is keyed by the root."""
    cp, cc, cl, cs, n_clusters, born = condense(*tree, n, min_cluster_size)
    selected = select_eom(cp, cc, cl, cs, n, n_clusters)
    labels, probs, scores, k = label_points(cp, cc, cl, cs, n, n_clusters, selected, min_cluster_size)
    nodes = born[selected]
    if k and not len(nodes):  # root only: the heavy point's cluster
        nodes = born[:1]
    return labels, probs, scores, k, nodes
