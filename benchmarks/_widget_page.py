"""Drive a notebook in JupyterLab for the widget benchmark: open it, run cells,
run code in its kernel, time the kernel's round trip. Every clock is the page's
performance.now(), read inside page.evaluate (no Python-side timing of browser
events). The page scripts that measure a widget are in _widget_js_*.py.
"""

from __future__ import annotations

import json
import sys
import time

from tests.e2e._explorer_page import KERNEL_IDLE  # the e2e tests' wait, the same page

# After the notebook opens: the kernel connection, and a recorder of comm
# messages (kernel.anyMessage fires right after a message is sent or received
# and deserialised), active only while a measurement sets B.rec.
HOOK_KERNEL = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const B = window.__bench = { panel, kernel, rec: null, run: null, long: [] };
  kernel.anyMessage.connect((_, { msg, direction }) => {
    if (!B.rec || msg.header.msg_type !== 'comm_msg') return;
    const data = msg.content.data || {};
    const bufs = msg.buffers || [];
    const paths = data.buffer_paths || [];
    B.rec.msgs.push({ t: performance.now(), direction, method: data.method,
      keys: Object.keys(data.state || {}), bytes: bufs.reduce((s, b) => s + (b.byteLength || 0), 0),
      buffers: Object.fromEntries(paths.map((p, i) => [p.join('.'), bufs[i] ? bufs[i].byteLength : null])) });
  });
  // Main-thread tasks over 50 ms (page clock): tells JS work from waiting for the GPU process.
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) B.long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask' });
  } catch (e) { B.long = null; }
  return panel.id;
}
"""

# Start running cell i (no waiting here: the 1M fit takes minutes; Python polls).
RUN_CELL = """
(i) => {
  const B = window.__bench;
  B.panel.content.activeCellIndex = i;
  B.run = null;
  const t0 = performance.now();
  window.jupyterapp.commands.execute('notebook:run-cell').then(
    (ok) => { B.run = { ok: ok !== false, ms: performance.now() - t0 }; },
    (e) => { B.run = { ok: false, ms: performance.now() - t0, err: String(e) }; });
}
"""

CELL_OUTPUTS = "(i) => window.__bench.panel.content.widgets[i].model.outputs.toJSON()"

# Clear cell i's outputs: the widget views in it are disposed (their canvases and GPU buffers go).
CLEAR_OUTPUTS = "(i) => { window.__bench.panel.content.widgets[i].model.outputs.clear(); }"

# Code in the notebook's kernel (not in a cell); resolves with its stdout.
EXECUTE = """
async (code) => {
  const future = window.__bench.kernel.requestExecute({ code, silent: false, store_history: false });
  let out = '', err = null;
  future.onIOPub = (msg) => {
    const t = msg.header.msg_type;
    if (t === 'stream') out += msg.content.text;
    else if (t === 'error') err = msg.content.ename + ': ' + msg.content.evalue;
  };
  const reply = await future.done;
  if (err || reply.content.status !== 'ok') throw new Error('kernel: ' + (err || reply.content.status));
  return out;
}
"""

# Bare kernel round trip: requestExecute('pass') until its reply, k times after one warm-up.
KERNEL_RTT = """
async (k) => {
  const kernel = window.__bench.kernel, out = [];
  for (let i = 0; i <= k; i++) {
    const t = performance.now();
    await kernel.requestExecute({ code: 'pass', silent: false, store_history: false }).done;
    if (i > 0) out.push(performance.now() - t);
  }
  return out;
}
"""

LONG_TASKS = "() => window.__bench.long"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def open_notebook(page, server, name: str) -> str:
    """Open a notebook, wait for its idle kernel, hook the kernel connection; returns the panel's selector."""
    page.goto(server.lab_url(name))
    page.wait_for_selector(".jp-NotebookPanel", timeout=120_000)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000, polling=200)
    return "#" + page.evaluate(HOOK_KERNEL)


def run_cell(page, index: int, what: str, timeout: float = 3600) -> dict:
    """Run one cell, printing progress while it runs; raises with the traceback if it fails."""
    t0 = time.monotonic()
    page.evaluate(RUN_CELL, index)
    last = t0
    while True:
        state = page.evaluate("() => window.__bench.run")
        if state:
            break
        now = time.monotonic()
        if now - t0 > timeout:
            raise TimeoutError(f"cell {index} ({what}) still running after {timeout:.0f} s")
        if now - last >= 20:
            log(f"  ... {what}: {now - t0:.0f} s")
            last = now
        time.sleep(0.5)
    outputs = page.evaluate(CELL_OUTPUTS, index)
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if errors or not state["ok"]:
        tb = "\n".join(errors[0].get("traceback", [])) if errors else state.get("err", "")
        raise RuntimeError(f"cell {index} ({what}) failed:\n{tb}")
    return state


def long_task_ms(tasks, start: float, end: float) -> float | None:
    """Main-thread long-task time inside [start, end] (page clock, ms); None if not observable."""
    if tasks is None:
        return None
    return sum(max(0.0, min(s + d, end) - max(s, start)) for s, d in tasks)


def kernel_json(page, code: str) -> dict:
    return json.loads(page.evaluate(EXECUTE, code).strip().splitlines()[-1])
