"""The fitted state a front end needs to re-extract on its own (js/extract/).

``Clusterer.evaluate()`` only ever reads the single-linkage tree, the sample ->
distinct-row map and the sorted duplicate forest; everything else it returns is
derived from those in O(n). This module lists exactly those arrays, in the
little-endian dtypes the browser decodes, so the browser can answer any
``min_cluster_size`` and ``duplicate_threshold`` without a kernel. The Python
engine stays the reference: js/extract/fixtures/ holds its answers, and vitest
checks the TypeScript port against them.
"""

from __future__ import annotations

import numpy as np

from ._fit import EXACT_FACTOR
from ._links import TIE_RTOL

# name -> little-endian dtype, in wire order (js/extract/fitted.ts mirrors this list)
ARRAYS: dict[str, str] = {
    "inverse": "<i4",  # sample -> distinct row
    "forest_a": "<i4",  # duplicate forest edges (distinct rows), sorted by distance
    "forest_b": "<i4",
    "forest_w": "<f8",  # normalised units, ascending
    "tree_left": "<i4",  # prepared single-linkage tree over the points (see _tree.prepare):
    "tree_right": "<i4",  # children < n_points are points, >= n_points are n_points + merge rank
    "tree_distance": "<f8",
    "tree_size": "<i4",  # samples under each merge (copies count: see _tree.weigh)
}


def portable_fit(clusterer) -> tuple[dict, dict[str, np.ndarray]]:
    """``(scalars, arrays)`` of a fitted ``Clusterer``: the JSON-able numbers and the
    arrays named in ``ARRAYS`` (contiguous, in those dtypes)."""
    f = clusterer._fit
    n_rows = len(f.rep)
    if len(f.inverse) and n_rows > np.iinfo(np.int32).max:
        raise OverflowError("more than 2**31 distinct rows cannot be sent as int32")
    empty_i, empty_f = np.empty(0, "<i4"), np.empty(0, "<f8")
    forest = f.forest
    tree = f.tree
    arrays = {
        "inverse": f.inverse,
        "forest_a": empty_i if forest is None else forest.a,
        "forest_b": empty_i if forest is None else forest.b,
        "forest_w": empty_f if forest is None else forest.w,
        "tree_left": empty_i if tree is None else tree[0],
        "tree_right": empty_i if tree is None else tree[1],
        "tree_distance": empty_f if tree is None else tree[2],
        "tree_size": empty_i if tree is None else tree[3],
    }
    arrays = {k: np.ascontiguousarray(arrays[k], dtype=dt) for k, dt in ARRAYS.items()}
    scalars = {
        "n_samples": int(f.n_samples),
        "n_rows": int(n_rows),
        "n_points": int(f.n_points),
        "scale": float(f.scale),
        # the exact-duplicate cut in normalised units, the same float64 product evaluate() uses
        "exact_cut": float(EXACT_FACTOR * f.median_nn),
        # distances this close to a threshold count as at it (engine/_links.within)
        "tie_atol": float(0.0 if forest is None else forest.tie_atol),
        "tie_rtol": TIE_RTOL,
    }
    return scalars, arrays


def portable_bytes(clusterer) -> tuple[dict, list[bytes]]:
    """``(scalars, buffers)``: the arrays as raw bytes, in ``ARRAYS`` order."""
    scalars, arrays = portable_fit(clusterer)
    return scalars, [arrays[k].tobytes() for k in ARRAYS]
