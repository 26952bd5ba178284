"""``evaluate()``'s result as a table (to_frame()) and as text (summary())."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from _result_data import planted_clusterer  # noqa: F401 (fixture)

from hdbscope import Clusterer

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
