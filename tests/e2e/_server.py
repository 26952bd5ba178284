"""A throw-away Jupyter server (JupyterLab 4 or Notebook 7) for browser tests.

Adapted from shared/e2e-recipe/labserver.py. Everything the server writes goes
under one temp dir (root dir, JUPYTER_* dirs, settings, workspaces, log). It
listens on 127.0.0.1 with a random token, and is stopped by PID: /api/shutdown
(which stops the kernels too), then SIGTERM, then SIGKILL for the server and
every process under it. If the test process itself dies (timeout, SIGKILL),
the kernel's parent-death signal takes the server down with it, and the
kernels follow their parent (ipykernel polls it).
"""

from __future__ import annotations

import contextlib
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

# app -> (python -m module, the app's config class)
APPS = {
    "lab": ("jupyterlab", "LabApp"),
    "notebook": ("notebook", "JupyterNotebookApp"),
}

# No "get notified about Jupyter news?" toast over the screenshots, no update check.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": '{"fetchNews": "false", "checkForUpdates": false}',
}

_PR_SET_PDEATHSIG = 1


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the fixture's teardown still stops it
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie still "exists"; it is dead for our purposes
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def descendants(pid: int) -> list[int]:
    """PIDs of every process under pid (the kernels), from /proc."""
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


class JupyterServer:
    """``JupyterServer("lab", base).start()``; ``.stop()`` always, even after a failure."""

    def __init__(self, app: str, base: pathlib.Path):
        if app not in APPS:
            raise ValueError(f"app must be one of {sorted(APPS)}, not {app!r}")
        self.app = app
        self.base = pathlib.Path(base)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.base / "jupyter.log"
        self.dirs = {
            k: self.base / k for k in ("root", "config", "data", "runtime", "settings", "workspaces", "ipython")
        }
        self.proc: subprocess.Popen | None = None
        self.startup_seconds = float("nan")

    # ---------------------------------------------------------------- start
    def command(self) -> list[str]:
        module, cls = APPS[self.app]
        return [
            sys.executable,
            "-m",
            module,
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",  # fail rather than silently move
            "--ServerApp.open_browser=False",
            "--ServerApp.allow_root=True",  # CI runs as root
            f"--ServerApp.root_dir={self.dirs['root']}",
            f"--IdentityProvider.token={self.token}",
            f"--{cls}.expose_app_in_browser=True",  # window.jupyterapp, for the tests
            # The LabApp extension also loads in Notebook 7's server: no news, no update check, no PyPI.
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]

    def environment(self) -> dict[str, str]:
        d = self.dirs
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(d["config"]),  # nothing from ~/.jupyter, nothing written there
            JUPYTER_DATA_DIR=str(d["data"]),
            JUPYTER_RUNTIME_DIR=str(d["runtime"]),
            JUPYTERLAB_SETTINGS_DIR=str(d["settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(d["workspaces"]),
            IPYTHONDIR=str(d["ipython"]),
            JUPYTER_PLATFORM_DIRS="1",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.pop("JPY_PARENT_PID", None)
        return env

    def start(self, timeout: float = 90) -> JupyterServer:
        for p in self.dirs.values():
            p.mkdir(parents=True, exist_ok=True)
        for rel, text in USER_SETTINGS.items():
            f = self.dirs["settings"] / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(text)
        t0 = time.monotonic()
        with open(self.log, "wb") as logf:
            # Own session: a Ctrl-C in the terminal reaches pytest, whose teardown stops it.
            self.proc = subprocess.Popen(
                self.command(),
                cwd=self.dirs["root"],
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=logf,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"jupyter {self.app} exited with {self.proc.returncode} before it was up:\n{self.log_tail()}"
                )
            try:
                self.api("/api/status", timeout=2)
                self.startup_seconds = time.monotonic() - t0
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"jupyter {self.app} not up on port {self.port} after {timeout}s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    # ---------------------------------------------------------------- use
    def api(self, path: str, method: str = "GET", body=None, timeout: float = 10):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
        return json.loads(raw) if raw else None

    def notebook_url(self, name: str) -> str:
        if self.app == "lab":
            # A fresh, reset workspace: otherwise Lab reopens earlier tests' notebooks and their widgets.
            return f"{self.url}/lab/workspaces/t{secrets.token_hex(4)}/tree/{name}?reset&token={self.token}"
        return f"{self.url}/notebooks/{name}?token={self.token}"

    def write_notebook(self, name: str, cells: list[str]) -> str:
        import nbformat

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, self.dirs["root"] / name)
        return name

    def shutdown_sessions(self) -> int:
        """Stop every kernel session (the kernels a test started)."""
        sessions = self.api("/api/sessions") or []
        for s in sessions:
            self.api(f"/api/sessions/{s['id']}", method="DELETE")
        return len(sessions)

    # ---------------------------------------------------------------- stop
    def stop(self) -> list[str]:
        """Stop the server and everything under it, by PID. Returns notes on what needed force."""
        notes: list[str] = []
        proc = self.proc
        if proc is None:
            return notes
        kids = descendants(proc.pid)
        if proc.poll() is None:
            try:
                self.api("/api/shutdown", method="POST", timeout=10)
            except Exception as e:
                notes.append(f"/api/shutdown failed ({e!r}); SIGTERM {proc.pid}")
                _signal(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                notes.append(f"server pid {proc.pid} still up 20 s after shutdown")
        left = _wait_gone([proc.pid] + kids, 10)
        for pid in left:
            notes.append(f"pid {pid} still alive: SIGKILL")
            _signal(pid, signal.SIGKILL)
        proc.poll()
        still = _wait_gone(left, 5)
        if still:
            raise RuntimeError(f"could not stop jupyter {self.app} processes {still}")
        self.proc = None
        return notes


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    t0 = time.monotonic()
    while True:
        pids = [p for p in pids if alive(p)]
        if not pids or time.monotonic() - t0 > timeout:
            return pids
        time.sleep(0.1)
