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


def _benchmarks() -> set[str]:
    return {p.name.removeprefix("bench_").partition(".")[0] for p in (ROOT / "benchmarks").glob("bench_*.*")}


def test_one_committed_result_per_benchmark():
    results = ROOT / "benchmarks" / "results"
    benchmarks = _benchmarks()
    assert {"engine", "widget", "js_update"} <= benchmarks  # .py and .mjs benchmarks both found
    for path in results.iterdir():
        if path.name == "quick":
            continue
        assert path.suffix == ".json" and path.stem in benchmarks, (
            f"benchmarks/results/{path.name}: a committed result is named after its benchmark "
            f"(<name>.json for benchmarks/bench_<name>.py); quick runs go to benchmarks/results/quick/"
        )
    missing = sorted(b for b in benchmarks if not (results / f"{b}.json").is_file())
    assert not missing, f"run these benchmarks in full and commit benchmarks/results/<name>.json: {missing}"


def test_version_comes_from_pyproject():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    written = re.search(r'^version = "([^"]+)"$', pyproject, re.MULTILINE)  # [project]'s, the only one
    assert written, "pyproject.toml: [project] must write the version (the one place it is written)"
    assert hdbscope.__version__ == written.group(1), "reinstall (make setup) after changing the version"


# Small modules with one job: no source or test module over about 300 lines. The limit is 320, not 300, so a
# fix to a module just under 300 does not force a split in the middle of an unrelated change, while a
# module that has taken on a second job (in this project they reach 340 and more) fails.
MAX_MODULE_LINES = 320
SOURCE_DIRS = ("src", "js", "benchmarks", "scripts")
# Tests count too (issue 9): pytest modules, their helpers and conftest files under tests/.
TEST_DIRS = ("tests",)
SOURCE_SUFFIXES = {".py", ".ts", ".mjs", ".js", ".css"}
# Generated, never edited by hand: the esbuild bundles (src/hdbscope/static/, git-ignored) and test
# fixtures. (Results under benchmarks/results/ and fixtures are .json/.txt, not source suffixes.)
GENERATED = ("src/hdbscope/static/", "js/extract/fixtures/")
# Modules other helpers are splitting this session, each with its length when listed as a ceiling:
# they may only shrink. Remove an entry once its module is split (a test below says when).
OVER_LIMIT_FOR_NOW: dict[str, int] = {}


def _source_modules() -> dict[str, int]:
    """Every source module under SOURCE_DIRS (not the *.test.ts files) and every module under
    TEST_DIRS, relative path -> line count."""
    found = {}
    for top in SOURCE_DIRS + TEST_DIRS:
        for path in (ROOT / top).rglob("*"):
            rel = path.relative_to(ROOT).as_posix()
            if (
                path.suffix not in SOURCE_SUFFIXES
                or not path.is_file()
                or path.name.endswith((".test.ts", ".d.ts"))
                or rel.startswith(GENERATED)
                or "__pycache__" in path.parts
                or "node_modules" in path.parts
            ):
                continue
            with path.open("rb") as f:
                found[rel] = sum(1 for _ in f)
    return found


def test_no_source_module_is_over_the_line_limit():
    modules = _source_modules()
    assert "src/hdbscope/widget/_explorer.py" in modules and "js/explorer.ts" in modules  # the walk finds them
    assert "tests/conftest.py" in modules and "tests/e2e/conftest.py" in modules  # and the tests
    too_long = {rel: n for rel, n in modules.items() if n > OVER_LIMIT_FOR_NOW.get(rel, MAX_MODULE_LINES)}
    assert not too_long, "split these into smaller modules with one job each: " + ", ".join(
        f"{rel} has {n} lines (limit {OVER_LIMIT_FOR_NOW.get(rel, MAX_MODULE_LINES)})"
        for rel, n in sorted(too_long.items())
    )


def test_the_over_limit_list_holds_only_modules_still_over_the_limit():
    modules = _source_modules()
    stale = [rel for rel in OVER_LIMIT_FOR_NOW if modules.get(rel, 0) <= MAX_MODULE_LINES]
    assert not stale, f"remove from OVER_LIMIT_FOR_NOW (split, moved or under {MAX_MODULE_LINES} lines now): {stale}"
