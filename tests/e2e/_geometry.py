"""Screen geometry for selecting points with the mouse (page pixels)."""

from __future__ import annotations

import math


def isolated_points(points, box, min_gap: float = 12, pad: float = 12) -> list[int]:
    """Indices of points at least min_gap px from every other point and inside the plot:
    a click on one can only mean that point."""
    out = []
    for i, (x, y) in enumerate(points):
        if not (
            box["x"] + pad < x < box["x"] + box["width"] - pad and box["y"] + pad < y < box["y"] + box["height"] - pad
        ):
            continue
        if all(math.hypot(x - u, y - v) >= min_gap for j, (u, v) in enumerate(points) if j != i):
            out.append(i)
    return out


def lasso_circle(points, box, margin: float = 8, min_inside: int = 8):
    """A circle around the densest spot whose edge passes no point closer than margin px
    (the lasso path is simplified to within 3 px). Returns (cx, cy, r, indices inside)."""

    def neighbours(p):
        return sum(math.hypot(p[0] - q[0], p[1] - q[1]) < 60 for q in points)

    cx, cy = max(points, key=neighbours)
    dist = [math.hypot(x - cx, y - cy) for x, y in points]
    room = min(cx - box["x"], box["x"] + box["width"] - cx, cy - box["y"], box["y"] + box["height"] - cy) - 4
    for r in range(20, int(room)):
        if all(abs(d - r) > margin for d in dist):
            inside = sorted(i for i, d in enumerate(dist) if d < r)
            if min_inside <= len(inside) < len(points):
                return cx, cy, float(r), inside
    raise AssertionError("no lasso circle with a clear edge: the plot layout changed?")


def polygon(cx: float, cy: float, r: float, k: int = 24) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(2 * math.pi * j / k), cy + r * math.sin(2 * math.pi * j / k)) for j in range(k)]
