"""What the data fingerprint (SHA-256 of the data as float64, paid in every fit) costs.

    flock /tmp/hdbscope-heavy.lock python -m benchmarks.bench_fingerprint           # ~1 min, 3.5 GB peak
    python -m benchmarks.bench_fingerprint --quick                                  # 100k x 256 only

Each figure is the first call in a fresh process (what a fit pays), beside two anchors
measured in the same run: the implementation before this one (8 MiB chunks, each
converted into a fresh array, then hashed) and the floor, SHA-256 alone over the same
number of float64 bytes (its throughput measured on 256 MiB, scaled). Target: at most
1.5x the floor. Data: standard normal, so there is no -0.0 and float64 data is hashed
where it lies. Results: benchmarks/results/fingerprint.json (--quick: results/quick/).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks._report import write_result

HERE = Path(__file__).resolve().parent
CASES = {"100k x 256 float32": (100_000, 256, "float32"), "100k x 256 float64": (100_000, 256, "float64")}
CASES_FULL = {**CASES, "1M x 512 float32": (1_000_000, 512, "float32")}
TARGET_X_FLOOR = 1.5


def before(X: np.ndarray) -> str:
    """The implementation this one replaced, kept as the anchor (same values)."""
    n, d = X.shape
    h = hashlib.sha256(b"hdbscope-data-v1")
    h.update(np.array([n, d], dtype="<i8").tobytes())
    step = max(1, (8 << 20) // (8 * max(d, 1)))
    for start in range(0, n, step):
        chunk = np.ascontiguousarray(np.asarray(X[start : start + step], dtype="<f8") + 0.0)
        h.update(chunk.data.cast("B"))
    return "sha256:" + h.hexdigest()


def make(n: int, d: int, dtype: str) -> np.ndarray:
    rng = np.random.default_rng(0)
    X = np.empty((n, d), dtype=dtype)
    for start in range(0, n, 65_536):  # in blocks: no float64 temporary of the whole matrix
        X[start : start + 65_536] = rng.standard_normal((min(65_536, n - start), d), dtype=dtype)
    return X


def child(case: str, impl: str) -> dict:
    """One measurement, in this (fresh) process."""
    if impl == "floor":
        buf = np.ones(32 << 20)  # 256 MiB of float64
        t0 = time.perf_counter()
        hashlib.sha256(buf.data.cast("B"))
        return {"bytes_per_s": buf.nbytes / (time.perf_counter() - t0)}
    X = make(*CASES_FULL[case])
    if impl == "hdbscope":
        sys.path.insert(0, str(HERE.parent / "src"))
        from hdbscope.engine._fingerprint import data_fingerprint as f
    else:
        f = before
    c0, t0 = time.process_time(), time.perf_counter()
    value = f(X)
    return {"s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "value": value}


def run(case: str, impl: str) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_fingerprint", "--child", case, impl]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=HERE.parent).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="100k x 256 only (float32 and float64)")
    ap.add_argument("--repeats", type=int, default=3, help="fresh processes per figure (median reported)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(*a.child)))
        return 0
    floor_rate = float(np.median([run("", "floor")["bytes_per_s"] for _ in range(a.repeats)]))
    rows = []
    print(f"SHA-256 alone: {floor_rate / 2**30:.2f} GiB/s of float64")
    print("data               | hdbscope s (cpu s) | before s (cpu s) | floor s | x floor | target | meets target")
    for case in CASES if a.quick else CASES_FULL:
        n, d, dtype = CASES_FULL[case]
        ours = [run(case, "hdbscope") for _ in range(a.repeats)]
        old = [run(case, "before") for _ in range(a.repeats)]
        assert len({r["value"] for r in ours + old}) == 1, f"{case}: the fingerprint changed"
        s, cpu = (float(np.median([r[k] for r in ours])) for k in ("s", "cpu_s"))
        old_s, old_cpu = (float(np.median([r[k] for r in old])) for k in ("s", "cpu_s"))
        floor = 8 * n * d / floor_rate
        ok = s <= TARGET_X_FLOOR * floor
        rows.append({"data": case, "s": s, "cpu_s": cpu, "before_s": old_s, "before_cpu_s": old_cpu, "floor_s": floor})
        print(
            f"{case:18} | {s:6.3f} ({cpu:5.3f})     | {old_s:6.3f} ({old_cpu:5.3f})   | {floor:7.3f} | "
            f"{s / floor:7.2f} | <= {TARGET_X_FLOOR}x | {'yes' if ok else 'NO'}",
            flush=True,
        )
    print("written", write_result("fingerprint", a.quick, {"sha256_bytes_per_s": floor_rate, "rows": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
