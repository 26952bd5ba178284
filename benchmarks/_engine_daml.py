"""bench_engine's "daml" section: daml 0.56.0, the walk-through's own system, run in its own
venv beside hdbscope (time and peak memory)."""

from __future__ import annotations

import os
import sys

from benchmarks import _report as R
from benchmarks import daml_anchor
from benchmarks._engine_jobs import BUSY, busy, get, run_job


def bench_daml(cfg, quick, raw):
    """Row 5: daml 0.56.0 (the walk-through's system) in its own venv, beside hdbscope."""
    rows, why = [], None
    venv_python = os.path.join(os.environ.get("HDBSCOPE_DAML_VENV", daml_anchor.DEFAULT_VENV), "bin", "python")
    if quick and not os.environ.get("HDBSCOPE_DAML_PYTHON") and not os.path.exists(venv_python):
        why = "skipped in --quick: daml venv not created yet (run once without --quick)"
    else:
        try:
            python = daml_anchor.ensure_daml_python(log=lambda s: print(s, file=sys.stderr, flush=True))
        except daml_anchor.DamlUnavailable as exc:
            why = f"daml unavailable: {exc}"
    raw["daml"] = {"unavailable": why} if why else {}
    for n in cfg["daml_ns"]:
        ours = run_job({"kind": "ours_memory_reextract", "dataset": "walkthrough_like", "n": n})
        cold = run_job({"kind": "ours_series", "items": [{"dataset": "walkthrough_like", "n": n}]})
        d = (
            {"error": why}
            if why
            else run_job({"kind": "daml_fit", "dataset": "walkthrough_like", "n": n}, python=python)
        )
        raw["daml"][str(n)] = {"ours": ours, "ours_cold": cold, "daml": d}
        dd = get(d, "delta_mib")
        rows.append(
            [
                f"{n:,} x 2",
                R.secs(get(ours, "total_s")),
                R.secs(get(cold, "items", 0, "cold_total_s")),
                R.secs(get(d, "total_s")),
                R.ratio(get(d, "total_s"), get(ours, "total_s"), "{:.0f}x"),
                R.mib(get(ours, "delta_mib")),
                R.mib(dd),
                R.mib(n * n * 8 / 2**20),
                "-" if isinstance(dd, str) else f"{dd * 2**20 / (n * n):.0f}",
                busy(ours, d),
            ]
        )
    notes = [
        "Both: Clusterer(X).evaluate() on the walk-through's 5 blobs (std 0.3) at N points;",
        "peak RSS - baseline in a fresh process. 'hdbscope time' is warm (JIT loaded first);",
        "'hdbscope cold' = a fresh process's import + first call. daml/hdbscope uses warm.",
        "daml 0.56.0 builds pdist + squareform(pdist) (an N x N float64 = 8 N^2 bytes) and",
        "N x N masks, so its memory grows at least as N^2; 'daml bytes / N^2' = its peak over N^2.",
        "hdbscope builds nothing N x N (its figure is within the noise of the baseline here).",
    ]
    if why:
        notes.insert(0, "daml NOT MEASURED -- " + why.replace("\n", "\n  "))
    print(
        R.table(
            "5. Against the walk-through's own system: daml==0.56.0",
            [
                "N x d",
                "hdbscope time",
                "hdbscope cold",
                "daml time",
                "daml/hdbscope",
                "hdbscope peak-base",
                "daml peak-base",
                "one N x N float64",
                "daml bytes / N^2",
                BUSY,
            ],
            rows,
            notes,
        )
    )
    print()
