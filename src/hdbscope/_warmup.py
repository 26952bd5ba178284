"""Compile every numba kernel once, so no user's first call pays for it.

`make setup` runs ``python -m hdbscope._warmup`` after installing; the compiled
code is cached on disk (numba ``cache=True``), so a fresh process then only
loads it. Running it again is cheap and harmless.
"""

from __future__ import annotations

import time

import numpy as np


def warm_up() -> float:
    from .engine import _neighbors as _knn
    from .engine import _spanning_tree as _mst
    from .engine._clusterer import Clusterer

    t0 = time.perf_counter()
    rng = np.random.default_rng(0)
    low = rng.normal(size=(300, 2))
    low[1] = low[0]
    wide = rng.normal(size=(400, 40))
    big_wide = np.vstack([rng.normal(size=(1200, 40)), rng.normal(loc=5.0, size=(1200, 40))])
    budgets = _knn.EXACT_BUDGET, _mst.PRIM_BUDGET
    try:
        for X, small_budgets in ((low, False), (wide, False), (big_wide, True)):
            if small_budgets:  # take the large-data paths (cells, kNN spanning tree) on small data
                _knn.EXACT_BUDGET = _mst.PRIM_BUDGET = 0
            c = Clusterer(X, labels=np.arange(len(X)) % 3)  # the label check's kernels too
            _ = c.evaluate().label_check
            c.neighbors(1, 3)
            c.evaluate(min_cluster_size=7, duplicate_threshold=c.duplicate_threshold_range[1])
    finally:
        _knn.EXACT_BUDGET, _mst.PRIM_BUDGET = budgets
    return time.perf_counter() - t0


if __name__ == "__main__":
    print(f"hdbscope: numba kernels compiled and cached in {warm_up():.1f}s")
