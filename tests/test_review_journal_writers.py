"""Two kernels writing one edits file at the same moment (issue 10.1): two
processes meet at a barrier before every edit, so their writes race, for many
rounds. Each write either succeeds (acknowledged) or is refused with an error
(then that writer reloads, as a person would by opening a new explorer). After
the last round a reload must hold every acknowledged edit, and nothing else.

Before the lock, CSV ended with both racing writes in the file and a journal
that refused to load ("batch 0 appears twice"); Parquet silently lost one."""

from __future__ import annotations

import importlib.util
import multiprocessing
import time

import numpy as np
import pytest

from hdbscope.review._edits import EditLog
from hdbscope.review._journal import Journal
from hdbscope.review._journal_rows import (
    JournalError,
    decode,
    encode_batch,
    encode_stack,
)
from hdbscope.review._label_codes import LabelVocabulary

HAVE_PYARROW = importlib.util.find_spec("pyarrow") is not None
N_SAMPLES = 50
ROUNDS = 60
FINGERPRINT = "sha256:" + "0" * 64


def _open(path):
    journal, rows = Journal.open(path, N_SAMPLES, FINGERPRINT, 2)
    log = EditLog(None, LabelVocabulary(None, N_SAMPLES), N_SAMPLES)
    log.load(decode(rows, N_SAMPLES, journal.path))
    return journal, log


def _writer(path, who, barrier, out):
    try:
        _write_rounds(path, who, barrier, out)
    except Exception as e:
        barrier.abort()
        out.put((who, [], f"{type(e).__name__}: {e}"))


def _write_rounds(path, who, barrier, out):
    journal, log = _open(path)
    acked, refused = [], 0
    for r in range(ROUNDS):
        barrier.wait(timeout=30)
        undo = r % 7 == 6 and log.peek_undo() is not None
        if undo:
            b = log.peek_undo()
            rows = encode_stack("undo", b, time_now())
        else:
            edits = log.plan("relabel", np.array([r % N_SAMPLES]), ["unflagged"], label=f"{who}-{r}")
            rows = encode_batch(edits)
        try:
            journal.append(rows)
        except JournalError:
            refused += 1
            journal, log = _open(path)  # what a new ClusterExplorer on the path does
            continue
        if undo:
            log.undo()
            acked.append((r, "undo", b, None))
        else:
            log.push(edits)
            acked.append((r, "relabel", edits[0].batch, (edits[0].index, f"{who}-{r}")))
    out.put((who, acked, refused))


def time_now():
    from hdbscope.review._edits import now

    return now()


@pytest.mark.parametrize(
    "suffix",
    ["csv", pytest.param("parquet", marks=pytest.mark.skipif(not HAVE_PYARROW, reason="pyarrow not installed"))],
)
def test_racing_writers_never_lose_an_acknowledged_edit(tmp_path, suffix):
    path = tmp_path / f"edits.{suffix}"
    _open(path)  # create it
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, who, barrier, out)) for who in ("a", "b")]
    start = time.monotonic()
    for p in procs:
        p.start()
    try:
        results = [out.get(timeout=60) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    errors = [r for _, _, r in results if isinstance(r, str)]
    assert not errors, errors
    assert all(p.exitcode == 0 for p in procs)
    acked = sorted(a for _, acks, _ in results for a in acks)  # by round: the order they were written
    refused = sum(r for _, _, r in results)
    # the writes are serialised: in each round exactly one writer wins, the other is refused
    assert len(acked) == ROUNDS and refused == ROUNDS, (len(acked), refused)
    _, log = _open(path)  # loads: no batch twice, no undo out of step
    relabels = [a for a in acked if a[1] == "relabel"]
    assert sorted(log.batches) == sorted(b for _, _, b, _ in relabels)
    for _, _, b, (index, label) in relabels:
        (edit,) = log.batches[b]
        assert (edit.index, edit.new_label) == (index, label)
    undone = {b for _, kind, b, _ in acked if kind == "undo"}
    assert undone, "precondition: some undos were acknowledged"
    assert log.applied == [b for _, _, b, _ in relabels if b not in undone]  # in force: every edit not undone
    assert time.monotonic() - start < 60
