"""bench_engine's section 3: fitting, duplicates included, cold and warm, against hdbscan
and fast_hdbscan."""

from __future__ import annotations

from benchmarks import _report as R
from benchmarks._engine_jobs import BUSY, busy, get, meets, run_job


def bench_fit(cfg, quick, slow, raw):
    """Row 3: fitting, with duplicates; cold (fresh process) and warm."""
    n2, hs, hl = cfg["small"], cfg["hd_small"], cfg["hd_large"]
    emb = "embedding_like"
    ours_2d = run_job({"kind": "ours_series", "items": [{"dataset": "blobs_2d", "n": n2, "warm_repeats": 2}]})
    ours_hd = run_job({"kind": "ours_series", "items": [{"dataset": emb, "n": hl}, {"dataset": emb, "n": hs}]})
    if quick:
        fast = {"error": "skipped in --quick (numba compile ~1 min)"}
    else:
        fast = run_job(
            {
                "kind": "fast_hdbscan_series",
                "min_cluster_size": 100,
                "items": [
                    {"dataset": emb, "n": hl},
                    {"dataset": emb, "n": hs, "warm_repeats": 2},
                    {"dataset": "blobs_2d", "n": n2, "warm_repeats": 2},
                ],
            }
        )
    hdb_2d = raw.get(f"reextract_{n2}", {}).get("hdbscan") or run_job(
        {"kind": "hdbscan_fit_reextract", "dataset": "blobs_2d", "n": n2, "min_cluster_size": 100}
    )
    if slow:
        hdb_hd = run_job({"kind": "hdbscan_fit_reextract", "dataset": emb, "n": hs, "min_cluster_size": 100})
    else:
        hdb_hd = {"error": "skipped (~48 s; --with-slow-anchors)"}
    raw["fit"] = {
        "ours_2d": ours_2d,
        "ours_hd": ours_hd,
        "fast_hdbscan": fast,
        "hdbscan_2d": hdb_2d,
        "hdbscan_hd": hdb_hd,
    }

    def item(res, i, key):
        return get(res, "items", i, key) if "error" not in res else get(res)

    def split(res, i, which):
        if "error" in res:
            return ""
        rec = res["items"][i]
        p = rec[which]
        imp = f"import {R.secs(rec['import_s'])} + " if which == "cold_parts" else ""
        return f"{imp}fit {R.secs(p['fit_s'])} + eval {R.secs(p['eval_s'])}" if p else ""

    ow2, oc2 = item(ours_2d, 0, "warm_total_s"), item(ours_2d, 0, "cold_total_s")
    owh, och = item(ours_hd, 0, "warm_total_s"), item(ours_hd, 0, "cold_total_s")
    ows = item(ours_hd, 1, "warm_total_s")
    fw2, fws = item(fast, 2, "warm_total_s"), item(fast, 1, "warm_total_s")
    fwh, fch = item(fast, 0, "warm_total_s"), item(fast, 0, "cold_total_s")
    h2 = get(hdb_2d, "fit_s")
    hhd = get(hdb_hd, "fit_s")
    q = (lambda ok: "-") if quick else R.yes_no
    r2 = ow2 / h2 if isinstance(ow2, float) and isinstance(h2, float) else None
    rows = [
        [
            f"{n2:,} x 2 warm",
            R.secs(ow2),
            split(ours_2d, 0, "warm_parts"),
            "hdbscan.fit",
            R.secs(h2),
            R.ratio(ow2, h2, "{:.2f}x"),
            "<= 1.3x hdbscan",
            q(None if r2 is None else r2 <= 1.3),
            busy(ours_2d, hdb_2d),
        ],
        [
            f"{n2:,} x 2 warm",
            R.secs(ow2),
            "",
            "fast_hdbscan warm",
            R.secs(fw2),
            R.ratio(ow2, fw2, "{:.2f}x"),
            "-",
            "-",
            busy(ours_2d, fast),
        ],
        [
            f"{hs:,} x 256 warm",
            R.secs(ows),
            split(ours_hd, 1, "warm_parts"),
            "hdbscan.fit",
            R.secs(hhd),
            R.ratio(ows, hhd, "{:.2f}x"),
            "<= 3 s",
            q(meets(ows, 3.0)),
            busy(ours_hd, hdb_hd),
        ],
        [
            f"{hs:,} x 256 warm",
            R.secs(ows),
            "",
            "fast_hdbscan warm",
            R.secs(fws),
            R.ratio(ows, fws, "{:.2f}x"),
            "-",
            "-",
            busy(ours_hd, fast),
        ],
        [
            f"{hl:,} x 256 cold",
            R.secs(och),
            split(ours_hd, 0, "cold_parts"),
            "fast_hdbscan cold",
            R.secs(fch),
            R.ratio(och, fch, "{:.2f}x"),
            "<= 20 s",
            q(meets(och, 20.0)),
            busy(ours_hd, fast),
        ],
        [
            f"{hl:,} x 256 warm",
            R.secs(owh),
            split(ours_hd, 0, "warm_parts"),
            "fast_hdbscan warm",
            R.secs(fwh),
            R.ratio(owh, fwh, "{:.2f}x"),
            "-",
            "-",
            busy(ours_hd, fast),
        ],
        [
            f"{n2:,} x 2 cold/warm",
            R.ratio(oc2, ow2, "{:.2f}x"),
            f"cold {R.secs(oc2)} / warm {R.secs(ow2)}",
            "-",
            "-",
            "-",
            "<= 2x",
            q(None if not isinstance(oc2, float) else oc2 / ow2 <= 2),
            busy(ours_2d),
        ],
        [
            f"{hl:,} x 256 cold/warm",
            R.ratio(och, owh, "{:.2f}x"),
            f"cold {R.secs(och)} / warm {R.secs(owh)}",
            "fast_hdbscan cold/warm",
            R.ratio(fch, fwh, "{:.2f}x"),
            "-",
            "<= 2x",
            q(None if not isinstance(och, float) else och / owh <= 2),
            busy(ours_hd, fast),
        ],
    ]
    method = "" if "error" in ours_hd else ours_hd["items"][0]["warm_parts"]["method"]
    print(
        R.table(
            "3. Fitting, duplicates included (min_samples=5, min_cluster_size=100 for the anchors)",
            [
                "case",
                "hdbscope",
                "hdbscope split",
                "anchor",
                "anchor figure",
                "ours/anchor",
                "target",
                "meets target",
                BUSY,
            ],
            rows,
            [
                "hdbscope = Clusterer(X).evaluate() (fit + first full result, GLOSH and duplicates);",
                "hdbscan = HDBSCAN(...).fit(X) only (its GLOSH is lazy, not included);",
                "fast_hdbscan = HDBSCAN(...).fit(X) (>30-d data goes through pynndescent, approximate).",
                "cold = fresh process, clock started before the import (includes JIT/cache loading).",
                f"hdbscope method at 256-d: {method}",
            ],
        )
    )
    print()
