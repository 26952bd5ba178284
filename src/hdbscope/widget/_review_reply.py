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
    buffers: list[bytes] = []
    errors: list[str] = []

    thumbnails = getattr(widget, "_thumbnails", None)
    problems: dict[int, str] = {}

    def image(i: int) -> int:
        if thumbnails is None:
            return -1
        thumb = thumbnails.get(i)  # a placeholder and its reason when the image cannot be shown
        if thumb.problem is not None:
            problems[i] = thumb.problem
        buffers.append(thumb.png)
        return len(buffers) - 1

    session = widget._session
    r, log, vocab = widget.result, session.log, session.vocab
    given = log.vocab.given_codes

    info = getattr(widget, "_info", None)

    def card(i: int) -> dict:
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

    def with_image(c: dict) -> dict:
        c["image"] = image(c["index"])
        if c["index"] in problems:
            c["image_problem"] = problems[c["index"]]
        return c

    for i in members:
        reply["members"].append(with_image(card(i)))
    try:
        idx, dist = widget._neighbours.query(members[0], k, skip=content["members"][:1000])
        reply["neighbors"] = [with_image({**card(j), "distance": d}) for j, d in zip(idx, dist)]
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
    return reply, buffers
