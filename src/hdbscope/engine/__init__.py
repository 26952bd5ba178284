"""The engine: HDBSCAN fitted once over distinct rows, re-extracted cheaply.

No widget code lives here: the widget and the review package read the engine's
public objects (``Clusterer``, ``ClusterResult``) and nothing else.
"""

from __future__ import annotations

from ._clusterer import Clusterer
from ._dask_knn import dask_knn_graph
from ._label_check import LabelCheck, factorize, label_key, object_vector, sorted_uniques
from ._neighbor_lists import RowGraph, distinct_row_graph, neighbor_table
from ._portable import ARRAYS as PORTABLE_ARRAYS
from ._portable import portable_bytes, portable_fit
from ._result import ClusterResult
from ._validate import check_min_cluster_size, check_outlier_threshold, check_threshold

__all__ = [
    "PORTABLE_ARRAYS",
    "ClusterResult",
    "Clusterer",
    "LabelCheck",
    "RowGraph",
    "check_min_cluster_size",
    "check_outlier_threshold",
    "check_threshold",
    "dask_knn_graph",
    "distinct_row_graph",
    "factorize",
    "label_key",
    "neighbor_table",
    "object_vector",
    "portable_bytes",
    "portable_fit",
    "sorted_uniques",
]
