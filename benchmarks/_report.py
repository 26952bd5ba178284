"""Machine header, fixed-width tables and number formatting for the benchmark report."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict:
    info = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "sched_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "versions": {
            d: _version(d)
            for d in (
                "hdbscope",
                "numpy",
                "scipy",
                "scikit-learn",
                "hdbscan",
                "fast_hdbscan",
                "numba",
                "pynndescent",
                "threadpoolctl",
            )
        },
        # OpenBLAS kernel overrides slow a current numpy; record them so timings can be read.
        "env": {
            k: os.environ[k]
            for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS", "NUMBA_NUM_THREADS")
            if k in os.environ
        },
    }
    try:
        with open("/proc/cpuinfo") as f:
            names = [ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")]
        info["cpu_model"] = names[0] if names else None
        with open("/proc/meminfo") as f:
            kib = int(next(ln for ln in f if ln.startswith("MemTotal")).split()[1])
        info["mem_total_gib"] = round(kib / 2**20, 1)
    except (OSError, StopIteration):
        pass
    try:
        import numpy  # noqa: F401  (so threadpoolctl sees numpy's BLAS)
        from threadpoolctl import threadpool_info

        info["blas"] = [
            {k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture", "filepath")}
            for p in threadpool_info()
        ]
    except ImportError:
        info["blas"] = "threadpoolctl not installed"
    return info


def header_lines(info: dict) -> list[str]:
    v = info["versions"]
    blas = info["blas"]
    if isinstance(blas, list):
        blas = (
            "; ".join(
                f"{b['internal_api']} {b['version']} ({b['num_threads']} threads, {b.get('architecture')})"
                for b in blas
            )
            or "none found"
        )
    return [
        f"machine : {info.get('cpu_model')} | cpus {info['cpu_count']} "
        f"(usable {info['sched_affinity']}) | RAM {info.get('mem_total_gib')} GiB",
        f"python  : {info['python']} on {info['platform']}",
        f"BLAS    : {blas}",
        "versions: " + ", ".join(f"{k} {val}" for k, val in v.items()),
        f"env     : {info['env'] or '(no BLAS/thread overrides set)'}",
    ]


def table(title: str, headers: list[str], rows: list[list], notes: list[str] = ()) -> str:
    """A markdown table padded to fixed width (reads as plain text too)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    out = [f"### {title}", "", line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in cells]
    out += [""] + [f"  {n}" for n in notes]
    return "\n".join(out)


def secs(x) -> str:
    """Seconds -> '12.3 ms' / '4.56 s'; passes through strings (skip/error reasons)."""
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    return f"{x * 1e3:.1f} ms" if x < 1.0 else f"{x:.2f} s"


def mib(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    if x >= 1024:
        return f"{x / 1024:.2f} GiB"
    return f"{x:.0f} MiB" if abs(x) >= 10 else f"{max(x, 0.0):.1f} MiB"


def ratio(a, b, fmt="{:.1f}x") -> str:
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or b == 0:
        return "-"
    return fmt.format(a / b)


def yes_no(ok) -> str:
    return "-" if ok is None else ("yes" if ok else "NO")


def write_result(name: str, quick: bool, payload: dict) -> str:
    """Write ``benchmarks/results/<name>.json`` (a quick run: ``results/quick/``); its path, for printing."""
    import json
    from pathlib import Path

    here = Path(__file__).resolve().parent
    out = here / "results" / ("quick" if quick else "") / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, indent=1) + "\n")
    return str(out.relative_to(here.parent))
