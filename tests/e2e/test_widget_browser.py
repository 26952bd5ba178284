"""The real front end (src/hdbscope/static/widget.js) driven by the real
Python widget in headless Chromium, without Jupyter.

A fake anywidget model in the page forwards save_changes() and send() to
Python through Playwright bindings (as the comm would), and hands Python's
outgoing messages back as the answers. So this checks rendering, WebGL, the
sliders, selection, the tooltip and the transport's encodings end to end; the
JupyterLab comm path itself is left to the JupyterLab tests.
"""

from __future__ import annotations

import base64
import json
import os
import pathlib
import shutil
import threading

import numpy as np
import pytest

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.datasets import walkthrough_blobs

pytestmark = pytest.mark.e2e

BUNDLE = pathlib.Path(__file__).resolve().parents[2] / "src" / "hdbscope" / "static" / "widget.js"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
ORIGIN = "http://widget.test"  # never resolved: page.route answers every request
ROOT = ".hdbscope-explorer"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--enable-unsafe-swiftshader",
]

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


# ---------------------------------------------------------------- tests
def test_renders_the_walkthrough_with_the_engine_counts(page, blobs, artifacts):
    X, y = blobs
    w = ClusterExplorer(X, labels=[f"blob {v}" for v in y])
    Bridge(page, w)
    a = attrs(page)
    want = Clusterer(X).evaluate()
    assert a["webgl"] == "webgl2"
    assert {k: a[k] for k in counts(want)} == counts(want)
    assert shown_counts(page) == {
        k: str(getattr(want, k))
        for k in ("n_clusters", "n_outliers", "n_potential_outliers", "n_duplicate_groups", "n_near_duplicate_groups")
    }
    assert a["nPoints"] == "100" and a["busy"] == "false"
    assert page.text_content(".hdbscope-slider-min-cluster-size output") == "5"
    assert page.text_content(".hdbscope-slider-duplicate-threshold output") == f"{want.duplicate_threshold:.3g}"
    for sel in (".hdbscope-slider-input", ".hdbscope-legend-toggle", ".hdbscope-button"):
        for el in page.query_selector_all(sel):  # JupyterLab's shortcuts must not eat their keys
            assert el.get_attribute("data-lm-suppress-shortcuts") == "true"
    legend = page.locator(".hdbscope-legend-row").all_text_contents()
    assert len([r for r in legend if r.startswith("cluster")]) == want.n_clusters
    assert canvas_colours(page) >= 7  # background, grey, 5 cluster colours (+ markers)
    page.screenshot(path=str(artifacts / "browser_walkthrough.png"))


def test_keyboard_on_both_sliders_matches_evaluate(page, blobs, artifacts):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    c = Clusterer(X)
    page.focus(".hdbscope-slider-min-cluster-size input")
    for m in (6, 7, 8):
        page.keyboard.press("ArrowRight")
        page.wait_for_selector(f"{ROOT}[data-min-cluster-size='{m}'][data-busy='false']")
        assert w.min_cluster_size == m
        a = attrs(page)
        assert {k: a[k] for k in counts(c.evaluate(m))} == counts(c.evaluate(m, w.duplicate_threshold))
    page.focus(".hdbscope-slider-duplicate-threshold input")
    seq = int(attrs(page)["seq"])
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"() => document.querySelector('{ROOT}').dataset.busy === 'false' && "
        f"+document.querySelector('{ROOT}').dataset.seq > {seq}"
    )
    page.wait_for_function(
        f"() => +document.querySelector('{ROOT}').dataset.duplicateThreshold === "
        f"+document.querySelector('.hdbscope-slider-duplicate-threshold').dataset.value"
    )
    t = w.duplicate_threshold
    assert t > c.default_duplicate_threshold
    a = attrs(page)
    assert float(a["duplicateThreshold"]) == t
    assert {k: a[k] for k in counts(c.evaluate(8, t))} == counts(c.evaluate(8, t))
    assert br.evaluations[-1] == {"min_cluster_size": 8, "duplicate_threshold": t, "outlier_threshold": None}
    page.screenshot(path=str(artifacts / "browser_sliders.png"))


def test_fast_drag_sends_only_the_newest_value_when_the_reply_arrives(page, blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    # 40 input events in one task, as a fast drag produces them
    page.evaluate("""() => { const s = document.querySelector('.hdbscope-slider-min-cluster-size input');
        for (let p = 1; p <= 40; p++) { s.value = String(p); s.dispatchEvent(new Event('input', {bubbles: true})); } }""")
    want = int(page.get_attribute(".hdbscope-slider-min-cluster-size", "data-value"))
    page.wait_for_selector(f"{ROOT}[data-min-cluster-size='{want}'][data-busy='false']")
    assert [e["min_cluster_size"] for e in br.evaluations] == [3, want]  # first and newest only
    assert w.result.min_cluster_size == want == 42


def test_python_side_changes_move_the_sliders_and_the_plot(page, blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    w.min_cluster_size = 12
    w.duplicate_threshold = w.duplicate_threshold_range[1]
    br.push()
    page.wait_for_selector(f"{ROOT}[data-min-cluster-size='12']")
    assert page.text_content(".hdbscope-slider-min-cluster-size output") == "12"
    assert page.input_value(".hdbscope-slider-duplicate-threshold input") == page.get_attribute(
        ".hdbscope-slider-duplicate-threshold input", "max"
    )
    a = attrs(page)
    assert {k: a[k] for k in counts(w.result)} == counts(Clusterer(X).evaluate(12, w.duplicate_threshold))


def test_click_shift_click_lasso_and_python_selection(page, blobs, artifacts):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    page.mouse.click(*screen(page, 58))
    page.wait_for_selector(f"{ROOT}[data-n-selected='1']")
    assert w.selected.tolist() in ([58], [63])  # 58 and 63 sit on top of each other
    first = w.selected.tolist()
    page.keyboard.down("Shift")
    page.mouse.click(*screen(page, 10))
    page.keyboard.up("Shift")
    page.wait_for_selector(f"{ROOT}[data-n-selected='2']")
    assert w.selected.tolist() == sorted(first + [10])
    page.keyboard.down("Shift")
    page.mouse.click(*screen(page, 10))  # shift-click again removes it
    page.keyboard.up("Shift")
    page.wait_for_selector(f"{ROOT}[data-n-selected='1']")
    assert w.selected.tolist() == first

    # lasso around one cluster (Lasso tool; drag a square around its points)
    members = np.flatnonzero(w.result.labels == w.result.labels[10])
    pts = np.array([screen(page, i) for i in members])
    lo, hi = pts.min(0) - 8, pts.max(0) + 8
    page.click(".hdbscope-tool-lasso")
    page.mouse.move(lo[0], lo[1])
    page.mouse.down()
    for x, y in [(hi[0], lo[1]), (hi[0], hi[1]), (lo[0], hi[1]), (lo[0], lo[1] + 1)]:
        page.mouse.move(x, y, steps=6)
    page.mouse.up()
    page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.nSelected !== '1'")
    inside = np.flatnonzero(
        (X[:, 0] >= X[members, 0].min())
        & (X[:, 0] <= X[members, 0].max())
        & (X[:, 1] >= X[members, 1].min())
        & (X[:, 1] <= X[members, 1].max())
    )
    assert (
        set(members)
        <= set(w.selected.tolist())
        <= set(inside)
        | set(
            np.flatnonzero(np.abs(X - X[members].mean(0)).max(1) < np.abs(X[members] - X[members].mean(0)).max() * 1.3)
        )
    )
    page.mouse.move(3, 3)
    page.screenshot(path=str(artifacts / "browser_lasso.png"))

    w.selected = [0, 1, 2, 3]
    br.push()
    page.wait_for_selector(f"{ROOT}[data-n-selected='4']")
    assert page.text_content(".hdbscope-selected-count") == "4 selected"
    page.click(".hdbscope-clear")
    page.wait_for_selector(f"{ROOT}[data-n-selected='0']")
    assert w.selected.tolist() == []


def test_tooltip_shows_text_safely_and_a_thumbnail(page, blobs, artifacts):
    X, y = blobs
    nasty = "<img src=x onerror=alert(1)>"
    imgs = np.zeros((100, 12, 12, 3), dtype=np.uint8)
    imgs[:, :, :6] = [255, 0, 0]
    w = ClusterExplorer(X, labels=[f"{nasty} blob {v}" for v in y], images=imgs)
    Bridge(page, w)
    page.mouse.move(*screen(page, 24))
    page.wait_for_selector(".hdbscope-tooltip[data-ready='true']")
    tip = page.locator(".hdbscope-tooltip")
    index = int(tip.get_attribute("data-index"))
    assert index in (24, 79)  # an exact duplicate pair, drawn at one spot
    row = lambda k: page.text_content(f".hdbscope-tooltip .hdbscope-tip-row[data-key='{k}'] .hdbscope-tip-value")
    assert row("label") == f"{nasty} blob {y[index]}"  # shown as text
    assert page.locator(".hdbscope-tooltip .hdbscope-tip-rows img").count() == 0  # not turned into markup
    assert row("outlier score") == f"{w.result.outlier_scores[index]:.3f}"
    assert row("cluster").strip() == str(w.result.labels[index])
    assert "exact duplicate" in row("flags")
    assert row("duplicates") == str(79 if index == 24 else 24)
    page.wait_for_function(
        "() => { const i = document.querySelector('.hdbscope-thumb'); "
        "return !i.hidden && i.complete && i.naturalWidth === 12; }"
    )
    assert page.get_attribute(".hdbscope-thumb", "src").startswith("blob:")
    page.screenshot(path=str(artifacts / "browser_tooltip.png"))
    page.mouse.move(3, 3)
    page.wait_for_selector(".hdbscope-tooltip", state="hidden")


def test_colours_stay_with_surviving_clusters(page, blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    colour = lambda i: page.evaluate(f"(i) => document.querySelector('{ROOT}').hdbscope.colorOf(i)", int(i))
    before = {int(c): colour(np.flatnonzero(w.result.labels == c)[0]) for c in range(w.result.n_clusters)}
    assert len(set(before.values())) == w.result.n_clusters
    old = w.result.labels.copy()
    w.min_cluster_size = 10  # two blobs merge, the rest survive (with new ids)
    br.push()
    page.wait_for_selector(f"{ROOT}[data-min-cluster-size='10']")
    new = w.result.labels
    for c in range(w.result.n_clusters):
        members = np.flatnonzero(new == c)
        olds, n = np.unique(old[members][old[members] >= 0], return_counts=True)
        best = int(olds[np.argmax(n)])
        assert colour(members[0]) == before[best]


def test_legend_hides_a_cluster_from_view_and_from_picking(page, blobs, artifacts):
    X, _ = blobs
    w = ClusterExplorer(X)
    Bridge(page, w)
    i = int(np.flatnonzero(w.result.labels == 0)[0])
    x, y = screen(page, i)
    box = page.locator(".hdbscope-overlay").bounding_box()
    pick = lambda: page.evaluate(
        f"([x, y]) => document.querySelector('{ROOT}').hdbscope.pickAt(x, y)", [x - box["x"], y - box["y"]]
    )
    assert pick() == i
    before = canvas_colours(page)
    page.click(".hdbscope-legend-row[data-key='cluster-0'] input")
    page.wait_for_function(f"() => +document.querySelector('{ROOT}').dataset.renderCount > 0")
    page.wait_for_timeout(100)
    assert pick() != i
    assert canvas_colours(page) < before
    page.click(".hdbscope-legend-row[data-key='duplicates'] input")
    page.click(".hdbscope-legend-row[data-key='outliers'] input")
    outlier = int(np.flatnonzero(w.result.is_outlier)[0])
    ox, oy = screen(page, outlier)
    assert (
        page.evaluate(
            f"([x, y]) => document.querySelector('{ROOT}').hdbscope.pickAt(x, y)", [ox - box["x"], oy - box["y"]]
        )
        != outlier
    )
    page.screenshot(path=str(artifacts / "browser_legend.png"))


def test_dark_theme_follows_jupyterlab_variables(page, blobs, artifacts):
    X, _ = blobs
    w = ClusterExplorer(X)
    Bridge(page, w)
    page.evaluate("""() => { const s = document.documentElement.style;
        for (const [k, v] of Object.entries({'--jp-layout-color0': '#111111', '--jp-layout-color1': '#1e1e1e',
            '--jp-layout-color2': '#2a2a2a', '--jp-ui-font-color0': '#eeeeee', '--jp-ui-font-color1': '#dddddd',
            '--jp-ui-font-color2': '#aaaaaa', '--jp-border-color2': '#444444'})) s.setProperty(k, v);
        document.body.setAttribute('data-jp-theme-light', 'false'); }""")
    page.wait_for_selector(f"{ROOT}[data-theme='dark']")
    corner = f"""() => {{ const c = document.querySelector('{ROOT} .hdbscope-canvas');
        const gl = c.getContext('webgl2'); const px = new Uint8Array(4);
        gl.readPixels(1, 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); return Array.from(px).slice(0, 3).join(); }}"""
    page.wait_for_function(f"() => ({corner})() === '17,17,17'")  # the canvas background follows the theme
    assert (
        page.evaluate(f"() => getComputedStyle(document.querySelector('{ROOT} .hdbscope-count-value')).color")
        == "rgb(221, 221, 221)"
    )
    page.screenshot(path=str(artifacts / "browser_dark.png"))


@pytest.mark.parametrize("n", [0, 1, 6])
def test_empty_and_tiny_data_render_without_errors(page, n):
    X = np.ones((n, 3)) if n != 1 else np.zeros((1, 3))
    w = ClusterExplorer(X)
    Bridge(page, w)
    a = attrs(page)
    assert a["nPoints"] == str(n) and a["nClusters"] == str(w.result.n_clusters)
    assert page.locator(".hdbscope-legend-empty").count() == (1 if w.result.n_clusters == 0 else 0)


def test_cleanup_removes_the_view(page, blobs):
    X, _ = blobs
    w = ClusterExplorer(X)
    br = Bridge(page, w)
    page.evaluate("() => window.__cleanup()")
    assert page.locator(ROOT).count() == 0
    w.min_cluster_size = 9  # the model lives on; the removed view must not react or throw
    br.push()
    page.wait_for_timeout(50)
