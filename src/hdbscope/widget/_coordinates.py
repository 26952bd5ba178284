"""The coordinates the explorer draws: chosen at construction (``layout=``),
switched by ``show_layout``, and cached per named layout ("pca", "umap").
Mixed into ClusterExplorer."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ._layout import compute_layout
from ._serialization import positions_bytes

if TYPE_CHECKING:
    from ..engine import Clusterer


class CoordinatesMixin:
    """Mixed into ClusterExplorer; it provides ``_clusterer``, ``_data_rows``, ``_coordinates`` and
    the ``positions`` trait."""

    if TYPE_CHECKING:  # provided by ClusterExplorer (anywidget)
        _clusterer: Clusterer
        _data_rows: Any
        _coordinates: np.ndarray
        positions: bytes

        def hold_sync(self) -> AbstractContextManager[None]: ...

    @property
    def coordinates(self) -> np.ndarray:
        """The (n_samples, 2) coordinates drawn (read-only). (``layout`` is ipywidgets' CSS layout.)"""
        return self._coordinates

    def show_layout(self, layout: str | ArrayLike) -> None:
        """Draw other coordinates: "pca", "umap" (computed once per explorer, then cached) or an
        (n_samples, 2) array."""
        coordinates = self._layout_coordinates(self._data_rows, layout)
        with self.hold_sync():
            self._coordinates = coordinates
            self.positions = positions_bytes(coordinates)

    def _layout_coordinates(self, data, layout) -> np.ndarray:
        cache = self.__dict__.setdefault("_layout_cache", {})
        if isinstance(layout, str):
            if layout not in ("pca", "umap"):
                raise ValueError(f'layout must be "pca", "umap" or an (n_samples, 2) array; got {layout!r}.')
            if layout not in cache:
                if layout == "umap":
                    from ._umap import umap_layout

                    coordinates = umap_layout(self._data_rows, self._clusterer)
                else:
                    coordinates = compute_layout(data, self._clusterer.n_samples, self._clusterer.n_features)
                coordinates.setflags(write=False)
                cache[layout] = coordinates
            return cache[layout]
        coordinates = compute_layout(data, self._clusterer.n_samples, self._clusterer.n_features, layout)
        coordinates.setflags(write=False)
        return coordinates
