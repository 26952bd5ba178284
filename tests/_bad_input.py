"""Helpers the bad-input tests (test_bad_input_*.py, test_bad_parameters.py) share."""

from __future__ import annotations

from _engine_data import partition, planted_copies


def _same(a, b):
    """Two results give the same partition and the same four findings."""
    assert partition(a.labels) == partition(b.labels)
    assert dict(a) == dict(b)


def _small():
    return planted_copies()[0][:300]
