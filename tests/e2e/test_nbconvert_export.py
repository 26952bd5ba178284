"""An nbconvert HTML export of an executed notebook keeps a working explorer:
the cell showing explorer.embed() (the saved page in an iframe) opens from
file:// with no Jupyter, its sliders moved by keyboard give the counts
Clusterer.evaluate() gives, and decisions made in it download to a file that
load_decisions imports back."""

from __future__ import annotations

import pytest
from _checks import assert_no_page_errors, expected_summary
from _explorer_page import SUMMARY_LABELS, wait_settled_in

pytestmark = pytest.mark.e2e

ROOT = "#hdbscope-root .hdbscope-explorer"
PANEL = f"{ROOT} .hdbscope-review"
CELLS = [
    (
        "from hdbscope import ClusterExplorer\n"
        "from hdbscope.datasets import walkthrough_blobs\n"
        "X, y = walkthrough_blobs()\n"
        "explorer = ClusterExplorer(X, labels=y)"
    ),
    "explorer.embed()",
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    body, _ = HTMLExporter().from_notebook_node(nb)
    path = tmp_path_factory.mktemp("export") / "notebook.html"
    path.write_text(body, encoding="utf-8")
    return path


def _data(frame) -> dict:
    return frame.evaluate("(sel) => ({ ...document.querySelector(sel).dataset })", ROOT)


def test_exported_notebook_reclusters_without_a_kernel(new_page, exported, walkthrough_clusterer):
    c = walkthrough_clusterer
    page = new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(exported.resolve().as_uri())
    frame = page.locator("iframe.hdbscope-page").element_handle().content_frame()
    frame.wait_for_function("(sel) => document.querySelector(sel)?.dataset.seq === '1'", arg=ROOT, polling=50)
    seqs = set()
    for name, keys in [
        ("min-cluster-size", ["ArrowRight"] * 3),
        ("duplicate-threshold", ["ArrowRight"] * 15),
        ("min-cluster-size", ["Home"]),
        ("outlier-threshold", ["ArrowLeft"] * 20),
        ("min-cluster-size", ["ArrowRight"] * 2),
    ]:
        before = _data(frame)
        frame.locator(f"{ROOT} .hdbscope-slider-{name} input").focus()
        for k in keys:
            page.keyboard.press(k)
        position = frame.evaluate(
            "(s) => Number(document.querySelector(s).value)", f"{ROOT} .hdbscope-slider-{name} input"
        )
        # the slider's cut, 200 steps over [0, 1], once it has been moved
        moved_cut = position / 200 if name == "outlier-threshold" else None
        wait_settled_in(frame, ROOT, int(before["seq"]), cut=moved_cut)
        d = _data(frame)
        mcs, dt, cut = int(d["minClusterSize"]), float(d["duplicateThreshold"]), float(d["outlierThreshold"])
        if moved_cut is not None:
            assert cut == pytest.approx(moved_cut, abs=1e-12) and cut != float(before["outlierThreshold"])
        got = {k: int(d["n" + "".join(p.capitalize() for p in k.split("_"))[1:]]) for k in SUMMARY_LABELS}
        assert got == expected_summary(c, mcs, dt, cut), (name, mcs, dt, cut)
        seqs.add((mcs, dt, cut))
    assert len(seqs) == 5
    # the explorer in the export asked no server for anything (the export's own page may try CDNs)
    assert not [u for u in requests if "127.0.0.1" in u or "localhost" in u], requests
    assert_no_page_errors(page)


def test_decisions_made_in_the_export_import_back(new_page, exported, tmp_path):
    from hdbscope import ClusterExplorer
    from hdbscope.datasets import walkthrough_blobs

    X, y = walkthrough_blobs()
    fresh = ClusterExplorer(X, labels=y)
    fresh.review_open = True  # Python's queue for the same parameters: the page lists the same items
    first = fresh.review_queue()["members"].tolist()[0]
    page = new_page()
    page.goto(exported.resolve().as_uri())
    frame = page.locator("iframe.hdbscope-page").element_handle().content_frame()
    frame.wait_for_function("(sel) => document.querySelector(sel)?.dataset.seq === '1'", arg=ROOT, polling=50)
    frame.locator(f"{PANEL} .hdbscope-review-next").click()
    frame.wait_for_selector(f"{PANEL}[data-item='{','.join(map(str, first))}'][data-ready='true']")
    page.keyboard.press("x")  # exclude it
    frame.wait_for_function(
        "([s, last]) => { const p = document.querySelector(s); return p.dataset.lastEdit === last"
        " && p.dataset.editsPending === '0'; }",
        arg=[PANEL, f"exclude:{len(first)}"],
        polling=50,
    )
    with page.expect_download() as dl:
        frame.locator("#hdbscope-root .hdbscope-download-decisions").click()
    file = tmp_path / "decisions.json"
    dl.value.save_as(file)
    assert fresh.load_decisions(file) == len(first)
    assert fresh.exclude_mask.nonzero()[0].tolist() == sorted(first)
    assert_no_page_errors(page)
