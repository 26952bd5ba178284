"""Duplicates by chance (issue 11, point 4): on continuous random data with no copies,
how many samples the default thresholds put in near-duplicate groups, and how many
exact-duplicate groups appear. Target: <= 0.1% and none.

    python -m benchmarks.bench_duplicates                       # 10k and 100k
    flock /tmp/hdbscope-heavy.lock python -m benchmarks.bench_duplicates --sizes 10000 100000 1000000

Data: 20 gaussian blobs of unequal spread (1 to 5) in d dimensions plus 2% uniform
background, float64, no copies. Rows are merged into results/duplicates.json by (d, n),
so sizes can be run one at a time; `--table` prints every kept row (the README's table).
Also shown: the old fixed defaults (0.13 and 1e-3 x the median NN distance) on the same fit.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from hdbscope import Clusterer
from hdbscope.engine._chance import nn_dimension

HERE = Path(__file__).resolve().parent


def random_blobs(n: int, d: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-100, 100, size=(20, d))
    spreads = rng.uniform(1.0, 5.0, size=20)
    n_noise = n // 50
    which = rng.integers(0, 20, size=n - n_noise)
    X = np.empty((n, d))
    X[: n - n_noise] = centers[which] + rng.normal(size=(n - n_noise, d)) * spreads[which, None]
    X[n - n_noise :] = rng.uniform(-120, 120, size=(n_noise, d))
    return X


def measure(n: int, d: int) -> dict:
    X = random_blobs(n, d)
    t0 = time.perf_counter()
    c = Clusterer(X)
    fit_s = time.perf_counter() - t0
    r = c.evaluate(min_cluster_size=100)
    f = c._fit
    median = c.duplicate_threshold_range[1]
    old = c.evaluate(min_cluster_size=100, duplicate_threshold=0.13 * median)
    nn = c.nearest_neighbor_distances
    return {
        "n": n,
        "d": d,
        "fit_s": fit_s,
        "dimension_estimate": nn_dimension(f.nn_distance, 0.0),
        "default_factor": c.default_duplicate_threshold / median,
        "near_share": float((r.near_duplicate_group >= 0).mean()),
        "near_groups": r.n_near_duplicate_groups,
        "exact_groups": r.n_duplicate_groups,
        "old_near_share": float((old.near_duplicate_group >= 0).mean()),
        "old_near_groups": old.n_near_duplicate_groups,
        "old_exact_pairs_by_chance": int((nn <= 1e-3 * median).sum()),
    }


HEADER = (
    "| d | n | dimension estimate | default factor | samples in near groups | near groups | exact groups "
    "| old default (0.13): samples / groups | samples within 1e-3 x median NN (old exact) | fit |\n"
    + "|"
    + " --- |" * 10
)


def table_row(m: dict) -> str:
    ok = m["near_share"] <= 1e-3 and m["exact_groups"] == 0
    return (
        f"| {m['d']} | {m['n']:,} | {m['dimension_estimate']:.2f} | {m['default_factor']:.3f} | "
        f"{100 * m['near_share']:.3f}% {'(ok)' if ok else '(NO)'} | {m['near_groups']} | {m['exact_groups']} | "
        f"{100 * m['old_near_share']:.2f}% / {m['old_near_groups']} | {m['old_exact_pairs_by_chance']} | "
        f"{m['fit_s']:.0f} s |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--dims", type=int, nargs="+", default=[2, 8, 64])
    ap.add_argument("--table", action="store_true", help="print every row kept in results/duplicates.json; fit nothing")
    args = ap.parse_args()
    out = HERE / "results" / "duplicates.json"
    kept = json.loads(out.read_text()) if out.exists() else []
    if args.table:
        print(HEADER)
        for m in kept:
            print(table_row(m))
        return
    rows = []
    print(HEADER)
    for d in args.dims:
        for n in args.sizes:
            m = measure(n, d)
            rows.append(m)
            print(table_row(m), flush=True)
    kept = json.loads(out.read_text()) if out.exists() else []  # again: another run may have written since
    new = {(m["d"], m["n"]) for m in rows}
    merged = [m for m in kept if (m["d"], m["n"]) not in new] + rows
    out.write_text(json.dumps(sorted(merged, key=lambda m: (m["d"], m["n"])), indent=1))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
