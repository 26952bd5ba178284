"""explorer.save_html(): the saved page, opened from file:// in Chromium with no
Jupyter server and no kernel, re-clusters in the page. Every count it shows
after each keyboard move of each slider is checked against
Clusterer.evaluate() run here for the values the page reports."""

from __future__ import annotations

import pytest
from _checks import assert_no_page_errors, check_matches_engine
from _explorer_page import Explorer, press_keys
from _page_moves import KEYBOARD_MOVES, check_keyboard_move, label_disagreements, open_page

pytestmark = pytest.mark.e2e

ROOT = "#hdbscope-root .hdbscope-explorer"
CUT_MOVED: list[str] = []  # the cuts set by the outlier_threshold slider, in order


def _data():
    """Blobs with background noise, exact copies and near copies; string labels."""
    import numpy as np
    from sklearn.datasets import make_blobs

    rng = np.random.default_rng(5)
    X, y = make_blobs(
        n_samples=[300, 200, 120, 60],
        centers=[(-5, 0), (4, 3), (0, 6), (6, -5)],
        cluster_std=[1.0, 0.8, 0.5, 0.4],
        random_state=0,
    )
    X = np.vstack([X, rng.uniform(-9, 9, (40, 2)), X[:12], X[20:30] + 1e-3])
    y = np.concatenate([y, rng.integers(0, 4, 40), y[:12], y[20:30]])
    return X, np.array([f"class-{v}" for v in y], dtype=object)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    from hdbscope import Clusterer, ClusterExplorer

    X, y = _data()
    explorer = ClusterExplorer(X, labels=y, min_cluster_size=15)
    path = explorer.save_html(tmp_path_factory.mktemp("page") / "explorer.html")
    return path, Clusterer(X, labels=y)


@pytest.fixture(scope="module")
def page_ex(new_page, saved):
    return open_page(new_page, saved[0], ROOT)


def test_opens_on_the_saved_parameters_with_the_engine_findings(page_ex, saved):
    _, c = saved
    mcs, _dt, want = check_matches_engine(page_ex, c)
    assert mcs == 15
    assert want["n_duplicate_groups"] > 0 and want["n_outliers"] > 0
    assert int(page_ex.data()["nLabelDisagreements"]) == label_disagreements(c, page_ex.data())
    assert all(u.startswith("file://") for u in page_ex.requests), page_ex.requests  # nothing fetched
    assert_no_page_errors(page_ex.page)


@pytest.mark.parametrize("name,keys", KEYBOARD_MOVES)
def test_each_slider_moved_by_keyboard_recounts_in_the_page(page_ex, saved, name, keys):
    check_keyboard_move(page_ex, saved[1], name, keys, CUT_MOVED)


# Each sample's colour slot (its cluster's slot, -1 for noise) as the page's model holds it: the
# colour the scatter draws, independent of how the page numbered its clusters.
SAMPLE_SLOTS = """() => {
  const m = window.hdbscope.model;
  const i32 = (b) => ArrayBuffer.isView(b) ? new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4) : new Int32Array(b);
  const clusters = i32(m.get("clusters")), slots = i32(m.get("color_slots"));
  return Array.from(clusters, (c) => (c < 0 ? -1 : slots[c]));
}"""


def test_cluster_colours_in_the_page_follow_the_colour_rule(page_ex, saved):
    import numpy as np

    _, c = saved
    for keys in ([], ["ArrowRight"] * 5, ["Home"]):
        before = page_ex.data()
        if keys:
            press_keys(page_ex, "min_cluster_size", keys)
            page_ex.wait_settled(int(before["seq"]))
        d = page_ex.data()
        r = c.evaluate(min_cluster_size=int(d["minClusterSize"]), duplicate_threshold=float(d["duplicateThreshold"]))
        labels = np.asarray(r.labels)
        want = np.where(labels < 0, -1, np.asarray(r.color_slots)[np.maximum(labels, 0)])
        got = np.asarray(page_ex.page.evaluate(SAMPLE_SLOTS))
        assert r.n_clusters > 1
        assert (got == want).all(), (d["minClusterSize"], int((got != want).sum()))


def test_hover_shows_the_label_from_the_page(page_ex, saved):
    ex = page_ex
    ex.scroll_plot_into_view()
    points, _ = ex.screen_points()
    i = 0
    x, y = points[i]
    ex.page.mouse.move(x, y)
    ex.page.wait_for_function(
        "(sel) => document.querySelector(sel).dataset.hoverIndex !== undefined"
        " && document.querySelector(sel).dataset.hoverIndex !== '-1'",
        arg=ROOT,
    )
    j = int(ex.data()["hoverIndex"])
    _, y_labels = _data()
    tip = ex.page.locator(f"{ROOT} .hdbscope-tooltip")
    tip.wait_for(state="visible")
    ex.page.wait_for_function(
        "([sel, t]) => document.querySelector(sel + ' .hdbscope-tooltip').innerText.includes(t)",
        arg=[ROOT, str(y_labels[j])],
    )


# ---------------------------------------------------------------- review in the page, decisions back in Python
PANEL = f"{ROOT} .hdbscope-review"


def _wait_item(page, members: str) -> None:
    page.wait_for_selector(f"{PANEL}[data-item='{members}'][data-ready='true']")


def _wait_edit(page, last: str) -> None:
    page.wait_for_function(
        "([s, last]) => { const p = document.querySelector(s); return p.dataset.lastEdit === last"
        " && p.dataset.editsPending === '0'; }",
        arg=[PANEL, last],
        polling=50,
    )
    page.evaluate("(s) => { delete document.querySelector(s).dataset.lastEdit; }", PANEL)


def test_review_queue_in_the_page_and_decisions_downloaded_import_back(new_page, saved, tmp_path):
    from hdbscope import ClusterExplorer

    path, _ = saved
    X, y = _data()
    ref = ClusterExplorer(X, labels=y, min_cluster_size=15)
    ref.review_open = True  # Python's queue for the same parameters: the page must list the same items
    items = ref.review_queue()["members"].tolist()
    page = new_page()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("(sel) => document.querySelector(sel)?.dataset.seq === '1'", arg=ROOT, polling=50)
    page.locator(f"{PANEL} .hdbscope-review-next").click()
    _wait_item(page, ",".join(map(str, items[0])))
    got = page.evaluate("() => Array.from(new Int32Array(window.hdbscope.model.get('queue_members').buffer))")
    assert got == [i for item in items for i in item]

    page.keyboard.press("x")  # exclude the first outlier
    _wait_edit(page, f"exclude:{len(items[0])}")
    page.keyboard.press("n")
    _wait_item(page, ",".join(map(str, items[1])))
    page.keyboard.press("l")
    page.keyboard.type("typed in the page")
    page.keyboard.press("Enter")
    _wait_edit(page, f"relabel:{len(items[1])}")
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    _wait_item(page, ",".join(map(str, items[2])))
    page.keyboard.press("k")
    _wait_edit(page, f"keep:{len(items[2])}")
    page.keyboard.press("u")  # undone in the page: not in the file
    _wait_edit(page, f"undo:{len(items[2])}")
    state = page.evaluate("() => window.hdbscope.model.get('edit_state')")
    assert (state["n_excluded"], state["n_relabelled"], state["n_kept"]) == (len(items[0]), len(items[1]), 0)
    assert int(page.get_attribute(f"{ROOT}", "data-n-label-disagreements") or -1) >= 0

    with page.expect_download() as dl:
        page.locator("#hdbscope-root .hdbscope-download-decisions").click()
    file = tmp_path / "decisions.json"
    dl.value.save_as(file)

    fresh = ClusterExplorer(X, labels=y, min_cluster_size=15)
    assert fresh.load_decisions(file) == len(items[0]) + len(items[1])
    assert fresh.exclude_mask.nonzero()[0].tolist() == sorted(items[0])
    assert [fresh.current_labels[i] for i in items[1]] == ["typed in the page"] * len(items[1])
    assert fresh.edit_state["n_kept"] == 0 and fresh.edit_state["n_edits"] == len(items[0]) + len(items[1])
    # the page keeps the kernel's label check as saved (the neighbour vote is not ported): samples
    # relabelled in the page count as checked, the others keep their saved flags
    saved_flags = ref.label_check.is_disagreement.copy()
    saved_flags[items[1]] = False
    assert int(page.get_attribute(ROOT, "data-n-label-disagreements")) == int(saved_flags.sum())
    # back in Python the engine checks the imported labels itself
    assert fresh.label_check.n_disagreements == fresh.result.check_labels(fresh.current_labels).n_disagreements
    assert_no_page_errors(page)


NEIGHBOR_CARDS = f"{PANEL} .hdbscope-review-neighbors .hdbscope-card"
READ_NEIGHBORS = """(sel) => Array.from(document.querySelectorAll(sel),
  (c) => [Number(c.dataset.index), c.querySelector('.hdbscope-card-label').textContent])"""


def test_review_in_the_page_lists_the_nearest_neighbors_saved_from_python(new_page, saved):
    from hdbscope import ClusterExplorer
    from hdbscope.widget._review_reply import DEFAULT_K, review_reply

    path, c = saved
    X, y = _data()
    ref = ClusterExplorer(X, labels=y, min_cluster_size=15)
    ref.review_open = True
    items = [[int(i) for i in m] for m in ref.review_queue()["members"]]
    page = new_page()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("(sel) => document.querySelector(sel)?.dataset.seq === '1'", arg=ROOT, polling=50)
    page.locator(f"{PANEL} .hdbscope-review-next").click()
    _wait_item(page, str(items[0][0]))
    # one sample: the kernel's reply exactly (the same samples, closest first, the same label text)
    kernel = review_reply(ref, {"type": "review", "id": 1, "members": items[0], "k": DEFAULT_K})[0]["neighbors"]
    assert len(kernel) == DEFAULT_K
    assert page.evaluate(READ_NEIGHBORS, NEIGHBOR_CARDS) == [[n["index"], n["current_label"]] for n in kernel]
    # a group: its first member's saved neighbours less the group (the kernel, asking for more, lists these first)
    group = next(m for m in items if len(m) > 1)
    page.evaluate("(i) => window.hdbscope.view.review.showSample(i)", group[0])
    _wait_item(page, ",".join(map(str, group)))
    got = [i for i, _ in page.evaluate(READ_NEIGHBORS, NEIGHBOR_CARDS)]
    assert got and got == [int(j) for j in c.neighbors(group[0], DEFAULT_K)[0] if j not in group]
    kernel = review_reply(ref, {"type": "review", "id": 2, "members": group, "k": DEFAULT_K})[0]["neighbors"]
    assert got == [n["index"] for n in kernel][: len(got)]
    assert page.locator(f"{PANEL} [data-key='note']").count() == 0  # no "need the kernel" note
    assert_no_page_errors(page)


def test_embedded_thumbnail_shows_on_hover(new_page, tmp_path):
    import numpy as np

    from hdbscope import ClusterExplorer

    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(size=(60, 2)), rng.normal(size=(60, 2)) + 6])
    images = np.zeros((120, 8, 8), dtype=np.uint8)
    images[:, 2:6, 2:6] = 255
    path = ClusterExplorer(X, images=images).save_html(tmp_path / "images.html")
    page = new_page()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("(sel) => document.querySelector(sel)?.dataset.seq === '1'", arg=ROOT, polling=50)
    ex = Explorer(page, ROOT)
    ex.scroll_plot_into_view()
    points, _ = ex.screen_points()
    page.mouse.move(*points[5])
    page.wait_for_function(
        "(sel) => { const i = document.querySelector(sel + ' img.hdbscope-thumb');"
        " return !!i && !i.hidden && i.complete && i.naturalWidth === 8; }",
        arg=ROOT,
    )
    # the review panel's neighbour cards carry the embedded thumbnails too
    page.locator(f"{PANEL} .hdbscope-review-next").click()
    page.wait_for_selector(f"{PANEL}[data-ready='true']")
    page.wait_for_function(
        "(sel) => { const im = Array.from(document.querySelectorAll(sel + ' img.hdbscope-card-img'));"
        " return im.length === 6 && im.every((i) => i.complete && i.naturalWidth === 8); }",
        arg=f"{PANEL} .hdbscope-review-neighbors",
    )
    assert_no_page_errors(page)
