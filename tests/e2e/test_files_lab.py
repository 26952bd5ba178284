"""Images as files, end to end in JupyterLab 4 + headless Chromium: a DataFrame of PNG paths, an
embedding column and an info column. Hovering a point shows that file's thumbnail (decoded in the
kernel, found by the sample's index); a missing file shows the placeholder and its reason; the
review panel previews and applies "keep one per group"."""

from __future__ import annotations

import os
import shutil

import pytest
from _checks import assert_no_page_errors
from _explorer_page import Explorer, open_notebook

pytestmark = pytest.mark.e2e

CELLS = [
    "import numpy as np, pandas as pd, pathlib\n"
    "from PIL import Image\n"
    "from sklearn.datasets import load_digits\n"
    "from hdbscope import ClusterExplorer\n"
    "digits = load_digits()\n"
    "X, y = digits.data[:300], digits.target[:300]\n"
    "folder = pathlib.Path('digits_png'); folder.mkdir(exist_ok=True)\n"
    "paths = []\n"
    "for i, img in enumerate(digits.images[:300]):\n"
    "    p = folder / f'{i:04d}.png'\n"
    "    Image.fromarray((img * 255 / 16).astype(np.uint8)).resize((64, 64), Image.NEAREST).save(p)\n"
    "    paths.append(str(p))\n"
    "X = np.vstack([X, X[:5]]); y = np.concatenate([y, y[:5]]); paths += paths[:5]  # five copies\n"
    "paths[7] = 'digits_png/missing.png'\n"
    "df = pd.DataFrame({'embedding': list(X), 'path': paths, 'label': y, 'source': '<i>sklearn</i>'},\n"
    "                  index=pd.Index([f'img{i}' for i in range(len(X))], name='file'))\n"
    "explorer = ClusterExplorer.from_frame(df, features='embedding', images='path', labels='label', info=['source'])\n"
    "explorer",
]

HOVER = """
([sel, i]) => { const r = document.querySelector(sel); const o = r.querySelector('.hdbscope-overlay')
  .getBoundingClientRect(); const p = r.hdbscope.screenPosition(i); return [o.left + p[0], o.top + p[1]]; }
"""


@pytest.fixture(scope="module")
def lab(new_page, lab_server):
    page = new_page()
    root = open_notebook(page, lab_server, "files_lab.ipynb", CELLS)
    yield Explorer(page, root)
    lab_server.shutdown_sessions()


def _hover(ex: Explorer, i: int) -> None:
    ex.page.mouse.move(0, 0)
    ex.scroll_plot_into_view()
    x, y = ex.page.evaluate(HOVER, [ex.root, i])
    ex.page.mouse.move(x, y)
    ex.page.wait_for_selector(f"{ex.root} .hdbscope-tooltip[data-ready='true'][data-index='{i}']", timeout=30_000)


def _isolated(ex: Explorer, avoid: set[int]) -> int:
    """A sample alone under the mouse (no other point within 8 px), so hovering it hovers it."""
    pts, _ = ex.screen_points()
    for i, (x, y) in enumerate(pts):
        if i in avoid:
            continue
        if all((x - a) ** 2 + (y - b) ** 2 > 64 for j, (a, b) in enumerate(pts) if j != i):
            return i
    raise AssertionError("no isolated point")


def test_hover_shows_the_thumbnail_of_the_file(lab, artifacts_dir):
    ex = lab
    copies = set(range(300, 305)) | set(range(5)) | {7}
    i = _isolated(ex, copies)
    _hover(ex, i)
    tip = f"{ex.root} .hdbscope-tooltip"
    img = ex.page.locator(f"{tip} .hdbscope-thumb")
    assert img.is_visible()
    thumb = f"{tip} .hdbscope-thumb"
    ex.page.wait_for_function(
        "(sel) => { const i = document.querySelector(sel); return i.complete && i.naturalWidth > 0; }", arg=thumb
    )
    size = ex.page.evaluate(
        "(sel) => { const i = document.querySelector(sel); return [i.naturalWidth, i.naturalHeight]; }", thumb
    )
    assert size == [64, 64]  # the PNG written for that sample, shown at its size
    src = img.get_attribute("src")
    assert src.startswith("blob:")
    # the pixels the page shows are that file's pixels: compare a digest computed in the kernel
    shown = ex.page.evaluate(
        """(sel) => {
        const i = document.querySelector(sel); const c = document.createElement('canvas');
        c.width = i.naturalWidth; c.height = i.naturalHeight; const g = c.getContext('2d'); g.drawImage(i, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let s = 0; for (let k = 0; k < d.length; k += 4) s += d[k];
        return s; }""",
        thumb,
    )
    want = ex.python(f"int(np.asarray(Image.open(df['path'].iloc[{i}]).convert('L'), dtype=np.int64).sum())")
    assert shown == want
    text = ex.page.locator(tip).inner_text()
    assert "<i>sklearn</i>" in text  # an info value is text, never markup
    source_row = ex.page.locator(f"{tip} .hdbscope-tip-row[data-key='source']").inner_text()
    assert source_row.split() == ["source", "<i>sklearn</i>"]
    assert ex.page.locator(f"{tip} i").count() == 0
    assert ex.page.locator(f"{tip} .hdbscope-tip-row[data-key='image']").count() == 0  # no problem to report
    ex.page.locator(ex.root).screenshot(path=str(artifacts_dir / "files-lab.png"))
    if os.environ.get("HDBSCOPE_UPDATE_SCREENSHOTS") == "1":
        from conftest import SCREENSHOTS

        shutil.copyfile(artifacts_dir / "files-lab.png", SCREENSHOTS / "files-lab.png")
    assert_no_page_errors(ex.page)


def test_a_missing_file_shows_its_reason(lab):
    ex = lab
    # a grid layout, so sample 7 is alone under the mouse; samples 0 and 20 then share a column
    ex.execute("explorer.show_layout(np.column_stack([np.arange(len(X)) % 20, np.arange(len(X)) // 20]) * 1.0)")
    ex.page.wait_for_function(
        "(sel) => { const h = document.querySelector(sel).hdbscope;"
        " return Math.abs(h.screenPosition(0)[0] - h.screenPosition(20)[0]) < 0.5; }",
        arg=ex.root,
        timeout=30_000,
    )
    _hover(ex, 7)
    row = ex.page.locator(f"{ex.root} .hdbscope-tooltip .hdbscope-tip-row[data-key='image']")
    assert "file not found: digits_png/missing.png" in row.inner_text()
    assert_no_page_errors(ex.page)


def test_review_panel_keeps_one_per_group(lab):
    ex = lab
    ex.page.mouse.move(0, 0)
    ex.page.locator(f"{ex.root} .hdbscope-review-open").click()
    opg = f"{ex.root} .hdbscope-one-per-group"
    ex.page.wait_for_selector(f"{opg}[data-excluded='5']", timeout=30_000)
    assert "will exclude 5 samples in 5 groups" in ex.page.locator(f"{opg} .hdbscope-opg-preview").inner_text()
    ex.page.locator(f"{opg} .hdbscope-opg-apply").click()
    assert ex.python_until("int(explorer.exclude_mask.sum())", 5) == 5
    assert ex.python("sorted(np.flatnonzero(explorer.exclude_mask).tolist())") == list(range(300, 305))
    ex.page.wait_for_selector(f"{opg}[data-excluded='5']")  # previewed again: the same rule changes nothing more
    assert ex.python("explorer.edit_state['undo']") == "keep one per group: exclude 5, keep 5"
    assert_no_page_errors(ex.page)
