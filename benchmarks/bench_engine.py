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

from benchmarks import _fit_lowd, daml_anchor
from benchmarks import _report as R
from benchmarks._contention import OtherCpu
from benchmarks._prime import prime_numba_cache
from benchmarks._scale_section import bench_scale

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SECTIONS = ["reextract", "fit", "memory", "daml", "scale"]

MS = [12, 20, 30, 45, 60, 75, 90, 120, 150, 200]  # fresh min_cluster_size values (default is 100)
FULL = dict(
    small=100_000,
    large=1_000_000,
    hd_small=20_000,
    hd_large=100_000,
    daml_ns=[1000, 2000, 5000],
    anchor_ms_large=MS[1::4],
)
QUICK = dict(small=5_000, large=20_000, hd_small=1_000, hd_large=3_000, daml_ns=[300, 600], anchor_ms_large=MS[1::4])


OTHERS: list[float] = []  # per job: cores' worth of CPU used by OTHER processes meanwhile


def run_job(job: dict, python: str = sys.executable, timeout: float = 3600) -> dict:
    """Run one _worker job in a fresh process; return its dict or {'error': why}."""
    env = dict(os.environ)
    if python == sys.executable:  # benchmark this checkout's engine, not an installed copy
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.path.join(REPO, "src"), env.get("PYTHONPATH")]))
    label = job["kind"] + " " + json.dumps({k: v for k, v in job.items() if k != "kind"})[:110]
    print(f"  running {label}", file=sys.stderr, flush=True)
    t = time.perf_counter()
    # own session: the job and its workers are 'us'; all other CPU use is competition
    proc = subprocess.Popen(
        [python, "-m", "benchmarks._worker", json.dumps(job)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    meter = OtherCpu()
    meter.start(proc.pid)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        meter.stop()
        return {"error": f"timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - t
    others = meter.stop() / max(wall, 1e-9)
    OTHERS.append(others)
    print(f"    ... {wall:.1f} s wall; other processes used {others:.2f} cores meanwhile", file=sys.stderr, flush=True)
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            res = json.loads(line[7:])
            res["_other_cores"] = others  # other processes competing = inflated times
            return res
    tail = (stderr or stdout).strip().splitlines()[-3:]
    return {"error": f"exit {proc.returncode}: " + " / ".join(tail)}


def _get(res, *keys):
    """res[k1][k2]... or the job's error text (printed in the table instead of a number)."""
    if "error" in res:
        return "error: " + res["error"][:60]
    for k in keys:
        res = res[k]
    return res


def _busy(*jobs) -> str:
    """Cores' worth of CPU other processes used during each job (0 = clean timing)."""
    return " / ".join("-" if "_other_cores" not in j else f"{j['_other_cores']:.2f}" for j in jobs)


BUSY = "others' CPU"  # column: cores used by other processes during (ours / anchor) jobs


def _meets(value, limit):
    return None if not isinstance(value, (int, float)) or limit is None else value <= limit


def bench_reextract(cfg, quick, raw):
    """Rows 1 and 2: a new min_cluster_size / duplicate_threshold on a fitted Clusterer."""
    rows, rows_t = [], []
    for n, target_ms, n_anchor in ((cfg["small"], 0.030, MS), (cfg["large"], 0.300, cfg["anchor_ms_large"])):
        ours = run_job(
            {
                "kind": "ours_memory_reextract",
                "dataset": "blobs_2d",
                "n": n,
                "ms": MS,
                "n_thresholds": 10 if n == cfg["small"] else 0,
            }
        )
        anc = run_job(
            {"kind": "hdbscan_fit_reextract", "dataset": "blobs_2d", "n": n, "min_cluster_size": 100, "ms": n_anchor}
        )
        raw[f"reextract_{n}"] = {"ours": ours, "hdbscan": anc}
        o, a = _get(ours, "median_m_s"), _get(anc, "median_m_s")
        speed = a / o if isinstance(o, float) and isinstance(a, float) else None
        ok = None if quick else (_meets(o, target_ms) and speed is not None and speed >= 10)
        rows.append(
            [
                f"{n:,} x 2",
                f"{R.secs(o)} (k={len(ours.get('ms', []))})",
                R.secs(_get(ours, "median_m_lists_s")),
                f"{R.secs(a)} (k={len(n_anchor)})",
                "-" if speed is None else f"{speed:.0f}x",
                f"<= {target_ms * 1e3:.0f} ms and >= 10x",
                R.yes_no(ok),
                _busy(ours, anc),
            ]
        )
        if n == cfg["small"]:
            t = _get(ours, "median_t_s")
            full = _get(ours, "total_s")
            rows_t.append(
                [
                    f"{n:,} x 2",
                    f"{R.secs(t)} (k={len(ours.get('ts', []))})",
                    R.secs(_get(ours, "median_t_lists_s")),
                    R.secs(full),
                    "<= 20 ms",
                    R.yes_no(None if quick else _meets(t, 0.020)),
                    _busy(ours),
                ]
            )
    print(
        R.table(
            "1. New min_cluster_size: labels, probabilities, outlier scores, potential outliers",
            [
                "N x d",
                "hdbscope evaluate(m) median",
                "+ then dict lists",
                "hdbscan re-extraction median",
                "speed-up",
                "target",
                "meets target",
                BUSY,
            ],
            rows,
            [
                "hdbscope: c.evaluate(min_cluster_size=m) on a fitted Clusterer, m not yet cached: the",
                "per-sample arrays (labels, probabilities, outlier_scores, is_potential_outlier) are",
                "computed there. '+ then dict lists' = extra time to build r['outliers'], ...",
                "r['near_duplicates'] (Python lists, built lazily on first access); not in the target.",
                "hdbscan: _tree_to_labels(X, single_linkage_tree, m) + _hdbscan_tree.outlier_scores("
                "condensed_tree), tree cached from the fit (same tree as _hdbscan_boruvka_kdtree(X, 5)).",
            ],
        )
    )
    print()
    print(
        R.table(
            "2. New duplicate_threshold (min_cluster_size fixed; only the duplicate part recomputes)",
            [
                "N x d",
                "hdbscope evaluate(t) median",
                "+ then dict lists",
                "no cache: Clusterer(X).evaluate()",
                "target",
                "meets target",
                BUSY,
            ],
            rows_t,
            [
                "No outside library recomputes only duplicates; the reference is hdbscope's own full",
                "fit + evaluate, i.e. what a change would cost without the cached structure.",
                "t: fresh values spread over c.duplicate_threshold_range, default excluded.",
            ],
        )
    )
    print()


def bench_fit(cfg, quick, slow, raw):
    """Row 3: fitting, with duplicates; cold (fresh process) and warm."""
    n2, hs, hl = cfg["small"], cfg["hd_small"], cfg["hd_large"]
    emb = "embedding_like"
    ours_2d = run_job({"kind": "ours_series", "items": [{"dataset": "blobs_2d", "n": n2, "warm_repeats": 2}]})
    ours_hd = run_job({"kind": "ours_series", "items": [{"dataset": emb, "n": hl}, {"dataset": emb, "n": hs}]})
    if quick:
        fast = {"error": "skipped in --quick (numba compile ~1 min)"}
    else:
        fast = run_job(
            {
                "kind": "fast_hdbscan_series",
                "min_cluster_size": 100,
                "items": [
                    {"dataset": emb, "n": hl},
                    {"dataset": emb, "n": hs, "warm_repeats": 2},
                    {"dataset": "blobs_2d", "n": n2, "warm_repeats": 2},
                ],
            }
        )
    hdb_2d = raw.get(f"reextract_{n2}", {}).get("hdbscan") or run_job(
        {"kind": "hdbscan_fit_reextract", "dataset": "blobs_2d", "n": n2, "min_cluster_size": 100}
    )
    if slow:
        hdb_hd = run_job({"kind": "hdbscan_fit_reextract", "dataset": emb, "n": hs, "min_cluster_size": 100})
    else:
        hdb_hd = {"error": "skipped (~48 s; --with-slow-anchors)"}
    raw["fit"] = {
        "ours_2d": ours_2d,
        "ours_hd": ours_hd,
        "fast_hdbscan": fast,
        "hdbscan_2d": hdb_2d,
        "hdbscan_hd": hdb_hd,
    }

    def item(res, i, key):
        return _get(res, "items", i, key) if "error" not in res else _get(res)

    def split(res, i, which):
        if "error" in res:
            return ""
        rec = res["items"][i]
        p = rec[which]
        imp = f"import {R.secs(rec['import_s'])} + " if which == "cold_parts" else ""
        return f"{imp}fit {R.secs(p['fit_s'])} + eval {R.secs(p['eval_s'])}" if p else ""

    ow2, oc2 = item(ours_2d, 0, "warm_total_s"), item(ours_2d, 0, "cold_total_s")
    owh, och = item(ours_hd, 0, "warm_total_s"), item(ours_hd, 0, "cold_total_s")
    ows = item(ours_hd, 1, "warm_total_s")
    fw2, fws = item(fast, 2, "warm_total_s"), item(fast, 1, "warm_total_s")
    fwh, fch = item(fast, 0, "warm_total_s"), item(fast, 0, "cold_total_s")
    h2 = _get(hdb_2d, "fit_s")
    hhd = _get(hdb_hd, "fit_s")
    q = (lambda ok: "-") if quick else R.yes_no
    r2 = ow2 / h2 if isinstance(ow2, float) and isinstance(h2, float) else None
    rows = [
        [
            f"{n2:,} x 2 warm",
            R.secs(ow2),
            split(ours_2d, 0, "warm_parts"),
            "hdbscan.fit",
            R.secs(h2),
            R.ratio(ow2, h2, "{:.2f}x"),
            "<= 1.3x hdbscan",
            q(None if r2 is None else r2 <= 1.3),
            _busy(ours_2d, hdb_2d),
        ],
        [
            f"{n2:,} x 2 warm",
            R.secs(ow2),
            "",
            "fast_hdbscan warm",
            R.secs(fw2),
            R.ratio(ow2, fw2, "{:.2f}x"),
            "-",
            "-",
            _busy(ours_2d, fast),
        ],
        [
            f"{hs:,} x 256 warm",
            R.secs(ows),
            split(ours_hd, 1, "warm_parts"),
            "hdbscan.fit",
            R.secs(hhd),
            R.ratio(ows, hhd, "{:.2f}x"),
            "<= 3 s",
            q(_meets(ows, 3.0)),
            _busy(ours_hd, hdb_hd),
        ],
        [
            f"{hs:,} x 256 warm",
            R.secs(ows),
            "",
            "fast_hdbscan warm",
            R.secs(fws),
            R.ratio(ows, fws, "{:.2f}x"),
            "-",
            "-",
            _busy(ours_hd, fast),
        ],
        [
            f"{hl:,} x 256 cold",
            R.secs(och),
            split(ours_hd, 0, "cold_parts"),
            "fast_hdbscan cold",
            R.secs(fch),
            R.ratio(och, fch, "{:.2f}x"),
            "<= 20 s",
            q(_meets(och, 20.0)),
            _busy(ours_hd, fast),
        ],
        [
            f"{hl:,} x 256 warm",
            R.secs(owh),
            split(ours_hd, 0, "warm_parts"),
            "fast_hdbscan warm",
            R.secs(fwh),
            R.ratio(owh, fwh, "{:.2f}x"),
            "-",
            "-",
            _busy(ours_hd, fast),
        ],
        [
            f"{n2:,} x 2 cold/warm",
            R.ratio(oc2, ow2, "{:.2f}x"),
            f"cold {R.secs(oc2)} / warm {R.secs(ow2)}",
            "-",
            "-",
            "-",
            "<= 2x",
            q(None if not isinstance(oc2, float) else oc2 / ow2 <= 2),
            _busy(ours_2d),
        ],
        [
            f"{hl:,} x 256 cold/warm",
            R.ratio(och, owh, "{:.2f}x"),
            f"cold {R.secs(och)} / warm {R.secs(owh)}",
            "fast_hdbscan cold/warm",
            R.ratio(fch, fwh, "{:.2f}x"),
            "-",
            "<= 2x",
            q(None if not isinstance(och, float) else och / owh <= 2),
            _busy(ours_hd, fast),
        ],
    ]
    method = "" if "error" in ours_hd else ours_hd["items"][0]["warm_parts"]["method"]
    print(
        R.table(
            "3. Fitting, duplicates included (min_samples=5, min_cluster_size=100 for the anchors)",
            [
                "case",
                "hdbscope",
                "hdbscope split",
                "anchor",
                "anchor figure",
                "ours/anchor",
                "target",
                "meets target",
                BUSY,
            ],
            rows,
            [
                "hdbscope = Clusterer(X).evaluate() (fit + first full result, GLOSH and duplicates);",
                "hdbscan = HDBSCAN(...).fit(X) only (its GLOSH is lazy, not included);",
                "fast_hdbscan = HDBSCAN(...).fit(X) (>30-d data goes through pynndescent, approximate).",
                "cold = fresh process, clock started before the import (includes JIT/cache loading).",
                f"hdbscope method at 256-d: {method}",
            ],
        )
    )
    print()


def bench_memory(cfg, quick, raw):
    """Row 4: peak RSS of Clusterer(X).evaluate() at 1M x 2 (from the row-1 processes)."""
    n = cfg["large"]
    rec = raw.get(f"reextract_{n}", {})
    ours, anc = rec.get("ours", {"error": "not run"}), rec.get("hdbscan", {"error": "not run"})
    od, ad = _get(ours, "delta_mib"), _get(anc, "delta_mib")
    rows = [
        [
            f"{n:,} x 2",
            R.mib(od),
            R.mib(_get(ours, "peak_mib")),
            R.mib(ad),
            R.mib(_get(anc, "peak_mib")),
            R.ratio(od, ad, "{:.2f}x"),
            "< 2 GiB",
            "-" if quick else R.yes_no(None if not isinstance(od, float) else od < 2048),
            _busy(ours, anc),
        ]
    ]
    print(
        R.table(
            "4. Memory: peak RSS while fitting (fresh process)",
            [
                "N x d",
                "hdbscope peak - baseline",
                "hdbscope peak",
                "hdbscan peak - baseline",
                "hdbscan peak",
                "ours/anchor",
                "target",
                "meets target",
                BUSY,
            ],
            rows,
            [
                "hdbscope: Clusterer(X).evaluate(); hdbscan: HDBSCAN(min_cluster_size=100, min_samples=5).fit(X).",
                "baseline = current RSS after imports, a small warm-up (JIT loaded) and creating X;",
                "the kernel's peak mark is reset there (/proc/self/clear_refs), then peak = ru_maxrss after the call.",
            ],
        )
    )
    print()


def bench_daml(cfg, quick, raw):
    """Row 5: daml 0.56.0 (the walk-through's system) in its own venv, beside hdbscope."""
    rows, why = [], None
    venv_python = os.path.join(os.environ.get("HDBSCOPE_DAML_VENV", daml_anchor.DEFAULT_VENV), "bin", "python")
    if quick and not os.environ.get("HDBSCOPE_DAML_PYTHON") and not os.path.exists(venv_python):
        why = "skipped in --quick: daml venv not created yet (run once without --quick)"
    else:
        try:
            python = daml_anchor.ensure_daml_python(log=lambda s: print(s, file=sys.stderr, flush=True))
        except daml_anchor.DamlUnavailable as exc:
            why = f"daml unavailable: {exc}"
    raw["daml"] = {"unavailable": why} if why else {}
    for n in cfg["daml_ns"]:
        ours = run_job({"kind": "ours_memory_reextract", "dataset": "walkthrough_like", "n": n})
        cold = run_job({"kind": "ours_series", "items": [{"dataset": "walkthrough_like", "n": n}]})
        d = (
            {"error": why}
            if why
            else run_job({"kind": "daml_fit", "dataset": "walkthrough_like", "n": n}, python=python)
        )
        raw["daml"][str(n)] = {"ours": ours, "ours_cold": cold, "daml": d}
        dd = _get(d, "delta_mib")
        rows.append(
            [
                f"{n:,} x 2",
                R.secs(_get(ours, "total_s")),
                R.secs(_get(cold, "items", 0, "cold_total_s")),
                R.secs(_get(d, "total_s")),
                R.ratio(_get(d, "total_s"), _get(ours, "total_s"), "{:.0f}x"),
                R.mib(_get(ours, "delta_mib")),
                R.mib(dd),
                R.mib(n * n * 8 / 2**20),
                "-" if isinstance(dd, str) else f"{dd * 2**20 / (n * n):.0f}",
                _busy(ours, d),
            ]
        )
    notes = [
        "Both: Clusterer(X).evaluate() on the walk-through's 5 blobs (std 0.3) at N points;",
        "peak RSS - baseline in a fresh process. 'hdbscope time' is warm (JIT loaded first);",
        "'hdbscope cold' = a fresh process's import + first call. daml/hdbscope uses warm.",
        "daml 0.56.0 builds pdist + squareform(pdist) (an N x N float64 = 8 N^2 bytes) and",
        "N x N masks, so its memory grows at least as N^2; 'daml bytes / N^2' = its peak over N^2.",
        "hdbscope builds nothing N x N (its figure is within the noise of the baseline here).",
    ]
    if why:
        notes.insert(0, "daml NOT MEASURED -- " + why.replace("\n", "\n  "))
    print(
        R.table(
            "5. Against the walk-through's own system: daml==0.56.0",
            [
                "N x d",
                "hdbscope time",
                "hdbscope cold",
                "daml time",
                "daml/hdbscope",
                "hdbscope peak-base",
                "daml peak-base",
                "one N x N float64",
                "daml bytes / N^2",
                BUSY,
            ],
            rows,
            notes,
        )
    )
    print()


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
        _fit_lowd.bench_fit_lowd(cfg, args.quick, raw, run_job, _get, BUSY, _busy)
    if "memory" in only:
        bench_memory(cfg, args.quick, raw)
    if "daml" in only:
        bench_daml(cfg, args.quick, raw)
    if "scale" in only:
        bench_scale(run_job, _busy, args.quick, raw, with_big=not args.no_big)
    total = time.perf_counter() - t0
    print(f"total wall time: {total:.0f} s")
    print(
        f"'{BUSY}' = cores' worth of CPU that OTHER processes used while that figure was "
        "measured (ours / anchor); near 0 = clean, near the cpu count = inflated."
    )
    if OTHERS:
        busy = max(OTHERS) > 0.25
        print(
            f"CPU used by other processes during the measurements: {min(OTHERS):.2f} .. "
            f"{max(OTHERS):.2f} cores (of {os.cpu_count()})"
            + (
                " -- OTHER PROCESSES WERE COMPETING: timings are inflated; re-run on an idle "
                "machine before trusting a 'NO'."
                if busy
                else " (idle machine)"
            )
        )
    info["other_cores_per_job"] = OTHERS

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
