"""The dashboard (hdbscope.dashboard) end to end in JupyterLab 4 + headless Chromium.

One notebook shows the explorer with its three bqplot charts on the walk-through's
data; the tests click the charts like a person would (real mouse clicks on the
SVG) and check that the explorer's slider, scatter and Python state follow:

* a click on the parameter sweep sets min_cluster_size: the widget root's
  data-min-cluster-size and the slider show the value clicked, the counts are
  the engine's for it, and Python's explorer holds it;
* a click on the distance histogram sets duplicate_threshold;
* a click on a cluster-size bar selects that cluster (data-n-selected and
  Python's explorer.selected), and the bars have the scatter's colours.
"""

from __future__ import annotations

import pytest
from _checks import (
    assert_no_page_errors,
    check_matches_engine,
    check_points_drawn_in_their_colours,
    check_python_follows,
)
from _explorer_page import KERNEL_IDLE, ROOT_CLASS, Explorer

pytestmark = pytest.mark.e2e

CELLS = [
    "from hdbscope import ClusterExplorer\n"
    "from hdbscope.dashboard import dashboard\n"
    "from hdbscope.datasets import walkthrough_blobs\n"
    "X, y = walkthrough_blobs()\n"
    "explorer = ClusterExplorer(X)\n"
    "d = dashboard(explorer)\n"
    "d",
]
SWEEP, HISTOGRAM, SIZES = ".hdbscope-sweep-chart", ".hdbscope-nn-histogram", ".hdbscope-sizes-chart"

# Centres (page px) of a chart's bars, in data order: the invisible click strip's
# (opacity 0) or the visible ones.
BARS = """([panel, chart, strip]) => Array.from(document.querySelectorAll('#' + panel + ' ' + chart + ' rect.bar'))
  .filter((r) => (r.style.opacity === '0') === strip)
  .map((r) => { const b = r.getBoundingClientRect();
                return { x: b.x + b.width / 2, y: b.y + b.height / 2, left: b.x, right: b.x + b.width,
                         fill: getComputedStyle(r).fill, opacity: getComputedStyle(r).opacity }; })"""


class Dashboard(Explorer):
    def __init__(self, page, root: str, panel: str):
        super().__init__(page, root)
        self.panel = panel

    def bars(self, chart: str, strip: bool = False) -> list[dict]:
        return self.page.evaluate(BARS, [self.panel, chart, strip])

    def scroll_to(self, chart: str) -> None:
        self.page.evaluate(
            "(sel) => document.querySelector(sel).scrollIntoView({ block: 'center' })", f"#{self.panel} {chart}"
        )

    def wait_bars(self, chart: str, n: int) -> list[dict]:
        self.page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel + ' rect.bar').length === n",
            arg=[f"#{self.panel} {chart}", n],
            timeout=30_000,
            polling=50,
        )
        return self.bars(chart)

    def tick_x(self, chart: str, label: str) -> float:
        """Page x of an x-axis tick (the x axis is the chart's first axis)."""
        return self.page.evaluate(
            """([sel, label]) => { const t = Array.from(document.querySelector(sel + ' .axis').querySelectorAll('g.tick'))
                 .find((g) => g.textContent.trim() === label);
               const b = t.querySelector('line').getBoundingClientRect(); return b.x + b.width / 2; }""",
            [f"#{self.panel} {chart}", label],
        )


def open_dashboard(page, server, name: str) -> Dashboard:
    server.write_notebook(name, CELLS)
    page.goto(server.notebook_url(name))
    page.wait_for_selector(".jp-NotebookPanel", timeout=120_000)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000, polling=200)
    panel = page.evaluate(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " window.__e2eSession = w.sessionContext; return w.id; }"
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    root = f"#{panel} {ROOT_CLASS}"
    page.wait_for_function(
        "(sel) => { const r = document.querySelector(sel);"
        " return !!r && Number(r.dataset.renderCount) > 0 && r.dataset.seq !== undefined; }",
        arg=root,
        timeout=120_000,
        polling=100,
    )
    # every chart drawn: the strips (100 columns each) and the cluster bars
    page.wait_for_function(
        """(panel) => [' .hdbscope-sweep-chart', ' .hdbscope-nn-histogram', ' .hdbscope-sizes-chart']
             .every((c) => document.querySelectorAll('#' + panel + c + ' rect.bar').length > 0)""",
        arg=panel,
        timeout=60_000,
        polling=100,
    )
    return Dashboard(page, root, panel)


@pytest.fixture(scope="module")
def dash(new_page, lab_server):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 1500})  # the scatter and the charts in one screenshot
    yield open_dashboard(page, lab_server, "dashboard_lab.ipynb")
    lab_server.shutdown_sessions()


def bar_colours_are_the_scatters(dash: Dashboard) -> int:
    """Each cluster bar's fill is the colour the scatter draws that cluster in."""
    names, members = dash.python(
        "[[str(v) for v in d.sizes.bars.x], [int((explorer.result.labels == int(v)).argmax()) if v != 'noise' else -1"
        " for v in d.sizes.bars.x]]"
    )
    bars = dash.wait_bars(SIZES, len(names))
    scatter = dash.page.evaluate(
        "([sel, ids]) => ids.map((i) => i < 0 ? 'noise' : document.querySelector(sel).hdbscope.colorOf(i))",
        [dash.root, members],
    )
    checked = 0
    for name, bar, colour in zip(names, bars, scatter):
        if name == "noise":
            continue
        assert bar["fill"].replace(" ", "") == colour.replace(" ", ""), (name, bar["fill"], colour)
        checked += 1
    return checked


def test_dashboard_shows_three_linked_charts(dash, walkthrough_clusterer, save_screenshots):
    c = walkthrough_clusterer
    d = dash.data()
    assert int(d["minClusterSize"]) == c.default_min_cluster_size
    assert len(dash.bars(SWEEP, strip=True)) == 100 and len(dash.bars(HISTOGRAM, strip=True)) == 100
    r = c.evaluate()
    assert len(dash.bars(SIZES)) == r.n_clusters + 1  # + the noise bar
    assert bar_colours_are_the_scatters(dash) == r.n_clusters
    titles = dash.page.evaluate(
        "(panel) => Array.from(document.querySelectorAll('#' + panel + ' .mainheading')).map((t) => t.textContent)",
        dash.panel,
    )
    assert f"min_cluster_size {r.min_cluster_size}: {r.n_clusters} clusters, 7.0% outliers" in titles, titles
    save_screenshots(dash.page, f"#{dash.panel} .hdbscope-dashboard", "dashboard-lab")
    assert_no_page_errors(dash.page)


def test_clicking_the_sweep_moves_the_slider_and_updates_the_scatter(dash, walkthrough_clusterer):
    columns = dash.python("[float(v) for v in d.sweep.strip.mark.x]")
    start = int(dash.data()["minClusterSize"])
    for target in (12, 20):
        j = min(range(len(columns)), key=lambda i: abs(columns[i] - target))
        want = round(columns[j])
        assert want == target and want != start
        dash.scroll_to(SWEEP)
        col = dash.bars(SWEEP, strip=True)[j]
        seq = int(dash.data()["seq"])
        dash.page.mouse.click(col["x"], col["y"])
        d = dash.wait_settled(seq)
        assert int(d["minClusterSize"]) == want  # the scatter's result is for the value clicked
        assert dash.slider_value("min_cluster_size") == str(want)
        assert dash.slider_text("min_cluster_size") == str(want)
        mcs, dt, counts = check_matches_engine(dash, walkthrough_clusterer)
        check_python_follows(dash, mcs, dt, counts)
        # the chart's marker line moved to where the click was, and its title says so
        assert dash.python_until("[float(v) for v in d.sweep.marker.x]", [want, want]) == [want, want]
        assert dash.python("d.sweep.figure.title").startswith(
            f"min_cluster_size {want}: {counts['n_clusters']} clusters"
        )
        start = want
    # clicking at the axis' "10" tick sets 10 (the columns under the ticks are the tick values)
    x = dash.tick_x(SWEEP, "10")
    col = next(c for c in dash.bars(SWEEP, strip=True) if c["left"] <= x <= c["right"])
    seq = int(dash.data()["seq"])
    dash.page.mouse.click(x, col["y"])
    assert int(dash.wait_settled(seq)["minClusterSize"]) == 10
    assert dash.python("explorer.min_cluster_size") == 10
    check_points_drawn_in_their_colours(dash, walkthrough_clusterer)
    assert_no_page_errors(dash.page)


def test_clicking_the_histogram_sets_duplicate_threshold(dash, walkthrough_clusterer):
    columns = dash.python("[float(v) for v in d.histogram.strip.mark.x]")
    low, high = walkthrough_clusterer.duplicate_threshold_range
    j = min(range(len(columns)), key=lambda i: abs(columns[i] - 0.05))
    assert low < columns[j] < high
    dash.scroll_to(HISTOGRAM)
    col = dash.bars(HISTOGRAM, strip=True)[j]
    seq = int(dash.data()["seq"])
    dash.page.mouse.click(col["x"], col["y"])
    d = dash.wait_settled(seq)
    assert float(d["duplicateThreshold"]) == pytest.approx(columns[j], rel=1e-12)
    assert dash.python("explorer.duplicate_threshold") == pytest.approx(columns[j], rel=1e-12)
    mcs, dt, counts = check_matches_engine(dash, walkthrough_clusterer)
    check_python_follows(dash, mcs, dt, counts)
    # right of the slider's range: its top
    col = dash.bars(HISTOGRAM, strip=True)[-1]
    seq = int(dash.data()["seq"])
    dash.page.mouse.click(col["x"], col["y"])
    assert float(dash.wait_settled(seq)["duplicateThreshold"]) == pytest.approx(high, rel=1e-12)
    assert_no_page_errors(dash.page)


def test_clicking_a_bar_selects_that_cluster(dash, walkthrough_clusterer, save_screenshots):
    names = dash.python("[str(v) for v in d.sizes.bars.x]")
    assert names[-1] == "noise" or "noise" not in names
    dash.wait_bars(SIZES, len(names))
    assert bar_colours_are_the_scatters(dash) >= 2
    for index in (1, 0):
        dash.scroll_to(SIZES)
        bar = dash.bars(SIZES)[index]
        cluster = int(names[index])
        want = dash.python(f"[int(i) for i in (explorer.result.labels == {cluster}).nonzero()[0]]")
        assert len(want) > 1
        dash.page.mouse.click(bar["x"], bar["y"])
        dash.wait_data("nSelected", str(len(want)))
        assert dash.python_until("sorted(int(i) for i in explorer.selected)", want) == want
        # the clicked bar stands out, the others are dimmed
        dash.page.wait_for_function(
            "([sel, i]) => { const r = document.querySelectorAll(sel + ' rect.bar');"
            " return getComputedStyle(r[i]).opacity === '1' && getComputedStyle(r[(i + 1) % r.length]).opacity !== '1'; }",
            arg=[f"#{dash.panel} {SIZES}", index],
            timeout=10_000,
            polling=50,
        )
    save_screenshots(dash.page, f"#{dash.panel} .hdbscope-dashboard", "dashboard-lab-selected")
    assert_no_page_errors(dash.page)
