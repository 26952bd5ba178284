"""Drive a notebook in JupyterLab for the widget benchmark; every clock is the
page's performance.now(), read inside page.evaluate (no Python-side timing of
browser events).

Waiting is on the data-* attributes the widgets write after each frame
(hdbscope: js/attributes.ts, render count last; the anchor: data-labels-value
last), seen by a MutationObserver, plus one requestAnimationFrame so the frame
has been handed to the compositor.
"""

from __future__ import annotations

import json
import os
import pathlib
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

# Run the display cell and time it until the first frame. For hdbscope (webgl)
# also the first drawArrays of all n points (+1 animation frame): the render
# count alone also counts frames that drew nothing.
DISPLAY = """
async ([cellIndex, rootSel, n, webgl, timeoutMs]) => {
  const B = window.__bench, panel = B.panel, marks = {};
  const proto = WebGL2RenderingContext.prototype, drawArrays = proto.drawArrays;
  if (webgl) proto.drawArrays = function (mode, first, count) {
    const r = drawArrays.call(this, mode, first, count);
    if (marks.points === undefined && mode === this.POINTS && count === n) {
      marks.points = performance.now();
      requestAnimationFrame(() => { marks.pointsFrame = performance.now(); });
    }
    return r;
  };
  const nb = panel.content;
  nb.activeCellIndex = cellIndex;
  nb.activeCell.node.scrollIntoView({ block: 'start' });
  await new Promise((r) => requestAnimationFrame(() => r()));
  const t0 = performance.now();
  const deadline = t0 + timeoutMs;
  window.jupyterapp.commands.execute('notebook:run-cell').then(() => { marks.cellDone = performance.now(); });
  try {
    await new Promise((resolve, reject) => {
      const obs = new MutationObserver(() => {
        const r = panel.node.querySelector(rootSel);
        if (r && marks.inDom === undefined) marks.inDom = performance.now();
        if (r && Number(r.dataset.renderCount) >= 1) { obs.disconnect(); marks.render1 = performance.now(); resolve(); }
      });
      obs.observe(panel.node, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-render-count'] });
      setTimeout(() => { obs.disconnect(); reject(new Error('no first render after ' + timeoutMs + ' ms')); }, timeoutMs);
    });
    await new Promise((r) => requestAnimationFrame(() => r()));
    marks.render1Frame = performance.now();
    while (webgl && marks.pointsFrame === undefined && performance.now() < deadline) {
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
  } finally {
    proto.drawArrays = drawArrays;
  }
  const out = { t0 };
  for (const [k, v] of Object.entries(marks)) out[k] = v - t0;
  return out;
}
"""

# Time hdbscope's pipeline stages: wrap a few methods of this view's instances.
HOOK_EXPLORER = """
(rootSel) => {
  const root = document.querySelector(rootSel), sc = root.hdbscope.scatter, B = window.__bench;
  const wrap = (obj, name) => {
    const orig = obj[name];
    obj[name] = function (...a) {
      const t = performance.now();
      const out = orig.apply(this, a);
      if (B.rec) (B.rec[name] = B.rec[name] || []).push([t, performance.now()]);
      return out;
    };
  };
  wrap(sc.renderer, 'setClusters');  // first step after decoding + colour matching
  wrap(sc, 'requestDraw');           // legend/visibility/links done, frame requested
  wrap(sc, 'drawNow');               // the WebGL draw calls (+ publishing data-*)
  const gl = sc.renderer.gl, dbg = gl.getExtension('WEBGL_debug_renderer_info');
  return { renderer: dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
           version: gl.getParameter(gl.VERSION), canvas: [gl.canvas.width, gl.canvas.height],
           dpr: window.devicePixelRatio };
}
"""

# One slider move: set the position, dispatch 'input' (as a drag does), wait for
# the frame that shows the new result, then one more animation frame.
MOVE = """
async ([rootSel, sliderSel, pos, kind, timeoutMs]) => {
  const B = window.__bench, root = document.querySelector(rootSel);
  const input = root.querySelector(sliderSel);
  const rec = B.rec = { msgs: [] };
  const seq0 = Number(root.dataset.seq);
  let sent = null;
  const t0 = performance.now();
  const tShown = await new Promise((resolve, reject) => {
    const done = () => kind === 'anchor' ? root.dataset.labelsValue === String(pos) : Number(root.dataset.seq) > seq0;
    const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); clearTimeout(timer); resolve(performance.now()); } });
    const timer = setTimeout(() => { obs.disconnect(); reject(new Error('no new result for position ' + pos)); }, timeoutMs);
    obs.observe(root, { attributes: true, attributeFilter: [kind === 'anchor' ? 'data-labels-value' : 'data-render-count'] });
    input.value = String(pos);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const label = input.closest('label');
    sent = label ? label.dataset.value : input.value;
  });
  await new Promise((r) => requestAnimationFrame(() => r()));
  const tFrame = performance.now();
  B.rec = null;
  const d = root.dataset;
  const rel = (a) => a.map(([s, e]) => [s - t0, e - t0]);
  return { pos, sent, t0, shown_ms: tShown - t0, frame_ms: tFrame - t0,
           msgs: rec.msgs.map((m) => ({ ...m, t: m.t - t0 })),
           setClusters: rel(rec.setClusters || []), requestDraw: rel(rec.requestDraw || []), drawNow: rel(rec.drawNow || []),
           seq: d.seq, min_cluster_size: d.minClusterSize, duplicate_threshold: d.duplicateThreshold,
           n_clusters: d.nClusters, n_links: d.nLinks, n_outliers: d.nOutliers,
           n_potential_outliers: d.nPotentialOutliers, busy: d.busy, draw_ms: d.drawMs };
}
"""

# One redraw, k times after a warm-up: the draw calls, then a 1-pixel readPixels
# that waits until the (software) GPU has finished them. `kind`:
#   "result": same view (what a new slider result costs: the id cache recolours per pixel)
#   "view":   the view moved by 1 px before each draw, at rest (every point drawn)
#   "moving": the same while a gesture is under way (a sample of the points if full frames are slow)
# `look` switches passes off for the measurement (restored after).
REDRAW = """
([rootSel, k, look, kind]) => {
  const sc = document.querySelector(rootSel).hdbscope.scatter, r = sc.renderer, gl = r.gl;
  const px = new Uint8Array(4), out = [];
  const saved = { ...sc.look };
  Object.assign(sc.look, look || {});
  try {
    for (let i = 0; i <= k; i++) {
      if (kind !== "result") sc.camera.pan(i % 2 ? 1 : -1, 0);
      sc.lastMove = kind === "moving" ? performance.now() : -Infinity;
      const t = performance.now();
      sc.drawNow();
      const t1 = performance.now();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      if (i > 0) out.push({ submit_ms: t1 - t, finished_ms: performance.now() - t,
                            mode: document.querySelector(rootSel).dataset.pointsMode,
                            preview_points: r.counts.preview, full_frame_ms: r.timer.fullFrameMs });
    }
  } finally {
    Object.assign(sc.look, saved);
    sc.lastMove = -Infinity;
    sc.requestDraw();
  }
  return out;
}
"""

# A real zoom gesture: a wheel event on the scatter every animation frame for `ms`
# (alternating in and out, so the view stays put), counting the frames the scatter
# drew meanwhile and how (data-points-mode). Frames are paced by the browser: with
# SwiftShader an animation frame waits until the previous frame has been drawn.
GESTURE = """
async ([rootSel, ms]) => {
  const root = document.querySelector(rootSel), sc = root.hdbscope.scatter, o = sc.overlay;
  const r = o.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  const modes = {}, stamps = [];
  const seen = new MutationObserver(() => {
    stamps.push(performance.now());
    const m = root.dataset.pointsMode; modes[m] = (modes[m] || 0) + 1;
  });
  seen.observe(root, { attributes: true, attributeFilter: ["data-render-count"] });
  const t0 = performance.now();
  let k = 0;
  await new Promise((done) => {
    const step = () => {
      if (performance.now() - t0 > ms) return done();
      o.dispatchEvent(new WheelEvent("wheel", { deltaY: k++ % 2 ? 40 : -40, clientX: x, clientY: y, bubbles: true, cancelable: true }));
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  const t1 = performance.now();
  await new Promise((done) => setTimeout(done, 400)); // the view rests: one full frame follows
  seen.disconnect();
  const during = stamps.filter((t) => t <= t1);
  const gaps = during.slice(1).map((t, i) => t - during[i]).sort((a, b) => a - b);
  return { ms: t1 - t0, wheel_events: k, frames: during.length, fps: during.length / ((t1 - t0) / 1000),
           median_gap_ms: gaps.length ? gaps[gaps.length >> 1] : null, modes,
           after_rest: root.dataset.pointsMode, preview_points: sc.renderer.counts.preview };
}
"""

# The WebGL floor: the same number of points, canvas size and point size, drawn
# by a trivial shader (one flat colour, uniform random positions) on a fresh
# WebGL2 canvas in the same page. What SwiftShader needs at the least.
GL_FLOOR = """
([rootSel, n, k]) => {
  const sc = document.querySelector(rootSel).hdbscope.scatter;
  const size = sc.pointSize() * (window.devicePixelRatio || 1);
  const c = document.createElement('canvas');
  c.width = sc.canvas.width; c.height = sc.canvas.height;
  const gl = c.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true });
  const sh = (type, src) => { const s = gl.createShader(type); gl.shaderSource(s, src); gl.compileShader(s); return s; };
  const prog = gl.createProgram();
  gl.attachShader(prog, sh(gl.VERTEX_SHADER, `#version 300 es
    in vec2 p; uniform float s; void main() { gl_Position = vec4(p, 0.0, 1.0); gl_PointSize = s; }`));
  gl.attachShader(prog, sh(gl.FRAGMENT_SHADER, `#version 300 es
    precision mediump float; out vec4 o; void main() { o = vec4(0.2, 0.4, 0.8, 1.0); }`));
  gl.linkProgram(prog);
  gl.useProgram(prog);
  gl.uniform1f(gl.getUniformLocation(prog, 's'), size);
  const pos = new Float32Array(2 * n);
  for (let i = 0; i < pos.length; i++) pos[i] = Math.random() * 1.8 - 0.9;
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, pos, gl.STATIC_DRAW);
  const loc = gl.getAttribLocation(prog, 'p');
  gl.enableVertexAttribArray(loc);
  gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  const px = new Uint8Array(4), out = [];
  for (let i = 0; i <= k; i++) {
    const t = performance.now();
    gl.viewport(0, 0, c.width, c.height);
    gl.clearColor(1, 1, 1, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.drawArrays(gl.POINTS, 0, n);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    if (i > 0) out.push(performance.now() - t);
  }
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { finished_ms: out, point_size_px: size, canvas: [c.width, c.height] };
}
"""

LONG_TASKS = "() => window.__bench.long"

SLIDER_POSITION = "([rootSel, sliderSel]) => { const s = document.querySelector(rootSel).querySelector(sliderSel); return [Number(s.value), Number(s.max)]; }"


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
