"""Ctrl-C during a fit of wide data at scale (issue 12: "stops a fit within 2 s").

    python -m benchmarks.bench_interrupt                          # 1M x 256 (~8 min)
    python -m benchmarks.bench_interrupt --n 200000 --dim 512 --at 3 8

Two measures, each in fresh processes (the data is written once to a temporary .npy):

- the slice boundaries of one whole fit: every ``Progress.stage`` and ``Progress.tick``
  is timed, and the longest stretches between two of them are listed (a Ctrl-C waits at
  most that long: while a fit runs SIGINT is only recorded, and the next boundary raises);
- a real SIGINT sent ``--at`` seconds into a fit: how long until the process has stopped,
  its exit code (a signal's number if it died) and whether the fit ended by KeyboardInterrupt.

Prints two tables with the 2 s target and writes benchmarks/results/interrupt.json (other
sizes: results/quick/). A benchmark: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

from benchmarks._data import embedding_like
from benchmarks._report import header_lines, machine_info, secs, table, yes_no

HERE = pathlib.Path(__file__).resolve().parent
TARGET_S = 2.0
DEFAULT = dict(n=1_000_000, dim=256, at=[2.0, 30.0, 55.0, 90.0, 120.0])

# Run in the child: times every slice boundary of one fit (the first argument: the .npy path).
BOUNDARIES = """
import sys, time, json
import numpy as np
X = np.load(sys.argv[1])
from hdbscope import Clusterer
from hdbscope.engine import _progress
marks, where = [], ["start"]
stage, tick = _progress.Progress.stage, _progress.Progress.tick
def timed_stage(self, name):
    where[0] = name
    marks.append((time.monotonic(), name))
    return stage(self, name)
def timed_tick(self):
    marks.append((time.monotonic(), where[0]))
    return tick(self)
_progress.Progress.stage, _progress.Progress.tick = timed_stage, timed_tick
marks.append((time.monotonic(), "start"))
Clusterer(X, progress=False)
marks.append((time.monotonic(), "end"))
print(json.dumps(marks))
"""

# Run in the child: a fit that a SIGINT from the parent interrupts.
INTERRUPTED = """
import signal, sys
# as in a terminal or a Jupyter kernel: a process started in the background inherits SIGINT ignored
signal.signal(signal.SIGINT, signal.default_int_handler)
import numpy as np
X = np.load(sys.argv[1])
from hdbscope import Clusterer
print("fitting", flush=True)
c = None
try:
    c = Clusterer(X, progress=False)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", c is None, flush=True)
"""


def _child(code: str, path: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    return subprocess.Popen([sys.executable, "-c", code, path], env=env, text=True, **kw)


def boundaries(path: str) -> dict:
    child = _child(BOUNDARIES, path, stdout=subprocess.PIPE)
    out, _ = child.communicate()
    if child.returncode:
        raise RuntimeError(f"the timed fit failed (exit code {child.returncode})")
    marks = json.loads(out.strip().splitlines()[-1])
    gaps = sorted(((b[0] - a[0], a[1]) for a, b in itertools.pairwise(marks)), reverse=True)
    return {"fit_s": marks[-1][0] - marks[0][0], "boundaries": len(marks), "longest": gaps[:5]}


def interrupt_at(path: str, delay: float) -> dict:
    child = _child(INTERRUPTED, path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "fitting"
        time.sleep(delay)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=600)
        stopped = time.monotonic() - sent
    finally:
        child.kill()
    words = out.split()
    return {
        "at_s": delay,
        "stopped_after_s": stopped,
        "exit_code": child.returncode,
        "interrupted": words[:2] == ["interrupted", "True"],  # and no Clusterer was bound
        "finished_first": words[:1] == ["finished"],
        "stderr_tail": err[-300:] if child.returncode else "",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=DEFAULT["n"])
    ap.add_argument("--dim", type=int, default=DEFAULT["dim"])
    ap.add_argument("--at", type=float, nargs="*", default=DEFAULT["at"], help="seconds into the fit to send SIGINT")
    args = ap.parse_args()
    env = machine_info()
    print("\n".join(["## Ctrl-C during a wide fit", *header_lines(env), ""]))
    with tempfile.TemporaryDirectory() as tmp:
        path = str(pathlib.Path(tmp) / "X.npy")
        np.save(path, embedding_like(args.n, dim=args.dim))
        whole = boundaries(path)
        shots = [interrupt_at(path, t) for t in args.at]
    size = f"{args.n:,} x {args.dim} float32"
    rows = [
        [size, secs(whole["fit_s"]), whole["boundaries"], secs(g), stage, yes_no(g < TARGET_S)]
        for g, stage in whole["longest"]
    ]
    text = table(
        "Longest stretches between two slice boundaries of one fit",
        ["data", "whole fit", "boundaries", "stretch", "stage", "< 2 s"],
        rows,
        [f"target: a Ctrl-C stops the fit within {TARGET_S:.0f} s, so every stretch < {TARGET_S:.0f} s"],
    )
    shot_rows = [
        [
            secs(s["at_s"]),
            secs(s["stopped_after_s"]),
            s["exit_code"],
            "finished first" if s["finished_first"] else yes_no(s["interrupted"]),
            yes_no(s["interrupted"] and s["stopped_after_s"] <= TARGET_S),
        ]
        for s in shots
    ]
    text += "\n\n" + table(
        f"SIGINT sent into a fit of {size}",
        ["sent at", "process stopped after", "exit code", "KeyboardInterrupt, nothing bound", "<= 2 s"],
        shot_rows,
        ["'stopped after' includes the process's exit; a negative exit code is the signal that killed it"],
    )
    print(text)
    default = (args.n, args.dim, args.at) == (DEFAULT["n"], DEFAULT["dim"], DEFAULT["at"])
    out = HERE / "results" / ("interrupt.json" if default else "quick/interrupt.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"env": env, "boundaries": whole, "sigint": shots, "table": text}, indent=1) + "\n")
    print(f"\nresults written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
