"""An nbconvert HTML export of an executed notebook keeps a working explorer:
the cell showing explorer.embed() (the saved page in an iframe) opens from
file:// with no Jupyter, and its sliders moved by keyboard give the counts
Clusterer.evaluate() gives."""

from __future__ import annotations

import pytest
from _checks import assert_no_page_errors, expected_summary
from _explorer_page import SUMMARY_LABELS

pytestmark = pytest.mark.e2e

ROOT = "#hdbscope-root .hdbscope-explorer"
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
    page.goto(exported.resolve().as_uri())
    frame = page.locator("iframe.hdbscope-page").element_handle().content_frame()
    frame.wait_for_function("(sel) => document.querySelector(sel)?.dataset.seq === '1'", arg=ROOT, polling=50)
    seqs = set()
    for name, keys in [
        ("min-cluster-size", ["ArrowRight"] * 3),
        ("duplicate-threshold", ["ArrowRight"] * 15),
        ("min-cluster-size", ["Home"]),
    ]:
        before = _data(frame)
        frame.locator(f"{ROOT} .hdbscope-slider-{name} input").focus()
        for k in keys:
            page.keyboard.press(k)
        frame.wait_for_function(
            "([sel, s]) => Number(document.querySelector(sel).dataset.seq) > s",
            arg=[ROOT, int(before["seq"])],
            polling=50,
        )
        d = _data(frame)
        mcs, dt = int(d["minClusterSize"]), float(d["duplicateThreshold"])
        got = {k: int(d["n" + "".join(p.capitalize() for p in k.split("_"))[1:]]) for k in SUMMARY_LABELS}
        assert got == expected_summary(c, mcs, dt), (name, mcs, dt)
        seqs.add((mcs, dt))
    assert len(seqs) == 3
    assert_no_page_errors(page)
