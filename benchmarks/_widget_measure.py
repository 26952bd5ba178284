"""The measurements of bench_widget.py: one explorer notebook and one anchor
notebook per N, each in a fresh browser context, each with its own kernel
(stopped afterwards). Every figure is taken in the page (see _widget_page.py)
or inside the kernel (_widget_kernel.py).
"""

from __future__ import annotations

import time

from benchmarks import _widget_js_draw as D
from benchmarks import _widget_js_explorer as J
from benchmarks import _widget_memory as M
from benchmarks import _widget_page as P
from benchmarks import _widget_trace as T
from benchmarks._widget_common import ANCHOR, MOVE_TIMEOUT_MS, ROOT, SLIDERS, fmt, med, new_page, plan_positions
from benchmarks._widget_preview import bench_preview


# ---------------------------------------------------------------- one explorer
def explorer_breakdown(move: dict, krec: dict | None) -> dict:
    """Split one move's time: browser send -> kernel -> back -> JS -> draw -> frame."""
    sends = [m["t"] for m in move["msgs"] if m["direction"] == "send" and m["method"] == "update"]
    recvs = [m for m in move["msgs"] if m["direction"] == "recv" and "seq" in m["keys"]]
    b = {
        "frame_ms": move["frame_ms"],
        "shown_ms": move["shown_ms"],
        "long_before_shown_ms": move.get("long_before_shown_ms"),
        "long_to_frame_ms": move.get("long_to_frame_ms"),
    }
    if not sends or not recvs:
        return b
    send, recv = sends[0], recvs[0]["t"]
    b.update(
        input_to_send_ms=send,
        round_trip_ms=recv - send,
        reply_bytes=recvs[0]["bytes"],
        reply_buffers=recvs[0].get("buffers"),
    )
    if krec:
        b.update(
            kernel_ms=krec.get("kernel_ms"),
            evaluate_ms=krec.get("evaluate_ms"),
            encode_ms=krec.get("encode_ms"),
            update_ms=krec.get("update_ms"),
        )
        if krec.get("kernel_ms") is not None:
            b["transport_ms"] = b["round_trip_ms"] - krec["kernel_ms"]
            b["kernel_rest_ms"] = krec["kernel_ms"] - (krec.get("evaluate_ms") or 0) - (krec.get("encode_ms") or 0)
    sc = [s for s, _ in move["setClusters"] if s >= recv]
    if sc:
        b["js_decode_ms"] = sc[0] - recv  # ipywidgets state + typed arrays + colour ids (slots come with the result)
        req = [e for s, e in move["requestDraw"] if s >= sc[0]]
        draws = [(s, e) for s, e in move["drawNow"] if s >= sc[0]]
        if req and draws:
            b["js_update_ms"] = req[-1] - sc[0]  # GPU uploads, visibility, legend, link geometry
            b["frame_wait_ms"] = draws[0][0] - req[-1]  # until the animation frame
            b["draw_calls_ms"] = draws[0][1] - draws[0][0]
    b["to_next_frame_ms"] = move["frame_ms"] - move["shown_ms"]
    return b


def slider_moves(page, root: str, slider: str, k: int, browser=None) -> dict:
    """k measured moves after a warm-up; with browser (--trace), one extra traced move at the end."""
    sel = SLIDERS[slider]
    start, top = page.evaluate(J.SLIDER_POSITION, [root, sel])
    positions = plan_positions(int(start), int(top), k + 2)
    moves = []
    for i, p in enumerate(positions[: k + 1]):
        moves.append(page.evaluate(J.MOVE, [root, sel, p, "explorer", MOVE_TIMEOUT_MS]))
        if i == 0:
            P.log(f"  {slider}: warm-up move {moves[0]['frame_ms']:.0f} ms; {k} more")
    traced = None
    if browser is not None:
        move, summary = T.trace_move(
            browser, page, lambda: page.evaluate(J.MOVE, [root, sel, positions[k + 1], "explorer", MOVE_TIMEOUT_MS])
        )
        traced = {
            "frame_ms": move["frame_ms"],
            "shown_ms": move["shown_ms"],
            "sent": move["sent"],
            "n_potential_outliers": move["n_potential_outliers"],
            **summary,
        }
    # back to the starting position (not measured): the other slider and the redraw see the defaults
    page.evaluate(J.MOVE, [root, sel, int(start), "explorer", MOVE_TIMEOUT_MS])
    page.wait_for_timeout(200)  # long-task entries are delivered asynchronously
    tasks = page.evaluate(P.LONG_TASKS)
    for m in moves:
        m["long_before_shown_ms"] = P.long_task_ms(tasks, m["t0"], m["t0"] + m["shown_ms"])
        m["long_to_frame_ms"] = P.long_task_ms(tasks, m["t0"] + m["shown_ms"], m["t0"] + m["frame_ms"])
    dump = P.kernel_json(page, "from benchmarks import _widget_kernel as K; K.dump()")
    by_seq = {str(r["seq"]): r for r in dump["log"]}
    rows, mismatched = [], 0
    for m in moves[1:]:
        krec = by_seq.get(str(m["seq"]))
        shown = m[slider]
        same = abs(float(shown) - float(m["sent"])) <= 1e-9 * abs(float(m["sent"]))
        mismatched += not same
        rows.append(
            {
                **explorer_breakdown(m, krec),
                "sent": m["sent"],
                "shown": shown,
                **{k: m.get(k) for k in ("n_clusters", "n_links", "n_outliers", "n_potential_outliers")},
            }
        )
    keys = dict.fromkeys(k for r in rows for k in r if k.endswith("_ms") or k == "reply_bytes")
    summary = {key: med([r.get(key) for r in rows]) for key in keys}
    return {
        "warmup": explorer_breakdown(moves[0], by_seq.get(str(moves[0]["seq"]))),
        "moves": rows,
        "traced": traced,
        "median": summary,
        "min_frame_ms": min(r["frame_ms"] for r in rows),
        "max_frame_ms": max(r["frame_ms"] for r in rows),
        "mismatched": mismatched,
        "values": [r["sent"] for r in rows],
    }


def bench_explorer(browser, server, n: int, k: int, trace: bool = False) -> dict:
    ctx, page, cdp, errors = new_page(browser)
    out: dict = {"n": n}
    try:
        name = server.write_notebook(
            f"explorer_{n}.ipynb",
            [
                f"from benchmarks import _widget_kernel as K\nX = K.data({n})",
                "w = K.explorer(X)",
                "w",
                "w2 = K.explorer(X, clusterer=w._clusterer, preview=True)",
                "w2",
            ],
        )
        panel = P.open_notebook(page, server, name)
        root = f"{panel} {ROOT}"
        mem = {"lab_open": M.memory(page, cdp)}
        P.run_cell(page, 0, "data")
        P.log(f"  fitting ClusterExplorer on {n:,} x 2 in the kernel ...")
        t = time.monotonic()
        P.run_cell(page, 1, f"ClusterExplorer({n:,} points)")
        P.log(f"  constructed in {time.monotonic() - t:.1f} s")
        mem["model_received"] = M.memory(page, cdp)
        out["display"] = d = page.evaluate(J.DISPLAY, [2, ROOT, n, True, MOVE_TIMEOUT_MS])
        page.wait_for_timeout(200)
        tasks = page.evaluate(P.LONG_TASKS)
        if "points" in d and "pointsFrame" in d:
            d["long_points_to_frame_ms"] = P.long_task_ms(tasks, d["t0"] + d["points"], d["t0"] + d["pointsFrame"])
        d["long_to_first_frame_ms"] = P.long_task_ms(tasks, d["t0"], d["t0"] + d.get("pointsFrame", d["render1Frame"]))
        d["long_tasks"] = [[s - d["t0"], dur] for s, dur in tasks or [] if s + dur >= d["t0"]]
        P.log(f"  display -> first frame with points: {out['display'].get('pointsFrame', float('nan')):.0f} ms")
        out["gl"] = page.evaluate(J.HOOK_EXPLORER, root)
        mem["displayed"] = M.memory(page, cdp)
        out["kernel_rtt_ms"] = page.evaluate(P.KERNEL_RTT, 10)
        P.log(f"  kernel round trip: median {med(out['kernel_rtt_ms']):.1f} ms")
        out["moves"] = {}
        for slider in SLIDERS:
            out["moves"][slider] = res = slider_moves(page, root, slider, k, browser if trace else None)
            m = res["median"]
            P.log(f"  {slider}: median {m['frame_ms']:.0f} ms to frame (evaluate {fmt(m.get('evaluate_ms'), 1)} ms)")
        out["redraw_state"] = page.evaluate(
            "(sel) => { const d = document.querySelector(sel).dataset; return { min_cluster_size: d.minClusterSize,"
            " n_outliers: d.nOutliers, n_potential_outliers: d.nPotentialOutliers, n_links: d.nLinks }; }",
            root,
        )
        bare = {"showMarkers": False, "showExactLinks": False, "showNearLinks": False}
        for kind in ("result", "view", "moving"):
            out[f"redraw_{kind}"] = page.evaluate(D.REDRAW, [root, 10, {}, kind])
            out[f"redraw_{kind}_points_only"] = page.evaluate(D.REDRAW, [root, 10, bare, kind])
        out["gl_floor"] = page.evaluate(D.GL_FLOOR, [root, n, 10])
        out["gesture"] = page.evaluate(D.GESTURE, [root, 3000])
        g = out["gesture"]
        P.log(f"  zoom gesture: {g['frames']} frames in {g['ms'] / 1000:.1f} s = {g['fps']:.0f} fps {g['modes']}")
        mem["after_moves"] = M.memory(page, cdp)
        page.locator(root).screenshot(path=str(server.base / f"explorer_{n}.png"))
        out["memory"] = mem
        out["preview"] = bench_preview(page, cdp, panel, n, k, (2, 3, 4))
        out["kernel_info"] = P.kernel_json(page, "from benchmarks import _widget_kernel as K; K.dump()")["info"]
    finally:
        out["page_errors"] = errors[:20]
        ctx.close()
        server.shutdown_sessions()
    return out


# ---------------------------------------------------------------- the anchor
def bench_anchor(browser, server, n: int, k: int) -> dict:
    ctx, page, cdp, errors = new_page(browser)
    out: dict = {"n": n}
    try:
        name = server.write_notebook(
            f"anchor_{n}.ipynb",
            [
                f"from benchmarks import _widget_kernel as K\na = K.AnchorWidget(n={n})",
                "a",
            ],
        )
        panel = P.open_notebook(page, server, name)
        root = f"{panel} {ANCHOR}"
        mem = {"lab_open": M.memory(page, cdp)}
        P.run_cell(page, 0, "anchor widget")
        mem["model_received"] = M.memory(page, cdp)
        out["display"] = page.evaluate(J.DISPLAY, [1, ANCHOR, n, False, MOVE_TIMEOUT_MS])
        mem["displayed"] = M.memory(page, cdp)
        out["kernel_rtt_ms"] = page.evaluate(P.KERNEL_RTT, 10)
        rows = []
        for i, v in enumerate(range(4, 4 + k + 1)):
            m = page.evaluate(J.MOVE, [root, ".bench-anchor-slider", v, "anchor", MOVE_TIMEOUT_MS])
            if i == 0:
                continue
            sends = [x["t"] for x in m["msgs"] if x["direction"] == "send"]
            recvs = [x for x in m["msgs"] if x["direction"] == "recv" and "labels_value" in x["keys"]]
            row = {"frame_ms": m["frame_ms"], "shown_ms": m["shown_ms"], "draw_ms": float(m["draw_ms"] or "nan")}
            if sends and recvs:
                row.update(
                    input_to_send_ms=sends[0],
                    round_trip_ms=recvs[0]["t"] - sends[0],
                    js_ms=m["shown_ms"] - recvs[0]["t"],
                    reply_bytes=recvs[0]["bytes"],
                )
            rows.append(row)
        out["moves"] = rows
        out["median"] = {key: med([r.get(key) for r in rows]) for key in dict.fromkeys(k for r in rows for k in r)}
        mem["after_moves"] = M.memory(page, cdp)
        out["memory"] = mem
    finally:
        out["page_errors"] = errors[:20]
        ctx.close()
        server.shutdown_sessions()
    return out
