"""--trace: a Chromium trace of one slider move, summed by thread and event.

Tells apart the page's own work from waiting for the GPU process. With
--disable-gpu, compositing is in software, so every frame with a WebGL canvas
ends in Commit -> GLES2::ReadPixels on the renderer's main thread, which waits
until the GPU process (SwiftShader) has run all queued WebGL commands.
"""

from __future__ import annotations

import collections
import json

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "gpu", "blink", "cc", "toplevel"]
# (thread, event) pairs worth a column; durations are summed over the trace.
WATCH = {
    "renderer: JS (FunctionCall)": ("CrRendererMain", "FunctionCall"),
    "renderer: waiting for GPU (ReadPixels)": ("CrRendererMain", "GLES2::ReadPixels"),
    "renderer: style+layout": ("CrRendererMain", "LocalFrameView::RunStyleAndLayoutLifecyclePhases"),
    "renderer: paint": ("CrRendererMain", "Paint"),
    "GPU process: WebGL commands": ("CrGpuMain", "WebGL"),
}


def summarize(raw: bytes) -> dict:
    """Total ms per WATCH entry, plus the top events of the two main threads."""
    events = json.loads(raw)
    events = events["traceEvents"] if isinstance(events, dict) else events
    names = {
        (e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"
    }
    totals: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    open_: dict[tuple, list] = collections.defaultdict(list)
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        thread = names.get(key, "?")
        if e.get("ph") == "X" and "dur" in e:
            totals[thread][e["name"]] += e["dur"]
        elif e.get("ph") == "B":
            open_[key].append(e)
        elif e.get("ph") == "E" and open_[key]:
            b = open_[key].pop()
            totals[thread][b["name"]] += e["ts"] - b["ts"]
    out = {label: totals[t][name] / 1e3 for label, (t, name) in WATCH.items()}
    out["top"] = {t: [[n, us / 1e3] for n, us in totals[t].most_common(12)] for t in ("CrRendererMain", "CrGpuMain")}
    return out


def trace_move(browser, page, run_move) -> tuple[dict, dict]:
    """Run one move (a callable returning the MOVE result) under tracing."""
    browser.start_tracing(page=page, categories=CATEGORIES)
    try:
        move = run_move()
    finally:
        raw = browser.stop_tracing()
    return move, summarize(raw)
