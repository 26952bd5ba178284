"""Shared fixtures: the datasets and helpers live in _engine_data.py (importable by name
from test modules; a module named conftest would clash with tests/e2e/conftest.py)."""

from _engine_data import *  # noqa: F403
