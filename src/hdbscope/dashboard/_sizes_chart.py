"""Cluster sizes as bars, largest first, in the colors the scatter gives
each cluster (ClusterResult.color_slots), noise last in grey.
A click on a bar selects that cluster's samples in the explorer."""

from __future__ import annotations

import bqplot as bq
import numpy as np

from ._click import column_index
from ._deferred import Deferred
from ._figure import chart_figure, count
from ._palette import NOISE_COLOR, by_size_desc, cluster_sizes, slot_color
from ._ticks import count_ticks

MAX_BARS = 40  # beyond this the bars get too thin to click; the title says how many are left out
MAX_TICK_LABELS = 10
DIMMED = 0.35  # opacity of the other bars while one cluster is selected
NOISE = -1


class ClusterSizesChart:
    """``figure`` is the bqplot Figure; ``cluster_ids`` the cluster behind each
    bar (-1 for the noise bar), ``sizes`` their sample counts."""

    def __init__(self, explorer, *, max_bars: int = MAX_BARS, report=None):
        if isinstance(max_bars, bool) or not isinstance(max_bars, (int, np.integer)) or max_bars < 1:
            raise ValueError(f"max_bars must be a whole number >= 1 (bars to draw, largest first); got {max_bars!r}.")
        self.explorer = explorer
        self.max_bars = int(max_bars)
        self.report = report or (lambda message: None)
        self.labels = np.zeros(0, dtype=np.int64)  # the result the bars show
        self.cluster_ids = np.zeros(0, dtype=np.int64)
        self.sizes = np.zeros(0, dtype=np.int64)
        self.highlighted: int | None = None  # bar index of the selected cluster

        self.x_scale = bq.OrdinalScale()
        self.y_scale = bq.LinearScale(min=0.0)
        self.bars = bq.Bars(
            x=np.array(["0"]),
            y=np.zeros(1),
            scales={"x": self.x_scale, "y": self.y_scale},
            padding=0.15,
            colors=[NOISE_COLOR],
            color_mode="group",
            opacity_mode="group",
            stroke=None,
            enable_hover=False,
            interactions={},
        )
        self.bars.on_element_click(self._clicked)
        self.x_axis = bq.Axis(scale=self.x_scale, label="cluster, largest first (click to select)", grid_lines="none")
        self.y_axis = bq.Axis(scale=self.y_scale, side="left", label="samples", tick_format="~s", grid_lines="none")
        axes = [self.x_axis, self.y_axis]
        self.figure = chart_figure([self.bars], axes, "hdbscope-sizes-chart")

        self._redraw = Deferred(self.refresh, self._error)
        explorer.observe(self._result_changed, names=["seq"])
        explorer.observe(self._param_changed, names=["min_cluster_size"])
        explorer.observe(self._selection_changed, names=["selected"])
        self.refresh()

    # ---------------------------------------------------------------- input
    def select_bar(self, index: int) -> None:
        """Select the samples of the cluster behind bar ``index`` (what a click does)."""
        if not 0 <= index < len(self.cluster_ids):
            return
        try:
            self.explorer.selected = np.flatnonzero(self.labels == self.cluster_ids[index])
        except Exception as e:  # never lost in the kernel log
            self._error(e)

    def _clicked(self, _mark, event) -> None:
        index = column_index(event, len(self.cluster_ids))
        if index is not None:
            self.select_bar(index)

    # ---------------------------------------------------------------- output
    def refresh(self) -> None:
        r = self.explorer.result
        labels = np.asarray(r.labels)
        slots = r.color_slots  # the slots every explorer view draws
        k = int(r.n_clusters)
        sizes = cluster_sizes(labels, k)
        shown = by_size_desc(sizes)[: self.max_bars]
        n_noise = int(np.count_nonzero(labels < 0))
        ids = np.concatenate([shown, [NOISE] if n_noise else []]).astype(np.int64)
        counts = np.concatenate([sizes[shown], [n_noise] if n_noise else []]).astype(np.int64)
        names = [str(c) for c in shown] + (["noise"] if n_noise else [])
        colors = [slot_color(slots[c]) for c in shown] + ([NOISE_COLOR] if n_noise else [])
        self.labels, self.cluster_ids, self.sizes = labels, ids, counts
        # every n-th tick label only, so they stay readable
        step = max(1, int(np.ceil(len(names) / MAX_TICK_LABELS)))
        with self.bars.hold_sync():
            self.bars.x = np.array(names if names else ["none"])
            self.bars.y = counts.astype(np.float64) if len(counts) else np.zeros(1)
            self.bars.colors = colors if colors else [NOISE_COLOR]
        self.x_axis.tick_values = np.array(names[::step]) if names else np.array(["none"])
        top = float(max(1, counts.max(initial=0)))
        self.y_axis.tick_values = count_ticks(top)
        self.y_scale.max = top * 1.05
        more = f" (largest {len(shown)} shown)" if k > len(shown) else ""
        self.figure.title = f"{count(k, 'cluster')}{more}, {count(n_noise, 'outlier')}"
        self.refresh_highlight()

    def refresh_highlight(self) -> None:
        """Dim the other bars while the selection is exactly one bar's samples."""
        self.highlighted = self._selected_bar()
        n = len(self.cluster_ids)
        if self.highlighted is None:
            self.bars.opacities = [1.0] * max(n, 1)
        else:
            self.bars.opacities = [1.0 if i == self.highlighted else DIMMED for i in range(n)]

    def _selected_bar(self) -> int | None:
        sel = np.asarray(self.explorer.selected)
        if not len(sel) or len(sel) > len(self.labels):
            return None
        first = self.labels[sel[0]]
        hits = np.flatnonzero(self.cluster_ids == first)
        if not len(hits) or self.sizes[hits[0]] != len(sel) or not np.all(self.labels[sel] == first):
            return None
        return int(hits[0])

    def _result_changed(self, _change) -> None:
        # seq moves once per result message the browser gets; redraw later
        # (not while the explorer's message waits)
        self._redraw()

    def _param_changed(self, _change) -> None:
        if self.explorer.result.min_cluster_size == self.explorer.min_cluster_size:
            self._redraw.now()  # set from Python: already evaluated (see _deferred.py)

    def _selection_changed(self, _change) -> None:
        # cheap (reads only the selected samples' labels) and sends no explorer message: at once
        try:
            self.refresh_highlight()
        except Exception as e:
            self._error(e)

    def _error(self, e: Exception) -> None:
        self.report(f"cluster sizes: {type(e).__name__}: {e}")

    def close(self) -> None:
        self.explorer.unobserve(self._result_changed, names=["seq"])
        self.explorer.unobserve(self._param_changed, names=["min_cluster_size"])
        self.explorer.unobserve(self._selection_changed, names=["selected"])
        self.figure.close()
