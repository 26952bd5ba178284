"""Size of explorer.save_html() pages, and the time to write them.

    PYTHONPATH=src python benchmarks/bench_page_size.py [--sizes 10000 100000]

Data: 2-D blobs with 5% exact copies and string labels (the labels and the
fitted tree travel in the page; thumbnails do not). Prints a table and writes
benchmarks/results/page_size.txt.
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile
import time

import numpy as np

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.engine._portable import portable_fit

OUT = pathlib.Path(__file__).resolve().parent / "results" / "page_size.txt"


def data(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-20, 20, size=(12, 2))
    X = centers[rng.integers(0, 12, n)] + rng.normal(size=(n, 2))
    copies = rng.choice(n, n // 20, replace=False)
    X[copies[: len(copies) // 2]] = X[copies[len(copies) // 2 :]]
    y = np.array([f"class-{k}" for k in rng.integers(0, 10, n)], dtype=object)
    return X, y


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = ap.parse_args()
    rows = ["n_samples | fit s | save_html s | page MB | fitted state MB (raw) | MB per 100k"]
    for n in args.sizes:
        X, y = data(n)
        t0 = time.perf_counter()
        c = Clusterer(X)
        fit_s = time.perf_counter() - t0
        ex = ClusterExplorer(X, labels=y, clusterer=c)
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter()
            p = ex.save_html(pathlib.Path(d) / "page.html")
            save_s = time.perf_counter() - t0
            mb = p.stat().st_size / 1e6
        _, arrays = portable_fit(c)
        raw = sum(a.nbytes for a in arrays.values()) / 1e6
        rows.append(f"{n} | {fit_s:.2f} | {save_s:.2f} | {mb:.2f} | {raw:.2f} | {mb * 1e5 / n:.2f}")
        print(rows[-1], flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(rows) + "\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
