"""The review panel's details of one item, answered to the browser: its
members, their images, their nearest neighbours in the data space, what those
neighbours say its label is, and its cluster's majority label."""

from __future__ import annotations

import numpy as np

from ..review._edits import DECISION_NAMES

MAX_MEMBERS_SHOWN = 12  # members of a group detailed (with images) in one reply
DEFAULT_K = 6


def _indices(value, n: int, cap: int) -> list[int]:
    if not isinstance(value, list) or not value:
        raise ValueError("members must be a non-empty list of sample indices")
    out = []
    for i in value[:cap]:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < n:
            raise ValueError(f"no sample {i!r}")
        out.append(i)
    return out


def suggestion(check, vocab, i: int, neighbors: list[dict]) -> dict | None:
    """What the neighbours say sample i's label is (the label check of the current labels):
    the label (its code, for key 1), its share of the vote, i's own label quality, and which
    of the neighbours shown carry it. None when i has no label or no voter."""
    value = check.suggested_label[i]
    if value is None:
        return None
    code = vocab.lookup(value)
    text = vocab.text(code) if code is not None and code >= 0 else str(value)
    return {
        "code": -1 if code is None else int(code),
        "label": text,
        "confidence": float(check.suggestion_confidence[i]),
        "quality": float(check.label_quality[i]),
        "flagged": bool(check.is_disagreement[i]),
        "supporters": [n["index"] for n in neighbors if n["current_label"] == text],
    }


class ImageBuffers:
    """Thumbnails for cards in one reply: PNG buffers, each card naming its own (``image``,
    -1 without images) and, when its image cannot be shown, the reason (``image_problem``)."""

    def __init__(self, widget) -> None:
        self.thumbnails = getattr(widget, "_thumbnails", None)
        self.buffers: list[bytes] = []

    def attach(self, card: dict) -> dict:
        card["image"] = -1
        if self.thumbnails is not None:
            thumb = self.thumbnails.get(card["index"])  # a placeholder and its reason when it cannot be shown
            if thumb.problem is not None:
                card["image_problem"] = thumb.problem
            self.buffers.append(thumb.png)
            card["image"] = len(self.buffers) - 1
        return card


def sample_card(widget, i: int) -> dict:
    """Sample i as the review panel shows it: cluster, given and current label (as text),
    decision, outlier score, and its info columns."""
    session = widget._session
    r, log, vocab = widget.result, session.log, session.vocab
    given = vocab.given_codes
    info = getattr(widget, "_info", None)
    extra = {} if info is None else {"info": info.row(i)}
    return {
        **extra,
        "index": i,
        "cluster": int(r.labels[i]),
        "label": vocab.text(int(given[i])),
        "current_label": vocab.text(int(log.codes[i])),
        "relabelled": bool(log.codes[i] != given[i]),
        "decision": DECISION_NAMES[int(log.decision[i])],
        "outlier_score": float(r.outlier_scores[i]),
    }


def review_reply(widget, content: dict):
    """(JSON reply, PNG buffers) for ``{"type": "review", "id", "members": [...], "k": k}``."""
    n = widget.n_samples
    reply = {
        "type": "review",
        "id": content.get("id", 0),
        "seq": widget.seq,
        "members": [],
        "neighbors": [],
        "n_members": 0,
        "majority": None,
        "suggestion": None,
    }
    try:
        members = _indices(content.get("members"), n, MAX_MEMBERS_SHOWN)
        k = content.get("k", DEFAULT_K)
        k = DEFAULT_K if isinstance(k, bool) or not isinstance(k, int) else k
    except ValueError as e:
        reply["error"] = str(e)
        return reply, []
    reply["n_members"] = len(content["members"])
    errors: list[str] = []
    images = ImageBuffers(widget)
    session = widget._session
    r, vocab = widget.result, session.vocab
    reply["members"] = [images.attach(sample_card(widget, i)) for i in members]
    try:
        idx, dist = widget._neighbours.query(members[0], k, skip=content["members"][:1000])
        reply["neighbors"] = [images.attach({**sample_card(widget, j), "distance": d}) for j, d in zip(idx, dist)]
    except Exception as e:  # neighbours are a help, not a must
        errors.append(f"nearest neighbours failed: {type(e).__name__}: {e}")
    c = int(r.labels[members[0]])
    check = session.check
    if check is not None:
        reply["suggestion"] = suggestion(check, vocab, members[0], reply["neighbors"])
    if c >= 0:
        maj = None if check is None else check.majority_label[c]
        purity = None if check is None or not np.isfinite(check.purity[c]) else float(check.purity[c])
        reply["majority"] = {
            "cluster": c,
            "label": None if maj is None else vocab.text(vocab.code_of(maj)),
            "purity": purity,
        }
    if errors:
        reply["error"] = "; ".join(errors)
    return reply, images.buffers
