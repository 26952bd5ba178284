"""Worker jobs for bench_engine's "scale" section (wide float32 data), run by _worker in a
fresh process each: a fit's time cold and warm with its peak memory above the data, and
the labels of the fast (faiss) path against the exact method's."""

from __future__ import annotations

import time

import numpy as np

from benchmarks import _data


def ours_wide_fit(job):
    """Cold fit (clock started before the import) then a warm one, with peak RSS above the
    data (RSS after the data is made, before the import: the import itself counts)."""
    from benchmarks._worker import _current_mib, _peak_mib, _reset_peak

    X = _data.make(job["dataset"], job["n"], **job.get("data_kw", {}))
    base = _current_mib()
    reset = _reset_peak()
    t0 = time.perf_counter()
    import hdbscope

    t1 = time.perf_counter()
    c = hdbscope.Clusterer(X, progress=False)
    t2 = time.perf_counter()
    c.evaluate()
    cold = time.perf_counter() - t0
    peak = _peak_mib()
    out = {
        "n": job["n"],
        "d": int(X.shape[1]),
        "dtype": str(X.dtype),
        "data_mib": X.nbytes / 2**20,
        "cold_s": cold,
        "cold_import_s": t1 - t0,
        "cold_fit_s": t2 - t1,
        "peak_above_data_mib": peak - base,
        "peak_reset": reset,
        "method": c.method,
    }
    if job.get("warm", True):
        del c
        s = time.perf_counter()
        hdbscope.Clusterer(X, progress=False).evaluate()
        out["warm_s"] = time.perf_counter() - s
    return out


def _digits():
    from sklearn.datasets import load_digits

    return load_digits().data.astype(np.float32)


QUALITY_SETS = {
    "embedding_like 10k x 512": lambda: _data.embedding_like(10_000, dim=512, seed=11),
    "embedding_like 10k x 256, 24-d": lambda: _data.embedding_like(10_000, dim=256, seed=12, intrinsic_dim=24),
    "labelled_embeddings 10k x 384": lambda: _data.labelled_embeddings(10_000, dim=384, seed=13)[0],
    "sklearn digits 1,797 x 64": _digits,
}


def wide_quality(job):
    """ARI and noise agreement of the fast path (faiss neighbours, Boruvka tree) against
    the exact method (brute-force neighbours, Prim's tree) on the same data."""
    from sklearn.metrics import adjusted_rand_score

    from hdbscope import Clusterer
    from hdbscope.engine import _neighbors, _spanning_tree

    out = {}
    for name, make in QUALITY_SETS.items():
        X = make()
        _neighbors.EXACT_BUDGET, _spanning_tree.PRIM_BUDGET = 1e15, 1e15
        exact = Clusterer(X, progress=False)
        _neighbors.EXACT_BUDGET, _spanning_tree.PRIM_BUDGET = 0.0, 0.0
        fast = Clusterer(X, progress=False)
        rec = {"exact_method": exact.method, "fast_method": fast.method}
        for mcs in (None, 20):
            kw = {} if mcs is None else {"min_cluster_size": mcs}
            a, b = exact.evaluate(**kw).labels, fast.evaluate(**kw).labels
            rec[f"mcs={mcs or 'default'}"] = {
                "ari": float(adjusted_rand_score(a, b)),
                "noise_agreement": float(np.mean((a < 0) == (b < 0))),
                "clusters_exact": int(a.max() + 1),
                "clusters_fast": int(b.max() + 1),
            }
        out[name] = rec
    return out
