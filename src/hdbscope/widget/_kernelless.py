"""The fitted state sent once to the browser, so a slider move is drawn there at
once (js/kernelless/preview.ts) while Python, told the value as before, keeps
``explorer.result`` and the traits true and sends the authoritative result.

Above ``KERNELLESS_MAX_SAMPLES`` the state is not sent and only the kernel
answers. The limit is the crossover benchmarks/bench_kernelless.py measures: per
move the browser is faster at every size up to 1M, and sending the state (about
30 bytes per sample; see engine/_portable.py), preparing it and compiling the
first move, 0.24 s at 100k and 0.83 s at 1M once, is paid back by the moves' mean
saving within 20 moves at every size measured, 1M included (11.5 moves there; run
of 2026-12-07 21:17, README, "Share it"). 1M is the largest size measured, so the
limit stops there.
"""

from __future__ import annotations

from ..engine import portable_bytes

KERNELLESS_MAX_SAMPLES = 1_000_000


def fitted_trait(clusterer, limit: int = KERNELLESS_MAX_SAMPLES) -> dict:
    """The ``fitted`` trait value: ``{"scalars": {...}, "arrays": [bytes, ...]}``, or ``{}``."""
    if clusterer.n_samples > limit or clusterer.n_samples == 0:
        return {}
    scalars, buffers = portable_bytes(clusterer)
    return {"scalars": scalars, "arrays": buffers}
