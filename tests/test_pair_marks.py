"""What marks on near-duplicate pairs say (review/_pair_marks.py): precision at a
threshold with its interval, and the suggested threshold; no widget needed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from hdbscope.review._pair_marks import PairMark, PairMarks, check_mark, wilson

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def marks_of(pairs):
    m = PairMarks()
    for k, (d, mark) in enumerate(pairs):
        m.set(PairMark(k, k + 1000, d, mark, T0))
    return m


def test_precision_counts_only_marked_pairs_at_or_below_the_threshold():
    m = marks_of([(0.1, "same"), (0.2, "same"), (0.3, "different"), (0.4, "same"), (0.5, "different")])
    est = m.estimate(0.3)
    assert (est["n_marked"], est["n_marked_below"], est["n_same_below"]) == (5, 3, 2)
    assert est["precision"] == pytest.approx(2 / 3)
    assert est["precision_low"] < 2 / 3 < est["precision_high"]
    assert m.estimate(0.05)["precision"] is None and m.estimate(0.05)["n_marked_below"] == 0
    assert m.estimate(0.2)["precision"] == 1.0  # a pair exactly at the threshold counts as below


def test_suggestion_is_the_largest_distance_keeping_95_percent_same():
    # 19 "same" then a "different": 19/20 = 0.95 still meets the target, one more "different" does not
    pairs = [(0.01 * k, "same") for k in range(1, 20)] + [(0.2, "different"), (0.21, "different")]
    assert marks_of(pairs).estimate(0.1)["suggested_threshold"] == pytest.approx(0.2)
    # a "different" closest of all: no threshold reaches 95% until enough "same" follow
    assert marks_of([(0.01, "different"), (0.02, "same")]).estimate(1.0)["suggested_threshold"] is None
    assert marks_of([(0.01, "different")] + [(0.02 + 0.001 * k, "same") for k in range(19)]).estimate(1.0)[
        "suggested_threshold"
    ] == pytest.approx(0.038)
    assert PairMarks().estimate(1.0)["suggested_threshold"] is None


def test_the_newest_mark_of_a_pair_wins_whatever_its_order():
    m = PairMarks()
    m.set(PairMark(3, 7, 0.5, "same", T0))
    m.set(PairMark(3, 7, 0.5, "different", T0))
    assert len(m) == 1 and m.get(7, 3) == "different" and m.get(3, 8) is None


def test_wilson_interval_is_honest_with_few_marks():
    low, high = wilson(2, 2)
    assert high == 1.0 and low < 0.4  # two "same" clicks do not make 100% precision
    low, high = wilson(190, 200)
    assert 0.90 < low < 0.95 < high < 0.98
    assert wilson(0, 0) == (None, None)


@pytest.mark.parametrize(
    "a, b, d, mark, match",
    [
        (-1, 2, 0.1, "same", "sample a"),
        (1, 10, 0.1, "same", "sample b"),
        (True, 2, 0.1, "same", "sample a"),
        (2, 2, 0.1, "same", "two different samples"),
        (1, 2, -0.1, "same", "distance"),
        (1, 2, float("nan"), "same", "distance"),
        (1, 2, float("inf"), "same", "finite"),
        (1, 2, 0.1, "maybe", "'same' or 'different'"),
    ],
)
def test_bad_marks_name_the_problem(a, b, d, mark, match):
    with pytest.raises(ValueError, match=match):
        check_mark(a, b, d, mark, 10)


def test_pairs_are_stored_lowest_sample_first():
    assert check_mark(7, 3, 1, "same", 10) == (3, 7, 1.0)
