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
# # Review and relabel: scikit-learn's handwritten digits
#
# Labels are rarely perfect. Someone typed a 7 for a 1, a file was copied into
# the dataset twice, a scan came out as a smudge. This notebook shows how to find
# such samples with hdbscope, look at them one by one, fix their labels, and
# take the result back to pandas, without losing an edit on the way.
#
# The data is the digits dataset that ships with scikit-learn: 1,797 real
# handwritten digits, each an 8 x 8 grey image, each labelled 0 to 9.
#
# The workflow:
#
# 1. **Explore**: cluster the images, and check every label against the labels
#    of its nearest neighbours in the data space.
# 2. **Review**: step through every flagged sample in `ClusterExplorer`'s review
#    panel, with its image and its nearest neighbours.
# 3. **Relabel**: fix labels, mark copies to exclude; undo if needed. Every edit
#    goes to a file as you make it.
# 4. **Export**: `explorer.relabels` (the edits) and `explorer.to_frame()` (one
#    row per sample) are pandas DataFrames.

# %%
import pathlib
import tempfile

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

import hdbscope

# %% [markdown]
# ## The data, with a few planted problems
#
# So that we know what there is to find, we add problems of our own on top of
# whatever the dataset already has:
#
# * three images appear twice (we append copies of samples 3, 500 and 1200), and
#   the last copy gets a wrong label;
# * 5% of the samples (90), picked at random, get a wrong label.
#
# We keep the original labels in `y_true` to check our work at the end. In your
# own data you would not have them; that is the point of reviewing.

# %% tags=["data"]
digits = load_digits()
copies = np.array([3, 500, 1200])
X = np.vstack([digits.data, digits.data[copies]])  # (n, 64): each image flattened
images = np.concatenate([digits.images, digits.images[copies]]) / 16.0  # (n, 8, 8), 0..1
y_true = np.concatenate([digits.target, digits.target[copies]])

y = y_true.copy()
y[-1] = (y[-1] + 3) % 10  # the copy of 1200 is mislabelled
rng = np.random.default_rng(7)
flipped = np.sort(rng.choice(len(digits.target), 90, replace=False))
y[flipped] = (y[flipped] + rng.integers(1, 10, len(flipped))) % 10

print("X:", X.shape, "| images:", images.shape, "| labels:", np.unique(y).tolist())
print("planted copies:", [[int(i), len(digits.target) + k] for k, i in enumerate(copies)])
print("planted wrong labels:", len(flipped) + 1)

# %% [markdown]
# ## Explore: clusters, and labels against their neighbours
#
# `Clusterer` takes the flattened images. With `labels=`, every result also
# carries a **label check**. It asks each sample's nearest neighbours in the
# data space (the neighbour graph the fit built anyway, so it costs
# milliseconds): each labelled sample gets a `label_quality`, the share of its
# neighbours' vote that goes to its own label, and a `suggested_label`, the
# label its neighbours vote for most. A sample is a *label disagreement* when
# the suggested label beats its own by at least a third of the vote. Outliers
# are checked like every other sample, and the check does not depend on
# `min_cluster_size`.
#
# The clusters are context: each one's majority label and *purity* (the share
# of its samples that carry the majority label). With `min_cluster_size=20`,
# each digit gets its own clusters (some digits, such as 1, are written in more
# than one way and get two).

# %% tags=["summary"]
clusterer = hdbscope.Clusterer(X, labels=y)
result = clusterer.evaluate(min_cluster_size=20)
print(result.summary())

# %% tags=["purity"]
result.label_check.purity_frame().T

# %% [markdown]
# About a third of the images are outliers: in raw pixel space many handwritten
# digits sit between the dense groups (embeddings from a trained model would
# tighten the groups). Their labels are checked all the same: an outlier's
# nearest neighbours still tell which digit it looks like.
#
# How much of what we planted does the check catch?

# %% tags=["planted"]
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

# %% [markdown]
# Every copy is found, and nearly every wrong label, on outliers too, mostly
# with the right label suggested. The disagreements we did not plant are in the
# original data: digits written so that they look like another digit, or
# mislabelled at the source.
#
# ## Review: the explorer
#
# `ClusterExplorer` shows the same findings as an interactive scatter plot, with
# the review panel under it. `edits_path` is where every edit is written when
# it is made. Here it is a temporary folder, so the notebook starts fresh each
# time it runs; in your own work, use a fixed path next to the notebook, so that
# a kernel restart or a closed tab loses nothing.

# %% tags=["explorer"]
edits_path = pathlib.Path(tempfile.mkdtemp()) / "digits_edits.csv"
explorer = hdbscope.ClusterExplorer(
    X, labels=y, images=images, min_cluster_size=20, edits_path=edits_path, clusterer=clusterer
)  # no second fit
explorer

# %% [markdown]
# In the panel:
#
# | key | what it does |
# | --- | --- |
# | `n`, `→`, `↓` / `p`, `←`, `↑` | next / previous flagged item; the plot centres and zooms on it |
# | `1` | give the item the label its neighbours suggest (for a label disagreement) |
# | `1` to `9` | otherwise the 1st to 9th most frequent label (shown on the buttons) |
# | `l`, then type, `Enter` | give the item a label you type (an existing one or a new one) |
# | `k` / `x` | keep / exclude the item (each card also has its own keep and exclude buttons) |
# | `u` or `Ctrl+Z` / `r` or `Ctrl+Y` | undo / redo |
#
# Click the panel (or its **Next** button) first, so that it has the keyboard.
# Each item shows its images (all members side by side for a duplicate group),
# its nearest neighbours in the data space with their labels (those that carry
# the suggested label are outlined), what the neighbours say, and the majority
# label of its cluster. Label disagreements come lowest `label_quality` first. The check boxes at the top switch categories on and off:
# with 600 outliers in this data, it helps to start with the duplicates and the
# label disagreements. *Apply to: selection* applies the same actions to points
# you selected with the lasso instead.
#
# The **colour by** switch above the plot colours the points by cluster, by the
# given labels, or by the current (edited) labels.
#
# The queue behind the panel is also available in Python:

# %% tags=["queue"]
queue = explorer.review_queue()
print(queue.category.value_counts().to_string())
print(queue[queue.category == "duplicates"].to_string())

# %% [markdown]
# How far does a reviewer get in the first 100 label issues? They come in
# order of label quality, so the clearest cases come first:

# %% tags=["first-100"]
issues = queue[queue.category == "label_disagreements"].members.str[0].to_numpy()
first = issues[:100]
planted_first = int(np.isin(first, wrong).sum())
print(f"label issues in the queue: {len(issues)}")
print(f"planted wrong labels in the first 100 label issues: {planted_first} of {len(wrong)}")
print(f"the other {len(first) - planted_first} of the first 100: labels in the original data that look wrong")

# %% [markdown]
# ## Relabel
#
# The panel's buttons and keys call the same methods you can call from Python:
# `relabel(indices, label)`, `exclude(indices)`, `keep(indices)`, `undo()` and
# `redo()`. So that this notebook runs on its own, the cells below make the
# edits a reviewer would make after looking at the images.
#
# First the copies: keep the original, exclude the copy.

# %% tags=["exclude-copies"]
for group in explorer.review_queue().query("category == 'duplicates'").members:
    original, copy = group[0], group[-1]
    explorer.keep([original], category="duplicates")
    explorer.exclude([copy], category="duplicates")
print("excluded:", np.flatnonzero(explorer.exclude_mask).tolist())

# %% [markdown]
# Next the label disagreements. Below are the first twelve in review order, each
# with its label and what its neighbours suggest.

# %% tags=["review-figure"]
check = explorer.label_check
todo = check.review_order().tolist()
fig, axes = plt.subplots(1, 12, figsize=(1.3 * 12, 2.0))
for ax, i in zip(np.atleast_1d(axes), todo[:12]):
    ax.imshow(images[i], cmap="gray_r")
    ax.set_title(f"#{i}\nlabel {y[i]}\nsuggested {check.suggested_label[i]}", fontsize=8)
    ax.axis("off")
plt.show()

# %% [markdown]
# A reviewer looking at these images would see which digit each one shows. We
# stand in for that reviewer with the labels we kept aside in `y_true`: where
# the label is wrong, we set the right one; where it is right (the image just
# looks like another digit), we mark it as reviewed with `keep`.

# %% tags=["relabel"]
suggestion_right = 0
for i in todo:
    if y[i] != y_true[i]:
        suggestion_right += check.suggested_label[i] == y_true[i]
        explorer.relabel([i], int(y_true[i]), category="label_disagreements")
    else:
        explorer.keep([i], category="label_disagreements")

explorer.relabel([0], 9)  # a slip of the finger ...
explorer.undo()  # ... taken back
print("label disagreements left:", explorer.label_check.n_disagreements)
print("relabelled with the suggested label (key 1 would do):", suggestion_right)
print(explorer.edit_state)

# %% [markdown]
# The disagreements left are mostly the ones we kept: samples whose label is
# right although the image looks more like its neighbours (the check runs again
# on the current labels after every edit, so a fixed neighbour can also change
# a vote). Note that the undone edit is
# gone from the list of edits below.
#
# ## Export
#
# `relabels` lists every edit in force, oldest first: which sample, its label
# before and after, the action, the category that flagged it, and when.

# %% tags=["relabels"]
explorer.relabels

# %% [markdown]
# `to_frame()` has one row per sample: every finding of the engine, the label
# check of the given and the current labels, and the edits.

# %% tags=["frame"]
frame = explorer.to_frame()
frame.loc[
    frame.is_relabelled | frame.is_excluded | frame.is_current_label_disagreement,
    ["cluster", "label", "label_quality", "suggested_label", "current_label", "decision", "is_excluded"],
]

# %% tags=["export"]
keep = ~explorer.exclude_mask
X_clean, y_clean = X[keep], explorer.current_labels[keep]
fixed = int(((y != y_true) & (explorer.current_labels == y_true)).sum())
print(f"clean data: {X_clean.shape}, labels {y_clean.dtype}")
print(f"excluded: {int(explorer.exclude_mask.sum())}, relabelled: {int(frame.is_relabelled.sum())}")
print(f"planted wrong labels fixed: {fixed} of {len(wrong)}")
print(
    f"wrong labels left (not flagged, so not reviewed here): {int((explorer.current_labels[keep] != y_true[keep]).sum())}"
)

# %% [markdown]
# To catch the rest, review the outliers too: the panel steps through them in
# order of their outlier score, and `Apply to: selection` with the lasso relabels
# a whole group at once.
#
# ## Nothing lost
#
# A new explorer on the same `edits_path` and the same data loads every edit
# back, including the undo history. This is what happens after a kernel
# restart. A file written for other data is refused: the file stores the number
# of samples and a fingerprint of the data.

# %% tags=["reload"]
again = hdbscope.ClusterExplorer(X, labels=y, images=images, min_cluster_size=20, edits_path=edits_path)
print("same edits after reloading:", again.relabels.drop(columns="time").equals(explorer.relabels.drop(columns="time")))
print("same labels after reloading:", bool((again.current_labels == explorer.current_labels).all()))
try:
    hdbscope.ClusterExplorer(X[::-1], edits_path=edits_path)
except ValueError as err:
    print("other data refused:", str(err).split(": it was")[0].replace(str(edits_path), "<edits_path>"))

# %% [markdown]
# The edits file is plain CSV: one row per edited sample, plus a row for every
# undo and redo, with labels stored as JSON values so that `3` and `"3"` stay
# apart.

# %% tags=["edits-file"]
print("\n".join(edits_path.read_text().splitlines()[:6]))

# %% [markdown]
# ## Share it
#
# A reviewer without Python can carry on from here. `save_html` writes this
# explorer, with the edits made above, as one HTML file next to this notebook:
# it opens from disk in any browser with no kernel, its sliders re-cluster in
# the page, and its review panel (thumbnails included) relabels, keeps and
# excludes. The page's **Download decisions** button writes a file, and
# `explorer.load_decisions(path)` imports those decisions back here as edits
# (undoable, and written to `edits_path`).

# %% tags=["save-page"]
page = explorer.save_html("relabel_digits.html")
print(f"saved {page.name}: {page.stat().st_size / 1e6:.2f} MB, {explorer.n_samples:,} samples")
