"""Review and relabel end to end in JupyterLab 4 + headless Chromium.

In order, on one JupyterLab server:
1. step through the review queue with real key presses (inside JupyterLab,
   whose notebook shortcuts would otherwise take n, p, the arrows, 1-9, x, z),
   relabel, undo, redo, exclude, type a label; check it all in the kernel and
   in the edits file on disk;
2. kill the kernel process (SIGKILL), delete its session through the REST
   API, open a new notebook (a new kernel) with an explorer on the same
   edits_path: every edit is back, and undo continues where it stopped;
3. labels and a file name that try to be markup show as text; no script runs;
4. the panel's keys in Notebook 7 as well.
"""

from __future__ import annotations

import csv
import json

import pytest
from _checks import assert_no_page_errors
from _review_page import Review, kernel_id, kill_kernel, open_cells

pytestmark = pytest.mark.e2e

SETUP = (
    "import numpy as np\n"
    "from hdbscope import ClusterExplorer\n"
    "from hdbscope.datasets import walkthrough_blobs\n"
    "X, y = walkthrough_blobs()\n"
    "images = np.zeros((100, 8, 8), np.uint8)\n"
    "for i, v in enumerate(y):\n"
    "    images[i, v:v + 3, 1:7] = 255  # a bar whose height tells the blob\n"
)
EXPLORER = (
    "explorer = ClusterExplorer(X, labels=[f'blob {v}' for v in y], images=images, edits_path='edits.csv')\nexplorer"
)
XSS = ["<img src=x onerror=alert(1)>", "</script><script>window.__xss=1</script>"]
ROWS = (
    "[[int(i), str(l), a, c] for i, l, a, c in "
    "explorer.relabels[['index', 'new_label', 'action', 'category']].itertuples(index=False)]"
)


@pytest.fixture(scope="module")
def state():
    return {}


@pytest.fixture(scope="module")
def lab(new_page, lab_server):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 1500})  # the whole widget, panel included, in view
    dialogs = []

    def on_dialog(d):
        if d.type == "beforeunload":  # JupyterLab asks before leaving a notebook: leave
            d.accept()
        else:  # alert / confirm / prompt: only a script from user strings would open one
            dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

    page.on("dialog", on_dialog)
    page.dialogs = dialogs
    yield page
    lab_server.shutdown_sessions()


def queue(ex):
    return ex.python("[','.join(map(str, m)) for m in explorer.review_queue().members]"), ex.python(
        "list(explorer.review_queue().category)"
    )


def test_keyboard_review_relabel_undo_exclude_in_lab(lab, lab_server, state, save_screenshots):
    ex = open_cells(lab, lab_server, "review_lab.ipynb", [SETUP, EXPLORER])
    rv = Review(ex)
    items, cats = queue(ex)
    assert rv.data()["items"] == str(len(items)) and "24,79" in items  # counted from the summary
    # collapsed: Python sends no queue
    assert rv.data()["loaded"] == "false"
    assert ex.python("[explorer.review_open, len(explorer.queue_members)]") == [False, 0]
    # a real click on Next (it opens the panel, Python sends the queue, then it steps), then only keys
    lab.locator(f"{rv.sel} .hdbscope-review-next").click()
    d = rv.wait_item(items[0])
    assert d["category"] == cats[0] == "outliers" and rv.focused_inside()
    assert d["loaded"] == "true" and ex.python("explorer.review_open") is True
    rv.press("n")
    rv.wait_item(items[1])
    rv.press("ArrowRight", "ArrowRight")
    rv.wait_item(items[3])
    rv.press("p")
    rv.wait_item(items[2])
    rv.press("ArrowLeft", "ArrowLeft")
    rv.wait_item(items[0])
    assert lab.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == 1, (
        "the notebook moved its active cell: a key reached JupyterLab's shortcuts"
    )
    dup = items.index("24,79")
    rv.press(*["ArrowLeft"] * (len(items) - dup))  # backwards, wrapping around the end
    rv.wait_item("24,79")
    assert lab.locator(f"{rv.sel} .hdbscope-review-members .hdbscope-card").count() == 2
    lab.wait_for_function(
        "(s) => [...document.querySelectorAll(s + ' img.hdbscope-card-img')].every((i) => i.complete && i.naturalWidth === 8)",
        arg=rv.sel,
    )
    save_screenshots(lab, ex.root, "review-lab")

    # key 1: the most frequent label, on the group's two samples
    top = ex.python("explorer.label_choices[0][1]")
    before = ex.python("explorer.current_labels[[24, 79]].tolist()")
    changed = sum(b != top for b in before)
    rv.press("1")
    rv.wait_edit(f"relabel:{changed}")
    assert ex.python("explorer.current_labels[[24, 79]].tolist()") == [top, top]
    rv.press("u")  # undo
    rv.wait_edit(f"undo:{changed}")
    assert ex.python("explorer.current_labels[[24, 79]].tolist()") == before
    rv.press("Control+Shift+Z")  # redo, then undo again with Ctrl+Z (JupyterLab's own undo must not fire)
    rv.wait_edit(f"redo:{changed}")
    rv.press("Control+z")
    rv.wait_edit(f"undo:{changed}")
    assert ex.python("explorer.current_labels[[24, 79]].tolist()") == before

    # drop one of the duplicate pair: its card's exclude button, then x on the next item
    lab.locator(f"{rv.sel} .hdbscope-card[data-index='79'] .hdbscope-card-exclude").click()
    rv.wait_edit("exclude:1")
    assert ex.python("explorer.exclude_mask.nonzero()[0].tolist()") == [79]
    rv.press("n")
    rv.wait_item(items[dup + 1])
    rv.press("x")
    rv.wait_edit(f"exclude:{len(items[dup + 1].split(','))}")
    excluded = sorted([79] + [int(i) for i in items[dup + 1].split(",")])
    assert ex.python("explorer.exclude_mask.nonzero()[0].tolist()") == excluded

    # a typed label: l, type, Enter (letters like n and x go into the box, not to the panel)
    rv.press("p")
    rv.wait_item("24,79")
    rv.press("l")
    lab.keyboard.type("next to x")
    rv.press("Enter")
    rv.wait_edit("relabel:2")
    assert ex.python("explorer.current_labels[[24, 79]].tolist()") == ["next to x", "next to x"]
    rv.press("Escape", "n")
    rv.wait_item(items[dup + 1])
    # the panel's button closes it (Python stops sending the queue) and opens it again on the same item
    button = lab.locator(f"{rv.sel} .hdbscope-review-open")
    button.click()
    lab.wait_for_selector(f"{rv.sel}[data-open='false'][data-loaded='false']")
    assert ex.python_until("[explorer.review_open, len(explorer.queue_members)]", [False, 0]) == [False, 0]
    button.click()
    lab.wait_for_selector(f"{rv.sel}[data-open='true'][data-loaded='true']")
    rv.wait_item(items[dup + 1])
    assert ex.python("explorer.review_open") is True

    rows = ex.python(ROWS)
    given = ex.python("[f'blob {v}' for v in y]")
    nxt = [int(j) for j in items[dup + 1].split(",")]
    assert rows == [[79, given[79], "exclude", "duplicates"]] + [
        [i, given[i], "exclude", cats[dup + 1]] for i in nxt
    ] + [[24, "next to x", "relabel", "duplicates"], [79, "next to x", "relabel", "duplicates"]]
    # every edit (and undo / redo) is in the file already
    path = lab_server.dirs["root"] / "edits.csv"
    lines = path.read_text().splitlines()
    assert lines[0] == "# hdbscope-edits v1" and json.loads(lines[1][2:])["n_samples"] == 100
    actions = [r["action"] for r in csv.DictReader(lines[2:])]
    assert actions == ["relabel"] * changed + ["undo", "redo", "undo", "exclude"] + ["exclude"] * len(
        items[dup + 1].split(",")
    ) + ["relabel", "relabel"]
    state.update(
        rows=rows,
        labels=ex.python("explorer.current_labels.tolist()"),
        excluded=excluded,
        edit_state=ex.python("explorer.edit_state"),
        kernel=kernel_id(ex),
    )
    assert_no_page_errors(lab)
    assert lab.dialogs == []


def test_edits_survive_a_killed_kernel(lab, lab_server, state, save_screenshots):
    assert state, "needs the edits of the test before"
    pid = kill_kernel(lab_server, state["kernel"])
    sessions = lab_server.api("/api/sessions")
    for s in sessions:
        lab_server.api(f"/api/sessions/{s['id']}", method="DELETE")
    assert lab_server.api("/api/sessions") == []
    ex = open_cells(lab, lab_server, "review_reload.ipynb", [SETUP, EXPLORER])
    assert kernel_id(ex) != state["kernel"] and str(pid)
    assert ex.python(ROWS) == state["rows"]
    assert ex.python("explorer.current_labels.tolist()") == state["labels"]
    assert ex.python("explorer.exclude_mask.nonzero()[0].tolist()") == state["excluded"]
    assert ex.python("explorer.edit_state") == state["edit_state"]
    rv = Review(ex)
    lab.wait_for_selector(
        f"{rv.sel} .hdbscope-review-actions[data-n-edits='{state['edit_state']['n_edits']}']", state="attached"
    )  # the panel is collapsed until used
    assert "saved to" in lab.text_content(f"{rv.sel} .hdbscope-review-status")
    # the undo stack came back too: u undoes the last edit made before the kill
    lab.locator(f"{rv.sel} .hdbscope-review-next").click()
    rv.wait_item(ex.python("','.join(map(str, explorer.review_queue().members[0]))"))
    rv.press("u")
    rv.wait_edit("undo:2")
    assert ex.python("explorer.current_labels[[24, 79]].tolist()") == ex.python("[f'blob {y[24]}', f'blob {y[79]}']")
    save_screenshots(lab, ex.root, "review-lab-reloaded")
    assert_no_page_errors(lab)


def test_markup_in_labels_and_file_names_is_only_text(lab, lab_server):
    cells = [
        SETUP,
        (
            f"XSS = {XSS!r}\n"
            "labels = [XSS[v % 2] + f' {v}' for v in y]\n"
            "explorer = ClusterExplorer(X, labels=labels, images=images, edits_path=XSS[0] + '.csv')\n"
            "explorer"
        ),
    ]
    ex = open_cells(lab, lab_server, "review_xss.ipynb", cells)
    rv = Review(ex)
    lab.select_option(f"{ex.root} .hdbscope-colorby-select", "label")
    ex.wait_data("colorBy", "label")
    lab.locator(f"{rv.sel} .hdbscope-review-next").click()
    rv.wait_item(ex.python("','.join(map(str, explorer.review_queue().members[0]))"))
    rv.press("l")
    lab.keyboard.type(XSS[1] + " typed")
    rv.press("Enter")
    rv.wait_edit("relabel:1")
    assert ex.python("str(explorer.current_labels[explorer.relabels['index'][0]])") == XSS[1] + " typed"
    lab.locator(f"{ex.root} .hdbscope-reset").click()
    ex.scroll_plot_into_view()
    x, y = lab.evaluate(
        "(sel) => { const r = document.querySelector(sel); const o = r.querySelector('.hdbscope-overlay')"
        ".getBoundingClientRect(); const p = r.hdbscope.screenPosition(24); return [o.left + p[0], o.top + p[1]]; }",
        ex.root,
    )
    lab.mouse.move(x, y)
    lab.wait_for_selector(f"{ex.root} .hdbscope-tooltip[data-ready='true']")
    assert lab.evaluate("() => window.__xss") is None
    text = lab.locator(ex.root).inner_text()
    for s in XSS:
        assert s in text, s  # the literal text is on screen
    assert XSS[1] + " typed" in text
    assert f"{XSS[0]}.csv" in lab.text_content(f"{rv.sel} .hdbscope-review-status")
    srcs = lab.evaluate(
        "(sel) => [...document.querySelectorAll(sel + ' img')].map((i) => i.getAttribute('src') || '')", ex.root
    )
    assert all(s == "" or s.startswith("blob:") for s in srcs), srcs
    assert lab.locator(f"{ex.root} script").count() == 0
    assert lab.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert lab.dialogs == []
    assert (lab_server.dirs["root"] / f"{XSS[0]}.csv").exists()
    assert_no_page_errors(lab)


def test_review_keys_in_notebook7(new_page, notebook_server):
    """The same keys in Notebook 7 (its own notebook shell, the same Lumino shortcuts)."""
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 1500})
    try:
        ex = open_cells(page, notebook_server, "review_nb7.ipynb", [SETUP, EXPLORER.replace("edits.csv", "nb7.csv")])
        rv = Review(ex)
        items, _ = queue(ex)
        page.locator(f"{rv.sel} .hdbscope-review-next").click()
        rv.wait_item(items[0])
        rv.press("n", "n", "p")
        rv.wait_item(items[1])
        rv.press("x")
        rv.wait_edit("exclude:1")
        assert ex.python("explorer.exclude_mask.nonzero()[0].tolist()") == [int(items[1])]
        rv.press("u")
        rv.wait_edit("undo:1")
        assert ex.python("int(explorer.exclude_mask.sum())") == 0
        assert_no_page_errors(page)
    finally:
        notebook_server.shutdown_sessions()
