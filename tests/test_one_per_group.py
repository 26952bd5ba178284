"""keep_one_per_group: one member of every duplicate group kept and the rest excluded, by a rule
("first", "medoid", an info column, a callable), as ONE undoable edit that the edits file keeps
through a hard kill; and export() of the kept samples."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from hdbscope import ClusterExplorer
from hdbscope.review._one_per_group import choose_keepers


def _with_copies(seed=0, n=120, d=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    X[60:70] = X[0:10]  # ten groups of two exact copies ...
    X[70:75] = X[0:5]  # ... five of them of three
    return X


@pytest.fixture()
def frame():
    X = _with_copies()
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "x": X[:, 0],
            "y": X[:, 1],
            "z": X[:, 2],
            "size": rng.integers(0, 1000, len(X)),
            "label": rng.choice(["cat", "dog"], len(X)),
        },
        index=pd.Index(np.arange(len(X)) * 10 + 7, name="file_id"),
    )


# ---------------------------------------------------------------- the rule, alone
def test_rules_choose_one_member_per_group():
    group = np.array([-1, 0, 1, 0, 1, 1, -1, 2, 2])
    assert choose_keepers(group, "first").tolist() == [1, 2, 7]
    values = np.array([0, 5, 1, 9, 7, 7, 0, np.nan, 3])
    assert choose_keepers(group, "values", values=values).tolist() == [3, 4, 8]  # ties: lowest index; NaN last
    rows = np.array([[0], [0.0], [0.0], [3.0], [1.0], [9.0], [0], [5], [5]])
    assert choose_keepers(group, "medoid", rows=rows).tolist() == [1, 4, 7]  # 1.5: tie -> 1; 3.33: 1.0 nearest
    assert choose_keepers(group, lambda m: int(m[-1])).tolist() == [3, 5, 8]
    with pytest.raises(ValueError, match="must return one of the members"):
        choose_keepers(group, lambda m: 0)
    with pytest.raises(TypeError, match="must hold numbers"):
        choose_keepers(group, "values", values=np.array(list("abcdefghi")))


def test_medoid_choice_does_not_depend_on_row_order():
    rng = np.random.default_rng(4)
    rows = rng.normal(size=(300, 5))
    group = rng.integers(-1, 30, 300)
    keep = choose_keepers(group, "medoid", rows=rows)
    perm = rng.permutation(300)
    inv = np.argsort(perm)
    keep_perm = choose_keepers(group[perm], "medoid", rows=rows[perm])
    assert sorted(perm[keep_perm].tolist()) == sorted(keep.tolist())
    assert sorted(inv[keep].tolist()) == sorted(keep_perm.tolist())


# ---------------------------------------------------------------- on the explorer
def test_one_action_whatever_the_number_of_groups(frame):
    ex = ClusterExplorer.from_frame(frame, features=["x", "y", "z"], labels="label", info=["size"])
    r = ex.result
    assert r.n_duplicate_groups == 10
    preview = ex.preview_one_per_group("exact", "size")
    assert (preview.n_groups, preview.n_excluded) == (10, 15) and not ex.exclude_mask.any()
    done = ex.keep_one_per_group("exact", "size")
    assert done == preview
    excluded = ex.exclude_mask
    assert excluded.sum() == 15
    for g in range(10):
        members = np.flatnonzero(r.duplicate_group == r.duplicate_group[g])
        kept = members[~excluded[members]]
        assert kept.tolist() == [members[np.argmax(frame["size"].to_numpy()[members])]]
    rel = ex.relabels
    assert rel["batch"].nunique() == 1 and set(rel["action"]) == {"keep", "exclude"}
    assert set(rel["category"]) == {"duplicates"}
    assert ex.edit_state["undo"] == "keep one per group: exclude 15, keep 10"
    assert ex.undo() == 25 and not ex.exclude_mask.any() and ex.edit_state["n_kept"] == 0
    assert ex.redo() == 25 and (ex.exclude_mask == excluded).all()


def test_near_groups_medoid_and_bad_arguments(frame):
    ex = ClusterExplorer.from_frame(frame, features=["x", "y", "z"], info=["size"])
    ex.duplicate_threshold = ex.duplicate_threshold_range[1]
    done = ex.keep_one_per_group("near", "medoid")
    near = ex.result.near_duplicate_group
    assert done.n_groups == ex.result.n_near_duplicate_groups
    assert ex.exclude_mask.sum() == (near >= 0).sum() - done.n_groups
    with pytest.raises(ValueError, match='kind must be "exact" or "near"'):
        ex.keep_one_per_group("approximate")
    with pytest.raises(ValueError, match=r"name of an info column .*\['size'\]\); got 'resolution'"):
        ex.keep_one_per_group("exact", "resolution")
    with pytest.raises(TypeError, match="got int"):
        ex.keep_one_per_group("exact", 3)


def test_the_panel_previews_then_applies(frame):
    ex = ClusterExplorer.from_frame(frame, features=["x", "y", "z"], info=["size"])
    sent = []
    ex.send = lambda content, buffers=None: sent.append(content)
    ex._on_custom_msg(ex, {"type": "one_per_group", "id": 4, "kind": "exact", "by": "first"}, [])
    assert sent[-1]["ok"] and sent[-1]["n_excluded"] == 15 and not sent[-1]["applied"]
    assert not ex.exclude_mask.any()
    ex._on_custom_msg(ex, {"type": "one_per_group", "id": 5, "kind": "exact", "by": "first", "apply": True}, [])
    assert sent[-1]["ok"] and sent[-1]["applied"] and sent[-1]["edit_state"]["n_excluded"] == 15
    assert ex.exclude_mask[60:75].all() and not ex.exclude_mask[:10].any()
    ex._on_custom_msg(ex, {"type": "one_per_group", "id": 6, "kind": "exact", "by": "nope", "apply": True}, [])
    assert not sent[-1]["ok"] and "info column" in sent[-1]["error"]


def test_a_bulk_action_survives_a_hard_kill(tmp_path):
    """SIGKILL right after keep_one_per_group returns: a new explorer on the file has all of it, as one edit."""
    X = _with_copies(seed=2, n=400)
    np.save(tmp_path / "X.npy", X)
    path = tmp_path / "edits.csv"
    script = textwrap.dedent(f"""
        import sys, time, numpy as np
        from hdbscope import ClusterExplorer
        ex = ClusterExplorer(np.load({str(tmp_path / "X.npy")!r}), edits_path={str(path)!r})
        ex.relabel([1, 2], "first edit")
        print(ex.keep_one_per_group("exact", "medoid").n_excluded, flush=True)
        time.sleep(60)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        n_excluded = int(proc.stdout.readline())
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL and n_excluded == 15
    ex = ClusterExplorer(X, edits_path=path)
    assert ex.exclude_mask.sum() == 15 and ex.edit_state["n_kept"] == 10
    assert ex.edit_state["undo"] == "keep one per group: exclude 15, keep 10"
    ex.undo()  # the bulk action is one step; the relabel before it stays
    assert not ex.exclude_mask.any() and ex.current_labels[1] == "first edit"


# ---------------------------------------------------------------- export
@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_export_writes_the_kept_samples(tmp_path, frame, suffix):
    paths = [f"/data/img_{i}.png" for i in range(len(frame))]
    frame = frame.assign(path=paths)
    ex = ClusterExplorer.from_frame(frame, features=["x", "y", "z"], labels="label", images="path", info=["size"])
    ex.keep_one_per_group("exact", "first")
    outlier = int(np.flatnonzero(~ex.exclude_mask & ex.result.is_outlier)[0]) if ex.result.n_outliers else 100
    ex.exclude([outlier])
    ex.relabel([3], "bird")
    summary = ex.export(tmp_path / f"manifest.{suffix}")
    assert summary.n_written == len(frame) - 16 and summary.n_excluded == 16
    assert summary.excluded_by["duplicates"] == 15 and sum(summary.excluded_by.values()) == 16
    assert "excluded 16 (15 duplicates, 1 " in str(summary)
    got = pd.read_csv(summary.path, index_col=0) if suffix == "csv" else pd.read_parquet(summary.path)
    kept = ~ex.exclude_mask
    assert got.index.name == "file_id" and got.index.tolist() == frame.index[kept].tolist()
    assert got["image_path"].tolist() == [p for p, k in zip(paths, kept) if k]
    assert got["label"].tolist() == ex.current_labels[kept].tolist() and got.loc[37, "label"] == "bird"
    assert got["size"].tolist() == frame["size"][kept].tolist()


def test_export_refuses_bad_paths(tmp_path, frame):
    ex = ClusterExplorer.from_frame(frame, features=["x", "y", "z"])
    with pytest.raises(ValueError, match=r"must end in \.csv or \.parquet"):
        ex.export(tmp_path / "manifest.txt")
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(ValueError, match="is a directory"):
        ex.export(tmp_path / "d.csv")
    summary = ClusterExplorer(frame[["x", "y"]].to_numpy()).export(tmp_path / "plain.csv")
    got = pd.read_csv(summary.path, index_col=0)
    assert got.index.name == "frame_index" and "image_path" not in got and summary.n_excluded == 0
