"""Headless Chromium running benchmarks/extract_bench.ts on the fitted states
bench_kernelless.py writes: the browser side of that benchmark."""

from __future__ import annotations

import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent


def browser_bundle(tmp: pathlib.Path) -> str:
    js = tmp / "extract_bench.js"
    subprocess.run(
        [str(REPO / "node_modules" / ".bin" / "esbuild"), str(HERE / "extract_bench.ts"), "--bundle",
         "--format=iife", "--global-name=hdbscopeBench", "--target=es2020", f"--outfile={js}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return js.read_text()


class Chromium:
    """Headless Debian Chromium (the e2e tests' flags) on a page whose URLs are answered from
    the temporary folder by Playwright's router: no server, no network."""

    ORIGIN = "http://hdbscope-bench.invalid"

    def __init__(self, tmp: pathlib.Path, bundle: str):
        from playwright.sync_api import sync_playwright

        from benchmarks.bench_widget import CHROMIUM, CHROMIUM_ARGS

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        self.version = self._browser.version
        self._tmp, self._bundle = tmp, bundle

    def _serve(self, route) -> None:
        path = route.request.url[len(self.ORIGIN) + 1 :]
        body = self._tmp.joinpath(path).read_bytes() if path else b"<!doctype html><title>bench</title>"
        route.fulfill(status=200, body=body, content_type="text/html" if not path else "application/octet-stream")

    def run(self, folder: str) -> dict:
        page = self._browser.new_page()  # a fresh page per size: cold V8, as when a saved page opens
        try:
            page.route(f"{self.ORIGIN}/**", self._serve)
            page.goto(f"{self.ORIGIN}/")
            page.add_script_tag(content=self._bundle)
            return page.evaluate("(base) => hdbscopeBench.run(base)", f"{self.ORIGIN}/{folder}")
        finally:
            page.close()

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()
