"""What the widget benchmark's measurements share: the widgets' selectors, the
slider moves planned, a fresh browser page, medians and number formatting."""

from __future__ import annotations

import statistics

ROOT = ".hdbscope-explorer"
ANCHOR = ".bench-anchor"
SLIDERS = {
    "min_cluster_size": ".hdbscope-slider-min-cluster-size input",
    "duplicate_threshold": ".hdbscope-slider-duplicate-threshold input",
    "outlier_threshold": ".hdbscope-slider-outlier-threshold input",
}
# each slider's data-* attribute on the root (js/attributes.ts): the value the drawn result is for
ATTRS = {"min_cluster_size": "minClusterSize", "duplicate_threshold": "duplicateThreshold",
         "outlier_threshold": "outlierThreshold"}  # fmt: skip
# Slider moves, as offsets from the starting position: all different, so the
# engine's memo never answers (every move is a real evaluate()).
OFFSETS = [9, -12, 20, -25, 33, -40, 48, -54, 15, -6, 27, -33, 40, -47, 5, -18, 24, -29, 36, -3]
MOVE_TIMEOUT_MS = 120_000


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, digits=0):
    return "-" if x is None else f"{x:,.{digits}f}"


def meets(value, target) -> str:
    if value is None or target is None:
        return "-"
    return "yes" if value <= target else "NO"


def plan_positions(start: int, top: int, count: int) -> list[int]:
    out, used = [], {start}
    for off in OFFSETS + list(range(1, top + 1)):
        p = min(top, max(0, start + off))
        if p not in used:
            out.append(p)
            used.add(p)
        if len(out) == count:
            return out
    raise ValueError(f"slider has only {top + 1} positions; cannot plan {count} distinct moves")


def new_page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    cdp = ctx.new_cdp_session(page)
    cdp.send("Performance.enable")
    return ctx, page, cdp, errors
