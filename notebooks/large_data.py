# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 150,000 points: fit once, then explore
#
# hdbscope does the expensive work once, when it fits: the neighbour graph and
# the HDBSCAN tree. Every later question (another `min_cluster_size`, another
# `duplicate_threshold`, a whole sweep over `min_cluster_size`) is answered from
# that cached tree. That is what keeps the explorer's sliders live on large
# data. This notebook times each step on 150,000 points and then opens the
# explorer with its charts.
#
# The times printed below are from the machine that ran the notebook; expect
# a few seconds for the fit and milliseconds for each re-extraction.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import hdbscope
from hdbscope.dashboard import dashboard

# %% [markdown]
# ## The data
#
# 150,000 points in two dimensions: 20 gaussian blobs of different spreads,
# 2% uniform background noise, and a few hundred planted copies (bit-identical
# rows and rows moved by a tiny amount), so there are duplicates to find.


# %% tags=["data"]
def make_data(n=150_000, n_blobs=20, seed=0):
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-100, 100, size=(n_blobs, 2))
    spreads = rng.uniform(1.0, 5.0, size=n_blobs)
    n_noise = n // 50
    which = rng.integers(0, n_blobs, size=n - n_noise)
    X = np.vstack(
        [
            centers[which] + rng.normal(size=(n - n_noise, 2)) * spreads[which, None],
            rng.uniform(-120, 120, size=(n_noise, 2)),
        ]
    )
    source, target = rng.choice(n, size=(2, 600), replace=False)
    X[target[:300]] = X[source[:300]]  # exact copies
    X[target[300:]] = X[source[300:]] + rng.normal(scale=1e-4, size=(300, 2))  # near copies
    return X[rng.permutation(n)]


X = make_data()
print("X:", X.shape, X.dtype)

# %% [markdown]
# ## Fitting
#
# `ClusterExplorer(X)` fits a `Clusterer` (checks the input, collapses exact
# copies, builds the neighbour graph and the tree), evaluates the defaults and
# prepares the 2-D positions for the scatter. Its clusterer is
# `explorer.clusterer`; everything below reuses it, so the data is fitted once.

# %% tags=["fit"]
t0 = time.perf_counter()
explorer = hdbscope.ClusterExplorer(X)
fit_s = time.perf_counter() - t0
clusterer = explorer.clusterer

print(f"fitted {clusterer.n_samples:,} samples x {clusterer.n_features} features in {fit_s:.1f} s ({clusterer.method})")
print(explorer.result.summary())

# %% [markdown]
# ## Re-extracting is cheap
#
# Each new `min_cluster_size` re-reads the cached tree. The values below have
# not been asked for before, so nothing comes from the clusterer's memo.

# %% tags=["evaluate-timing"]
rows = []
for m in [25, 50, 200, 400, 1000, 3000]:
    t0 = time.perf_counter()
    r = clusterer.evaluate(min_cluster_size=m)
    rows.append(
        {
            "min_cluster_size": m,
            "clusters": r.n_clusters,
            "outliers": r.n_outliers,
            "ms": round((time.perf_counter() - t0) * 1e3, 1),
        }
    )
evaluations = pd.DataFrame(rows)
print(f"median: {evaluations.ms.median():.1f} ms per new min_cluster_size (the fit took {fit_s * 1e3:,.0f} ms)")
evaluations

# %% [markdown]
# ## A sweep over `min_cluster_size`
#
# `sweep()` re-extracts about 60 values spread over the slider's whole range,
# 2 to n/2, and counts clusters and outliers for each. This is the curve the
# dashboard's first chart draws.

# %% tags=["sweep"]
t0 = time.perf_counter()
sweep = clusterer.sweep()
sweep_s = time.perf_counter() - t0
print(
    f"{len(sweep)} values of min_cluster_size from {sweep.min_cluster_size.min()} "
    f"to {sweep.min_cluster_size.max():,} in {sweep_s:.2f} s"
)
sweep.iloc[::6]

# %% [markdown]
# Small values split the blobs into many small clusters; past several thousand
# points the blobs themselves are too small to count as clusters, and at the
# top of the range everything is noise. In between, the count stays flat from
# about 100 to 6,000: 18 clusters (two pairs of the 20 blobs overlap). A long
# flat stretch is where the answer does not hinge on the exact value.

# %% tags=["sweep-plot"]
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(sweep.min_cluster_size, sweep.n_clusters.where(sweep.n_clusters > 0), "o-", ms=3, label="clusters")
ax.set(xscale="log", yscale="log", xlabel="min_cluster_size", ylabel="clusters")
share = ax.twinx()
share.plot(sweep.min_cluster_size, 100 * sweep.outlier_fraction, "--", color="grey", label="% outliers")
share.set_ylabel("% outliers")
ax.set_title("Clusters and outliers against min_cluster_size")
plt.show()

# %% [markdown]
# ## The dashboard
#
# `dashboard(explorer)` shows the explorer with four charts linked to it:
#
# * **Parameter sweep**: the curve above. The black line marks the current
#   `min_cluster_size`; click anywhere on the chart to move the slider there.
# * **Nearest-neighbour distances**: for every sample, the distance to its
#   nearest distinct sample, on a log axis. The dashed magenta line is
#   `exact_threshold`, the orange line `duplicate_threshold`; click to move the
#   orange line (within the slider's range).
# * **Outlier scores**: the GLOSH scores of the current result, noise in grey
#   and clustered samples in blue. The black line is `outlier_threshold`: the
#   clustered samples right of it are the potential outliers. Click to move it.
# * **Cluster sizes**, largest first, in the scatter's colours (noise in grey).
#   Click a bar to select that cluster's samples.

# %% tags=["dashboard"]
dash = dashboard(explorer)
dash

# %% [markdown]
# The charts follow the explorer whichever side moves it. Setting a value from
# Python, as a slider or a click on the chart would, updates the scatter and
# the charts' titles; selecting the largest bar selects that cluster.

# %% tags=["follow"]
explorer.min_cluster_size = 400
print("sweep chart:  ", dash.sweep.figure.title)
print("sizes chart:  ", dash.sizes.figure.title)

dash.sizes.select_bar(0)  # what a click on the first (largest) bar does
largest = int(dash.sizes.sizes[0])
print(f"selected {len(explorer.selected):,} samples: the largest cluster has {largest:,}")

# %% [markdown]
# ## Potential outliers
#
# A potential outlier is a clustered sample whose outlier score is at least
# `outlier_threshold`. By default the cut flags the 2% most outlying clustered
# samples, so the list is as short here as on a few hundred points (an older
# rule flagged three quarters of a million points). The cut is the explorer's
# third slider and the line on the outlier-score chart; moving it compares
# stored scores and re-extracts nothing.

# %% tags=["outlier-cut"]
r = explorer.result
clustered = int((r.labels >= 0).sum())
print(
    f"default outlier_threshold {r.outlier_threshold:.3f}: {r.n_potential_outliers:,} potential outliers "
    f"of {clustered:,} clustered samples ({100 * r.n_potential_outliers / clustered:.1f}%)"
)
dash.scores.click(0.9)  # what a click on the outlier-score chart at 0.9 does
print("explorer.outlier_threshold:", explorer.outlier_threshold)
print("scores chart: ", dash.scores.figure.title)

# %% [markdown]
# ## What travels to the browser
#
# The scatter receives positions (8 bytes per point), labels (4 bytes) and
# flags (1 byte) as binary buffers, about 2 MB here, once; a slider move sends
# the new labels, flags and duplicate links, never the positions again. The
# charts receive only their bins and bars: the histogram is counted in Python,
# never sent sample by sample.
#
# Up to 1,000,000 samples the explorer also receives the fitted tree once (about
# 30 bytes per sample, 4.5 MB here), so a slider move is drawn in the browser at
# once while Python's answer follows.
#
# ## Share it
#
# `save_html` writes the explorer (not the dashboard's charts) as one HTML file
# next to this notebook: it opens from disk in any browser with no kernel, and
# its sliders re-cluster in the page. A page costs about 60 bytes per sample
# (`python -m benchmarks.bench_page_size`), so these 150,000 points make one of
# about 8 MB.

# %% tags=["save-page"]
page = explorer.save_html("large_data.html")
print(f"saved {page.name}: {page.stat().st_size / 1e6:.2f} MB, {explorer.n_samples:,} samples")
