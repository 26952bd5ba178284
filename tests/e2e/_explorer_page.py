"""Drive one ClusterExplorer in a notebook page (JupyterLab 4 or Notebook 7).

The widget writes data-* attributes on its root after every frame (js/explorer.ts
`publish()`); everything here waits on those, never on sleeps. Python state is
read back by executing code in the notebook's own kernel, through the page's
kernel connection (the same websocket the widget's comm uses).
"""

from __future__ import annotations

import json
import re
import time

ROOT_CLASS = ".hdbscope-explorer"
NOTEBOOK_CELLS = [
    "from hdbscope import ClusterExplorer\n"
    "from hdbscope.datasets import walkthrough_blobs\n"
    "X, y = walkthrough_blobs()\n"
    "explorer = ClusterExplorer(X, labels=y)\n"
    "explorer",
]

# The notebook's kernel is connected and idle (needs expose_app_in_browser).
KERNEL_IDLE = """
() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(k && k.connectionStatus === 'connected' && k.status === 'idle');
}
"""

# Run code in the notebook's kernel; resolve with its stdout (reject on an error).
EXECUTE = """
async (code) => {
  const kernel = window.__e2eSession.session.kernel;
  const future = kernel.requestExecute({ code, silent: false, store_history: false });
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

# Summary labels as the widget shows them (js/summary.ts), mapped to data-* names.
SUMMARY_LABELS = {
    "n_clusters": "clusters",
    "n_outliers": "outliers",
    "n_potential_outliers": "potential outliers",
    "n_duplicate_groups": "duplicate groups",
    "n_near_duplicate_groups": "near-duplicate groups",
}
SLIDER_CLASS = {
    "min_cluster_size": "min-cluster-size",
    "duplicate_threshold": "duplicate-threshold",
    "outlier_threshold": "outlier-threshold",
}


def open_notebook(page, server, name: str, cells: list[str] = NOTEBOOK_CELLS) -> str:
    """Write a notebook (default: the explorer notebook), open it, run all cells; returns the
    root selector of the one explorer it shows."""
    server.write_notebook(name, cells)
    page.goto(server.notebook_url(name))
    page.wait_for_selector(".jp-NotebookPanel", timeout=120_000)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000, polling=200)
    panel_id = page.evaluate(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " window.__e2eSession = w.sessionContext; return w.id; }"
    )
    path = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")
    assert path == name, f"opened {path!r}, expected {name!r}"
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    root = f"#{panel_id} {ROOT_CLASS}"
    # first frame drawn with a result
    page.wait_for_function(
        "(sel) => { const r = document.querySelector(sel);"
        " return !!r && Number(r.dataset.renderCount) > 0 && r.dataset.seq !== undefined; }",
        arg=root,
        timeout=120_000,
        polling=100,
    )
    assert page.locator(root).count() == 1, "expected exactly one explorer in the notebook"
    return root


class Explorer:
    def __init__(self, page, root: str):
        self.page, self.root = page, root

    # ---------------------------------------------------------------- reading
    def data(self) -> dict:
        return self.page.evaluate("(sel) => ({ ...document.querySelector(sel).dataset })", self.root)

    def counts(self) -> dict:
        d = self.data()
        return {k: int(d[_camel(k)]) for k in SUMMARY_LABELS}

    def shown_counts(self) -> dict:
        """The counts in the visible summary text (what a person reads)."""
        text = self.page.locator(f"{self.root} .hdbscope-summary").inner_text()
        out = {}
        for key, label in SUMMARY_LABELS.items():
            # "(number) label", not preceded by a word char or '-': "outliers" must not match "potential outliers"
            m = re.findall(r"(?<![\w.,-])(\d[\d,]*)\s+" + re.escape(label) + r"\b", text)
            assert len(m) == 1, f"summary text {text!r}: expected one count for {label!r}, found {m}"
            out[key] = int(m[0].replace(",", ""))
        return out

    def slider(self, name: str):
        return self.page.locator(f"{self.root} .hdbscope-slider-{SLIDER_CLASS[name]} input[type=range]")

    def slider_value(self, name: str) -> str:
        """The value the slider reports (its label's data-value, set with the shown text)."""
        return self.page.get_attribute(f"{self.root} .hdbscope-slider-{SLIDER_CLASS[name]}", "data-value")

    def slider_text(self, name: str) -> str:
        return self.page.locator(
            f"{self.root} .hdbscope-slider-{SLIDER_CLASS[name]} .hdbscope-slider-value"
        ).inner_text()

    def execute(self, code: str) -> str:
        return self.page.evaluate(EXECUTE, code)

    def python(self, expr: str):
        """Evaluate expr in the notebook's kernel (JSON-able result)."""
        out = self.execute(f"import json as _j; print(_j.dumps({expr}))")
        return json.loads(out.strip().splitlines()[-1])

    def python_until(self, expr: str, expected, timeout: float = 15):
        """Poll expr in the kernel until it equals expected (or time runs out); returns the last value."""
        t0 = time.monotonic()
        while True:
            got = self.python(expr)
            if got == expected or time.monotonic() - t0 > timeout:
                return got
            time.sleep(0.1)

    # ---------------------------------------------------------------- waiting
    def wait_settled(self, after_seq: int, timeout: float = 60_000, cut: float | None = None) -> dict:
        """Until a newer result is drawn, nothing is in flight, and the drawn result is
        for exactly the values both sliders show (and for `cut`, the outlier threshold,
        when given). Returns the data-* attributes."""
        wait_settled_in(self.page, self.root, after_seq, timeout=timeout, cut=cut)
        return self.data()

    def wait_data(self, key: str, value: str, timeout: float = 30_000) -> dict:
        self.page.wait_for_function(
            "([sel, k, v]) => { const r = document.querySelector(sel); return !!r && r.dataset[k] === v; }",
            arg=[self.root, key, value],
            timeout=timeout,
            polling=50,
        )
        return self.data()

    # ---------------------------------------------------------------- geometry
    def scroll_plot_into_view(self) -> None:
        self.page.evaluate(
            "(sel) => document.querySelector(sel + ' .hdbscope-scatter').scrollIntoView({ block: 'center' })", self.root
        )  # instant (no smooth scrolling); positions are read fresh afterwards

    def screen_points(self) -> tuple[list[tuple[float, float]], dict]:
        """Every point's position in page (viewport) pixels, from the widget's test hook
        (root.hdbscope.screenPosition: CSS px relative to the plot overlay)."""
        res = self.page.evaluate(
            """(sel) => {
              const r = document.querySelector(sel);
              const o = r.querySelector('.hdbscope-overlay').getBoundingClientRect();
              const n = Number(r.dataset.nPoints);
              const pts = [];
              for (let i = 0; i < n; i++) pts.push(r.hdbscope.screenPosition(i));
              return { pts, box: { x: o.left, y: o.top, width: o.width, height: o.height } };
            }""",
            self.root,
        )
        box = res["box"]
        return [(box["x"] + x, box["y"] + y) for x, y in res["pts"]], box

    def click_tool(self, tool: str) -> None:
        self.page.locator(f"{self.root} .hdbscope-tool-{tool}").click()
        self.wait_data("tool", tool)


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(p.capitalize() for p in rest)


SETTLED = """([sel, after, cut]) => {
  const r = document.querySelector(sel);
  if (!r || r.dataset.busy !== 'false' || !(Number(r.dataset.seq) > after)) return false;
  const v = (cls) => r.querySelector('.hdbscope-slider-' + cls).dataset.value;
  return r.dataset.minClusterSize === v('min-cluster-size')
    && r.dataset.duplicateThreshold === v('duplicate-threshold')
    && (cut === null || Math.abs(Number(r.dataset.outlierThreshold) - cut) < 1e-12);
}"""


def wait_settled_in(target, root: str, after_seq: int, timeout: float = 60_000, cut: float | None = None) -> None:
    """Explorer.wait_settled for any page or frame (a saved page in an iframe): a result newer
    than after_seq drawn for the values the sliders show. Key presses are answered one at a
    time, so a newer result alone may be for a press before the last."""
    target.wait_for_function(SETTLED, arg=[root, after_seq, cut], timeout=timeout, polling=50)


def press_keys(ex: Explorer, name: str, keys: list[str]) -> None:
    """Real key presses on the focused slider (the path JupyterLab's shortcuts can swallow)."""
    slider = ex.slider(name)
    slider.focus()
    assert ex.page.evaluate(
        "(sel) => document.activeElement === document.querySelector(sel)",
        f"{ex.root} .hdbscope-slider-{SLIDER_CLASS[name]} input",
    )
    for key in keys:
        ex.page.keyboard.press(key)


def slider_position(ex: Explorer, name: str) -> tuple[int, int, int]:
    """(min, max, value) of the range input's integer positions."""
    return tuple(
        ex.page.evaluate(
            "(sel) => { const s = document.querySelector(sel); return [Number(s.min), Number(s.max), Number(s.value)]; }",
            f"{ex.root} .hdbscope-slider-{SLIDER_CLASS[name]} input",
        )
    )


def drag_slider(ex: Explorer, name: str, fraction: float) -> float:
    """Press on the thumb and drag it with the mouse to `fraction` of the track.
    Returns the track's width in px."""
    slider = ex.slider(name)
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    lo, hi, v = slider_position(ex, name)
    y = box["y"] + box["height"] / 2
    x0 = box["x"] + box["width"] * (v - lo) / max(1, hi - lo)  # about the thumb (within half its width)
    x1 = box["x"] + box["width"] * fraction
    ex.page.mouse.move(x0, y)
    ex.page.mouse.down()
    ex.page.mouse.move(x1, y, steps=12)
    ex.page.mouse.up()
    return box["width"]
