"""Imported inside the notebook's kernel by bench_widget.py: the data, the
explorer, and timers around the explorer's update path.

The timers wrap methods on the one instance (and the module's encode_result),
so nothing in the package changes; they record, per slider message:
set_state entry -> end of _update (what the kernel spends on a move), and
inside it the engine's evaluate() and the encoding into bytes.
"""

from __future__ import annotations

import json
import time

from benchmarks import _data  # the engine benchmark's data sets (fixed seeds)
from benchmarks._widget_anchor import AnchorWidget  # noqa: F401  (the notebook builds it from here)
from hdbscope import ClusterExplorer
from hdbscope.widget import _explorer
from hdbscope.widget._kernelless import KERNELLESS_MAX_SAMPLES, fitted_trait

LOG: list[dict] = []
INFO: dict = {}
_PARAMS = ("min_cluster_size", "duplicate_threshold", "outlier_threshold")


def data(n: int):
    """2-D gaussian blobs + 2% background noise + planted exact/near duplicates."""
    t = time.perf_counter()
    X = _data.blobs_2d(n, seed=0)
    INFO["data_s"] = time.perf_counter() - t
    return X


def explorer(X, clusterer=None, preview: bool = False) -> ClusterExplorer:
    """The explorer, answering slider moves in the kernel only (preview=False: no fitted state is
    sent, today's path at any N) or previewing them in the browser at any N (preview=True: the
    fitted state is sent whatever KERNELLESS_MAX_SAMPLES says, so the bench sees both paths)."""
    t = time.perf_counter()
    w = ClusterExplorer(X, clusterer=clusterer)
    key = "preview_" if preview else ""
    INFO[key + "construct_s"] = time.perf_counter() - t  # the fit (unless given), the layout, the first result
    c = w._clusterer
    t = time.perf_counter()
    w.fitted = fitted_trait(c, limit=c.n_samples) if preview else {}
    if preview:
        INFO["fitted_s"] = time.perf_counter() - t
        INFO["fitted_bytes"] = sum(len(b) for b in w.fitted.get("arrays", []))
        INFO["kernelless_max_samples"] = KERNELLESS_MAX_SAMPLES
        _instrument(w)
        return w
    INFO.update(
        n=c.n_samples,
        method=c.method,
        default_min_cluster_size=c.default_min_cluster_size,
        default_duplicate_threshold=c.default_duplicate_threshold,
        min_cluster_size=w.min_cluster_size,
        duplicate_threshold=w.duplicate_threshold,
        n_clusters=w.result.n_clusters,
        bytes_positions=len(w.positions),
        bytes_result=len(w.clusters) + len(w.flags) + len(w.links) + len(w.link_kinds),
    )
    _instrument(w)
    return w


def peer(X, width: int, height: int):
    """jupyter-scatter's widget for the same points, at the explorer's canvas size (the model and
    its data reach the page when it is made, as the explorer's do in its construction cell)."""
    import jscatter
    import pandas as pd

    t = time.perf_counter()
    df = pd.DataFrame({"x": X[:, 0], "y": X[:, 1]})
    w = jscatter.Scatter(data=df, x="x", y="y", width=width, height=height).show()
    INFO["peer_construct_s"] = time.perf_counter() - t
    return w


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1e3


def _instrument(w: ClusterExplorer) -> None:
    cur: dict = {}
    clusterer = w._clusterer
    evaluate, set_state, update = clusterer.evaluate, w.set_state, w._update

    def timed_evaluate(*a, **k):
        t = time.perf_counter()
        r = evaluate(*a, **k)
        cur["evaluate_ms"] = cur.get("evaluate_ms", 0.0) + _ms(t)
        return r

    def timed(fn):  # the widget's encoding step: result -> trait values (bytes)
        def wrapper(*a, **k):
            t = time.perf_counter()
            out = fn(*a, **k)
            cur["encode_ms"] = cur.get("encode_ms", 0.0) + _ms(t)
            return out

        return wrapper

    def timed_set_state(sync_data):
        if any(k in sync_data for k in _PARAMS) and "t_recv" not in cur:
            cur["t_recv"] = time.perf_counter()  # first slider message of this update
        return set_state(sync_data)

    def timed_update(*a, **k):
        t = time.perf_counter()
        try:
            return update(*a, **k)
        finally:
            end = time.perf_counter()
            rec = {k: v for k, v in cur.items() if k != "t_recv"}
            rec.update(
                update_ms=(end - t) * 1e3,
                seq=w.seq,
                min_cluster_size=w.min_cluster_size,
                duplicate_threshold=w.duplicate_threshold,
                outlier_threshold=w.outlier_threshold,
            )
            if "t_recv" in cur:
                rec["kernel_ms"] = (end - cur["t_recv"]) * 1e3
            LOG.append(rec)
            cur.clear()

    clusterer.evaluate = timed_evaluate
    # The encoding step has moved between versions of the widget: time whichever exists.
    if callable(getattr(w, "_encode", None)):
        w._encode = timed(w._encode)
        INFO["encode_step"] = "ClusterExplorer._encode"
    elif callable(getattr(_explorer, "encode_result", None)):
        _explorer.encode_result = timed(_explorer.encode_result)
        INFO["encode_step"] = "encode_result"
    else:
        INFO["encode_step"] = None
    w.set_state = timed_set_state
    w._update = timed_update


def dump() -> None:
    """Print the log as one JSON line (read back through the page's kernel connection)."""
    print(json.dumps({"log": LOG, "info": INFO}))
    LOG.clear()
