"""Dashboard benchmarks (hdbscope.dashboard): the parameter sweep behind the first chart,
building the charts, the charts' share of each slider update, and what the charts send.

    python -m benchmarks.bench_dashboard              # 10k and 100k points (~1 min)
    python -m benchmarks.bench_dashboard --with-1m    # + 1M points (several minutes)
    python -m benchmarks.bench_dashboard --quick      # 2k and 10k, smoke run

Results: benchmarks/results/dashboard.json (the default sizes, with or without --with-1m;
--quick: results/quick/dashboard.json).

Benchmarks, not tests: nothing asserts on time. Timings are wall time in this process,
after one warm-up fit (numba kernels loaded); the 1-minute load average is printed with
each size because the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))  # measure the checkout
from benchmarks import _report as R  # noqa: E402
from benchmarks._data import blobs_2d  # noqa: E402

SWEEP_TARGET_S = 1.0  # at 100k points (issue 5)
UPDATE_VALUES = [12, 20, 30, 45, 60, 75, 90, 120, 150, 200]  # fresh min_cluster_size values


def clock(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def state_bytes(widget) -> int:
    """What a widget's full state costs on the wire: JSON plus binary buffers."""
    from ipywidgets.widgets.widget import _remove_buffers

    state, _, buffers = _remove_buffers(widget.get_state())
    return len(json.dumps(state, default=str)) + sum(len(memoryview(b).cast("B")) for b in buffers)


def chart_bytes(d) -> int:
    seen, total = set(), 0
    for chart in (d.sweep, d.histogram, d.sizes):
        f = chart.figure
        for w in (f, *f.marks, *f.axes, *(s for m in f.marks for s in m.scales.values())):
            if id(w) not in seen:
                seen.add(id(w))
                total += state_bytes(w)
    return total


def measure(n: int) -> dict:
    import numpy as np

    from hdbscope import ClusterExplorer
    from hdbscope.dashboard import dashboard

    X = blobs_2d(n)
    load = os.getloadavg()[0]
    fit_s, explorer = clock(ClusterExplorer, X)
    c = explorer.clusterer
    sweep_first, frame = clock(c.sweep)
    sweep_again = statistics.median(clock(c.sweep)[0] for _ in range(3))
    build_s, d = clock(dashboard, explorer)

    # One slider update set from Python = the explorer's evaluation + the charts' redraw
    # (they redraw at once for values set from Python). Each value once with the dashboard,
    # once without (a second explorer on the same data shares nothing with the first).
    plain = ClusterExplorer(X)
    with_charts, without = [], []
    for m in UPDATE_VALUES:
        with_charts.append(clock(setattr, explorer, "min_cluster_size", m)[0])
        without.append(clock(setattr, plain, "min_cluster_size", m)[0])
    click_s = statistics.median(clock(d.sizes.select_bar, 0)[0] for _ in range(5))
    assert len(explorer.selected) == int(d.sizes.sizes[0])  # the click did select the bar's cluster
    return {
        "n": n,
        "load_1min": load,
        "fit_s": fit_s,
        "sweep_values": len(frame),
        "sweep_first_s": sweep_first,
        "sweep_again_s": sweep_again,
        "dashboard_build_s": build_s,
        "update_with_charts_s": statistics.median(with_charts),
        "update_without_s": statistics.median(without),
        "bar_click_s": click_s,
        "chart_state_bytes": chart_bytes(d),
        "n_clusters_at_default": int(np.max(explorer.clusterer.evaluate().labels) + 1),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2k and 10k points only")
    ap.add_argument("--with-1m", action="store_true", help="also 1M points (several minutes)")
    ap.add_argument("--json", help="write the raw numbers here instead (default benchmarks/results/dashboard.json)")
    args = ap.parse_args(argv)
    sizes = [2_000, 10_000] if args.quick else [10_000, 100_000] + ([1_000_000] if args.with_1m else [])

    from hdbscope import Clusterer

    Clusterer(blobs_2d(2_000))  # warm-up: numba kernels loaded before anything is timed
    results = [measure(n) for n in sizes]

    print("\n".join(R.header_lines(R.machine_info())))
    print()
    rows = []
    for r in results:
        target = f"<= {SWEEP_TARGET_S:.0f} s" if r["n"] == 100_000 else "-"
        meets = R.yes_no(r["sweep_first_s"] <= SWEEP_TARGET_S) if r["n"] == 100_000 else "-"
        rows.append(
            [
                f"{r['n']:,}",
                r["sweep_values"],
                R.secs(r["sweep_first_s"]),
                R.secs(r["sweep_again_s"]),
                target,
                meets,
                R.secs(r["fit_s"]),
                f"{r['load_1min']:.1f}",
            ]
        )
    print(
        R.table(
            "Parameter sweep: Clusterer.sweep() from the cached tree",
            [
                "points",
                "values",
                "sweep (first call)",
                "sweep (median of 3 more)",
                "target",
                "meets target",
                "fit, for scale",
                "load avg",
            ],
            rows,
            [
                "values: min_cluster_size values, log-spaced over 2 .. n/2 (the slider's range).",
                "fit: ClusterExplorer(X), the one-off cost the sweep avoids repeating per value.",
            ],
        )
    )
    print()
    rows = [
        [
            f"{r['n']:,}",
            R.secs(r["dashboard_build_s"]),
            R.secs(r["update_without_s"]),
            R.secs(r["update_with_charts_s"]),
            R.secs(r["bar_click_s"]),
            f"{r['chart_state_bytes'] / 1024:.0f} KiB",
        ]
        for r in results
    ]
    print(
        R.table(
            "Dashboard: building it, and its share of each update",
            [
                "points",
                "dashboard(explorer)",
                "update, explorer alone",
                "update, with charts",
                "bar click -> selected",
                "chart state sent",
            ],
            rows,
            [
                "dashboard(explorer): the sweep + histogram + bars + the bqplot widgets (fit excluded).",
                f"update: explorer.min_cluster_size = m set from Python, median over {len(UPDATE_VALUES)} "
                "fresh values; the charts redraw at once for values set from Python. From a slider "
                "their redraw runs after the explorer's message has gone out.",
                "chart state sent: every chart widget's full state (JSON + binary buffers), once; "
                "bins and bars only, so it does not grow with the number of points.",
            ],
        )
    )
    out = args.json or os.path.join(HERE, "results", *(["quick"] if args.quick else []), "dashboard.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"machine": R.machine_info(), "results": results}, f, indent=1)
    print(f"results written to {os.path.relpath(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
