"""The ClusterExplorer widget (anywidget): Python side of js/."""

from ._explorer import ClusterExplorer

__all__ = ["ClusterExplorer"]
