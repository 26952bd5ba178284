"""Linked bqplot charts for the ClusterExplorer: parameter sweep,
nearest-neighbour distance histogram and cluster sizes."""

from ._layout import Dashboard, dashboard, explore

__all__ = ["Dashboard", "dashboard", "explore"]
