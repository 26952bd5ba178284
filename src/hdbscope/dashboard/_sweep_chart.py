"""Parameter sweep: number of clusters and share of outliers against
``min_cluster_size`` over the slider's whole range (log x), from
``Clusterer.sweep()`` (the cached tree). A vertical line follows the
explorer's ``min_cluster_size``; a click on the chart sets it."""

from __future__ import annotations

import bqplot as bq

from ._click import ClickStrip
from ._deferred import Deferred
from ._figure import chart_figure, count
from ._palette import PALETTE
from ._ticks import log_ticks

CLUSTERS_COLOR = PALETTE[0]
OUTLIERS_COLOR = "#6f6f6f"  # noise is grey in the scatter; a darker grey reads as a line
MARKER_COLOR = "#222222"
MARGIN = {"top": 36, "bottom": 42, "left": 50, "right": 50}


class SweepChart:
    """``figure`` is the bqplot Figure; ``frame`` the sweep it draws."""

    def __init__(self, explorer, *, min_cluster_sizes=None, report=None):
        self.explorer = explorer
        self.report = report or (lambda message: None)
        self.frame = explorer.clusterer.sweep(min_cluster_sizes)
        sizes = self.frame["min_cluster_size"].to_numpy()
        k = self.frame["n_clusters"].to_numpy()
        lo, hi = self._x_range()

        self.x_scale = bq.LogScale(min=lo, max=hi)
        self.y_clusters = bq.LogScale(min=0.8, max=max(2.0, float(k.max(initial=1)) * 1.5))
        self.y_share = bq.LinearScale(min=0.0, max=100.0)
        unit = bq.LinearScale(min=0.0, max=1.0)
        has = k > 0  # zero clusters cannot sit on a log axis; the outlier share (100%) shows them
        self.clusters_line = bq.Lines(
            x=sizes[has],
            y=k[has],
            scales={"x": self.x_scale, "y": self.y_clusters},
            colors=[CLUSTERS_COLOR],
            stroke_width=2,
            marker="circle",
            marker_size=12,
            labels=["clusters"],
            enable_hover=False,
            interactions={},
        )
        self.outliers_line = bq.Lines(
            x=sizes,
            y=100.0 * self.frame["outlier_fraction"].to_numpy(),
            scales={"x": self.x_scale, "y": self.y_share},
            colors=[OUTLIERS_COLOR],
            stroke_width=2,
            line_style="dashed",
            labels=["% outliers"],
            enable_hover=False,
            interactions={},
        )
        self.marker = bq.Lines(
            x=[0.0, 0.0],
            y=[0.0, 1.0],
            scales={"x": self.x_scale, "y": unit},
            colors=[MARKER_COLOR],
            stroke_width=2,
            enable_hover=False,
            interactions={},
        )
        self.strip = ClickStrip(self.x_scale, self.click)
        self.x_axis = bq.Axis(
            scale=self.x_scale,
            label="min_cluster_size (click to set)",
            tick_format="d",
            tick_values=log_ticks(lo, hi, integers=True),
            grid_lines="none",
        )
        axes = [
            self.x_axis,
            bq.Axis(
                scale=self.y_clusters,
                side="left",
                label="clusters",
                tick_format="d",
                tick_values=log_ticks(1, self.y_clusters.max, max_ticks=6, integers=True),
                color=CLUSTERS_COLOR,
                label_color=CLUSTERS_COLOR,
                grid_lines="none",
            ),
            bq.Axis(
                scale=self.y_share,
                side="right",
                label="% outliers",
                tick_format="d",
                color=OUTLIERS_COLOR,
                label_color=OUTLIERS_COLOR,
                grid_lines="none",
            ),
        ]
        self.figure = chart_figure(
            [self.outliers_line, self.clusters_line, self.marker, self.strip.mark],
            axes,
            "hdbscope-sweep-chart",
            margin=MARGIN,
        )

        self._redraw = Deferred(self.refresh, self._error)
        explorer.observe(self._param_changed, names=["min_cluster_size"])
        explorer.observe(self._result_changed, names=["seq"])
        self.refresh()

    # ---------------------------------------------------------------- input
    def click(self, value: float) -> None:
        """Set the explorer's min_cluster_size to the integer nearest ``value``
        (what a click on the chart does), kept inside the slider's range."""
        lo, hi = self.explorer.min_cluster_size_range
        m = int(min(max(round(float(value)), lo), hi))
        try:
            self.explorer.min_cluster_size = m
        except Exception as e:  # a click must never raise into the kernel log unseen
            self._error(e)

    # ---------------------------------------------------------------- output
    def refresh(self) -> None:
        """Marker and title for the explorer's current value and result."""
        m = int(self.explorer.min_cluster_size)
        lo, hi = self._x_range()
        if (lo, hi) != (self.x_scale.min, self.x_scale.max):
            self.strip.set_range(lo, hi)
            self.x_axis.tick_values = log_ticks(lo, hi, integers=True)
        self.marker.x = [float(m), float(m)]
        r = self.explorer.result
        if r.min_cluster_size == m:  # else the result for m is still on its way
            share = 100.0 * r.n_outliers / max(r.n_samples, 1)
            self.figure.title = f"min_cluster_size {m:,}: {count(r.n_clusters, 'cluster')}, {share:.1f}% outliers"

    def _x_range(self) -> tuple[float, float]:
        # The slider's range (2 .. n/2, widened if a larger value was set);
        # a log axis needs lo < hi even for tiny data.
        lo, hi = self.explorer.min_cluster_size_range
        return float(lo), float(max(hi, lo + 1))

    def _param_changed(self, _change) -> None:
        if self.explorer.result.min_cluster_size == self.explorer.min_cluster_size:
            self._redraw.now()  # set from Python: the explorer has already evaluated it
        else:
            self._redraw()  # from the browser: the explorer evaluates on the next turn of the loop

    def _result_changed(self, _change) -> None:
        self._redraw()

    def _error(self, e: Exception) -> None:
        self.report(f"sweep chart: {type(e).__name__}: {e}")

    def close(self) -> None:
        self.explorer.unobserve(self._param_changed, names=["min_cluster_size"])
        self.explorer.unobserve(self._result_changed, names=["seq"])
        self.figure.close()
