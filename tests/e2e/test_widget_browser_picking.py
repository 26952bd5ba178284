"""The real front end driven by the real Python widget in headless Chromium, without Jupyter (the
harness is in _widget_page.py): selection by click, shift-click and lasso, the tooltip, cluster colours,
the legend and the dark theme."""

from __future__ import annotations

import numpy as np
import pytest
from _widget_page import (
    ROOT,
    Bridge,
    artifacts,  # noqa: F401 (fixture)
    blobs,  # noqa: F401 (fixture)
    browser,  # noqa: F401 (fixture)
    canvas_colours,
    page,  # noqa: F401 (fixture)
    screen,
)

from hdbscope import ClusterExplorer

pytestmark = pytest.mark.e2e


def test_click_shift_click_lasso_and_python_selection(page, blobs, artifacts):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    page.mouse.click(*screen(page, 58))
    page.wait_for_selector(f"{ROOT}[data-n-selected='1']")
    assert w.selected.tolist() in ([58], [63])  # 58 and 63 sit on top of each other
    first = w.selected.tolist()
    page.keyboard.down("Shift")
    page.mouse.click(*screen(page, 10))
    page.keyboard.up("Shift")
    page.wait_for_selector(f"{ROOT}[data-n-selected='2']")
    assert w.selected.tolist() == sorted(first + [10])
    page.keyboard.down("Shift")
    page.mouse.click(*screen(page, 10))  # shift-click again removes it
    page.keyboard.up("Shift")
    page.wait_for_selector(f"{ROOT}[data-n-selected='1']")
    assert w.selected.tolist() == first

    # lasso around one cluster (Lasso tool; drag a square around its points)
    members = np.flatnonzero(w.result.labels == w.result.labels[10])
    pts = np.array([screen(page, i) for i in members])
    lo, hi = pts.min(0) - 8, pts.max(0) + 8
    page.click(".hdbscope-tool-lasso")
    page.mouse.move(lo[0], lo[1])
    page.mouse.down()
    for x, y in [(hi[0], lo[1]), (hi[0], hi[1]), (lo[0], hi[1]), (lo[0], lo[1] + 1)]:
        page.mouse.move(x, y, steps=6)
    page.mouse.up()
    page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.nSelected !== '1'")
    inside = np.flatnonzero(
        (X[:, 0] >= X[members, 0].min())
        & (X[:, 0] <= X[members, 0].max())
        & (X[:, 1] >= X[members, 1].min())
        & (X[:, 1] <= X[members, 1].max())
    )
    assert (
        set(members)
        <= set(w.selected.tolist())
        <= set(inside)
        | set(
            np.flatnonzero(np.abs(X - X[members].mean(0)).max(1) < np.abs(X[members] - X[members].mean(0)).max() * 1.3)
        )
    )
    page.mouse.move(3, 3)
    page.screenshot(path=str(artifacts / "browser_lasso.png"))

    w.selected = [0, 1, 2, 3]
    br.push()
    page.wait_for_selector(f"{ROOT}[data-n-selected='4']")
    assert page.text_content(".hdbscope-selected-count") == "4 selected"
    page.click(".hdbscope-clear")
    page.wait_for_selector(f"{ROOT}[data-n-selected='0']")
    assert w.selected.tolist() == []


def test_tooltip_shows_text_safely_and_a_thumbnail(page, blobs, artifacts):
    X, y = blobs
    nasty = "<img src=x onerror=alert(1)>"
    imgs = np.zeros((100, 12, 12, 3), dtype=np.uint8)
    imgs[:, :, :6] = [255, 0, 0]
    w = ClusterExplorer(X, labels=[f"{nasty} blob {v}" for v in y], images=imgs)
    Bridge(page, w)
    page.mouse.move(*screen(page, 24))
    page.wait_for_selector(".hdbscope-tooltip[data-ready='true']")
    tip = page.locator(".hdbscope-tooltip")
    index = int(tip.get_attribute("data-index"))
    assert index in (24, 79)  # an exact duplicate pair, drawn at one spot
    row = lambda k: page.text_content(f".hdbscope-tooltip .hdbscope-tip-row[data-key='{k}'] .hdbscope-tip-value")
    assert row("label") == f"{nasty} blob {y[index]}"  # shown as text
    assert page.locator(".hdbscope-tooltip .hdbscope-tip-rows img").count() == 0  # not turned into markup
    assert row("outlier score") == f"{w.result.outlier_scores[index]:.3f}"
    assert row("cluster").strip() == str(w.result.labels[index])
    assert "exact duplicate" in row("flags")
    assert row("duplicates") == str(79 if index == 24 else 24)
    page.wait_for_function(
        "() => { const i = document.querySelector('.hdbscope-thumb'); "
        "return !i.hidden && i.complete && i.naturalWidth === 12; }"
    )
    assert page.get_attribute(".hdbscope-thumb", "src").startswith("blob:")
    page.screenshot(path=str(artifacts / "browser_tooltip.png"))
    page.mouse.move(3, 3)
    page.wait_for_selector(".hdbscope-tooltip", state="hidden")


def test_colours_stay_with_surviving_clusters(page, blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    colour = lambda i: page.evaluate(f"(i) => document.querySelector('{ROOT}').hdbscope.colorOf(i)", int(i))
    before = {int(c): colour(np.flatnonzero(w.result.labels == c)[0]) for c in range(w.result.n_clusters)}
    assert len(set(before.values())) == w.result.n_clusters
    old = w.result.labels.copy()
    w.min_cluster_size = 10  # two blobs merge, the rest survive (with new ids)
    br.push()
    page.wait_for_selector(f"{ROOT}[data-min-cluster-size='10']")
    new = w.result.labels
    for c in range(w.result.n_clusters):
        members = np.flatnonzero(new == c)
        olds, n = np.unique(old[members][old[members] >= 0], return_counts=True)
        best = int(olds[np.argmax(n)])
        assert colour(members[0]) == before[best]


def test_legend_hides_a_cluster_from_view_and_from_picking(page, blobs, artifacts):
    X, _ = blobs
    w = ClusterExplorer(X)
    Bridge(page, w)
    i = int(np.flatnonzero(w.result.labels == 0)[0])
    x, y = screen(page, i)
    box = page.locator(".hdbscope-overlay").bounding_box()
    pick = lambda: page.evaluate(
        f"([x, y]) => document.querySelector('{ROOT}').hdbscope.pickAt(x, y)", [x - box["x"], y - box["y"]]
    )
    assert pick() == i
    before = canvas_colours(page)
    page.click(".hdbscope-legend-row[data-key='cluster-0'] input")
    page.wait_for_function(f"() => +document.querySelector('{ROOT}').dataset.renderCount > 0")
    page.wait_for_timeout(100)
    assert pick() != i
    assert canvas_colours(page) < before
    page.click(".hdbscope-legend-row[data-key='duplicates'] input")
    page.click(".hdbscope-legend-row[data-key='outliers'] input")
    outlier = int(np.flatnonzero(w.result.is_outlier)[0])
    ox, oy = screen(page, outlier)
    assert (
        page.evaluate(
            f"([x, y]) => document.querySelector('{ROOT}').hdbscope.pickAt(x, y)", [ox - box["x"], oy - box["y"]]
        )
        != outlier
    )
    page.screenshot(path=str(artifacts / "browser_legend.png"))


def test_dark_theme_follows_jupyterlab_variables(page, blobs, artifacts):
    X, _ = blobs
    w = ClusterExplorer(X)
    Bridge(page, w)
    page.evaluate("""() => { const s = document.documentElement.style;
        for (const [k, v] of Object.entries({'--jp-layout-color0': '#111111', '--jp-layout-color1': '#1e1e1e',
            '--jp-layout-color2': '#2a2a2a', '--jp-ui-font-color0': '#eeeeee', '--jp-ui-font-color1': '#dddddd',
            '--jp-ui-font-color2': '#aaaaaa', '--jp-border-color2': '#444444'})) s.setProperty(k, v);
        document.body.setAttribute('data-jp-theme-light', 'false'); }""")
    page.wait_for_selector(f"{ROOT}[data-theme='dark']")
    corner = f"""() => {{ const c = document.querySelector('{ROOT} .hdbscope-canvas');
        const gl = c.getContext('webgl2'); const px = new Uint8Array(4);
        gl.readPixels(1, 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); return Array.from(px).slice(0, 3).join(); }}"""
    page.wait_for_function(f"() => ({corner})() === '17,17,17'")  # the canvas background follows the theme
    assert (
        page.evaluate(f"() => getComputedStyle(document.querySelector('{ROOT} .hdbscope-count-value')).color")
        == "rgb(221, 221, 221)"
    )
    page.screenshot(path=str(artifacts / "browser_dark.png"))
