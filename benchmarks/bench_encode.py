"""What one slider update costs the ClusterExplorer in the kernel: the time of
``_encode`` (result -> trait values) and the bytes of the one comm message it
sends, with the review panel closed and open, without and with labels.

    python -m benchmarks.bench_encode                   # N = 100k and 1M (the 1M fit takes ~1 min)
    python -m benchmarks.bench_encode --sizes 100000 --moves 5

No Jupyter: each explorer's comm is replaced by a recorder, and slider moves
arrive as the browser's update messages (``_handle_msg``), so the widget runs
its real update path. The Clusterer is fitted once per N and shared by the
four explorers of that N (closed/open x without/with labels). Moves use
distinct values per explorer, so no cache of an earlier move answers.
Data: benchmarks/_data.py ``blobs_2d`` (what bench_widget.py uses); labels:
a string per 30 x 30 cell of the plane (so some clusters span two labels).
A benchmark, not a test: it prints tables and asserts nothing. Results:
benchmarks/results/encode.json (other --sizes or --moves: results/quick/encode.json).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import time
from unittest import mock

import numpy as np

from benchmarks import _data
from benchmarks import _report as R

HERE = pathlib.Path(__file__).resolve().parent

TARGET_MS = 25.0  # _encode at 1M, panel closed, without labels


def cell_labels(X: np.ndarray) -> np.ndarray:
    cx = np.floor((X[:, 0] + 120) / 30).astype(int)
    cy = np.floor((X[:, 1] + 120) / 30).astype(int)
    names = np.array([f"cell {i}" for i in range(100)], dtype=object)
    return names[(cx * 10 + cy) % 100]


class Recorder:
    """Stands in for the comm: keeps every message's size (JSON + binary buffers)."""

    def __init__(self, widget):
        self.msgs: list[dict] = []
        widget.comm.kernel = object()  # ipywidgets only sends with a kernel
        widget.comm.publish_msg = self._publish

    def _publish(self, msg_type, data=None, metadata=None, buffers=None, **_):
        bufs = [memoryview(b).nbytes for b in (buffers or [])]
        paths = [".".join(map(str, p)) for p in (data or {}).get("buffer_paths", [])]
        self.msgs.append(
            {
                "json": len(json.dumps(data, default=str)),
                "buffers": dict(zip(paths, bufs)),
                "keys": sorted((data or {}).get("state", {})),
            }
        )

    def take(self) -> list[dict]:
        out, self.msgs = self.msgs, []
        return out


def browser_update(widget, state: dict) -> None:
    """What the front end sends when a slider moves (or the panel opens)."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": []}}, "buffers": []})


def timed_encode(widget, log: list) -> None:
    encode = widget._encode

    def wrapper(result):
        t = time.perf_counter()
        out = encode(result)
        log.append((time.perf_counter() - t) * 1e3)
        return out

    widget._encode = wrapper


def move_values(clusterer, k: int, salt: int) -> dict:
    """k distinct values per slider around the defaults (salt: a little different per explorer)."""
    m0 = clusterer.default_min_cluster_size
    mcs = [int(round(m0 * 1.15 ** (i + 1))) + salt for i in range(k)]
    lo, hi = clusterer.duplicate_threshold_range
    t0 = clusterer.default_duplicate_threshold
    grid = np.geomspace(max(lo, t0 / 4), min(hi, t0 * 4), k + 1)
    dts = [float(g) * (1 + 1e-3 * salt) for g in grid[1:]]
    return {"min_cluster_size": mcs, "duplicate_threshold": dts}


def sizes_of(msgs: list[dict]) -> tuple[int, int]:
    total = sum(m["json"] + sum(m["buffers"].values()) for m in msgs)
    queue = sum(v for m in msgs for p, v in m["buffers"].items() if p.startswith("queue"))
    return total, queue


def _median(per: list[dict], key: str):
    """Median of one column of the per-value rows; None when the column was not measured."""
    return statistics.median(p[key] for p in per) if per[0][key] is not None else None


def measure(X, clusterer, labels, panel_open: bool, k: int, salt: int) -> list[dict]:
    from hdbscope import ClusterExplorer
    from hdbscope.engine._result import ClusterResult
    from hdbscope.widget import _explorer

    with mock.patch.object(_explorer, "Clusterer", lambda data, min_samples=None: clusterer):
        w = ClusterExplorer(X, labels=labels)
    rec = Recorder(w)
    lazy = "review_open" in w.trait_names()
    rows = []
    enc: list[float] = []
    timed_encode(w, enc)
    check_ms: list[float] = []
    real_check = ClusterResult.check_label_codes  # what the review session calls for each new result

    def timed_check(self, *args, **kwargs):
        t = time.perf_counter()
        out = real_check(self, *args, **kwargs)
        check_ms.append((time.perf_counter() - t) * 1e3)
        return out

    panel = ("open" if panel_open else "closed") if lazy else "(always sent)"
    with mock.patch.object(ClusterResult, "check_label_codes", timed_check):
        if lazy and panel_open:
            t = time.perf_counter()
            browser_update(w, {"review_open": True})
            ms = (time.perf_counter() - t) * 1e3
            msgs = rec.take()
            total, queue = sizes_of(msgs)
            rows.append(
                {
                    "slider": "(panel opens)",
                    "encode_ms": ms,
                    "check_ms": None,
                    "bytes": total,
                    "queue_bytes": queue,
                    "messages": len(msgs),
                    "panel": panel,
                }
            )
        for slider, values in move_values(clusterer, k, salt).items():
            per = []
            for v in values:
                enc.clear(), check_ms.clear()
                browser_update(w, {slider: v})
                msgs = rec.take()
                total, queue = sizes_of(msgs)
                per.append(
                    {
                        "encode_ms": sum(enc),
                        "check_ms": sum(check_ms) if check_ms else None,
                        "bytes": total,
                        "queue_bytes": queue,
                        "messages": len(msgs),
                    }
                )
            rows.append(
                {
                    "slider": slider,
                    "encode_ms": _median(per, "encode_ms"),
                    "check_ms": _median(per, "check_ms"),
                    "bytes": _median(per, "bytes"),
                    "queue_bytes": _median(per, "queue_bytes"),
                    "messages": max(p["messages"] for p in per),
                    "panel": panel,
                }
            )
    w.close()
    return rows


def fmt_bytes(b) -> str:
    if b is None:
        return "-"
    return f"{b / 1e6:.2f} MB" if b >= 1e5 else f"{b / 1e3:.1f} kB"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated N (default 100k, 1M)")
    ap.add_argument("--moves", type=int, default=7, help="moves per slider and explorer (median reported)")
    a = ap.parse_args(argv)
    default_run = a.sizes == ap.get_default("sizes") and a.moves == ap.get_default("moves")
    from hdbscope import Clusterer

    print("\n".join(R.header_lines(R.machine_info())))
    rows = []
    for n in [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]:
        X = _data.blobs_2d(n, seed=0)
        t = time.perf_counter()
        clusterer = Clusterer(X)
        fit_s = time.perf_counter() - t
        r = clusterer.evaluate()
        print(
            f"N={n:,}: fit {fit_s:.1f} s; at the defaults {r.n_clusters} clusters, {r.n_outliers:,} outliers, "
            f"{r.n_potential_outliers:,} potential outliers, {r.n_duplicate_groups:,} + "
            f"{r.n_near_duplicate_groups:,} duplicate groups",
            flush=True,
        )
        labels = cell_labels(X)
        salt = 0
        for with_labels in (False, True):
            for panel_open in (False, True):
                for row in measure(X, clusterer, labels if with_labels else None, panel_open, a.moves, salt):
                    rows.append({"n": n, "labels": with_labels, **row})
                salt += 1
    out = []
    seen = set()
    for r in rows:
        key = (r["n"], r["labels"], r["panel"], r["slider"])
        if key in seen:  # an old widget without review_open: "open" repeats "closed"
            continue
        seen.add(key)
        target = r["n"] >= 1_000_000 and not r["labels"] and r["panel"] == "closed" and r["slider"] != "(panel opens)"
        out.append(
            [
                f"{r['n']:,}",
                "yes" if r["labels"] else "no",
                r["panel"],
                r["slider"],
                f"{r['encode_ms']:.1f}",
                "-" if r["check_ms"] is None else f"{r['check_ms']:.1f}",
                fmt_bytes(r["bytes"]),
                fmt_bytes(r["queue_bytes"]),
                r["messages"],
                f"<= {TARGET_MS:.0f}" if target else "",
                R.yes_no(r["encode_ms"] <= TARGET_MS and r["queue_bytes"] == 0) if target else "",
            ]
        )
    print()
    print(
        R.table(
            "One slider update in the kernel",
            [
                "N",
                "labels",
                "panel",
                "slider",
                "encode ms",
                "of which check_labels ms",
                "bytes sent",
                "of which queue",
                "messages",
                "target ms",
                "meets target",
            ],
            out,
            [
                "encode ms: ClusterExplorer._encode (median of the moves); check_labels: the engine's label check "
                "inside it (result.check_label_codes, as the review session calls it).",
                "bytes sent: the whole comm message of the update (JSON + binary buffers); queue: the review "
                "queue's buffers in it.",
                "(panel opens): the browser sets review_open; the time is the whole message handling, the bytes "
                "the one message that answers it.",
                "target: at 1M without labels and the panel closed, encode <= 25 ms and no queue bytes.",
            ],
        )
    )
    path = HERE / "results" / ("encode.json" if default_run else "quick/encode.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"machine": R.machine_info(), "rows": rows}, indent=1, default=str) + "\n")
    print(f"results written to {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
