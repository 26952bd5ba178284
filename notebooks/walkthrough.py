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
# # Clusters, outliers and duplicates with hdbscope
#
# Labelling a dataset, or checking the labels it came with, takes time. Before
# spending it, it pays to ask the data a few questions:
#
# * Which samples group together?
# * Which samples sit apart from every group?
# * Which samples are copies, or almost copies, of each other?
#
# `hdbscope.Clusterer` answers all three in one go. It takes a two-dimensional
# array of shape `(n_samples, n_features)`, for example flattened images or,
# better, image embeddings with up to about a thousand features. It fits
# HDBSCAN once and reports four findings: **outliers**, **potential outliers**,
# **duplicates** and **near duplicates**.
#
# Typical moments to use it: a first look at a new dataset, a quality check of
# existing labels (does one class split into several clusters, or do two
# classes share one?), a list of odd samples to review, and duplicates that
# could leak between a training and a test split.
#
# This notebook uses 100 points in two dimensions, so every finding can be
# checked by eye on a plot.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import hdbscope
from hdbscope import Clusterer
from hdbscope.datasets import walkthrough_blobs

# %% [markdown]
# ## The data
#
# `walkthrough_blobs()` draws 100 points around five centres and returns them
# with the blob each point came from. Two duplicates are planted on purpose:
#
# * row 79 is an exact copy of row 24;
# * row 63 is row 58 moved by 0.00001, a copy that is not bit-identical.

# %% tags=["data"]
X, y = walkthrough_blobs()
print("X:", X.shape, X.dtype, "| blobs:", np.unique(y).tolist())
print("row 79 is bit-identical to row 24:", np.array_equal(X[79], X[24]))
print("row 63 - row 58:", X[63] - X[58])

# %% [markdown]
# Each point is coloured by its blob and labelled with its row number, so the
# row numbers the clusterer reports below can be found on the plot.

# %% tags=["blobs-plot"]
fig, ax = plt.subplots(figsize=(8, 6))
ax.scatter(X[:, 0], X[:, 1], c=y, cmap="tab10", vmin=0, vmax=9, s=50, alpha=0.5, linewidths=0)
for i, (px, py) in enumerate(X):
    ax.annotate(str(i), (px, py), textcoords="offset points", xytext=(0, 2), ha="center", fontsize=7)
ax.set_title("The starting blobs, coloured by the blob each point was drawn from")
plt.show()

# %% [markdown]
# ## Fitting
#
# `Clusterer(X)` does the expensive part once: it checks the input, collapses
# rows that are exact copies, builds the neighbour graph and the HDBSCAN tree.
# `min_samples` (how many neighbours make a point "dense") is fixed here; a
# different `min_samples` means a new `Clusterer`.
#
# The clusterer also derives its defaults from the data, so they follow the
# scale of your features.

# %% tags=["fit"]
t0 = time.perf_counter()
clusterer = Clusterer(X)
fit_ms = (time.perf_counter() - t0) * 1e3

print(f"fitted {clusterer.n_samples} samples x {clusterer.n_features} features in {fit_ms:.0f} ms")
print("neighbour graph / tree method:", clusterer.method)
print("min_samples (fixed at fit time):", clusterer.min_samples)
print("default min_cluster_size:       ", clusterer.default_min_cluster_size)
print("exact_threshold:                ", clusterer.exact_threshold)
print("default duplicate_threshold:    ", clusterer.default_duplicate_threshold)
print("duplicate_threshold range:      ", clusterer.duplicate_threshold_range)

# %% [markdown]
# ## The four findings
#
# `evaluate()` turns the fit into findings. With no arguments it uses the
# defaults printed above.

# %% tags=["evaluate"]
results = clusterer.evaluate()

# %% [markdown]
# The result behaves like a read-only dictionary with four keys. The loop below
# prints each key, how many items it holds, and the items themselves.
# `outliers` and `potential_outliers` are lists of row numbers; `duplicates`
# and `near_duplicates` are lists of groups, each group a list of row numbers.

# %% tags=["findings-loop"]
for category, finding in results.items():
    print(f"\t{category} - {len(finding)}")
    print(finding)

# %% [markdown]
# Both planted pairs come back as duplicates, `[24, 79]` and `[58, 63]`: the
# 1e-5 shift of row 63 is well below `exact_threshold` (printed above).
#
# ### What each finding means
#
# | finding | rule |
# | --- | --- |
# | `outliers` | HDBSCAN (excess-of-mass clusters) runs on the distinct rows. A sample it labels noise (`-1`), that is, one that belongs to no cluster of at least `min_cluster_size` points, is an outlier. |
# | `potential_outliers` | Samples HDBSCAN did put in a cluster, but whose GLOSH outlier score is at least `outlier_threshold`. By default that is the score of the 2% most outlying clustered samples, so the list means the same at a hundred points and at a million; move `outlier_threshold` to see more or fewer. |
# | `duplicates` | Groups of samples within `exact_threshold` of each other. Bit-identical rows always count. The threshold is 2e-4 times the median non-zero nearest-neighbour distance, so tiny numerical differences (such as the 1e-5 above) still count as copies, while random data puts no pair that close by chance. |
# | `near_duplicates` | Groups of samples joined by links no longer than `duplicate_threshold`. Its default is small enough that chance alone would put only about 0.01% of random samples in a group (in 2-D, 0.015 times the median nearest-neighbour distance): a near duplicate is a finding, not a coincidence. Links chain: if A is near B and B is near C, all three form one group. A group that is just one exact-duplicate group is not repeated here. |
#
# The per-sample arrays behind the lists let us check these rules on this data.

# %% tags=["check-outliers"]
noise = results.labels == -1
print("outliers are exactly the samples labelled -1:", results["outliers"] == np.flatnonzero(noise).tolist())

print(f"outlier_threshold (the 2% rule on this data): {results.outlier_threshold:.3f}")
for i in results["potential_outliers"]:
    print(f"  potential outlier {i:3d}: cluster {results.labels[i]}, score {results.outlier_scores[i]:.3f}")


# %% tags=["check-duplicates"]
def widest_gap(group):
    """Largest distance between two members of a group (groups are small)."""
    pts = X[group]
    return max(np.linalg.norm(a - b) for a in pts for b in pts)


print(f"exact_threshold = {results.exact_threshold:.3g}")
for group in results["duplicates"]:
    print(f"  duplicates {group}: widest gap {widest_gap(group):.3g}")

print(f"duplicate_threshold = {results.duplicate_threshold:.3g}")
for group in results["near_duplicates"]:
    print(f"  near duplicates {group}: widest gap {widest_gap(group):.3g}")

# %% [markdown]
# The same findings on a plot: points coloured by the cluster HDBSCAN found,
# outliers as black crosses, potential outliers ringed in red, members of a
# duplicate group in blue squares and members of a near-duplicate group in
# orange diamonds. The members of a group are so close that they sit on top of
# each other at this scale.

# %% tags=["findings-plot"]
fig, ax = plt.subplots(figsize=(8, 6))
clustered = results.labels >= 0
ax.scatter(
    X[clustered, 0],
    X[clustered, 1],
    c=results.labels[clustered],
    cmap="tab10",
    vmin=0,
    vmax=9,
    s=50,
    alpha=0.5,
    linewidths=0,
)
ax.scatter(X[results.is_outlier, 0], X[results.is_outlier, 1], marker="x", c="black", s=60, label="outliers")
ax.scatter(
    X[results.is_potential_outlier, 0],
    X[results.is_potential_outlier, 1],
    facecolors="none",
    edgecolors="red",
    s=160,
    label="potential outliers",
)
for groups, marker, colour, name in [
    (results.duplicate_group, "s", "tab:blue", "duplicates"),
    (results.near_duplicate_group, "D", "tab:orange", "near duplicates"),
]:
    members = groups >= 0
    ax.scatter(
        X[members, 0],
        X[members, 1],
        marker=marker,
        facecolors="none",
        edgecolors=colour,
        s=220,
        linewidths=2,
        label=name,
    )
for i, (px, py) in enumerate(X):
    ax.annotate(str(i), (px, py), textcoords="offset points", xytext=(0, 2), ha="center", fontsize=7)
ax.set_title(f"{results.n_clusters} clusters at min_cluster_size={results.min_cluster_size}")
ax.legend(loc="best")
plt.show()

# %% [markdown]
# ## One row per sample
#
# `to_frame()` gives the same information as a pandas DataFrame, which is handy
# for filtering, joining with file names or labels, and saving.

# %% tags=["frame"]
frame = results.to_frame()
frame.head(10)

# %% tags=["frame-filter"]
frame[frame.is_outlier | frame.is_potential_outlier]

# %% [markdown]
# And `summary()` gives the counts in a few lines of text.

# %% tags=["summary"]
print(results.summary())

# %% [markdown]
# ## Changing the parameters is cheap
#
# Three parameters shape the findings, and none needs a new fit:
#
# * `min_cluster_size`: the smallest group that counts as a cluster. Larger
#   values merge small groups or turn them into noise.
# * `duplicate_threshold`: how close two samples must be to count as near
#   duplicates.
# * `outlier_threshold`: the GLOSH score from which a clustered sample is a
#   potential outlier (a cut in [0, 1]; moving it only compares stored scores).
#
# `evaluate()` re-reads the tree built at fit time, and remembers recent
# answers, so trying many values is fast. Compare the times below with the fit
# time printed earlier; the gap matters most on large datasets.

# %% tags=["sweep-min-cluster-size"]
rows = []
for m in [5, 8, 10, 15, 20, 30]:
    t0 = time.perf_counter()
    r = clusterer.evaluate(min_cluster_size=m)
    rows.append(
        {
            "min_cluster_size": m,
            "clusters": r.n_clusters,
            "outliers": len(r["outliers"]),
            "potential_outliers": len(r["potential_outliers"]),
            "ms": round((time.perf_counter() - t0) * 1e3, 2),
        }
    )
pd.DataFrame(rows)

# %% [markdown]
# Each blob here holds 20 points. Once `min_cluster_size` approaches that
# size, a blob can no longer stand as a cluster of its own: blobs merge, or
# their points become noise.

# %% tags=["sweep-duplicate-threshold"]
low, high = clusterer.duplicate_threshold_range
rows = []
for t in np.geomspace(low, high, 6):
    t0 = time.perf_counter()
    r = clusterer.evaluate(duplicate_threshold=t)
    rows.append(
        {
            "duplicate_threshold": float(t),
            "duplicate groups": len(r["duplicates"]),
            "near-duplicate groups": len(r["near_duplicates"]),
            "samples in near-duplicate groups": sum(len(g) for g in r["near_duplicates"]),
            "ms": round((time.perf_counter() - t0) * 1e3, 2),
        }
    )
pd.DataFrame(rows)

# %% [markdown]
# The exact duplicates do not move with `duplicate_threshold`: they depend only
# on `exact_threshold`. Near-duplicate groups appear, and grow in number and
# size, as the threshold rises; the top of the range is deliberately loose.
#
# %% tags=["sweep-outlier-threshold"]
rows = []
for cut in [0.3, 0.5, results.outlier_threshold, 0.8, 0.95]:
    r = clusterer.evaluate(outlier_threshold=float(cut))
    rows.append({"outlier_threshold": round(float(cut), 3), "potential_outliers": len(r["potential_outliers"])})
pd.DataFrame(rows)

# %% [markdown]
# A lower `outlier_threshold` flags more clustered samples; the default (the
# third row) flags the 2% most outlying ones.
#
# ## Exploring interactively
#
# `hdbscope.ClusterExplorer` shows the same findings as an interactive scatter
# plot in the notebook, with sliders for `min_cluster_size`, `duplicate_threshold`
# and `outlier_threshold`. Passing the labels you already have (here, the blob of
# each point) lets you compare them with the clusters the data forms on its own,
# and passing the `clusterer` fitted above saves fitting the same data again.

# %% tags=["explorer"]
explorer = hdbscope.ClusterExplorer(X, labels=y, clusterer=clusterer)
explorer

# %% [markdown]
# ## On your own data
#
# * Pass any `(n_samples, n_features)` array: a NumPy array of any real dtype, a
#   numeric DataFrame, a list of lists or a memory-mapped file.
# * For images, flatten them (`images.reshape(len(images), -1)`) or, better, use
#   embeddings from a model.
# * For embeddings compared by angle, use `Clusterer(embeddings, metric="cosine")`.

# %% [markdown]
# ## Share it
#
# The explorer above needs this notebook's kernel. `save_html` writes the same
# explorer as one self-contained HTML file next to this notebook. Send it to a
# colleague or put it on a course page: it opens from disk in any browser, with
# no Python, no Jupyter and no network, and its sliders still re-cluster (the
# page carries the fitted tree and re-extracts in the browser, with the findings
# `evaluate()` gives). The README's "Share it" section has the details.

# %% tags=["save-page"]
page = explorer.save_html("walkthrough.html")
print(f"saved {page.name}: {page.stat().st_size / 1e6:.2f} MB, {explorer.n_samples:,} samples")
