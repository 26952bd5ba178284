"""The public API is annotated: every public function, method and property of hdbscope's public names
says what it takes and returns (mypy then checks those annotations: `make typecheck`), and the wheel
ships py.typed so users' type checkers read them."""

from __future__ import annotations

import functools
import inspect
import pathlib

import pytest

import hdbscope
from hdbscope import _magic, datasets

PUBLIC = [hdbscope.Clusterer, hdbscope.ClusterResult, hdbscope.ClusterExplorer, hdbscope.explore, datasets, _magic]


def _members(obj):
    """(qualified name, function) for each public callable, method and property defined by hdbscope."""
    if inspect.ismodule(obj):
        for name, value in vars(obj).items():
            if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == obj.__name__:
                yield f"{obj.__name__}.{name}", value
            if inspect.isclass(value) and value.__module__ == obj.__name__:
                yield from _members(value)
        return
    if inspect.isfunction(obj):
        yield obj.__qualname__, obj
        return
    inherited = {name for klass in obj.__mro__ if not klass.__module__.startswith("hdbscope") for name in vars(klass)}
    for klass in obj.__mro__:
        if not klass.__module__.startswith("hdbscope"):
            continue
        for name, value in vars(klass).items():
            if (name.startswith("_") and name != "__init__") or (name in inherited and name != "__init__"):
                continue  # private, or an override of ipywidgets/Mapping whose signature is theirs
            where = f"{obj.__module__}.{obj.__name__}.{name}"
            if isinstance(value, property):
                yield where, value.fget
            elif isinstance(value, functools.cached_property):
                yield where, value.func
            elif isinstance(value, (staticmethod, classmethod)):
                yield where, value.__func__
            elif inspect.isfunction(value):
                yield where, value


MEMBERS = dict(item for obj in PUBLIC for item in _members(obj))


def test_the_public_api_is_found():
    names = set(MEMBERS)
    for expected in (
        "Clusterer.evaluate",
        "ClusterResult.to_frame",
        "ClusterExplorer.__init__",
        "explore",
        "datasets.walkthrough_blobs",
    ):
        assert any(n.endswith(expected) for n in names), (expected, sorted(names))


@pytest.mark.parametrize(
    "name",
    sorted(MEMBERS),
)
def test_public_member_is_annotated(name):
    fn = MEMBERS[name]
    sig = inspect.signature(fn)
    missing = [
        p.name
        for p in sig.parameters.values()
        if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty
    ]
    if fn.__name__ != "__init__" and sig.return_annotation is inspect.Signature.empty:
        missing.append("return")
    assert not missing, f"{name}: annotate {', '.join(missing)}"


def test_py_typed_ships_with_the_package():
    # hatch puts everything under src/hdbscope in the wheel, this marker included (PEP 561).
    assert (pathlib.Path(hdbscope.__file__).parent / "py.typed").is_file()
