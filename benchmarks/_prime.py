"""Fill hdbscope's on-disk numba cache before timing (bench_engine), as an install does."""

from __future__ import annotations

import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PRIME = """
import time, numpy as np
t = time.perf_counter()
try:
    from hdbscope._warmup import warm_up      # what `make setup` runs after installing
    warm_up()
except ImportError:
    from hdbscope import Clusterer
    rng = np.random.default_rng(0)
    for X in (rng.normal(size=(2000, 2)), rng.normal(size=(2000, 256)).astype(np.float32)):
        c = Clusterer(X); c.evaluate(); c.evaluate(min_cluster_size=7)
print(f"{time.perf_counter() - t:.1f}")
"""


def prime_numba_cache() -> str:
    """Fill hdbscope's on-disk numba cache first, as an install does (`make setup`), so a
    'cold' figure means a fresh process loading cached code -- not this checkout's first
    compile after an edit (which no user pays twice)."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [os.path.join(REPO, "src"), os.environ.get("PYTHONPATH")]))
    )
    proc = subprocess.run([sys.executable, "-c", PRIME], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return "FAILED: " + " / ".join(proc.stderr.strip().splitlines()[-2:])
    return f"primed in {proc.stdout.strip().splitlines()[-1]} s"
