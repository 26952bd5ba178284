"""``Clusterer.sweep``: clusters and outliers over many ``min_cluster_size`` values."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import _validate as v
from ._tree import extract

if TYPE_CHECKING:
    import pandas as pd

    from ._fit import FitState


def sweep_frame(f: FitState, min_cluster_sizes) -> pd.DataFrame:
    """One row per size: ``min_cluster_size``, ``n_clusters``, ``n_outliers``, ``outlier_fraction``.
    Default sizes: about 60, log-spaced over 2 .. n_samples / 2."""
    import pandas as pd

    if min_cluster_sizes is None:
        top = max(2, f.n_samples // 2)
        sizes: np.ndarray | list[int] = np.unique(np.geomspace(2, top, num=60).round().astype(int))
    else:
        sizes = [v.check_min_cluster_size(m) for m in np.atleast_1d(min_cluster_sizes)]
    weight = np.bincount(f.sample_to_point, minlength=f.n_points) if f.n_samples else None
    rows = []
    for m in sizes:
        if f.tree is None:
            k, noise = (1 if f.n_samples else 0), 0
        else:
            lab, _, _, k, _ = extract(f.tree, f.n_points, int(m))
            assert weight is not None  # a tree means samples
            noise = int(weight[lab < 0].sum())
        rows.append((int(m), int(k), noise))
    frame = pd.DataFrame(rows, columns=["min_cluster_size", "n_clusters", "n_outliers"])
    frame["outlier_fraction"] = frame["n_outliers"] / max(f.n_samples, 1)
    return frame
