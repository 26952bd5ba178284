"""Page scripts that measure the peer widget, jupyter-scatter (regl-scatterplot
under it), in the same JupyterLab and browser as hdbscope's explorer.

jupyter-scatter writes no data-* attributes, so a frame is seen through WebGL
itself: every drawArrays/drawElements of POINTS is recorded (WebGL 1 and 2
contexts), and "drawn" means the draw call of all N points plus one
requestAnimationFrame, the same mark the explorer's display time uses
(_widget_js_explorer.DISPLAY). regl-scatterplot draws into a shared WebGL canvas
and copies it onto the visible 2-D canvas in the same task, so that frame is
the painted one; PEER_DISPLAY also counts the painted pixels of the visible
canvas then, to show the frame is not blank.
"""

# Records every POINTS draw call on window.__peerDraws as [time, count, frame tick].
HOOK_PEER_DRAWS = """
() => {
  if (window.__peerDraws) return;
  const draws = window.__peerDraws = [];
  window.__peerTick = 0;
  for (const C of [WebGLRenderingContext, WebGL2RenderingContext]) {
    const p = C.prototype;
    for (const name of ['drawArrays', 'drawElements']) {
      const orig = p[name];
      p[name] = function (...a) {
        const r = orig.apply(this, a);
        if (a[0] === this.POINTS) draws.push([performance.now(), name === 'drawArrays' ? a[2] : a[1], window.__peerTick]);
        return r;
      };
    }
  }
}
"""

# Run the display cell; time until the first draw call of all n points, then one
# animation frame; then the share of the visible canvas that is not background.
PEER_DISPLAY = """
async ([cellIndex, n, timeoutMs]) => {
  const B = window.__bench, panel = B.panel, nb = panel.content, draws = window.__peerDraws;
  nb.activeCellIndex = cellIndex;
  nb.activeCell.node.scrollIntoView({ block: 'start' });
  await new Promise((r) => requestAnimationFrame(() => r()));
  const from = draws.length, marks = {};
  const t0 = performance.now(), deadline = t0 + timeoutMs;
  window.jupyterapp.commands.execute('notebook:run-cell').then(() => { marks.cellDone = performance.now() - t0; });
  let first = null;
  while (first === null && performance.now() < deadline) {
    await new Promise((r) => requestAnimationFrame(() => r()));
    first = draws.slice(from).find((x) => x[1] >= n) || null;
  }
  if (first === null) throw new Error('jupyter-scatter drew no frame of ' + n + ' points in ' + timeoutMs + ' ms');
  marks.points = first[0] - t0;
  // the frame that drew them has been handed over when the next one starts
  marks.pointsFrame = performance.now() - t0;
  // the visible canvas: the 2-D one with the most painted pixels (background: white or transparent)
  for (const c of nb.activeCell.node.querySelectorAll('canvas')) {
    if (c.width * c.height < 10000) continue;
    const ctx = c.getContext('2d');
    if (!ctx) continue;  // the WebGL canvas
    const img = ctx.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 0; i < img.length; i += 4) if (img[i + 3] > 0 && (img[i] < 250 || img[i + 1] < 250 || img[i + 2] < 250)) painted++;
    const share = painted / (c.width * c.height);
    if (marks.paintedShare === undefined || share > marks.paintedShare) { marks.paintedShare = share; marks.canvas = [c.width, c.height]; }
  }
  marks.drawsBeforeFrame = draws.slice(from).filter((x) => x[0] - t0 <= marks.pointsFrame).length;
  marks.t0 = t0;
  return marks;
}
"""

# A zoom gesture, as GESTURE does for the explorer: a wheel event at the plot's
# centre every animation frame for `ms` (alternating in and out), sent to the
# element on top there; frames drawn = animation frames in which it drew points.
PEER_GESTURE = """
async ([ms]) => {
  const nb = window.__bench.panel.content, draws = window.__peerDraws;
  const canvas = [...nb.activeCell.node.querySelectorAll('canvas')].sort((a, b) => b.width * b.height - a.width * a.height)[0];
  const r = canvas.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  const target = document.elementFromPoint(x, y) || canvas;
  const from = draws.length, t0 = performance.now();
  let k = 0;
  await new Promise((done) => {
    const step = () => {
      window.__peerTick++;
      if (performance.now() - t0 > ms) return done();
      target.dispatchEvent(new WheelEvent('wheel', { deltaY: k++ % 2 ? 40 : -40, clientX: x, clientY: y, bubbles: true, cancelable: true }));
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  const t1 = performance.now();
  await new Promise((done) => setTimeout(done, 400));
  const during = draws.slice(from).filter((d) => d[0] <= t1);
  const ticks = [...new Set(during.map((d) => d[2]))];
  const firsts = ticks.map((t) => during.find((d) => d[2] === t)[0]);
  const gaps = firsts.slice(1).map((t, i) => t - firsts[i]).sort((a, b) => a - b);
  const counts = during.map((d) => d[1]).sort((a, b) => a - b);
  return { ms: t1 - t0, wheel_events: k, frames: ticks.length, fps: ticks.length / ((t1 - t0) / 1000),
           draw_calls: during.length, median_gap_ms: gaps.length ? gaps[gaps.length >> 1] : null,
           median_points_drawn: counts.length ? counts[counts.length >> 1] : null,
           target: target.tagName.toLowerCase() };
}
"""
