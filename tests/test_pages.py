"""While a fit runs, numpy allocates without the huge-page advice (``_pages``), and the
process's own setting comes back afterwards, whatever happens."""

from __future__ import annotations

import numpy as np
import pytest

from hdbscope import Clusterer
from hdbscope.engine import _clusterer, _pages

switch = _pages._switch()
pytestmark = pytest.mark.skipif(switch is None, reason="this numpy has no huge-page switch")


def _advised() -> bool:
    assert switch is not None
    now = switch(True)
    switch(now)
    return bool(now)


@pytest.mark.parametrize("before", [True, False])
def test_small_pages_inside_and_restored_after(before):
    assert switch is not None
    outer = switch(before)
    try:
        with _pages.small_pages():
            assert not _advised()
            with _pages.small_pages():  # nested (a fit inside a fit's thread): still off
                assert not _advised()
            assert not _advised()
        assert _advised() is before
        with pytest.raises(RuntimeError), _pages.small_pages():
            raise RuntimeError("a failing fit")
        assert _advised() is before
    finally:
        switch(outer)


def test_a_fit_and_a_slider_move_run_on_small_pages_and_restore_the_setting(monkeypatch):
    seen = []
    fit = _clusterer.fit

    def spy(*args, **kwargs):
        seen.append(_advised())
        return fit(*args, **kwargs)

    monkeypatch.setattr(_clusterer, "fit", spy)
    before = _advised()
    c = Clusterer(np.random.default_rng(0).normal(size=(300, 3)), progress=False)
    assert seen == [False]
    assert _advised() is before
    part = _clusterer.extract

    def extract_spy(*args):
        seen.append(_advised())
        return part(*args)

    monkeypatch.setattr(_clusterer, "extract", extract_spy)
    c.evaluate(min_cluster_size=7)  # a slider move: its arrays on small pages too
    assert seen == [False, False]
    assert _advised() is before
    with pytest.raises(ValueError):
        Clusterer(np.full((10, 2), np.nan), progress=False)  # bad input: the setting still comes back
    assert _advised() is before
