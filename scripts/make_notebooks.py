"""Write the tutorial notebooks in notebooks/ from the text below.

    python scripts/make_notebooks.py          # (re)write notebooks/*.ipynb
    python scripts/make_notebooks.py --check  # exit 1 if a notebook differs

The notebooks are saved without outputs. Keeping their text here keeps it
reviewable in diffs; tests/test_notebooks.py checks that the saved notebooks
match this script and runs them. Cells that tests look at carry a tag.
"""
from __future__ import annotations

import argparse
import pathlib
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def _notebook(name: str, cells: list[tuple[str, str, list[str]]]) -> nbformat.NotebookNode:
    """Build a notebook with stable cell ids (name-NN), so regenerating gives the same file."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
    }
    for i, (kind, source, tags) in enumerate(cells, start=1):
        source = source.strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
        cell.id = f"{name}-{i:02d}"
        if tags:
            cell.metadata["tags"] = list(tags)
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def md(text: str, *tags: str):
    return ("md", text, list(tags))


def code(text: str, *tags: str):
    return ("code", text, list(tags))


def walkthrough() -> nbformat.NotebookNode:
    return _notebook("walkthrough", [
        md("""
# Clusters, outliers and duplicates with hdbscope

Labelling a dataset, or checking the labels it came with, takes time. Before
spending it, it pays to ask the data a few questions:

* Which samples group together?
* Which samples sit apart from every group?
* Which samples are copies, or almost copies, of each other?

`hdbscope.Clusterer` answers all three in one go. It takes a two-dimensional
array of shape `(n_samples, n_features)`, for example flattened images or,
better, image embeddings with up to about a thousand features. It fits
HDBSCAN once and reports four findings: **outliers**, **potential outliers**,
**duplicates** and **near duplicates**.

Typical moments to use it: a first look at a new dataset, a quality check of
existing labels (does one class split into several clusters, or do two
classes share one?), a list of odd samples to review, and duplicates that
could leak between a training and a test split.

This notebook uses 100 points in two dimensions, so every finding can be
checked by eye on a plot.
"""),
        code("""
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import hdbscope
from hdbscope import Clusterer
from hdbscope.datasets import walkthrough_blobs
"""),
        md("""
## The data

`walkthrough_blobs()` draws 100 points around five centres and returns them
with the blob each point came from. Two duplicates are planted on purpose:

* row 79 is an exact copy of row 24;
* row 63 is row 58 moved by 0.00001, a copy that is not bit-identical.
"""),
        code("""
X, y = walkthrough_blobs()
print("X:", X.shape, X.dtype, "| blobs:", np.unique(y).tolist())
print("row 79 is bit-identical to row 24:", np.array_equal(X[79], X[24]))
print("row 63 - row 58:", X[63] - X[58])
""", "data"),
        md("""
Each point is coloured by its blob and labelled with its row number, so the
row numbers the clusterer reports below can be found on the plot.
"""),
        code("""
fig, ax = plt.subplots(figsize=(8, 6))
ax.scatter(X[:, 0], X[:, 1], c=y, cmap="tab10", vmin=0, vmax=9, s=50, alpha=0.5, linewidths=0)
for i, (px, py) in enumerate(X):
    ax.annotate(str(i), (px, py), textcoords="offset points", xytext=(0, 2), ha="center", fontsize=7)
ax.set_title("The starting blobs, coloured by the blob each point was drawn from")
plt.show()
""", "blobs-plot"),
        md("""
## Fitting

`Clusterer(X)` does the expensive part once: it checks the input, collapses
rows that are exact copies, builds the neighbour graph and the HDBSCAN tree.
`min_samples` (how many neighbours make a point "dense") is fixed here; a
different `min_samples` means a new `Clusterer`.

The clusterer also derives its defaults from the data, so they follow the
scale of your features.
"""),
        code("""
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
""", "fit"),
        md("""
## The four findings

`evaluate()` turns the fit into findings. With no arguments it uses the
defaults printed above.
"""),
        code("""
results = clusterer.evaluate()
""", "evaluate"),
        md("""
The result behaves like a read-only dictionary with four keys. The loop below
prints each key, how many items it holds, and the items themselves.
`outliers` and `potential_outliers` are lists of row numbers; `duplicates`
and `near_duplicates` are lists of groups, each group a list of row numbers.
"""),
        code("""
for category, finding in results.items():
    print(f"\\t{category} - {len(finding)}")
    print(finding)
""", "findings-loop"),
        md("""
Both planted pairs come back as duplicates, `[24, 79]` and `[58, 63]`: the
1e-5 shift of row 63 is well below `exact_threshold` (printed above).

### What each finding means

| finding | rule |
| --- | --- |
| `outliers` | HDBSCAN (excess-of-mass clusters) runs on the distinct rows. A sample it labels noise (`-1`), that is, one that belongs to no cluster of at least `min_cluster_size` points, is an outlier. |
| `potential_outliers` | Samples HDBSCAN did put in a cluster, but whose GLOSH outlier score is at least the lowest score of any noise sample. They look as outlying as something HDBSCAN already discarded, so they are worth a look. |
| `duplicates` | Groups of samples within `exact_threshold` of each other. Bit-identical rows always count. The threshold is 1e-3 times the median non-zero nearest-neighbour distance, so tiny numerical differences (such as the 1e-5 above) still count as copies. |
| `near_duplicates` | Groups of samples joined by links no longer than `duplicate_threshold` (by default 0.13 times the median nearest-neighbour distance). Links chain: if A is near B and B is near C, all three form one group. A group that is just one exact-duplicate group is not repeated here. |

The per-sample arrays behind the lists let us check these rules on this data.
"""),
        code("""
noise = results.labels == -1
print("outliers are exactly the samples labelled -1:",
      results["outliers"] == np.flatnonzero(noise).tolist())

lowest_noise_score = results.outlier_scores[noise].min()
print(f"lowest GLOSH score of a noise sample: {lowest_noise_score:.3f}")
for i in results["potential_outliers"]:
    print(f"  potential outlier {i:3d}: cluster {results.labels[i]}, "
          f"score {results.outlier_scores[i]:.3f}")
""", "check-outliers"),
        code("""
def widest_gap(group):
    \"\"\"Largest distance between two members of a group (groups are small).\"\"\"
    pts = X[group]
    return max(np.linalg.norm(a - b) for a in pts for b in pts)

print(f"exact_threshold = {results.exact_threshold:.3g}")
for group in results["duplicates"]:
    print(f"  duplicates {group}: widest gap {widest_gap(group):.3g}")

print(f"duplicate_threshold = {results.duplicate_threshold:.3g}")
for group in results["near_duplicates"]:
    print(f"  near duplicates {group}: widest gap {widest_gap(group):.3g}")
""", "check-duplicates"),
        md("""
The same findings on a plot: points coloured by the cluster HDBSCAN found,
outliers as black crosses, potential outliers ringed in red, members of a
duplicate group in blue squares and members of a near-duplicate group in
orange diamonds. The members of a group are so close that they sit on top of
each other at this scale.
"""),
        code("""
fig, ax = plt.subplots(figsize=(8, 6))
clustered = results.labels >= 0
ax.scatter(X[clustered, 0], X[clustered, 1], c=results.labels[clustered], cmap="tab10",
           vmin=0, vmax=9, s=50, alpha=0.5, linewidths=0)
ax.scatter(X[results.is_outlier, 0], X[results.is_outlier, 1], marker="x", c="black",
           s=60, label="outliers")
ax.scatter(X[results.is_potential_outlier, 0], X[results.is_potential_outlier, 1],
           facecolors="none", edgecolors="red", s=160, label="potential outliers")
for groups, marker, colour, name in [(results.duplicate_group, "s", "tab:blue", "duplicates"),
                                     (results.near_duplicate_group, "D", "tab:orange", "near duplicates")]:
    members = groups >= 0
    ax.scatter(X[members, 0], X[members, 1], marker=marker, facecolors="none", edgecolors=colour,
               s=220, linewidths=2, label=name)
for i, (px, py) in enumerate(X):
    ax.annotate(str(i), (px, py), textcoords="offset points", xytext=(0, 2), ha="center", fontsize=7)
ax.set_title(f"{results.n_clusters} clusters at min_cluster_size={results.min_cluster_size}")
ax.legend(loc="best")
plt.show()
""", "findings-plot"),
        md("""
## One row per sample

`to_frame()` gives the same information as a pandas DataFrame, which is handy
for filtering, joining with file names or labels, and saving.
"""),
        code("""
frame = results.to_frame()
frame.head(10)
""", "frame"),
        code("""
frame[frame.is_outlier | frame.is_potential_outlier]
""", "frame-filter"),
        md("""
And `summary()` gives the counts in a few lines of text.
"""),
        code("""
print(results.summary())
""", "summary"),
        md("""
## Changing the parameters is cheap

Two parameters shape the findings, and neither needs a new fit:

* `min_cluster_size`: the smallest group that counts as a cluster. Larger
  values merge small groups or turn them into noise.
* `duplicate_threshold`: how close two samples must be to count as near
  duplicates.

`evaluate()` re-reads the tree built at fit time, and remembers recent
answers, so trying many values is fast. Compare the times below with the fit
time printed earlier; the gap matters most on large datasets.
"""),
        code("""
rows = []
for m in [5, 8, 10, 15, 20, 30]:
    t0 = time.perf_counter()
    r = clusterer.evaluate(min_cluster_size=m)
    rows.append({
        "min_cluster_size": m,
        "clusters": r.n_clusters,
        "outliers": len(r["outliers"]),
        "potential_outliers": len(r["potential_outliers"]),
        "ms": round((time.perf_counter() - t0) * 1e3, 2),
    })
pd.DataFrame(rows)
""", "sweep-min-cluster-size"),
        md("""
Each blob here holds 20 points. Once `min_cluster_size` approaches that
size, a blob can no longer stand as a cluster of its own: blobs merge, or
their points become noise.
"""),
        code("""
low, high = clusterer.duplicate_threshold_range
rows = []
for t in np.geomspace(low, high, 6):
    t0 = time.perf_counter()
    r = clusterer.evaluate(duplicate_threshold=t)
    rows.append({
        "duplicate_threshold": float(t),
        "duplicate groups": len(r["duplicates"]),
        "near-duplicate groups": len(r["near_duplicates"]),
        "samples in near-duplicate groups": sum(len(g) for g in r["near_duplicates"]),
        "ms": round((time.perf_counter() - t0) * 1e3, 2),
    })
pd.DataFrame(rows)
""", "sweep-duplicate-threshold"),
        md("""
The exact duplicates do not move with `duplicate_threshold`: they depend only
on `exact_threshold`. Near-duplicate groups appear, and grow in number and
size, as the threshold rises; the top of the range is deliberately loose.

## Exploring interactively

`hdbscope.ClusterExplorer` shows the same findings as an interactive scatter
plot in the notebook, with sliders for `min_cluster_size` and
`duplicate_threshold`. Passing the labels you already have (here, the blob of
each point) lets you compare them with the clusters the data forms on its own,
and passing the `clusterer` fitted above saves fitting the same data again.
"""),
        code("""
explorer = hdbscope.ClusterExplorer(X, labels=y, clusterer=clusterer)
explorer
""", "explorer"),
        md("""
## On your own data

* Pass any `(n_samples, n_features)` array: a NumPy array of any real dtype, a
  numeric DataFrame, a list of lists or a memory-mapped file.
* For images, flatten them (`images.reshape(len(images), -1)`) or, better, use
  embeddings from a model.
* For embeddings compared by angle, use `Clusterer(embeddings, metric="cosine")`.
"""),
    ])


def large_data() -> nbformat.NotebookNode:
    return _notebook("large_data", [
        md("""
# 150,000 points: fit once, then explore

hdbscope does the expensive work once, when it fits: the neighbour graph and
the HDBSCAN tree. Every later question (another `min_cluster_size`, another
`duplicate_threshold`, a whole sweep over `min_cluster_size`) is answered from
that cached tree. That is what keeps the explorer's sliders live on large
data. This notebook times each step on 150,000 points and then opens the
explorer with its charts.

The times printed below are from the machine that ran the notebook; expect
a few seconds for the fit and milliseconds for each re-extraction.
"""),
        code("""
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import hdbscope
from hdbscope.dashboard import dashboard
"""),
        md("""
## The data

150,000 points in two dimensions: 20 gaussian blobs of different spreads,
2% uniform background noise, and a few hundred planted copies (bit-identical
rows and rows moved by a tiny amount), so there are duplicates to find.
"""),
        code("""
def make_data(n=150_000, n_blobs=20, seed=0):
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-100, 100, size=(n_blobs, 2))
    spreads = rng.uniform(1.0, 5.0, size=n_blobs)
    n_noise = n // 50
    which = rng.integers(0, n_blobs, size=n - n_noise)
    X = np.vstack([centers[which] + rng.normal(size=(n - n_noise, 2)) * spreads[which, None],
                   rng.uniform(-120, 120, size=(n_noise, 2))])
    source, target = rng.choice(n, size=(2, 600), replace=False)
    X[target[:300]] = X[source[:300]]                                       # exact copies
    X[target[300:]] = X[source[300:]] + rng.normal(scale=1e-4, size=(300, 2))  # near copies
    return X[rng.permutation(n)]

X = make_data()
print("X:", X.shape, X.dtype)
""", "data"),
        md("""
## Fitting

`ClusterExplorer(X)` fits a `Clusterer` (checks the input, collapses exact
copies, builds the neighbour graph and the tree), evaluates the defaults and
prepares the 2-D positions for the scatter. Its clusterer is
`explorer.clusterer`; everything below reuses it, so the data is fitted once.
"""),
        code("""
t0 = time.perf_counter()
explorer = hdbscope.ClusterExplorer(X)
fit_s = time.perf_counter() - t0
clusterer = explorer.clusterer

print(f"fitted {clusterer.n_samples:,} samples x {clusterer.n_features} features in {fit_s:.1f} s "
      f"({clusterer.method})")
print(explorer.result.summary())
""", "fit"),
        md("""
## Re-extracting is cheap

Each new `min_cluster_size` re-reads the cached tree. The values below have
not been asked for before, so nothing comes from the clusterer's memo.
"""),
        code("""
rows = []
for m in [25, 50, 200, 400, 1000, 3000]:
    t0 = time.perf_counter()
    r = clusterer.evaluate(min_cluster_size=m)
    rows.append({"min_cluster_size": m, "clusters": r.n_clusters, "outliers": r.n_outliers,
                 "ms": round((time.perf_counter() - t0) * 1e3, 1)})
evaluations = pd.DataFrame(rows)
print(f"median: {evaluations.ms.median():.1f} ms per new min_cluster_size "
      f"(the fit took {fit_s * 1e3:,.0f} ms)")
evaluations
""", "evaluate-timing"),
        md("""
## A sweep over `min_cluster_size`

`sweep()` re-extracts about 60 values spread over the slider's whole range,
2 to n/2, and counts clusters and outliers for each. This is the curve the
dashboard's first chart draws.
"""),
        code("""
t0 = time.perf_counter()
sweep = clusterer.sweep()
sweep_s = time.perf_counter() - t0
print(f"{len(sweep)} values of min_cluster_size from {sweep.min_cluster_size.min()} "
      f"to {sweep.min_cluster_size.max():,} in {sweep_s:.2f} s")
sweep.iloc[::6]
""", "sweep"),
        md("""
Small values split the blobs into many small clusters; past several thousand
points the blobs themselves are too small to count as clusters, and at the
top of the range everything is noise. In between, the count stays flat from
about 100 to 6,000: 18 clusters (two pairs of the 20 blobs overlap). A long
flat stretch is where the answer does not hinge on the exact value.
"""),
        code("""
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(sweep.min_cluster_size, sweep.n_clusters.where(sweep.n_clusters > 0), "o-", ms=3, label="clusters")
ax.set(xscale="log", yscale="log", xlabel="min_cluster_size", ylabel="clusters")
share = ax.twinx()
share.plot(sweep.min_cluster_size, 100 * sweep.outlier_fraction, "--", color="grey", label="% outliers")
share.set_ylabel("% outliers")
ax.set_title("Clusters and outliers against min_cluster_size")
plt.show()
""", "sweep-plot"),
        md("""
## The dashboard

`dashboard(explorer)` shows the explorer with three charts linked to it:

* **Parameter sweep**: the curve above. The black line marks the current
  `min_cluster_size`; click anywhere on the chart to move the slider there.
* **Nearest-neighbour distances**: for every sample, the distance to its
  nearest distinct sample, on a log axis. The dashed magenta line is
  `exact_threshold`, the orange line `duplicate_threshold`; click to move the
  orange line (within the slider's range).
* **Cluster sizes**, largest first, in the scatter's colours (noise in grey).
  Click a bar to select that cluster's samples.
"""),
        code("""
dash = dashboard(explorer)
dash
""", "dashboard"),
        md("""
The charts follow the explorer whichever side moves it. Setting a value from
Python, as a slider or a click on the chart would, updates the scatter and
the charts' titles; selecting the largest bar selects that cluster.
"""),
        code("""
explorer.min_cluster_size = 400
print("sweep chart:  ", dash.sweep.figure.title)
print("sizes chart:  ", dash.sizes.figure.title)

dash.sizes.select_bar(0)  # what a click on the first (largest) bar does
largest = int(dash.sizes.sizes[0])
print(f"selected {len(explorer.selected):,} samples: the largest cluster has {largest:,}")
""", "follow"),
        md("""
## What travels to the browser

The scatter receives positions (8 bytes per point), labels (4 bytes) and
flags (1 byte) as binary buffers, about 2 MB here, once; a slider move sends
the new labels, flags and duplicate links, never the positions again. The
charts receive only their bins and bars: the histogram is counted in Python,
never sent sample by sample.
"""),
    ])


def relabel_digits() -> nbformat.NotebookNode:
    return _notebook("relabel_digits", [
        md("""
# Review and relabel: scikit-learn's handwritten digits

Labels are rarely perfect. Someone typed a 7 for a 1, a file was copied into
the dataset twice, a scan came out as a smudge. This notebook shows how to find
such samples with hdbscope, look at them one by one, fix their labels, and
take the result back to pandas, without losing an edit on the way.

The data is the digits dataset that ships with scikit-learn: 1,797 real
handwritten digits, each an 8 x 8 grey image, each labelled 0 to 9.

The workflow:

1. **Explore**: cluster the images, and check every label against the labels
   of its nearest neighbours in the data space.
2. **Review**: step through every flagged sample in `ClusterExplorer`'s review
   panel, with its image and its nearest neighbours.
3. **Relabel**: fix labels, mark copies to exclude; undo if needed. Every edit
   goes to a file as you make it.
4. **Export**: `explorer.relabels` (the edits) and `explorer.to_frame()` (one
   row per sample) are pandas DataFrames.
"""),
        code("""
import pathlib
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.datasets import load_digits

import hdbscope
"""),
        md("""
## The data, with a few planted problems

So that we know what there is to find, we add problems of our own on top of
whatever the dataset already has:

* three images appear twice (we append copies of samples 3, 500 and 1200), and
  the last copy gets a wrong label;
* 5% of the samples (90), picked at random, get a wrong label.

We keep the original labels in `y_true` to check our work at the end. In your
own data you would not have them; that is the point of reviewing.
"""),
        code("""
digits = load_digits()
copies = np.array([3, 500, 1200])
X = np.vstack([digits.data, digits.data[copies]])           # (n, 64): each image flattened
images = np.concatenate([digits.images, digits.images[copies]]) / 16.0  # (n, 8, 8), 0..1
y_true = np.concatenate([digits.target, digits.target[copies]])

y = y_true.copy()
y[-1] = (y[-1] + 3) % 10                                     # the copy of 1200 is mislabelled
rng = np.random.default_rng(7)
flipped = np.sort(rng.choice(len(digits.target), 90, replace=False))
y[flipped] = (y[flipped] + rng.integers(1, 10, len(flipped))) % 10

print("X:", X.shape, "| images:", images.shape, "| labels:", np.unique(y).tolist())
print("planted copies:", [[int(i), len(digits.target) + k] for k, i in enumerate(copies)])
print("planted wrong labels:", len(flipped) + 1)
""", "data"),
        md("""
## Explore: clusters, and labels against their neighbours

`Clusterer` takes the flattened images. With `labels=`, every result also
carries a **label check**. It asks each sample's nearest neighbours in the
data space (the neighbour graph the fit built anyway, so it costs
milliseconds): each labelled sample gets a `label_quality`, the share of its
neighbours' vote that goes to its own label, and a `suggested_label`, the
label its neighbours vote for most. A sample is a *label disagreement* when
the suggested label beats its own by at least a third of the vote. Outliers
are checked like every other sample, and the check does not depend on
`min_cluster_size`.

The clusters are context: each one's majority label and *purity* (the share
of its samples that carry the majority label). With `min_cluster_size=20`,
each digit gets its own clusters (some digits, such as 1, are written in more
than one way and get two).
"""),
        code("""
clusterer = hdbscope.Clusterer(X, labels=y)
result = clusterer.evaluate(min_cluster_size=20)
print(result.summary())
""", "summary"),
        code("""
result.label_check.purity_frame().T
""", "purity"),
        md("""
About a third of the images are outliers: in raw pixel space many handwritten
digits sit between the dense groups (embeddings from a trained model would
tighten the groups). Their labels are checked all the same: an outlier's
nearest neighbours still tell which digit it looks like.

How much of what we planted does the check catch?
"""),
        code("""
n_original = len(digits.target)
found_copies = [g for g in result["duplicates"] if g[-1] >= n_original]
wrong = np.flatnonzero(y != y_true)
flagged = sorted(set(result.label_disagreements) & set(wrong.tolist()))
on_outliers = [i for i in flagged if result.labels[i] == -1]
right = sum(result.label_check.suggested_label[i] == y_true[i] for i in flagged)
print(f"planted copies found as duplicates: {len(found_copies)} of {len(copies)}")
print(f"planted wrong labels flagged as label disagreements: {len(flagged)} of {len(wrong)}")
print(f"of them on outliers: {len(on_outliers)}")
print(f"of them with the right label suggested: {right}")
print(f"label disagreements we did not plant: {len(set(result.label_disagreements) - set(wrong.tolist()))}")
""", "planted"),
        md("""
Every copy is found, and nearly every wrong label, on outliers too, mostly
with the right label suggested. The disagreements we did not plant are in the
original data: digits written so that they look like another digit, or
mislabelled at the source.

## Review: the explorer

`ClusterExplorer` shows the same findings as an interactive scatter plot, with
the review panel under it. `edits_path` is where every edit is written when
it is made. Here it is a temporary folder, so the notebook starts fresh each
time it runs; in your own work, use a fixed path next to the notebook, so that
a kernel restart or a closed tab loses nothing.
"""),
        code("""
edits_path = pathlib.Path(tempfile.mkdtemp()) / "digits_edits.csv"
explorer = hdbscope.ClusterExplorer(X, labels=y, images=images, min_cluster_size=20,
                                    edits_path=edits_path, clusterer=clusterer)  # no second fit
explorer
""", "explorer"),
        md("""
In the panel:

| key | what it does |
| --- | --- |
| `n`, `→`, `↓` / `p`, `←`, `↑` | next / previous flagged item; the plot centres and zooms on it |
| `1` | give the item the label its neighbours suggest (for a label disagreement) |
| `1` to `9` | otherwise the 1st to 9th most frequent label (shown on the buttons) |
| `l`, then type, `Enter` | give the item a label you type (an existing one or a new one) |
| `k` / `x` | keep / exclude the item (each card also has its own keep and exclude buttons) |
| `u` or `Ctrl+Z` / `r` or `Ctrl+Y` | undo / redo |

Click the panel (or its **Next** button) first, so that it has the keyboard.
Each item shows its images (all members side by side for a duplicate group),
its nearest neighbours in the data space with their labels (those that carry
the suggested label are outlined), what the neighbours say, and the majority
label of its cluster. Label disagreements come lowest `label_quality` first. The check boxes at the top switch categories on and off:
with 600 outliers in this data, it helps to start with the duplicates and the
label disagreements. *Apply to: selection* applies the same actions to points
you selected with the lasso instead.

The **colour by** switch above the plot colours the points by cluster, by the
given labels, or by the current (edited) labels.

The queue behind the panel is also available in Python:
"""),
        code("""
queue = explorer.review_queue()
print(queue.category.value_counts().to_string())
print(queue[queue.category == "duplicates"].to_string())
""", "queue"),
        md("""
How far does a reviewer get in the first 100 label issues? They come in
order of label quality, so the clearest cases come first:
"""),
        code("""
issues = queue[queue.category == "label_disagreements"].members.str[0].to_numpy()
first = issues[:100]
planted_first = int(np.isin(first, wrong).sum())
print(f"label issues in the queue: {len(issues)}")
print(f"planted wrong labels in the first 100 label issues: {planted_first} of {len(wrong)}")
print(f"the other {len(first) - planted_first} of the first 100: labels in the original data that look wrong")
""", "first-100"),
        md("""
## Relabel

The panel's buttons and keys call the same methods you can call from Python:
`relabel(indices, label)`, `exclude(indices)`, `keep(indices)`, `undo()` and
`redo()`. So that this notebook runs on its own, the cells below make the
edits a reviewer would make after looking at the images.

First the copies: keep the original, exclude the copy.
"""),
        code("""
for group in explorer.review_queue().query("category == 'duplicates'").members:
    original, copy = group[0], group[-1]
    explorer.keep([original], category="duplicates")
    explorer.exclude([copy], category="duplicates")
print("excluded:", np.flatnonzero(explorer.exclude_mask).tolist())
""", "exclude-copies"),
        md("""
Next the label disagreements. Below are the first twelve in review order, each
with its label and what its neighbours suggest.
"""),
        code("""
check = explorer.label_check
todo = check.review_order().tolist()
fig, axes = plt.subplots(1, 12, figsize=(1.3 * 12, 2.0))
for ax, i in zip(np.atleast_1d(axes), todo[:12]):
    ax.imshow(images[i], cmap="gray_r")
    ax.set_title(f"#{i}\\nlabel {y[i]}\\nsuggested {check.suggested_label[i]}", fontsize=8)
    ax.axis("off")
plt.show()
""", "review-figure"),
        md("""
A reviewer looking at these images would see which digit each one shows. We
stand in for that reviewer with the labels we kept aside in `y_true`: where
the label is wrong, we set the right one; where it is right (the image just
looks like another digit), we mark it as reviewed with `keep`.
"""),
        code("""
suggestion_right = 0
for i in todo:
    if y[i] != y_true[i]:
        suggestion_right += check.suggested_label[i] == y_true[i]
        explorer.relabel([i], int(y_true[i]), category="label_disagreements")
    else:
        explorer.keep([i], category="label_disagreements")

explorer.relabel([0], 9)   # a slip of the finger ...
explorer.undo()            # ... taken back
print("label disagreements left:", explorer.label_check.n_disagreements)
print("relabelled with the suggested label (key 1 would do):", suggestion_right)
print(explorer.edit_state)
""", "relabel"),
        md("""
The disagreements left are mostly the ones we kept: samples whose label is
right although the image looks more like its neighbours (the check runs again
on the current labels after every edit, so a fixed neighbour can also change
a vote). Note that the undone edit is
gone from the list of edits below.

## Export

`relabels` lists every edit in force, oldest first: which sample, its label
before and after, the action, the category that flagged it, and when.
"""),
        code("""
explorer.relabels
""", "relabels"),
        md("""
`to_frame()` has one row per sample: every finding of the engine, the label
check of the given and the current labels, and the edits.
"""),
        code("""
frame = explorer.to_frame()
frame.loc[frame.is_relabelled | frame.is_excluded | frame.is_current_label_disagreement,
          ["cluster", "label", "label_quality", "suggested_label", "current_label", "decision", "is_excluded"]]
""", "frame"),
        code("""
keep = ~explorer.exclude_mask
X_clean, y_clean = X[keep], explorer.current_labels[keep]
fixed = int(((y != y_true) & (explorer.current_labels == y_true)).sum())
print(f"clean data: {X_clean.shape}, labels {y_clean.dtype}")
print(f"excluded: {int(explorer.exclude_mask.sum())}, relabelled: {int(frame.is_relabelled.sum())}")
print(f"planted wrong labels fixed: {fixed} of {len(wrong)}")
print(f"wrong labels left (not flagged, so not reviewed here): {int((explorer.current_labels[keep] != y_true[keep]).sum())}")
""", "export"),
        md("""
To catch the rest, review the outliers too: the panel steps through them in
order of their outlier score, and `Apply to: selection` with the lasso relabels
a whole group at once.

## Nothing lost

A new explorer on the same `edits_path` and the same data loads every edit
back, including the undo history. This is what happens after a kernel
restart. A file written for other data is refused: the file stores the number
of samples and a fingerprint of the data.
"""),
        code("""
again = hdbscope.ClusterExplorer(X, labels=y, images=images, min_cluster_size=20, edits_path=edits_path)
print("same edits after reloading:", again.relabels.drop(columns="time").equals(explorer.relabels.drop(columns="time")))
print("same labels after reloading:", bool((again.current_labels == explorer.current_labels).all()))
try:
    hdbscope.ClusterExplorer(X[::-1], edits_path=edits_path)
except ValueError as err:
    print("other data refused:", str(err).split(": it was")[0].replace(str(edits_path), "<edits_path>"))
""", "reload"),
        md("""
The edits file is plain CSV: one row per edited sample, plus a row for every
undo and redo, with labels stored as JSON values so that `3` and `"3"` stay
apart.
"""),
        code("""
print("\\n".join(edits_path.read_text().splitlines()[:6]))
""", "edits-file"),
    ])


NOTEBOOK_BUILDERS = {"walkthrough.ipynb": walkthrough, "relabel_digits.ipynb": relabel_digits}
NOTEBOOK_BUILDERS["large_data.ipynb"] = large_data


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks that differ")
    args = parser.parse_args(argv)
    stale = []
    for name, build in NOTEBOOK_BUILDERS.items():
        path = NOTEBOOKS / name
        text = render(build())
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("out of date (run python scripts/make_notebooks.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
