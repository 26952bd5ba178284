"""The object ``evaluate()`` returns: a read-only Mapping of the walk-through's
four findings, per-sample arrays that agree with it, to_frame(), summary(),
and memoization."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from _engine_data import as_groups, moons, planted_copies, walkthrough

from hdbscope import Clusterer

KEYS = ["outliers", "potential_outliers", "duplicates", "near_duplicates"]


@pytest.fixture(scope="module")
def planted_clusterer():
    return Clusterer(planted_copies()[0])


# ---------------------------------------------------------------- the mapping


def test_is_a_mapping_with_exactly_the_four_keys_in_order(walk_result):
    r = walk_result
    assert isinstance(r, Mapping)
    assert list(r) == KEYS
    assert list(r.keys()) == KEYS
    assert len(r) == 4
    assert [k for k, _ in r.items()] == KEYS
    assert list(dict(r)) == KEYS
    for k in KEYS:
        assert k in r
    assert "labels" not in r
    with pytest.raises(KeyError):
        r["clusters"]


def test_item_assignment_and_deletion_raise_type_error(walk_result):
    r = walk_result
    before = r["outliers"]
    with pytest.raises(TypeError):
        r["outliers"] = []
    with pytest.raises(TypeError):
        r["new_key"] = []
    with pytest.raises(TypeError):
        del r["duplicates"]
    assert r["outliers"] == before
    assert list(r) == KEYS


def test_finding_values_are_sorted_lists_of_python_ints(planted_clusterer):
    r = planted_clusterer.evaluate()
    for key in ("outliers", "potential_outliers"):
        v = r[key]
        assert type(v) is list
        assert all(type(i) is int for i in v), key  # prints as [3, 7], not [np.int64(3), ...]
        assert v == sorted(set(v))
    for key in ("duplicates", "near_duplicates"):
        v = r[key]
        assert type(v) is list and v, key
        for g in v:
            assert type(g) is list and len(g) >= 2
            assert all(type(i) is int for i in g)
            assert g == sorted(set(g))
        assert v == sorted(v)
        flat = [i for g in v for i in g]
        assert len(flat) == len(set(flat)), f"{key}: a sample is in two groups"


def test_walkthrough_loop_prints_each_category(walk_result):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for category, finding in walk_result.items():
            print(f"\t{category} - {len(finding)}")
            print(finding)
    lines = out.getvalue().splitlines()
    assert len(lines) == 8
    for k, key in enumerate(KEYS):
        assert lines[2 * k] == f"\t{key} - {len(walk_result[key])}"
        assert lines[2 * k + 1] == str(walk_result[key])
    assert lines[5] == "[[24, 79], [58, 63]]"
    assert "np." not in out.getvalue()


def test_mutating_a_returned_list_does_not_leak_into_later_results(planted_clusterer):
    c = planted_clusterer
    r = c.evaluate(min_cluster_size=15)
    reference = {k: [list(g) if isinstance(g, list) else g for g in v] for k, v in r.items()}
    r["outliers"].append(10**9)
    r["duplicates"][0].append(10**9)
    r["near_duplicates"].clear()
    again = c.evaluate(min_cluster_size=15)
    assert dict(again) == reference


def test_arrays_cannot_be_changed_behind_the_memo(planted_clusterer):
    c = planted_clusterer
    r = c.evaluate(min_cluster_size=20)
    snapshot = {
        name: getattr(r, name).copy()
        for name in (
            "labels",
            "probabilities",
            "outlier_scores",
            "is_outlier",
            "is_potential_outlier",
            "duplicate_group",
            "near_duplicate_group",
        )
    }
    for name in snapshot:
        arr = getattr(r, name)
        with contextlib.suppress(ValueError):  # read-only arrays refuse: fine
            arr[...] = arr[::-1].copy() if arr.dtype != bool else ~arr
    again = c.evaluate(min_cluster_size=20)
    for name, before in snapshot.items():
        assert np.array_equal(getattr(again, name), before), name


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


# ---------------------------------------------------------------- to_frame / summary


def test_to_frame_columns_dtypes_and_values(planted_clusterer):
    r = planted_clusterer.evaluate(min_cluster_size=12)
    df = r.to_frame()
    assert isinstance(df, pd.DataFrame)
    expected = {
        "cluster": ("labels", np.int64),
        "probability": ("probabilities", np.float64),
        "outlier_score": ("outlier_scores", np.float64),
        "is_outlier": ("is_outlier", np.bool_),
        "is_potential_outlier": ("is_potential_outlier", np.bool_),
        "duplicate_group": ("duplicate_group", np.int64),
        "near_duplicate_group": ("near_duplicate_group", np.int64),
    }
    assert list(df.columns) == list(expected)
    assert len(df) == planted_clusterer.n_samples
    assert df.index.tolist() == list(range(len(df)))
    for col, (attr, dtype) in expected.items():
        assert df[col].dtype == dtype, col
        assert np.array_equal(df[col].to_numpy(), getattr(r, attr)), col


def _line_with(text, include, exclude=()):
    lines = [
        ln
        for ln in text.lower().replace("_", " ").replace("-", " ").splitlines()
        if include in ln and not any(x in ln for x in exclude)
    ]
    assert lines, f"no summary line mentions {include!r}:\n{text}"
    return lines


def test_summary_mentions_the_counts(planted_clusterer):
    r = planted_clusterer.evaluate(
        min_cluster_size=12, duplicate_threshold=3 * planted_clusterer.default_duplicate_threshold
    )
    s = r.summary()
    assert isinstance(s, str) and len(s.splitlines()) >= 3
    checks = [
        ("cluster", (), r.n_clusters),
        ("potential", (), len(r["potential_outliers"])),
        ("outlier", ("potential",), len(r["outliers"])),
        ("near", (), len(r["near_duplicates"])),
        ("duplicate", ("near",), len(r["duplicates"])),
    ]
    counts = [c for *_, c in checks]
    assert len(set(counts)) >= 4, f"precondition: the counts should differ to be told apart: {counts}"
    for word, exclude, count in checks:
        lines = _line_with(s, word, exclude)
        assert any(re.search(rf"(?<![\d.]){count}(?![\d.])", ln) for ln in lines), (word, count, s)


def test_empty_result_summary_and_frame():
    r = Clusterer(np.empty((0, 3))).evaluate()
    assert isinstance(r.summary(), str)
    df = r.to_frame()
    assert len(df) == 0
    assert list(df.columns)[:2] == ["cluster", "probability"]


# ---------------------------------------------------------------- memoization


def test_evaluate_is_memoized_and_repeatable():
    c = Clusterer(moons())
    a = c.evaluate(min_cluster_size=25)
    b = c.evaluate(min_cluster_size=25)
    assert a is b or dict(a) == dict(b)
    for name in ("labels", "probabilities", "outlier_scores", "duplicate_group", "near_duplicate_group"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    # other parameter values in between (more than any small memo holds) do
    # not disturb the first answer
    for m in range(5, 80, 2):
        c.evaluate(min_cluster_size=m, duplicate_threshold=m / 40 * c.default_duplicate_threshold)
    again = c.evaluate(min_cluster_size=25)
    assert dict(again) == dict(a)
    assert np.array_equal(again.labels, a.labels)
    assert np.array_equal(again.outlier_scores, a.outlier_scores)
    # the default call equals the explicit default values
    d = c.evaluate()
    e = c.evaluate(min_cluster_size=c.default_min_cluster_size, duplicate_threshold=c.default_duplicate_threshold)
    assert dict(d) == dict(e) and np.array_equal(d.labels, e.labels)


def test_clusterer_attributes(walk_clusterer):
    c = walk_clusterer
    assert (c.n_samples, c.n_features) == (100, 2)
    assert c.metric == "euclidean"
    assert isinstance(c.method, str) and c.method
    assert isinstance(c.exact_threshold, float) and c.exact_threshold > 0
    assert isinstance(c.default_duplicate_threshold, float)
    assert isinstance(c.default_min_cluster_size, int)
    assert walkthrough().shape == (100, 2)
