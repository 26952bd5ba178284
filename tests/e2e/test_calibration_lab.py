"""Calibrate duplicates end to end in JupyterLab 4 + headless Chromium: open the
review panel's calibration view, see pairs around the duplicate_threshold side by
side with their images, mark them by key (s, d, arrows) and by click, read the
estimate Python computes, and apply the suggested threshold (the slider moves).
The marks are in the kernel and in the edits file; after the kernel is killed, a new
kernel running the same cells has the same marks, and the panel the same estimate."""

from __future__ import annotations

import csv

import pytest
from _checks import assert_no_page_errors
from _review_page import Review, kernel_id, kill_kernel, open_cells

pytestmark = pytest.mark.e2e

SETUP = (
    "import numpy as np\n"
    "from hdbscope import ClusterExplorer\n"
    "rng = np.random.default_rng(0)\n"
    "X = rng.normal(size=(600, 2))\n"
    "X[590:] = X[:10] + rng.normal(size=(10, 2)) * 1e-4  # ten near copies\n"
    "images = np.zeros((600, 8, 8), np.uint8)\n"
    "for i in range(600):\n"
    "    images[i, i % 8, :] = 255\n"
)
EXPLORER = (
    "explorer = ClusterExplorer(X, labels=[f'<b>{i % 5}</b>' for i in range(600)], images=images,"
    " edits_path='calibration.csv')\nexplorer"
)
VIEW = ".hdbscope-calibration"


MARKS = "sorted([int(a), int(b), float(d), m] for a, b, d, m in explorer.duplicate_marks[['a', 'b', 'distance', 'mark']].itertuples(index=False))"


@pytest.fixture(scope="module")
def state():
    return {}


@pytest.fixture(scope="module")
def lab(new_page, lab_server):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 1800})
    page.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())  # leave the notebook
    yield page
    lab_server.shutdown_sessions()


def view(rv: Review) -> dict:
    return rv.page.evaluate("(s) => ({ ...document.querySelector(s).dataset })", f"{rv.sel} {VIEW}")


def wait_answered(rv: Review, n_marked: int, timeout: float = 30_000) -> dict:
    """Until Python answered every message and its estimate counts n_marked marks."""
    rv.page.wait_for_function(
        "([s, n]) => { const v = document.querySelector(s);"
        " return v.dataset.pending === '0' && v.dataset.nMarked === String(n); }",
        arg=[f"{rv.sel} {VIEW}", n_marked],
        timeout=timeout,
        polling=50,
    )
    return view(rv)


def test_calibrate_by_keyboard_and_click_then_apply(lab, lab_server, state, save_screenshots):
    ex = open_cells(lab, lab_server, "calibration_lab.ipynb", [SETUP, EXPLORER])
    rv = Review(ex)
    frame = ex.python(
        "[[int(a), int(b), s] for a, b, s in explorer.calibrate_duplicates(n_pairs=12)[['a', 'b', 'side']]"
        ".itertuples(index=False)]"
    )
    lab.locator(f"{rv.sel} .hdbscope-calibrate-open").click()
    lab.wait_for_selector(f"{rv.sel} {VIEW}[data-open='true'][data-pending='0']")
    v = view(rv)
    assert int(v["nPairs"]) == len(frame) and v["nMarked"] == "0" and v["cursor"] == "0"
    # the same pairs Python samples, side by side, with their images and labels as text
    rows = lab.locator(f"{rv.sel} .hdbscope-calibration-pair")
    assert rows.count() == len(frame)
    shown = [
        [int(x) for x in rows.nth(k).locator(".hdbscope-card").evaluate_all("(cs) => cs.map((c) => c.dataset.index)")]
        for k in range(len(frame))
    ]
    assert shown == [[a, b] for a, b, _ in frame]
    assert [rows.nth(k).get_attribute("data-side") for k in range(len(frame))] == [s for _, _, s in frame]
    lab.wait_for_function(
        "(s) => [...document.querySelectorAll(s + ' img.hdbscope-card-img')].every((i) => i.complete && i.naturalWidth === 8)",
        arg=f"{rv.sel} {VIEW}",
    )
    assert lab.locator(f"{rv.sel} {VIEW} .hdbscope-card-label").first.inner_text().startswith("<b>")
    assert lab.locator(f"{rv.sel} {VIEW} b").count() == 0  # no markup from labels
    assert rv.focused_inside()

    # by key: s marks the pair under the cursor and moves on; d; arrows move without marking
    rv.press("s")
    wait_answered(rv, 1)
    rv.press("d")
    v = wait_answered(rv, 2)
    assert v["cursor"] == "2"
    rv.press("ArrowRight", "ArrowRight", "ArrowLeft")
    lab.wait_for_function("(s) => document.querySelector(s).dataset.cursor === '3'", arg=f"{rv.sel} {VIEW}")
    rv.press("s")
    wait_answered(rv, 3)
    # by click: the Different button of pair 5, then Same on pair 1 (changes its mark)
    rows.nth(5).locator(".hdbscope-calibration-different").click()
    wait_answered(rv, 4)
    rows.nth(1).locator(".hdbscope-calibration-same").click()
    v = wait_answered(rv, 4)
    want = {0: "same", 1: "same", 3: "same", 5: "different"}
    assert {
        k: rows.nth(k).get_attribute("data-mark") for k in range(len(frame)) if rows.nth(k).get_attribute("data-mark")
    } == want
    marks = ex.python(
        "sorted([int(a), int(b), m] for a, b, m in explorer.duplicate_marks[['a', 'b', 'mark']].itertuples(index=False))"
    )
    assert marks == sorted([frame[k][0], frame[k][1], m] for k, m in want.items())
    # the estimate shown is Python's
    est = ex.python("explorer.calibration_estimate()")
    assert v["nMarked"] == str(est["n_marked"]) == "4"
    assert v["nMarkedBelow"] == str(est["n_marked_below"])
    assert (v["precision"] == "" and est["precision"] is None) or float(v["precision"]) == est["precision"]
    text = lab.locator(f"{rv.sel} .hdbscope-calibration-estimate").inner_text()
    assert f"{est['n_marked']} (" in text and "suggested threshold" in text

    # mark every pair below "same" and every pair above "different": the suggestion is the
    # largest distance below, and applying it moves the duplicate_threshold slider there
    for k, (_, _, side) in enumerate(frame):
        rows.nth(k).locator(
            ".hdbscope-calibration-same" if side == "below" else ".hdbscope-calibration-different"
        ).click()
    v = wait_answered(rv, len(frame))
    est = ex.python("explorer.calibration_estimate()")
    assert est["precision"] == 1.0 and float(v["suggested"]) == est["suggested_threshold"]
    save_screenshots(lab, ex.root, "calibration-lab")
    seq = int(ex.data()["seq"])
    rv.press("a")
    d = ex.wait_settled(seq)
    assert float(d["duplicateThreshold"]) == est["suggested_threshold"]
    assert ex.python("explorer.duplicate_threshold") == est["suggested_threshold"]
    lab.wait_for_function(
        "([s, t]) => document.querySelector(s).dataset.threshold === t",
        arg=[f"{rv.sel} {VIEW}", d["duplicateThreshold"]],
    )
    # the marks are in the edits file on disk, one row each (pair 1 twice: its newest mark wins)
    path = ex.python("str(explorer.edits_path.resolve())")
    with open(path, encoding="utf-8") as f:
        rows_on_disk = [r for r in csv.reader(f) if len(r) > 5 and r[5] == "mark"]
    assert len(rows_on_disk) == 5 + len(frame)
    rv.press("Escape")
    lab.wait_for_selector(f"{rv.sel} {VIEW}[data-open='false']", state="attached")
    assert lab.locator(f"{rv.sel} .hdbscope-review-queue").is_visible()
    assert_no_page_errors(lab)
    state.update(
        kernel=kernel_id(ex),
        marks=ex.python(MARKS),
        threshold=est["suggested_threshold"],
        estimate=ex.python("explorer.calibration_estimate()"),
    )


def test_marks_come_back_after_a_killed_kernel(lab, lab_server, state):
    assert state, "needs the marks of the test before"
    kill_kernel(lab_server, state["kernel"])  # a crash: nothing runs after it
    for s in lab_server.api("/api/sessions"):
        lab_server.api(f"/api/sessions/{s['id']}", method="DELETE")
    ex = open_cells(lab, lab_server, "calibration_reload.ipynb", [SETUP, EXPLORER])
    assert kernel_id(ex) != state["kernel"]
    assert ex.python(MARKS) == state["marks"] and len(state["marks"]) == 12
    # the threshold is not an edit: set it back, and the estimate is the one before the kill
    seq = int(ex.data()["seq"])
    ex.execute(f"explorer.duplicate_threshold = {state['threshold']!r}")
    ex.wait_settled(seq)
    assert ex.python("explorer.calibration_estimate()") == state["estimate"]
    # and the panel shows it: the calibration view counts every mark loaded from the file
    rv = Review(ex)
    lab.locator(f"{rv.sel} .hdbscope-calibrate-open").click()
    lab.wait_for_selector(f"{rv.sel} {VIEW}[data-open='true'][data-pending='0']")
    v = view(rv)
    assert v["nMarked"] == str(state["estimate"]["n_marked"]) == "12"
    assert v["nMarkedBelow"] == str(state["estimate"]["n_marked_below"])
    assert float(v["precision"]) == state["estimate"]["precision"]
    assert_no_page_errors(lab)
