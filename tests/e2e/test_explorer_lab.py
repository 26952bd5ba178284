"""ClusterExplorer end to end in JupyterLab 4 + headless Chromium.

One notebook (the walk-through data) is opened and run once for the module;
the tests then drive the same live widget in order: display, sliders by
keyboard and by mouse drag, selection by click / shift-click / lasso, and
selection + parameters set from Python. Every number the page shows is
checked against `Clusterer(X).evaluate(...)` computed here, in the test
process, for the parameters the widget reports.
"""

from __future__ import annotations

import math

import pytest
from _checks import (
    assert_no_page_errors,
    check_matches_engine,
    check_points_drawn_in_their_colours,
    check_python_follows,
)
from _explorer_page import Explorer, drag_slider, open_notebook, press_keys, slider_position
from _geometry import isolated_points, lasso_circle, polygon

pytestmark = pytest.mark.e2e

SELECTED = "sorted(int(i) for i in explorer.selected)"


@pytest.fixture(scope="module")
def lab(new_page, lab_server):
    page = new_page()
    root = open_notebook(page, lab_server, "explorer_lab.ipynb")
    yield Explorer(page, root)
    lab_server.shutdown_sessions()


def test_display_shows_the_engine_defaults(lab, walkthrough_clusterer, save_screenshots):
    c = walkthrough_clusterer
    d = lab.data()
    assert d["webgl"] == "webgl2", "the scatter fell back: no WebGL2 in this Chromium"
    assert d["nPoints"] == "100" and d["nSelected"] == "0" and d["tool"] == "pan"
    assert int(d["minClusterSize"]) == c.default_min_cluster_size
    assert float(d["duplicateThreshold"]) == c.default_duplicate_threshold
    mcs, dt, want = check_matches_engine(lab, c)
    assert want["n_duplicate_groups"] == 2  # the walk-through's planted pairs (24, 79) and (58, 63)
    check_python_follows(lab, mcs, dt, want)
    check_points_drawn_in_their_colours(lab, c)
    save_screenshots(lab.page, lab.root, "explorer-lab")
    assert_no_page_errors(lab.page)


def test_min_cluster_size_slider_by_keyboard(lab, walkthrough_clusterer):
    lo, hi, pos = slider_position(lab, "min_cluster_size")
    start = int(lab.data()["minClusterSize"])
    assert hi - lo == 100 // 2 - 2  # 2..N/2, one integer per step for this small N
    seq = int(lab.data()["seq"])
    press_keys(lab, "min_cluster_size", ["ArrowRight"] * 3)  # fast presses: only the newest value counts
    d = lab.wait_settled(seq)
    assert int(d["minClusterSize"]) == start + 3, "arrow keys did not move the slider (JupyterLab shortcuts?)"
    mcs, dt, want = check_matches_engine(lab, walkthrough_clusterer)
    check_python_follows(lab, mcs, dt, want)

    seq = int(d["seq"])
    press_keys(lab, "min_cluster_size", ["ArrowLeft"])
    d = lab.wait_settled(seq)
    assert int(d["minClusterSize"]) == start + 2
    mcs, dt, want = check_matches_engine(lab, walkthrough_clusterer)
    check_python_follows(lab, mcs, dt, want)
    assert_no_page_errors(lab.page)


def test_duplicate_threshold_slider_by_keyboard(lab, walkthrough_clusterer):
    lo_pos, hi_pos, pos = slider_position(lab, "duplicate_threshold")
    t_lo, t_hi = lab.python("list(explorer.duplicate_threshold_range)")
    seq = int(lab.data()["seq"])
    press_keys(lab, "duplicate_threshold", ["ArrowRight", "ArrowRight"])
    d = lab.wait_settled(seq)
    assert slider_position(lab, "duplicate_threshold")[2] == pos + 2
    # the log mapping of js/logscale.ts: position p of 240 -> lo * (hi/lo)^(p/240)
    want_t = t_lo * math.exp(math.log(t_hi / t_lo) * (pos + 2) / hi_pos)
    assert float(d["duplicateThreshold"]) == pytest.approx(want_t, rel=1e-9)
    mcs, dt, want = check_matches_engine(lab, walkthrough_clusterer)
    check_python_follows(lab, mcs, dt, want)

    seq = int(d["seq"])
    press_keys(lab, "duplicate_threshold", ["ArrowLeft"])
    d = lab.wait_settled(seq)
    assert slider_position(lab, "duplicate_threshold")[2] == pos + 1
    mcs, dt, want = check_matches_engine(lab, walkthrough_clusterer)
    check_python_follows(lab, mcs, dt, want)
    assert_no_page_errors(lab.page)


@pytest.mark.parametrize(
    "name,fraction", [("min_cluster_size", 0.5), ("duplicate_threshold", 0.95), ("min_cluster_size", 0.1)]
)
def test_slider_by_mouse_drag(lab, walkthrough_clusterer, name, fraction):
    lo, hi, before = slider_position(lab, name)
    seq = int(lab.data()["seq"])
    width = drag_slider(lab, name, fraction)
    lab.wait_settled(seq)
    after = slider_position(lab, name)[2]
    target = lo + fraction * (hi - lo)
    # where the mouse let go, give or take the thumb's half-width (the browser maps x to value inside it)
    assert abs(after - target) <= (hi - lo) * 12 / width + 1, (before, after, target)
    assert after != before
    mcs, dt, want = check_matches_engine(lab, walkthrough_clusterer)
    check_python_follows(lab, mcs, dt, want)
    assert_no_page_errors(lab.page)


def click(lab, point, shift: bool = False) -> None:
    if shift:
        lab.page.keyboard.down("Shift")
    lab.page.mouse.click(*point)
    if shift:
        lab.page.keyboard.up("Shift")


def test_click_and_shift_click_select_in_python(lab):
    lab.scroll_plot_into_view()
    points, box = lab.screen_points()
    candidates = isolated_points(points, box)
    assert len(candidates) >= 2, "no isolated points to click"
    a, b = candidates[0], candidates[-1]

    click(lab, points[a])
    lab.wait_data("nSelected", "1")
    assert lab.python_until(SELECTED, [a]) == [a]

    click(lab, points[b], shift=True)  # shift-click adds ...
    lab.wait_data("nSelected", "2")
    assert lab.python_until(SELECTED, sorted([a, b])) == sorted([a, b])
    assert lab.page.locator(f"{lab.root} .hdbscope-selected-count").inner_text() == "2 selected"

    click(lab, points[a], shift=True)  # ... and removes again
    lab.wait_data("nSelected", "1")
    assert lab.python_until(SELECTED, [b]) == [b]
    assert_no_page_errors(lab.page)


def test_lasso_selects_the_points_inside_in_python(lab):
    lab.click_tool("lasso")
    lab.scroll_plot_into_view()
    points, box = lab.screen_points()
    cx, cy, r, inside = lasso_circle(points, box)
    path = polygon(cx, cy, r)
    mouse = lab.page.mouse
    mouse.move(*path[0])
    mouse.down()
    for p in path[1:] + path[:1]:
        mouse.move(*p, steps=3)
    mouse.up()
    lab.wait_data("nSelected", str(len(inside)))
    assert lab.python_until(SELECTED, inside) == inside
    assert lab.page.locator(f"{lab.root} .hdbscope-selected-count").inner_text() == f"{len(inside)} selected"
    lab.click_tool("pan")
    assert_no_page_errors(lab.page)


def test_python_sets_selection_and_parameters(lab, walkthrough_clusterer):
    lab.execute("explorer.selected = [3, 14, 15, 92, 65]")
    lab.wait_data("nSelected", "5")
    assert lab.page.locator(f"{lab.root} .hdbscope-selected-count").inner_text() == "5 selected"
    lab.execute("explorer.selected = []")
    lab.wait_data("nSelected", "0")
    assert lab.page.locator(f"{lab.root} .hdbscope-selected-count").inner_text() == ""

    # parameters set in Python move the sliders and redraw with the engine's numbers
    seq = int(lab.data()["seq"])
    lab.execute("explorer.min_cluster_size = 9; explorer.duplicate_threshold = 0.05")
    d = lab.wait_settled(seq)
    assert d["minClusterSize"] == "9" and float(d["duplicateThreshold"]) == 0.05
    mcs, dt, want = check_matches_engine(lab, walkthrough_clusterer)
    check_python_follows(lab, mcs, dt, want)
    assert_no_page_errors(lab.page)


def test_outlier_threshold_slider_by_keyboard(lab, walkthrough_clusterer):
    # last in the module: once moved, the cut stays put (it no longer follows the default rule)
    lo_pos, hi_pos, pos = slider_position(lab, "outlier_threshold")
    assert (lo_pos, hi_pos) == (0, 200)  # linear over [0, 1], 200 steps
    d = lab.data()
    mcs = int(d["minClusterSize"])
    assert float(d["outlierThreshold"]) == walkthrough_clusterer.default_outlier_threshold(mcs)
    seq = int(d["seq"])
    press_keys(lab, "outlier_threshold", ["ArrowLeft"] * 10)
    # presses are answered one at a time: wait for the result of the last (a loaded
    # machine drew the first press's result once, and the old wait stopped there)
    d = lab.wait_settled(seq, cut=(pos - 10) / 200)
    assert slider_position(lab, "outlier_threshold")[2] == pos - 10
    assert float(d["outlierThreshold"]) == pytest.approx((pos - 10) / 200, abs=1e-12)
    mcs, dt, want = check_matches_engine(lab, walkthrough_clusterer)  # counts at the page's cut
    assert lab.python("explorer.outlier_threshold") == float(d["outlierThreshold"])
    assert lab.python("explorer.result.n_potential_outliers") == want["n_potential_outliers"]
    assert_no_page_errors(lab.page)
