# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A folder of images: copies, wrong labels, one decision per group, a manifest to train on
#
# Real image datasets live as files. This tutorial writes scikit-learn's 1,797 handwritten digits to a folder
# of PNG files, adds the kinds of copies a scraped dataset collects (byte-identical files, JPEG re-encodes,
# images resized by one pixel) and a few foreign images, puts some labels wrong, and then:
#
# 1. builds a DataFrame (path, label, an embedding column) and explores it: hover a point to see its file;
# 2. fixes labels the clusters disagree with;
# 3. keeps one member of every duplicate group (one undoable action each);
# 4. exports the manifest of the samples kept and checks what it holds.

# %%
import pathlib
import shutil
import tempfile

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.datasets import load_digits

import hdbscope

workdir = pathlib.Path(tempfile.mkdtemp(prefix="hdbscope-image-folder-"))  # everything is written here
folder = workdir / "digits_folder"
folder.mkdir()
digits = load_digits()
rows = []
for i, (img, y) in enumerate(zip(digits.images, digits.target)):
    path = folder / f"digit_{i:04d}.png"
    Image.fromarray((img * 255 / 16).astype(np.uint8)).resize((32, 32), Image.BILINEAR).save(path)
    rows.append({"path": str(path), "label": int(y), "kind": "original"})

# %% [markdown]
# Sixty copies (20 of each kind) and four foreign images (colour noise, label -1):

# %%
rng = np.random.default_rng(0)
for j, i in enumerate(rng.choice(len(rows), 60, replace=False)):
    src = pathlib.Path(rows[i]["path"])
    kind = ("copy", "jpeg", "resized")[j % 3]
    if kind == "copy":  # byte-identical
        dst = folder / f"copy_of_{src.name}"
        shutil.copyfile(src, dst)
    elif kind == "jpeg":  # re-encoded: other bytes, nearly the same pixels
        dst = folder / f"{src.stem}_reencoded.jpg"
        Image.open(src).convert("L").save(dst, quality=85)
    else:  # resized by one pixel
        dst = folder / f"{src.stem}_33px.png"
        Image.open(src).resize((33, 33), Image.BILINEAR).save(dst)
    rows.append({"path": str(dst), "label": rows[i]["label"], "kind": kind})
for k in range(4):
    dst = folder / f"foreign_{k}.png"
    Image.fromarray(rng.integers(0, 256, (40, 40, 3), dtype=np.uint8)).save(dst)
    rows.append({"path": str(dst), "label": -1, "kind": "foreign"})
print(len(rows), "files in", folder)

# %% [markdown]
# ## The DataFrame
#
# One row per file: its path, its label, what it is, its size on disk, and an embedding. Here the embedding is
# the image shrunk to 16 x 16 grey pixels; with real photos it would come from a pretrained network (a column of
# vectors, as Parquet or Hugging Face exports keep them). Fifteen labels are put wrong on purpose.

# %%
df = pd.DataFrame(rows)
df.index = pd.Index([pathlib.Path(p).stem for p in df["path"]], name="file")


def embed(path: str) -> np.ndarray:
    im = Image.open(path).convert("L").resize((16, 16), Image.BILINEAR)
    return np.asarray(im, dtype=np.float32).ravel() / 255


df["embedding"] = [embed(p) for p in df["path"]]
df["file_bytes"] = [pathlib.Path(p).stat().st_size for p in df["path"]]
wrong = rng.choice(len(digits.images), 15, replace=False)
df.iloc[wrong, df.columns.get_loc("label")] = (df["label"].iloc[wrong] + 1) % 10
df.head()

# %% [markdown]
# ## Explore
#
# `from_frame` takes the embedding column as the features, the path column as the images (nothing is read
# until a thumbnail is shown) and shows `kind` and `file_bytes` in the tooltip and on the review cards.
# Hover a point to see its file; open **Review** to step through what was found.

# %% tags=["explorer"]
explorer = hdbscope.ClusterExplorer.from_frame(
    df, features="embedding", images="path", labels="label", info=["kind", "file_bytes"], min_cluster_size=30
)
explorer

# %%
r = explorer.result
print(r.summary())
found = df.assign(exact=r.duplicate_group >= 0, near=r.near_duplicate_group >= 0)
print(found.groupby("kind")[["exact", "near"]].sum())
assert r.n_duplicate_groups == 20 and set(df["kind"][r.duplicate_group >= 0]) == {"original", "copy"}
near_kinds = set(df["kind"][r.near_duplicate_group >= 0])
assert r.n_near_duplicate_groups == 40 and near_kinds == {"original", "jpeg", "resized"}
assert r.is_outlier[df["kind"].to_numpy() == "foreign"].all()

# %% [markdown]
# ## Fix labels
#
# A label disagreement is a sample whose label differs from its cluster's majority. In a nearly pure cluster
# (over 90 % one label) that is most likely a wrong label: give those the majority label. (In the widget the same
# is done card by card from the review panel, keys 1-9.)

# %% tags=["relabel"]
check = explorer.label_check
frame = explorer.to_frame()
cluster = frame["cluster"].to_numpy()
purity = np.array([check.purity[c] if c >= 0 else 0.0 for c in cluster])
fix = frame[frame["is_label_disagreement"] & (purity > 0.9)]
for label, part in fix.groupby("majority_label"):
    explorer.relabel(df.index.get_indexer(part.index), int(label))
fixed = set(df.index.get_indexer(fix.index)) & set(wrong)
print(f"relabelled {len(fix)} samples; {len(fixed)} of the {len(wrong)} planted wrong labels are among them")
assert len(fixed) >= 8
assert (explorer.current_labels[list(fixed)] == digits.target[list(fixed)]).all()

# %% [markdown]
# ## One decision per duplicate group
#
# Byte-identical copies: keep the first of each group. Near duplicates (re-encoded, resized): keep the original
# file, chosen by a function of the group's members. Each call is one action: one undo takes it all back.
# The foreign images are the top outliers; exclude them too.

# %%
print(explorer.keep_one_per_group("exact", by="first"))
kind = df["kind"].to_numpy()
print(explorer.keep_one_per_group("near", by=lambda members: min(members, key=lambda i: kind[i] != "original")))
foreign = frame.nlargest(4, "outlier_score")
assert set(df.loc[foreign.index, "kind"]) == {"foreign"}
explorer.exclude(df.index.get_indexer(foreign.index))
print(explorer.edit_state["undo"], "|", explorer.edit_state["n_excluded"], "excluded")

# %% [markdown]
# ## The manifest to train on
#
# `export` writes the samples kept (CSV here; `.parquet` with pyarrow) with their current labels, the frame's
# index and the image path, and says what was left out and why.

# %% tags=["export"]
summary = explorer.export(workdir / "manifest.csv")
print(summary)
manifest = pd.read_csv(summary.path, index_col="file")
assert len(manifest) == len(df) - 20 - 40 - 4 == summary.n_written
assert summary.excluded_by == {"near_duplicates": 40, "duplicates": 20, "outliers": 4}
assert set(df.loc[manifest.index, "kind"]) == {"original"}  # every copy and foreign image left out
assert manifest["image_path"].map(lambda p: pathlib.Path(p).is_file()).all()
assert (manifest.loc[df.index[list(fixed)], "label"].to_numpy() == digits.target[list(fixed)]).all()
manifest.head()

# %% [markdown]
# ## Share it
#
# `save_html` writes the explorer, with the decisions above, as one HTML file next to this notebook: send it to
# whoever owns the folder. It opens from disk in any browser with no kernel; the sliders re-cluster in the page,
# hovering shows each image's thumbnail (embedded while they fit in 5 MB), and the review panel's **Download
# decisions** file comes back here with `explorer.load_decisions(path)`.

# %% tags=["save-page"]
page = explorer.save_html("image_folder.html")
print(f"saved {page.name}: {page.stat().st_size / 1e6:.2f} MB, {explorer.n_samples:,} samples")
