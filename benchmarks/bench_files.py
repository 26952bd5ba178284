"""Images as files at scale: an explorer over N samples whose images are file paths.

    python -m benchmarks.bench_files                  # N = 1,000,000 paths (fit ~1 min, once)
    python -m benchmarks.bench_files --n 100000       # quicker

Reports, for N paths (``images=`` a pandas Series of str):
- construction time of ClusterExplorer with a fitted Clusterer passed in, without images, with N paths to
  files that exist (a pool of --files real files, cycled) and with N paths that do not exist: the same
  within noise, because nothing is read at construction;
- memory: the process RSS growth of building the explorer with the path Series vs without images (the
  Series itself is built beforehand and not counted);
- thumbnail latency, one hover (``hover_reply``: look-up by index, decode, shrink, PNG encode) of --hovers
  distinct samples: first time (decoded from the file) and again (from the bounded cache), for a pool of
  256 x 256 PNG files and one of 1600 x 1200 JPEG photos (decoded in draft mode).

Data: benchmarks/_data.py ``blobs_2d`` (2-D, so the fit is the fast path). A benchmark, not a test: it
prints tables and writes benchmarks/results/files.json (other N: results/quick/).
"""

from __future__ import annotations

import argparse
import gc
import json
import pathlib
import statistics
import tempfile
import time

import numpy as np

from benchmarks import _data
from benchmarks import _report as R

HERE = pathlib.Path(__file__).resolve().parent


def rss() -> float:
    """Resident set size, MiB."""
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def make_pool(folder: pathlib.Path, n_files: int, kind: str) -> list[str]:
    from PIL import Image

    rng = np.random.default_rng(1)
    paths = []
    for i in range(n_files):
        if kind == "png":
            px = rng.integers(0, 256, (256, 256, 3), dtype=np.uint8)
            p = folder / f"img_{i:05d}.png"
            Image.fromarray(px).save(p)
        else:  # a smooth photo-like picture (noise would make JPEG decode unrealistically slow)
            y, x = np.mgrid[0:1200, 0:1600]
            px = np.stack([(x * (i + 1) // 7) % 256, (y * 3) % 256, ((x + y) // 5) % 256], axis=2).astype(np.uint8)
            p = folder / f"photo_{i:05d}.jpg"
            Image.fromarray(px).save(p, quality=90)
        paths.append(str(p))
    return paths


def timed(f):
    gc.collect()
    t0 = time.perf_counter()
    out = f()
    return time.perf_counter() - t0, out


def hover_latency(explorer, indices) -> tuple[list[float], list[float]]:
    from hdbscope.widget._tooltip import hover_reply

    first, again = [], []
    for i in indices:
        t0 = time.perf_counter()
        reply, png = hover_reply(explorer, {"type": "hover", "id": 1, "index": int(i)})
        first.append(time.perf_counter() - t0)
        assert png and "image_problem" not in reply, reply.get("image_problem")
    for i in indices:
        t0 = time.perf_counter()
        hover_reply(explorer, {"type": "hover", "id": 1, "index": int(i)})
        again.append(time.perf_counter() - t0)
    return first, again


def ms(xs) -> str:
    return f"{statistics.median(xs) * 1e3:.2f} / {np.percentile(xs, 95) * 1e3:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--files", type=int, default=300, help="real files per pool (paths cycle over them)")
    ap.add_argument("--hovers", type=int, default=200)
    args = ap.parse_args()
    import pandas as pd

    from hdbscope import Clusterer, ClusterExplorer

    info = R.machine_info()
    n = args.n
    X = _data.blobs_2d(n)
    fit_s, clusterer = timed(lambda: Clusterer(X))
    print(f"fit of {n:,} 2-D rows: {fit_s:.1f} s (once; not part of the figures below)")
    tmp = tempfile.TemporaryDirectory(prefix="hdbscope-bench-files-")
    folder = pathlib.Path(tmp.name)
    pools = {kind: make_pool(folder, args.files, kind) for kind in ("png", "jpeg")}
    series = {kind: pd.Series([pool[i % len(pool)] for i in range(n)]) for kind, pool in pools.items()}
    series["missing"] = pd.Series([f"/nonexistent/{i:07d}.jpg" for i in range(n)])

    rows, results = [], {"n": n, "files_per_pool": args.files, "hovers": args.hovers, "fit_s": fit_s, "machine": info}
    ClusterExplorer(X, clusterer=clusterer).close()  # warm-up: first-use costs (imports, numba) not counted
    gc.collect()
    base_rss = rss()
    t_none, ex = timed(lambda: ClusterExplorer(X, clusterer=clusterer))
    mem_none = rss() - base_rss
    ex.close()  # ipywidgets keeps open widgets alive
    del ex
    gc.collect()
    rows.append(["no images", R.secs(t_none), R.mib(mem_none), "", ""])
    results["construction"] = {"none": {"s": t_none, "rss_growth_mib": mem_none}}
    rng = np.random.default_rng(2)
    indices = rng.choice(n, args.hovers, replace=False)
    for kind in ("missing", "png", "jpeg"):
        base_rss = rss()
        paths = series[kind]
        t, ex = timed(lambda: ClusterExplorer(X, clusterer=clusterer, images=paths))  # noqa: B023 (called at once)
        mem = rss() - base_rss
        first = again = None
        if kind != "missing":
            first, again = hover_latency(ex, indices)
        rows.append(
            [f"{n:,} paths, {kind}", R.secs(t), R.mib(mem), ms(first) if first else "", ms(again) if again else ""]
        )
        results["construction"][kind] = {"s": t, "rss_growth_mib": mem}
        if first:
            results.setdefault("hover", {})[kind] = {
                "first_median_s": statistics.median(first),
                "first_p95_s": float(np.percentile(first, 95)),
                "cached_median_s": statistics.median(again),
                "cached_p95_s": float(np.percentile(again, 95)),
                "cache_bytes": ex._thumbnails.nbytes,
                "cached": len(ex._thumbnails),
            }
        ex.close()
        del ex
        gc.collect()
    print("\n".join(R.header_lines(info)))
    print(
        R.table(
            f"ClusterExplorer with image paths, N = {n:,} (Clusterer fitted once and passed in)",
            ["images", "construction", "RSS growth", "hover first, ms (median / p95)", "hover cached, ms"],
            rows,
            [
                f"paths cycle over {args.files} real files per pool: png = 256 x 256 RGB, "
                "jpeg = 1600 x 1200 photo-like;",
                f"hover = hover_reply() of {args.hovers} distinct random samples "
                "(file look-up, decode, shrink to 128 px, PNG).",
                "construction reads no file: 'missing' paths cost the same as real ones.",
            ],
        )
    )
    out = HERE / "results" / ("files.json" if n == 1_000_000 else f"quick/files-{n}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str))
    print(f"\nwrote {out}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
