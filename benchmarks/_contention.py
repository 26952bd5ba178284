"""How much CPU OTHER processes used while a measurement ran (Linux /proc).

The machine is shared (tests, builds, browsers), and every figure is wall time, so each
figure is printed with the cores' worth of CPU that processes outside the measured job used
meanwhile. The job runs in its own session; everything in that session (its worker
processes, e.g. joblib's) counts as the job, everything else as competition.
"""

from __future__ import annotations

import os
import threading

_TICK = os.sysconf("SC_CLK_TCK")


def _scan(exclude_sid: int) -> dict[int, float]:
    """CPU seconds so far of every process outside session `exclude_sid`."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                raw = f.read()
        except OSError:
            continue  # ended meanwhile
        fields = raw[raw.rindex(")") + 2 :].split()  # after "pid (comm) "
        sid, utime, stime = int(fields[3]), int(fields[11]), int(fields[12])
        if sid != exclude_sid and int(name) != os.getpid():
            out[int(name)] = (utime + stime) / _TICK
    return out


class OtherCpu:
    """Sample others' CPU every `period` s while a job (session leader `sid`) runs."""

    def __init__(self, period: float = 0.5):
        self.period = period
        self.seconds = 0.0
        self._stop = threading.Event()

    def start(self, sid: int):
        self._sid = sid
        self._last = _scan(sid)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self):
        now = _scan(self._sid)
        for pid, cpu in now.items():
            # a process first seen now counts from this sample on
            self.seconds += max(0.0, cpu - self._last.get(pid, cpu))
        self._last = now

    def _run(self):
        while not self._stop.wait(self.period):
            self._sample()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self._sample()
        return self.seconds
