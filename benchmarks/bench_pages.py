"""What numpy's huge-page advice costs a fit and a slider move, on this machine.

    flock /tmp/hdbscope-heavy.lock python -m benchmarks.bench_pages           # ~4 min
    python -m benchmarks.bench_pages --quick                                  # smaller, < 1 min

numpy advises Linux to back each array of 4 MB or more with transparent huge pages; the
engine turns that advice off while a fit or an ``evaluate()`` runs (``engine/_pages.py``).
Each row sets the engine's way ("small pages") beside numpy's default ("huge pages": the
engine's switch disabled in that process), interleaved, fresh processes:

* a fresh 1 GiB ``np.ones`` (the raw cost of first touching new memory);
* ``Clusterer(X).evaluate()`` on 100k x 256 embedding_like in a fresh process (import
  included, as ``bench_engine``'s scale section measures it);
* ``evaluate(min_cluster_size=m)`` on a fitted 1M x 2, each move a new m after a 2 s pause
  (as between slider moves), modes alternating in one process.

Where huge pages are cheap to get (most bare-metal machines) the two columns should be
close; the engine's choice is only worth it where they are not. Results:
benchmarks/results/pages.json (--quick: results/quick/).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks._report import write_result

HERE = Path(__file__).resolve().parent
FULL = {"array_mib": 1024, "fit": (100_000, 256), "moves": 1_000_000, "repeats": 3, "n_moves": 7}
QUICK = {"array_mib": 256, "fit": (20_000, 256), "moves": 200_000, "repeats": 2, "n_moves": 3}
PAUSE_S = 2.0


def _engine_pages(huge: bool):
    """The engine's ``_pages`` module, with its switch disabled when ``huge`` (numpy's default
    advice then stays on inside the engine)."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from hdbscope.engine import _pages

    if huge:
        _pages._switch = lambda: None
    return _pages


def child(case: str, huge: bool, cfg: dict) -> dict:
    if case == "array":
        switch = _engine_pages(False)._switch()  # numpy's own (numpy 1 or 2)
        assert switch is not None, "this numpy has no huge-page switch"
        switch(huge)
        t0 = time.perf_counter()
        np.ones(cfg["array_mib"] << 18, dtype=np.float32)
        return {"s": time.perf_counter() - t0}
    sys.path.insert(0, str(HERE.parent))
    from benchmarks._data import embedding_like

    X = embedding_like(cfg["fit"][0], dim=cfg["fit"][1])
    t0 = time.perf_counter()  # before the import, as bench_engine's scale section times it
    _engine_pages(huge)
    import hdbscope

    hdbscope.Clusterer(X, progress=False).evaluate()
    return {"s": time.perf_counter() - t0}


def moves(cfg: dict) -> dict:
    """Alternating rounds of moves in one process (one fit): small pages, then huge, ..."""
    _pages = _engine_pages(False)
    import hdbscope

    rng = np.random.default_rng(0)
    n = cfg["moves"]
    X = rng.normal(size=(n, 2)) + np.repeat(rng.normal(scale=8, size=(20, 2)), n // 20, axis=0)
    c = hdbscope.Clusterer(X, progress=False)
    switch = _pages._switch
    out: dict = {"small": [], "huge": []}
    for r in range(4):
        mode = ("small", "huge")[r % 2]
        _pages._switch = switch if mode == "small" else (lambda: None)
        for m in range(40 + r, 40 + r + 24 * cfg["n_moves"], 24):  # new values: nothing memoised
            time.sleep(PAUSE_S)
            t0 = time.perf_counter()
            c.evaluate(min_cluster_size=m)
            out[mode].append(time.perf_counter() - t0)
    return out


def run(args: list[str]) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_pages", "--child", *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=HERE.parent).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    cfg = QUICK if a.quick else FULL
    if a.child:
        if a.child[0] == "moves":
            print(json.dumps(moves(cfg)))
        else:
            print(json.dumps(child(a.child[0], a.child[1] == "huge", cfg)))
        return 0
    quick = ["--quick"] if a.quick else []
    rows = []
    n, d = cfg["fit"]
    names = {"array": f"fresh {cfg['array_mib']} MiB np.ones", "fit": f"fresh process fit, {n:,} x {d} float32"}
    for case in ("array", "fit"):
        times: dict = {"small": [], "huge": []}
        for _ in range(cfg["repeats"]):
            for mode in ("small", "huge"):
                times[mode].append(run([case, mode, *quick])["s"])
        rows.append({"what": names[case], **{m: float(np.median(v)) for m, v in times.items()}, "all": times})
    mv = run(["moves", *quick])
    rows.append(
        {
            "what": f"evaluate(min_cluster_size=new), {cfg['moves']:,} x 2, {PAUSE_S:.0f} s apart",
            **{m: float(np.median(v)) for m, v in mv.items()},
            "all": mv,
        }
    )
    print(f"## numpy's huge-page advice: engine's small pages against it ({time.strftime('%Y-%m-%d %H:%M')})")
    print("what | small pages (engine) | huge pages (numpy default) | huge / small")
    for r in rows:
        print(f"{r['what']} | {r['small']:.3f} s | {r['huge']:.3f} s | {r['huge'] / r['small']:.2f}x", flush=True)
    print("written", write_result("pages", a.quick, {"config": cfg, "rows": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
