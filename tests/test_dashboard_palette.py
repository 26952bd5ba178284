"""The bar chart's colours must be the scatter's. The scatter assigns them in
the browser (js/colors.ts); hdbscope/dashboard/_palette.py repeats that in
Python. Here both run on the same sequences of results and must agree slot
for slot: js/colors.ts is bundled with the project's esbuild and run in node.
"""
from __future__ import annotations

import json
import pathlib
import shutil
import subprocess

import numpy as np
import pytest

from hdbscope import Clusterer
from hdbscope.dashboard._palette import PALETTE, ColorTracker
from hdbscope.datasets import walkthrough_blobs

from _dashboard_data import many_blobs

ROOT = pathlib.Path(__file__).resolve().parent.parent
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"

DRIVER = """
import { readFileSync } from "node:fs";
import { PALETTE, matchColors } from "./colors.mjs";
const sequences = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = sequences.map((seq) => {
  let prev = null, slots = null;
  return seq.map((labels) => {
    const cur = Int32Array.from(labels);
    slots = matchColors(prev, slots, cur);
    prev = cur;
    return Array.from(slots);
  });
});
console.log(JSON.stringify({ palette: PALETTE, slots: out }));
"""


@pytest.fixture(scope="module")
def run_js(tmp_path_factory):
    node = shutil.which("node")
    if node is None or not ESBUILD.exists():
        pytest.skip("needs node and the project's esbuild (npm ci) to run js/colors.ts")
    d = tmp_path_factory.mktemp("colors-js")
    subprocess.run([str(ESBUILD), str(ROOT / "js" / "colors.ts"), "--bundle", "--format=esm",
                    f"--outfile={d / 'colors.mjs'}", "--log-level=warning"], check=True, cwd=ROOT)
    (d / "driver.mjs").write_text(DRIVER)

    def run(sequences):
        data = d / "sequences.json"
        data.write_text(json.dumps([[np.asarray(lab).tolist() for lab in seq] for seq in sequences]))
        done = subprocess.run([node, str(d / "driver.mjs"), str(data)], check=True, capture_output=True, text=True)
        return json.loads(done.stdout)

    return run


def python_slots(sequence):
    tracker = ColorTracker()
    return [tracker.update(labels).tolist() for labels in sequence]


def test_palette_is_the_scatters(run_js):
    js = run_js([])
    assert [tuple(rgb) for rgb in js["palette"]] == [
        tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in PALETTE]


def test_colour_slots_match_the_scatter_on_slider_moves(run_js):
    sequences = []
    X, _ = walkthrough_blobs()
    c = Clusterer(X)
    sequences.append([c.evaluate(min_cluster_size=m).labels for m in (5, 20, 10, 2, 30, 12, 12, 60, 5)])
    c = Clusterer(many_blobs())
    sequences.append([c.evaluate(min_cluster_size=m).labels for m in (100, 2, 15, 300, 40, 7, 100)])
    js = run_js(sequences)["slots"]
    for seq, want in zip(sequences, js):
        assert python_slots(seq) == want


def test_colour_slots_match_on_random_labels_with_ties(run_js):
    """Small random labelings: many equal overlaps and sizes, so every
    tie-break of the greedy matching is exercised."""
    rng = np.random.default_rng(7)
    sequences = []
    for _ in range(40):
        n = int(rng.integers(1, 40))
        seq = []
        for _ in range(int(rng.integers(2, 6))):
            k = int(rng.integers(0, 7))
            labels = rng.integers(-1, k, size=n) if k else np.full(n, -1)
            # the engine numbers clusters 0..k-1 with none empty
            present = np.unique(labels[labels >= 0])
            remap = np.full(max(k, 1), -1)
            remap[present] = np.arange(len(present))
            seq.append(np.where(labels >= 0, remap[np.maximum(labels, 0)], -1))
        sequences.append(seq)
    js = run_js(sequences)["slots"]
    mismatches = [i for i, (seq, want) in enumerate(zip(sequences, js)) if python_slots(seq) != want]
    assert not mismatches
