"""hdbscope engine benchmarks: our figures beside the anchors' figures, measured in one run.

    python -m benchmarks.bench_engine                       # everything but slow anchors (~10 min)
    python -m benchmarks.bench_engine --quick               # small sizes, smoke run (< 1 min)
    python -m benchmarks.bench_engine --with-slow-anchors   # + hdbscan at 20k x 256 (~48 s+)
    python -m benchmarks.bench_engine --only scale          # wide float32 at scale (~10 min, section 5)

Every measurement runs in a fresh subprocess (benchmarks/_worker.py) so peak RSS and cold
starts are honest. These are benchmarks, not tests: nothing asserts on time; each table has a
target column and a "meets target" column. Results also go to benchmarks/results/engine.json
(quick and --only runs: benchmarks/results/quick/engine.json, not committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time

from benchmarks import _engine_jobs, _fit_lowd
from benchmarks import _report as R
from benchmarks._engine_daml import bench_daml
from benchmarks._engine_fit import bench_fit
from benchmarks._engine_jobs import BUSY, HERE, REPO, busy, get, run_job
from benchmarks._engine_reextract import MS, bench_memory, bench_reextract
from benchmarks._prime import prime_numba_cache
from benchmarks._scale_section import bench_scale

SECTIONS = ["reextract", "fit", "memory", "daml", "scale"]

FULL = dict(
    small=100_000,
    large=1_000_000,
    hd_small=20_000,
    hd_large=100_000,
    daml_ns=[1000, 2000, 5000],
    anchor_ms_large=MS[1::4],
)
QUICK = dict(small=5_000, large=20_000, hd_small=1_000, hd_large=3_000, daml_ns=[300, 600], anchor_ms_large=MS[1::4])


def _hdbscope_version() -> str:
    """Version and git commit of the checkout being measured (src/ on PYTHONPATH)."""
    code = "import hdbscope, sys; sys.stdout.write(hdbscope.__version__)"
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "src"))
    ver = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    git = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", REPO, "status", "--porcelain", "src"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{ver.stdout.strip() or 'import failed'} (checkout {git.stdout.strip() or '?'}"
        f"{' + uncommitted src changes' if dirty else ''})"
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes; smoke run (< 1 min)")
    ap.add_argument("--with-slow-anchors", action="store_true", help="also time hdbscan at 20k x 256 (~48 s or more)")
    ap.add_argument("--only", nargs="*", choices=SECTIONS, help="run only these sections")
    ap.add_argument("--no-big", action="store_true", help="section 5 without the 1M x 256 fit")
    ap.add_argument("--json", help="where to write results (default benchmarks/results/...)")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # tables appear as each section ends
    cfg = QUICK if args.quick else FULL
    only = set(args.only or SECTIONS)
    if "memory" in only:
        only.add("reextract")  # the memory figures come from the row-1 processes

    info = R.machine_info()
    info["versions"]["hdbscope"] = _hdbscope_version()
    started = dt.datetime.now()
    print(f"## hdbscope engine benchmarks ({'--quick' if args.quick else 'full'}), {started:%Y-%m-%d %H:%M}")
    print("\n".join(R.header_lines(info)))
    load0 = os.getloadavg()
    info["loadavg_at_start"] = load0
    print(
        f"load    : 1/5/15-min load average at start {load0[0]:.2f} / {load0[1]:.2f} / "
        f"{load0[2]:.2f} on {os.cpu_count()} cpus (timings are only clean near 0)"
    )
    if args.quick:
        print("NOTE: --quick uses small sizes; targets apply to the full sizes, so 'meets' is '-'.")
    primed = prime_numba_cache()
    info["numba_cache"] = primed
    print(f"numba   : hdbscope's on-disk JIT cache {primed} before measuring (as `make setup` does)")
    print()
    raw = {}
    t0 = time.perf_counter()
    if "reextract" in only:
        bench_reextract(cfg, args.quick, raw)
    if "fit" in only:
        bench_fit(cfg, args.quick, args.with_slow_anchors, raw)
        _fit_lowd.bench_fit_lowd(cfg, args.quick, raw, run_job, get, BUSY, busy)
    if "memory" in only:
        bench_memory(cfg, args.quick, raw)
    if "daml" in only:
        bench_daml(cfg, args.quick, raw)
    if "scale" in only:
        bench_scale(run_job, busy, args.quick, raw, with_big=not args.no_big)
    total = time.perf_counter() - t0
    print(f"total wall time: {total:.0f} s")
    print(
        f"'{BUSY}' = cores' worth of CPU that OTHER processes used while that figure was "
        "measured (ours / anchor); near 0 = clean, near the cpu count = inflated."
    )
    if _engine_jobs.OTHERS:
        competing = max(_engine_jobs.OTHERS) > 0.25
        print(
            f"CPU used by other processes during the measurements: {min(_engine_jobs.OTHERS):.2f} .. "
            f"{max(_engine_jobs.OTHERS):.2f} cores (of {os.cpu_count()})"
            + (
                " -- OTHER PROCESSES WERE COMPETING: timings are inflated; re-run on an idle "
                "machine before trusting a 'NO'."
                if competing
                else " (idle machine)"
            )
        )
    info["other_cores_per_job"] = _engine_jobs.OTHERS

    # The committed result is a full run's; quick and partial runs go to the ignored results/quick/.
    partial = args.quick or bool(args.only)
    path = args.json or os.path.join(HERE, "results", *(["quick"] if partial else []), "engine.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(
            {
                "started": started.isoformat(timespec="seconds"),
                "quick": args.quick,
                "argv": sys.argv[1:],
                "machine": info,
                "config": cfg,
                "wall_s": total,
                "results": raw,
            },
            f,
            indent=1,
        )
    print(f"results written to {os.path.relpath(path)}")
    if only == {"scale"} and not args.quick and not args.json:  # section 5 alone: kept in the committed file
        committed = os.path.join(HERE, "results", "engine.json")
        with open(committed) as f:
            full = json.load(f)
        full["results"]["scale"] = dict(raw["scale"], started=started.isoformat(timespec="seconds"), machine=info)
        with open(committed, "w") as f:
            json.dump(full, f, indent=1)


if __name__ == "__main__":
    main()
