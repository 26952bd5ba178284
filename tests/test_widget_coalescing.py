"""The ClusterExplorer coalesces fast slider moves: one evaluation for the newest value, an answer
for every turn of the loop, errors and refusals still answered. The front end is simulated with the comm
messages it would send."""

from __future__ import annotations

import asyncio

import pytest
from _widget_comm import (
    EvaluateSpy,
    blobs,  # noqa: F401 (fixture)
    from_browser,
    widget,  # noqa: F401 (fixture)
)

from hdbscope import Clusterer


# ---------------------------------------------------------------- coalescing
def test_fast_slider_moves_are_coalesced_to_the_newest_value(widget, blobs):
    """Messages that pile up in the kernel cost one evaluation: the newest."""
    w, rec = widget
    X, _ = blobs
    spy = EvaluateSpy(w)
    seq = w.seq

    async def burst():
        for m in range(6, 26):  # 20 slider messages processed back to back
            from_browser(w, {"min_cluster_size": m})
        assert spy.calls == []  # nothing computed yet
        await asyncio.sleep(0)  # the event loop turns once
        await asyncio.sleep(0)

    asyncio.run(burst())
    assert spy.calls == [
        {"min_cluster_size": 25, "duplicate_threshold": w.duplicate_threshold, "outlier_threshold": None}
    ]  # None: the default rule
    (msg,) = rec.updates()
    assert msg["data"]["state"]["seq"] == seq + 1
    assert msg["data"]["state"]["summary"]["min_cluster_size"] == 25
    assert w.result.n_clusters == Clusterer(X).evaluate(min_cluster_size=25).n_clusters


def test_both_sliders_in_one_burst_cost_one_evaluation(widget):
    w, rec = widget
    spy = EvaluateSpy(w)

    async def burst():
        from_browser(w, {"min_cluster_size": 7})
        from_browser(w, {"duplicate_threshold": 0.05})
        from_browser(w, {"min_cluster_size": 9, "duplicate_threshold": 0.06})
        await asyncio.sleep(0)

    asyncio.run(burst())
    assert spy.calls == [{"min_cluster_size": 9, "duplicate_threshold": 0.06, "outlier_threshold": None}]
    assert len(rec.updates()) == 1


def test_separate_turns_of_the_loop_each_get_their_answer(widget):
    w, rec = widget
    spy = EvaluateSpy(w)

    async def two():
        from_browser(w, {"min_cluster_size": 7})
        await asyncio.sleep(0)
        from_browser(w, {"min_cluster_size": 8})
        await asyncio.sleep(0)

    asyncio.run(two())
    assert [c["min_cluster_size"] for c in spy.calls] == [7, 8]
    assert [m["data"]["state"]["summary"]["min_cluster_size"] for m in rec.updates()] == [7, 8]


def test_an_update_queued_on_a_dead_loop_does_not_block_later_ones(widget):
    w, rec = widget
    w._update_scheduled = asyncio.new_event_loop()  # queued there, but that loop never ran
    w._update_scheduled.close()

    async def move():
        from_browser(w, {"min_cluster_size": 13})
        await asyncio.sleep(0)

    asyncio.run(move())
    assert w.result.min_cluster_size == 13


def test_an_evaluation_error_is_reported_and_still_answers(widget):
    w, rec = widget
    seq = w.seq

    def broken(**kw):
        raise RuntimeError("engine exploded")

    w._clusterer.evaluate = broken
    from_browser(w, {"min_cluster_size": 9})
    (msg,) = rec.updates()
    assert msg["data"]["state"]["error"] == "RuntimeError: engine exploded"
    assert msg["data"]["state"]["seq"] == seq + 1  # the front end is not left waiting
    assert w.result.min_cluster_size == 5  # the last good result stays
    with pytest.raises(RuntimeError, match="engine exploded"):
        w.min_cluster_size = 11  # from Python the error is raised


def test_a_refused_value_from_the_browser_is_answered(widget):
    w, rec = widget
    seq = w.seq
    from_browser(w, {"min_cluster_size": 1})
    assert w.min_cluster_size == 5 and w.result.min_cluster_size == 5
    states = [m["data"]["state"] for m in rec.updates()]
    assert {"min_cluster_size": 5} in states  # the slider is put back
    assert any(s.get("seq") == seq + 1 and "min_cluster_size must be >= 2" in s.get("error", "") for s in states)
    rec.clear()
    from_browser(w, {"min_cluster_size": 6})  # the next good value clears the error
    (msg,) = rec.updates()
    assert msg["data"]["state"]["error"] == ""
