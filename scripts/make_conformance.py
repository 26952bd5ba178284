"""Conformance vectors for the browser's re-extraction (js/extract/).

For a dozen small data sets (blobs, moons, digits, ties, exact and near
duplicates, one cluster, all noise, tiny N) this fits a ``Clusterer``, writes
its portable state (engine/_portable.py) once, and for eighteen
``(min_cluster_size, duplicate_threshold, outlier_threshold)`` triples writes what
``Clusterer.evaluate()`` answers. js/extract/conformance.test.ts replays them;
tests/test_conformance_fixture.py fails when the committed file is stale.

    PYTHONPATH=src python scripts/make_conformance.py   # rewrites js/extract/fixtures/conformance.json
"""

from __future__ import annotations

import base64
import json
import sys
import warnings
from pathlib import Path

import numpy as np

FIXTURE = Path(__file__).resolve().parent.parent / "js" / "extract" / "fixtures" / "conformance.json"
VERSION = 3


def _b64(a: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")


def datasets() -> list[tuple[str, np.ndarray, dict]]:
    """``(name, data, Clusterer keyword arguments)``, small and fixed-seed."""
    from sklearn.datasets import load_digits, make_blobs, make_moons

    rng = np.random.default_rng(14)
    out: list[tuple[str, np.ndarray, dict]] = []
    blobs, _ = make_blobs(
        n_samples=[120, 80, 40, 20],
        centers=[(-5, 0), (4, 3), (0, 6), (6, -5)],
        cluster_std=[1.0, 0.8, 0.5, 0.4],
        random_state=0,
    )
    out.append(("blobs", np.vstack([blobs, rng.uniform(-9, 9, (30, 2))]), {}))
    moons, _ = make_moons(n_samples=240, noise=0.07, random_state=1)
    out.append(("moons", np.vstack([moons, rng.uniform([-1.5, -1], [2.5, 1.5], (12, 2))]), {}))
    out.append(("digits", load_digits().data[:260].astype(np.float64), {}))
    out.append(("digits_cosine", load_digits().data[260:460].astype(np.float64), {"metric": "cosine"}))
    grid = np.stack(np.meshgrid(np.arange(12.0), np.arange(12.0)), axis=-1).reshape(-1, 2)
    out.append(("ties_grid", np.vstack([grid, grid[:20] + 40.0]), {}))
    base = rng.normal(size=(90, 3))
    copies = np.vstack([base, base[:25], base[:10], base[5:8]])  # some rows three and four times
    out.append(("exact_duplicates", copies[rng.permutation(len(copies))], {"min_samples": 4}))
    near = rng.normal(size=(150, 5))
    near = np.vstack([near, near[:40] + rng.normal(scale=1e-3, size=(40, 5)), near[40:50]])
    out.append(("near_duplicates", near, {}))
    heavy = np.repeat(rng.normal(size=(3, 2)) * 4, [40, 15, 5], axis=0)  # points carrying many samples
    out.append(("heavy_copies", np.vstack([heavy, rng.normal(size=(25, 2)) * 3]), {}))
    out.append(("copies_only_two_rows", np.repeat(np.array([[0.0, 0.0], [1.0, 0.0]]), [30, 12], axis=0), {}))
    out.append(("single_cluster", rng.normal(size=(150, 2)), {}))
    out.append(("all_noise", rng.uniform(size=(60, 4)), {"min_samples": 10}))
    out.append(("two_points", np.array([[0.0, 0.0], [1.0, 1.0]]), {"min_samples": 1}))
    out.append(("tiny", rng.normal(size=(7, 2)), {"min_samples": 2}))
    out.append(("one_distinct_row", np.ones((5, 3)), {}))
    wide = rng.normal(size=(160, 40)).astype(np.float32)
    wide[80:] += 3.0
    out.append(("wide_float32", wide, {"min_samples": 6}))
    return out


def parameters(c, n_cases: int) -> list[tuple[int, float, float | None]]:
    """``n_cases`` triples spread over the sliders' ranges (log-spaced sizes, thresholds
    from below the exact cut to the range's top, outlier cuts over [0, 1] or None for
    the default rule), defaults first."""
    n = c.n_samples
    sizes = np.unique(np.geomspace(2, max(2, n), num=12).round().astype(int))
    lo, hi = c.duplicate_threshold_range
    spread = list(np.geomspace(lo, hi, 6)) if lo > 0 else []
    # geomspace's ends may round past the range: keep what evaluate() accepts
    thresholds = [t for t in [c.default_duplicate_threshold, lo, hi, 0.0, *spread] if t <= hi]
    cuts = [None, None, 0.0, 0.25, 0.5, 0.9, 1.0]
    out = [(c.default_min_cluster_size, c.default_duplicate_threshold, None)]
    k = 0
    while len(out) < n_cases:
        out.append(
            (int(sizes[k % len(sizes)]), float(thresholds[(k * 7) % len(thresholds)]), cuts[(k * 3) % len(cuts)])
        )
        k += 1
    return out


def expected(c, m: int, t: float, cut: float | None) -> dict:
    r = c.evaluate(min_cluster_size=m, duplicate_threshold=t, outlier_threshold=cut)
    return {
        "min_cluster_size": m,
        "duplicate_threshold": t,
        "outlier_threshold": cut,  # None: the default rule
        "outlier_threshold_used": r.outlier_threshold,
        "n_clusters": r.n_clusters,
        "labels": _b64(r.labels, "<i4"),
        "probabilities": _b64(r.probabilities, "<f8"),
        "outlier_scores": _b64(r.outlier_scores, "<f8"),
        "findings": {k: r[k] for k in r},
        "duplicate_links": _b64(r.duplicate_links, "<i4"),
        "near_duplicate_links": _b64(r.near_duplicate_links, "<i4"),
        "color_slots": _b64(r.color_slots, "<i4"),
    }


def build_fixture(cases_per_dataset: int = 18) -> dict:
    from hdbscope import Clusterer
    from hdbscope.engine._portable import ARRAYS, portable_fit

    sets, cases = [], []
    for name, X, kwargs in datasets():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # min_samples clamped on the tiny sets
            c = Clusterer(X, **kwargs)
        scalars, arrays = portable_fit(c)
        sets.append({"name": name, "scalars": scalars, "arrays": {k: _b64(arrays[k], ARRAYS[k]) for k in ARRAYS}})
        for m, t, cut in parameters(c, cases_per_dataset):
            cases.append({"dataset": len(sets) - 1, **expected(c, m, t, cut)})
    return {"version": VERSION, "datasets": sets, "cases": cases}


def dumps(fixture: dict) -> str:
    return json.dumps(fixture, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> int:
    text = dumps(build_fixture())
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(text)
    n = len(json.loads(text)["cases"])
    print(f"wrote {FIXTURE} ({len(text) / 1e6:.2f} MB, {n} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
