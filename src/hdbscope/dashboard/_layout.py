"""The dashboard: the explorer's scatter with three linked bqplot charts under it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from numpy.typing import ArrayLike

from ._nn_histogram import NeighborHistogram
from ._score_histogram import ScoreHistogram
from ._sizes_chart import ClusterSizesChart
from ._sweep_chart import SweepChart

if TYPE_CHECKING:
    from ..engine import Clusterer


class Dashboard(widgets.VBox):
    """An ipywidgets ``VBox``: ``explorer`` on top, then ``sweep`` (parameter
    sweep), ``histogram`` (nearest-neighbour distances), ``scores`` (outlier
    scores, noise and clustered) and ``sizes`` (cluster sizes) in a row that wraps on narrow screens, then a status line that shows
    errors from the charts' click handlers.

    The charts follow the explorer both ways: moving a slider moves their
    markers and redraws the sizes; clicking them sets the explorer's
    ``min_cluster_size``, ``duplicate_threshold``, ``outlier_threshold`` or ``selected``.
    """

    def __init__(self, explorer, *, min_cluster_sizes=None, max_bars: int | None = None):
        from ..widget import ClusterExplorer

        if not isinstance(explorer, ClusterExplorer):
            raise TypeError(
                f"dashboard() needs a hdbscope.ClusterExplorer, got {type(explorer).__name__}: "
                "make one with hdbscope.ClusterExplorer(data), or call hdbscope.explore(data)."
            )
        self.explorer = explorer
        # a Label renders text, never HTML: messages can quote user values
        self.status = widgets.Label("", layout=widgets.Layout(min_height="1.5em"))
        self.status.add_class("hdbscope-dashboard-status")
        size_kwargs = {} if max_bars is None else {"max_bars": max_bars}
        try:
            self.sweep = SweepChart(explorer, min_cluster_sizes=min_cluster_sizes, report=self._report)
            self.histogram = NeighborHistogram(explorer, report=self._report)
            self.scores = ScoreHistogram(explorer, report=self._report)
            self.sizes = ClusterSizesChart(explorer, report=self._report, **size_kwargs)
        except Exception:
            self._close_charts()  # no half-built dashboard left observing the explorer
            raise
        charts = widgets.HBox(
            [self.sweep.figure, self.histogram.figure, self.scores.figure, self.sizes.figure],
            layout=widgets.Layout(flex_flow="row wrap", width="100%"),
        )
        super().__init__([explorer, charts, self.status], layout=widgets.Layout(width="100%"))
        self.add_class("hdbscope-dashboard")

    def _report(self, message: str) -> None:
        self.status.value = message

    def close(self) -> None:
        """Stop following the explorer and close the charts (the explorer stays open)."""
        self._close_charts()
        super().close()

    def _close_charts(self) -> None:
        for name in ("sweep", "histogram", "scores", "sizes"):
            chart = self.__dict__.pop(name, None)  # absent if __init__ stopped half way
            if chart is not None:
                chart.close()


def dashboard(explorer, *, min_cluster_sizes=None, max_bars: int | None = None) -> Dashboard:
    """The explorer with its parameter sweep, distance histogram and cluster-size charts.

    ``min_cluster_sizes`` is passed to :meth:`hdbscope.Clusterer.sweep` (default:
    about 60 values over the slider's range); ``max_bars`` caps the cluster-size
    bars (default 40, largest first).
    """
    return Dashboard(explorer, min_cluster_sizes=min_cluster_sizes, max_bars=max_bars)


def explore(
    data: ArrayLike,
    *,
    labels: ArrayLike | str | None = None,
    images: Any = None,
    layout: ArrayLike | str | None = None,
    min_cluster_size: int | None = None,
    duplicate_threshold: float | None = None,
    min_samples: int | None = None,
    min_cluster_sizes: ArrayLike | None = None,
    max_bars: int | None = None,
    clusterer: Clusterer | None = None,
    features: Any = None,
    info: Any = None,
    edits_path: Any = None,
) -> Dashboard:
    """Fit ``data`` (or reuse ``clusterer``, fitted on it) and return the dashboard: a
    :class:`hdbscope.ClusterExplorer` (same arguments) with its linked charts. The
    explorer is ``.explorer``.

    With ``features=`` (and optionally ``info=``), ``data`` is a pandas DataFrame and
    ``images`` / ``labels`` may name its columns, as in
    :meth:`hdbscope.ClusterExplorer.from_frame`."""
    from ..widget import ClusterExplorer

    kwargs = dict(
        layout=layout,
        min_cluster_size=min_cluster_size,
        duplicate_threshold=duplicate_threshold,
        min_samples=min_samples,
        clusterer=clusterer,
        edits_path=edits_path,
    )
    if features is not None or info is not None:
        explorer = ClusterExplorer.from_frame(
            data, features=features, images=images, labels=labels, info=info, **kwargs
        )
    else:
        explorer = ClusterExplorer(data, labels=labels, images=images, **kwargs)
    return Dashboard(explorer, min_cluster_sizes=min_cluster_sizes, max_bars=max_bars)
