"""The clusterer the result tests share."""

from __future__ import annotations

import pytest
from _engine_data import planted_copies

from hdbscope import Clusterer


@pytest.fixture(scope="module")
def planted_clusterer():
    return Clusterer(planted_copies()[0])
