"""Page scripts that measure the explorer's scatter drawing: redraws, a zoom
gesture, and the WebGL floor (a trivial shader drawing as many points)."""

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
