"""The explorer's slider round trip: a parameter set from the browser or from
Python is evaluated by the engine and answered with one result message (see
CONTRIBUTING.md, "A slider move"). Mixed into ClusterExplorer."""

from __future__ import annotations

import asyncio
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import traitlets

if TYPE_CHECKING:
    from ..engine import Clusterer
    from ..review._session import ReviewSession

PARAMS = ("min_cluster_size", "duplicate_threshold", "outlier_threshold")


class ParamUpdatesMixin(traitlets.HasTraits):
    """Mixed into ClusterExplorer; it provides the parameter traits, ``_clusterer``, ``_session``,
    ``_encode``, ``_ready``, ``_outlier_auto`` and ``_update_scheduled``."""

    if TYPE_CHECKING:  # provided by ClusterExplorer (anywidget)
        _clusterer: Clusterer
        _session: ReviewSession
        _result: Any
        _ready: bool
        _outlier_auto: bool
        _update_scheduled: asyncio.AbstractEventLoop | None
        _property_lock: dict[str, Any]
        min_cluster_size: int
        duplicate_threshold: float
        outlier_threshold: float
        min_cluster_size_range: tuple[int, int]
        duplicate_threshold_range: tuple[float, float]
        seq: int
        error: str

        def hold_sync(self) -> AbstractContextManager[None]: ...
        def send_state(self, key: Any = None) -> None: ...
        def _encode(self, result: Any) -> tuple[dict, object]: ...

    def set_state(self, sync_data):
        """State from the browser. A value the traits refuse is answered too, so
        the front end never waits for a reply that will not come."""
        try:
            super().set_state(sync_data)
        except (TypeError, ValueError, traitlets.TraitError) as e:
            self.send_state([k for k in PARAMS if k in sync_data])  # its sliders snap back
            with self.hold_sync():
                self.error = f"{type(e).__name__}: {e}"
                self.seq += 1

    def notify_change(self, change):
        # A parameter (or review_open) set from Python: its new value and the result
        # (or queue) it causes go out together, in one comm message.
        if (
            getattr(self, "_ready", False)
            and change["name"] in PARAMS + ("review_open",)
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
