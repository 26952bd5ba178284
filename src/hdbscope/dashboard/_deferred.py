"""Run chart updates after the explorer's own update message has gone out.

The explorer sends each new result from inside a ``hold_sync`` block, and
trait observers run inside that block: work done there would delay the
scatter. So charts ask for a redraw with ``Deferred``, which runs it once on
the event loop's next turn however many times it was asked (fast slider moves
coalesce), or at once when no loop is running (plain Python, tests).

A value set from Python is evaluated by the explorer before the charts'
observers run; charts then redraw at once (``now``), so code that sets a
value and reads a chart in the same cell sees the new state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Deferred:
    def __init__(self, fn: Callable[[], None], on_error: Callable[[Exception], None] | None = None):
        self.fn = fn
        self.on_error = on_error
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop a run is queued on

    def __call__(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._run()
            return
        if self._loop is loop:  # already queued: it will read the newest state
            return
        self._loop = loop
        loop.call_soon(self._run)

    def now(self) -> None:
        """Run at once (a queued run still happens, and finds nothing new)."""
        self._call()

    def _run(self) -> None:
        self._loop = None
        self._call()

    def _call(self) -> None:
        try:
            self.fn()
        except Exception as e:  # shown in the dashboard, not lost in the kernel log
            if self.on_error is None:
                raise
            self.on_error(e)
