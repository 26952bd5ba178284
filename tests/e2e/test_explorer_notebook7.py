"""ClusterExplorer smoke test in Notebook 7 (`jupyter notebook`) + headless Chromium:
it displays, a slider moves by real key presses, and the summary equals
`Clusterer(X).evaluate(...)` for the value the widget reports."""

from __future__ import annotations

import pytest
from _checks import (
    assert_no_page_errors,
    check_matches_engine,
    check_points_drawn_in_their_colours,
    check_python_follows,
)
from _explorer_page import Explorer, open_notebook, press_keys

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def nb7(new_page, notebook_server):
    page = new_page()
    root = open_notebook(page, notebook_server, "explorer_notebook7.ipynb")
    # really Notebook 7's page, not Lab's
    assert page.evaluate("() => window.jupyterapp.name") == "Jupyter Notebook"
    yield Explorer(page, root)
    notebook_server.shutdown_sessions()


def test_display_keyboard_and_summary_in_notebook7(nb7, walkthrough_clusterer, save_screenshots):
    c = walkthrough_clusterer
    d = nb7.data()
    assert d["webgl"] == "webgl2"
    assert int(d["minClusterSize"]) == c.default_min_cluster_size
    mcs, dt, want = check_matches_engine(nb7, c)
    check_python_follows(nb7, mcs, dt, want)
    check_points_drawn_in_their_colours(nb7, c)
    save_screenshots(nb7.page, nb7.root, "explorer-notebook7")

    seq = int(d["seq"])
    press_keys(nb7, "min_cluster_size", ["ArrowRight", "ArrowRight"])
    d = nb7.wait_settled(seq)
    assert int(d["minClusterSize"]) == mcs + 2, "arrow keys did not move the slider in Notebook 7"
    mcs2, dt2, want2 = check_matches_engine(nb7, c)
    assert dt2 == dt
    check_python_follows(nb7, mcs2, dt2, want2)
    assert_no_page_errors(nb7.page)
