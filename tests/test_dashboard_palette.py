"""The bar chart's colours must be the scatter's. Both draw PALETTE[slot % 20]
with the slots Python sends (ClusterResult.color_slots); here the Python
palette is checked against js/palette.ts, bundled with the project's esbuild
and run in node.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess

import pytest

from hdbscope.dashboard._palette import PALETTE, slot_color

ROOT = pathlib.Path(__file__).resolve().parent.parent
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"

DRIVER = """
import { PALETTE, slotColor } from "./palette.mjs";
console.log(JSON.stringify({ palette: PALETTE, wrapped: [0, 19, 20, 41, 1000].map(slotColor) }));
"""


@pytest.fixture(scope="module")
def js(tmp_path_factory):
    node = shutil.which("node")
    if node is None or not ESBUILD.exists():
        pytest.skip("needs node and the project's esbuild (npm ci) to run js/palette.ts")
    d = tmp_path_factory.mktemp("palette-js")
    subprocess.run(
        [
            str(ESBUILD),
            str(ROOT / "js" / "palette.ts"),
            "--bundle",
            "--format=esm",
            f"--outfile={d / 'palette.mjs'}",
            "--log-level=warning",
        ],
        check=True,
        cwd=ROOT,
    )
    (d / "driver.mjs").write_text(DRIVER)
    done = subprocess.run([node, str(d / "driver.mjs")], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def rgb(hex_color: str) -> tuple[int, ...]:
    return tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))


def test_palette_is_the_scatters(js):
    assert [tuple(c) for c in js["palette"]] == [rgb(h) for h in PALETTE]


def test_slots_wrap_around_the_palette_as_in_the_scatter(js):
    assert [tuple(c) for c in js["wrapped"]] == [rgb(slot_color(s)) for s in (0, 19, 20, 41, 1000)]
