"""Shared look of the dashboard's bqplot figures."""

from __future__ import annotations

import bqplot as bq
import ipywidgets as widgets

TITLE_STYLE = {"font-size": "12px"}
MARGIN = {"top": 36, "bottom": 42, "left": 46, "right": 30}  # about symmetric: the title is centred


def chart_layout() -> widgets.Layout:
    # Three charts share a row from about 720 px; narrower outputs wrap them.
    return widgets.Layout(flex="1 1 0px", min_width="240px", height="290px")


def count(n: int, word: str) -> str:
    """'1 cluster', '2 clusters', '1,706 near groups'-style counts for titles."""
    n = int(n)
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def chart_figure(marks: list, axes: list, css_class: str, margin: dict | None = None) -> bq.Figure:
    """A dashboard chart: no toolbar, no animation (every update is drawn at once), the shared size."""
    figure = bq.Figure(
        marks=marks,
        axes=axes,
        fig_margin=MARGIN if margin is None else margin,
        title="",
        title_style=TITLE_STYLE,
        display_toolbar=False,
        animation_duration=0,
        layout=chart_layout(),
    )
    figure.add_class(css_class)
    return figure
