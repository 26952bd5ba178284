"""The dashboard's charts (hdbscope.dashboard): their data is the engine's,
clicks (delivered as the bqplot messages the browser sends) set the explorer's
traits, and trait changes move the marks. No browser here; see
tests/e2e/test_dashboard_lab.py for the same in JupyterLab."""

from __future__ import annotations

import bqplot as bq
import ipywidgets as widgets
import numpy as np
import pytest
from _dashboard_data import click, walk  # noqa: F401 (walk: fixture)

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.dashboard import Dashboard, dashboard, explore
from hdbscope.dashboard._click import N_COLUMNS, column_index, log_columns
from hdbscope.dashboard._nn_histogram import EXACT_BAR_COLOR, NEAR_BAR_COLOR, log_histogram
from hdbscope.dashboard._ticks import count_ticks, log_ticks
from hdbscope.datasets import walkthrough_blobs


def column_near(strip, value):
    return int(np.argmin(np.abs(np.log(strip.mark.x) - np.log(value))))


# ---------------------------------------------------------------- layout
def test_dashboard_holds_the_explorer_and_four_figures(walk):
    _, explorer, d = walk
    assert isinstance(d, widgets.VBox) and isinstance(d, Dashboard)
    assert d.children[0] is explorer
    figures = d.children[1].children
    assert figures == (d.sweep.figure, d.histogram.figure, d.scores.figure, d.sizes.figure)
    assert all(isinstance(f, bq.Figure) for f in figures)
    for chart in (d.sweep, d.histogram, d.scores):  # the invisible click strip is on top: it takes every click
        assert chart.figure.marks[-1] is chart.strip.mark and set(chart.strip.mark.opacities) == {0.0}
    assert d.status.value == ""


def test_dashboard_refuses_anything_but_an_explorer():
    X, _ = walkthrough_blobs()
    with pytest.raises(TypeError, match=r"ClusterExplorer.*hdbscope.explore"):
        dashboard(X)


@pytest.mark.parametrize("max_bars", [0, -3, 2.5, "10", True])
def test_bad_max_bars_is_refused(walk, max_bars):
    explorer = walk[1]
    observers = {
        name: len(explorer._trait_notifiers.get(name, {}).get("change", []))
        for name in ("min_cluster_size", "duplicate_threshold", "seq", "selected")
    }
    with pytest.raises(ValueError, match="max_bars must be a whole number >= 1"):
        dashboard(explorer, max_bars=max_bars)
    # the charts built before the error stopped observing the explorer again
    assert observers == {name: len(explorer._trait_notifiers.get(name, {}).get("change", [])) for name in observers}


def test_explore_fits_and_passes_its_arguments_on():
    X, y = walkthrough_blobs()
    d = explore(X, labels=y, min_cluster_size=12)
    assert isinstance(d, Dashboard) and isinstance(d.explorer, ClusterExplorer)
    assert d.explorer.min_cluster_size == 12 and d.explorer.has_labels
    assert d.sweep.marker.x.tolist() == [12, 12]
    with pytest.raises(ValueError, match="min_cluster_size"):
        explore(X, min_cluster_size=1)


# ---------------------------------------------------------------- sweep chart
def test_sweep_chart_draws_the_engines_sweep(walk):
    X, explorer, d = walk
    want = Clusterer(X).sweep()
    assert d.sweep.frame.equals(want)
    has = want["n_clusters"].to_numpy() > 0
    np.testing.assert_array_equal(d.sweep.clusters_line.x, want["min_cluster_size"].to_numpy()[has])
    np.testing.assert_array_equal(d.sweep.clusters_line.y, want["n_clusters"].to_numpy()[has])
    np.testing.assert_array_equal(d.sweep.outliers_line.x, want["min_cluster_size"].to_numpy())
    np.testing.assert_allclose(d.sweep.outliers_line.y, 100 * want["outlier_fraction"].to_numpy())
    assert isinstance(d.sweep.x_scale, bq.LogScale)
    # the x axis is the slider's whole range: 2 .. n/2
    assert (d.sweep.x_scale.min, d.sweep.x_scale.max) == (2, 50) == tuple(explorer.min_cluster_size_range)
    assert d.sweep.strip.mark.x.min() > 2 and d.sweep.strip.mark.x.max() < 50
    m = explorer.min_cluster_size
    r = explorer.result
    assert d.sweep.marker.x.tolist() == [m, m]
    assert d.sweep.figure.title == (
        f"min_cluster_size {m}: {r.n_clusters} clusters, {100 * r.n_outliers / 100:.1f}% outliers"
    )


def test_sweep_chart_accepts_its_own_sizes():
    X, _ = walkthrough_blobs()
    d = dashboard(ClusterExplorer(X), min_cluster_sizes=[3, 9, 27])
    assert d.sweep.frame["min_cluster_size"].tolist() == [3, 9, 27]
    assert d.sweep.outliers_line.x.tolist() == [3, 9, 27]


def test_clicking_the_sweep_sets_min_cluster_size(walk):
    X, explorer, d = walk
    j = column_near(d.sweep.strip, 12)
    click(d.sweep.strip.mark, j)
    want = int(round(d.sweep.strip.mark.x[j]))
    assert want == 12
    assert explorer.min_cluster_size == 12
    assert explorer.result.min_cluster_size == 12  # the explorer re-evaluated
    np.testing.assert_array_equal(explorer.result.labels, Clusterer(X).evaluate(min_cluster_size=12).labels)
    # ... and the marks followed
    assert d.sweep.marker.x.tolist() == [12, 12]
    assert d.sweep.figure.title.startswith("min_cluster_size 12: ")
    # every column of the strip maps to the integer nearest its centre
    for j in (0, N_COLUMNS // 3, N_COLUMNS - 1):
        click(d.sweep.strip.mark, j)
        assert explorer.min_cluster_size == int(round(d.sweep.strip.mark.x[j]))


def test_a_click_event_without_a_valid_index_is_ignored(walk):
    _, explorer, d = walk
    before = explorer.min_cluster_size
    for data in (None, {}, {"index": -1}, {"index": N_COLUMNS}, {"index": "3"}, {"index": True}):
        d.sweep.strip.mark._handle_custom_msgs(None, {"event": "element_click", "data": data})
    assert explorer.min_cluster_size == before and d.status.value == ""
    assert column_index({"data": {"index": 4}}, 5) == 4 and column_index({"data": {"index": 5}}, 5) is None


def test_sweep_marker_follows_python_and_the_range_widens(walk):
    _, explorer, d = walk
    explorer.min_cluster_size = 7
    assert d.sweep.marker.x.tolist() == [7, 7]
    explorer.min_cluster_size = 80  # beyond n/2: the slider's range widens, so does the chart's
    assert explorer.min_cluster_size_range[1] == 80
    assert d.sweep.x_scale.max == 80 and d.sweep.strip.mark.x.max() < 80
    assert d.sweep.marker.x.tolist() == [80, 80]
    assert 50 in d.sweep.x_axis.tick_values.tolist()
    assert d.sweep.figure.title == "min_cluster_size 80: 0 clusters, 100.0% outliers"


def test_sweep_click_is_kept_inside_the_slider_range(walk):
    _, explorer, d = walk
    d.sweep.click(1.2)
    assert explorer.min_cluster_size == 2
    d.sweep.click(1e9)
    assert explorer.min_cluster_size == 50


def test_an_error_in_a_click_is_shown_in_the_status_line(walk):
    _, explorer, d = walk

    def broken(**kwargs):
        raise RuntimeError("engine exploded")

    explorer.clusterer.evaluate = broken  # instance attribute: only this explorer's engine
    d.sweep.click(9)
    assert d.status.value == "sweep chart: RuntimeError: engine exploded"


# ---------------------------------------------------------------- histogram
def test_histogram_bins_the_engines_nearest_neighbour_distances(walk):
    X, explorer, d = walk
    c = Clusterer(X)
    nn = c.nearest_neighbor_distances
    h = d.histogram
    assert h.counts.sum() == len(nn) == 100 and h.n_left_out == 0
    np.testing.assert_array_equal(h.counts, np.histogram(nn, bins=h.edges)[0])
    np.testing.assert_array_equal(h.bars.y, h.counts)
    np.testing.assert_allclose(h.bars.x, np.sqrt(h.edges[:-1] * h.edges[1:]))
    assert np.allclose(np.diff(np.log(h.edges)), np.log(h.edges[1] / h.edges[0]))  # log-uniform
    assert isinstance(h.x_scale, bq.LogScale)
    lo, hi = c.duplicate_threshold_range
    assert h.edges[0] < min(nn.min(), c.exact_threshold) and h.edges[-1] > max(nn.max(), hi)
    assert h.exact_line.x.tolist() == [c.exact_threshold] * 2
    assert h.threshold_line.x.tolist() == [explorer.duplicate_threshold] * 2
    # bins are coloured by what their distances mean
    colours = np.array(h.bars.colors)
    centres = h.bars.x
    assert (colours[centres <= c.exact_threshold] == EXACT_BAR_COLOR).all()
    near = (centres > c.exact_threshold) & (centres <= explorer.duplicate_threshold)
    assert near.any() and (colours[near] == NEAR_BAR_COLOR).all()


def test_clicking_the_histogram_sets_duplicate_threshold_clamped(walk):
    X, explorer, d = walk
    c = Clusterer(X)
    lo, hi = c.duplicate_threshold_range
    strip = d.histogram.strip
    j = column_near(strip, 0.05)
    click(strip.mark, j)
    assert explorer.duplicate_threshold == pytest.approx(strip.mark.x[j])
    assert lo < explorer.duplicate_threshold < hi
    assert (
        explorer.result.n_near_duplicate_groups
        == c.evaluate(duplicate_threshold=strip.mark.x[j]).n_near_duplicate_groups
    )
    assert d.histogram.threshold_line.x.tolist() == [explorer.duplicate_threshold] * 2
    assert d.histogram.figure.title.startswith(f"duplicate_threshold {explorer.duplicate_threshold:.3g}: ")
    click(strip.mark, N_COLUMNS - 1)  # right of the range: its top
    assert explorer.duplicate_threshold == hi
    click(strip.mark, 0)  # left of the range: its bottom
    assert explorer.duplicate_threshold == lo
    assert d.status.value == ""


def test_histogram_leaves_out_zero_and_non_finite_distances():
    edges, counts, left_out = log_histogram(np.array([0.0, 0.1, 1.0, np.inf, np.nan, 10.0]), 0.05, 2.0, bins=10)
    assert counts.sum() == 3 and left_out == 3
    assert edges[0] < 0.05 and edges[-1] > 10
    edges, counts, left_out = log_histogram(np.zeros(4), 0.0, 0.0, bins=5)  # all identical rows
    assert counts.sum() == 0 and left_out == 4 and np.all(np.diff(edges) > 0)


# ---------------------------------------------------------------- small parts
def test_log_columns_tile_the_range():
    x = log_columns(2, 50, 10)
    ratios = x[1:] / x[:-1]
    assert np.allclose(ratios, ratios[0])
    assert x[0] == pytest.approx(2 * ratios[0] ** 0.5) and x[-1] == pytest.approx(50 / ratios[0] ** 0.5)


@pytest.mark.parametrize(
    "lo,hi,integers,want",
    [
        (2, 50, True, [2, 5, 10, 20, 50]),
        (2, 75_000, True, [10, 100, 1000, 10_000]),
        (1e-4, 0.6, False, [1e-4, 1e-3, 1e-2, 1e-1]),
        (0.8, 8, True, [1, 2, 5]),
    ],
)
def test_log_ticks(lo, hi, integers, want):
    assert log_ticks(lo, hi, integers=integers).tolist() == pytest.approx(want)


def test_count_ticks():
    assert count_ticks(20).tolist() == [0, 5, 10, 15, 20]
    assert count_ticks(14_778).tolist() == [0, 5000, 10_000]
    assert count_ticks(1).tolist() == [0, 1]


@pytest.mark.parametrize(
    "X",
    [np.zeros((1, 2)), np.ones((6, 3)), np.arange(6.0).reshape(3, 2)],
    ids=["one row", "all identical", "three rows"],
)
def test_tiny_data_gives_a_working_dashboard(X):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # min_samples clamped
        explorer = ClusterExplorer(X)
    d = dashboard(explorer)
    assert d.sweep.x_scale.min < d.sweep.x_scale.max
    assert d.histogram.edges[0] < d.histogram.edges[-1]
    click(d.sizes.bars, 0)
    assert len(explorer.selected) == len(X)  # one cluster or all noise: every sample
    d.sweep.click(3)
    assert explorer.min_cluster_size == 3 and d.status.value == ""


def test_close_stops_following_the_explorer(walk):
    _, explorer, d = walk
    d.close()
    explorer.min_cluster_size = 9  # no chart is left to update (would raise on a closed widget)
    assert explorer.result.min_cluster_size == 9


# ---------------------------------------------------------------- outlier-score histogram
def test_score_histogram_bins_noise_and_clustered_scores(walk):
    X, explorer, d = walk
    r = Clusterer(X).evaluate()
    edges = np.linspace(0, 1, len(d.scores.noise_counts) + 1)
    np.testing.assert_array_equal(d.scores.noise_counts, np.histogram(r.outlier_scores[r.labels < 0], edges)[0])
    np.testing.assert_array_equal(d.scores.clustered_counts, np.histogram(r.outlier_scores[r.labels >= 0], edges)[0])
    assert d.scores.noise_counts.sum() == r.n_outliers and d.scores.clustered_counts.sum() == 100 - r.n_outliers
    assert d.scores.threshold_line.x.tolist() == [r.outlier_threshold] * 2
    assert (
        d.scores.figure.title
        == f"outlier_threshold {r.outlier_threshold:.3g}: {r.n_potential_outliers} potential outliers"
    )


def test_clicking_the_score_histogram_sets_outlier_threshold(walk):
    X, explorer, d = walk
    strip = d.scores.strip
    j = int(np.argmin(np.abs(strip.mark.x - 0.3)))
    click(strip.mark, j)
    assert explorer.outlier_threshold == pytest.approx(strip.mark.x[j]) and abs(explorer.outlier_threshold - 0.3) < 0.01
    want = Clusterer(X).evaluate(outlier_threshold=explorer.outlier_threshold)
    assert explorer.result.n_potential_outliers == want.n_potential_outliers
    assert d.scores.threshold_line.x.tolist() == [explorer.outlier_threshold] * 2
    assert d.scores.figure.title.startswith(f"outlier_threshold {explorer.outlier_threshold:.3g}: ")
    # a new min_cluster_size re-bins the scores; the cut stays where the click put it
    explorer.min_cluster_size = 12
    r = Clusterer(X).evaluate(12)
    edges = np.linspace(0, 1, len(d.scores.noise_counts) + 1)
    np.testing.assert_array_equal(d.scores.clustered_counts, np.histogram(r.outlier_scores[r.labels >= 0], edges)[0])
    assert explorer.result.outlier_threshold == explorer.outlier_threshold
    assert d.status.value == ""
