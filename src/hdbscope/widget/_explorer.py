"""``ClusterExplorer``: the anywidget. It never clusters by itself: every
slider value goes to ``Clusterer.evaluate()`` and the result is shipped to the
browser as binary buffers (see _serialization.py), in one message per update.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets
from numpy.typing import ArrayLike

from ..engine import Clusterer, ClusterResult
from ..review._labels import validate_labels
from ..review._session import ReviewSession
from ._coordinates import CoordinatesMixin
from ._curation import CurationMixin
from ._duplicate_calibration import DuplicateCalibrationMixin
from ._frame import frame_inputs
from ._image_source import Thumbnails, image_source
from ._kernelless import fitted_trait
from ._layout import _rows
from ._neighbors import Neighbours
from ._param_updates import ParamUpdatesMixin
from ._review_panel import ReviewPanelMixin
from ._saved_page import SavedPageMixin
from ._serialization import positions_bytes
from ._tooltip import hover_reply
from ._traits import (
    DuplicateThreshold,
    MinClusterSize,
    OutlierThreshold,
    Selection,
    selection_from_json,
    selection_to_json,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from ..dashboard import Dashboard

BUNDLE = pathlib.Path(__file__).resolve().parent.parent / "static" / "widget.js"


class ClusterExplorer(
    CurationMixin,
    ReviewPanelMixin,
    ParamUpdatesMixin,
    CoordinatesMixin,
    DuplicateCalibrationMixin,
    SavedPageMixin,
    anywidget.AnyWidget,
):
    """Clusters, outliers and duplicates of ``data``, live in the notebook.

    Move the ``min_cluster_size``, ``duplicate_threshold`` and ``outlier_threshold`` sliders (or set
    the traits of the same names) and the scatter, counts and duplicate links
    follow. Select points by clicking, shift-clicking, lasso or box; their
    indices are in ``selected``.

    The review panel steps through every flagged item (outliers, potential
    outliers, duplicate and near-duplicate groups, label disagreements) and
    lets you relabel, keep or exclude samples, with undo and redo; see
    ``relabels``, ``current_labels``, ``exclude_mask`` and ``to_frame()``.

    Parameters
    ----------
    data : (n_samples, n_features) array-like
        What to cluster (see :class:`hdbscope.Clusterer`).
    labels : sequence of length n_samples, optional
        The labels you have (class names, file names, ...): shown in the
        tooltip and the review panel, checked against the clusters (label
        disagreements), and the starting point of relabelling.
    images : optional
        One image per sample: an (n_samples, H, W[, C]) uint8 or float array,
        a sequence or pandas Series of file paths (str or os.PathLike), PIL
        images or encoded bytes, or a callable ``i -> image``. Nothing is read
        until a sample's thumbnail is shown (hover, review panel); a file that
        cannot be shown gets a placeholder and its reason.
    layout : (n_samples, 2) array, "pca" or "umap", optional
        Coordinates to draw. Default: the data itself if it has two features,
        else its first two principal components ("pca"). "umap" needs
        umap-learn (``pip install hdbscope[umap]``) and reuses the fitted
        neighbour graph.
    min_cluster_size, duplicate_threshold : optional
        Starting values; default to the clusterer's defaults.
    outlier_threshold : float in [0, 1], optional
        The GLOSH score cut for potential outliers (the third slider). Left
        out, it follows the default rule (``Clusterer.default_outlier_threshold``)
        for every ``min_cluster_size``; once set (here, from Python or by the
        slider) it stays where it was put.
    min_samples : int, optional
        Passed to :class:`hdbscope.Clusterer` (fixed for the widget's lifetime).
    clusterer : hdbscope.Clusterer, optional
        One already fitted on ``data``, to skip fitting again (at a million
        points that is most of the wait). It must have been fitted on exactly
        this data, rows in the same order (checked: ValueError otherwise).
    edits_path : str or pathlib.Path ending in .csv or .parquet, optional
        Every edit is written there when it is made (crash-safe), and a new
        explorer on the same path and data loads them again. A file written
        for other data is refused (ValueError).
    """

    n_samples = traitlets.Int(0).tag(sync=True)
    positions = traitlets.Bytes(b"").tag(sync=True)
    clusters = traitlets.Bytes(b"").tag(sync=True)
    color_slots = traitlets.Bytes(b"").tag(sync=True)
    flags = traitlets.Bytes(b"").tag(sync=True)
    links = traitlets.Bytes(b"").tag(sync=True)
    link_kinds = traitlets.Bytes(b"").tag(sync=True)
    summary = traitlets.Dict().tag(sync=True)
    seq = traitlets.Int(0).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    # No echo: the result message that answers a change is the only reply.
    min_cluster_size = MinClusterSize(5).tag(sync=True, echo_update=False)
    duplicate_threshold = DuplicateThreshold(0.0).tag(sync=True, echo_update=False)
    # the GLOSH cut for potential outliers; follows the default rule for each min_cluster_size
    # until it is set (from Python or the slider), then stays where it was put
    outlier_threshold = OutlierThreshold(1.0).tag(sync=True, echo_update=False)
    min_cluster_size_range = traitlets.Tuple(traitlets.Int(), traitlets.Int(), default_value=(2, 2)).tag(sync=True)
    duplicate_threshold_range = traitlets.Tuple(traitlets.Float(), traitlets.Float(), default_value=(0.0, 1.0)).tag(
        sync=True
    )
    selected = Selection().tag(sync=True, to_json=selection_to_json, from_json=selection_from_json, echo_update=False)
    has_labels = traitlets.Bool(False).tag(sync=True)
    has_images = traitlets.Bool(False).tag(sync=True)
    info_columns = traitlets.List(traitlets.Unicode()).tag(sync=True)  # from_frame(..., info=[...])
    height = traitlets.Int(480).tag(sync=True)
    # The fitted tree and duplicate forest (binary buffers), sent once: the browser previews slider moves
    # itself (widget/_kernelless.py); {} above KERNELLESS_MAX_SAMPLES.
    fitted = traitlets.Dict().tag(sync=True)

    @property
    def _esm(self) -> str:  # read at display time, so importing never needs the built bundle
        if not BUNDLE.is_file():
            raise RuntimeError(
                f"hdbscope's front end is not built ({BUNDLE} is missing). From a source checkout run "
                "`npm ci && npm run build`, or install hdbscope from a wheel."
            )
        return BUNDLE.read_text(encoding="utf-8")

    def __init__(
        self,
        data: ArrayLike,
        *,
        labels: ArrayLike | None = None,
        images: ArrayLike | None = None,
        layout: ArrayLike | None = None,
        min_cluster_size: int | None = None,
        duplicate_threshold: float | None = None,
        min_samples: int | None = None,
        edits_path: str | os.PathLike | None = None,
        clusterer: Clusterer | None = None,
        outlier_threshold: float | None = None,
    ) -> None:
        self._ready = False  # observers stay quiet until the first result is in place
        self._outlier_auto = outlier_threshold is None  # follow the default rule until set
        self._update_scheduled: asyncio.AbstractEventLoop | None = None  # the event loop an update is queued on
        clusterer = (
            _reuse(clusterer, data, min_samples) if clusterer is not None else Clusterer(data, min_samples=min_samples)
        )
        n = clusterer.n_samples
        self._clusterer = clusterer
        self._labels = None if labels is None else validate_labels(labels, n)
        self._session = ReviewSession(
            n,
            self._labels,
            edits_path=edits_path,
            fingerprint=clusterer.data_fingerprint,
            n_features=clusterer.n_features,
        )
        self._neighbours = Neighbours(clusterer)
        self._images = None if images is None else image_source(images, n)
        self._thumbnails = None if self._images is None else Thumbnails(self._images)
        self._data_rows = _rows(data)
        self._coordinates = self._layout_coordinates(data, layout)
        result = clusterer.evaluate(
            min_cluster_size=min_cluster_size,
            duplicate_threshold=duplicate_threshold,
            outlier_threshold=outlier_threshold,
        )
        self._result = result
        encoded, check = self._encode(result)
        self._session.set_result(result, check)
        lo, hi = clusterer.duplicate_threshold_range
        super().__init__(
            n_samples=n,
            positions=positions_bytes(self._coordinates),
            min_cluster_size=result.min_cluster_size,
            duplicate_threshold=result.duplicate_threshold,
            outlier_threshold=result.outlier_threshold,
            min_cluster_size_range=(2, max(2, n // 2, result.min_cluster_size)),
            duplicate_threshold_range=(min(lo, result.duplicate_threshold), hi),
            has_labels=self._labels is not None,
            has_images=self._images is not None,
            seq=1,
            label_codes=self._session.vocab.given_codes.astype("<i4").tobytes() if self._labels is not None else b"",
            fitted=fitted_trait(clusterer),
            **encoded,
        )
        self.on_msg(self._on_custom_msg)
        self._ready = True

    # ---------------------------------------------------------------- public
    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        features: str | Sequence[str],
        images: Any = None,
        labels: str | ArrayLike | None = None,
        info: str | Sequence[str] | None = None,
        **kwargs: Any,
    ) -> ClusterExplorer:
        """An explorer of a pandas DataFrame's rows.

        ``features``: a list of numeric columns, or one column holding a vector
        per row (lists or arrays, as Parquet / Hugging Face exports keep
        embeddings). ``images``, ``labels``: a column name (e.g. a column of
        file paths) or values as for the constructor. ``info``: columns shown,
        as text, in the tooltip and on review cards (and usable as
        ``keep_one_per_group(by=...)``). ``to_frame()``, ``relabels`` and
        ``export()`` carry the frame's index, so results join back with
        ``df.join(explorer.to_frame())``. Other keywords go to the constructor.
        """
        inputs = frame_inputs(df, features=features, images=images, labels=labels, info=info)
        explorer = cls(inputs.data, labels=inputs.labels, images=inputs.images, **kwargs)
        explorer._info, explorer._frame_index = inputs.info, inputs.index
        if inputs.info is not None:
            explorer.info_columns = inputs.info.names
        return explorer

    @property
    def result(self) -> ClusterResult:
        """The current :class:`hdbscope.ClusterResult` (for the current slider values)."""
        return self._result

    @property
    def clusterer(self) -> Clusterer:
        return self._clusterer

    def dashboard(self, **kwargs: Any) -> Dashboard:
        """This explorer with its linked bqplot charts (see :func:`hdbscope.dashboard.dashboard`)."""
        from ..dashboard import dashboard

        return dashboard(self, **kwargs)

    def __repr__(self) -> str:
        r = self._result
        return (
            f"ClusterExplorer(n_samples={self.n_samples}, min_cluster_size={r.min_cluster_size}, "
            f"duplicate_threshold={r.duplicate_threshold:.4g}, {r.n_clusters} clusters, "
            f"{len(self.selected)} selected)"
        )

    # ---------------------------------------------------------------- tooltip
    def _on_custom_msg(self, _widget, content, buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "hover":
            reply, png = hover_reply(self, content)
            self.send(reply, [png] if png is not None else None)
        elif content.get("type") == "one_per_group":
            self._on_bulk_msg(content)
        elif content.get("type") == "calibration":
            self._on_calibration_msg(content)
        else:
            self._on_review_msg(content)


def _reuse(clusterer, data, min_samples) -> Clusterer:
    """A fitted Clusterer passed in, once it is shown to belong to ``data``."""
    if not isinstance(clusterer, Clusterer):
        raise TypeError(f"clusterer must be a fitted hdbscope.Clusterer; got {type(clusterer).__name__}.")
    if min_samples is not None and min_samples != clusterer.min_samples:
        raise ValueError(
            f"min_samples={min_samples!r} but the clusterer was fitted with min_samples={clusterer.min_samples}: "
            "leave min_samples out, or fit a new Clusterer with the value you want."
        )
    if not clusterer.fitted_on(data):
        raise ValueError(
            "the clusterer was fitted on other data (a different shape, values or row order): pass the "
            "data it was fitted on, or leave clusterer out to fit this data."
        )
    return clusterer
