"""The fitted state sent once to the browser, so a slider move is drawn there at
once (js/kernelless/preview.ts) while Python, told the value as before, keeps
``explorer.result`` and the traits true and sends the authoritative result.

Above ``KERNELLESS_MAX_SAMPLES`` the state is not sent and only the kernel
answers: sending it costs about 30 bytes per sample once (tree, forest and the
sample map; see engine/_portable.py), and a preview runs on the page's main
thread, O(n) per move. The limit is an estimate, not yet a measured crossover:
benchmarks/bench_kernelless.py measured 76-240 ms per preview at 100k samples
in Node on this 2-core machine under a load average of 15 (a plain loop ran
about 10x slower than usual), against the 30 ms target.
"""

from __future__ import annotations

from ..engine import portable_bytes

KERNELLESS_MAX_SAMPLES = 200_000


def fitted_trait(clusterer, limit: int = KERNELLESS_MAX_SAMPLES) -> dict:
    """The ``fitted`` trait value: ``{"scalars": {...}, "arrays": [bytes, ...]}``, or ``{}``."""
    if clusterer.n_samples > limit or clusterer.n_samples == 0:
        return {}
    scalars, buffers = portable_bytes(clusterer)
    return {"scalars": scalars, "arrays": buffers}
