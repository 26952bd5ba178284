"""The printed tables of bench_widget.py (from the results dict it also saves):
slider moves answered by the kernel and in the browser, and where a move's time
goes. The view's tables (display, redraw, zoom gesture, memory) are in
_widget_report_view.py."""

from __future__ import annotations

from benchmarks import _report as R
from benchmarks import _widget_report_view as V
from benchmarks._widget_common import fmt, med, meets

TARGET_MOVE_MS = {100_000: 100, 1_000_000: 500}  # the kernel path (issue 3)
TARGET_PREVIEW_MS = {100_000: 30, 1_000_000: 150}  # answered in the browser (issue 14)


def report(results: dict, env: dict) -> str:
    tables = [
        slider_table(results),
        preview_table(results),
        breakdown_table(results),
        V.display_table(results),
        V.trace_table(results),
        V.redraw_table(results),
        V.gesture_table(results),
        V.memory_table(results),
    ]
    return "\n\n".join(t for t in tables if t)


def slider_table(results: dict) -> str | None:
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

    return "\n\n".join(lines) or None


def preview_table(results: dict) -> str | None:
    rows = []
    for n, r in results.items():
        pv = r["explorer"].get("preview")
        if not pv:
            continue
        info = r["explorer"].get("kernel_info", {})
        for slider, mv in pv["moves"].items():
            m, kernel = mv["median"], r["explorer"]["moves"][slider]["median"]
            tgt = TARGET_PREVIEW_MS.get(n)
            rows.append(
                [
                    f"{n:,}",
                    slider,
                    f"{m['frame_ms']:.0f} ({mv['min_frame_ms']:.0f}-{mv['max_frame_ms']:.0f})",
                    fmt(m["handled_ms"], 0),
                    fmt(m["python_frame_ms"], 0),
                    fmt(kernel["frame_ms"], 0),
                    fmt(info.get("fitted_bytes", 0) / 1e6, 1),
                    f"<= {tgt}" if tgt else "-",
                    meets(m["frame_ms"], tgt),
                ]
            )
    if not rows:
        return None
    k = len(next(iter(results.values()))["explorer"]["preview"]["moves"]["min_cluster_size"]["moves"])
    return R.table(
        f"Slider input -> first frame, answered in the browser (ms, median of {k} moves; min-max)",
        [
            "N",
            "slider",
            "in-browser preview",
            "(input handler: extraction + upload)",
            "Python's answer drawn",
            "kernel path (no preview), same run",
            "fitted state MB",
            "target",
            "meets target",
        ],
        rows,
        [
            "in-browser preview: a second explorer on the same fit, sent the fitted state at every N (the"
            " widget itself sends it only up to KERNELLESS_MAX_SAMPLES), re-extracts in TypeScript on the"
            " 'input' event (js/kernelless/preview.ts); timed until the frame that draws the preview for the"
            " value sent (data-previews, drawn value = slider value) + 1 requestAnimationFrame.",
            "(input handler): the same move until the 'input' handler returned: the re-extraction and the"
            " GPU uploads, before the frame.",
            "Python's answer drawn: the same move until the frame that draws Python's result for it (the"
            " value still goes to the kernel, so explorer.result stays true); the next move waits for it.",
            "kernel path: the first table's figure (an explorer sent no fitted state), same run, same N.",
            "fitted state MB: the `fitted` trait's binary buffers (tree, forest, sample map), sent once.",
        ],
    )


def breakdown_table(results: dict) -> str | None:
    lines = []
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
                "JS decode+colours: reply received -> first GPU upload (ipywidgets state, typed arrays, each point's"
                " colour id; the cluster colour slots arrive with the result).",
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

    return "\n\n".join(lines) or None
