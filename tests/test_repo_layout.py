"""Where things live, checked so the layout CONTRIBUTING.md describes stays true."""

from __future__ import annotations

import pathlib
import re

import hdbscope

ROOT = pathlib.Path(__file__).resolve().parent.parent
E2E_MARK = re.compile(r"pytest\.mark\.e2e\b")


def test_browser_tests_live_in_tests_e2e():
    outside = [p.name for p in (ROOT / "tests").glob("*.py") if E2E_MARK.search(p.read_text(encoding="utf-8"))]
    assert not outside, f"e2e-marked tests belong in tests/e2e/: move {outside}"


def test_one_committed_result_per_benchmark():
    results = ROOT / "benchmarks" / "results"
    benchmarks = {p.stem.removeprefix("bench_") for p in (ROOT / "benchmarks").glob("bench_*.*")}
    for path in results.glob("*.json"):
        assert path.stem in benchmarks, (
            f"benchmarks/results/{path.name}: a committed result is named after its benchmark "
            f"(<name>.json for benchmarks/bench_<name>.py); quick runs go to benchmarks/results/quick/"
        )


def test_version_comes_from_pyproject():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    written = re.search(r'^version = "([^"]+)"$', pyproject, re.MULTILINE)  # [project]'s, the only one
    assert written, "pyproject.toml: [project] must write the version (the one place it is written)"
    assert hdbscope.__version__ == written.group(1), "reinstall (make setup) after changing the version"
