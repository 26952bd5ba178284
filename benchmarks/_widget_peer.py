"""The peer in bench_widget.py: jupyter-scatter, the widget users would otherwise
pick for a large scatter in a notebook, shown in the same JupyterLab and browser
at the same N and canvas size as hdbscope's explorer. Measured as the explorer
is: display -> first frame with all N points, and a 3 s zoom gesture (frames
drawn). It has no clustering sliders, so there is no slider figure to compare.
"""

from __future__ import annotations

from benchmarks import _widget_js_peer as JP
from benchmarks import _widget_memory as M
from benchmarks import _widget_page as P
from benchmarks._widget_common import MOVE_TIMEOUT_MS, new_page


def bench_peer(browser, server, n: int, canvas: tuple[int, int]) -> dict:
    ctx, page, cdp, errors = new_page(browser)
    out: dict = {"n": n}
    try:
        name = server.write_notebook(
            f"peer_{n}.ipynb",
            [
                f"from benchmarks import _widget_kernel as K\nX = K.data({n})",
                f"p = K.peer(X, width={canvas[0]}, height={canvas[1]})",
                "p",
            ],
        )
        P.open_notebook(page, server, name)
        page.evaluate(JP.HOOK_PEER_DRAWS)
        mem = {"lab_open": M.memory(page, cdp)}
        P.run_cell(page, 0, "data")
        P.run_cell(page, 1, f"jupyter-scatter ({n:,} points)")
        mem["model_received"] = M.memory(page, cdp)
        out["display"] = d = page.evaluate(JP.PEER_DISPLAY, [2, n, MOVE_TIMEOUT_MS])
        P.log(
            f"  jupyter-scatter: display -> first frame with points {d['pointsFrame']:.0f} ms"
            f" (painted share {d.get('paintedShare', float('nan')):.3f})"
        )
        page.wait_for_timeout(1000)  # let the widget settle (its first frames, axes) before the gesture
        mem["displayed"] = M.memory(page, cdp)
        out["gesture"] = g = page.evaluate(JP.PEER_GESTURE, [3000])
        P.log(f"  jupyter-scatter zoom gesture: {g['frames']} frames in {g['ms'] / 1000:.1f} s = {g['fps']:.1f} fps")
        mem["after_gesture"] = M.memory(page, cdp)
        out["kernel_info"] = P.kernel_json(page, "from benchmarks import _widget_kernel as K; K.dump()")["info"]
        page.screenshot(path=str(server.base / f"peer_{n}.png"))
        out["memory"] = mem
    finally:
        out["page_errors"] = errors[:20]
        ctx.close()
        server.shutdown_sessions()
    return out
