"""The browser's re-extraction (js/extract/, run in Node) next to the engine's
evaluate(), and the size of the fitted state the explorer sends once.

    PYTHONPATH=src python benchmarks/bench_kernelless.py [--sizes 100000 1000000]

Median of 9 moves per slider, each to a new value (no memo): min_cluster_size
moves re-extract clusters and duplicates' encoding; duplicate_threshold moves
re-run the forest prefix. Writes benchmarks/results/kernelless.txt.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import tempfile
import time

import numpy as np

from hdbscope import Clusterer
from hdbscope.engine._portable import ARRAYS, portable_fit

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "results" / "kernelless.txt"


def data(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-20, 20, size=(12, 2))
    X = centers[rng.integers(0, 12, n)] + rng.normal(size=(n, 2))
    copies = rng.choice(n, n // 20, replace=False)
    X[copies[: len(copies) // 2]] = X[copies[len(copies) // 2 :]]
    return X


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        js = pathlib.Path(tmp) / "extract_bench.js"
        subprocess.run(
            [
                str(REPO / "node_modules" / ".bin" / "esbuild"),
                str(HERE / "extract_bench.ts"),
                "--bundle",
                "--platform=node",
                "--format=esm",
                f"--outfile={js}",
            ],
            check=True,
            capture_output=True,
        )
        rows = [
            (
                "n_samples | state MB | JS setup ms | JS min_cluster_size ms | JS duplicate_threshold ms"
                " | Python evaluate(min_cluster_size) ms | Python evaluate(duplicate_threshold) ms"
            )
        ]
        for n in args.sizes:
            c = Clusterer(data(n))
            scalars, arrays = portable_fit(c)
            d = pathlib.Path(tmp) / str(n)
            d.mkdir()
            for k in ARRAYS:
                (d / f"{k}.bin").write_bytes(arrays[k].tobytes())
            lo, hi = c.duplicate_threshold_range
            sizes = [int(s) for s in np.geomspace(5, 500, 9).round()]
            thresholds = [float(t) for t in np.geomspace(max(lo, hi * 1e-3), hi, 9)]
            (d / "meta.json").write_text(
                json.dumps(
                    {
                        "scalars": scalars,
                        "sizes": sizes,
                        "threshold": thresholds[4],
                        "thresholds": thresholds,
                        "repeats": 9,
                    }
                )
            )
            res = json.loads(
                subprocess.run(["node", str(js), str(d)], check=True, capture_output=True, text=True).stdout
            )

            def med(f, values):
                out = []
                for v in values:
                    t0 = time.perf_counter()
                    f(v)
                    out.append(1e3 * (time.perf_counter() - t0))
                return float(np.median(out))

            def by_size(m, c=c, t=thresholds[4]):  # a fresh memo each time: no cached answers
                c._clusters.clear()
                c.evaluate(min_cluster_size=m, duplicate_threshold=t)

            def by_threshold(t, c=c, m=sizes[0]):
                c._duplicates.clear()
                c.evaluate(min_cluster_size=m, duplicate_threshold=t)

            py_m, py_t = med(by_size, sizes), med(by_threshold, thresholds)
            mb = sum(a.nbytes for a in arrays.values()) / 1e6
            rows.append(
                f"{n} | {mb:.1f} | {res['setup_ms']:.0f} | {res['min_cluster_size_ms']:.1f} | "
                f"{res['duplicate_threshold_ms']:.1f} | {py_m:.1f} | {py_t:.1f}"
            )
            print(rows[-1], flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(rows) + "\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
