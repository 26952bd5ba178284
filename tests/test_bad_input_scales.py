"""Unusual arrays give the same answer as plain float64 data: read-only, memmapped, non-contiguous
or Fortran-ordered arrays, and extreme scales. Nothing may hang or crash: the extreme-scale cases run
in a subprocess with a timeout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from _bad_input import _same, _small
from _engine_data import partition

from hdbscope import Clusterer

SRC = str(Path(__file__).resolve().parent.parent / "src")

# ---------------------------------------------------------------- memory layouts


def test_read_only_array_works_and_matches():
    X = _small()
    ro = X.copy()
    ro.flags.writeable = False
    _same(Clusterer(ro).evaluate(), Clusterer(X).evaluate())


def test_memmap_works_and_matches(tmp_path):
    X = _small()
    path = tmp_path / "data.f64"
    mm = np.memmap(path, dtype=np.float64, mode="w+", shape=X.shape)
    mm[:] = X
    mm.flush()
    del mm
    ro = np.memmap(path, dtype=np.float64, mode="r", shape=X.shape)
    _same(Clusterer(ro).evaluate(), Clusterer(X).evaluate())


def test_non_contiguous_and_fortran_arrays_work():
    X = _small()
    wide = np.zeros((len(X), 2 * X.shape[1]))
    wide[:, ::2] = X
    ref = Clusterer(X).evaluate()
    _same(Clusterer(wide[:, ::2]).evaluate(), ref)
    _same(Clusterer(np.asfortranarray(X)).evaluate(), ref)
    _same(Clusterer(X[::-1][::-1]).evaluate(), ref)


def test_the_callers_array_is_not_modified():
    X = _small()
    X[0, 0] = -0.0
    before = X.copy()
    Clusterer(X).evaluate()
    Clusterer(X, metric="cosine").evaluate()
    assert np.array_equal(X, before) and np.signbit(X[0, 0])


def test_negative_zero_equals_zero():
    X = _small()
    X[5] = 0.0
    X[6] = -0.0
    assert [5, 6] in Clusterer(X).evaluate()["duplicates"]


# ---------------------------------------------------------------- extreme scales

_SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np
    from hdbscope import Clusterer
    X = np.load(sys.argv[1])
    c = Clusterer(X)
    r = c.evaluate()
    t = c.evaluate(duplicate_threshold=3 * c.default_duplicate_threshold)
    print(json.dumps({
        "labels": r.labels.tolist(),
        "findings": dict(r),
        "near3": t["near_duplicates"],
        "exact_threshold": c.exact_threshold,
        "default_duplicate_threshold": c.default_duplicate_threshold,
        "range": list(c.duplicate_threshold_range),
        "finite": bool(np.isfinite(r.outlier_scores).all() and np.isfinite(r.probabilities).all()),
    }))
""")


def _run_isolated(X, tmp_path):
    path = tmp_path / "X.npy"
    np.save(path, X)
    try:
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the engine hung (> 60 s) on this input")
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1e150, 1e300])
def test_extreme_scales_give_the_same_findings_without_hanging(scale, tmp_path):
    X = _small()
    base = Clusterer(X)
    r0 = base.evaluate()
    r3 = base.evaluate(duplicate_threshold=3 * base.default_duplicate_threshold)
    got = _run_isolated(X * scale, tmp_path)
    assert got["finite"]
    assert partition(got["labels"]) == partition(r0.labels)
    assert got["findings"] == dict(r0)
    assert got["near3"] == r3["near_duplicates"]
    assert got["exact_threshold"] == pytest.approx(scale * base.exact_threshold, rel=1e-9)
    assert got["default_duplicate_threshold"] == pytest.approx(scale * base.default_duplicate_threshold, rel=1e-9)
    assert got["range"][1] == pytest.approx(scale * base.duplicate_threshold_range[1], rel=1e-9)
