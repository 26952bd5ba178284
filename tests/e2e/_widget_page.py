"""The harness the widget browser tests share: the real front end (src/hdbscope/static/widget.js)
in a page with a fake anywidget model, bridged to the real Python widget through Playwright bindings,
plus the fixtures and page readers."""

from __future__ import annotations

import base64
import json
import os
import pathlib
import shutil
import threading

import pytest
from _chromium import CHROMIUM, CHROMIUM_ARGS

from hdbscope.datasets import walkthrough_blobs

BUNDLE = pathlib.Path(__file__).resolve().parents[2] / "src" / "hdbscope" / "static" / "widget.js"
ORIGIN = "http://widget.test"  # never resolved: page.route answers every request
ROOT = ".hdbscope-explorer"

PAGE = r"""<!doctype html>
<html><head><meta charset="utf-8"><style>body{margin:0;padding:12px;background:var(--jp-layout-color0,#fff)} #host{width:1000px}</style></head>
<body><div id="host"></div>
<script type="module">
import widget from "./widget.js";
const toView = (s) => { const b = atob(s); const u = new Uint8Array(b.length); for (let i = 0; i < b.length; i++) u[i] = b.charCodeAt(i); return new DataView(u.buffer); };
const toB64 = (v) => { const u = new Uint8Array(v.buffer, v.byteOffset, v.byteLength); let s = ""; for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode.apply(null, u.subarray(i, i + 8192)); return btoa(s); };
function putBuffers(state, paths, bufs) { paths.forEach((p, k) => { state[p[0]] = toView(bufs[k]); }); }
function split(state) {
  const out = {}, paths = [], bufs = [];
  for (const [k, v] of Object.entries(state)) {
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) { paths.push([k]); bufs.push(toB64(v instanceof ArrayBuffer ? new DataView(v) : v)); }
    else out[k] = v;
  }
  return { state: out, buffer_paths: paths, buffers: bufs };
}
function makeModel(state) {
  const listeners = new Map();
  let pending = {};
  const emit = (ev, ...a) => (listeners.get(ev) || []).slice().forEach((cb) => cb(...a));
  const apply = (msgs) => {
    for (const m of msgs) {
      if (m.data.method === "update") {
        putBuffers(m.data.state, m.data.buffer_paths || [], m.buffers);
        Object.assign(state, m.data.state);
        for (const k of Object.keys(m.data.state)) emit("change:" + k);
      } else if (m.data.method === "custom") emit("msg:custom", m.data.content, m.buffers.map(toView));
    }
  };
  window.__apply = apply;
  return {
    get: (k) => state[k],
    set: (k, v) => { state[k] = v; pending[k] = v; emit("change:" + k); },
    on: (ev, cb) => { if (!listeners.has(ev)) listeners.set(ev, []); listeners.get(ev).push(cb); },
    off: (ev, cb) => { if (!ev) { listeners.clear(); return; } listeners.set(ev, (listeners.get(ev) || []).filter((f) => f !== cb)); },
    save_changes: () => { const p = pending; pending = {}; window.__py_update(JSON.stringify(split(p))).then((r) => apply(JSON.parse(r))); },
    send: (content) => { window.__py_custom(JSON.stringify(content)).then((r) => apply(JSON.parse(r))); },
  };
}
window.__mount = async (payload) => {
  const { state, buffer_paths, buffers } = JSON.parse(payload);
  putBuffers(state, buffer_paths, buffers);
  const el = document.createElement("div");
  document.getElementById("host").replaceChildren(el);
  window.__cleanup = await widget.render({ model: makeModel(state), el });
  return true;
};
window.__ready = true;
</script></body></html>
"""


def _b64(buffers):
    return [base64.b64encode(bytes(b)).decode() for b in buffers]


class Bridge:
    """Connects one ClusterExplorer to the page: the page's comm, in effect."""

    def __init__(self, page, widget):
        from ipywidgets.widgets.widget import _remove_buffers

        self.page, self.w, self.sent, self.evaluations = page, widget, [], []
        widget.comm.publish_msg = lambda msg_type, data=None, metadata=None, buffers=None, **k: self.sent.append(
            {"data": data, "buffers": _b64(buffers or [])}
        )
        widget.comm.kernel = object()
        real = widget._clusterer.evaluate

        def spy(**kw):
            self.evaluations.append(kw)
            return real(**kw)

        widget._clusterer.evaluate = spy
        page.expose_function("__py_update", self._update)
        page.expose_function("__py_custom", self._custom)
        files = {"/index.html": (PAGE.encode(), "text/html"), "/widget.js": (BUNDLE.read_bytes(), "text/javascript")}

        def handle(route):
            path = route.request.url[len(ORIGIN) :].split("?")[0]
            body, ctype = files.get(path, (b"not found", "text/plain"))
            route.fulfill(status=200 if path in files else 404, body=body, content_type=ctype)

        page.route(f"{ORIGIN}/**", handle)
        page.goto(f"{ORIGIN}/index.html")
        page.wait_for_function("() => window.__ready === true")
        state, paths, buffers = _remove_buffers(widget.get_state())
        page.evaluate(
            "(p) => window.__mount(p)", json.dumps({"state": state, "buffer_paths": paths, "buffers": _b64(buffers)})
        )
        page.wait_for_selector(f"{ROOT}[data-seq='{widget.seq}']")

    def _handle(self, msg):
        # a thread with no running event loop: the widget answers synchronously
        t = threading.Thread(target=self.w._handle_msg, args=(msg,))
        t.start()
        t.join()
        out, self.sent[:] = json.dumps(self.sent), []
        return out

    def _update(self, payload):
        p = json.loads(payload)
        return self._handle(
            {
                "content": {"data": {"method": "update", "state": p["state"], "buffer_paths": p["buffer_paths"]}},
                "buffers": [memoryview(base64.b64decode(b)) for b in p["buffers"]],
            }
        )

    def _custom(self, payload):
        return self._handle({"content": {"data": {"method": "custom", "content": json.loads(payload)}}, "buffers": []})

    def push(self):
        """Deliver what Python sent by itself (a trait set from Python)."""
        out, self.sent[:] = json.dumps(self.sent), []
        self.page.evaluate("(r) => window.__apply(JSON.parse(r))", out)


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def browser():
    if not BUNDLE.is_file():
        pytest.skip("front end not built: run `npm run build`")
    if not shutil.which(CHROMIUM) and not pathlib.Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1040, "height": 660})
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    ctx.close()
    assert not errors, errors


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory):
    d = os.environ.get("E2E_ARTIFACTS")
    p = pathlib.Path(d) if d else tmp_path_factory.mktemp("widget-artifacts")
    p.mkdir(parents=True, exist_ok=True)
    return p


@pytest.fixture
def blobs():
    return walkthrough_blobs()


def attrs(page):
    return page.evaluate(f"() => Object.assign({{}}, document.querySelector('{ROOT}').dataset)")


def screen(page, i):
    box = page.locator(".hdbscope-overlay").bounding_box()
    x, y = page.evaluate(f"(i) => document.querySelector('{ROOT}').hdbscope.screenPosition(i)", int(i))
    return box["x"] + x, box["y"] + y


def counts(result):
    return {
        "nClusters": str(result.n_clusters),
        "nOutliers": str(result.n_outliers),
        "nPotentialOutliers": str(result.n_potential_outliers),
        "nDuplicateGroups": str(result.n_duplicate_groups),
        "nNearDuplicateGroups": str(result.n_near_duplicate_groups),
    }


def shown_counts(page):
    return {
        k: page.text_content(f".hdbscope-count[data-count='{k}'] .hdbscope-count-value")
        for k in ("n_clusters", "n_outliers", "n_potential_outliers", "n_duplicate_groups", "n_near_duplicate_groups")
    }


def canvas_colours(page):
    """Distinct colours on the WebGL canvas (read back through a 2-D canvas)."""
    return page.evaluate(f"""() => {{
        const c = document.querySelector('{ROOT} .hdbscope-canvas');
        const t = document.createElement('canvas'); t.width = c.width; t.height = c.height;
        const g = t.getContext('2d'); g.drawImage(c, 0, 0);
        const d = g.getImageData(0, 0, t.width, t.height).data; const seen = new Set();
        for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size; }}""")
