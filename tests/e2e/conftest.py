"""Fixtures for the browser tests: Debian's headless Chromium (Python playwright,
never `playwright install`), and a JupyterLab 4 and a Notebook 7 server that
the tests start themselves (see _server.py) and always stop, kernels included.

Adapted from shared/e2e-recipe/. The tests skip only when /usr/bin/chromium is
missing (`apt-get install -y chromium`). Screenshots always go to the artifacts
dir (HDBSCOPE_E2E_ARTIFACTS, or a pytest temp dir); with
HDBSCOPE_UPDATE_SCREENSHOTS=1 the widget screenshots are also copied to
docs/screenshots/ for the README.
"""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

# pytest puts this folder on sys.path (its default "prepend" import mode): the _*.py helpers import by name.
from _chromium import CHROMIUM, CHROMIUM_ARGS
from _server import JupyterServer

REPO = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"

VIEWPORT = {"width": 1280, "height": 900}

_artifacts: list[pathlib.Path] = []


def pytest_terminal_summary(terminalreporter):
    if _artifacts:
        terminalreporter.write_line(f"e2e artifacts (screenshots, server logs): {_artifacts[0]}")


# ---------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's browser with "
            "`apt-get update && apt-get install -y chromium` (never `playwright install`)"
        )
    return CHROMIUM


# Module scope: one live sync_playwright at a time (other test modules start their own).
@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def new_page(browser):
    """A factory: a fresh context + page, with console messages and page errors collected."""
    contexts = []

    def make():
        ctx = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        logs: list[str] = []
        pg.on("console", lambda m: logs.append(f"console.{m.type}: {m.text}"))
        pg.on("pageerror", lambda e: logs.append(f"pageerror: {e.message}\n{e.stack}"))
        pg.console_logs = logs  # type: ignore[attr-defined]
        return pg

    yield make
    for ctx in contexts:
        ctx.close()


# ---------------------------------------------------------------- servers
@pytest.fixture(scope="session")
def artifacts_dir(tmp_path_factory) -> pathlib.Path:
    d = os.environ.get("HDBSCOPE_E2E_ARTIFACTS")
    p = pathlib.Path(d).resolve() if d else tmp_path_factory.mktemp("e2e-artifacts")
    p.mkdir(parents=True, exist_ok=True)
    _artifacts.append(p)
    return p


def _server(app: str, tmp_path_factory, artifacts_dir):
    server = JupyterServer(app, tmp_path_factory.mktemp(f"jupyter-{app}")).start()
    print(f"\n[{app}] up on {server.url} in {server.startup_seconds:.1f}s (pid {server.proc.pid})")
    try:
        yield server
    finally:
        notes = server.stop()
        for note in notes:
            print(f"[{app}] {note}")
        if server.log.exists():
            shutil.copyfile(server.log, artifacts_dir / f"jupyter-{app}.log")


@pytest.fixture(scope="module")
def lab_server(chromium_path, tmp_path_factory, artifacts_dir):
    """JupyterLab 4 on 127.0.0.1 (chromium_path first: no server is started when the tests skip)."""
    yield from _server("lab", tmp_path_factory, artifacts_dir)


@pytest.fixture(scope="module")
def notebook_server(chromium_path, tmp_path_factory, artifacts_dir):
    """Notebook 7 on 127.0.0.1."""
    yield from _server("notebook", tmp_path_factory, artifacts_dir)


# ---------------------------------------------------------------- data
@pytest.fixture(scope="session")
def walkthrough_clusterer():
    """The engine on the same data the notebook shows: the expected numbers come from here."""
    from hdbscope import Clusterer
    from hdbscope.datasets import walkthrough_blobs

    X, y = walkthrough_blobs()
    return Clusterer(X)


# ---------------------------------------------------------------- screenshots
@pytest.fixture(scope="session")
def save_screenshots(artifacts_dir):
    """save(page, root_selector, name): full page + widget element to the artifacts dir;
    the widget one also to docs/screenshots/<name>.png when HDBSCOPE_UPDATE_SCREENSHOTS=1."""
    update = os.environ.get("HDBSCOPE_UPDATE_SCREENSHOTS") == "1"

    def save(page, root: str, name: str) -> pathlib.Path:
        page.mouse.move(0, 0)  # no hover tooltip in the picture
        page.screenshot(path=str(artifacts_dir / f"{name}-page.png"))
        widget = artifacts_dir / f"{name}.png"
        page.locator(root).screenshot(path=str(widget))
        assert widget.stat().st_size > 1000, f"{widget} looks empty"
        if update:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(widget, SCREENSHOTS / widget.name)
        return widget

    return save
