"""Exact and near-duplicate findings of a fit, read off its duplicate forest."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._chance import EXACT_FACTOR
from ._links import sample_groups

if TYPE_CHECKING:
    from ._fit import FitState


def duplicate_part(f: FitState, t: float):
    """``(near-duplicate group per sample, number of groups, links)`` at threshold ``t`` (data units)."""
    if f.forest is None:
        return np.full(f.n_samples, -1, np.int64), 0, np.empty((0, 2), np.int64)
    comp, m = f.forest.components(t / f.scale)
    group, n_groups = sample_groups(comp, f.inverse, f.exact_row, True)
    near = np.arange(m) >= f.forest.count(EXACT_FACTOR * f.median_nn)
    links = np.stack([f.rep[f.forest.a[:m][near]], f.rep[f.forest.b[:m][near]]], axis=1)
    return group, n_groups, links


def exact_links(f: FitState) -> np.ndarray:
    """Sample pairs that make the exact-duplicate groups: copies, then forest edges under the exact threshold."""
    own = f.rep[f.inverse]
    copies = np.flatnonzero(own != np.arange(f.n_samples))
    pairs = [np.stack([own[copies], copies], axis=1)]
    if f.forest is not None:
        m = f.forest.count(EXACT_FACTOR * f.median_nn)
        pairs.append(np.stack([f.rep[f.forest.a[:m]], f.rep[f.forest.b[:m]]], axis=1))
    return np.concatenate(pairs).astype(np.int64)
