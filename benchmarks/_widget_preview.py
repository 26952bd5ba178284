"""The explorer answering slider moves in the browser (the kernel-less preview,
js/kernelless/preview.ts) in bench_widget.py: a second explorer on the same
fitted Clusterer, sent the fitted state at every N, shown in place of the first
(whose view is disposed), and the same slider moves timed until the frame that
draws the preview; Python's answer to each move is waited for before the next.
"""

from __future__ import annotations

from benchmarks import _widget_js_explorer as J
from benchmarks import _widget_memory as M
from benchmarks import _widget_page as P
from benchmarks._widget_common import ATTRS, MOVE_TIMEOUT_MS, ROOT, SLIDERS, med, plan_positions


def preview_moves(page, root: str, slider: str, k: int) -> dict:
    sel = SLIDERS[slider]
    start, top = page.evaluate(J.SLIDER_POSITION, [root, sel])
    positions = plan_positions(int(start), int(top), k + 1)
    moves = [page.evaluate(J.PREVIEW_MOVE, [root, sel, ATTRS[slider], p, MOVE_TIMEOUT_MS]) for p in positions]
    P.log(f"  {slider} (preview): warm-up move {moves[0]['frame_ms']:.0f} ms; {k} more")
    page.evaluate(J.PREVIEW_MOVE, [root, sel, ATTRS[slider], int(start), MOVE_TIMEOUT_MS])  # back (not measured)
    page.wait_for_timeout(200)  # long-task entries are delivered asynchronously
    tasks = page.evaluate(P.LONG_TASKS)
    for m in moves:
        m["long_to_frame_ms"] = P.long_task_ms(tasks, m["t0"], m["t0"] + m["frame_ms"])
    dump = P.kernel_json(page, "from benchmarks import _widget_kernel as K; K.dump()")
    by_seq = {str(r["seq"]): r for r in dump["log"]}
    rows = moves[1:]
    for m in rows:
        m["evaluate_ms"] = (by_seq.get(str(m["seq"])) or {}).get("evaluate_ms")
    keys = ("handled_ms", "shown_ms", "frame_ms", "python_shown_ms", "python_frame_ms", "evaluate_ms")
    return {
        "warmup": moves[0],
        "moves": rows,
        "median": {key: med([m.get(key) for m in rows]) for key in keys},
        "min_frame_ms": min(m["frame_ms"] for m in rows),
        "max_frame_ms": max(m["frame_ms"] for m in rows),
        "extra_previews": sum(m["previews"] != 1 for m in rows),
        "values": [m["sent"] for m in rows],
    }


def bench_preview(page, cdp, panel: str, n: int, k: int, cells: tuple[int, int, int]) -> dict:
    """cells: (the kernel-path explorer's display cell, the preview explorer's construction, its display)."""
    shown_before, construct, display = cells
    out: dict = {}
    page.evaluate(P.CLEAR_OUTPUTS, shown_before)  # one explorer view on the page at a time
    P.run_cell(page, construct, f"ClusterExplorer({n:,} points) with the fitted state")
    out["memory_model_received"] = M.memory(page, cdp)
    out["display"] = page.evaluate(J.DISPLAY, [display, ROOT, n, True, MOVE_TIMEOUT_MS])
    P.log(f"  preview explorer: display -> first frame {out['display'].get('pointsFrame', float('nan')):.0f} ms")
    root = f"{panel} {ROOT}"
    if not page.evaluate("(sel) => !!document.querySelector(sel).hdbscope.scatter", root):
        raise RuntimeError("the preview explorer did not render")
    out["moves"] = {}
    for slider in SLIDERS:
        out["moves"][slider] = res = preview_moves(page, root, slider, k)
        m = res["median"]
        P.log(
            f"  {slider} (preview): median {m['frame_ms']:.0f} ms to frame, Python's answer drawn at"
            f" {m['python_frame_ms']:.0f} ms"
        )
    out["memory_after_moves"] = M.memory(page, cdp)
    return out
