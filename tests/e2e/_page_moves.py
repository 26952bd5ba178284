"""Keyboard moves of each slider in a page with no kernel (the saved page, a replayed
widget state), each checked against Clusterer.evaluate() for the values the page shows."""

from __future__ import annotations

import pytest
from _checks import assert_no_page_errors, check_matches_engine
from _explorer_page import press_keys, slider_position

ATTRS = {
    "min_cluster_size": "minClusterSize",
    "duplicate_threshold": "duplicateThreshold",
    "outlier_threshold": "outlierThreshold",
}
KEYBOARD_MOVES = [
    ("min_cluster_size", ["ArrowRight"] * 3),
    ("min_cluster_size", ["ArrowLeft"] * 7),
    ("min_cluster_size", ["End"]),
    ("min_cluster_size", ["Home"]),
    ("duplicate_threshold", ["ArrowRight"] * 20),
    ("duplicate_threshold", ["End"]),
    ("duplicate_threshold", ["Home"]),
    ("min_cluster_size", ["ArrowRight"] * 9),
    # last: once moved, the cut stays put (it no longer follows the default rule)
    ("outlier_threshold", ["ArrowLeft"] * 10),
    ("outlier_threshold", ["End"]),
    ("outlier_threshold", ["ArrowLeft"] * 30),
    ("min_cluster_size", ["ArrowLeft"] * 4),
]


def label_disagreements(clusterer, d) -> int:
    r = clusterer.evaluate(
        min_cluster_size=int(d["minClusterSize"]), duplicate_threshold=float(d["duplicateThreshold"])
    )
    return r.label_check.n_disagreements


def check_keyboard_move(ex, clusterer, name: str, keys: list[str], cut_moved: list[str]) -> None:
    """Press ``keys`` on slider ``name``; the page's counts must then be the engine's.
    ``cut_moved``: the cuts the outlier_threshold slider set so far (a module's list, in order)."""
    before = ex.data()
    press_keys(ex, name, keys)
    # the cut drawn must be the slider's (200 steps over [0, 1]) once it has been moved
    cut = slider_position(ex, name)[2] / 200 if name == "outlier_threshold" else None
    d = ex.wait_settled(int(before["seq"]), cut=cut)
    assert d[ATTRS[name]] != before[ATTRS[name]]
    if name == "outlier_threshold":
        assert float(d["outlierThreshold"]) == pytest.approx(cut, abs=1e-12)
        cut_moved.append(d["outlierThreshold"])
    elif cut_moved:
        assert d["outlierThreshold"] == cut_moved[-1]  # a cut set by hand stays put
    check_matches_engine(ex, clusterer)  # counts at the page's min_cluster_size, duplicate_threshold and cut
    assert int(d["nLabelDisagreements"]) == label_disagreements(clusterer, d)
    assert_no_page_errors(ex.page)


def open_page(new_page, path, root: str):
    """The page at ``path`` opened from file://, once its explorer under ``root`` has drawn
    its first result; the Explorer records every URL the page requested (``.requests``)."""
    from _explorer_page import Explorer

    page = new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_function(
        "(sel) => { const r = document.querySelector(sel);"
        " return !!r && Number(r.dataset.renderCount) > 0 && r.dataset.seq === '1'; }",
        arg=root,
        polling=50,
    )
    ex = Explorer(page, root)
    ex.requests = requests  # type: ignore[attr-defined]
    return ex
