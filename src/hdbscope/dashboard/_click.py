"""Clicks anywhere on a chart with a log x axis, turned into an x value.

bqplot reports a click on the empty plot area without its position (the
``background_click`` event carries no data), and its ``IndexSelector`` sends a
value on every mouse move. So each chart gets a strip of invisible,
full-height bars that tile the x range: a click lands on one bar, and
``on_element_click`` reports its index, which maps back to an x value.
Bars on a non-ordinal scale share one band width (plot width / number of
bars), so bars centred on log-uniform positions tile a log axis exactly.
"""

from __future__ import annotations

from collections.abc import Callable

import bqplot as bq
import numpy as np

# Click resolution. Columns of 2-4 px in a 250-400 px wide plot: narrower ones
# are rounded down to 1 px by bqplot and the strokes below would overlap a
# neighbour's centre, so a click could land one column off.
N_COLUMNS = 100


def log_columns(lo: float, hi: float, n: int = N_COLUMNS) -> np.ndarray:
    """Geometric centres of n columns that tile [lo, hi] on a log axis."""
    edges = np.geomspace(lo, hi, n + 1)
    return np.sqrt(edges[:-1] * edges[1:])


def linear_columns(lo: float, hi: float, n: int = N_COLUMNS) -> np.ndarray:
    """Centres of n columns that tile [lo, hi] on a linear axis."""
    edges = np.linspace(lo, hi, n + 1)
    return (edges[:-1] + edges[1:]) / 2


class ClickStrip:
    """Invisible bars over the whole plot of ``x_scale`` (a ``bq.LogScale``
    with fixed ``min`` and ``max``); a click calls ``on_value(x)``.

    Add ``mark`` to the figure last, so it is on top and takes every click.
    """

    def __init__(self, x_scale: bq.LogScale | bq.LinearScale, on_value: Callable[[float], None], n: int = N_COLUMNS):
        self.x_scale = x_scale
        self.on_value = on_value
        self.n = n
        # a LinearScale (the outlier-score histogram) gets evenly spaced columns
        self._columns = log_columns if isinstance(x_scale, bq.LogScale) else linear_columns
        self.mark = bq.Bars(
            x=self._columns(x_scale.min, x_scale.max, n),
            y=np.ones(n),
            scales={"x": x_scale, "y": bq.LinearScale(min=0.0, max=1.0)},
            # bqplot rounds the band width down to whole pixels, which leaves
            # slivers (< 1 px) between bars; an invisible 1 px stroke covers them.
            padding=0.0,
            colors=["#808080"],
            opacities=[0.0] * n,
            stroke="#808080",
            stroke_width=1.0,
            base=0.0,
            enable_hover=False,
            interactions={},
        )
        self.mark.on_element_click(self._clicked)

    def set_range(self, lo: float, hi: float) -> None:
        """Move the x range (the scale's min/max) and re-tile the strip."""
        with self.mark.hold_sync():
            self.x_scale.min, self.x_scale.max = float(lo), float(hi)
            self.mark.x = self._columns(lo, hi, self.n)

    def value_at(self, index: int) -> float:
        return float(self.mark.x[int(index)])

    def _clicked(self, _mark, event) -> None:
        index = column_index(event, len(self.mark.x))
        if index is not None:
            self.on_value(self.value_at(index))


def column_index(event, n: int) -> int | None:
    """The bar index in a bqplot element_click event ({'data': {'index': i, ...}})."""
    data = event.get("data") if isinstance(event, dict) else None
    index = data.get("index") if isinstance(data, dict) else None
    if isinstance(index, (int, np.integer)) and not isinstance(index, bool) and 0 <= index < n:
        return int(index)
    return None
