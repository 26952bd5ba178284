"""Calibration marks are journalled like edits (review/_journal_rows.py): they come
back when a new explorer (or a fresh Python process, after a kernel restart) opens
the same edits file, undo leaves them alone, and journals without marks still open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from hdbscope import Clusterer, ClusterExplorer
from hdbscope.review._journal_rows import JournalError


def _data():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(2000, 2))
    X[1980:] = X[:20] + rng.normal(size=(20, 2)) * 1e-4
    return X


def _marked(e, n_pairs=10):
    frame = e.calibrate_duplicates(n_pairs=n_pairs)
    for k in range(len(frame)):
        e.mark_pair(k, "same" if k % 3 else "different")
    return frame


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_marks_round_trip_through_the_journal(tmp_path, suffix):
    X = _data()
    path = tmp_path / f"edits.{suffix}"
    e = ClusterExplorer(X, edits_path=path)
    e.relabel([5, 6], "checked")
    _marked(e)
    e.mark_pair(0, "same")  # marked again: the newest mark wins after a reload too
    e.undo()  # undo takes back the relabel, not the marks
    before, est = e.duplicate_marks, e.calibration_estimate()
    assert len(before) == 10 and est["n_marked"] == 10 and e.current_labels[5] is None
    again = ClusterExplorer(X, edits_path=path)
    after = again.duplicate_marks
    assert after[["a", "b", "distance", "mark"]].equals(before[["a", "b", "distance", "mark"]])
    assert (after.time == before.time).all()
    assert again.calibration_estimate() == est
    assert again.edit_state["can_redo"] and not again.edit_state["can_undo"]
    again.redo()
    assert again.current_labels[5] == "checked"
    # the reloaded explorer shows the marks on the pairs it samples
    frame = again.calibrate_duplicates(n_pairs=10)
    assert frame["mark"].notna().all()


def test_an_old_journal_without_marks_still_opens(tmp_path):
    """A file as written before marks existed (version 1, eight columns)."""
    X = _data()
    fp = Clusterer(X).data_fingerprint
    header = {"format": "hdbscope-edits", "version": 1, "n_samples": 2000, "n_features": 2, "fingerprint": fp}
    path = tmp_path / "old.csv"
    path.write_text(
        "# hdbscope-edits v1\n"
        f"# {json.dumps(header)}\n"
        "batch,batch_size,index,old_label,new_label,action,category,time\n"
        '0,2,3,null,"""cat""",relabel,unflagged,2026-01-02T03:04:05.000006+00:00\n'
        '0,2,4,null,"""cat""",relabel,unflagged,2026-01-02T03:04:05.000006+00:00\n'
        "1,1,9,null,null,exclude,outliers,2026-01-02T03:04:06.000000+00:00\n"
        "1,1,,,,undo,,2026-01-02T03:04:07.000000+00:00\n",
        encoding="utf-8",
    )
    e = ClusterExplorer(X, edits_path=path)
    assert list(e.current_labels[[3, 4]]) == ["cat", "cat"] and not e.exclude_mask.any()
    assert e.edit_state["can_redo"] and len(e.duplicate_marks) == 0
    e.calibrate_duplicates(n_pairs=4)
    e.mark_pair(1, "same")  # appended to the old file; both kinds read back
    again = ClusterExplorer(X, edits_path=path)
    assert len(again.duplicate_marks) == 1 and list(again.current_labels[[3, 4]]) == ["cat", "cat"]


@pytest.mark.parametrize(
    "new_label, match",
    [
        ('{"b": 99999, "distance": 0.1, "mark": "same"}', "sample b"),
        ('{"b": 8, "distance": 0.1, "mark": "perhaps"}', "'same' or 'different'"),
        ('{"b": 8, "distance": -1, "mark": "same"}', "distance"),
        ('"same"', "a mark needs"),
    ],
)
def test_a_damaged_mark_row_is_an_error_naming_its_line(tmp_path, new_label, match):
    X = _data()
    path = tmp_path / "edits.csv"
    e = ClusterExplorer(X, edits_path=path)
    e.calibrate_duplicates(n_pairs=4)
    e.mark_pair(0, "same")
    lines = path.read_text(encoding="utf-8").splitlines()
    quoted = '"' + new_label.replace('"', '""') + '"'
    lines.append(f"-1,1,7,,{quoted},mark,near_duplicates,2026-01-02T03:04:05.000000+00:00")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(JournalError, match=f"line 5: .*{match}"):
        ClusterExplorer(X, edits_path=path)


def test_a_mark_the_file_refuses_is_not_kept(tmp_path):
    X = _data()
    path = tmp_path / "edits.csv"
    e = ClusterExplorer(X, edits_path=path)
    e.calibrate_duplicates(n_pairs=4)
    other = ClusterExplorer(X, edits_path=path)
    other.relabel([1], "x")  # another writer changed the file
    with pytest.raises(JournalError, match="changed on disk"):
        e.mark_pair(0, "same")
    assert len(e.duplicate_marks) == 0 and e.calibration_estimate()["n_marked"] == 0


def test_marks_and_estimate_survive_a_kernel_restart(tmp_path):
    """A kernel marks pairs and dies (SIGKILL, no clean shutdown); a fresh Python process
    opens the same edits file and gets the same marks and the same estimate."""
    X = _data()
    np.save(tmp_path / "X.npy", X)
    path = tmp_path / "edits.parquet"
    first = textwrap.dedent(f"""
        import json, os, signal, numpy as np
        from hdbscope import ClusterExplorer
        e = ClusterExplorer(np.load({str(tmp_path / "X.npy")!r}), edits_path={str(path)!r})
        frame = e.calibrate_duplicates(n_pairs=12)
        for k in range(len(frame)):
            e.mark_pair(k, "same" if frame.distance[k] <= frame.distance.median() else "different")
        print(json.dumps({{"estimate": e.calibration_estimate(),
                          "marks": e.duplicate_marks[["a", "b", "distance", "mark"]].values.tolist()}}), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    second = textwrap.dedent(f"""
        import json, numpy as np
        from hdbscope import ClusterExplorer
        e = ClusterExplorer(np.load({str(tmp_path / "X.npy")!r}), edits_path={str(path)!r})
        print(json.dumps({{"estimate": e.calibration_estimate(),
                          "marks": e.duplicate_marks[["a", "b", "distance", "mark"]].values.tolist()}}), flush=True)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run1 = subprocess.run([sys.executable, "-c", first], capture_output=True, text=True, env=env, timeout=300)
    assert run1.returncode == -9, run1.stderr
    before = json.loads(run1.stdout)
    run2 = subprocess.run([sys.executable, "-c", second], capture_output=True, text=True, env=env, timeout=300)
    assert run2.returncode == 0, run2.stderr
    after = json.loads(run2.stdout)
    assert after == before
    est = before["estimate"]
    assert est["n_marked"] == 12 and est["precision"] is not None and est["suggested_threshold"] is not None
