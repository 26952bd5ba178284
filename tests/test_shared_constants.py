"""Constants the Python widget and the TypeScript front end share (flag bits, link
kinds, selection formats, review categories): each is defined once per language,
and this test reads both sides and requires them to agree."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from hdbscope.review import _edits, _queue
from hdbscope.widget import _serialization

JS = pathlib.Path(__file__).resolve().parents[1] / "js"


def js_numbers(path: str) -> dict[str, int]:
    text = (JS / path).read_text()
    return {m[1]: int(m[2]) for m in re.finditer(r"^export const (\w+) = (\d+);", text, re.M)}


def js_strings(path: str, name: str) -> list[str]:
    text = (JS / path).read_text()
    m = re.search(rf"export const {name}\b[^=]*= (?:new Set\()?(\[[^\]]*\])", text)
    assert m, f"{name} not found in js/{path}"
    return json.loads(m[1])


@pytest.mark.parametrize("path, prefix", [("flags.ts", "FLAG_"), ("links.ts", "LINK_"), ("selection.ts", "SELECTION_")])
def test_numeric_constants_agree(path, prefix):
    js = {k: v for k, v in js_numbers(path).items() if k.startswith(prefix) and k in vars(_serialization)}
    py = {k: v for k, v in vars(_serialization).items() if k.startswith(prefix) and isinstance(v, int)}
    assert js == py and py  # every Python constant has its TypeScript twin, same value


def test_flag_bits_are_distinct_single_bits():
    bits = [v for k, v in vars(_serialization).items() if k.startswith("FLAG_")]
    assert len(bits) == len(set(bits)) and all(b > 0 and b & (b - 1) == 0 and b < 256 for b in bits)


def test_review_categories_agree():
    assert js_strings("review/queue.ts", "CATEGORIES") == list(_edits.CATEGORIES)
    assert js_strings("review/queue.ts", "GROUP_CATEGORIES") == list(_queue.GROUP_CATEGORIES)


def test_every_flag_bit_of_the_front_end_is_pythons():
    # the other direction of test_numeric_constants_agree: a bit only one side knows is a bug
    js = {k: v for k, v in js_numbers("flags.ts").items() if k.startswith("FLAG_")}
    py = {k: v for k, v in vars(_serialization).items() if k.startswith("FLAG_") and isinstance(v, int)}
    assert js == py


def test_review_decisions_agree():
    # the saved page reads Python's decision codes (its "decisions" buffer) and shows their names
    js = js_numbers("kernelless/edits.ts")
    assert {"KEEP": js["KEEP"], "EXCLUDE": js["EXCLUDE"]} == {"KEEP": _edits.KEEP, "EXCLUDE": _edits.EXCLUDE}
    names = js_strings("kernelless/edits.ts", "DECISION_NAMES")
    assert dict(enumerate(names)) == _edits.DECISION_NAMES
