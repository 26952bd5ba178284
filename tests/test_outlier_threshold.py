"""The ``outlier_threshold`` parameter: a GLOSH score cut over cached scores."""

from __future__ import annotations

import numpy as np
import pytest
from _engine_data import blobs_2d, walkthrough

from hdbscope import Clusterer


@pytest.fixture(scope="module")
def fitted():
    return Clusterer(blobs_2d())


def test_potential_outliers_are_clustered_samples_at_or_above_the_cut(fitted):
    for m in (5, 20):
        for cut in (0.0, 0.3, 0.6, 0.9, 1.0):
            r = fitted.evaluate(min_cluster_size=m, outlier_threshold=cut)
            expected = (r.labels >= 0) & (r.outlier_scores >= cut)
            assert np.array_equal(r.is_potential_outlier, expected)
            assert r.outlier_threshold == cut
            assert r["potential_outliers"] == np.flatnonzero(expected).tolist()


def test_a_higher_cut_flags_a_subset(fitted):
    prev = None
    for cut in np.linspace(0, 1, 11):
        flagged = fitted.evaluate(outlier_threshold=cut).is_potential_outlier
        if prev is not None:
            assert not (flagged & ~prev).any()
        prev = flagged
    assert not fitted.evaluate(outlier_threshold=1.0).is_potential_outlier.any()


def test_the_default_is_the_documented_rule_and_is_reported(fitted):
    for m in (None, 8, 30):
        r = fitted.evaluate(min_cluster_size=m)
        assert r.outlier_threshold == fitted.default_outlier_threshold(m)
        same = fitted.evaluate(min_cluster_size=m, outlier_threshold=r.outlier_threshold)
        assert np.array_equal(same.is_potential_outlier, r.is_potential_outlier)
    assert 0.0 <= fitted.default_outlier_threshold() <= 1.0


def test_moving_the_cut_reuses_the_extraction(fitted):
    a = fitted.evaluate(min_cluster_size=9, outlier_threshold=0.2)
    b = fitted.evaluate(min_cluster_size=9, outlier_threshold=0.7)
    # same cached arrays: no re-extraction happened
    assert a.labels is b.labels and a.outlier_scores is b.outlier_scores and a.is_outlier is b.is_outlier
    again = fitted.evaluate(min_cluster_size=9, outlier_threshold=0.2)
    assert again.is_potential_outlier is a.is_potential_outlier  # memoized per (m, cut)
    assert not again.is_potential_outlier.flags.writeable


@pytest.mark.parametrize(
    "bad, error",
    [
        (-0.1, ValueError),
        (1.5, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("0.5", TypeError),
        (True, TypeError),
        (0.0, None),
    ],
)
def test_bad_outlier_threshold_is_refused(bad, error):
    c = Clusterer(walkthrough())
    if error is None:
        c.evaluate(outlier_threshold=bad)  # 0 is allowed
        return
    with pytest.raises(error, match="outlier_threshold"):
        c.evaluate(outlier_threshold=bad)


def test_summary_names_the_cut():
    r = Clusterer(walkthrough()).evaluate(outlier_threshold=0.25)
    assert "outlier_threshold=0.25" in r.summary()
