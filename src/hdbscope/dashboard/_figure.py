"""Shared look of the dashboard's bqplot figures."""

from __future__ import annotations

import ipywidgets as widgets

TITLE_STYLE = {"font-size": "12px"}


def chart_layout() -> widgets.Layout:
    # Three charts share a row from about 720 px; narrower outputs wrap them.
    return widgets.Layout(flex="1 1 0px", min_width="240px", height="290px")


def count(n: int, word: str) -> str:
    """'1 cluster', '2 clusters', '1,706 near groups'-style counts for titles."""
    n = int(n)
    return f"{n:,} {word}{'' if n == 1 else 's'}"
