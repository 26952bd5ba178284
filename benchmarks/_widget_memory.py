"""Memory of the benchmark's browser tab: V8 heap and ArrayBuffers (CDP), and the
RSS of the Chromium processes (the tab's renderer, the GPU process that holds the
WebGL buffers under SwiftShader)."""

from __future__ import annotations

import os
import pathlib


def chromium_memory() -> dict:
    """RSS (MiB) of the Chromium processes under this Python process, by kind."""
    from tests.e2e._server import descendants

    out = {"renderer_max_mib": 0.0, "renderers": 0, "gpu_mib": 0.0}
    for pid in descendants(os.getpid()):
        try:
            # Chromium rewrites its children's argv into one space-separated string: match substrings
            cmd = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes()
            status = pathlib.Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if b"chromium" not in cmd.split(b"\0")[0].split(b" ")[0]:
            continue
        rss = next((int(ln.split()[1]) / 1024 for ln in status.splitlines() if ln.startswith("VmRSS:")), 0.0)
        if b"--type=renderer" in cmd:
            out["renderers"] += 1
            out["renderer_max_mib"] = max(out["renderer_max_mib"], rss)  # the JupyterLab tab is the big one
        elif b"--type=gpu-process" in cmd:
            out["gpu_mib"] += rss
    return out


def memory(page, cdp) -> dict:
    """Tab memory after a forced GC: V8 heap (CDP), ArrayBuffer backing stores, process RSS."""
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    out = {
        "js_heap_used_mib": metrics.get("JSHeapUsedSize", 0) / 2**20,
        "js_heap_total_mib": metrics.get("JSHeapTotalSize", 0) / 2**20,
        "dom_nodes": metrics.get("Nodes"),
    }
    try:
        usage = cdp.send("Runtime.getHeapUsage")
        out["array_buffers_mib"] = usage.get("backingStorageSize", float("nan")) / 2**20
        out["embedder_heap_mib"] = usage.get("embedderHeapUsedSize", float("nan")) / 2**20
    except Exception as e:
        out["heap_usage_error"] = str(e)
    out["performance_memory_used_mib"] = page.evaluate(
        "() => performance.memory ? performance.memory.usedJSHeapSize / 2**20 : null"
    )
    out.update(chromium_memory())
    return out
