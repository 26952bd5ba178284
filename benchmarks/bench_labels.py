"""Wrong labels found: hdbscope's label check against cleanlab's, in one run.

    python -m benchmarks.bench_labels [--seeds 5] [--cost-n 100000] [--quick]

Sets: scikit-learn's digits (1797 x 64) with 5%, 10% and 20% of the labels flipped,
uniformly (to any other class) and between look-alike classes (1<->7, 3<->8, 4<->9:
the flipped samples are drawn from those six classes), plus an embedding-like set
(benchmarks/_data.labelled_embeddings, 4000 x 256, 10% uniform flips). The noise rate
is a share of all samples, so "5%" is 90 wrong digits labels in both kinds.

Systems, each on the same noisy labels:
* hdbscope: ``Clusterer(X, labels=noisy).evaluate().label_disagreements`` at default
  parameters; time = the fit plus the check (the check alone in brackets);
* cleanlab ``Datalab(...).find_issues(features=X, issue_types={"label": {}})``;
* cleanlab ``find_label_issues(noisy, pred_probs)`` with 5-fold cross-validated
  ``KNeighborsClassifier(n_neighbors=10)`` probabilities.
Precision, recall and F1 of the flagged set against the planted wrong labels, mean over
seeds. Then the check's cost after the fit at --cost-n samples (median of 7).
Results: benchmarks/results/labels.json (--quick: results/quick/labels.json). Nothing asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from benchmarks._data import blobs_2d, labelled_embeddings
from benchmarks._report import machine_info

LOOK_ALIKE = {1: 7, 7: 1, 3: 8, 8: 3, 4: 9, 9: 4}
SYSTEMS = ("hdbscope", "cleanlab Datalab(features)", "cleanlab find_label_issues(CV kNN)")


def flip(y: np.ndarray, rate: float, kind: str, seed: int) -> np.ndarray:
    """y with round(rate * n) labels flipped: uniformly to another class, or to the look-alike."""
    rng = np.random.default_rng(seed)
    noisy, n, n_classes = y.copy(), len(y), int(y.max()) + 1
    m = int(round(rate * n))
    if kind == "uniform":
        idx = rng.choice(n, m, replace=False)
        noisy[idx] = (y[idx] + rng.integers(1, n_classes, m)) % n_classes
    else:
        idx = rng.choice(np.flatnonzero(np.isin(y, list(LOOK_ALIKE))), m, replace=False)
        noisy[idx] = [LOOK_ALIKE[v] for v in y[idx]]
    return noisy


def ours(X, noisy):
    from hdbscope import Clusterer

    t0 = time.perf_counter()
    c = Clusterer(X, labels=noisy)
    t1 = time.perf_counter()
    flagged = c.evaluate().label_check.is_disagreement
    t2 = time.perf_counter()
    return np.asarray(flagged), t2 - t0, t2 - t1


def datalab(X, noisy):
    from cleanlab import Datalab

    t0 = time.perf_counter()
    lab = Datalab(data={"label": noisy}, label_name="label", verbosity=0)
    lab.find_issues(features=np.asarray(X, dtype=np.float64), issue_types={"label": {}})
    flagged = lab.get_issues("label")["is_label_issue"].to_numpy()
    return flagged, time.perf_counter() - t0, None


def cv_knn(X, noisy):
    from cleanlab.filter import find_label_issues
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.neighbors import KNeighborsClassifier

    t0 = time.perf_counter()
    probs = cross_val_predict(
        KNeighborsClassifier(n_neighbors=10),
        X,
        noisy,
        method="predict_proba",
        cv=StratifiedKFold(5, shuffle=True, random_state=0),
    )
    flagged = find_label_issues(noisy, probs)
    return flagged, time.perf_counter() - t0, None


def scores(flagged, wrong) -> dict:
    tp = int((flagged & wrong).sum())
    p = tp / max(int(flagged.sum()), 1)
    r = tp / max(int(wrong.sum()), 1)
    return {"flagged": int(flagged.sum()), "precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-12)}


def sets(quick: bool):
    from sklearn.datasets import load_digits

    Xd, yd = load_digits(return_X_y=True)
    Xe, ye = labelled_embeddings()
    rates = (0.1,) if quick else (0.05, 0.1, 0.2)
    out = [("digits", kind, rate, Xd, yd) for kind in ("uniform", "look-alike") for rate in rates]
    return out + [("embedding-like 4000x256", "uniform", 0.1, Xe, ye)]


def compare(seeds: int, quick: bool) -> list[dict]:
    rows = []
    for name, kind, rate, X, y in sets(quick):
        per = {s: [] for s in SYSTEMS}
        for seed in range(seeds):
            noisy = flip(y, rate, kind, seed)
            wrong = noisy != y
            for system, run in zip(SYSTEMS, (ours, datalab, cv_knn)):
                flagged, seconds, check = run(X, noisy)
                per[system].append(
                    {
                        **scores(np.asarray(flagged, bool), wrong),
                        "seconds": seconds,
                        "check_seconds": check,
                        "wrong": int(wrong.sum()),
                    }
                )
        for system, runs in per.items():
            mean = {
                k: float(np.mean([r[k] for r in runs])) for k in ("flagged", "precision", "recall", "f1", "seconds")
            }
            if runs[0]["check_seconds"] is not None:
                mean["check_seconds"] = float(np.mean([r["check_seconds"] for r in runs]))
            rows.append(
                {
                    "set": name,
                    "noise": kind,
                    "rate": rate,
                    "wrong": runs[0]["wrong"],
                    "system": system,
                    "seeds": seeds,
                    **mean,
                    "f1_per_seed": [r["f1"] for r in runs],
                }
            )
            print(_line(rows[-1]), flush=True)
    return rows


def cost(n: int, repeats: int = 7) -> dict:
    """The check alone, after the fit. Labels: each sample's cluster at the defaults (noise as
    one more label) with 10% flipped at random, so neighbourhoods look like a real labelled
    set's. check_labels(edited) is what every relabel in the explorer costs."""
    from hdbscope import Clusterer

    X = blobs_2d(n, seed=1)
    y = Clusterer(X).evaluate().labels.copy()
    y = flip(y - y.min(), 0.1, "uniform", 0)
    c = Clusterer(X, labels=y)
    t = time.perf_counter()
    r = c.evaluate()
    _ = r.label_check  # first check: builds the voter graph once per fit, and votes
    first = time.perf_counter() - t
    times, cpu = [], []
    for k in range(repeats):
        edited = y.copy()
        edited[k::97] = (edited[k::97] + 1) % (y.max() + 1)
        t, c0 = time.perf_counter(), time.process_time()
        r.check_labels(edited)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c0)  # on a shared machine, wall time is mostly waiting
    t = time.perf_counter()
    _ = c.evaluate(min_cluster_size=r.min_cluster_size + 1).label_check  # given labels: vote reused
    reuse = time.perf_counter() - t
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    return {
        "n": n,
        "data": "blobs_2d",
        "k": c.neighbor_graph_k,
        "check_labels_median_s": float(np.median(times)),
        "check_labels_cpu_median_s": float(np.median(cpu)),
        "new_result_label_check_s": reuse,
        "first_label_check_s": first,
        "load_average": float(load),
    }


def _cost_line(c: dict) -> str:
    return (
        f"label check after the fit, {c['n']:,} samples ({c['data']}, k={c['k']}): check_labels(edited) "
        f"{1000 * c['check_labels_median_s']:.1f} ms wall, {1000 * c['check_labels_cpu_median_s']:.1f} ms CPU "
        f"(medians of 7); a new result's check of the given labels {1000 * c['new_result_label_check_s']:.1f} ms "
        f"(the vote is reused); the first check after the fit (builds the voter graph) "
        f"{1000 * c['first_label_check_s']:.1f} ms; load average {c['load_average']}"
    )


def _line(r: dict) -> str:
    t = f"{r['seconds']:.2f} s" + (f" (check {1000 * r['check_seconds']:.1f} ms)" if "check_seconds" in r else "")
    return (
        f"| {r['set']} | {r['noise']} {100 * r['rate']:.0f}% ({r['wrong']}) | {r['system']} | {r['flagged']:.0f} | "
        f"{r['precision']:.3f} | {r['recall']:.3f} | **{r['f1']:.3f}** | {t} |"
        if r["system"] == "hdbscope"
        else f"| {r['set']} | {r['noise']} {100 * r['rate']:.0f}% ({r['wrong']}) | {r['system']} | {r['flagged']:.0f} | "
        f"{r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {t} |"
    )


def verdict(rows: list[dict]) -> list[str]:
    out = []
    for key in sorted({(r["set"], r["noise"], r["rate"]) for r in rows}, key=str):
        group = [r for r in rows if (r["set"], r["noise"], r["rate"]) == key]
        us = next(r["f1"] for r in group if r["system"] == "hdbscope")
        best = max(r["f1"] for r in group if r["system"] != "hdbscope")
        out.append(
            f"{key[0]}, {key[1]} {100 * key[2]:.0f}%: F1 {us:.3f} vs cleanlab's best {best:.3f} -> "
            f"{'met' if us >= best else 'MISSED'}"
        )
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--cost-n", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="10%% noise only, 2 seeds, cost at 20k")
    ap.add_argument("--cost-only", action="store_true", help="only the cost; updates results/labels.json")
    a = ap.parse_args(argv)
    if a.cost_only:
        c = cost(a.cost_n)
        print(_cost_line(c))
        out = Path(__file__).parent / "results" / "labels.json"
        saved = json.loads(out.read_text()) if out.exists() else {"machine": machine_info()}
        out.write_text(json.dumps({**saved, "cost": c}, indent=1))
        print(f"saved {out}")
        return
    if a.quick:
        a.seeds, a.cost_n = 2, 20_000
    warnings.filterwarnings("ignore")  # cleanlab and sklearn chatter
    print("| set | noise (wrong labels) | system | flagged | precision | recall | F1 | time |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    rows = compare(a.seeds, a.quick)
    print()
    for line in verdict(rows):
        print(line)
    c = cost(a.cost_n)
    print("\n" + _cost_line(c))
    out = Path(__file__).parent / "results" / ("quick" if a.quick else "") / "labels.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": machine_info(),
                "date": dt.date.today().isoformat(),
                "argv": sys.argv[1:],
                "rows": rows,
                "cost": c,
                "verdict": verdict(rows),
            },
            indent=1,
        )
    )
    print(f"saved {out}")


if __name__ == "__main__":
    main()
