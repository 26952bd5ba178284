"""A stable integer code per distinct label value, for colouring by label and
for the label choices (and keys 1-9) of the review panel.

Codes never change for the widget's lifetime, so a label keeps its colour
while edits change how often it occurs: the given labels get codes 0..K-1 by
frequency (most frequent first, ties by text), labels created later get the
next codes in order of creation. Missing labels (None, NaN) have code -1.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..engine import factorize, label_key
from ._labels import label_text

MAX_CHOICES = 200  # label choices sent to the browser (the most frequent)
MAX_LABEL_CHARS = 1000  # a typed label longer than this is refused


def is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and friends (pd.NA raises: treated as missing)
    except (TypeError, ValueError):
        return True


def plain(value):
    """numpy scalars as Python values (dict keys and JSON need them)."""
    return value.item() if isinstance(value, np.generic) else value


class LabelVocabulary:
    def __init__(self, given: np.ndarray | None, n_samples: int):
        self.values: list = []  # code -> label value
        self._code: dict = {}  # label value -> code
        self._by_text: dict | None = None  # shown text -> first code with it (built when first needed)
        self.given_codes = np.full(n_samples, -1, dtype=np.int32)
        if given is not None and n_samples:
            self._index_given(given)
        self.n_given = len(self.values)

    def _index_given(self, given: np.ndarray) -> None:
        codes, uniques = factorize(np.asarray(given, dtype=object))
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        texts = [label_text(uniques, k) for k in range(len(uniques))]
        order = sorted(range(len(uniques)), key=lambda k: (-counts[k], texts[k], type(uniques[k]).__name__))
        remap = np.full(len(uniques) + 1, -1, dtype=np.int32)  # last entry: the -1 sentinel
        for new, old in enumerate(order):
            remap[old] = new
            self._add(plain(uniques[old]))
        self.given_codes = remap[codes]

    def sorted_order(self):
        """(label values in sorted order, rank of each code in it): what the engine's label
        check wants; labels are only ever added, so it is rebuilt when one is."""
        if getattr(self, "_sorted", (None, -1))[1] != len(self.values):
            from ..engine import sorted_uniques

            self._sorted = (sorted_uniques(list(self.values)), len(self.values))
        return self._sorted[0]

    def _add(self, value) -> int:
        code = len(self.values)
        self.values.append(value)
        self._code[label_key(value)] = code
        if self._by_text is not None:
            self._by_text.setdefault(self.text(code), code)
        return code

    def code_of(self, value) -> int:
        """The code of a label value, adding it if new (-1 for missing)."""
        if is_missing(value):
            return -1
        value = plain(value)
        code = self._code.get(label_key(value))
        return self._add(value) if code is None else code

    def lookup(self, value) -> int | None:
        """The code of a known label (-1 for missing), or None if it is new."""
        return -1 if is_missing(value) else self._code.get(label_key(plain(value)))

    def text(self, code: int) -> str:
        return "" if code < 0 else label_text(self.values, code)

    def value(self, code: int):
        if not 0 <= code < len(self.values):
            raise ValueError(f"no label with code {code} (known codes: 0..{len(self.values) - 1})")
        return self.values[code]

    def from_text(self, text) -> object:
        """The label a person typed: an existing label with exactly this text, or a new one.

        A new label takes the type of the existing ones when the text allows it
        (digits typed for integer labels become an int), so it compares equal
        to the labels it sits among.
        """
        if not isinstance(text, str):
            raise TypeError(f"a typed label must be text; got {type(text).__name__}")
        text = text.strip()
        if not text:
            raise ValueError("a label cannot be empty: type some text, or pick an existing label")
        if len(text) > MAX_LABEL_CHARS:
            raise ValueError(f"a label may have at most {MAX_LABEL_CHARS} characters; got {len(text)}")
        if self._by_text is None:
            self._by_text = {}
            for code in range(len(self.values)):
                self._by_text.setdefault(self.text(code), code)
        if text in self._by_text:
            return self.values[self._by_text[text]]
        kinds = {_kind(v) for v in self.values}
        if kinds == {"int"}:
            try:
                return int(text)
            except ValueError:
                pass
        if kinds and kinds <= {"int", "float"}:
            try:
                return float(text)
            except ValueError:
                pass
        return text

    def choices(self, current_codes: np.ndarray, limit: int = MAX_CHOICES) -> list[list]:
        """[[code, text, count], ...] of the most frequent current labels (ties: lower code)."""
        counts = np.bincount(current_codes[current_codes >= 0], minlength=len(self.values))
        nonzero = np.flatnonzero(counts)
        order = nonzero[np.lexsort((nonzero, -counts[nonzero]))][:limit]
        return [[int(c), self.text(int(c)), int(counts[c])] for c in order]

    def names(self, *code_arrays: np.ndarray, limit: int = MAX_CHOICES) -> dict[str, str]:
        """Text of the codes the browser may need to name: the most frequent of each
        array (legend rows) and every label created during editing."""
        wanted = set(range(self.n_given, len(self.values)))
        for codes in code_arrays:
            wanted.update(c for c, _, _ in self.choices(codes, limit))
        return {str(c): self.text(c) for c in sorted(wanted)}


def _kind(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, numbers.Integral):
        return "int"
    if isinstance(value, numbers.Real):
        return "float"
    return "other"
