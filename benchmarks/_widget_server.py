"""A throw-away JupyterLab for the widget benchmark: 127.0.0.1, random token,
isolated JUPYTER_* dirs under one temp dir, stopped by PID (server + kernels).

Follows shared/e2e-recipe/labserver.py. Kept separate from tests/e2e/_server.py
so the benchmark does not break when the tests' fixtures change.
"""
from __future__ import annotations

import ctypes
import json
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

# No "get notified about Jupyter news?" toast, no update check.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        '{"fetchNews": "false", "checkForUpdates": false}',
}

# Optional (--nodelay): TCP_NODELAY on the kernel websocket. Stock jupyter_server
# does not set it, and on loopback Nagle + delayed ACK add ~40 ms per round trip.
NODELAY_CONFIG = """
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
_orig_open = KernelWebsocketHandler.open
async def _open_nodelay(self, kernel_id):
    self.set_nodelay(True)
    return await _orig_open(self, kernel_id)
KernelWebsocketHandler.open = _open_nodelay
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # in the child, between fork and exec
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def descendants(pid: int) -> list[int]:
    """Every process under pid, from /proc (kernels under the server, chromium under us)."""
    kids: dict[int, list[int]] = {}
    for p in pathlib.Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            ppid = int((p / "stat").read_text().rsplit(") ", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(p.name))
    out, todo = [], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


class LabServer:
    def __init__(self, base: pathlib.Path, pythonpath: list[str], nodelay: bool = False):
        self.base = pathlib.Path(base)
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.base / "jupyter.log"
        self.dirs = {k: self.base / k for k in ("root", "config", "data", "runtime", "settings", "workspaces", "ipython")}
        self.pythonpath = pythonpath
        self.nodelay = nodelay
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> float:
        for p in self.dirs.values():
            p.mkdir(parents=True, exist_ok=True)
        for rel, text in USER_SETTINGS.items():
            f = self.dirs["settings"] / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(text)
        if self.nodelay:
            (self.dirs["config"] / "jupyter_server_config.py").write_text(NODELAY_CONFIG)
        d = self.dirs
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(d["config"]), JUPYTER_DATA_DIR=str(d["data"]),
            JUPYTER_RUNTIME_DIR=str(d["runtime"]), JUPYTERLAB_SETTINGS_DIR=str(d["settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(d["workspaces"]), IPYTHONDIR=str(d["ipython"]),
            JUPYTER_PLATFORM_DIRS="1", PYTHONDONTWRITEBYTECODE="1",
            # kernels inherit it: the checkout's src/ and the benchmark's kernel helpers
            PYTHONPATH=os.pathsep.join(self.pythonpath + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])),
        )
        env.pop("JPY_PARENT_PID", None)
        cmd = [
            sys.executable, "-m", "jupyterlab",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False", "--ServerApp.allow_root=True",
            f"--ServerApp.root_dir={d['root']}", f"--IdentityProvider.token={self.token}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to drive the page
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        t0 = time.monotonic()
        with open(self.log, "wb") as logf:
            self.proc = subprocess.Popen(cmd, cwd=d["root"], env=env, stdin=subprocess.DEVNULL, stdout=logf,
                                         stderr=subprocess.STDOUT, start_new_session=True,
                                         preexec_fn=_die_with_parent)
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited ({self.proc.returncode}) before it was up:\n{self.log_tail()}")
            try:
                self.api("/api/status", timeout=2)
                return time.monotonic() - t0
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"jupyter lab not up after {timeout}s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def api(self, path: str, method: str = "GET", timeout: float = 10):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
        return json.loads(raw) if raw else None

    def lab_url(self, notebook: str) -> str:
        # a fresh, reset workspace: Lab must not reopen an earlier notebook and its widgets
        return f"{self.url}/lab/workspaces/b{secrets.token_hex(4)}/tree/{notebook}?reset&token={self.token}"

    def write_notebook(self, name: str, cells: list[str]) -> str:
        import nbformat

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, self.dirs["root"] / name)
        return name

    def kernel_pids(self) -> list[int]:
        return descendants(self.proc.pid) if self.proc else []

    def shutdown_sessions(self) -> None:
        """Stop every kernel (frees the 1M-point kernel before the next notebook)."""
        for s in self.api("/api/sessions") or []:
            self.api(f"/api/sessions/{s['id']}", method="DELETE", timeout=30)

    def stop(self) -> list[str]:
        """/api/shutdown (stops the kernels), then SIGTERM, then SIGKILL, by PID."""
        notes: list[str] = []
        proc, self.proc = self.proc, None
        if proc is None:
            return notes
        kids = descendants(proc.pid)
        if proc.poll() is None:
            try:
                self.api("/api/shutdown", method="POST", timeout=10)
            except Exception as e:  # noqa: BLE001 - fall back to signals
                notes.append(f"/api/shutdown failed ({e!r}); SIGTERM {proc.pid}")
                _kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                notes.append(f"server pid {proc.pid} still up 20 s after shutdown")
        left = _wait_gone([proc.pid] + kids, 10)
        for pid in left:
            notes.append(f"pid {pid} still alive: SIGKILL")
            _kill(pid, signal.SIGKILL)
        proc.poll()
        still = _wait_gone(left, 5)
        if still:
            notes.append(f"could not stop pids {still}")
        return notes


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    t0 = time.monotonic()
    while True:
        pids = [p for p in pids if alive(p)]
        if not pids or time.monotonic() - t0 > timeout:
            return pids
        time.sleep(0.1)
