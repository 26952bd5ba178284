"""The edits file: every edit on disk when it happens (append + fsync for CSV,
temp file + rename for Parquet), reloaded by a new explorer on the same path
and data, refused for other data, and intact after a hard kill."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
from fractions import Fraction

import numpy as np
import pytest

from hdbscope import ClusterExplorer
from hdbscope.datasets import walkthrough_blobs
from hdbscope.review import _journal

HAVE_PYARROW = importlib.util.find_spec("pyarrow") is not None
SUFFIXES = ["csv", pytest.param("parquet", marks=pytest.mark.skipif(not HAVE_PYARROW, reason="pyarrow not installed"))]


@pytest.fixture
def blobs():
    return walkthrough_blobs()


def state(w):
    return (
        w.current_labels.tolist(),
        w.exclude_mask.tolist(),
        w.relabels.drop(columns="time").to_dict("list"),
        w.edit_state,
    )


def make_edits(w):
    w.relabel([1, 2, 3], 7)
    w.relabel([5], "cat")
    w.relabel([6], "3")  # text "3", not the integer 3
    w.exclude([24])
    w.undo()
    w.keep([79])
    w.relabel([8], 3.5)
    w.undo()
    w.redo()
    w.relabel([9], None)  # clear a label


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_new_explorer_on_the_same_path_reloads_everything(tmp_path, blobs, suffix):
    X, y = blobs
    path = tmp_path / f"edits.{suffix}"
    w = ClusterExplorer(X, labels=y, edits_path=path)
    assert path.exists() and w.edits_path == path
    make_edits(w)
    w2 = ClusterExplorer(X, labels=y, edits_path=str(path))
    assert state(w2) == state(w)
    assert w2.current_labels[6] == "3" and w2.current_labels[3] == 7 and w2.current_labels[8] == 3.5
    assert w2.current_labels[9] is None
    np.testing.assert_array_equal(np.frombuffer(w2.flags, np.uint8), np.frombuffer(w.flags, np.uint8))
    # the undo stack survives too: undoing in the new explorer undoes the last edit of the old one
    assert w2.undo() == 1 and w2.current_labels[9] == y[9]
    assert w2.undo() == 1 and w2.current_labels[8] == y[8]
    w3 = ClusterExplorer(X, labels=y, edits_path=path)
    assert w3.edit_state["can_redo"] and state(w3) == state(w2)


def test_csv_is_readable_and_appends_with_fsync(tmp_path, blobs, monkeypatch):
    X, y = blobs
    path = tmp_path / "edits.csv"
    w = ClusterExplorer(X, labels=y, edits_path=path)
    synced = []
    real = os.fsync
    monkeypatch.setattr(_journal.os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    size = path.stat().st_size
    w.relabel([1, 2], "new")
    assert len(synced) == 1 and path.stat().st_size > size  # appended and synced before relabel returned
    lines = path.read_text().splitlines()
    assert lines[0] == "# hdbscope-edits v1"
    assert '"n_samples": 100' in lines[1] and '"fingerprint": "sha256:' in lines[1]
    assert f'"fingerprint": "{w.clusterer.data_fingerprint}"' in lines[1]  # the engine's one fingerprint
    assert lines[2] == ",".join(_journal.COLUMNS)
    assert lines[3].startswith('0,2,1,4,"""new""",relabel,')
    w.undo()
    assert len(synced) == 2 and path.read_text().splitlines()[-1].startswith("0,1,,,,undo,")
    import pandas as pd

    frame = pd.read_csv(path, comment=None, skiprows=2)  # plain pandas reads it
    assert frame["action"].tolist() == ["relabel", "relabel", "undo"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_other_data_is_refused(tmp_path, blobs, suffix):
    X, y = blobs
    path = tmp_path / f"edits.{suffix}"
    ClusterExplorer(X, edits_path=path).relabel([0], "x")
    before = path.read_bytes()
    Y = X.copy()
    Y[[3, 4]] = Y[[4, 3]]  # same rows, other order: the indices would point elsewhere
    with pytest.raises(ValueError, match=r"edits made on different data.*100 samples.*same rows, same order"):
        ClusterExplorer(Y, edits_path=path)
    with pytest.raises(ValueError, match=r"written for 100 samples.*this data has 99 samples"):
        ClusterExplorer(X[:99], edits_path=path)
    assert path.read_bytes() == before  # nothing written to someone else's file
    # the same data in another dtype or container is the same data
    w = ClusterExplorer(X.astype(np.float64).tolist(), edits_path=path)
    assert w.current_labels[0] == "x"


def test_bad_paths_and_foreign_files(tmp_path, blobs):
    X, _ = blobs
    with pytest.raises(ValueError, match=r"must end in \.csv or \.parquet"):
        ClusterExplorer(X, edits_path=tmp_path / "edits.txt")
    with pytest.raises(ValueError, match="does not exist"):
        ClusterExplorer(X, edits_path=tmp_path / "no" / "edits.csv")
    with pytest.raises(TypeError, match="edits_path must be a file path"):
        ClusterExplorer(X, edits_path=3)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="is not an hdbscope edits file"):
        ClusterExplorer(X, edits_path=other)
    assert other.read_text() == "a,b\n1,2\n"


def test_labels_that_cannot_be_written_are_refused_before_anything_changes(tmp_path, blobs):
    X, y = blobs
    w = ClusterExplorer(X, labels=y, edits_path=tmp_path / "e.csv")
    with pytest.raises(TypeError, match="labels written there must be str, int, float, bool or None"):
        w.relabel([1], Fraction(1, 3))
    assert w.current_labels[1] == y[1] and len(w.relabels) == 0
    assert ClusterExplorer(X).relabel([1], Fraction(1, 3)) == 1  # without a file any hashable label is fine


def test_a_cut_short_last_write_is_dropped_and_the_rest_kept(tmp_path, blobs):
    X, y = blobs
    path = tmp_path / "edits.csv"
    w = ClusterExplorer(X, labels=y, edits_path=path)
    w.relabel([1], "kept")
    good = path.read_bytes()
    w.relabel([2, 3, 4], "lost")
    full = path.read_bytes()
    for cut in (len(good) + 5, len(full) - 40):  # mid-line, and after the first row of the 3-row batch
        path.write_bytes(full[:cut])
        with pytest.warns(RuntimeWarning, match="only partly written"):
            w2 = ClusterExplorer(X, labels=y, edits_path=path)
        assert w2.current_labels[1] == "kept" and w2.current_labels[2] == y[2]
        assert path.read_bytes() == good  # truncated back to the last complete edit
        w2.relabel([5], "after")  # and appending works again
        assert ClusterExplorer(X, labels=y, edits_path=path).current_labels[5] == "after"


def test_a_damaged_line_in_the_middle_is_an_error_not_a_silent_loss(tmp_path, blobs):
    X, y = blobs
    path = tmp_path / "edits.csv"
    w = ClusterExplorer(X, labels=y, edits_path=path)
    w.relabel([1], "a")
    w.relabel([2], "b")
    lines = path.read_text().splitlines(keepends=True)
    lines[3] = lines[3].replace("relabel", "bogus")
    path.write_text("".join(lines))
    with pytest.raises(ValueError, match=r"line 4: unknown action 'bogus'"):
        ClusterExplorer(X, labels=y, edits_path=path)


def test_two_explorers_on_one_file_cannot_interleave(tmp_path, blobs):
    X, y = blobs
    path = tmp_path / "edits.csv"
    a = ClusterExplorer(X, labels=y, edits_path=path)
    b = ClusterExplorer(X, labels=y, edits_path=path)
    a.relabel([1], "from a")
    with pytest.raises(ValueError, match="changed on disk since this explorer last wrote it"):
        b.relabel([2], "from b")
    assert b.current_labels[2] == y[2]  # refused edits are not applied
    assert ClusterExplorer(X, labels=y, edits_path=path).relabels["new_label"].tolist() == ["from a"]


def test_edits_survive_a_hard_kill(tmp_path, blobs):
    """A process that is SIGKILLed right after an edit returns has it on disk."""
    X, y = blobs
    path = tmp_path / "edits.csv"
    np.save(tmp_path / "X.npy", X)
    script = textwrap.dedent(f"""
        import sys, time, numpy as np
        from hdbscope import ClusterExplorer
        w = ClusterExplorer(np.load({str(tmp_path / "X.npy")!r}), edits_path={str(path)!r})
        for i in range(1000):
            w.relabel([i % 100], f"edit {{i}}")
            print(i, flush=True)
            if i == 7:
                time.sleep(60)  # killed here
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        for line in proc.stdout:
            if line.strip() == "7":
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    w = ClusterExplorer(X, edits_path=path)
    assert [w.current_labels[i] for i in range(8)] == [f"edit {i}" for i in range(8)]
    assert len(w.relabels) == 8


# ---------------------------------------------------------------- issue 10: odd labels and damaged files


def test_labels_over_the_csv_field_limit_and_with_newlines_read_back(tmp_path, blobs):
    import csv

    X, y = blobs
    path = tmp_path / "edits.csv"
    given = np.array([str(v) for v in y], dtype=object)
    given[4] = "g" * 200_000  # a given label this long goes into old_label
    w = ClusterExplorer(X, labels=given, edits_path=path)
    long, multi = "x" * 200_000, 'line one\nline two, "quoted"'
    w.relabel([1], long)
    w.relabel([2], multi)
    w.keep([4])
    limit = csv.field_size_limit()
    w2 = ClusterExplorer(X, labels=given, edits_path=path)
    assert w2.current_labels[1] == long and w2.current_labels[2] == multi and w2.current_labels[4] == given[4]
    assert csv.field_size_limit() == limit  # the csv module's limit is raised only while reading


def test_a_torn_write_inside_a_multibyte_character_is_dropped(tmp_path, blobs):
    X, y = blobs
    path = tmp_path / "edits.csv"
    w = ClusterExplorer(X, labels=y, edits_path=path)
    w.relabel([1], "kept 🙂")
    good = path.read_bytes()
    w.relabel([2, 3], "lost 🙂🙂")
    full = path.read_bytes()
    emoji = full.index("🙂".encode(), len(good))
    for cut in (emoji + 1, emoji + 2, emoji + 3, len(full) - 1):
        path.write_bytes(full[:cut])
        with pytest.warns(RuntimeWarning, match="only partly written"):
            w2 = ClusterExplorer(X, labels=y, edits_path=path)
        assert w2.current_labels[1] == "kept 🙂" and w2.current_labels[2] == y[2], cut
        assert path.read_bytes() == good


def test_damaged_or_hand_edited_files_are_errors_and_left_alone(tmp_path, blobs):
    X, y = blobs
    (tmp_path / "folder.csv").mkdir()
    for folder in (tmp_path, tmp_path / "folder.csv"):
        with pytest.raises(ValueError, match=r"is a folder; pass a file path in it"):
            ClusterExplorer(X, edits_path=folder)
    path = tmp_path / "edits.csv"
    ClusterExplorer(X, labels=y, edits_path=path).relabel([1], "a")
    good = path.read_bytes()
    path.write_bytes(good.replace(b'"a"', b'"\xff"'))
    with pytest.raises(ValueError, match=r"byte \d+ is not UTF-8 text"):
        ClusterExplorer(X, labels=y, edits_path=path)
    for added in (b"a note added by hand\n", b"0,1,5,1,2,relabel\n"):
        path.write_bytes(good + added)
        with pytest.raises(ValueError, match=r"line 5"):
            ClusterExplorer(X, labels=y, edits_path=path)
        assert path.read_bytes() == good + added  # nothing truncated away


def test_labels_the_file_cannot_hold_are_refused_when_the_explorer_is_made(tmp_path, blobs):
    X, _ = blobs
    path = tmp_path / "edits.csv"
    with pytest.raises(TypeError, match=r"labels with an edits_path: cannot write the label b'a'"):
        ClusterExplorer(X, labels=[b"a"] * len(X), edits_path=path)
    assert not path.exists()
    assert ClusterExplorer(X, labels=[b"a"] * len(X)).keep([0]) == 1  # without a file they are fine


def test_a_file_written_with_other_labels_is_refused(tmp_path, blobs):
    X, y = blobs
    path = tmp_path / "edits.csv"
    ClusterExplorer(X, labels=y, edits_path=path).relabel([1], 7)
    with pytest.raises(ValueError, match=rf"sample 1 had the label {y[1]} \(int\).*now make it '{y[1]}' \(str\)"):
        ClusterExplorer(X, labels=[str(v) for v in y], edits_path=path)
    assert ClusterExplorer(X, labels=y, edits_path=path).current_labels[1] == 7


def test_minus_zero_is_the_same_data(tmp_path, blobs):
    X, y = blobs
    X = X.copy()
    X[5, 0] = 0.0
    path = tmp_path / "edits.csv"
    ClusterExplorer(X, labels=y, edits_path=path).relabel([1], "a")
    X[5, 0] = -0.0
    assert ClusterExplorer(X, labels=y, edits_path=path).current_labels[1] == "a"
