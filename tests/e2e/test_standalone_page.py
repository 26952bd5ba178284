"""explorer.save_html(): the saved page, opened from file:// in Chromium with no
Jupyter server and no kernel, re-clusters in the page. Every count it shows
after each keyboard move of each slider is checked against
Clusterer.evaluate() run here for the values the page reports."""
from __future__ import annotations

import pytest

from _checks import assert_no_page_errors, check_matches_engine
from _explorer_page import Explorer, press_keys

pytestmark = pytest.mark.e2e

ROOT = "#hdbscope-root .hdbscope-explorer"


def _data():
    """Blobs with background noise, exact copies and near copies; string labels."""
    import numpy as np
    from sklearn.datasets import make_blobs

    rng = np.random.default_rng(5)
    X, y = make_blobs(n_samples=[300, 200, 120, 60], centers=[(-5, 0), (4, 3), (0, 6), (6, -5)],
                      cluster_std=[1.0, 0.8, 0.5, 0.4], random_state=0)
    X = np.vstack([X, rng.uniform(-9, 9, (40, 2)), X[:12], X[20:30] + 1e-3])
    y = np.concatenate([y, rng.integers(0, 4, 40), y[:12], y[20:30]])
    return X, np.array([f"class-{v}" for v in y], dtype=object)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    from hdbscope import ClusterExplorer, Clusterer

    X, y = _data()
    explorer = ClusterExplorer(X, labels=y, min_cluster_size=15)
    path = explorer.save_html(tmp_path_factory.mktemp("page") / "explorer.html")
    return path, Clusterer(X, labels=y)


@pytest.fixture(scope="module")
def page_ex(new_page, saved):
    path, _ = saved
    page = new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("(sel) => { const r = document.querySelector(sel);"
                           " return !!r && Number(r.dataset.renderCount) > 0 && r.dataset.seq === '1'; }",
                           arg=ROOT, polling=50)
    ex = Explorer(page, ROOT)
    ex.requests = requests  # type: ignore[attr-defined]
    return ex


def _label_disagreements(clusterer, d) -> int:
    r = clusterer.evaluate(min_cluster_size=int(d["minClusterSize"]), duplicate_threshold=float(d["duplicateThreshold"]))
    return r.label_check.n_disagreements


def test_opens_on_the_saved_parameters_with_the_engine_findings(page_ex, saved):
    _, c = saved
    mcs, dt, want = check_matches_engine(page_ex, c)
    assert mcs == 15
    assert want["n_duplicate_groups"] > 0 and want["n_outliers"] > 0
    assert int(page_ex.data()["nLabelDisagreements"]) == _label_disagreements(c, page_ex.data())
    assert all(u.startswith("file://") for u in page_ex.requests), page_ex.requests  # nothing fetched
    assert_no_page_errors(page_ex.page)


@pytest.mark.parametrize("name,keys", [
    ("min_cluster_size", ["ArrowRight"] * 3),
    ("min_cluster_size", ["ArrowLeft"] * 7),
    ("min_cluster_size", ["End"]),
    ("min_cluster_size", ["Home"]),
    ("duplicate_threshold", ["ArrowRight"] * 20),
    ("duplicate_threshold", ["End"]),
    ("duplicate_threshold", ["Home"]),
    ("min_cluster_size", ["ArrowRight"] * 9),
])
def test_each_slider_moved_by_keyboard_recounts_in_the_page(page_ex, saved, name, keys):
    _, c = saved
    before = page_ex.data()
    press_keys(page_ex, name, keys)
    d = page_ex.wait_settled(int(before["seq"]))
    assert d[{"min_cluster_size": "minClusterSize", "duplicate_threshold": "duplicateThreshold"}[name]] != \
        before[{"min_cluster_size": "minClusterSize", "duplicate_threshold": "duplicateThreshold"}[name]]
    check_matches_engine(page_ex, c)
    assert int(d["nLabelDisagreements"]) == _label_disagreements(c, d)
    assert_no_page_errors(page_ex.page)


def test_hover_shows_the_label_from_the_page(page_ex, saved):
    ex = page_ex
    ex.scroll_plot_into_view()
    points, _ = ex.screen_points()
    i = 0
    x, y = points[i]
    ex.page.mouse.move(x, y)
    ex.page.wait_for_function("(sel) => document.querySelector(sel).dataset.hoverIndex !== undefined"
                              " && document.querySelector(sel).dataset.hoverIndex !== '-1'", arg=ROOT)
    j = int(ex.data()["hoverIndex"])
    _, y_labels = _data()
    tip = ex.page.locator(f"{ROOT} .hdbscope-tooltip")
    tip.wait_for(state="visible")
    ex.page.wait_for_function("([sel, t]) => document.querySelector(sel + ' .hdbscope-tooltip').innerText.includes(t)",
                              arg=[ROOT, str(y_labels[j])])
