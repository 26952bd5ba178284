"""``ClusterExplorer.save_html``: one self-contained HTML file that re-clusters
with no kernel and no server.

The page inlines the standalone bundle (js/standalone.ts, built next to
widget.js) and the explorer's state as JSON: the traits the view reads, the
positions and label codes (base64), the fitted tree and duplicate forest
(engine/_portable.py), and each sample's nearest neighbours for the review
panel (``neighbor_table``). Opening the page re-extracts for the saved parameters
in the browser (js/extract/, checked against the engine by the conformance
vectors), so it shows what ``Clusterer.evaluate()`` gives for them.

Why a page of our own beside the widget's saved state (which also re-clusters
when nbconvert's export replays it: js/kernelless/replay.ts): the replayed
widget loads ipywidgets' HTML manager and anywidget from CDNs and holds only
the widget's traits, while this page loads from ``file://`` (no module
fetches: one inline classic script), needs no network, and carries the
neighbours, thumbnails and decisions download the traits do not.
"""

from __future__ import annotations

import base64
import html
import json
import os
import pathlib
import zlib
from typing import TYPE_CHECKING

import numpy as np

from ..engine import PORTABLE_ARRAYS as ARRAYS
from ..engine import portable_fit
from ._review_reply import DEFAULT_K

if TYPE_CHECKING:
    from IPython.display import HTML

STANDALONE_BUNDLE = pathlib.Path(__file__).resolve().parent.parent / "static" / "standalone.js"
FORMAT = 1
# Thumbnails are embedded (PNG, base64) only while they all fit in this many bytes; past it the page's
# tooltip and review cards show text only (the page says so under its title).
MAX_THUMBNAIL_BYTES = 5_000_000
# Nearest neighbours saved per sample for the review panel: as many as the notebook's panel shows, or
# fewer while their table would take more than MAX_NEIGHBOR_BYTES of base64 (6 up to about 110k samples,
# 4 at 150k, none past roughly 650k; the page says so under its title): notebooks/large_data's 150k-sample
# page stays within 10 MB.
SAVED_NEIGHBORS = DEFAULT_K
MAX_NEIGHBOR_BYTES = 2_000_000
# The JSON-able traits the view reads; arrays go separately, as base64.
_TRAITS = (
    "n_samples",
    "min_cluster_size",
    "duplicate_threshold",
    "outlier_threshold",
    "min_cluster_size_range",
    "duplicate_threshold_range",
    "has_labels",
    "height",
    "label_choices",
    "color_by",
    "edit_state",
    "summary",
)


def _b64(a: np.ndarray | bytes, dtype: str | None = None) -> str:
    raw = a if isinstance(a, bytes | bytearray | memoryview) else np.ascontiguousarray(a, dtype=dtype).tobytes()
    return base64.b64encode(bytes(raw)).decode("ascii")


def page_state(explorer) -> dict:
    """What the page embeds (see js/kernelless/page.ts for the reading side)."""
    traits = {k: getattr(explorer, k) for k in _TRAITS}
    thumbs = embedded_thumbnails(explorer)
    traits["has_images"] = thumbs is not None
    traits["min_cluster_size_range"] = list(traits["min_cluster_size_range"])
    traits["duplicate_threshold_range"] = list(traits["duplicate_threshold_range"])
    buffers = {"positions": _b64(explorer.positions)}
    vocab, log = explorer._session.vocab, explorer._session.log
    names = {str(c): vocab.text(c) for c in range(len(vocab.values))}
    if len(vocab.values):
        _, rank = vocab.sorted_order()
        buffers["label_rank"] = _b64(rank, "<i4")
        buffers["current_codes"] = _b64(log.codes, "<i4")
    check = explorer.label_check
    if check is not None:
        # the neighbour vote does not depend on the sliders: the page keeps the kernel's flags as saved
        buffers["label_flags"] = _b64(np.asarray(check.is_disagreement, dtype=np.uint8))
        review_rank = np.full(explorer.n_samples, -1, dtype="<i4")  # the kernel's review order of label issues
        review_rank[check.review_order()] = np.arange(int(check.is_disagreement.sum()))
        buffers["label_review_rank"] = _b64(review_rank)
        if explorer._labels is not None:
            buffers["label_codes"] = _b64(vocab.given_codes, "<i4")
    if (log.decision != 0).any():
        buffers["decisions"] = _b64(log.decision, "u1")
    scalars, arrays = portable_fit(explorer.clusterer)
    return {
        "format": FORMAT,
        "traits": json.loads(json.dumps(traits, default=_plain)),
        "buffers": buffers,
        "fitted": {"scalars": scalars, "arrays": {k: _b64(arrays[k]) for k in ARRAYS}},
        "names": names,
        "data_hash": explorer.clusterer.data_fingerprint,  # a decisions file names the data it was made on
        "thumbnails": thumbs,
        "outlier_auto": bool(getattr(explorer, "_outlier_auto", True)),
        "thumbnails_left_out": explorer._images is not None and thumbs is None,
        "neighbors": neighbor_table(explorer),
    }


def neighbor_table(explorer, budget: int | None = None) -> dict | None:
    """The review panel's nearest neighbours (data space) for the page, ``{"k", "deflated"}``: the
    (n_samples, k) int32 table of ``Clusterer.neighbors(i, k)``'s indices (-1 past the end) as four
    byte planes (every entry's lowest byte, then the next, ...), zlib-compressed, then base64
    (js/kernelless/neighbors.ts reads it). The planes compress to about 2.2 bytes an index (indices
    are random, but their high bytes nearly constant): 1.8 MB for 100k samples x 6, against 3.2 MB
    of plain int32 base64. k is SAVED_NEIGHBORS, or fewer while the table would take more than
    ``budget`` bytes (default MAX_NEIGHBOR_BYTES); None when not even one fits. Distances are not
    saved (another 1.4 MB at 100k even as compressed float16): the page's cards show none."""
    budget = MAX_NEIGHBOR_BYTES if budget is None else budget
    table = explorer._neighbors.table(SAVED_NEIGHBORS)
    for k in range(table.shape[1], 0, -1):
        planes = np.ascontiguousarray(table[:, :k]).view(np.uint8).reshape(-1, 4).T
        data = _b64(zlib.compress(planes.tobytes(), 1))  # level 1: as small as 6 here, 7x faster
        if len(data) <= budget:
            return {"k": k, "deflated": data}
    return None


def embedded_thumbnails(explorer, budget: int | None = None) -> list[str] | None:
    """Base64 PNG thumbnail per sample ("" where one fails), or None (no images, or over ``budget``
    bytes of base64; default MAX_THUMBNAIL_BYTES)."""
    budget = MAX_THUMBNAIL_BYTES if budget is None else budget
    images = explorer._images
    if images is None:
        return None
    out, total = [], 0
    for i in range(explorer.n_samples):
        try:
            png = images.thumbnail_png(i)  # the image source (array, files, ...), not the hover cache
        except Exception:
            png = b""
        total += len(png) * 4 // 3
        if total > budget:
            return None
        out.append(base64.b64encode(png).decode("ascii"))
    return out


def _plain(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    raise TypeError(f"cannot save {type(value).__name__} in the page state")


def page_html(explorer, title: str = "hdbscope explorer") -> str:
    if not STANDALONE_BUNDLE.is_file():
        raise RuntimeError(
            f"hdbscope's standalone page bundle is missing ({STANDALONE_BUNDLE}). From a source checkout run "
            "`npm run build`, or install hdbscope from a wheel."
        )
    script = STANDALONE_BUNDLE.read_text(encoding="utf-8").replace("</script", "<\\/script")
    # "<" escaped: no label text can close the JSON's script element
    saved = page_state(explorer)
    note = (
        ""
        if not saved["thumbnails_left_out"]
        else (f"<p>Thumbnails are not embedded: together they exceed {MAX_THUMBNAIL_BYTES / 1e6:.0f} MB.</p>")
    ) + _neighbor_note(saved["neighbors"])
    state = json.dumps(saved, separators=(",", ":")).replace("<", "\\u003c")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<meta name="generator" content="hdbscope ClusterExplorer.save_html">'
        "<style>body{margin:16px;font-family:system-ui,sans-serif}</style></head><body>"
        f'<h1 style="font-size:1.1rem">{html.escape(title)}</h1>{note}<div id="hdbscope-root"></div>'
        f'<script id="hdbscope-state" type="application/json">{state}</script>'
        f"<script>{script}</script></body></html>\n"
    )


def _neighbor_note(saved: dict | None) -> str:
    """A line under the title when the page carries fewer neighbours than the notebook shows."""
    k, mb = (0 if saved is None else saved["k"]), f"{MAX_NEIGHBOR_BYTES / 1e6:.0f} MB"
    if k >= SAVED_NEIGHBORS:
        return ""
    if k == 0:
        return f"<p>Nearest neighbours are not saved for the review panel: even one per sample exceeds {mb}.</p>"
    return f"<p>The review panel lists up to {k} nearest neighbours, not {SAVED_NEIGHBORS}: {SAVED_NEIGHBORS} exceed {mb}.</p>"


def save_html(explorer, path, title: str | None = None) -> pathlib.Path:
    """Write the page to ``path`` (str or PathLike ending in .html or .htm); returns the path."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or pathlib.Path; got {type(path).__name__}.")
    p = pathlib.Path(path)
    if p.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"save_html writes an HTML page: give a path ending in .html (got {str(p)!r}).")
    text = page_html(explorer, title or p.stem)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, p)  # never a half-written page under the real name
    return p


def embed(explorer, height: int | None = None) -> HTML:
    """The page in an iframe (``srcdoc``), as a notebook output: kept by nbconvert's HTML export
    (and any HTML view of the notebook), where it re-clusters with no kernel and no widget manager."""
    from IPython.display import HTML

    h = int(height if height is not None else explorer.height + 260)
    doc = html.escape(page_html(explorer, "hdbscope explorer"), quote=True)
    # in a <div>: IPython's HTML warns "Consider using IPython.display.IFrame" on a bare <iframe>, and
    # IFrame cannot carry the page inline (srcdoc), which is what keeps it in an exported notebook
    return HTML(
        f'<div class="hdbscope-embed"><iframe class="hdbscope-page" title="hdbscope explorer" '
        f'style="width:100%;height:{h}px;border:0" srcdoc="{doc}"></iframe></div>'
    )
