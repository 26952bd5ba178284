"""hdbscope.ClusterExplorer in real JupyterLab + headless Chromium: slider latency,
display time and tab memory, beside the floors measured in the same run.

    python -m benchmarks.bench_widget                  # 10k, 100k, 1M (the 1M fit alone takes minutes)
    python -m benchmarks.bench_widget --quick          # 10k and 100k, smoke run (< 2 min)
    python -m benchmarks.bench_widget --sizes 10000,1000000 [--moves 12] [--nodelay] [--no-peer]

Starts its own JupyterLab on 127.0.0.1 (random token, JUPYTER_* dirs in a temp dir) and
stops it by PID at the end, kernels included. Browser: Debian's /usr/bin/chromium through
Playwright (never `playwright install`). A benchmark, not a test: it prints tables with a
target and a "meets target" column and asserts nothing. Results also go to
benchmarks/results/widget.json with every sample (--quick, other --sizes and --nodelay runs:
benchmarks/results/quick/, not committed).

Floors, measured in the same run at the same N: a bare kernel round trip
(kernel.requestExecute('pass') timed in the page) and an anchor anywidget
(_widget_anchor.py: Python recomputes an int32 label array per slider value and sends it
back as bytes; a 2-D canvas paints it). The kernel's own share (engine evaluate(),
encoding, the rest) is timed inside the kernel (_widget_kernel.py) for the same moves.

Two paths for a slider move, same run, same fit: the kernel path (an explorer sent no
fitted state: every move is answered by Python) and the in-browser preview (a second
explorer sent the fitted state at every N: the move is re-extracted in TypeScript and
drawn at once, Python's answer follows; _widget_preview.py).

The peer (_widget_peer.py): jupyter-scatter at the same N and canvas size, same browser:
display -> first frame with all N points, and the same zoom gesture (--no-peer skips it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import pathlib
import shutil
import signal
import sys
import tempfile
import time

from benchmarks import _report as R
from benchmarks import _widget_page as P
from benchmarks._widget_measure import bench_anchor, bench_explorer
from benchmarks._widget_peer import bench_peer
from benchmarks._widget_report import report
from benchmarks._widget_server import LabServer
from tests.e2e._chromium import CHROMIUM, CHROMIUM_ARGS  # the e2e recipe's flags, one home

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent


def bundle_info() -> dict:
    p = REPO / "src" / "hdbscope" / "static" / "widget.js"
    if not p.exists():
        return {"path": str(p), "missing": True}
    b = p.read_bytes()
    return {
        "path": str(p),
        "sha256": hashlib.sha256(b).hexdigest()[:16],
        "bytes": len(b),
        "mtime": dt.datetime.fromtimestamp(p.stat().st_mtime).isoformat(timespec="seconds"),
    }


def _on_sigterm(*_):
    raise KeyboardInterrupt("SIGTERM")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated N (default 10k, 100k, 1M)")
    ap.add_argument("--quick", action="store_true", help="10k and 100k only (smoke run, < 2 min)")
    ap.add_argument("--moves", type=int, default=12, help="measured moves per slider (after one warm-up), >= 10")
    ap.add_argument(
        "--nodelay",
        action="store_true",
        help="set TCP_NODELAY on the kernel websocket (not stock JupyterLab; for comparison)",
    )
    ap.add_argument(
        "--trace",
        action="store_true",
        help="also trace one extra move per slider and size (Chromium trace: JS vs waiting for the GPU)",
    )
    ap.add_argument("--no-peer", action="store_true", help="skip the peer widget (jupyter-scatter)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (server log, notebooks, screenshots)")
    a = ap.parse_args(argv)
    sizes = [10_000, 100_000] if a.quick else [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    if a.moves < 10:
        ap.error("--moves must be >= 10")
    if not os.path.exists(CHROMIUM):
        print(f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    # SIGTERM -> an exception, so the finally blocks stop the server and the browser.
    signal.signal(signal.SIGTERM, _on_sigterm)
    info = R.machine_info()
    info["versions"].update(
        {d: R._version(d) for d in ("jupyterlab", "anywidget", "ipywidgets", "playwright", "jupyter-scatter")}
    )
    env = {
        "machine": info,
        "bundle": bundle_info(),
        "loadavg_start": os.getloadavg(),
        "nodelay": a.nodelay,
        "sizes": sizes,
        "moves": a.moves,
    }
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="hdbscope-bench-widget-"))
    server = LabServer(tmp, pythonpath=[str(REPO / "src"), str(REPO)], nodelay=a.nodelay)
    results: dict = {}
    t_start = time.monotonic()
    try:
        P.log(f"JupyterLab up in {server.start():.1f} s on 127.0.0.1:{server.port} (pid {server.proc.pid}); dir {tmp}")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            env["chromium"] = browser.version
            try:
                for n in sizes:
                    P.log(f"N = {n:,}: hdbscope explorer")
                    ex = bench_explorer(browser, server, n, a.moves, a.trace)
                    P.log(f"N = {n:,}: anchor widget")
                    results[n] = {"explorer": ex, "anchor": bench_anchor(browser, server, n, a.moves)}
                    if not a.no_peer:
                        P.log(f"N = {n:,}: jupyter-scatter")
                        results[n]["peer"] = bench_peer(browser, server, n, tuple(ex["gl"]["canvas"]))
            finally:
                browser.close()
    finally:
        for note in server.stop():
            P.log(f"server stop: {note}")
        if a.keep:
            P.log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    env["loadavg_end"] = os.getloadavg()
    env["total_s"] = time.monotonic() - t_start

    gl = next(iter(results.values()))["explorer"]["gl"]
    head = R.header_lines(info) + [
        f"browser : Debian Chromium {env['chromium']} headless via Playwright; WebGL: {gl['renderer']}"
        f" ({gl['version']}), canvas {gl['canvas'][0]}x{gl['canvas'][1]} px",
        "NOTE    : headless Chromium here draws WebGL with SwiftShader (software rendering on the CPU, no GPU):"
        " draw and frame times are pessimistic compared with a real GPU.",
        f"server  : JupyterLab {info['versions']['jupyterlab']} on 127.0.0.1, "
        + (
            "TCP_NODELAY set on the kernel websocket (--nodelay; NOT stock)"
            if a.nodelay
            else "stock (no TCP_NODELAY: ~40-50 ms Nagle/delayed-ACK floor per round trip on loopback)"
        ),
        f"load    : loadavg {env['loadavg_start'][0]:.2f} at start, {env['loadavg_end'][0]:.2f} at end"
        f" (other work shares the {info['cpu_count']} cores); run took {env['total_s'] / 60:.1f} min",
        f"bundle  : widget.js sha256 {env['bundle'].get('sha256')} ({env['bundle'].get('mtime')})",
        "data    : benchmarks/_data.py blobs_2d(N, seed=0): 20 2-D gaussian blobs + 2% noise + 0.5% exact and"
        " 0.5% near duplicates; construct times (fit + layout + first result): "
        + ", ".join(
            f"{n:,}: {r['explorer']['kernel_info'].get('construct_s', float('nan')):.1f} s" for n, r in results.items()
        ),
    ]
    text = "\n".join(head) + "\n\n" + report(results, env)
    print(text)
    errors = {
        f"{n} {w}": r[w]["page_errors"]
        for n, r in results.items()
        for w in ("explorer", "anchor", "peer")
        if w in r and r[w]["page_errors"]
    }
    if errors:
        print("\nbrowser errors seen:", json.dumps(errors, indent=1))
    bad = {
        n: {s: mv["mismatched"] for s, mv in r["explorer"]["moves"].items() if mv["mismatched"]}
        for n, r in results.items()
    }
    if any(bad.values()):
        print(f"\nWARNING: the frame showed a different value than the slider sent: {bad}")

    suffix = (
        "-quick"
        if a.quick
        else ("" if sizes == [10_000, 100_000, 1_000_000] else "-" + "-".join(str(n) for n in sizes))
    )
    suffix += "-nodelay" if a.nodelay else ""
    suffix += "-nopeer" if a.no_peer and not suffix else ""
    # The committed result is a run at the default sizes; the others go to the ignored results/quick/.
    out = HERE / "results" / ("widget.json" if not suffix else f"quick/widget{suffix}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {"env": env, "results": {str(n): r for n, r in results.items()}, "table": text}, indent=1, default=str
        )
    )
    print(f"\nresults: {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
