"""The review panel in headless Chromium, driven by the real Python widget
without Jupyter (the page harness of _widget_page.py): keyboard
navigation, centring on the item, relabel / undo / exclude with real key
presses, the colour-by switch, and user strings that try to be markup."""

from __future__ import annotations

import numpy as np
import pytest
from _widget_page import (
    ROOT,
    Bridge,
    artifacts,  # noqa: F401 (fixture)
    browser,  # noqa: F401 (fixture)
    screen,
)

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.review._edits import CATEGORIES

pytestmark = pytest.mark.e2e

PANEL = ".hdbscope-review"
XSS = ["<img src=x onerror=alert(1)>", "</script><script>window.__xss=1</script>"]


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1040, "height": 1200})
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    problems = []
    pg.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.problems = problems
    yield pg
    ctx.close()
    assert not problems, problems


def panel(page) -> dict:
    return page.evaluate(f"() => Object.assign({{}}, document.querySelector('{PANEL}').dataset)")


def wait_item(page, members: str) -> dict:
    page.wait_for_selector(f"{PANEL}[data-item='{members}'][data-ready='true']")
    return panel(page)


def wait_edit(page, last: str):
    page.wait_for_function(
        f"() => document.querySelector('{PANEL}').dataset.lastEdit === '{last}' && "
        f"document.querySelector('{PANEL}').dataset.editsPending === '0'"
    )
    page.evaluate(f"() => {{ delete document.querySelector('{PANEL}').dataset.lastEdit; }}")


def queue(w):
    q = w.review_queue()
    return [",".join(map(str, m)) for m in q.members], list(q.category)


def test_keyboard_review_relabel_undo_exclude(page, artifacts):
    X, y = walkthrough_blobs()
    imgs = np.zeros((100, 8, 8), np.uint8)
    imgs[:, 2:6, 2:6] = 200
    w = ClusterExplorer(X, labels=[f"blob {v}" for v in y], images=imgs)
    Bridge(page, w)
    items, cats = queue(w)
    assert panel(page)["items"] == str(len(items)) and panel(page)["position"] == "-1"
    page.focus(PANEL)
    page.keyboard.press("n")
    d = wait_item(page, items[0])
    assert d["category"] == cats[0] == "outliers"
    # the view is centred on the item and zoomed in
    box = page.locator(".hdbscope-overlay").bounding_box()
    x, y0 = screen(page, int(items[0]))
    assert abs(x - (box["x"] + box["width"] / 2)) < 2 and abs(y0 - (box["y"] + box["height"] / 2)) < 2
    zoom = page.evaluate(
        f"() => {{ const s = document.querySelector('{ROOT}').hdbscope.scatter; return s.camera.s / s.fitScale; }}"
    )
    assert zoom >= 2
    # its image, its neighbours (data space) and its cluster's majority label are shown
    assert page.locator(f"{PANEL} .hdbscope-review-members .hdbscope-card").count() == 1
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{PANEL} img.hdbscope-card-img')].every((i) => i.complete && i.naturalWidth === 8)"
    )
    assert page.locator(f"{PANEL} .hdbscope-review-neighbors .hdbscope-card").count() == 6
    page.keyboard.press("ArrowRight")
    wait_item(page, items[1])
    page.keyboard.press("p")
    wait_item(page, items[0])
    page.keyboard.press("End")  # the last item
    wait_item(page, items[-1])
    page.keyboard.press("ArrowLeft")
    dup_item = items.index("24,79")
    for _ in range(len(items) - 2 - dup_item):
        page.keyboard.press("ArrowLeft")
    wait_item(page, "24,79")
    assert page.locator(f"{PANEL} .hdbscope-review-members .hdbscope-card").count() == 2  # side by side
    page.screenshot(path=str(artifacts / "review_duplicates.png"))

    # key 1: the most frequent label, on both members of the group
    first_label = w.label_choices[0][1]
    page.keyboard.press("1")
    wait_edit(page, "relabel:" + str(sum(f"blob {y[i]}" != first_label for i in (24, 79))))
    assert list(w.current_labels[[24, 79]]) == [first_label, first_label]
    assert set(w.relabels["category"]) == {"duplicates"}
    page.keyboard.press("u")
    wait_edit(page, "undo:" + str(len(w._session.log.batches[0])))
    assert list(w.current_labels[[24, 79]]) == [f"blob {y[24]}", f"blob {y[79]}"]
    page.keyboard.press("Control+Shift+Z")  # redo
    wait_edit(page, f"redo:{len(w._session.log.batches[0])}")
    assert w.current_labels[24] == first_label
    page.keyboard.press("Control+z")
    wait_edit(page, f"undo:{len(w._session.log.batches[0])}")

    # exclude only one of the pair with its card's button; the panel keeps the keyboard
    page.click(f"{PANEL} .hdbscope-card[data-index='79'] .hdbscope-card-exclude")
    wait_edit(page, "exclude:1")
    assert np.flatnonzero(w.exclude_mask).tolist() == [79]
    page.wait_for_selector(f"{PANEL} .hdbscope-card[data-index='79'][data-decision='exclude']")
    page.keyboard.press("x")  # the whole item
    wait_edit(page, "exclude:1")
    assert np.flatnonzero(w.exclude_mask).tolist() == [24, 79]
    page.keyboard.press("k")
    wait_edit(page, "keep:2")
    assert not w.exclude_mask.any() and w.edit_state["n_kept"] == 2

    # a typed label: l focuses the box, Enter applies, n inside the box is just a letter
    page.keyboard.press("l")
    page.keyboard.type("new name")
    page.keyboard.press("Enter")
    wait_edit(page, "relabel:2")
    assert list(w.current_labels[[24, 79]]) == ["new name", "new name"]
    assert page.evaluate("() => document.activeElement.classList.contains('hdbscope-label-input')")
    page.keyboard.press("Escape")
    page.keyboard.press("n")  # back on the panel: n steps again
    wait_item(page, items[dup_item + 1])
    page.screenshot(path=str(artifacts / "review_after_edits.png"))
    assert w.relabels["action"].tolist() == ["exclude", "exclude", "keep", "keep", "relabel", "relabel"]


def test_relabel_the_selection_and_a_fixed_disagreement_leaves_the_queue(page):
    X, y = walkthrough_blobs()
    w = ClusterExplorer(X, labels=y)
    br = Bridge(page, w)
    c0 = np.flatnonzero(w.result.labels == 0)
    w.selected = c0[:2]
    br.push()
    page.wait_for_selector(f"{ROOT}[data-n-selected='2']")
    assert panel(page)["open"] == "false"  # collapsed until used
    page.click(f"{PANEL} .hdbscope-review-open")
    page.wait_for_selector(f"{PANEL}[data-open='true']")
    page.check(f"{PANEL} .hdbscope-target-selection")
    page.fill(f"{PANEL} .hdbscope-label-input", "wrong")
    page.click(f"{PANEL} .hdbscope-set-label")
    wait_edit(page, "relabel:2")
    assert list(w.current_labels[c0[:2]]) == ["wrong", "wrong"]
    assert w.summary["n_label_disagreements"] == 2
    page.wait_for_selector(f"{ROOT}[data-n-label-disagreements='2']")
    items, cats = queue(w)
    assert cats[-2:] == ["label_disagreements"] * 2
    # review the first disagreement: its neighbours suggest its old label, on key 1, and the
    # neighbours that carry it are outlined beside it
    page.check(f"{PANEL} .hdbscope-target-item")
    page.focus(PANEL)
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    wait_item(page, str(c0[0]))
    majority = page.text_content(f"{PANEL} .hdbscope-review-row[data-key$='majority label'] .hdbscope-review-value")
    assert majority.startswith(str(y[c0[2]]))
    say = page.text_content(f"{PANEL} .hdbscope-review-row[data-key='neighbours say'] .hdbscope-review-value")
    assert say.startswith(f"{y[c0[0]]} (")
    chip = page.locator(f"{PANEL} .hdbscope-quick-label").first
    assert chip.get_attribute("data-suggested") == "true" and chip.inner_text().startswith(f"1\n{y[c0[0]]}")
    supporters = page.locator(f"{PANEL} .hdbscope-review-neighbors .hdbscope-card[data-supports='true']")
    assert supporters.count() >= 3
    for k in range(supporters.count()):
        assert w.current_labels[int(supporters.nth(k).get_attribute("data-index"))] == y[c0[0]]
    page.keyboard.press("1")
    wait_edit(page, "relabel:1")
    assert w.current_labels[c0[0]] == y[c0[0]]
    # the fixed item left the queue; the cursor moved on to the next disagreement
    wait_item(page, str(c0[1]))
    assert w.summary["n_label_disagreements"] == 1


DECODED = (
    f"() => {{ const q = document.querySelector('{ROOT}').hdbscope.review.decodedQueue;"
    " return {loaded: q.loaded, items: Array.from({length: q.length},"
    " (_, k) => [q.category(k), Array.from(q.membersOf(k)), q.size(k)])}; }"
)


def test_the_queue_comes_only_while_open_and_decodes_to_review_queue(page):
    X, y = walkthrough_blobs()
    labels = np.array([f"blob {v}" for v in y], dtype=object)
    labels[[3, 40]] = "stray"
    hi = Clusterer(X).duplicate_threshold_range[1]
    w = ClusterExplorer(X, labels=labels, duplicate_threshold=hi)  # near-duplicate groups too
    br = Bridge(page, w)
    want = w.review_queue()
    assert set(want.category) == set(CATEGORIES)  # every category, groups of 2 and more
    d = panel(page)
    assert (d["open"], d["loaded"], d["items"]) == ("false", "false", str(len(want)))  # counted from the summary
    assert page.evaluate(DECODED) == {"loaded": False, "items": []} and w.queue_members == b""
    page.click(f"{PANEL} .hdbscope-review-open")
    page.wait_for_selector(f"{PANEL}[data-loaded='true']")
    assert w.review_open is True
    got = page.evaluate(DECODED)["items"]
    assert got == [[CATEGORIES.index(c), m, len(m)] for c, m in zip(want.category, want.members)]
    # a move while open: the new queue, decoded the same
    w.min_cluster_size = 8
    br.push()
    page.wait_for_selector(f"{ROOT}[data-seq='{w.seq}']")
    want = w.review_queue()
    got = page.evaluate(DECODED)["items"]
    assert got == [[CATEGORIES.index(c), m, len(m)] for c, m in zip(want.category, want.members)]
    # closed: Python stops sending; the header still counts the items
    page.click(f"{PANEL} .hdbscope-review-open")
    page.wait_for_selector(f"{PANEL}[data-loaded='false'][data-open='false']")
    assert w.review_open is False and w.queue_members == b""
    assert panel(page)["items"] == str(len(want))


def test_colour_by_given_and_current_label(page, artifacts):
    X, y = walkthrough_blobs()
    w = ClusterExplorer(X, labels=[f"blob {v}" for v in y])
    br = Bridge(page, w)
    colour = lambda i: page.evaluate(f"(i) => document.querySelector('{ROOT}').hdbscope.colorOf(i)", int(i))
    by_cluster = colour(0)
    page.select_option(".hdbscope-colorby-select", "label")
    page.wait_for_selector(f"{ROOT}[data-color-by='label']")
    assert w.color_by == "label"
    rows = page.locator(".hdbscope-legend-row[data-key^='label-'] .hdbscope-legend-label").all_text_contents()
    assert sorted(rows) == [f"blob {k}" for k in range(5)]
    same = [i for i in range(100) if y[i] == y[0]]
    assert len({colour(i) for i in same}) == 1
    w.relabel([0], "brand new")
    br.push()
    page.select_option(".hdbscope-colorby-select", "current_label")
    page.wait_for_selector(f"{ROOT}[data-color-by='current_label']")
    assert colour(0) != colour(same[1])
    assert "brand new" in page.locator(".hdbscope-legend-label").all_text_contents()
    page.screenshot(path=str(artifacts / "review_colour_by_label.png"))
    w.color_by = "cluster"  # from Python
    br.push()
    page.wait_for_selector(f"{ROOT}[data-color-by='cluster']")
    assert colour(0) == by_cluster and page.input_value(".hdbscope-colorby-select") == "cluster"


def test_user_strings_are_text_not_markup(page, tmp_path, artifacts):
    X, y = walkthrough_blobs()
    labels = [XSS[v % 2] + f" {v}" for v in y]
    path = tmp_path / "<img src=x onerror=alert(2)>.csv"
    w = ClusterExplorer(X, labels=labels, images=np.zeros((100, 4, 4), np.uint8), edits_path=path)
    br = Bridge(page, w)
    page.select_option(".hdbscope-colorby-select", "label")
    page.focus(PANEL)
    page.keyboard.press("n")
    page.wait_for_selector(f"{PANEL}[data-ready='true']")
    page.keyboard.press("l")
    page.keyboard.type(XSS[1] + " typed")
    page.keyboard.press("Enter")
    wait_edit(page, "relabel:1")
    br.push()
    page.click(".hdbscope-reset")  # the panel zoomed in on its item: back to everything
    page.mouse.move(*screen(page, 24))
    page.wait_for_selector(".hdbscope-tooltip[data-ready='true']")
    assert page.evaluate("() => window.__xss") is None
    text = page.locator(ROOT).inner_text()
    for s in XSS:
        assert s in text  # shown literally
    assert (
        XSS[1] + " typed" in page.locator(f"{PANEL} .hdbscope-quick-labels").inner_text() or XSS[1] + " typed" in text
    )
    assert str(path) in page.text_content(f"{PANEL} .hdbscope-review-status")
    # no element came from the strings: every <img> is ours, no <script> in the widget
    srcs = page.evaluate(f"() => [...document.querySelectorAll('{ROOT} img')].map((i) => i.getAttribute('src') || '')")
    assert all(s == "" or s.startswith("blob:") for s in srcs), srcs
    assert page.locator(f"{ROOT} script").count() == 0
    options = page.evaluate(f"() => [...document.querySelectorAll('{PANEL} datalist option')].map((o) => o.value)")
    assert set(options) >= {XSS[0] + " 0", XSS[1] + " 1"}
    page.screenshot(path=str(artifacts / "review_xss.png"))
