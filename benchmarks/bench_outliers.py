"""Potential-outlier rules compared at 10k, 100k and 1M (issue 11, point 1).

For each generator and size: fit once (with planted far outliers added), take
the default ``min_cluster_size``'s labels, probabilities and GLOSH scores, and
apply every candidate rule. Printed per rule: the share of samples flagged
(planted ones left out), the recall of planted far outliers in outliers or
potential outliers, and the walk-through's count; then the criteria.

    python -m benchmarks.bench_outliers                 # 10k and 100k (a few minutes)
    flock /tmp/hdbscope-heavy.lock python -m benchmarks.bench_outliers --sizes 10000 100000 1000000

Fitted arrays are cached in $HDBSCOPE_BENCH_CACHE (default /tmp/hdbscope-bench-outliers),
so rules can be re-compared without refitting. embedding_like is drawn at
dim=8 (intrinsic 6) at every size: at dim=16 the 100k fit alone took 174 s here (k-d tree), 1M would take most of an hour.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks._data import blobs_2d, embedding_like
from hdbscope import Clusterer
from hdbscope.engine._outliers import RULES, rule_threshold

HERE = Path(__file__).resolve().parent

CACHE = Path(os.environ.get("HDBSCOPE_BENCH_CACHE", "/tmp/hdbscope-bench-outliers"))
GENERATORS = {
    "blobs_2d": lambda n: blobs_2d(n, seed=1),
    "embedding_like": lambda n: embedding_like(n, dim=8, intrinsic_dim=6, seed=1),
}


def plant_far(X: np.ndarray, seed: int = 7, count: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Add ``count`` points well outside every cluster: uniform in the data's bounding box
    grown to 1.6x its half-widths, kept only outside the box grown to 1.2x (so at least
    10% of the data's extent from any row). A fixed count at every size, so they cannot
    gather into a cluster of their own."""
    rng = np.random.default_rng(seed)
    n, d = X.shape
    lo, hi = X.min(axis=0), X.max(axis=0)
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    far = []
    while sum(len(f) for f in far) < count:
        u = rng.uniform(-1.6, 1.6, size=(100 * count, d))
        far.append(u[np.abs(u).max(axis=1) > 1.2])
    far = (mid + np.concatenate(far)[:count] * half).astype(X.dtype)
    planted = np.zeros(n + count, dtype=bool)
    planted[n:] = True
    return np.vstack([X, far]), planted


def fitted(name: str, n: int) -> dict:
    path = CACHE / f"{name}-{n}.npz"
    if path.exists():
        return dict(np.load(path))
    X, planted = plant_far(GENERATORS[name](n))
    t0 = time.perf_counter()
    c = Clusterer(X)
    r = c.evaluate()
    fit_s = time.perf_counter() - t0
    out = dict(
        labels=r.labels,
        probabilities=r.probabilities,
        scores=r.outlier_scores,
        planted=planted,
        min_cluster_size=r.min_cluster_size,
        fit_s=fit_s,
        timing=_cut_timing(c),
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, **out)
    return out


def _cut_timing(c: Clusterer) -> float:
    """Median seconds of evaluate() for a new outlier_threshold at the default min_cluster_size."""
    c.evaluate()
    times = []
    for cut in np.linspace(0.3, 0.9, 11):
        t0 = time.perf_counter()
        c.evaluate(outlier_threshold=float(cut))
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def walkthrough() -> dict:
    from hdbscope.datasets import walkthrough_blobs

    r = Clusterer(walkthrough_blobs()[0]).evaluate()
    return dict(
        labels=r.labels, probabilities=r.probabilities, scores=r.outlier_scores, planted=np.zeros(len(r.labels), bool)
    )


def flagged(rule: str, f: dict) -> np.ndarray:
    noise = f["labels"] < 0
    if rule.startswith("prob<"):  # not a score cut: shown for comparison only
        return ~noise & (f["probabilities"] < float(rule[5:]))
    return ~noise & (f["scores"] >= rule_threshold(rule, f["scores"], noise))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--generators", nargs="+", default=list(GENERATORS), choices=list(GENERATORS))
    ap.add_argument("--json", default=None, help="write the table here (default benchmarks/results/outliers.json)")
    args = ap.parse_args()
    rules = list(RULES) + ["prob<0.1"]
    gens = args.generators
    data = {(g, n): fitted(g, n) for g in gens for n in args.sizes}
    walk = walkthrough()
    rows = []
    for rule in rules:
        row = {"rule": rule, "walkthrough": int(flagged(rule, walk).sum())}
        for (g, n), f in data.items():
            pot = flagged(rule, f)
            keep = ~f["planted"]
            row[f"{g}/{n}/share"] = float(pot[keep].mean())
            found = (f["labels"] < 0) | pot
            row[f"{g}/{n}/recall"] = float(found[f["planted"]].mean())
        shares = {g: [row[f"{g}/{n}/share"] for n in args.sizes] for g in gens}
        row["stable"] = all(max(s) <= 1.5 * max(min(s), 1e-12) for s in shares.values())
        row["le_3pct"] = all(max(s) <= 0.03 for s in shares.values())
        row["recall_ok"] = all(row[f"{g}/{n}/recall"] >= 0.95 for g in gens for n in args.sizes)
        row["walk_ok"] = 1 <= row["walkthrough"] <= 10
        rows.append(row)
    _print(rows, args.sizes, data, gens)
    out = Path(args.json) if args.json else HERE / "results" / "outliers.json"
    out.write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "command": "python -m benchmarks.bench_outliers " + " ".join(sys.argv[1:]),
                "sizes": args.sizes,
                "rows": rows,
                "fits": {
                    f"{g}/{n}": {
                        "fit_s": float(f["fit_s"]),
                        "min_cluster_size": int(f["min_cluster_size"]),
                        "new_outlier_threshold_ms": 1e3 * float(f["timing"]),
                        "n_planted": int(f["planted"].sum()),
                    }
                    for (g, n), f in data.items()
                },
            },
            indent=1,
        )
    )
    print(f"\nwritten {out}")


def _print(rows, sizes, data, gens) -> None:
    cols = [(g, n) for g in gens for n in sizes]
    head = (
        "| rule | walk-through | "
        + " | ".join(f"{g} {n:,}: share / recall" for g, n in cols)
        + " | share stable (x1.5) | share <= 3% | recall >= 0.95 | walk-through 1-10 |"
    )
    print(head)
    print("|" + " --- |" * (head.count("|") - 1))
    yes = {True: "yes", False: "no"}
    for r in rows:
        cells = [f"{100 * r[f'{g}/{n}/share']:.2f}% / {r[f'{g}/{n}/recall']:.2f}" for g, n in cols]
        print(
            f"| `{r['rule']}` | {r['walkthrough']} | "
            + " | ".join(cells)
            + f" | {yes[r['stable']]} | {yes[r['le_3pct']]} | {yes[r['recall_ok']]} | {yes[r['walk_ok']]} |"
        )
    print(
        "\nfits: "
        + "; ".join(
            f"{g} {n:,}: min_cluster_size {int(f['min_cluster_size'])}, "
            f"{int(f['planted'].sum())} planted, fit {float(f['fit_s']):.1f} s, "
            f"new outlier_threshold {1e3 * float(f['timing']):.2f} ms"
            for (g, n), f in data.items()
        )
    )


if __name__ == "__main__":
    main()
