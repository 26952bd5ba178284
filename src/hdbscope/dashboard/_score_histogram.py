"""Histogram of the GLOSH outlier scores of the current result: noise and
clustered samples stacked in two colours, binned here in numpy (the browser
gets bin counts only), with ``outlier_threshold`` drawn. Clustered samples to
the right of the line are the potential outliers. A click on the chart sets
the explorer's ``outlier_threshold``."""

from __future__ import annotations

import bqplot as bq
import numpy as np

from ._click import ClickStrip
from ._deferred import Deferred
from ._figure import chart_figure, count
from ._palette import NOISE_COLOR

N_BINS = 50
CLUSTERED_COLOR = "#8da0cb"  # the neutral bar colour of the distance histogram
THRESHOLD_COLOR = "#1b1b1b"


def score_histogram(scores: np.ndarray, noise: np.ndarray, bins: int = N_BINS):
    """(edges, noise_counts, clustered_counts) over [0, 1]."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    return edges, np.histogram(scores[noise], bins=edges)[0], np.histogram(scores[~noise], bins=edges)[0]


class ScoreHistogram:
    """``figure`` is the bqplot Figure; ``noise_counts`` / ``clustered_counts`` what it draws."""

    def __init__(self, explorer, *, bins: int = N_BINS, report=None):
        self.explorer = explorer
        self.report = report or (lambda message: None)
        self.bins = bins
        self._binned_for = None  # the scores array the counts come from
        self.x_scale = bq.LinearScale(min=0.0, max=1.0)
        self.y_scale = bq.LinearScale(min=0.0, max=1.0)
        unit = bq.LinearScale(min=0.0, max=1.0)
        edges = np.linspace(0.0, 1.0, bins + 1)
        self.bars = bq.Bars(
            x=(edges[:-1] + edges[1:]) / 2,
            y=np.zeros((2, bins)),
            type="stacked",
            scales={"x": self.x_scale, "y": self.y_scale},
            padding=0.0,
            colors=[NOISE_COLOR, CLUSTERED_COLOR],
            stroke=None,
            enable_hover=False,
            interactions={},
            labels=["noise", "clustered"],
        )
        self.threshold_line = bq.Lines(
            x=[0.0, 0.0],
            y=[0.0, 1.0],
            scales={"x": self.x_scale, "y": unit},
            colors=[THRESHOLD_COLOR],
            stroke_width=2,
            enable_hover=False,
            interactions={},
        )
        self.strip = ClickStrip(self.x_scale, self.click)
        self.y_axis = bq.Axis(scale=self.y_scale, side="left", label="samples", tick_format="~s", grid_lines="none")
        axes = [
            bq.Axis(
                scale=self.x_scale,
                label="outlier score: grey noise, blue clustered (click to set)",
                tick_format=".1f",
                grid_lines="none",
            ),
            self.y_axis,
        ]
        self.figure = chart_figure([self.bars, self.threshold_line, self.strip.mark], axes, "hdbscope-score-histogram")
        self._redraw = Deferred(self.refresh, self._error)
        explorer.observe(self._param_changed, names=["outlier_threshold"])
        explorer.observe(self._result_changed, names=["seq"])
        self.refresh()

    @property
    def noise_counts(self) -> np.ndarray:
        return np.asarray(self.bars.y[0])

    @property
    def clustered_counts(self) -> np.ndarray:
        return np.asarray(self.bars.y[1])

    # ---------------------------------------------------------------- input
    def click(self, value: float) -> None:
        """Set the explorer's outlier_threshold to ``value`` (clamped to [0, 1]): what a click does."""
        try:
            self.explorer.outlier_threshold = float(min(max(float(value), 0.0), 1.0))
        except Exception as e:  # never lost in the kernel log
            self._error(e)

    # ---------------------------------------------------------------- output
    def refresh(self) -> None:
        r = self.explorer.result
        if self._binned_for is not r.outlier_scores:  # a new clustering: bin again (else only the line moves)
            _, noise, clustered = score_histogram(r.outlier_scores, r.is_outlier, self.bins)
            with self.bars.hold_sync():
                self.y_scale.max = float(max(1, (noise + clustered).max(initial=0))) * 1.1
                self.bars.y = np.stack([noise, clustered])
            self._binned_for = r.outlier_scores
        t = float(self.explorer.outlier_threshold)
        self.threshold_line.x = [t, t]
        if r.outlier_threshold == t:  # else the result for t is still on its way
            self.figure.title = f"outlier_threshold {t:.3g}: {count(r.n_potential_outliers, 'potential outlier')}"

    def _param_changed(self, _change) -> None:
        if getattr(self.explorer, "_following_default", False):
            return  # the explorer moved it to a new size's default: its seq change redraws, after its answer
        if self.explorer.result.outlier_threshold == self.explorer.outlier_threshold:
            self._redraw.now()  # set from Python: already evaluated
        else:
            self._redraw()

    def _result_changed(self, _change) -> None:
        self._redraw()

    def _error(self, e: Exception) -> None:
        self.report(f"outlier-score histogram: {type(e).__name__}: {e}")

    def close(self) -> None:
        self.explorer.unobserve(self._param_changed, names=["outlier_threshold"])
        self.explorer.unobserve(self._result_changed, names=["seq"])
        self.figure.close()
