"""Small memory pages for the arrays a fit allocates.

numpy advises Linux to back every array of 4 MB or more with transparent huge pages
(``madvise``). Where the kernel must compact memory or fetch a 2 MB page from its
hypervisor to honour that, each first touch of such an array stalls: on our 2-core
VM a fresh 1 GB array took 6.7-8.3 s with the advice and 0.7 s without, and a fit
at 1M x 256 touches 2.6 GB of new arrays. A fit reads its arrays a few times each,
so the fewer TLB misses of huge pages gain it little. So while a fit runs, numpy's
advice is off; the setting the process had comes back after. numpy holds one
setting for the process: other threads allocating meanwhile get small pages too.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # fits running now (threads): the last one out restores the setting
_previous = True


def _switch() -> Callable[[bool], bool] | None:
    """numpy's own switch (``NUMPY_MADVISE_HUGEPAGE`` at run time); None where it has none."""
    for name in ("numpy._core.multiarray", "numpy.core.multiarray"):  # numpy 2, numpy 1
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        switch = getattr(module, "_set_madvise_hugepage", None)
        if switch is not None:
            return switch
    return None


@contextmanager
def small_pages() -> Iterator[None]:
    """numpy allocates without the huge-page advice inside this block."""
    global _depth, _previous
    switch = _switch()
    if switch is None:
        yield
        return
    with _lock:
        if _depth == 0:
            _previous = bool(switch(False))
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                switch(_previous)
