"""An OS file lock around each read-check-write of the edits file, so two
kernels editing one journal at the same moment are serialised: the second
sees the first one's write and is refused, instead of both passing the
"changed on disk?" check and one edit being lost.

The lock is taken on a small sidecar file (``.<name>.lock`` next to the
journal), not the journal itself: the Parquet journal is replaced by a rename
at every write, and a lock on a file that is renamed away guards nothing.
POSIX: ``fcntl.flock`` (whole-file, released by the kernel if the process
dies); Windows: ``msvcrt.locking`` on the sidecar's first byte.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import time

from ._journal_rows import JournalError

WAIT_SECONDS = 10.0  # a write holds the lock for milliseconds; longer means something is stuck
_POLL_SECONDS = 0.002


def lock_path(path: pathlib.Path) -> pathlib.Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: pathlib.Path, wait: float = WAIT_SECONDS):
    """Hold the journal's lock for the ``with`` block (waits up to ``wait`` seconds)."""
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise JournalError(
                    f"{str(path)!r} is locked by another process that has been writing it for over {wait:.0f} s "
                    "(another ClusterExplorer on the same edits_path?). Nothing was written; try again."
                )
            time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
