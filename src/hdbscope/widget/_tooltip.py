"""Answers to the front end's hover requests: the tooltip's details for one
sample (label, outlier score, duplicate partners) and its thumbnail PNG."""

from __future__ import annotations

import numpy as np

from ..review._edits import DECISION_NAMES
from ..review._labels import label_text

MAX_PARTNERS = 20  # duplicate partners listed in a tooltip


def hover_reply(widget, content: dict):
    """(JSON reply, PNG bytes or None) for ``{"type": "hover", "id": .., "index": ..}``."""
    reply = {
        "type": "hover",
        "id": content.get("id", 0),
        "index": content.get("index", -1),
        "seq": widget.seq,
        "label": None,
        "outlier_score": None,
        "probability": None,
        "duplicates": [],
        "near_duplicates": [],
        "has_image": False,
    }
    i = content.get("index")
    if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < widget.n_samples:
        reply["error"] = f"no sample {i!r}"
        return reply, None
    r = widget.result
    reply.update(
        outlier_score=float(r.outlier_scores[i]),
        probability=float(r.probabilities[i]),
        duplicates=partners(r.duplicate_group, i),
        near_duplicates=partners(r.near_duplicate_group, i),
    )
    if widget._labels is not None:
        reply["label"] = label_text(widget._labels, i)
    session = getattr(widget, "_session", None)
    if session is not None:  # after edits: the current label and the keep / exclude decision
        log = session.log
        reply["current_label"] = session.vocab.text(int(log.codes[i])) if log.codes[i] >= 0 else None
        reply["decision"] = DECISION_NAMES[int(log.decision[i])]
    info = getattr(widget, "_info", None)
    if info is not None:  # from_frame(..., info=[...]): column name and value, as text
        reply["info"] = info.row(i)
    png = None
    thumbnails = getattr(widget, "_thumbnails", None)
    if thumbnails is not None:  # the image is looked up here, by index: never a path from the page
        thumb = thumbnails.get(i)
        png = thumb.png
        reply.update(has_image=True, image_mime="image/png")
        if thumb.problem is not None:
            reply["image_problem"] = thumb.problem
    return reply, png


def partners(groups: np.ndarray, i: int) -> list[int]:
    """The other members of sample i's group (at most MAX_PARTNERS), or []."""
    g = groups[i]
    if g < 0:
        return []
    members = np.flatnonzero(groups == g)
    return [int(j) for j in members[members != i][:MAX_PARTNERS]]
