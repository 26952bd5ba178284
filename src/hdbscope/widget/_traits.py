"""Trait types of the ClusterExplorer: parameters validated like the engine
validates them (TypeError / ValueError naming the fix), and the selection,
a numpy index array that travels in the compact binary format."""
from __future__ import annotations

import numpy as np
import traitlets

from ..engine import _validate
from ._serialization import decode_selection, encode_selection, normalise_selection


class MinClusterSize(traitlets.Int):
    def validate(self, obj, value):
        return _validate.check_min_cluster_size(value)  # TypeError / ValueError with the fix


class DuplicateThreshold(traitlets.Float):
    def validate(self, obj, value):
        t = _validate.check_threshold("duplicate_threshold", value)
        clusterer = getattr(obj, "_clusterer", None)
        if clusterer is not None:
            high = clusterer.duplicate_threshold_range[1]
            if t > high * (1 + 1e-12):  # the engine refuses these; refuse before the trait changes
                raise ValueError(
                    f"duplicate_threshold={t:.6g} is above this data's range "
                    f"{clusterer.exact_threshold:.6g} .. {high:.6g} (see Clusterer.duplicate_threshold_range): "
                    "pick a value inside it."
                )
        return t


class OutlierThreshold(traitlets.Float):
    def validate(self, obj, value):
        return _validate.check_outlier_threshold(value)  # a GLOSH cut in [0, 1]


_NO_SELECTION = np.empty(0, dtype=np.int64)
_NO_SELECTION.setflags(write=False)


class Selection(traitlets.TraitType):
    """Sorted unique sample indices (read-only int64 array); accepts any index list or a boolean mask."""

    info_text = "sample indices or a boolean mask"

    def __init__(self, **kwargs):
        super().__init__(default_value=_NO_SELECTION, **kwargs)

    def validate(self, obj, value):
        return normalise_selection(value, obj.n_samples)

    def set(self, obj, value):
        # traitlets compares with ==, which is ambiguous for arrays
        new = self._validate(obj, value)
        old = obj._trait_values.get(self.name, self.default_value)
        obj._trait_values[self.name] = new
        if not np.array_equal(old, new):
            obj._notify_trait(self.name, old, new)


def selection_to_json(value, widget):
    return encode_selection(value, widget.n_samples)


def selection_from_json(buf, widget):
    return decode_selection(buf, widget.n_samples)
