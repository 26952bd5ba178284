"""Trait types of the ClusterExplorer: parameters validated like the engine
validates them (TypeError / ValueError naming the fix), and the selection,
a numpy index array that travels in the compact binary format."""

from __future__ import annotations

import numpy as np
import traitlets

from ..engine import check_min_cluster_size, check_outlier_threshold, check_threshold
from ..review._indices import sample_indices
from ._serialization import decode_selection, encode_selection


class MinClusterSize(traitlets.Int):
    def validate(self, obj, value):
        return check_min_cluster_size(value)  # TypeError / ValueError with the fix


class DuplicateThreshold(traitlets.Float):
    def validate(self, obj, value):
        # the engine's own check, before the trait changes (with the data's range once fitted)
        clusterer = getattr(obj, "_clusterer", None)
        if clusterer is None:
            return check_threshold("duplicate_threshold", value)
        return clusterer.check_duplicate_threshold(value)


class OutlierThreshold(traitlets.Float):
    def validate(self, obj, value):
        return check_outlier_threshold(value)  # a GLOSH cut in [0, 1]


_NO_SELECTION = np.empty(0, dtype=np.int64)
_NO_SELECTION.setflags(write=False)


class Selection(traitlets.TraitType):
    """Sorted unique sample indices (read-only int64 array); accepts any index list or a boolean mask."""

    info_text = "sample indices or a boolean mask"

    def __init__(self, **kwargs):
        super().__init__(default_value=_NO_SELECTION, **kwargs)

    def validate(self, obj, value):
        return sample_indices(value, obj.n_samples)

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
