"""The widget benchmark's JupyterLab: the end-to-end tests' server
(tests/e2e/_server.py: 127.0.0.1, random token, isolated JUPYTER_* dirs, stopped
by PID with its kernels) plus what only the benchmark needs: the checkout's
src/ and the benchmark's helpers on the kernels' PYTHONPATH, and optionally
TCP_NODELAY on the kernel websocket (--nodelay).
"""

from __future__ import annotations

import os
import pathlib

# tests/ is a namespace package (no __init__.py, so pytest keeps importing its modules by file name);
# the benchmarks run from the repository root (`python -m benchmarks.<name>`), where it imports by name.
from tests.e2e._server import JupyterServer

# Stock jupyter_server does not set TCP_NODELAY, and on loopback Nagle + delayed
# ACK add ~40 ms per kernel round trip.
NODELAY_CONFIG = """
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
_orig_open = KernelWebsocketHandler.open
async def _open_nodelay(self, kernel_id):
    self.set_nodelay(True)
    return await _orig_open(self, kernel_id)
KernelWebsocketHandler.open = _open_nodelay
"""


class LabServer(JupyterServer):
    def __init__(self, base: pathlib.Path, pythonpath: list[str], nodelay: bool = False):
        super().__init__("lab", base)
        self.pythonpath = pythonpath
        self.nodelay = nodelay

    def environment(self) -> dict[str, str]:
        env = super().environment()
        inherited = [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []
        env["PYTHONPATH"] = os.pathsep.join(self.pythonpath + inherited)
        return env

    def start(self, timeout: float = 90) -> float:
        if self.nodelay:
            self.dirs["config"].mkdir(parents=True, exist_ok=True)
            (self.dirs["config"] / "jupyter_server_config.py").write_text(NODELAY_CONFIG)
        super().start(timeout)
        return self.startup_seconds

    def lab_url(self, notebook: str) -> str:
        return self.notebook_url(notebook)

    def shutdown_sessions(self) -> int:
        """Stop every kernel; a 1M-point kernel can take longer than the tests' default to go."""
        sessions = self.api("/api/sessions") or []
        for s in sessions:
            self.api(f"/api/sessions/{s['id']}", method="DELETE", timeout=30)
        return len(sessions)
