"""The printed tables of bench_widget.py (from the results dict it also saves)."""

from __future__ import annotations

from benchmarks import _report as R
from benchmarks import _widget_trace as T
from benchmarks._widget_measure import fmt, med

TARGET_MOVE_MS = {100_000: 100, 1_000_000: 500}
TARGET_DISPLAY_S = {1_000_000: 3.0}


def meets(value, target):
    if value is None or target is None:
        return "-"
    return "yes" if value <= target else "NO"


def report(results: dict, env: dict) -> str:
    lines = []
    rows = []
    for n, r in results.items():
        ex, an = r["explorer"], r["anchor"]
        rtt = med(ex["kernel_rtt_ms"])
        for slider, mv in ex["moves"].items():
            m = mv["median"]
            tgt = TARGET_MOVE_MS.get(n)
            rows.append(
                [
                    f"{n:,}",
                    slider,
                    f"{m['frame_ms']:.0f} ({mv['min_frame_ms']:.0f}-{mv['max_frame_ms']:.0f})",
                    f"{m['shown_ms']:.0f}",
                    f"{rtt:.0f}",
                    f"{an['median']['frame_ms']:.0f}",
                    fmt(m.get("evaluate_ms"), 1),
                    f"<= {tgt}" if tgt else "-",
                    meets(m["frame_ms"], tgt),
                ]
            )
    k = len(next(iter(results.values()))["explorer"]["moves"]["min_cluster_size"]["moves"])
    lines.append(
        R.table(
            f"Slider input -> first frame drawn with the new result (ms, median of {k} moves; min-max)",
            [
                "N",
                "slider",
                "hdbscope",
                "(draw calls issued)",
                "kernel RTT floor",
                "anchor widget",
                "engine evaluate()",
                "target",
                "meets target",
            ],
            rows,
            [
                "hdbscope: performance.now() at the 'input' event until the frame that shows the new result"
                " (data-seq, via MutationObserver) + 1 requestAnimationFrame.",
                "(draw calls issued): the same, up to the end of the frame's WebGL calls, before SwiftShader has"
                " rasterised them (the next animation frame waits for that).",
                "kernel RTT floor: kernel.requestExecute('pass') -> reply, in the page, median of 10 (same kernel).",
                "anchor widget: a minimal anywidget slider at the same N (Python: labels = arange(N) % v as int32"
                " bytes; JS: 2-D canvas paint); same measurement.",
                "engine evaluate(): Clusterer.evaluate() for the same moves, timed inside the kernel.",
            ],
        )
    )

    rows = []
    for n, r in results.items():
        for slider, mv in r["explorer"]["moves"].items():
            m = mv["median"]
            rows.append(
                [
                    f"{n:,}",
                    slider,
                    fmt(m.get("input_to_send_ms"), 1),
                    fmt(m.get("evaluate_ms"), 1),
                    fmt(m.get("encode_ms"), 1),
                    fmt(m.get("kernel_rest_ms"), 1),
                    fmt(m.get("transport_ms"), 1),
                    fmt(m.get("js_decode_ms"), 1),
                    fmt(m.get("js_update_ms"), 1),
                    fmt(m.get("frame_wait_ms"), 1),
                    fmt(m.get("draw_calls_ms"), 1),
                    fmt(m.get("to_next_frame_ms"), 1),
                    fmt(m.get("long_to_frame_ms"), 0),
                    fmt(m["frame_ms"], 0),
                    fmt((m.get("reply_bytes") or 0) / 1e6, 2),
                    fmt(med([int(x["n_potential_outliers"]) for x in mv["moves"] if x.get("n_potential_outliers")]), 0),
                ]
            )
        a = r["anchor"]["median"]
        rows.append(
            [
                f"{n:,}",
                "anchor widget",
                fmt(a.get("input_to_send_ms"), 1),
                "-",
                "-",
                "-",
                fmt((a.get("round_trip_ms") or 0), 1) + " (RT)",
                fmt(a.get("js_ms"), 1) + " (all JS)",
                "-",
                "-",
                fmt(a.get("draw_ms"), 1),
                fmt(a["frame_ms"] - a["shown_ms"], 1),
                "-",
                fmt(a["frame_ms"], 0),
                fmt((a.get("reply_bytes") or 0) / 1e6, 2),
                "-",
            ]
        )
    lines.append(
        R.table(
            "Where a move's time goes (ms, medians; the parts add up to about the total)",
            [
                "N",
                "slider",
                "input->sent",
                "evaluate()",
                "encode",
                "kernel rest",
                "transport",
                "JS decode+colours",
                "JS update",
                "wait frame",
                "draw calls",
                "to next frame",
                "(main thread blocked)",
                "total",
                "reply MB",
                "potential outliers",
            ],
            rows,
            [
                "input->sent: the slider's input handler until the comm message is sent.",
                "evaluate()/encode/kernel rest: inside the kernel, from the first set_state of the move to the end of"
                " _update (rest = trait validation, scheduling, building and sending the message).",
                "transport: browser send -> reply received in the page, minus the kernel's time (websocket, server,"
                " ZMQ both ways, message (de)serialisation).",
                "JS decode+colours: reply received -> first GPU upload (ipywidgets state, typed arrays, colour matching).",
                "JS update: GPU uploads, visibility, legend, link geometry, until the frame is requested.",
                "draw calls: the WebGL calls issued in the frame (SwiftShader executes them in the GPU process).",
                "to next frame: from the frame that shows the result to the next animation frame; (main thread blocked):"
                " the part of it inside main-thread tasks > 50 ms (PerformanceObserver 'longtask'). With software"
                " compositing the frame's commit reads the WebGL canvas back (GLES2::ReadPixels) and so waits for"
                " SwiftShader to run the frame's WebGL commands; --trace shows which it is.",
                "potential outliers: median count over the moves (each gets a marker drawn over its point).",
            ],
        )
    )

    rows = []
    for n, r in results.items():
        d, ad = r["explorer"]["display"], r["anchor"]["display"]
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
            ],
        )
    )

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
                ],
            )
        )

    rows = []
    for n, r in results.items():
        for who in ("explorer", "anchor"):
            for stage, m in r[who]["memory"].items():
                rows.append(
                    [
                        f"{n:,}",
                        "hdbscope" if who == "explorer" else "anchor widget",
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
                " its model (with all buffers) in the page but not shown; displayed; after_moves.",
            ],
        )
    )
    return "\n\n".join(lines)
