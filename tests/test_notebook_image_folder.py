"""notebooks/image_folder.py (a jupytext percent script) converted and executed in a real kernel,
in a temporary folder; its own asserts check the findings, the relabels, the one-per-group
decisions and the manifest; here the outputs that matter are checked too."""
from __future__ import annotations

import json
import pathlib
import sys

import pytest

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = pathlib.Path(__file__).resolve().parent.parent / "notebooks" / "image_folder.py"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture()
def kernel_env(tmp_path, monkeypatch):
    """A 'python3' kernelspec that runs ipykernel in this very interpreter."""
    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (tests)", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", ":".join(p for p in sys.path if p))
    return tmp_path


def _text(cell) -> str:
    out = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            out.append(o["text"])
        elif "data" in o and "text/plain" in o["data"]:
            out.append(o["data"]["text/plain"])
    return "".join(out)


@pytest.mark.slow
def test_image_folder_tutorial_runs(kernel_env):
    nb = jupytext.read(NOTEBOOK)
    work = kernel_env / "run"
    work.mkdir()
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(work)}})
    client.execute()  # raises CellExecutionError if any cell (or one of its asserts) fails
    code = [c for c in nb.cells if c.cell_type == "code"]
    texts = [_text(c) for c in code]
    assert any(WIDGET_MIME in o.get("data", {}) for c in code for o in c.get("outputs", [])), "no explorer shown"
    assert any("wrote 1797 samples to manifest.csv; excluded 64 (40 near duplicates, 20 duplicates, 4 outliers)"
               in t for t in texts)
    assert any("of the 15 planted wrong labels are among them" in t for t in texts)
    manifest = (work / "manifest.csv").read_text().splitlines()
    assert manifest[0].startswith("file,sample,image_path,label") and len(manifest) == 1 + 1797
    assert not any("copy_of_" in line or "foreign_" in line for line in manifest)
