"""The scatter's fast paths for big data, in headless Chromium (SwiftShader):
recolouring from the point-id cache must look exactly like drawing every
point; a new result must not redraw every point; markers too many to tell
apart become shades; a moving view on a slow GPU draws a sample, then
everything once it rests. (Speed itself is measured by benchmarks/bench_widget.py.)
"""

from __future__ import annotations

import numpy as np
import pytest
from _widget_page import (
    ROOT,
    Bridge,
    attrs,
    browser,  # noqa: F401 (fixture)
    page,  # noqa: F401 (fixture)
)

from hdbscope import ClusterExplorer

pytestmark = pytest.mark.e2e
N = 60_000  # small points (tiny squares) at this size, as at 1M


@pytest.fixture(scope="module")
def big():
    rng = np.random.default_rng(7)
    centres = rng.uniform(-20, 20, size=(8, 2))
    X = np.concatenate(
        [c + rng.normal(scale=1.5, size=(N // 8 - 1500, 2)) for c in centres]
        + [rng.uniform(-25, 25, size=(8 * 1500, 2))]
    )
    return X


def pixels(page) -> list:
    """The canvas as one list of RGBA bytes (read through a 2-D canvas)."""
    return page.evaluate(f"""() => {{
        const c = document.querySelector('{ROOT} .hdbscope-canvas');
        const t = document.createElement('canvas'); t.width = c.width; t.height = c.height;
        const g = t.getContext('2d'); g.drawImage(c, 0, 0);
        return Array.from(g.getImageData(0, 0, t.width, t.height).data); }}""")


def stats(page) -> dict:
    return page.evaluate(f"() => Object.assign({{}}, document.querySelector('{ROOT}').hdbscope.scatter.renderer.stats)")


def draw_direct(page) -> list:
    """Redraw every point without the cache (as when a legend category is hidden)."""
    page.evaluate(f"""() => {{ const s = document.querySelector('{ROOT}').hdbscope.scatter;
        s.look.anyHidden = true; s.drawNow(); }}""")
    assert attrs(page)["pointsMode"] == "direct"
    out = pixels(page)
    page.evaluate(f"""() => {{ const s = document.querySelector('{ROOT}').hdbscope.scatter;
        s.look.anyHidden = false; s.drawNow(); }}""")
    return out


def test_cached_recolouring_equals_drawing_every_point(page, big):
    w = ClusterExplorer(big)
    br = Bridge(page, w)
    page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.pointsMode === 'cached'")
    cached = pixels(page)
    assert len(set(map(tuple, np.asarray(cached).reshape(-1, 4)))) > 5  # clusters, noise, paper
    assert cached == draw_direct(page)

    # a new result: recoloured per pixel, no pass over every point
    before = stats(page)
    w.min_cluster_size = w.min_cluster_size * 4
    br.push()
    page.wait_for_selector(f"{ROOT}[data-min-cluster-size='{w.min_cluster_size}']")
    page.wait_for_function(
        f"(n) => document.querySelector('{ROOT}').hdbscope.scatter.renderer.stats.resolves > n", arg=before["resolves"]
    )
    after = stats(page)
    assert after["idPasses"] == before["idPasses"]
    recoloured = pixels(page)
    assert recoloured != cached  # the clusters changed...
    assert recoloured == draw_direct(page)  # ...and the cache shows exactly what a full draw does


def expected_shades(result, canvas_px: int, marker_px: float = 7.0) -> int:
    """lod.ts's rule: a category is shaded when its markers would cover over half the plot."""
    fits = lambda count, px: count * px * px <= 0.5 * canvas_px
    dups = int(((result.duplicate_group >= 0) | (result.near_duplicate_group >= 0)).sum())
    return (
        (0 if fits(result.n_outliers, marker_px) else 1)
        | (0 if fits(result.n_potential_outliers, marker_px) else 8)
        | (0 if fits(dups, marker_px * 1.25) else 2)
    )


def test_too_many_markers_become_shades_and_the_legend_says_so(page, big):
    w = ClusterExplorer(big)
    br = Bridge(page, w)
    page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.pointsMode === 'cached'")
    canvas = page.evaluate(
        f"() => {{ const c = document.querySelector('{ROOT} .hdbscope-canvas'); return c.width * c.height; }}"
    )
    want = expected_shades(w.result, canvas)
    assert want & 1  # this data has more noise than markers can show
    assert int(attrs(page)["shaded"]) == want
    row = page.locator(".hdbscope-legend-row[data-key='outliers']")
    assert "shaded" in (row.get_attribute("class") or "").split()
    assert "too many to mark" in (row.get_attribute("title") or "")
    assert "shaded" not in (page.locator(".hdbscope-legend-row[data-key='cluster-0']").get_attribute("class") or "")
    # a larger min_cluster_size changes the counts; the shading follows them
    w.min_cluster_size = 2000
    br.push()
    page.wait_for_selector(f"{ROOT}[data-min-cluster-size='2000']")
    page.wait_for_function(
        "(want) => document.querySelector('.hdbscope-explorer').dataset.shaded === String(want)",
        arg=expected_shades(w.result, canvas),
    )


def test_few_markers_stay_markers(page):
    from hdbscope.datasets import walkthrough_blobs

    X, _ = walkthrough_blobs()
    Bridge(page, ClusterExplorer(X))
    page.wait_for_function(f"() => +document.querySelector('{ROOT}').dataset.renderCount > 0")
    assert attrs(page)["shaded"] == "0"
    assert page.locator(".hdbscope-legend-row.shaded").count() == 0


def test_moving_view_on_a_slow_gpu_draws_a_sample_then_everything(page, big):
    w = ClusterExplorer(big)
    Bridge(page, w)
    page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.pointsMode === 'cached'")
    box = page.locator(".hdbscope-overlay").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # as if a full frame took 400 ms (software rendering of a million points)
    page.evaluate(f"() => {{ document.querySelector('{ROOT}').hdbscope.scatter.renderer.timer.fullFrameMs = 400; }}")
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 40, cy + 10, steps=4)
    # (a counter, not the mode: the view may already have rested when the page is polled)
    page.wait_for_function(f"() => document.querySelector('{ROOT}').hdbscope.scatter.renderer.stats.previews >= 1")
    page.mouse.up()
    # once the view rests, every point is drawn again (with the id cache)
    page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.pointsMode === 'cached'", timeout=5000)
    # a fast GPU (full frames well under 33 ms) never previews
    page.evaluate(f"() => {{ document.querySelector('{ROOT}').hdbscope.scatter.renderer.timer.fullFrameMs = 5; }}")
    n0 = stats(page)["previews"]
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(300)
    assert stats(page)["previews"] == n0
