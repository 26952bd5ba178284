"""Size of explorer.save_html() pages, the time to write them, and how many
thumbnails fit in the page's budget for them.

    python -m benchmarks.bench_page_size [--sizes 10000 100000]

Pages. Data: 2-D blobs with 5% exact copies and string labels (the labels and
the fitted tree travel in the page; thumbnails do not).

Thumbnails. save_html embeds one PNG per sample (at most 128 px a side) while
all of them fit in MAX_THUMBNAIL_BYTES of base64; this measures the mean
embedded size of 300 thumbnails of each kind and so how many samples fit:
scikit-learn's 8 x 8 digits, 28 x 28 digits (upscaled), 128 x 128 tiles cut
from scikit-learn's two sample photographs, and 128 x 128 RGB noise (the worst
case for PNG). Writes benchmarks/results/page_size.json (other --sizes:
results/quick/).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import tempfile
import time

import numpy as np

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.engine import portable_bytes
from hdbscope.widget._standalone import MAX_THUMBNAIL_BYTES, embedded_thumbnails

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_SIZES = [10_000, 100_000]


def data(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-20, 20, size=(12, 2))
    X = centers[rng.integers(0, 12, n)] + rng.normal(size=(n, 2))
    copies = rng.choice(n, n // 20, replace=False)
    X[copies[: len(copies) // 2]] = X[copies[len(copies) // 2 :]]
    y = np.array([f"class-{k}" for k in rng.integers(0, 10, n)], dtype=object)
    return X, y


def page_row(n: int) -> dict:
    X, y = data(n)
    t0 = time.perf_counter()
    c = Clusterer(X)
    fit_s = time.perf_counter() - t0
    ex = ClusterExplorer(X, labels=y, clusterer=c)
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        p = ex.save_html(pathlib.Path(d) / "page.html")
        save_s = time.perf_counter() - t0
        size = p.stat().st_size
    _, buffers = portable_bytes(c)
    return {
        "n_samples": n,
        "fit_s": fit_s,
        "save_html_s": save_s,
        "page_bytes": size,
        "fitted_state_bytes": sum(len(b) for b in buffers),
        "bytes_per_sample": size / n,
    }


def image_sets(k: int = 300) -> dict[str, np.ndarray]:
    from sklearn.datasets import load_digits, load_sample_images

    rng = np.random.default_rng(0)
    digits = (load_digits().images[:k] * 16).clip(0, 255).astype(np.uint8)
    tiles = []
    for photo in load_sample_images().images:
        for r in range(0, photo.shape[0] - 127, 64):
            for col in range(0, photo.shape[1] - 127, 64):
                tiles.append(photo[r : r + 128, col : col + 128])
    return {
        "digits 8 x 8": digits,
        "digits 28 x 28": np.kron(digits, np.ones((4, 4), dtype=np.uint8))[:, 2:30, 2:30],
        "photo tiles 128 x 128 RGB": np.stack(tiles)[:k],
        "noise 128 x 128 RGB": rng.integers(0, 256, size=(k, 128, 128, 3), dtype=np.uint8),
    }


def thumbnail_row(name: str, images: np.ndarray) -> dict:
    X = np.random.default_rng(1).normal(size=(len(images), 2))
    ex = ClusterExplorer(X, images=images, min_cluster_size=5)
    thumbs = embedded_thumbnails(ex, budget=1 << 62)
    mean = float(np.mean([len(t) for t in thumbs]))  # base64 characters = bytes in the page
    return {"images": name, "measured": len(thumbs), "mean_base64_bytes": mean, "fit": int(MAX_THUMBNAIL_BYTES // mean)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES)
    args = ap.parse_args()
    pages = []
    print("n_samples | fit s | save_html s | page MB | fitted state MB (raw) | bytes per sample")
    for n in args.sizes:
        r = page_row(n)
        pages.append(r)
        print(
            f"{n:,} | {r['fit_s']:.2f} | {r['save_html_s']:.2f} | {r['page_bytes'] / 1e6:.2f}"
            f" | {r['fitted_state_bytes'] / 1e6:.2f} | {r['bytes_per_sample']:.0f}",
            flush=True,
        )
    thumbs = [thumbnail_row(name, imgs) for name, imgs in image_sets().items()]
    print(f"\nthumbnails | mean bytes in the page | samples that fit in {MAX_THUMBNAIL_BYTES / 1e6:.0f} MB")
    for t in thumbs:
        print(f"{t['images']} | {t['mean_base64_bytes']:,.0f} | {t['fit']:,}")
    out = HERE / "results" / ("page_size.json" if args.sizes == DEFAULT_SIZES else "quick/page_size.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"pages": pages, "thumbnails": thumbs, "budget_bytes": MAX_THUMBNAIL_BYTES}, indent=1))
    print(f"\nresults: {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
