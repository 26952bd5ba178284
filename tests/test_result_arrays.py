"""The per-sample arrays of ``evaluate()``'s result: shapes, dtypes, ranges, and agreement with
the four findings' lists."""

from __future__ import annotations

import numpy as np
from _engine_data import as_groups, planted_copies
from _result_data import planted_clusterer  # noqa: F401 (fixture)

# ---------------------------------------------------------------- per-sample arrays


def test_array_shapes_dtypes_and_ranges(planted_clusterer):
    c = planted_clusterer
    n = c.n_samples
    for m in (None, 8, 40):
        r = c.evaluate(min_cluster_size=m)
        for name, dtype in [
            ("labels", np.int64),
            ("probabilities", np.float64),
            ("outlier_scores", np.float64),
            ("is_outlier", np.bool_),
            ("is_potential_outlier", np.bool_),
            ("duplicate_group", np.int64),
            ("near_duplicate_group", np.int64),
        ]:
            arr = getattr(r, name)
            assert isinstance(arr, np.ndarray), name
            assert arr.shape == (n,), name
            assert arr.dtype == dtype, name
        k = r.n_clusters
        assert isinstance(k, int) and k >= 1
        assert set(np.unique(r.labels)) <= set(range(-1, k))
        assert set(range(k)) <= set(np.unique(r.labels)), "cluster ids are 0..n_clusters-1"
        assert np.all((r.probabilities >= 0) & (r.probabilities <= 1))
        assert np.all(r.probabilities[r.labels == -1] == 0)
        assert np.all(np.isfinite(r.outlier_scores))
        assert np.all((r.outlier_scores >= 0) & (r.outlier_scores <= 1))


def test_result_records_its_parameters(planted_clusterer):
    c = planted_clusterer
    r = c.evaluate()
    assert r.min_cluster_size == c.default_min_cluster_size
    assert r.min_samples == c.min_samples == 5
    assert r.duplicate_threshold == c.default_duplicate_threshold
    assert r.exact_threshold == c.exact_threshold
    t = 0.5 * c.default_duplicate_threshold
    r = c.evaluate(min_cluster_size=17, duplicate_threshold=t)
    assert r.min_cluster_size == 17 and r.duplicate_threshold == t
    # numpy scalars are accepted and mean the same
    r2 = c.evaluate(min_cluster_size=np.int64(17), duplicate_threshold=np.float64(t))
    assert dict(r2) == dict(r)
    assert np.array_equal(r2.labels, r.labels)


def _check_groups(group, lists):
    n_groups = len(lists)
    assert set(np.unique(group[group >= 0])) == set(range(n_groups))
    from_array = {frozenset(np.flatnonzero(group == g).tolist()) for g in range(n_groups)}
    assert from_array == as_groups(lists)


def _find_root(parent, i):
    while parent[i] != i:
        i = parent[i]
    return i


def _check_links(links, lists, X, max_distance, extra_links=()):
    """``links`` lie inside one group each, are no longer than max_distance,
    and together with ``extra_links`` (the exact-duplicate links, which join
    copies inside a near-duplicate group) form a spanning tree of every group."""
    links = np.asarray(links)
    assert links.dtype == np.int64
    assert links.ndim == 2 and links.shape[1] == 2
    owner = {i: g for g, members in enumerate(lists) for i in members}
    by_group = {g: [] for g in range(len(lists))}
    for a, b in links.tolist():
        assert a != b
        assert a in owner and b in owner and owner[a] == owner[b], f"link ({a}, {b}) crosses groups"
        by_group[owner[a]].append((a, b))
    for a, b in np.asarray(extra_links).reshape(-1, 2).tolist():
        if a in owner and owner.get(b) == owner[a]:
            by_group[owner[a]].append((a, b))
    for g, members in enumerate(lists):
        edges = by_group[g]
        assert len(edges) == len(members) - 1, f"group {g}: {len(edges)} links for {len(members)} members"
        parent = {i: i for i in members}
        for a, b in edges:
            parent[_find_root(parent, a)] = _find_root(parent, b)
        assert len({_find_root(parent, i) for i in members}) == 1, f"group {g} is not connected by its links"
    if len(links):
        d = np.linalg.norm(X[links[:, 0]] - X[links[:, 1]], axis=1)
        assert np.all(d <= max_distance * (1 + 1e-9))


def test_group_arrays_and_links_agree_with_the_lists(planted_clusterer):
    c = planted_clusterer
    X = planted_copies()[0]
    for t in (None, 2 * c.exact_threshold, 3 * c.default_duplicate_threshold):
        r = c.evaluate(duplicate_threshold=t)
        if t is None or t > c.default_duplicate_threshold:
            assert r["near_duplicates"], "precondition: some near duplicates"
        _check_groups(r.duplicate_group, r["duplicates"])
        _check_groups(r.near_duplicate_group, r["near_duplicates"])
        _check_links(r.duplicate_links, r["duplicates"], X, c.exact_threshold)
        _check_links(
            r.near_duplicate_links, r["near_duplicates"], X, r.duplicate_threshold, extra_links=r.duplicate_links
        )


def test_is_flags_agree_with_the_lists(planted_clusterer):
    r = planted_clusterer.evaluate(min_cluster_size=10)
    assert np.flatnonzero(r.is_outlier).tolist() == r["outliers"]
    assert np.flatnonzero(r.is_potential_outlier).tolist() == r["potential_outliers"]
    assert r.n_clusters == len(set(r.labels.tolist()) - {-1})
