"""The object ``evaluate()`` returns: a read-only Mapping of the walk-through's four findings,
and memoization. Per-sample arrays: test_result_arrays.py; to_frame() and summary(): test_result_frame.py."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping

import numpy as np
import pytest
from _engine_data import moons, walkthrough
from _result_data import planted_clusterer  # noqa: F401 (fixture)

from hdbscope import Clusterer

KEYS = ["outliers", "potential_outliers", "duplicates", "near_duplicates"]

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
