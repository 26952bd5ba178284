"""The anchor for the widget benchmark: the least an anywidget slider can do.

A slider sets ``value``; Python recomputes ``labels = arange(n) % value`` and
sends them back as one int32 bytes buffer; a 2-D canvas paints n pixels by label
(after shared/e2e-recipe/scatter_widget.py). Whatever hdbscope's explorer takes
beyond this is hdbscope's own cost; this much is the notebook's.
"""

from __future__ import annotations

import anywidget
import numpy as np
import traitlets

_ESM = r"""
const PALETTE = [0xffb4771f, 0xff0e7fff, 0xff2ca02c, 0xff2827d6, 0xffbd6794,
                 0xff4b568c, 0xffc277e3, 0xff7f7f7f, 0xff22bdbc, 0xffcfbe17];
function int32(buf) {  // bytes trait (a DataView in Jupyter) -> Int32Array, zero copy when aligned
  const b = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = b.byteLength >> 2;
  return b.byteOffset % 4 === 0 ? new Int32Array(b.buffer, b.byteOffset, n) : new Int32Array(b.slice(0, 4 * n).buffer);
}
function spiral(n, w, h) {  // pixel index of each point (sunflower spiral)
  const idx = new Uint32Array(n), r0 = Math.min(w, h) / 2 - 2, g = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < n; i++) {
    const r = r0 * Math.sqrt((i + 0.5) / n), t = i * g;
    idx[i] = Math.round(h / 2 + r * Math.sin(t)) * w + Math.round(w / 2 + r * Math.cos(t));
  }
  return idx;
}
function render({ model, el }) {
  const W = 480, H = 480;
  const root = document.createElement("div");
  root.className = "bench-anchor";
  root.dataset.renderCount = "0";
  const slider = document.createElement("input");
  Object.assign(slider, { type: "range", min: "1", max: "1000", step: "1", className: "bench-anchor-slider" });
  slider.value = String(model.get("value"));
  slider.setAttribute("data-lm-suppress-shortcuts", "true");
  const canvas = document.createElement("canvas");
  canvas.width = W; canvas.height = H;
  root.append(slider, canvas);
  el.append(root);
  const ctx = canvas.getContext("2d");
  let idx = null, renders = 0;
  function draw() {
    const t0 = performance.now();
    const labels = int32(model.get("labels"));
    if (!idx || idx.length !== labels.length) idx = spiral(labels.length, W, H);
    const img = ctx.createImageData(W, H), px = new Uint32Array(img.data.buffer);
    px.fill(0xffffffff);
    for (let i = 0; i < labels.length; i++) px[idx[i]] = PALETTE[labels[i] % 10];
    ctx.putImageData(img, 0, 0);
    renders += 1;
    root.dataset.drawMs = (performance.now() - t0).toFixed(2);
    root.dataset.renderCount = String(renders);
    root.dataset.labelsValue = String(model.get("labels_value"));  // last: marks completion
  }
  const onInput = () => { model.set("value", Number(slider.value)); model.save_changes(); };
  slider.addEventListener("input", onInput);
  model.on("change:labels_value", draw);
  draw();
  return () => { slider.removeEventListener("input", onInput); model.off("change:labels_value", draw); };
}
export default { render };
"""


class AnchorWidget(anywidget.AnyWidget):
    _esm = _ESM
    n = traitlets.Int(0).tag(sync=True)
    value = traitlets.Int(3).tag(sync=True)
    labels = traitlets.Bytes(b"").tag(sync=True)  # little-endian int32, a binary buffer
    labels_value = traitlets.Int(0).tag(sync=True)  # the value `labels` answers

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._recompute()

    @traitlets.observe("value")
    def _on_value(self, _change):
        self._recompute()

    def _recompute(self) -> None:
        v = max(1, int(self.value))
        with self.hold_sync():  # labels and labels_value in one message
            self.labels = (np.arange(self.n, dtype="<i4") % v).tobytes()
            self.labels_value = v
