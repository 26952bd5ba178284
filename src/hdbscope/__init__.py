"""hdbscope: see a dataset's clusters, outliers and duplicates in a notebook."""
from __future__ import annotations

from ._clusterer import Clusterer
from ._result import ClusterResult

__all__ = ["Clusterer", "ClusterResult", "ClusterExplorer", "__version__"]
__version__ = "0.1.0"


def __getattr__(name):
    # The widget pulls in anywidget/ipywidgets; import it only when asked for.
    if name == "ClusterExplorer":
        from .widget import ClusterExplorer

        return ClusterExplorer
    raise AttributeError(f"module 'hdbscope' has no attribute {name!r}")
