"""Debian's Chromium and the flags it runs with, for the e2e tests and the browser benchmarks
(the flags of shared/e2e-recipe: headless, root in CI, no network side traffic)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # software WebGL2 (SwiftShader); Chromium warns that the implicit fallback is deprecated
    "--enable-unsafe-swiftshader",
]
