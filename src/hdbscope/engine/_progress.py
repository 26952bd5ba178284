"""Progress of a fit by stage: a ``tqdm.auto`` bar (a widget in Jupyter, text in a
terminal) that appears only once a fit has run ``DELAY_S`` seconds, so small fits
stay quiet.

Ctrl-C (or the notebook's interrupt, the same SIGINT) stops a fit between slices.
Python runs a signal's handler at the next Python code it executes, and for a numba
function that is the unpickling of its result's constants, inside the compiled call: a
KeyboardInterrupt raised there comes out as SystemError, or (seen at 1M x 256) a
segmentation fault. So while a fit runs (``with Progress(...)``) the handler only
records the signal, and ``tick()`` and ``stage()`` raise KeyboardInterrupt. Every long
step of a fit works in slices that return to Python (k-d tree queries, Boruvka rounds,
BLAS blocks, faiss searches) and ticks between them: the interrupt lands within one
slice, and the Clusterer, which assigns nothing until ``fit`` returns, is never left
half built.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

STAGES = ("validate", "copies", "neighbors", "duplicates", "spanning tree", "tree")
DELAY_S = 2.0


class Progress:
    """``stage(name)`` as each stage starts, ``tick()`` between slices of a long one;
    ``close()`` at the end (also after an error or an interrupt)."""

    def __init__(self, enabled: bool = True) -> None:
        self.bar: Any = None
        self.interrupted = False
        self._previous_handler: Any = None
        self.done = 0
        self.start = time.monotonic()
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=len(STAGES), desc="hdbscope fit", unit="stage", delay=DELAY_S, leave=False)

    def stage(self, name: str) -> None:
        """Start stage ``name`` (one of ``STAGES``); the ones before it count as done."""
        step = STAGES.index(name)
        self._check()
        if self.bar is None:
            return
        if step > self.done:
            self.bar.update(step - self.done)
            self.done = step
        self.bar.set_postfix_str(name, refresh=False)
        self._show()

    def tick(self) -> None:
        """Between slices of a long stage: raises KeyboardInterrupt after a Ctrl-C, and
        keeps the bar's clock moving."""
        self._check()
        if self.bar is not None:
            self._show()

    def _show(self) -> None:
        # refresh() ignores tqdm's delay: draw only once the fit has run DELAY_S seconds
        if time.monotonic() - self.start >= DELAY_S:
            self.bar.refresh()

    def finish(self) -> None:
        """All stages done (a notebook bar closed short of its total turns red, as after an error)."""
        if self.bar is not None:
            self.bar.update(len(STAGES) - self.done)
            self.done = len(STAGES)

    def _check(self) -> None:
        if self.interrupted:
            self.interrupted = False
            raise KeyboardInterrupt

    def _record(self, signum, frame) -> None:
        self.interrupted = True

    def __enter__(self) -> Progress:
        # signal handlers belong to the main thread; a fit elsewhere is never interrupted by Ctrl-C
        if threading.current_thread() is threading.main_thread():
            previous = signal.getsignal(signal.SIGINT)
            if callable(previous):  # Python's (or Jupyter's) handler: defer it to tick()
                self._previous_handler = previous
                signal.signal(signal.SIGINT, self._record)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.close()
        if self._previous_handler is not None:
            signal.signal(signal.SIGINT, self._previous_handler)
            self._previous_handler = None
        if self.interrupted and error is None:  # landed after the last tick: raise it now
            self.interrupted = False
            raise KeyboardInterrupt
        if isinstance(error, SystemError) and _interrupted(error):
            # Ctrl-C landing while compiled code calls back into Python (numba unpickling a
            # constant) comes out as SystemError: say what happened
            raise KeyboardInterrupt from error

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _interrupted(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def no_tick() -> None:
    """The ``tick`` of a caller that passes none."""


QUIET = Progress(enabled=False)  # the default where a caller passes none
