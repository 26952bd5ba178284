"""Run every notebook in notebooks/ in a real kernel and check its key outputs.

A notebook's text is its jupytext percent script, notebooks/<name>.py; `make notebooks` (part of
`make setup`) writes notebooks/<name>.ipynb from it, paired, so JupyterLab saves edits to both.
The tests run the scripts themselves and check that each generated notebook is in sync with its script.

The kernel is this interpreter (the venv the tests run in), pinned through a
kernelspec in a temp JUPYTER_PATH so a user-level "python3" kernelspec cannot
point somewhere else. No browser: widget front ends are not rendered here,
only their Python side (the widget-view output) is checked."""

from __future__ import annotations

import ast
import re

import jupytext
import nbformat
import pytest
from _notebook_kernel import (
    NOTEBOOK_DIR,
    PAIRED,
    ROOT,
    SOURCES,
    cell,
    execute,
    kernel_path,  # noqa: F401 (fixture)
    mimetypes,
    monkeypatch_module,  # noqa: F401 (fixture)
    page_array,
    saved_page,
    stdout,
)

from hdbscope import Clusterer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.review._edits import EXCLUDE  # a sample's decision in the page's "decisions" buffer

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

CATEGORIES = ["outliers", "potential_outliers", "duplicates", "near_duplicates"]


# ------------------------------------------------------------ key outputs per notebook
def check_walkthrough(nb):
    loop = stdout(cell(nb, "findings-loop")).splitlines()
    # The loop prints a "\t<category> - <count>" line, then the finding itself.
    assert len(loop) == 8, loop
    headers, findings = loop[0::2], loop[1::2]
    assert [h.split(" - ")[0] for h in headers] == ["\t" + c for c in CATEGORIES], headers
    for header, line in zip(headers, findings):
        value = ast.literal_eval(line)
        assert isinstance(value, list), line
        assert int(header.split(" - ")[1]) == len(value), (header, line)
    assert findings[CATEGORIES.index("duplicates")] == "[[24, 79], [58, 63]]"

    # The cells that check the definitions on the data ran and agree.
    assert "outliers are exactly the samples labelled -1: True" in stdout(cell(nb, "check-outliers"))
    dup_text = stdout(cell(nb, "check-duplicates"))
    assert "duplicates [24, 79]" in dup_text and "duplicates [58, 63]" in dup_text

    data_text = stdout(cell(nb, "data"))
    assert "X: (100, 2) float64" in data_text
    assert "row 79 is bit-identical to row 24: True" in data_text

    for tag in ("blobs-plot", "findings-plot"):
        assert "image/png" in mimetypes(cell(nb, tag)), tag
    for tag in ("frame", "sweep-min-cluster-size", "sweep-duplicate-threshold", "sweep-outlier-threshold"):
        assert "text/html" in mimetypes(cell(nb, tag)), tag  # a rendered DataFrame
    frame_html = "".join(o.data.get("text/html", "") for o in cell(nb, "frame").outputs if "data" in o)
    for column in (
        "cluster",
        "probability",
        "outlier_score",
        "is_outlier",
        "is_potential_outlier",
        "duplicate_group",
        "near_duplicate_group",
    ):
        assert column in frame_html, column
    assert stdout(cell(nb, "summary")).strip(), "summary() printed nothing"

    # The explorer cell shows a live widget.
    explorer = cell(nb, "explorer")
    assert WIDGET_MIME in mimetypes(explorer), explorer.outputs
    model_ids = [o.data[WIDGET_MIME]["model_id"] for o in explorer.outputs if WIDGET_MIME in o.get("data", {})]
    assert all(model_ids), model_ids

    # It ends with a saved page of the same data, labels and findings.
    page = saved_page(nb, "walkthrough")
    X, y = walkthrough_blobs()
    c = Clusterer(X)
    assert page["data_hash"] == c.data_fingerprint
    assert sorted(page["names"].values()) == sorted(str(v) for v in set(y.tolist()))
    want = c.evaluate(page["traits"]["min_cluster_size"], page["traits"]["duplicate_threshold"])
    assert page["traits"]["summary"]["n_clusters"] == want.n_clusters
    assert page["traits"]["summary"]["n_outliers"] == len(want["outliers"])


def check_large_data(nb):
    assert "X: (150000, 2) float64" in stdout(cell(nb, "data"))
    fit = stdout(cell(nb, "fit"))
    assert re.search(r"fitted 150,000 samples x 2 features in [\d.]+ s", fit), fit
    assert re.search(r"clusters:\s+\d+", fit), fit  # the summary printed after the fit
    assert re.search(r"median: [\d.]+ ms per new min_cluster_size", stdout(cell(nb, "evaluate-timing")))
    sweep = stdout(cell(nb, "sweep"))
    assert re.search(r"\d+ values of min_cluster_size from 2 to 75,000 in [\d.]+ s", sweep), sweep
    for tag in ("evaluate-timing", "sweep"):
        assert "text/html" in mimetypes(cell(nb, tag)), tag
    assert "image/png" in mimetypes(cell(nb, "sweep-plot"))
    assert WIDGET_MIME in mimetypes(cell(nb, "dashboard"))
    # the charts followed a value set from Python, in the same cell
    follow = stdout(cell(nb, "follow"))
    assert re.search(r"sweep chart: +min_cluster_size 400: \d+ clusters", follow), follow
    m = re.search(r"selected ([\d,]+) samples: the largest cluster has ([\d,]+)", follow)
    assert m and m.group(1) == m.group(2), follow
    # potential outliers: the default cut flags about 2% of the clustered samples; a click on the chart moves it
    cut = stdout(cell(nb, "outlier-cut"))
    m = re.search(r"default outlier_threshold [\d.]+: ([\d,]+) potential outliers of ([\d,]+) clustered", cut)
    assert m, cut
    n_potential, n_clustered = (int(g.replace(",", "")) for g in m.groups())
    assert 0.015 * n_clustered <= n_potential <= 0.025 * n_clustered, cut
    assert "explorer.outlier_threshold: 0.9\n" in cut, cut
    m = re.search(r"scores chart: +outlier_threshold 0.9: ([\d,]+) potential outliers?", cut)
    assert m and int(m.group(1).replace(",", "")) < n_potential, cut
    page = saved_page(nb, "large_data")
    assert page["traits"]["min_cluster_size"] == 400  # the value set from Python above
    assert page["traits"]["outlier_threshold"] == 0.9  # the value the chart click set
    assert (NOTEBOOK_DIR / "large_data.html").stat().st_size <= 10e6  # the page budget at this size


def check_relabel_digits(nb):
    data = stdout(cell(nb, "data"))
    assert "X: (1800, 64) | images: (1800, 8, 8)" in data
    assert "planted copies: [[3, 1797], [500, 1798], [1200, 1799]]" in data
    assert "label disagreements:" in stdout(cell(nb, "summary"))
    planted = dict(line.rsplit(": ", 1) for line in stdout(cell(nb, "planted")).splitlines())
    assert planted["planted copies found as duplicates"] == "3 of 3"
    flagged, wrong = map(int, planted["planted wrong labels flagged as label disagreements"].split(" of "))
    assert wrong == 91 and flagged >= 85  # issue 15: the neighbours' check finds nearly all, outliers included
    assert int(planted["of them on outliers"]) >= 20
    assert int(planted["of them with the right label suggested"]) >= flagged - 3
    first = dict(line.rsplit(": ", 1) for line in stdout(cell(nb, "first-100")).splitlines()[:2])
    in_first, of = map(int, first["planted wrong labels in the first 100 label issues"].split(" of "))
    assert of == wrong and in_first >= 85
    assert WIDGET_MIME in mimetypes(cell(nb, "explorer"))
    assert "duplicates   [500, 1798]" in stdout(cell(nb, "queue"))
    assert stdout(cell(nb, "exclude-copies")).strip() == "excluded: [1797, 1798, 1799]"
    assert "image/png" in mimetypes(cell(nb, "review-figure"))
    relabel = stdout(cell(nb, "relabel"))
    left = int(relabel.splitlines()[0].rsplit(": ", 1)[1])
    relabels_html = "".join(o.data.get("text/html", "") for o in cell(nb, "relabels").outputs if "data" in o)
    for column in ("old_label", "new_label", "action", "category", "time"):
        assert column in relabels_html, column
    export = dict(line.split(": ", 1) for line in stdout(cell(nb, "export")).splitlines())
    assert export["clean data"] == "(1797, 64), labels int64"
    assert export["excluded"] == f"3, relabelled: {flagged}"
    assert export["planted wrong labels fixed"] == f"{flagged} of {wrong}"
    assert left <= int(planted["label disagreements we did not plant"]) + 5  # mostly the kept ones
    reload = stdout(cell(nb, "reload"))
    assert "same edits after reloading: True" in reload and "same labels after reloading: True" in reload
    assert "other data refused: '<edits_path>' holds edits made on different data" in reload
    assert stdout(cell(nb, "edits-file")).startswith("# hdbscope-edits v1")
    # the saved page carries the edits made in the notebook, and a thumbnail per image
    page = saved_page(nb, "relabel_digits")
    assert (page_array(page, "decisions", "u1") == EXCLUDE).sum() == 3
    relabelled = page_array(page, "current_codes", "<i4") != page_array(page, "label_codes", "<i4")
    assert relabelled.sum() == flagged
    assert len(page["thumbnails"]) == 1800 and all(page["thumbnails"])


def check_image_folder(nb):
    # the notebook asserts the findings, relabels, decisions and manifest itself; here what it shows
    assert WIDGET_MIME in mimetypes(cell(nb, "explorer"))
    assert "of the 15 planted wrong labels are among them" in stdout(cell(nb, "relabel"))
    export = stdout(cell(nb, "export"))
    assert re.search(
        r"wrote 1797 samples to \S*manifest\.csv; excluded 64 \(40 near duplicates, 20 duplicates, "
        r"4 outliers\)",
        export,
    ), export
    page = saved_page(nb, "image_folder")
    assert (page_array(page, "decisions", "u1") == EXCLUDE).sum() == 64  # the copies and the foreign images
    assert page["thumbnails"] and all(page["thumbnails"])  # every image's thumbnail, embedded


CHECKS = {
    "walkthrough": check_walkthrough,
    "relabel_digits": check_relabel_digits,
    "large_data": check_large_data,
    "image_folder": check_image_folder,
}


def cells_of(nb: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    """What pairing keeps in step: each cell's kind, text and tags (not ids, outputs or counts)."""
    return [(c.cell_type, c.source, list(c.metadata.get("tags", []))) for c in nb.cells]


# ------------------------------------------------------------ tests
def test_notebooks_exist():
    assert SOURCES, f"no notebooks (percent scripts *.py) in {NOTEBOOK_DIR}"
    assert "walkthrough" in {p.stem for p in SOURCES}


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_notebook_has_output_checks(path):
    # Each notebook must say what it is expected to show, not only that it runs.
    assert path.stem in CHECKS, f"add a key-output check for {path.name} to CHECKS"


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_notebook_is_a_paired_percent_script(path):
    text = path.read_text(encoding="utf-8")
    assert "\n# %%" in text, f"{path.name} has no `# %%` cells: not a jupytext percent script"
    nb = jupytext.reads(text, fmt="py:percent")
    nbformat.validate(nb)
    assert nb.metadata.get("jupytext", {}).get("formats") == PAIRED, (
        f"{path.name}: its header must pair it with the notebook (jupytext formats: {PAIRED}); "
        f"run `jupytext --set-formats {PAIRED} {path.relative_to(ROOT)}`"
    )
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_notebook_in_sync_with_its_script(path):
    notebook = path.with_suffix(".ipynb")
    assert notebook.is_file(), f"notebooks/{notebook.name} is missing: run `make notebooks`"
    saved = nbformat.read(notebook, as_version=4)
    assert cells_of(saved) == cells_of(jupytext.read(path)), (
        f"notebooks/{notebook.name} differs from {path.name}: edit one in JupyterLab with jupytext (it saves both), "
        "or run `make notebooks` to rewrite the notebook from the script"
    )


@pytest.mark.slow
@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_notebook_runs(path, kernel_path):
    path.with_suffix(".html").unlink(missing_ok=True)  # the page it ends with must be written by this run
    nb = execute(path)
    for c in nb.cells:
        if c.cell_type == "code":
            errors = [o for o in c.outputs if o.output_type == "error"]
            assert not errors, f"{path.name} cell {c.id}: {errors[0].ename}: {errors[0].evalue}"
    CHECKS[path.stem](nb)
