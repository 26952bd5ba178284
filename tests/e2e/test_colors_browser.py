"""Cluster colours in the real front end: two views of one explorer, a reloaded
page and the dashboard's bar chart agree after any sequence of slider moves
(every one draws ClusterResult.color_slots; no view keeps a colour history).
Harness: tests/e2e/_widget_page.py (headless Chromium, no Jupyter)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from _widget_page import (
    ROOT,
    Bridge,
    _b64,
    browser,  # noqa: F401 (fixture)
)

from hdbscope import ClusterExplorer
from hdbscope.dashboard import dashboard
from hdbscope.datasets import walkthrough_blobs

pytestmark = pytest.mark.e2e


def rgb_css(hex_color: str) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def view_colors(page, labels, k) -> list[str]:
    """The colour a view draws each cluster in (at its first member)."""
    firsts = [int(np.flatnonzero(labels == c)[0]) for c in range(k)]
    return page.evaluate(f"(ix) => ix.map((i) => document.querySelector('{ROOT}').hdbscope.colorOf(i))", firsts)


def bar_colors(d, k) -> list[str]:
    by_name = dict(zip(d.sizes.bars.x.tolist(), d.sizes.bars.colors))
    return [rgb_css(by_name[str(c)]) for c in range(k)]


def reload(page, w) -> None:
    """A page reload: a fresh view of the same model state (bindings and routes survive)."""
    from ipywidgets.widgets.widget import _remove_buffers

    page.reload()
    page.wait_for_function("() => window.__ready === true")
    state, paths, buffers = _remove_buffers(w.get_state())
    page.evaluate(
        "(p) => window.__mount(p)", json.dumps({"state": state, "buffer_paths": paths, "buffers": _b64(buffers)})
    )
    page.wait_for_selector(f"{ROOT}[data-seq='{w.seq}']")


def test_two_views_a_reload_and_the_dashboard_agree_after_slider_moves(browser):
    X, _ = walkthrough_blobs()
    w = ClusterExplorer(X)
    d = dashboard(w)
    contexts = [browser.new_context(viewport={"width": 1040, "height": 660}) for _ in range(2)]
    try:
        first, second = (ctx.new_page() for ctx in contexts)
        one = Bridge(first, w)
        seen = []
        for m in (10, 3, 25, 7):  # the first view sees every result
            w.min_cluster_size = m
            one.push()
            first.wait_for_selector(f"{ROOT}[data-min-cluster-size='{m}']")
            k = w.result.n_clusters
            seen.append(view_colors(first, w.result.labels, k))
            assert seen[-1] == bar_colors(d, k)
            assert len(set(seen[-1])) == k
        two = Bridge(second, w)  # a second view opens now: it takes over the comm, we copy to the first
        for m in (40, 5, 12):
            w.min_cluster_size = m
            sent = list(two.sent)
            two.push()
            one.sent.extend(sent)
            one.push()
            for page in (first, second):
                page.wait_for_selector(f"{ROOT}[data-min-cluster-size='{m}']")
            k = w.result.n_clusters
            colors = view_colors(first, w.result.labels, k)
            assert colors == view_colors(second, w.result.labels, k) == bar_colors(d, k)
        reload(first, w)
        assert view_colors(first, w.result.labels, k) == colors == bar_colors(d, k)
        # back at a value seen before, the colours are those of then
        w.min_cluster_size = 7
        sent = list(two.sent)
        two.push()
        for page in (first, second):
            if page is first:
                one.sent.extend(sent)
                one.push()
            page.wait_for_selector(f"{ROOT}[data-min-cluster-size='7']")
            assert view_colors(page, w.result.labels, w.result.n_clusters) == seen[-1]
    finally:
        for ctx in contexts:
            ctx.close()
