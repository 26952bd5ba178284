"""Running a notebook's script in a real kernel (pinned to this interpreter) and reading its
outputs: the helpers test_notebooks.py uses."""

from __future__ import annotations

import base64
import json
import pathlib
import re
import sys

import jupytext
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SOURCES = sorted(NOTEBOOK_DIR.glob("*.py"))  # every notebook, found by name: nothing to register but its CHECKS
PAIRED = "ipynb,py:percent"
CELL_TIMEOUT = 600  # seconds per cell
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory, monkeypatch_module):
    """A 'python3' kernelspec that runs ipykernel in this very interpreter."""
    base = tmp_path_factory.mktemp("jupyter")
    spec_dir = base / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (tests)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    monkeypatch_module.setenv("JUPYTER_PATH", str(base))
    # Plots render to PNG in the kernel with no display.
    monkeypatch_module.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return base


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def execute(path: pathlib.Path) -> nbformat.NotebookNode:
    """Run every cell of a notebook's script in a fresh kernel, from the notebook's own folder."""
    nb = jupytext.read(path)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as err:
        # The kernel's traceback carries terminal colour codes; drop them for the log.
        pytest.fail(f"{path.name} raised in a cell:\n{ANSI.sub('', str(err))}", pytrace=False)
    return nb


def cell(nb: nbformat.NotebookNode, tag: str):
    found = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert len(found) == 1, f"expected one cell tagged {tag!r}, found {len(found)}"
    return found[0]


def stdout(c) -> str:
    return "".join(o.get("text", "") for o in c.outputs if o.output_type == "stream" and o.name == "stdout")


def mimetypes(c) -> set[str]:
    return {m for o in c.outputs if o.output_type in ("display_data", "execute_result") for m in o.data}


def saved_page(nb: nbformat.NotebookNode, name: str) -> dict:
    """The page a notebook ends with (``explorer.save_html`` next to it, git-ignored): checks the cell
    reported the file it wrote and that the page holds every sample; returns the page's saved state."""
    line = stdout(cell(nb, "save-page")).strip()
    m = re.fullmatch(rf"saved {name}\.html: ([\d.]+) MB, ([\d,]+) samples", line)
    assert m, line
    path = NOTEBOOK_DIR / f"{name}.html"
    assert path.is_file(), f"{name} did not write {path.name} next to it"
    assert abs(float(m.group(1)) - path.stat().st_size / 1e6) <= 0.005, (line, path.stat().st_size)
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<script id="hdbscope-state" type="application/json">(.*?)</script>', text, re.DOTALL)
    assert found, f"{path.name} holds no explorer state"
    state = json.loads(found.group(1))
    n = int(m.group(2).replace(",", ""))
    assert state["traits"]["n_samples"] == n and state["fitted"]["scalars"]["n_samples"] == n
    assert len(base64.b64decode(state["buffers"]["positions"])) == 8 * n  # x, y as float32 per sample
    return state


def page_array(state: dict, name: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(state["buffers"][name]), dtype=dtype)
