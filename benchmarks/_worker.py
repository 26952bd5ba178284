"""One measurement in a fresh process: `python _worker.py '<json job>'` prints one JSON line.

Fresh processes keep cold-start costs (imports, numba cache loading) and peak RSS honest:
ru_maxrss only ever grows, so every memory figure needs a process of its own.
Runs under the project venv and under the separate daml venv, so it needs only numpy
(+ scikit-learn for the walk-through data) besides the library it measures.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from benchmarks import _data  # numpy only


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as f:
        kib = next(int(ln.split()[1]) for ln in f if ln.startswith(field + ":"))
    return kib / 1024.0


def _peak_mib() -> float:
    # VmHWM is the kernel counter ru_maxrss reports; read both, keep the larger (Linux: KiB).
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, _status_mib("VmHWM"))


def _current_mib() -> float:
    # Current (not peak) RSS, read the same way as VmHWM so peak - baseline is consistent.
    return _status_mib("VmRSS")


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0), so warm-ups don't hide the peak.

    Without it ru_maxrss keeps the warm-up's peak, and a call that needs less than the
    warm-up did would show as 0. Returns False where the reset is not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _data_of(job: dict):
    return _data.make(job["dataset"], job["n"], **job.get("data_kw", {}))


def _median(xs):
    xs = sorted(xs)
    if not xs:
        return None
    k = len(xs) // 2
    return xs[k] if len(xs) % 2 else 0.5 * (xs[k - 1] + xs[k])


def _series(job, load, fit):
    """Time fits of several data sets in ONE fresh process.

    Item 0 is cold: the clock starts before `load()` imports the library, so it counts the
    import and any JIT compile / numba cache loading, as a user's first call does. It is then
    repeated warm. Later items get a 2,000-row warm-up of the same kind first (a new kind of
    data can take other compiled code paths), then are timed warm.
    """
    out = []
    for i, item in enumerate(job["items"]):
        X = _data.make(item["dataset"], item["n"], **item.get("data_kw", {}))
        rec = {"dataset": item["dataset"], "n": item["n"], "d": int(X.shape[1])}
        if i == 0:
            t0, c0 = time.perf_counter(), time.process_time()
            lib = load()
            t1 = time.perf_counter()
            parts = fit(lib, X)
            rec.update(
                import_s=t1 - t0,
                cold_total_s=time.perf_counter() - t0,
                cold_cpu_s=time.process_time() - c0,
                cold_parts=parts,
            )
        else:
            fit(lib, _data.make(item["dataset"], 2000, **item.get("data_kw", {})))
        warm = []
        for _ in range(item.get("warm_repeats", 1)):
            s, c0 = time.perf_counter(), time.process_time()
            parts = fit(lib, X)
            warm.append((time.perf_counter() - s, parts, time.process_time() - c0))
        best = min(warm, key=lambda w: w[0])
        rec.update(warm_total_s=best[0], warm_parts=best[1], warm_cpu_s=best[2])
        out.append(rec)
    return {"items": out}


def ours_series(job):
    """hdbscope: Clusterer(X).evaluate() -- the fit plus the first full result."""

    def load():
        import hdbscope

        return hdbscope

    def fit(lib, X):
        s0 = time.perf_counter()
        c = lib.Clusterer(X)
        s1 = time.perf_counter()
        c.evaluate()
        return {"fit_s": s1 - s0, "eval_s": time.perf_counter() - s1, "method": c.method}

    return _series(job, load, fit)


def fast_hdbscan_series(job):
    """fast_hdbscan.HDBSCAN(min_cluster_size=m, min_samples=5).fit(X); numba compiles on
    first use, so item 0's cold figure includes the compile."""

    def load():
        import fast_hdbscan

        return fast_hdbscan

    def fit(lib, X):
        lib.HDBSCAN(min_cluster_size=job["min_cluster_size"], min_samples=5).fit(X)
        return {}

    return _series(job, load, fit)


def _lists(r):
    """The walk-through's dict view: the four index lists (built lazily by the result)."""
    return [r[k] for k in ("outliers", "potential_outliers", "duplicates", "near_duplicates")]


def ours_memory_reextract(job):
    """Warm (JIT already loaded) fit + evaluate with its peak RSS, then fresh re-extractions."""
    import numpy as np

    from hdbscope import Clusterer

    warm = Clusterer(_data.make(job["dataset"], 2000, **job.get("data_kw", {})))
    warm.evaluate()
    warm.evaluate(min_cluster_size=7)
    lo, hi = warm.duplicate_threshold_range
    warm.evaluate(duplicate_threshold=0.5 * (lo + hi))
    del warm
    X = _data_of(job)
    reset = _reset_peak()
    base = _current_mib()
    t0, c0 = time.perf_counter(), time.process_time()
    c = Clusterer(X)
    t1 = time.perf_counter()
    r = c.evaluate()
    t2, c2 = time.perf_counter(), time.process_time()
    peak = _peak_mib()  # read before the re-extractions grow the memo cache
    out = {
        "fit_s": t1 - t0,
        "eval_s": t2 - t1,
        "total_s": t2 - t0,
        "total_cpu_s": c2 - c0,
        "baseline_mib": base,
        "peak_mib": peak,
        "delta_mib": peak - base,
        "peak_reset": reset,
        "method": getattr(c, "method", None),
        "default_min_cluster_size": c.default_min_cluster_size,
        "n_clusters": r.n_clusters,
        "n_outliers": len(r["outliers"]),
        "n_duplicate_groups": len(r["duplicates"]),
        "n_near_duplicate_groups": len(r["near_duplicates"]),
    }
    ms = [m for m in job.get("ms", []) if m != c.default_min_cluster_size]
    times_m, lists_m = [], []
    for m in ms:
        s = time.perf_counter()
        r = c.evaluate(min_cluster_size=m)
        s1 = time.perf_counter()
        _lists(r)
        times_m.append(s1 - s)
        lists_m.append(time.perf_counter() - s1)
    out.update(
        ms=ms, times_m_s=times_m, median_m_s=_median(times_m), lists_m_s=lists_m, median_m_lists_s=_median(lists_m)
    )
    n_t = job.get("n_thresholds", 0)
    if n_t:
        lo, hi = c.duplicate_threshold_range
        d = c.default_duplicate_threshold
        # Fresh thresholds spread over the slider range, never the default (already cached).
        ts = [float(t) for t in np.linspace(lo, hi, n_t + 2)[1:-1] if not np.isclose(t, d)]
        times_t, lists_t = [], []
        for t in ts:
            s = time.perf_counter()
            r = c.evaluate(duplicate_threshold=t)
            s1 = time.perf_counter()
            _lists(r)
            times_t.append(s1 - s)
            lists_t.append(time.perf_counter() - s1)
        out.update(
            ts=ts,
            times_t_s=times_t,
            median_t_s=_median(times_t),
            lists_t_s=lists_t,
            median_t_lists_s=_median(lists_t),
            duplicate_threshold_range=[float(lo), float(hi)],
        )
    return out


def hdbscan_fit_reextract(job):
    """hdbscan.HDBSCAN fit (warm, peak RSS) and its own re-extraction from the cached tree."""
    import hdbscan
    import numpy as np
    from hdbscan._hdbscan_tree import outlier_scores
    from hdbscan.hdbscan_ import _tree_to_labels

    m0 = job["min_cluster_size"]
    hdbscan.HDBSCAN(min_cluster_size=5, min_samples=5).fit(_data.make(job["dataset"], 1000, **job.get("data_kw", {})))
    X = _data_of(job)
    reset = _reset_peak()
    base = _current_mib()
    t0, c0 = time.perf_counter(), time.process_time()
    model = hdbscan.HDBSCAN(min_cluster_size=m0, min_samples=5).fit(X)
    t1, c1 = time.perf_counter(), time.process_time()
    peak = _peak_mib()
    _ = model.outlier_scores_  # lazy in hdbscan: GLOSH is computed on first access
    t2 = time.perf_counter()
    out = {
        "fit_s": t1 - t0,
        "fit_cpu_s": c1 - c0,
        "outlier_scores_s": t2 - t1,
        "baseline_mib": base,
        "peak_mib": peak,
        "delta_mib": peak - base,
        "peak_reset": reset,
        "n_clusters": int(model.labels_.max() + 1),
    }
    ms = job.get("ms", [])
    if ms:
        # The same tree _hdbscan_boruvka_kdtree(X, 5) builds: fit took that path ('best',
        # euclidean, <= 60 features) with min_samples=5. Re-extraction = condense + EOM
        # (labels, probabilities) + GLOSH outlier scores, as hdbscan does for a new m.
        slt = model._single_linkage_tree
        Xf = np.asarray(X, dtype=np.float64)
        times = []
        for m in ms:
            s = time.perf_counter()
            labels, probs, _stab, condensed, _slt = _tree_to_labels(Xf, slt, m)
            outlier_scores(condensed)
            times.append(time.perf_counter() - s)
        out.update(ms=ms, times_m_s=times, median_m_s=_median(times))
    return out


def daml_fit(job):
    """daml 0.56.0's Clusterer(X).evaluate(): time and peak RSS (it holds N x N matrices)."""
    try:
        from daml._internal.detectors.clustering import Clusterer  # the walk-through's path
    except ImportError:
        from daml._internal.detectors.clusterer import Clusterer  # where 0.56.0 ships it
    import daml

    X = _data_of(job)
    reset = _reset_peak()
    base = _current_mib()
    t0, c0 = time.perf_counter(), time.process_time()
    r = Clusterer(X).evaluate()
    t1, c1 = time.perf_counter(), time.process_time()
    peak = _peak_mib()
    return {
        "total_s": t1 - t0,
        "total_cpu_s": c1 - c0,
        "baseline_mib": base,
        "peak_mib": peak,
        "delta_mib": peak - base,
        "peak_reset": reset,
        "daml_version": daml.__version__,
        "counts": {k: len(v) for k, v in r.items()},
    }


def _scale_jobs():
    from benchmarks._scale_jobs import ours_wide_fit, wide_quality

    return ours_wide_fit, wide_quality


JOBS = {
    f.__name__: f
    for f in (ours_series, ours_memory_reextract, hdbscan_fit_reextract, fast_hdbscan_series, daml_fit, *_scale_jobs())
}

if __name__ == "__main__":
    job = json.loads(sys.argv[1])
    result = JOBS[job["kind"]](job)
    print("RESULT " + json.dumps(result))
