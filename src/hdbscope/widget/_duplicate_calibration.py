"""The explorer's duplicate-threshold calibration: the public methods
(``calibrate_duplicates``, ``mark_pair``, ``calibration_estimate``,
``duplicate_marks``) and the review panel's "Calibrate duplicates" view's
messages. The pairs come from review/_calibration.py, the marks and the
estimate from review/_pair_marks.py (held by the ReviewSession, so they are
journalled); here they are only encoded for the browser.

Browser -> Python: ``{"type": "calibration", "id", "action": "sample" | "mark" |
"estimate" | "apply", "n_pairs", "pair", "a", "b", "mark"}``. Python -> browser:
``{"type": "calibration", "id", "action", "ok", "error", "threshold", "estimate",
"marks", "sides", "pairs"}``; ``pairs`` (with thumbnails as PNG buffers) only
for "sample".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..review._calibration import Calibration
from ._review_reply import ImageBuffers, sample_card

if TYPE_CHECKING:
    import pandas as pd

    from ..engine import Clusterer
    from ..review._session import ReviewSession

MAX_PAIRS_SHOWN = 40  # pairs the panel asks for at most (each brings two thumbnails)


class DuplicateCalibrationMixin:
    """Mixed into ClusterExplorer; it provides ``_session``, ``_clusterer``, ``duplicate_threshold``, ``send``."""

    _calibration: Calibration | None = None
    if TYPE_CHECKING:  # provided by ClusterExplorer
        _session: ReviewSession
        _clusterer: Clusterer
        duplicate_threshold: float

        def send(self, content: Any, buffers: Any = None) -> None: ...

    # ---------------------------------------------------------------- public
    def calibrate_duplicates(self, n_pairs: int = 12) -> pd.DataFrame:
        """Pairs sampled just below and just above the current ``duplicate_threshold``, to
        mark by eye: a DataFrame (``a``, ``b``, ``distance``, ``side``, ``mark``), one row per
        pair, with the marks already made on these pairs. Mark them with :meth:`mark_pair`;
        :meth:`calibration_estimate` then gives the precision of the near-duplicate links at
        the threshold and a suggested threshold."""
        self._calibration = Calibration.around(self._clusterer, self.duplicate_threshold, n_pairs)
        return self._calibration.frame(self._session.pair_marks)

    def mark_pair(self, pair: int, mark: str) -> pd.DataFrame:
        """Mark calibration pair ``pair`` (its row in calibrate_duplicates()) "same" or
        "different". Written to the edits file (if any) like an edit; undo leaves marks alone,
        marking the pair again replaces its mark."""
        calibration = self._current_calibration()
        a, b, distance = calibration.pair(pair)
        self._session.mark_pair(a, b, distance, mark)
        return calibration.frame(self._session.pair_marks)

    def calibration_estimate(self) -> dict:
        """From every mark (this session's and those loaded from the edits file), at the current
        ``duplicate_threshold``: ``precision`` of the near-duplicate links (the share "same" of
        the marked pairs at or below the threshold; None without any) with its 95% interval
        (``precision_low``, ``precision_high``), the counts ``n_marked``, ``n_marked_below``,
        ``n_same_below``, and ``suggested_threshold``: the largest marked distance whose marked
        pairs at or below it are >= 95% "same" (None if none is)."""
        return self._session.pair_marks.estimate(self.duplicate_threshold)

    @property
    def duplicate_marks(self) -> pd.DataFrame:
        """Every pair marked so far (loaded from the edits file too): a, b, distance, mark, time."""
        return self._session.pair_marks.frame()

    def _current_calibration(self) -> Calibration:
        if self._calibration is None:
            raise RuntimeError("no calibration pairs yet: call explorer.calibrate_duplicates() first.")
        return self._calibration

    # ---------------------------------------------------------------- browser
    def _on_calibration_msg(self, content: dict[str, Any]) -> None:
        action = content.get("action")
        reply: dict[str, Any] = {"type": "calibration", "id": content.get("id", 0), "action": action, "ok": True}
        images = ImageBuffers(self)
        try:
            if action == "sample":
                n_pairs = content.get("n_pairs", 12)
                if isinstance(n_pairs, int) and not isinstance(n_pairs, bool):
                    n_pairs = min(n_pairs, MAX_PAIRS_SHOWN)
                self.calibrate_duplicates(n_pairs)
                reply["pairs"] = self._pair_cards(images)
            elif action == "mark":
                calibration = self._current_calibration()
                pair = content.get("pair")
                a, b, _ = calibration.pair(pair)
                if (content.get("a"), content.get("b")) != (a, b):  # the pairs were sampled again meanwhile
                    raise ValueError("the pairs shown are no longer the current ones: sample them again.")
                self.mark_pair(pair, content.get("mark"))  # type: ignore[arg-type]
            elif action == "apply":
                suggested = self.calibration_estimate()["suggested_threshold"]
                if suggested is None:
                    raise ValueError("no suggested threshold yet: mark more pairs.")
                self.duplicate_threshold = suggested  # moves the slider; the result follows
            elif action != "estimate":
                raise ValueError(f"unknown calibration action {action!r}")
        except Exception as e:  # answered, so the panel never waits; shown in it
            reply.update(ok=False, error=f"{type(e).__name__}: {e}")
        reply.update(self._calibration_state())
        self.send(reply, images.buffers or None)

    def _calibration_state(self) -> dict[str, Any]:
        """The estimate at the current threshold, and each shown pair's mark and side of it."""
        t = self.duplicate_threshold
        c = self._calibration
        return {
            "threshold": t,
            "estimate": self.calibration_estimate(),
            "marks": [] if c is None else c.marks_of(self._session.pair_marks),
            "sides": [] if c is None else ["below" if d <= t else "above" for d in c.distance.tolist()],
        }

    def _pair_cards(self, images: ImageBuffers) -> list[dict[str, Any]]:
        c = self._current_calibration()
        return [
            {
                "pair": k,
                "a": images.attach(sample_card(self, int(a))),
                "b": images.attach(sample_card(self, int(b))),
                "distance": float(d),
            }
            for k, (a, b, d) in enumerate(zip(c.a.tolist(), c.b.tolist(), c.distance.tolist()))
        ]
