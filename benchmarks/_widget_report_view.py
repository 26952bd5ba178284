"""The view's tables of bench_widget.py: display to first frame, a traced move,
redraws, the zoom gesture (hdbscope beside jupyter-scatter) and tab memory."""

from __future__ import annotations

from benchmarks import _report as R
from benchmarks import _widget_trace as T
from benchmarks._widget_common import fmt, med, meets

TARGET_DISPLAY_S = {1_000_000: 3.0}


def display_table(results: dict) -> str | None:
    lines = []
    rows = []
    for n, r in results.items():
        d, ad = r["explorer"]["display"], r["anchor"]["display"]
        pd = (r.get("peer") or {}).get("display") or {}
        pv = (r["explorer"].get("preview") or {}).get("display") or {}
        tgt = TARGET_DISPLAY_S.get(n)
        first = d.get("pointsFrame")
        rows.append(
            [
                f"{n:,}",
                fmt(first and first / 1e3, 2),
                fmt(d.get("points") and d["points"] / 1e3, 2),
                fmt(d.get("long_points_to_frame_ms") and d["long_points_to_frame_ms"] / 1e3, 2),
                fmt(d.get("render1Frame", 0) / 1e3, 2),
                fmt(d.get("inDom") and d["inDom"] / 1e3, 2),
                fmt(d.get("cellDone") and d["cellDone"] / 1e3, 2),
                fmt(ad.get("render1Frame", 0) / 1e3, 2),
                fmt(pv.get("pointsFrame") and pv["pointsFrame"] / 1e3, 2),
                fmt(pd.get("pointsFrame") and pd["pointsFrame"] / 1e3, 2),
                fmt(pd.get("points") and pd["points"] / 1e3, 2),
                fmt(pd.get("paintedShare") and 100 * pd["paintedShare"], 0),
                f"<= {tgt}" if tgt else "-",
                meets(first and first / 1e3, tgt),
            ]
        )
    lines.append(
        R.table(
            "Display to first frame (s): running the cell that shows an already-constructed explorer",
            [
                "N",
                "hdbscope: first frame with all N points",
                "(draw calls issued)",
                "(main thread blocked after)",
                "data-render-count>=1 +frame",
                "root in DOM",
                "cell finished",
                "anchor widget",
                "hdbscope with the fitted state",
                "jupyter-scatter: first frame with all N points",
                "(draw call issued)",
                "% of its canvas painted",
                "target",
                "meets target",
            ],
            rows,
            [
                "first frame with all N points: the first WebGL drawArrays of all N points + 1 requestAnimationFrame;"
                " (draw calls issued): that drawArrays call; (main thread blocked after): time in main-thread tasks"
                " > 50 ms between the two.",
                "data-render-count>=1: the widget's own first-frame marker (+1 animation frame).",
                "The model (all buffers) reached the page when the explorer was constructed, in an earlier cell;"
                " this times the view: kernel display message, ESM, view constructor (spatial index, uploads), first draw.",
                "hdbscope with the fitted state: the same for the explorer that previews moves in the browser (its"
                " view also decodes the fitted state).",
                "jupyter-scatter: the same measure (its model and data were sent in an earlier cell, `Scatter(...).show()`,"
                " at the explorer's canvas size): the first WebGL draw call of all N points (POINTS) + 1"
                " requestAnimationFrame; % painted: the share of its visible canvas that is not white then.",
            ],
        )
    )

    return "\n\n".join(lines) or None


def trace_table(results: dict) -> str | None:
    lines = []
    rows = []
    for n, r in results.items():
        for slider, mv in r["explorer"]["moves"].items():
            t = mv.get("traced")
            if t:
                rows.append(
                    [f"{n:,}", slider, f"{t['frame_ms']:.0f}", f"{t['shown_ms']:.0f}"]
                    + [fmt(t[label], 1) for label in T.WATCH]
                )
    if rows:
        lines.append(
            R.table(
                "One traced move per slider (--trace): where the renderer's time goes (ms, summed over the trace)",
                ["N", "slider", "total", "draw calls issued"] + list(T.WATCH),
                rows,
                ["From a Chromium trace of one extra move (tracing itself slows the page down a little)."],
            )
        )

    return "\n\n".join(lines) or None


def redraw_table(results: dict) -> str | None:
    lines = []
    rows = []
    for n, r in results.items():
        ex = r["explorer"]
        if "redraw_result" not in ex:
            continue
        floor = ex["gl_floor"]
        st = ex.get("redraw_state", {})
        cells = [f"{n:,}"]
        for kind in ("result", "view", "moving"):
            full = med([x["finished_ms"] for x in ex[f"redraw_{kind}"]])
            cells += [
                fmt(full, 1),
                fmt(med([x["finished_ms"] for x in ex[f"redraw_{kind}_points_only"]]), 1),
                ex[f"redraw_{kind}"][-1].get("mode", ""),
            ]
        moving = ex["redraw_moving"][-1]
        cells += [
            fmt(1000 / med([x["finished_ms"] for x in ex["redraw_moving"]]), 0),
            f"{moving.get('preview_points', 0):,}" if moving.get("mode") == "preview" else "all",
            fmt(med(floor["finished_ms"]), 1),
            f"{floor['point_size_px']:.1f}",
            f"{int(st.get('n_outliers') or 0) + int(st.get('n_potential_outliers') or 0):,}",
            f"{int(st.get('n_links') or 0):,}",
        ]
        rows.append(cells)
    lines.append(
        R.table(
            "Redraw of the scatter (ms until drawn, median of 10; 'pts' = points pass only)",
            [
                "N",
                "new result",
                "pts",
                "how",
                "view moved, at rest",
                "pts",
                "how",
                "view moving",
                "pts",
                "how",
                "=> fps moving",
                "points drawn moving",
                "WebGL floor",
                "point px",
                "markers",
                "links",
            ],
            rows,
            [
                "drawn: drawNow() then a 1-pixel gl.readPixels, which waits until SwiftShader has drawn the frame.",
                "new result: same view, as after a slider move (how = cached: recoloured per pixel from the point-id"
                " cache). view moved, at rest: the camera moved 1 px, every point drawn (the id pass). view moving:"
                " the same during a pan/zoom gesture: a fixed sample of the points when full frames are slower than"
                " 33 ms here, sized for ~6 ms of drawing a frame; every point again once the view rests (150 ms).",
                "pts: the same with outlier/duplicate markers and duplicate links switched off.",
                "At the default min_cluster_size and duplicate_threshold; markers = outliers + potential outliers"
                " (above one plot area of markers they are drawn as shades instead), links = duplicate links.",
                "WebGL floor: a trivial shader drawing all N points of the same size on a canvas of the same size,"
                " same page (the least SwiftShader needs for every point).",
            ],
        )
    )

    return "\n\n".join(lines) or None


def gesture_table(results: dict) -> str | None:
    lines = []
    rows = []
    for n, r in results.items():
        g = r["explorer"].get("gesture")
        if g:
            rows.append(
                [
                    f"{n:,}",
                    f"{g['ms'] / 1000:.1f}",
                    str(g["wheel_events"]),
                    str(g["frames"]),
                    fmt(g["fps"], 0),
                    fmt(g["median_gap_ms"], 1),
                    ", ".join(f"{k} {v}" for k, v in sorted(g["modes"].items())),
                    f"{g['preview_points']:,}",
                    g["after_rest"],
                    ">= 30 fps at 1M" if n == 1_000_000 else "-",
                    ("yes" if g["fps"] >= 30 else "NO") if n == 1_000_000 else "-",
                ]
            )
        pg = (r.get("peer") or {}).get("gesture")
        if pg:
            rows.append(
                [
                    f"{n:,} jupyter-scatter",
                    f"{pg['ms'] / 1000:.1f}",
                    str(pg["wheel_events"]),
                    str(pg["frames"]),
                    fmt(pg["fps"], 1),
                    fmt(pg["median_gap_ms"], 1),
                    f"{pg['draw_calls']} point draws",
                    f"{pg['median_points_drawn']:,}" if pg.get("median_points_drawn") else "-",
                    "-",
                    "-",
                    "-",
                ]
            )
    if rows:
        lines.append(
            R.table(
                "Zoom gesture in the page: a wheel event every animation frame for 3 s",
                [
                    "N",
                    "s",
                    "wheel events",
                    "frames drawn",
                    "fps",
                    "median gap ms",
                    "how (frames)",
                    "sample size",
                    "after rest",
                    "target",
                    "meets target",
                ],
                rows,
                [
                    "frames drawn: the scatter's data-render-count changes while the gesture runs; the browser paces"
                    " animation frames, and with SwiftShader a frame waits until the previous one has been drawn.",
                    "after rest: how the frame 150 ms after the last wheel event drew (every point again).",
                    "jupyter-scatter rows: the same wheel events on the element at its plot's centre; frames drawn ="
                    " animation frames in which it issued a POINTS draw call; sample size: points per draw call"
                    " (median).",
                ],
            )
        )

    return "\n\n".join(lines) or None


def memory_table(results: dict) -> str | None:
    lines = []
    rows = []
    for n, r in results.items():
        preview = r["explorer"].get("preview") or {}
        preview_memory = {k[len("memory_") :]: v for k, v in preview.items() if k.startswith("memory_")}
        for who in ("explorer", "preview", "anchor", "peer"):
            memory = preview_memory if who == "preview" else (r.get(who) or {}).get("memory", {})
            for stage, m in memory.items():
                rows.append(
                    [
                        f"{n:,}",
                        {
                            "explorer": "hdbscope",
                            "preview": "hdbscope with the fitted state",
                            "anchor": "anchor widget",
                            "peer": "jupyter-scatter",
                        }[who],
                        stage,
                        fmt(m["js_heap_used_mib"], 1),
                        fmt(m.get("array_buffers_mib"), 1),
                        fmt(m["renderer_max_mib"], 0),
                        fmt(m["gpu_mib"], 0),
                    ]
                )
    lines.append(
        R.table(
            "Memory in the browser tab (MiB, after a forced GC)",
            ["N", "widget", "stage", "JS heap used", "ArrayBuffers", "renderer RSS", "GPU process RSS"],
            rows,
            [
                "JS heap used: CDP Performance.getMetrics JSHeapUsedSize. ArrayBuffers: CDP Runtime.getHeapUsage"
                " backingStorageSize (typed-array memory lives outside the JS heap).",
                "renderer RSS: the largest Chromium renderer process (the JupyterLab tab); GPU process RSS: SwiftShader's"
                " process, which holds the WebGL buffers.",
                "Stages: lab_open = notebook open, kernel idle; model_received = explorer constructed in the kernel,"
                " its model (with all buffers) in the page but not shown; displayed; after_moves (jupyter-scatter:"
                " after_gesture).",
            ],
        )
    )
    return "\n\n".join(lines) or None
