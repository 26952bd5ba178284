"""The browser's re-extraction is checked (vitest, js/extract/conformance.test.ts)
against vectors the Python engine wrote. Here: those vectors are still what the
engine answers, so a Python change that forgets to regenerate them fails."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

from hdbscope import Clusterer
from hdbscope.engine._portable import ARRAYS, portable_bytes, portable_fit

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("make_conformance", ROOT / "scripts" / "make_conformance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_vectors_are_what_the_engine_answers_now():
    gen = _generator()
    committed = json.loads(gen.FIXTURE.read_text())
    fresh = json.loads(gen.dumps(gen.build_fixture()))
    assert len(fresh["cases"]) >= 200
    assert [d["name"] for d in fresh["datasets"]] == [d["name"] for d in committed["datasets"]]
    for new, old in zip(fresh["datasets"], committed["datasets"]):
        assert new == old, f"fitted state of {new['name']!r} changed: run scripts/make_conformance.py"
    for i, (new, old) in enumerate(zip(fresh["cases"], committed["cases"])):
        assert new == old, f"case {i} changed: run scripts/make_conformance.py (then npx vitest run js/extract)"
    assert len(fresh["cases"]) == len(committed["cases"])


def test_portable_state_has_the_documented_dtypes_and_lengths():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(size=(50, 3)), rng.normal(size=(5, 3))])
    X = np.vstack([X, X[:4]])  # exact copies
    c = Clusterer(X)
    scalars, arrays = portable_fit(c)
    assert list(arrays) == list(ARRAYS)
    assert all(arrays[k].dtype == np.dtype(ARRAYS[k]) for k in ARRAYS)
    assert len(arrays["inverse"]) == scalars["n_samples"] == 59
    assert scalars["n_rows"] == 55 and scalars["n_points"] <= 55
    assert all(len(arrays[k]) == scalars["n_points"] - 1 for k in ARRAYS if k.startswith("tree_"))
    assert np.all(np.diff(arrays["forest_w"]) >= 0)
    _, buffers = portable_bytes(c)
    assert [len(b) for b in buffers] == [arrays[k].nbytes for k in ARRAYS]
