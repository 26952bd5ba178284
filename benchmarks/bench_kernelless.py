"""The browser's re-extraction (js/extract/, run in headless Chromium) against the kernel path,
and the crossover that sets the in-notebook preview's size limit
(widget/_kernelless.KERNELLESS_MAX_SAMPLES).

    PYTHONPATH=src python -m benchmarks.bench_kernelless [--sizes 10000 100000 1000000]

Per size (benchmarks/_data.blobs_2d, the data bench_widget draws):

- one-off cost of the preview: the fitted state's bytes, Python's encoding of it
  (portable_bytes), its transfer (bytes at the comm throughput bench_widget measured:
  its largest reply over that reply's transport time), the browser's prepare
  (decode + Extractor: exact groups, sample map, colour slots of the tree), cold, and
  the first move's JIT compilation (its excess over a warm move);
- per move, browser: extraction + encoding into the traits a view draws, in headless
  Chromium (a fresh page per size; the bundle of benchmarks/extract_bench.ts), median
  of 9 moves to new values after 5 warm-up moves;
- per move, kernel path: Python's evaluate() (memo cleared) + encode_result(), measured
  here, plus what bench_widget measured around them at that size (input -> sent,
  kernel rest, transport, JS decode; interpolated between its sizes);
- the saving per move, the moves it takes to pay the one-off cost back, and the
  crossover: the size above which some slider is slower in the browser, or the
  one-off is not paid back within MAX_BREAK_EVEN moves spread evenly over the three
  sliders (interpolated in log N between the sizes measured).

Drawing the frame is left out of both paths: it is the same work either way.

Writes benchmarks/results/kernelless.json (table + raw numbers).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import tempfile
import time

import numpy as np

from benchmarks._data import blobs_2d
from benchmarks._kernelless_browser import Chromium, browser_bundle
from benchmarks._report import header_lines, machine_info, table
from hdbscope import Clusterer
from hdbscope.engine import PORTABLE_ARRAYS as ARRAYS
from hdbscope.engine import portable_bytes
from hdbscope.widget._kernelless import KERNELLESS_MAX_SAMPLES
from hdbscope.widget._serialization import encode_result

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "results" / "kernelless.json"
WIDGET = HERE / "results" / "widget.json"
AROUND = ("input_to_send_ms", "kernel_rest_ms", "transport_ms", "js_decode_ms")
SLIDERS = ("min_cluster_size", "duplicate_threshold", "outlier_threshold")
# an older widget.json (bench_widget before it moved outlier_threshold) has no outlier_threshold moves:
# that slider then borrows duplicate_threshold's (its reply, flags, is the closest), and the note says so
AROUND_OF = {"outlier_threshold": "duplicate_threshold"}
# moves, spread evenly over the sliders: a preview whose one-off cost takes longer to pay back is not
# worth sending (one slider drag sends several moves, so this is a few drags)
MAX_BREAK_EVEN = 20


def widget_figures() -> tuple[dict[str, dict[int, float]], float | None]:
    """From bench_widget's result: per slider, {N: median ms around evaluate+encode}, and the
    comm throughput (bytes/ms) of its largest reply."""
    if not WIDGET.exists():
        return {}, None
    res = json.loads(WIDGET.read_text()).get("results", {})
    around: dict[str, dict[int, float]] = {}
    best = None
    for n, r in res.items():
        for slider, m in r.get("explorer", {}).get("moves", {}).items():
            moves = m.get("moves", [])
            if not moves:
                continue
            around.setdefault(slider, {})[int(n)] = float(np.median([sum(x[k] for k in AROUND) for x in moves]))
            big = max(moves, key=lambda x: x["reply_bytes"])
            rate = np.median(
                [x["reply_bytes"] / x["transport_ms"] for x in moves if x["reply_bytes"] == big["reply_bytes"]]
            )
            if best is None or big["reply_bytes"] > best[0]:
                best = (big["reply_bytes"], float(rate))
    return around, (best[1] if best else None)


def interpolate(points: dict[int, float], n: int) -> float:
    ns = sorted(points)
    return float(np.interp(n, ns, [points[k] for k in ns])) if ns else float("nan")


def med_ms(f, values) -> float:
    out = []
    for v in values:
        t0 = time.perf_counter()
        f(v)
        out.append(1e3 * (time.perf_counter() - t0))
    return float(np.median(out))


def measure(n: int, chromium: Chromium, tmp: pathlib.Path) -> dict:
    c = Clusterer(blobs_2d(n))
    t0 = time.perf_counter()
    scalars, buffers = portable_bytes(c)  # what the explorer sends, once (fitted_trait)
    encode_ms = 1e3 * (time.perf_counter() - t0)
    d = tmp / str(n)
    d.mkdir()
    for k, b in zip(ARRAYS, buffers):
        (d / f"{k}.bin").write_bytes(b)
    lo, hi = c.duplicate_threshold_range
    sizes = [int(s) for s in np.geomspace(5, 500, 9).round()]
    thresholds = [float(t) for t in np.geomspace(max(lo, hi * 1e-3), hi, 9)]
    cuts = [float(x) for x in np.linspace(0.5, 0.95, 9)]
    meta = {"scalars": scalars, "sizes": sizes, "threshold": thresholds[4], "thresholds": thresholds,
            "cuts": cuts, "repeats": 9}  # fmt: skip
    (d / "meta.json").write_text(json.dumps(meta))
    browser = chromium.run(str(n))

    # the kernel path per move, each to a new value with its memo cleared: no cached answers
    def by_size(m, t=thresholds[4]):
        c._clusters.clear()
        encode_result(c.evaluate(min_cluster_size=m, duplicate_threshold=t))

    def by_threshold(t, m=sizes[0]):
        c._duplicates.clear()
        encode_result(c.evaluate(min_cluster_size=m, duplicate_threshold=t))

    def by_cut(cut, m=sizes[0], t=thresholds[4]):
        c._potential.clear()
        encode_result(c.evaluate(min_cluster_size=m, duplicate_threshold=t, outlier_threshold=cut))

    by_size(sizes[0])  # warm
    return {
        "n": n,
        "state_bytes": sum(len(b) for b in buffers),
        "python_encode_ms": encode_ms,
        "browser": browser,
        "python_min_cluster_size_ms": med_ms(by_size, sizes),
        "python_duplicate_threshold_ms": med_ms(by_threshold, thresholds),
        "python_outlier_threshold_ms": med_ms(by_cut, cuts),
    }


def analyse(r: dict, around: dict[str, dict[int, float]], rate: float | None) -> dict:
    """Per slider: kernel path and browser per move, saving, moves to pay the one-off back."""
    n, b = r["n"], r["browser"]
    transfer = r["state_bytes"] / rate if rate else float("nan")
    jit = max(0.0, b["first_move_ms"] - b["min_cluster_size_ms"])  # the first move's compilation
    one_off = r["python_encode_ms"] + transfer + b["prepare_ms"] + jit
    out = {"n": n, "transfer_ms": transfer, "jit_ms": jit, "one_off_ms": one_off, "sliders": {}}
    for slider in SLIDERS:
        rest = interpolate(around.get(slider) or around.get(AROUND_OF.get(slider, slider), {}), n)
        kernel = r[f"python_{slider}_ms"] + rest
        saving = kernel - b[f"{slider}_ms"]
        out["sliders"][slider] = {
            "kernel_ms": kernel, "browser_ms": b[f"{slider}_ms"], "saving_ms": saving,
            "moves_to_pay_back": one_off / saving if saving > 0 else float("inf"),
        }  # fmt: skip
    savings = [s["saving_ms"] for s in out["sliders"].values()]
    mean = float(np.mean(savings))
    out["mean_saving_ms"] = mean
    out["moves_to_pay_back"] = one_off / mean if mean > 0 else float("inf")
    out["min_saving_ms"] = min(savings)
    return out


def crossover(analysed: list[dict], horizon: int = MAX_BREAK_EVEN) -> dict:
    """The N above which the preview does not pay: the first size failing the rule (some slider
    slower in the browser, or the one-off not paid back within MAX_BREAK_EVEN moves at the mean
    saving), interpolated in log N from the last size that passes."""
    # the rule as one number, >= 0 when it holds
    worst = sorted((a["n"], min(a["min_saving_ms"], a["mean_saving_ms"] - a["one_off_ms"] / horizon)) for a in analysed)
    prev = None
    for n, m in worst:
        if m < 0:
            if prev is None:
                return {"n": None, "below": n, "above": None}
            (n0, m0) = prev
            x = np.log(n0) + (np.log(n) - np.log(n0)) * m0 / (m0 - m)
            return {"n": int(round(float(np.exp(x)), -3)), "above": n0, "below": n}
        prev = (n, m)
    return {"n": None, "above": worst[-1][0] if worst else None, "below": None}


def rows_for(r: dict, a: dict) -> list[list]:
    b = r["browser"]
    out = []
    for slider, s in a["sliders"].items():
        moves = s["moves_to_pay_back"]
        out.append([
            f"{r['n']:,}", slider, f"{r['state_bytes'] / 1e6:.1f}", f"{r['python_encode_ms']:.0f}",
            f"{a['transfer_ms']:.0f}", f"{b['prepare_ms']:.0f}", f"{a['jit_ms']:.0f}", f"{a['one_off_ms']:.0f}",
            f"{s['browser_ms']:.1f}", f"{s['kernel_ms']:.0f}", f"{s['saving_ms']:.0f}",
            "never" if moves == float("inf") else f"{moves:.1f}",
        ])  # fmt: skip
    mean = a["moves_to_pay_back"]
    out.append([f"{r['n']:,}", "(mean of the three)", *[""] * 8, f"{a['mean_saving_ms']:.0f}",
                "never" if mean == float("inf") else f"{mean:.1f}"])  # fmt: skip
    return out


def borrowed(around: dict[str, dict[int, float]]) -> list[str]:
    """The sliders whose kernel-path figures are borrowed (an older widget.json lacks them)."""
    return [s for s in SLIDERS if not around.get(s) and around.get(AROUND_OF.get(s, s))]


def crossover_line(x: dict) -> str:
    if x["n"] is not None:
        return f"crossover: about {x['n']:,} samples (passes at {x['above']:,}, fails at {x['below']:,})"
    if x["below"] is not None:
        return f"crossover: below {x['below']:,} samples, the smallest size measured"
    return f"crossover: above {x['above']:,} samples, the largest size measured"


def run(sizes: list[int]) -> tuple[list[dict], str, tuple, tuple]:
    load_start = os.getloadavg()
    results = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        chromium = Chromium(tmp, browser_bundle(tmp))
        try:
            for n in sizes:
                results.append(measure(n, chromium, tmp))
                print(json.dumps(results[-1]), flush=True)
        finally:
            chromium.close()
    return results, chromium.version, load_start, os.getloadavg()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000, 300_000, 1_000_000])
    ap.add_argument("--reanalyse", action="store_true", help="recompute the table from the last run's raw"
                    " figures (after a new bench_widget run), measuring nothing")  # fmt: skip
    args = ap.parse_args()
    if args.reanalyse:
        last = json.loads(OUT.read_text())
        results, version, load_start, load_end = (
            last[k] for k in ("results", "chromium", "loadavg_start", "loadavg_end")
        )
    else:
        results, version, load_start, load_end = run(args.sizes)
    around, rate = widget_figures()
    analysed = [analyse(r, around, rate) for r in results]
    cross = crossover(analysed)
    by_horizon = {k: crossover(analysed, k) for k in (10, 20, 30)}
    rows = [row for r, a in zip(results, analysed) for row in rows_for(r, a)]
    head = header_lines(machine_info()) + [
        f"browser : Chromium {version} (headless)",
        f"load    : {load_start[0]:.1f} at start, {load_end[0]:.1f} at end (1-min load average)",
    ]
    text = "\n".join(head) + "\n\n" + table(
        "Preview in the browser against the kernel path (ms)",
        ["N", "slider", "state MB", "py encode", "transfer", "JS prepare", "JIT", "one-off", "JS move",
         "kernel move", "saving/move", "moves to pay back"],
        rows,
        [
            "one-off = py encode (portable_bytes) + transfer (state MB at "
            + (f"{rate / 1e3:.0f} MB/s, bench_widget's largest reply" if rate else "? MB/s: no widget.json")
            + ") + JS prepare (decode + Extractor, cold) + JIT (the first move's excess over a warm one).",
            "JS move: extraction + encoding into trait values, in Chromium, median of 9 moves to new values"
            " after 5 warm-up moves.",
            "kernel move: evaluate() + encode_result() here, memo cleared, + bench_widget's input->sent, kernel"
            " rest, transport and JS decode at that N (interpolated"
            + "".join(f"; {s} borrows {AROUND_OF[s]}'s: widget.json has no {s} moves" for s in borrowed(around))
            + ").",
            f"rule: the preview pays when no slider is slower in the browser and the mean saving pays the"
            f" one-off back within {MAX_BREAK_EVEN} moves; {crossover_line(cross)}; limit now: KERNELLESS_MAX_SAMPLES ="
            f" {KERNELLESS_MAX_SAMPLES:,}.",
            "crossover by horizon: "
            + "; ".join(f"{k} moves: {crossover_line(x).removeprefix('crossover: ')}" for k, x in by_horizon.items())
            + ".",
        ],
    )  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {"results": results, "analysis": analysed, "crossover": cross, "crossover_by_horizon": by_horizon, "around_ms": around, "around_borrowed": borrowed(around),
               "comm_bytes_per_ms": rate, "chromium": version,
               "loadavg_start": load_start, "loadavg_end": load_end, "table": text}  # fmt: skip
    OUT.write_text(json.dumps(payload, indent=1) + "\n")
    print(text)


if __name__ == "__main__":
    main()
