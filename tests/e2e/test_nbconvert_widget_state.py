"""An nbconvert HTML export of a notebook saved with widget state (no explorer.embed()):
ipywidgets' HTML manager replays the saved state, anywidget runs the explorer's
bundle, and with no kernel behind it the explorer re-clusters in the page
(js/kernelless/replay.ts). Opened from file:// with no Jupyter, every count shown
after each keyboard move of each slider is Clusterer.evaluate()'s for the values
the page reports.

The export loads require.js, the HTML manager and anywidget from CDNs; the tests
have no network, so they point nbconvert at the npm copies (devDependencies:
requirejs, @jupyter-widgets/html-manager, anywidget; `npm ci`) and anywidget's
module at a folder laid out like the CDN (the HTML manager's
data-jupyter-widgets-cdn). A classic <script> loads from file:// in Chromium, and
require.js loads AMD modules with such scripts, so no server is needed.
"""

from __future__ import annotations

import json
import pathlib
import shutil

import pytest
from _checks import assert_no_page_errors, check_matches_engine
from _page_moves import KEYBOARD_MOVES, check_keyboard_move, label_disagreements, open_page

pytestmark = pytest.mark.e2e

NODE_MODULES = pathlib.Path(__file__).resolve().parents[2] / "node_modules"
ROOT = ".jp-OutputArea-output .hdbscope-explorer"
CUT_MOVED: list[str] = []  # the cuts set by the outlier_threshold slider, in order
# Run in the notebook's kernel and here (the expected numbers): blobs with background noise, exact
# copies and near copies, string labels.
DATA = """
import numpy as np
from sklearn.datasets import make_blobs
rng = np.random.default_rng(5)
X, y = make_blobs(n_samples=[300, 200, 120, 60], centers=[(-5, 0), (4, 3), (0, 6), (6, -5)],
                  cluster_std=[1.0, 0.8, 0.5, 0.4], random_state=0)
X = np.vstack([X, rng.uniform(-9, 9, (40, 2)), X[:12], X[20:30] + 1e-3])
y = np.array([f"class-{v}" for v in np.concatenate([y, rng.integers(0, 4, 40), y[:12], y[20:30]])], dtype=object)
"""
CELLS = [
    DATA,
    "from hdbscope import ClusterExplorer\nexplorer = ClusterExplorer(X, labels=y, min_cluster_size=15)\nexplorer",
]
# The page's own MathJax (nbconvert's template, from cdnjs) is not the explorer's: it may fail here.
MATHJAX = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/"


def _npm(*parts: str) -> pathlib.Path:
    path = NODE_MODULES.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci` (package.json's devDependencies carry it)")
    return path


def _local_cdn(folder: pathlib.Path, state: dict) -> str:
    """anywidget's module where the HTML manager looks for it on the CDN (<cdn>anywidget@<range>/dist/index.js,
    the range the saved state names); returns the CDN's base URL."""
    import anywidget

    npm = json.loads(_npm("anywidget", "package.json").read_text(encoding="utf-8"))["version"]
    # the CDN would serve the newest anywidget in the range (~major.minor.*): the npm copy must be in it
    assert npm.split(".")[:2] == anywidget.__version__.split(".")[:2], (
        f"npm anywidget {npm} does not match Python's anywidget {anywidget.__version__}: update package.json"
    )
    (version,) = {m["model_module_version"] for m in state["state"].values() if m["model_module"] == "anywidget"}
    dist = folder / f"anywidget@{version}" / "dist"
    dist.mkdir(parents=True)
    shutil.copyfile(_npm("anywidget", "dist", "index.js"), dist / "index.js")
    return folder.as_uri() + "/"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    import jinja2
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True).execute()
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    folder = tmp_path_factory.mktemp("export")
    cdn = _local_cdn(folder / "cdn", state)
    # nbconvert's lab template, its require.js <script> also naming the CDN the HTML manager loads anywidget from
    template = (
        "{%- extends 'lab/index.html.j2' -%}\n{%- block html_head_js_requirejs -%}\n"
        f'<script src="{{{{ resources.require_js_url }}}}" data-jupyter-widgets-cdn="{cdn}"></script>\n'
        "{%- endblock html_head_js_requirejs -%}\n"
    )
    exporter = HTMLExporter(
        extra_loaders=[jinja2.DictLoader({"local_cdn.html.j2": template})],
        template_file="local_cdn.html.j2",
        require_js_url=_npm("requirejs", "require.js").as_uri(),
        widget_renderer_url=_npm("@jupyter-widgets", "html-manager", "dist", "embed-amd.js").as_uri(),
    )
    body, _ = exporter.from_notebook_node(nb)
    assert f'data-jupyter-widgets-cdn="{cdn}"' in body and "<iframe" not in body  # the widget, not embed()
    path = folder / "notebook.html"
    path.write_text(body, encoding="utf-8")
    ns: dict = {}
    exec(DATA, ns)
    from hdbscope import Clusterer

    return path, Clusterer(ns["X"], labels=ns["y"])


@pytest.fixture(scope="module")
def page_ex(new_page, exported):
    return open_page(new_page, exported[0], ROOT)


def test_the_replayed_explorer_opens_on_the_saved_parameters_with_no_kernel(page_ex, exported):
    _, c = exported
    ex = page_ex
    assert ex.page.locator(ROOT).count() == 1
    # ipywidgets marks the view as having no kernel behind it; that is what the explorer goes by
    assert (
        ex.page.evaluate("(s) => document.querySelector(s).parentElement.className", ROOT)
        .split()
        .count("jupyter-widgets-disconnected")
        == 1
    )
    mcs, _dt, want = check_matches_engine(ex, c)
    assert mcs == 15 and want["n_duplicate_groups"] > 0 and want["n_outliers"] > 0
    assert int(ex.data()["nLabelDisagreements"]) == label_disagreements(c, ex.data())
    # everything the explorer needed came from disk (the local require.js, HTML manager and anywidget) or
    # from the page itself (blob:, anywidget importing the explorer's bundle, the saved _esm trait)
    fetched = [u for u in ex.requests if not u.startswith(MATHJAX)]
    assert all(u.startswith(("file://", "blob:")) for u in fetched), fetched
    assert any("/cdn/anywidget@" in u for u in fetched), fetched
    assert_no_page_errors(ex.page)


@pytest.mark.parametrize("name,keys", KEYBOARD_MOVES)
def test_each_slider_moved_by_keyboard_recounts_with_no_kernel(page_ex, exported, name, keys):
    check_keyboard_move(page_ex, exported[1], name, keys, CUT_MOVED)
