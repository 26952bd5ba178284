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
import numpy as np
import traitlets
from numpy.typing import ArrayLike

from ..engine import Clusterer, ClusterResult
from ..review._labels import validate_labels
from ..review._session import ReviewSession
from ._curation import CurationMixin
from ._frame import frame_inputs
from ._image_source import Thumbnails, image_source
from ._kernelless import fitted_trait
from ._layout import _rows, compute_layout
from ._neighbors import Neighbours
from ._review_panel import ReviewPanelMixin
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
    from IPython.display import HTML

    from ..dashboard import Dashboard
    from ..review._calibration import Calibration

BUNDLE = pathlib.Path(__file__).resolve().parent.parent / "static" / "widget.js"
_PARAMS = ("min_cluster_size", "duplicate_threshold", "outlier_threshold")


class ClusterExplorer(CurationMixin, ReviewPanelMixin, anywidget.AnyWidget):
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

    @property
    def coordinates(self) -> np.ndarray:
        """The (n_samples, 2) coordinates drawn (read-only). (``layout`` is ipywidgets' CSS layout.)"""
        return self._coordinates

    def save_html(self, path: str | os.PathLike[str], title: str | None = None) -> pathlib.Path:
        """Write a self-contained HTML page of this explorer that opens from disk with no
        kernel and no server; its sliders re-cluster in the page (see the README's "Share it")."""
        from ._standalone import save_html

        return save_html(self, path, title)

    def embed(self, height: int | None = None) -> HTML:
        """This explorer as a saved page inside an iframe: display it as a cell's output and an
        nbconvert HTML export of the notebook keeps a working explorer (sliders re-cluster)."""
        from ._standalone import embed

        return embed(self, height)

    def load_decisions(self, path: str | os.PathLike[str]) -> int:
        """Import the decisions (relabel, keep, exclude) downloaded from a saved page as edits
        of this explorer (undoable, and written to the edits file if there is one). Returns
        how many samples changed."""
        from ._decisions import load_decisions

        return load_decisions(self, path)

    # ---------------------------------------------------------------- duplicate calibration
    def calibrate_duplicates(self, n_pairs: int = 12) -> pd.DataFrame:
        """Pairs sampled just below and just above the current ``duplicate_threshold``, to
        mark by eye: a DataFrame (``a``, ``b``, ``distance``, ``side``, ``mark``), one row per
        pair. Mark them with :meth:`mark_pair`; :meth:`calibration_estimate` then gives the
        precision of the near-duplicate links at the threshold and a suggested threshold."""
        from ..review._calibration import Calibration

        self._calibration = Calibration.around(self._clusterer, self.duplicate_threshold, n_pairs)
        return self._calibration.frame()

    def mark_pair(self, pair: int, mark: str) -> pd.DataFrame:
        """Mark calibration pair ``pair`` (its row in calibrate_duplicates()) "same" or "different"."""
        self._current_calibration().mark(pair, mark)
        return self._calibration.frame()

    def calibration_estimate(self) -> dict:
        """From the marks: ``precision`` of the links at or below the calibrated threshold (with
        ``n_marked_below`` and ``n_same_below``) and ``suggested_threshold``, the largest marked
        distance whose marked pairs at or below it are >= 95% "same"."""
        return self._current_calibration().estimate()

    def _current_calibration(self) -> Calibration:
        calibration = getattr(self, "_calibration", None)
        if calibration is None:
            raise RuntimeError("no calibration yet: call explorer.calibrate_duplicates() first.")
        return calibration

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

    # ---------------------------------------------------------------- updates
    def set_state(self, sync_data):
        """State from the browser. A value the traits refuse is answered too, so
        the front end never waits for a reply that will not come."""
        try:
            super().set_state(sync_data)
        except (TypeError, ValueError, traitlets.TraitError) as e:
            self.send_state([k for k in _PARAMS if k in sync_data])  # its sliders snap back
            with self.hold_sync():
                self.error = f"{type(e).__name__}: {e}"
                self.seq += 1

    def notify_change(self, change):
        # A parameter (or review_open) set from Python: its new value and the result
        # (or queue) it causes go out together, in one comm message.
        if (
            getattr(self, "_ready", False)
            and change["name"] in _PARAMS + ("review_open",)
            and change["name"] not in self._property_lock
        ):
            with self.hold_sync():
                super().notify_change(change)
        else:
            super().notify_change(change)

    @traitlets.observe("min_cluster_size", "duplicate_threshold", "outlier_threshold")
    def _on_param(self, change):
        if not self._ready:
            return
        if change["name"] == "outlier_threshold":
            if getattr(self, "_following_default", False):
                return  # _update itself moved it to the default: nothing more to compute
            self._outlier_auto = False  # set by the user: it stays put when min_cluster_size moves
        if change["name"] in self._property_lock:
            self._schedule_update()  # from the browser: coalesce
        else:
            self._update(raise_errors=True)  # from Python: the caller sees the new result at once

    def _schedule_update(self) -> None:
        """Evaluate once for however many slider messages arrive before the event loop turns.

        All of them have already been written into the traits, so the deferred
        update reads only the newest values: no stale work is queued. (The
        front end also keeps at most one request in flight.) Without a running
        loop (plain Python), update at once.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._update()
            return
        if self._update_scheduled is loop:  # already queued on this loop: it will read the newest values
            return
        self._update_scheduled = loop
        loop.call_soon(self._run_scheduled_update)

    def _run_scheduled_update(self) -> None:
        self._update_scheduled = None
        self._update()

    def _update(self, raise_errors: bool = False) -> None:
        mcs, dt = self.min_cluster_size, self.duplicate_threshold
        cut = None if self._outlier_auto else self.outlier_threshold
        error, encoded = None, None
        try:
            result = self._clusterer.evaluate(min_cluster_size=mcs, duplicate_threshold=dt, outlier_threshold=cut)
            encoded, check = self._encode(result)
        except Exception as e:  # shown in the widget; never leaves the front end waiting
            error = e
        with self.hold_sync():  # one comm message for the whole update
            if encoded is not None:
                self._result = result
                self._session.set_result(result, check)
                for key, value in encoded.items():
                    setattr(self, key, value)
            self.error = "" if error is None else f"{type(error).__name__}: {error}"
            if encoded is not None and self._outlier_auto and self.outlier_threshold != result.outlier_threshold:
                self._following_default = True  # the default for the new min_cluster_size: not a user choice
                try:
                    self.outlier_threshold = result.outlier_threshold
                finally:
                    self._following_default = False
            lo, hi = self.min_cluster_size_range
            if mcs > hi:
                self.min_cluster_size_range = (lo, mcs)
            tlo, thi = self.duplicate_threshold_range
            if dt < tlo:  # e.g. 0 (only bit-identical rows); the top is enforced by the trait
                self.duplicate_threshold_range = (dt, thi)
            self.seq += 1
        if error is not None and raise_errors:
            raise error

    # ---------------------------------------------------------------- tooltip
    def _on_custom_msg(self, _widget, content, buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "hover":
            reply, png = hover_reply(self, content)
            self.send(reply, [png] if png is not None else None)
        elif content.get("type") == "one_per_group":
            self._on_bulk_msg(content)
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
