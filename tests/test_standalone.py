"""save_html (the page's contents) and load_decisions (the file it downloads), without a browser.
The page itself is driven in tests/e2e/test_standalone_page.py."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from hdbscope import ClusterExplorer


@pytest.fixture(scope="module")
def explorer():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(80, 2)), rng.normal(size=(60, 2)) + 5])
    y = np.array(["a</script><b>"] * 70 + ["b"] * 70, dtype=object)  # a label that tries to close the script
    return ClusterExplorer(X, labels=y)


def _state(text: str) -> dict:
    m = re.search(r'<script id="hdbscope-state" type="application/json">(.*?)</script>', text, re.DOTALL)
    return json.loads(m.group(1))


def test_page_is_one_file_with_no_external_resources(explorer, tmp_path):
    p = explorer.save_html(tmp_path / "page.html")
    text = p.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", text)
    assert text.count("<script") == 2 and text.count("</script>") == 2  # label text cannot end a script
    state = _state(text)
    assert state["traits"]["min_cluster_size"] == explorer.min_cluster_size
    assert "a</script><b>" in state["names"].values()
    assert state["fitted"]["scalars"]["n_samples"] == 140


def test_save_html_refuses_other_paths(explorer, tmp_path):
    with pytest.raises(ValueError, match=r"\.html"):
        explorer.save_html(tmp_path / "page.txt")
    with pytest.raises(TypeError, match="path"):
        explorer.save_html(3)


def _decisions(explorer, edits, **over) -> dict:
    return {
        "format": "hdbscope-decisions",
        "version": 1,
        "n_samples": explorer.n_samples,
        "data_hash": explorer.clusterer.data_fingerprint,
        "edits": edits,
    } | over


def test_load_decisions_replays_edits_as_undoable_edits(tmp_path):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 2))
    ex = ClusterExplorer(X, labels=[1, 2] * 25)
    f = tmp_path / "d.json"
    f.write_text(
        json.dumps(
            _decisions(
                ex,
                [
                    {"action": "relabel", "indices": [0, 1], "label": "2", "category": "outliers"},
                    {"action": "exclude", "indices": [5]},
                ],
            )
        )
    )
    assert ex.load_decisions(f) == 2  # sample 1 already has label 2
    assert ex.current_labels[:2].tolist() == [2, 2]  # "2" typed for integer labels is the integer 2
    assert ex.exclude_mask.nonzero()[0].tolist() == [5]
    assert ex.undo() == 1 and not ex.exclude_mask.any()


@pytest.mark.parametrize(
    "over,match",
    [
        ({"format": "other"}, "not a decisions file"),
        ({"version": 9}, "version"),
        ({"n_samples": 3}, "other data"),
        ({"data_hash": "0" * 16}, "other data"),
        ({"edits": [{"action": "relabel", "indices": [0]}]}, "malformed"),
        ({"edits": [{"action": "keep", "indices": [10_000]}]}, "malformed"),
        ({"edits": [{"action": "delete", "indices": [0]}]}, "malformed"),
    ],
)
def test_load_decisions_refuses_bad_files(explorer, tmp_path, over, match):
    f = tmp_path / "d.json"
    f.write_text(
        json.dumps(_decisions(explorer, [], **over) if "edits" not in over else _decisions(explorer, over["edits"]))
    )
    with pytest.raises(ValueError, match=match):
        explorer.load_decisions(f)
    f.write_text("not json")
    with pytest.raises(ValueError, match="not JSON"):
        explorer.load_decisions(f)


def test_thumbnails_embedded_within_the_budget_only(tmp_path):
    from hdbscope.widget import _standalone

    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 2))
    images = rng.integers(0, 255, size=(40, 8, 8), dtype=np.uint8)
    ex = ClusterExplorer(X, images=images)
    state = _standalone.page_state(ex)
    assert state["traits"]["has_images"] is True and len(state["thumbnails"]) == 40
    assert all(t.startswith("iVBOR") for t in state["thumbnails"])  # PNG signature, base64
    assert _standalone.embedded_thumbnails(ex, budget=1000) is None
    old = _standalone.MAX_THUMBNAIL_BYTES
    try:
        _standalone.MAX_THUMBNAIL_BYTES = 1000
        text = _standalone.page_html(ex)
    finally:
        _standalone.MAX_THUMBNAIL_BYTES = old
    assert "Thumbnails are not embedded" in text and _state(text)["traits"]["has_images"] is False


def test_embed_holds_the_same_page_inline_without_a_warning(explorer, tmp_path):
    import html
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # IPython warns on an HTML output that is a bare <iframe>
        out = explorer.embed(height=500)
    m = re.fullmatch(
        r'<div class="hdbscope-embed"><iframe class="hdbscope-page" [^>]*height:500px[^>]*srcdoc="([^"]*)"></iframe></div>',
        out.data,
        re.DOTALL,
    )
    assert m, out.data[:300]
    page = html.unescape(m.group(1))  # the srcdoc attribute holds the whole page, escaped
    saved = explorer.save_html(tmp_path / "page.html").read_text()
    assert _state(page) == _state(saved)
    assert page.replace("hdbscope explorer", "page") == saved


def _neighbor_table(state: dict) -> np.ndarray:
    import base64
    import zlib

    nb = state["neighbors"]
    planes = np.frombuffer(zlib.decompress(base64.b64decode(nb["deflated"])), dtype=np.uint8).reshape(4, -1)
    return np.ascontiguousarray(planes.T).view("<i4").reshape(-1, nb["k"])  # byte planes -> int32


def test_page_carries_each_samples_nearest_neighbors_as_the_engine_gives_them(tmp_path):
    from hdbscope.widget._review_reply import DEFAULT_K

    rng = np.random.default_rng(2)
    X = np.vstack([rng.normal(size=(70, 3)), rng.normal(size=(50, 3)) + 4])
    X = np.vstack([X, X[:9], X[:3]])  # exact copies: they come first, at distance 0
    ex = ClusterExplorer(X, labels=rng.integers(0, 3, len(X)))
    table = _neighbor_table(_state(ex.save_html(tmp_path / "page.html").read_text()))
    assert table.shape == (len(X), DEFAULT_K)  # as many as the notebook's review panel shows
    for i in range(len(X)):
        assert table[i].tolist() == ex.clusterer.neighbors(i, DEFAULT_K)[0].tolist()
    assert table[0][:2].tolist() == [120, 129]  # sample 0's two copies first


def test_page_pads_with_minus_one_where_the_graph_holds_fewer(tmp_path):
    ex = ClusterExplorer(np.arange(12.0).reshape(6, 2))  # 5 others each
    table = _neighbor_table(_state(ex.save_html(tmp_path / "page.html").read_text()))
    assert table.shape == (6, 6)
    for i in range(6):
        want = ex.clusterer.neighbors(i, 6)[0].tolist()
        assert len(want) < 6 and table[i].tolist() == want + [-1] * (6 - len(want))


def test_fewer_neighbors_past_their_budget_and_the_page_says_so(tmp_path, monkeypatch):
    from hdbscope.widget import _standalone

    rng = np.random.default_rng(4)
    ex = ClusterExplorer(rng.normal(size=(3000, 2)))
    full = _standalone.neighbor_table(ex)
    assert full["k"] == 6
    smaller = _standalone.neighbor_table(ex, budget=len(full["deflated"]) - 1)
    assert smaller["k"] < 6
    assert _standalone.neighbor_table(ex, budget=10) is None
    monkeypatch.setattr(_standalone, "MAX_NEIGHBOR_BYTES", len(full["deflated"]) - 1)
    text = ex.save_html(tmp_path / "page.html").read_text()
    table = _neighbor_table(_state(text))
    assert table.shape == (3000, smaller["k"])
    assert (table == np.stack([ex.clusterer.neighbors(i, smaller["k"])[0] for i in range(3000)])).all()
    assert f"lists up to {smaller['k']} nearest neighbours, not 6" in text
    monkeypatch.setattr(_standalone, "MAX_NEIGHBOR_BYTES", 10)
    text = ex.save_html(tmp_path / "page.html").read_text()
    assert _state(text)["neighbors"] is None and "Nearest neighbours are not saved" in text
