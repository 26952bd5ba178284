"""bench_engine's section 5: wide float32 data at scale (issue 12's targets), with
fast_hdbscan beside it in the same run (hdbscan's exact fit takes hours at these sizes;
it is the anchor of section 3 at 20k x 256)."""

from __future__ import annotations

from benchmarks import _report as R

EMB = "embedding_like"
FULL = {"wide": (200_000, 512), "mid": (100_000, 256), "big": (1_000_000, 256)}
QUICK = {"wide": (20_000, 512), "mid": (10_000, 256), "big": (40_000, 256)}


def bench_scale(run_job, busy, quick: bool, raw: dict, with_big: bool = True) -> None:
    cfg = QUICK if quick else FULL
    ours = {}
    for key, (n, d) in cfg.items():
        if key == "big" and not with_big:
            ours[key] = {"error": "skipped (--no-big)"}
            continue
        ours[key] = run_job(
            {"kind": "ours_wide_fit", "dataset": EMB, "n": n, "data_kw": {"dim": d}, "warm": key != "big"}
        )
    # fast_hdbscan beside every size, in one process: the first item cold (it compiles), all warm
    anchored = [key for key in cfg if key != "big" or with_big]
    fast = run_job(
        {
            "kind": "fast_hdbscan_series",
            "min_cluster_size": 100,
            "items": [{"dataset": EMB, "n": cfg[k][0], "data_kw": {"dim": cfg[k][1]}} for k in anchored],
        }
    )
    quality = run_job({"kind": "wide_quality"})
    raw["scale"] = {"ours": ours, "fast_hdbscan": fast, "quality": quality}

    def num(res, key):
        return res.get(key) if "error" not in res else None

    q = (lambda ok: "-") if quick else R.yes_no
    rows = []
    targets = {"wide": (15.0, 2048.0), "mid": (5.0, None), "big": (120.0, 4096.0)}
    for key, (n, d) in cfg.items():
        res = ours[key]
        cold, warm, peak = num(res, "cold_s"), num(res, "warm_s"), num(res, "peak_above_data_mib")
        t_lim, m_lim = targets[key]
        ok_t = None if cold is None else cold <= t_lim
        ok_m = None if (peak is None or m_lim is None) else peak <= m_lim
        ok_r = None if (cold is None or warm is None) else cold <= 2 * warm
        rows.append(
            [
                f"{n:,} x {d} float32",
                R.secs(cold) if cold is not None else "error: " + res.get("error", "")[:50],
                R.secs(warm) if warm is not None else "-",
                "-" if peak is None else f"{peak:,.0f} MiB",
                f"<= {t_lim:.0f} s fresh"
                + ("" if m_lim is None else f", <= {m_lim / 1024:.0f} GiB")
                + ", fresh <= 2x warm",
                q(None if ok_t is None else (ok_t and ok_m is not False and ok_r is not False)),
                busy(res),
            ]
        )
    for key, fw in zip(anchored, fast["items"] if "error" not in fast else [{}] * len(anchored)):
        n, d = cfg[key]
        cold = fw.get("cold_total_s")
        rows.append(
            [
                f"{n:,} x {d} float32",
                ("fast_hdbscan error" if not fw else "-" if cold is None else f"fast_hdbscan {R.secs(cold)}"),
                f"fast_hdbscan {R.secs(fw.get('warm_total_s'))}" if fw else "-",
                "-",
                "anchor",
                "-",
                busy(fast),
            ]
        )
    method = ours["wide"].get("method", "")
    print(
        R.table(
            "5. Wide float32 data at scale (issue 12): fresh process and warm, peak memory above the data",
            [
                "data",
                "fresh process (import + fit + evaluate)",
                "warm",
                "peak RSS above data",
                "target",
                "meets",
                "others' CPU",
            ],
            rows,
            [
                "hdbscope = Clusterer(X).evaluate(); fresh = new process, numba's on-disk cache primed (as an install does).",
                "fast_hdbscan = HDBSCAN(min_cluster_size=100, min_samples=5).fit(X), its cold figure (first size only) "
                "includes its JIT compile.",
                f"hdbscope method: {method}",
            ],
        )
    )
    print()
    qrows = []
    if "error" in quality:
        qrows.append(["error", quality["error"][:80], "", "", ""])
    else:
        for name, rec in quality.items():
            if name.startswith("_"):
                continue
            for mcs in ("default", 20):
                r = rec[f"mcs={mcs}"]
                ok = r["ari"] >= 0.99 and r["noise_agreement"] >= 0.99
                qrows.append(
                    [
                        name,
                        str(mcs),
                        f"{r['ari']:.4f}",
                        f"{100 * r['noise_agreement']:.2f}%",
                        f"{r['clusters_exact']} / {r['clusters_fast']}",
                        R.yes_no(ok),
                    ]
                )
    print(
        R.table(
            "6. Quality on wide data: the fast path (faiss neighbours, Boruvka tree) against the exact method",
            ["data", "min_cluster_size", "ARI", "noise agreement", "clusters exact / fast", "ARI >= 0.99 and >= 99%"],
            qrows,
            ["exact = brute-force neighbours + Prim's spanning tree; fast = what large wide data gets."],
        )
    )
    print()
