"""A slider move answered in the browser (JupyterLab 4 + Chromium): while the
kernel is busy (a cell sleeping), each keyboard move of a slider is drawn at
once from the fitted state the explorer sent, with the counts evaluate()
gives; once the kernel is free it catches up and explorer.result is the
result for the values the page shows."""

from __future__ import annotations

import pytest
from _checks import (
    assert_no_page_errors,
    check_matches_engine,
    check_python_follows,
    expected_summary,
)
from _explorer_page import Explorer, open_notebook, press_keys

pytestmark = pytest.mark.e2e

BUSY = """
(code) => { window.__e2eSession.session.kernel.requestExecute({ code, silent: true, store_history: false }); }
"""


@pytest.fixture(scope="module")
def lab(new_page, lab_server):
    page = new_page()
    root = open_notebook(page, lab_server, "kernelless_lab.ipynb")
    yield Explorer(page, root)
    lab_server.shutdown_sessions()


def test_moves_are_drawn_while_the_kernel_is_busy(lab, walkthrough_clusterer):
    ex, c = lab, walkthrough_clusterer
    check_matches_engine(ex, c)
    assert ex.python("bool(explorer.fitted)") is True
    start = ex.data()
    ex.page.evaluate(BUSY, "import time; time.sleep(8)")
    seen = []
    for name, keys in [
        ("min_cluster_size", ["ArrowRight"] * 2),
        ("duplicate_threshold", ["ArrowRight"] * 10),
        ("min_cluster_size", ["ArrowLeft"]),
    ]:
        previews = int(ex.data().get("previews", 0))
        press_keys(ex, name, keys)
        ex.page.wait_for_function(
            "([sel, k]) => Number(document.querySelector(sel).dataset.previews || 0) >= k",
            arg=[ex.root, previews + len(keys)],
            timeout=5_000,
            polling=20,
        )
        # and the preview drawn is the one for the slider's newest value (a late preview of an
        # earlier move can also bump the counter)
        attr = {"min_cluster_size": "minClusterSize", "duplicate_threshold": "duplicateThreshold"}[name]
        slider = f".hdbscope-slider-{name.replace('_', '-')}"
        ex.page.wait_for_function(
            "([sel, slider, attr]) => +document.querySelector(sel).dataset[attr]"
            " === +document.querySelector(slider).dataset.value",
            arg=[ex.root, slider, attr],
            timeout=5_000,
            polling=20,
        )
        d = ex.data()
        assert d["seq"] == start["seq"], "Python answered while it was sleeping?"
        mcs, dt = int(d["minClusterSize"]), float(d["duplicateThreshold"])
        assert ex.counts() == expected_summary(c, mcs, dt), (mcs, dt, d)
        assert ex.shown_counts() == expected_summary(c, mcs, dt)
        seen.append((mcs, dt))
    assert len(set(seen)) == 3
    # the kernel wakes up: its answer for the values shown lands, and Python holds them
    d = ex.wait_settled(int(start["seq"]), timeout=60_000)
    mcs, dt, want = check_matches_engine(ex, c)
    assert (mcs, dt) == seen[-1]
    check_python_follows(ex, mcs, dt, want)
    assert_no_page_errors(ex.page)
