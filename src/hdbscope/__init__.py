"""hdbscope: see a dataset's clusters, outliers and duplicates in a notebook."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .engine import Clusterer, ClusterResult

__all__ = ["ClusterExplorer", "ClusterResult", "Clusterer", "__version__", "explore"]

try:  # pyproject.toml is the one place the version is written
    __version__: str = version("hdbscope")
except PackageNotFoundError:  # src/ on sys.path without an install
    __version__ = "0+unknown"


def __getattr__(name):
    # The widget pulls in anywidget/ipywidgets; import it only when asked for.
    if name == "ClusterExplorer":
        from .widget import ClusterExplorer

        return ClusterExplorer
    if name == "explore":
        from .dashboard import explore

        return explore
    raise AttributeError(f"module 'hdbscope' has no attribute {name!r}")


def load_ipython_extension(ipython):
    """`%load_ext hdbscope`: registers the %hdbscope line magic."""
    from ._magic import load_ipython_extension as load

    load(ipython)
