"""The `fitted` trait (the browser's copy of the fitted state, widget/_kernelless.py)
and the kernel staying true while the browser answers slider moves itself."""

from __future__ import annotations

import asyncio

import numpy as np
from _widget_comm import Recorder, from_browser
from ipywidgets.widgets.widget import _remove_buffers

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.engine._portable import ARRAYS, portable_fit
from hdbscope.widget._kernelless import fitted_trait


def _data():
    rng = np.random.default_rng(7)
    X = np.vstack([rng.normal(size=(120, 2)), rng.normal(size=(90, 2)) + 6, rng.uniform(-4, 10, (20, 2))])
    return np.vstack([X, X[:8]])  # exact copies: weights in the tree


def test_fitted_state_travels_once_as_binary_buffers():
    X = _data()
    w = ClusterExplorer(X)
    state, paths, buffers = _remove_buffers(w.get_state())
    arrays = [p for p in paths if p[0] == "fitted"]
    assert arrays == [["fitted", "arrays", k] for k in range(len(ARRAYS))]  # no JSON lists of numbers
    scalars, want = portable_fit(w.clusterer)
    assert state["fitted"]["scalars"] == scalars
    got = {p[2]: bytes(b) for p, b in zip(paths, buffers) if p[0] == "fitted"}
    assert [got[k] for k in range(len(ARRAYS))] == [want[k].tobytes() for k in ARRAYS]
    # a slider move does not send it again
    rec = Recorder(w)
    w.min_cluster_size = 9
    assert all("fitted" not in m["data"]["state"] for m in rec.updates())


def test_no_fitted_state_above_the_limit():
    c = Clusterer(_data())
    assert fitted_trait(c, limit=100) == {}
    assert set(fitted_trait(c)) == {"scalars", "arrays"}


def test_result_is_evaluate_after_a_burst_of_browser_moves():
    X = _data()
    w = ClusterExplorer(X)
    Recorder(w)
    lo, hi = w.duplicate_threshold_range

    async def burst():
        for k, m in enumerate([3, 17, 5, 40, 8, 12]):
            from_browser(w, {"min_cluster_size": m, "duplicate_threshold": float(lo + (hi - lo) * k / 7)})
            if k % 2:
                await asyncio.sleep(0)  # some moves get their own answer, some pile up
        await asyncio.sleep(0)

    asyncio.run(burst())
    r, want = w.result, Clusterer(X).evaluate(min_cluster_size=12, duplicate_threshold=float(lo + (hi - lo) * 5 / 7))
    assert (w.min_cluster_size, r.min_cluster_size) == (12, 12)
    assert r.duplicate_threshold == want.duplicate_threshold == w.duplicate_threshold
    assert np.array_equal(r.labels, want.labels)
    assert np.array_equal(r.probabilities, want.probabilities)
    assert np.array_equal(r.outlier_scores, want.outlier_scores)
    assert dict(r) == dict(want)
