"""Histogram of every sample's distance to its nearest distinct sample (log x),
binned here in numpy (the browser gets bin counts, never the samples), with
``exact_threshold`` and ``duplicate_threshold`` marked. A click on the chart
sets the explorer's ``duplicate_threshold``, clamped to the engine's range."""

from __future__ import annotations

import bqplot as bq
import numpy as np

from ._click import ClickStrip
from ._deferred import Deferred
from ._figure import chart_figure, count
from ._palette import EXACT_COLOR, NEAR_COLOR
from ._ticks import count_ticks, log_ticks

N_BINS = 60
BAR_COLOR = "#8da0cb"  # neutral: the colors below mean "duplicate"
NEAR_BAR_COLOR = "#ffc27a"  # bins at or below duplicate_threshold (a light NEAR_COLOR)
EXACT_BAR_COLOR = "#f28cc4"  # bins at or below exact_threshold (a light EXACT_COLOR)


def log_histogram(distances: np.ndarray, low: float, high: float, bins: int = N_BINS):
    """(edges, counts, n_left_out): log-uniform bins over the positive finite
    distances, widened to include [low, high]. Zero / non-finite distances
    cannot sit on a log axis; they are counted in n_left_out."""
    d = np.asarray(distances, dtype=np.float64)
    ok = np.isfinite(d) & (d > 0)
    values = d[ok]
    ends = [v for v in (low, high) if np.isfinite(v) and v > 0]
    if len(values):
        ends += [float(values.min()), float(values.max())]
    lo, hi = (min(ends), max(ends)) if ends else (1e-3, 1.0)
    if not hi > lo:
        lo, hi = lo / 2, hi * 2
    edges = np.geomspace(lo / 1.15, hi * 1.15, bins + 1)
    counts = np.histogram(values, bins=edges)[0]
    return edges, counts, int(len(d) - len(values))


class NeighborHistogram:
    """``figure`` is the bqplot Figure; ``edges``/``counts`` the histogram it draws."""

    def __init__(self, explorer, *, bins: int = N_BINS, report=None):
        self.explorer = explorer
        self.report = report or (lambda message: None)
        c = explorer.clusterer
        self.exact_threshold = float(c.exact_threshold)
        self.threshold_range = tuple(float(v) for v in c.duplicate_threshold_range)
        self.edges, self.counts, self.n_left_out = log_histogram(
            c.nearest_neighbor_distances, self.exact_threshold, self.threshold_range[1], bins
        )
        centers = np.sqrt(self.edges[:-1] * self.edges[1:])

        self.x_scale = bq.LogScale(min=float(self.edges[0]), max=float(self.edges[-1]))
        self.y_scale = bq.LinearScale(min=0.0, max=float(max(1, self.counts.max(initial=0))) * 1.1)
        unit = bq.LinearScale(min=0.0, max=1.0)
        self.bars = bq.Bars(
            x=centers,
            y=self.counts,
            scales={"x": self.x_scale, "y": self.y_scale},
            padding=0.0,
            colors=[BAR_COLOR] * bins,
            stroke=None,
            enable_hover=False,
            interactions={},
        )
        self.exact_line = bq.Lines(
            x=[self.exact_threshold] * 2,
            y=[0.0, 1.0],
            scales={"x": self.x_scale, "y": unit},
            colors=[EXACT_COLOR],
            stroke_width=2,
            line_style="dashed",
            enable_hover=False,
            interactions={},
        )
        self.threshold_line = bq.Lines(
            x=[0.0, 0.0],
            y=[0.0, 1.0],
            scales={"x": self.x_scale, "y": unit},
            colors=[NEAR_COLOR],
            stroke_width=2,
            enable_hover=False,
            interactions={},
        )
        self.strip = ClickStrip(self.x_scale, self.click)
        self.y_axis = bq.Axis(
            scale=self.y_scale,
            side="left",
            label="samples",
            tick_format="~s",
            tick_values=count_ticks(self.y_scale.max),
            grid_lines="none",
        )
        axes = [
            bq.Axis(
                scale=self.x_scale,
                label="nearest-neighbour distance (click to set)",
                tick_format=".0e",
                tick_values=log_ticks(self.edges[0], self.edges[-1], max_ticks=6),
                grid_lines="none",
            ),
            self.y_axis,
        ]
        self.figure = chart_figure(
            [self.bars, self.exact_line, self.threshold_line, self.strip.mark], axes, "hdbscope-nn-histogram"
        )

        self._redraw = Deferred(self.refresh, self._error)
        explorer.observe(self._param_changed, names=["duplicate_threshold"])
        explorer.observe(self._result_changed, names=["seq"])
        self.refresh()

    # ---------------------------------------------------------------- input
    def click(self, value: float) -> None:
        """Set the explorer's duplicate_threshold to ``value``, clamped to
        ``Clusterer.duplicate_threshold_range`` (what a click does)."""
        lo, hi = self.threshold_range
        try:
            self.explorer.duplicate_threshold = float(min(max(float(value), lo), hi))
        except Exception as e:  # never lost in the kernel log
            self._error(e)

    # ---------------------------------------------------------------- output
    def refresh(self) -> None:
        t = float(self.explorer.duplicate_threshold)
        centers = self.bars.x
        colors = np.where(
            centers <= self.exact_threshold, EXACT_BAR_COLOR, np.where(centers <= t, NEAR_BAR_COLOR, BAR_COLOR)
        )
        self.bars.colors = colors.tolist()
        tx = min(max(t, self.x_scale.min), self.x_scale.max)  # 0 (bit-identical rows only) has no log position
        self.threshold_line.x = [tx, tx]
        r = self.explorer.result
        if r.duplicate_threshold == t:  # else the result for t is still on its way
            self.figure.title = f"duplicate_threshold {t:.3g}: {count(r.n_near_duplicate_groups, 'near group')}"

    def _param_changed(self, _change) -> None:
        if self.explorer.result.duplicate_threshold == self.explorer.duplicate_threshold:
            self._redraw.now()  # set from Python: already evaluated (see _deferred.py)
        else:
            self._redraw()

    def _result_changed(self, _change) -> None:
        self._redraw()

    def _error(self, e: Exception) -> None:
        self.report(f"distance histogram: {type(e).__name__}: {e}")

    def close(self) -> None:
        self.explorer.unobserve(self._param_changed, names=["duplicate_threshold"])
        self.explorer.unobserve(self._result_changed, names=["seq"])
        self.figure.close()
