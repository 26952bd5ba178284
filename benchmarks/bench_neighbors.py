"""k-nearest-neighbour search side by side on embedding-like data: recall@k and time.

    python -m benchmarks.bench_neighbors                        # 200k x 512 (a few minutes)
    python -m benchmarks.bench_neighbors --sizes 200000x512 1000000x256
    python -m benchmarks.bench_neighbors --sizes 20000x256 --quick

Every method runs in a fresh subprocess (so a JIT compile or a cache load counts, and peak
memory is its own): the time is building the index plus finding the k nearest of EVERY row,
which is what a fit needs. Recall@k is measured on 1,000 evenly spaced rows against brute
force (float64 BLAS). Results go to benchmarks/results/neighbors.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

from benchmarks._data import embedding_like

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
K = 15
OLD_IVF = "4af70f8"  # main before this branch: its own inverted-file index
N_QUERIES = 1000
METHODS = {
    "hdbscope own IVF (main)": "own",
    "faiss IVF-Flat nprobe=4": "ivf4",
    "faiss IVF-Flat nprobe=8": "ivf8",
    "faiss HNSW M=16 efC=40 efS=32": "hnsw",
    "pynndescent (fresh process: compiles)": "nnd",
    "pynndescent (warm: compiled in-process first)": "nnd_warm",
}


def search(method: str, X: np.ndarray, k: int) -> np.ndarray:
    """Indices (n, k) of each row's k nearest other rows, by ``method``."""
    if method == "own":  # main's hand-written IVF before this branch (the file at OLD_IVF)
        import importlib

        path = os.path.join(HERE, "_old_ivf.py")
        with open(path, "w") as f:
            f.write(
                subprocess.run(
                    ["git", "show", f"{OLD_IVF}:src/hdbscope/engine/_neighbors.py"],
                    cwd=REPO,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
        return importlib.import_module("benchmarks._old_ivf").knn_blocked(X, k)[1]
    if method == "engine":
        from hdbscope.engine._wide_knn import knn_wide

        return knn_wide(X, k)[1]
    if method.startswith("ivf"):
        import faiss

        n, d = X.shape
        n_cells = max(1, round(np.sqrt(n) * 2))
        index = faiss.IndexIVFFlat(faiss.IndexFlatL2(d), d, n_cells)
        index.cp.seed, index.cp.niter = 1234, 10
        train = X[np.linspace(0, n - 1, min(n, 40 * n_cells)).astype(np.int64)]
        index.train(train)
        index.add(X)
        index.nprobe = int(method[3:])
        return _drop_self(index.search(X, k + 1)[1], k)
    if method == "hnsw":
        import faiss

        index = faiss.IndexHNSWFlat(X.shape[1], 16)
        index.hnsw.efConstruction = 40
        index.add(X)
        index.hnsw.efSearch = 32
        return _drop_self(index.search(X, k + 1)[1], k)
    if method.startswith("nnd"):
        from pynndescent import NNDescent

        nnd = NNDescent(X, n_neighbors=k + 1, random_state=0, n_jobs=-1, low_memory=True)
        return _drop_self(nnd.neighbor_graph[0], k)
    raise ValueError(method)


def _drop_self(idx: np.ndarray, k: int) -> np.ndarray:
    out = np.full((len(idx), k), -1, dtype=np.int64)
    for i, row in enumerate(idx):
        row = row[row != i]
        out[i, : min(k, len(row))] = row[:k]
    return out


def exact_neighbors(X: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    X64 = X.astype(np.float64)
    sq = np.einsum("ij,ij->i", X64, X64)
    out = np.empty((len(queries), k), dtype=np.int64)
    for s in range(0, len(queries), 100):
        q = queries[s : s + 100]
        d2 = sq[q][:, None] + sq[None, :] - 2.0 * (X64[q] @ X64.T)
        d2[np.arange(len(q)), q] = np.inf
        out[s : s + 100] = np.argsort(d2, axis=1, kind="stable")[:, :k]
    return out


def worker(method: str, n: int, dim: int) -> None:
    from benchmarks._worker import _current_mib, _peak_mib, _reset_peak

    X = embedding_like(n, dim=dim)
    if method == "nnd_warm":
        search(method, X[:2000], K)
    base = _current_mib()
    _reset_peak()
    t = time.perf_counter()
    idx = search(method, X, K)
    secs = time.perf_counter() - t
    peak = _peak_mib()
    queries = np.linspace(0, n - 1, N_QUERIES).astype(np.int64)
    truth = exact_neighbors(X, queries, K)
    hits = sum(len(np.intersect1d(f, t)) for f, t in zip(idx[queries], truth))
    first = float(np.mean(idx[queries, 0] == truth[:, 0]))
    out = {"seconds": secs, "recall": hits / truth.size, "recall_1": first, "peak_above_data_mib": peak - base}
    print("RESULT " + json.dumps(out), flush=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="*", default=["200000x512"])
    ap.add_argument("--methods", nargs="*", default=list(METHODS.values()) + ["engine"])
    ap.add_argument("--quick", action="store_true", help="write results/quick/neighbors.json")
    args = ap.parse_args(argv)
    import faiss

    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "src"))
    names = {**{v: k for k, v in METHODS.items()}, "engine": "hdbscope engine (faiss, as fitted)"}
    print(f"## k-NN search, k={K}, embedding_like, {os.cpu_count()} cpus, faiss {faiss.__version__}")
    print("| data | method | build + search all rows (fresh process) | recall@15 | 1st NN right | peak above data |")
    print("| --- | --- | --- | --- | --- | --- |")
    raw: dict = {}
    for size in args.sizes:
        n, dim = map(int, size.split("x"))
        for m in args.methods:
            job = [sys.executable, "-m", "benchmarks.bench_neighbors", "--worker", m, str(n), str(dim)]
            proc = subprocess.run(job, cwd=REPO, env=env, capture_output=True, text=True)
            lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
            if not lines:
                print(f"| {size} | {names[m]} | failed: {proc.stderr.strip()[-200:]} | | | |", flush=True)
                continue
            r = json.loads(lines[0][7:])
            raw[f"{size} {names[m]}"] = r
            _write(args, raw)  # after each method: a long run stopped early keeps what it measured
            print(
                f"| {n:,} x {dim} | {names[m]} | {r['seconds']:.1f} s | {r['recall']:.4f} | "
                f"{r['recall_1']:.3f} | {r['peak_above_data_mib']:.0f} MiB |",
                flush=True,
            )
    print(f"results written to {os.path.relpath(_write(args, raw), REPO)}")


def _write(args, raw) -> str:
    out_dir = os.path.join(HERE, "results", "quick" if args.quick else "")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "neighbors.json")
    old = {}
    if os.path.exists(path):  # a run of some methods updates theirs, keeps the others'
        with open(path) as f:
            old = json.load(f).get("results", {})
    with open(path, "w") as f:
        json.dump({"argv": sys.argv[1:], "k": K, "results": {**old, **raw}}, f, indent=1)
    return path


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
