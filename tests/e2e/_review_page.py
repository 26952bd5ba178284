"""Drive the review panel of one ClusterExplorer in a JupyterLab page.

Reuses _explorer_page (kernel read-back through the page's own kernel
connection, data-* waits); adds opening a notebook with any cells, the
panel's waits, and finding / killing the notebook's kernel process.
"""

from __future__ import annotations

import os
import pathlib
import signal
import time

from _explorer_page import Explorer, open_notebook
from _server import alive, descendants

PANEL = ".hdbscope-review"


def open_cells(page, server, name: str, cells: list[str]) -> Explorer:
    """Write a notebook with these cells, open it, run all; the one explorer it shows."""
    return Explorer(page, open_notebook(page, server, name, cells))


class Review:
    def __init__(self, ex: Explorer):
        self.ex, self.page = ex, ex.page
        self.sel = f"{ex.root} {PANEL}"

    def data(self) -> dict:
        return self.page.evaluate("(s) => ({ ...document.querySelector(s).dataset })", self.sel)

    def wait_item(self, members: str, timeout: float = 30_000) -> dict:
        self.page.wait_for_selector(f"{self.sel}[data-item='{members}'][data-ready='true']", timeout=timeout)
        return self.data()

    def wait_edit(self, last: str, timeout: float = 30_000) -> None:
        """Until Python answered the edit (`action:changed`) and nothing else is pending."""
        self.page.wait_for_function(
            "([s, last]) => { const p = document.querySelector(s);"
            " return p.dataset.lastEdit === last && p.dataset.editsPending === '0'; }",
            arg=[self.sel, last],
            timeout=timeout,
            polling=50,
        )
        self.page.evaluate("(s) => { delete document.querySelector(s).dataset.lastEdit; }", self.sel)

    def focused_inside(self) -> bool:
        return self.page.evaluate("(s) => document.querySelector(s).contains(document.activeElement)", self.sel)

    def press(self, *keys: str) -> None:
        for k in keys:
            self.page.keyboard.press(k)


def kernel_id(ex: Explorer) -> str:
    return ex.page.evaluate("() => window.__e2eSession.session.kernel.id")


def kernel_pid(server, kid: str) -> int:
    """The kernel process started with this kernel's connection file."""
    for pid in descendants(server.proc.pid):
        try:
            cmd = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if f"kernel-{kid}.json" in cmd:
            return pid
    raise LookupError(f"no process for kernel {kid}")


def kill_kernel(server, kid: str) -> int:
    """SIGKILL the kernel process (a crash: nothing runs after it), wait until it is gone."""
    pid = kernel_pid(server, kid)
    os.kill(pid, signal.SIGKILL)
    t0 = time.monotonic()
    while alive(pid):
        if time.monotonic() - t0 > 20:
            raise TimeoutError(f"kernel pid {pid} survived SIGKILL")
        time.sleep(0.05)
    return pid
