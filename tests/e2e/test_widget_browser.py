"""The real front end (src/hdbscope/static/widget.js) driven by the real
Python widget in headless Chromium, without Jupyter.

A fake anywidget model in the page forwards save_changes() and send() to
Python through Playwright bindings (as the comm would), and hands Python's
outgoing messages back as the answers. So this checks rendering, WebGL, the
sliders, selection, the tooltip and the transport's encodings end to end; the
JupyterLab comm path itself is left to the JupyterLab tests."""

from __future__ import annotations

import numpy as np
import pytest
from _widget_page import (
    ROOT,
    Bridge,
    artifacts,  # noqa: F401 (fixture)
    attrs,
    blobs,  # noqa: F401 (fixture)
    browser,  # noqa: F401 (fixture)
    canvas_colours,
    counts,
    page,  # noqa: F401 (fixture)
    shown_counts,
)

from hdbscope import Clusterer, ClusterExplorer

pytestmark = pytest.mark.e2e


def test_renders_the_walkthrough_with_the_engine_counts(page, blobs, artifacts):
    X, y = blobs
    w = ClusterExplorer(X, labels=[f"blob {v}" for v in y])
    Bridge(page, w)
    a = attrs(page)
    want = Clusterer(X).evaluate()
    assert a["webgl"] == "webgl2"
    assert {k: a[k] for k in counts(want)} == counts(want)
    assert shown_counts(page) == {
        k: str(getattr(want, k))
        for k in ("n_clusters", "n_outliers", "n_potential_outliers", "n_duplicate_groups", "n_near_duplicate_groups")
    }
    assert a["nPoints"] == "100" and a["busy"] == "false"
    assert page.text_content(".hdbscope-slider-min-cluster-size output") == "5"
    assert page.text_content(".hdbscope-slider-duplicate-threshold output") == f"{want.duplicate_threshold:.3g}"
    for sel in (".hdbscope-slider-input", ".hdbscope-legend-toggle", ".hdbscope-button"):
        for el in page.query_selector_all(sel):  # JupyterLab's shortcuts must not eat their keys
            assert el.get_attribute("data-lm-suppress-shortcuts") == "true"
    legend = page.locator(".hdbscope-legend-row").all_text_contents()
    assert len([r for r in legend if r.startswith("cluster")]) == want.n_clusters
    assert canvas_colours(page) >= 7  # background, grey, 5 cluster colours (+ markers)
    page.screenshot(path=str(artifacts / "browser_walkthrough.png"))


def test_keyboard_on_both_sliders_matches_evaluate(page, blobs, artifacts):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    c = Clusterer(X)
    page.focus(".hdbscope-slider-min-cluster-size input")
    for m in (6, 7, 8):
        page.keyboard.press("ArrowRight")
        page.wait_for_selector(f"{ROOT}[data-min-cluster-size='{m}'][data-busy='false']")
        assert w.min_cluster_size == m
        a = attrs(page)
        assert {k: a[k] for k in counts(c.evaluate(m))} == counts(c.evaluate(m, w.duplicate_threshold))
    page.focus(".hdbscope-slider-duplicate-threshold input")
    seq = int(attrs(page)["seq"])
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"() => document.querySelector('{ROOT}').dataset.busy === 'false' && "
        f"+document.querySelector('{ROOT}').dataset.seq > {seq}"
    )
    page.wait_for_function(
        f"() => +document.querySelector('{ROOT}').dataset.duplicateThreshold === "
        f"+document.querySelector('.hdbscope-slider-duplicate-threshold').dataset.value"
    )
    t = w.duplicate_threshold
    assert t > c.default_duplicate_threshold
    a = attrs(page)
    assert float(a["duplicateThreshold"]) == t
    assert {k: a[k] for k in counts(c.evaluate(8, t))} == counts(c.evaluate(8, t))
    assert br.evaluations[-1] == {"min_cluster_size": 8, "duplicate_threshold": t, "outlier_threshold": None}
    page.screenshot(path=str(artifacts / "browser_sliders.png"))


def test_fast_drag_sends_only_the_newest_value_when_the_reply_arrives(page, blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    # 40 input events in one task, as a fast drag produces them
    page.evaluate("""() => { const s = document.querySelector('.hdbscope-slider-min-cluster-size input');
        for (let p = 1; p <= 40; p++) { s.value = String(p); s.dispatchEvent(new Event('input', {bubbles: true})); } }""")
    want = int(page.get_attribute(".hdbscope-slider-min-cluster-size", "data-value"))
    page.wait_for_selector(f"{ROOT}[data-min-cluster-size='{want}'][data-busy='false']")
    assert [e["min_cluster_size"] for e in br.evaluations] == [3, want]  # first and newest only
    assert w.result.min_cluster_size == want == 42


def test_python_side_changes_move_the_sliders_and_the_plot(page, blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    w.min_cluster_size = 12
    w.duplicate_threshold = w.duplicate_threshold_range[1]
    br.push()
    page.wait_for_selector(f"{ROOT}[data-min-cluster-size='12']")
    assert page.text_content(".hdbscope-slider-min-cluster-size output") == "12"
    assert page.input_value(".hdbscope-slider-duplicate-threshold input") == page.get_attribute(
        ".hdbscope-slider-duplicate-threshold input", "max"
    )
    a = attrs(page)
    assert {k: a[k] for k in counts(w.result)} == counts(Clusterer(X).evaluate(12, w.duplicate_threshold))


@pytest.mark.parametrize("n", [0, 1, 6])
def test_empty_and_tiny_data_render_without_errors(page, n):
    X = np.ones((n, 3)) if n != 1 else np.zeros((1, 3))
    w = ClusterExplorer(X)
    Bridge(page, w)
    a = attrs(page)
    assert a["nPoints"] == str(n) and a["nClusters"] == str(w.result.n_clusters)
    assert page.locator(".hdbscope-legend-empty").count() == (1 if w.result.n_clusters == 0 else 0)


def test_cleanup_removes_the_view(page, blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    page.evaluate("() => window.__cleanup()")
    assert page.locator(ROOT).count() == 0
    w.min_cluster_size = 9  # the model lives on; the removed view must not react or throw
    br.push()
    page.wait_for_timeout(50)
