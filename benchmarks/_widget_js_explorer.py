"""Page scripts that measure hdbscope's explorer (and the anchor widget) in
JupyterLab: display to first frame, one slider move answered by the kernel, one
answered in the browser (the preview), and hooks on the explorer's pipeline.

Waiting is on the data-* attributes the widgets write after each frame
(hdbscope: js/attributes.ts, render count last; the anchor: data-labels-value
last), seen by a MutationObserver, plus one requestAnimationFrame so the frame
has been handed to the compositor.
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
  wrap(sc.renderer, 'setClusters');  // first step after decoding + picking colour ids
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
           outlier_threshold: d.outlierThreshold,
           n_clusters: d.nClusters, n_links: d.nLinks, n_outliers: d.nOutliers,
           n_potential_outliers: d.nPotentialOutliers, busy: d.busy, draw_ms: d.drawMs };
}
"""

# One slider move answered in the browser (the explorer got the fitted state):
# set the position, dispatch 'input', wait for the frame that draws the preview
# for the value sent (data-previews counted up, the drawn value equal to the
# slider's), one more animation frame; then wait for Python's answer to the same
# move (data-seq) and its frame, so the next move starts from a settled view.
PREVIEW_MOVE = """
async ([rootSel, sliderSel, attr, pos, timeoutMs]) => {
  const root = document.querySelector(rootSel), d = root.dataset, input = root.querySelector(sliderSel);
  const previews0 = Number(d.previews || 0), seq0 = Number(d.seq);
  const label = input.closest('label');
  const same = (a, b) => Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.abs(Number(b));
  const until = (done, what) => new Promise((resolve, reject) => {
    const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); clearTimeout(timer); resolve(performance.now()); } });
    const timer = setTimeout(() => { obs.disconnect(); reject(new Error(what + ' for position ' + pos)); }, timeoutMs);
    obs.observe(root, { attributes: true, attributeFilter: ['data-render-count'] });
  });
  let sent = null;
  const t0 = performance.now();
  const shown = until(() => Number(d.previews || 0) > previews0 && same(d[attr], sent), 'no preview drawn');
  const answered = until(() => Number(d.seq) > seq0 && same(d[attr], sent), 'no answer from Python');
  input.value = String(pos);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const tHandled = performance.now();  // the input handler ran: the preview is computed and uploaded
  sent = label ? label.dataset.value : input.value;
  const tShown = await shown;
  await new Promise((r) => requestAnimationFrame(() => r()));
  const tFrame = performance.now();
  const tAnswered = await answered;
  await new Promise((r) => requestAnimationFrame(() => r()));
  return { pos, sent, t0, handled_ms: tHandled - t0, shown_ms: tShown - t0, frame_ms: tFrame - t0,
           python_frame_ms: performance.now() - t0, python_shown_ms: tAnswered - t0,
           previews: Number(d.previews || 0) - previews0, seq: d.seq,
           n_clusters: d.nClusters, n_outliers: d.nOutliers, n_links: d.nLinks };
}
"""
SLIDER_POSITION = "([rootSel, sliderSel]) => { const s = document.querySelector(rootSel).querySelector(sliderSel); return [Number(s.value), Number(s.max)]; }"
