"""The dashboard's cluster-sizes chart (colours from the result alone, a click selects a cluster)
and when the charts redraw: after the explorer's answer to a slider, at once for a value set from
Python. No browser here; see tests/e2e/test_dashboard_lab.py for the same in JupyterLab."""

from __future__ import annotations

import asyncio

import numpy as np
from _dashboard_data import click, many_blobs, walk  # noqa: F401 (walk: fixture)

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.dashboard import dashboard
from hdbscope.dashboard._palette import NOISE_COLOR, slot_color
from hdbscope.datasets import walkthrough_blobs


# ---------------------------------------------------------------- sizes chart
def test_sizes_chart_shows_the_clusters_largest_first_and_noise(walk):
    _, explorer, d = walk
    r = explorer.result
    sizes = np.bincount(r.labels[r.labels >= 0])
    order = sorted(range(len(sizes)), key=lambda c: (-sizes[c], c))
    assert d.sizes.bars.x.tolist() == [str(c) for c in order] + ["noise"]
    assert d.sizes.bars.y.tolist() == [sizes[c] for c in order] + [r.n_outliers]
    assert d.sizes.figure.title == f"{r.n_clusters} clusters, {r.n_outliers} outliers"
    # each bar in its cluster's colour slot (the scatter's); noise grey
    assert d.sizes.bars.colors == [slot_color(r.color_slots[c]) for c in order] + [NOISE_COLOR]
    assert len(set(d.sizes.bars.colors)) == len(order) + 1


def test_clicking_a_bar_selects_that_cluster(walk):
    _, explorer, d = walk
    labels = explorer.result.labels
    for bar in (0, 2):
        click(d.sizes.bars, bar)
        c = int(d.sizes.bars.x[bar])
        np.testing.assert_array_equal(explorer.selected, np.flatnonzero(labels == c))
        assert d.sizes.highlighted == bar
        assert d.sizes.bars.opacities[bar] == 1.0 and sorted(set(d.sizes.bars.opacities)) == [0.35, 1.0]
    click(d.sizes.bars, len(d.sizes.bars.x) - 1)  # the noise bar: the outliers
    np.testing.assert_array_equal(explorer.selected, explorer.result["outliers"])
    explorer.selected = [0, 1, 2]  # not one cluster: no bar stands out
    assert d.sizes.highlighted is None and set(d.sizes.bars.opacities) == {1.0}


def test_sizes_chart_follows_min_cluster_size_keeping_colours(walk):
    X, explorer, d = walk
    before = dict(zip(d.sizes.bars.x.tolist(), d.sizes.bars.colors))
    explorer.min_cluster_size = 12  # two blobs merge
    r = Clusterer(X).evaluate(min_cluster_size=12)
    assert d.sizes.bars.y.tolist()[: r.n_clusters] == sorted(np.bincount(r.labels[r.labels >= 0]), reverse=True)
    assert d.sizes.figure.title.startswith(f"{r.n_clusters} clusters")
    # every bar has its cluster's slot; a cluster holding more than half of an old
    # cluster's samples keeps that cluster's colour (README "Cluster colours")
    old = Clusterer(X).evaluate()
    for name, colour in zip(d.sizes.bars.x.tolist(), d.sizes.bars.colors):
        if name == "noise":
            assert colour == NOISE_COLOR
            continue
        members = r.labels == int(name)
        assert colour == slot_color(r.color_slots[int(name)])
        overlap = np.bincount(old.labels[members & (old.labels >= 0)], minlength=old.n_clusters)
        a = int(np.argmax(overlap))
        if members.sum() * 2 > (old.labels == a).sum() and overlap[a] == members.sum():
            assert colour == before[str(a)]


def test_many_clusters_are_capped_and_ticks_thinned():
    X = many_blobs()
    explorer = ClusterExplorer(X, min_cluster_size=2)
    d = dashboard(explorer, max_bars=15)
    k = explorer.result.n_clusters
    assert k > 15
    assert len(d.sizes.bars.x) == 16 and d.sizes.bars.x[-1] == "noise"
    assert d.sizes.figure.title.startswith(f"{k:,} clusters (largest 15 shown)")
    assert len(d.sizes.x_axis.tick_values) <= 10


def test_colours_depend_on_the_result_alone_not_on_the_results_before():
    """Several results before a redraw, or a chart opened later: the same colours
    (the old chart replayed every result; now slots come with the result)."""
    X, _ = walkthrough_blobs()
    explorer = ClusterExplorer(X)
    d = dashboard(explorer)
    explorer.unobserve(d.sizes._param_changed, names=["min_cluster_size"])
    d.sizes._redraw = lambda: None  # results arrive, the redraw has not run yet
    explorer.min_cluster_size = 20
    explorer.min_cluster_size = 10
    d.sizes.refresh()
    fresh = dashboard(ClusterExplorer(X, min_cluster_size=10))
    assert d.sizes.bars.colors == fresh.sizes.bars.colors
    r = Clusterer(X).evaluate(min_cluster_size=10)
    shown = [int(c) for c in d.sizes.bars.x if c != "noise"]
    assert d.sizes.bars.colors[: len(shown)] == [slot_color(r.color_slots[c]) for c in shown]


def record_messages(explorer, d):
    """Every comm message the explorer and the charts' widgets send, in order (the widget)."""
    sent = []

    def record(widget):
        widget.comm.kernel = object()  # ipywidgets only sends with a kernel attached
        widget.comm.publish_msg = lambda *a, **k: sent.append(widget)

    for chart in (d.sweep, d.histogram, d.scores, d.sizes):
        f = chart.figure
        for w in {f, *f.marks, *f.axes, *(s for m in f.marks for s in m.scales.values())}:
            record(w)
    record(explorer)
    return sent


def from_browser(widget, state):
    """A slider's 'update' comm message, as the front end sends it."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": []}}, "buffers": []})


def test_chart_updates_wait_for_the_explorers_answer_to_a_slider():
    """A slider move from the browser: the scatter's answer is never delayed by
    chart work, and fast moves cost the charts one redraw, after it."""
    X, _ = walkthrough_blobs()
    explorer = ClusterExplorer(X)
    d = dashboard(explorer)
    sent = record_messages(explorer, d)
    refreshes = []
    real = d.sweep.refresh
    d.sweep._redraw.fn = lambda: (refreshes.append(explorer.result.min_cluster_size), real())

    async def drag():
        for m in (8, 10, 12):  # messages that pile up in the kernel
            from_browser(explorer, {"min_cluster_size": m})
        assert sent == [] and refreshes == []
        await asyncio.sleep(0)
        await asyncio.sleep(0)

    asyncio.run(drag())
    assert sent[0] is explorer and explorer not in sent[1:]
    assert d.sweep.marker in sent and d.sizes.bars in sent
    assert refreshes == [12]  # one redraw, for the newest value, after its result
    assert d.sweep.marker.x.tolist() == [12, 12] and d.sweep.figure.title.startswith("min_cluster_size 12: ")


def test_values_set_from_python_update_the_charts_at_once():
    """In a running kernel (an event loop), code that sets a value and then
    reads a chart in the same cell sees the new state."""
    X, _ = walkthrough_blobs()
    explorer = ClusterExplorer(X)
    d = dashboard(explorer)

    async def cell():
        explorer.min_cluster_size = 12
        assert d.sweep.figure.title.startswith("min_cluster_size 12: 4 clusters")
        assert d.sizes.figure.title.startswith("4 clusters")
        d.sizes.select_bar(0)
        assert len(explorer.selected) == 40  # the merged blobs, from the new result
        explorer.duplicate_threshold = 0.05
        assert d.histogram.threshold_line.x.tolist() == [0.05, 0.05]
        assert d.histogram.figure.title.startswith("duplicate_threshold 0.05: ")

    asyncio.run(cell())
