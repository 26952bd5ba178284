"""bench_engine's harness: run one _worker job in a fresh process, and the helpers every
section's table uses (a figure or the job's error, the other-processes CPU column)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from benchmarks._contention import OtherCpu

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

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


def get(res, *keys):
    """res[k1][k2]... or the job's error text (printed in the table instead of a number)."""
    if "error" in res:
        return "error: " + res["error"][:60]
    for k in keys:
        res = res[k]
    return res


def busy(*jobs) -> str:
    """Cores' worth of CPU other processes used during each job (0 = clean timing)."""
    return " / ".join("-" if "_other_cores" not in j else f"{j['_other_cores']:.2f}" for j in jobs)


BUSY = "others' CPU"  # column: cores used by other processes during (ours / anchor) jobs


def meets(value, limit):
    return None if not isinstance(value, (int, float)) or limit is None else value <= limit
