"""``ClusterExplorer.load_decisions``: import the decisions made in a saved page.

The page (see _standalone.py) downloads its edits in force as JSON::

    {"format": "hdbscope-decisions", "version": 1, "n_samples": N, "data_hash": "sha256:<hex>",
     "edits": [{"action": "relabel" | "keep" | "exclude", "indices": [...], "label": "text",
                "category": "outliers" | ...}, ...]}

Each edit is replayed through the explorer's own ``relabel`` / ``keep`` /
``exclude`` (labels from their text, as typed in the panel), so the edit log,
undo and the edits file (journal) see them like edits made in the notebook.
"""

from __future__ import annotations

import json
import os
import pathlib

FORMAT = "hdbscope-decisions"
VERSION = 1
ACTIONS = ("relabel", "keep", "exclude")


def read_decisions(path, n_samples: int, data_hash: str) -> list[dict]:
    """The edits of a decisions file, checked against the data (clear errors otherwise)."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or pathlib.Path; got {type(path).__name__}.")
    p = pathlib.Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ValueError(f"{p} is not a decisions file (not JSON: {e}).") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"{p} is not a decisions file: download one with the saved page's 'Download decisions'.")
    if doc.get("version") != VERSION:
        raise ValueError(f"{p}: decisions file version {doc.get('version')!r}; this hdbscope reads version {VERSION}.")
    if doc.get("n_samples") != n_samples or doc.get("data_hash") != data_hash:
        raise ValueError(
            f"{p} was made on other data ({doc.get('n_samples')} samples, data hash {doc.get('data_hash')!r}; "
            f"this explorer has {n_samples} samples, hash {data_hash!r}): load it into an explorer on the data "
            "the page was saved from."
        )
    edits = doc.get("edits")
    if not isinstance(edits, list):  # the file's content, not an argument: a ValueError
        raise ValueError(f"{p}: 'edits' must be a list.")
    for k, edit in enumerate(edits):
        ok = (
            isinstance(edit, dict)
            and edit.get("action") in ACTIONS
            and isinstance(edit.get("indices"), list)
            and all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n_samples for i in edit["indices"])
            and (edit["action"] != "relabel" or isinstance(edit.get("label"), str))
        )
        if not ok:
            raise ValueError(f"{p}: edit {k} is malformed: {str(edit)[:200]}")
    return edits


def load_decisions(explorer, path) -> int:
    """Replay the file's edits on ``explorer``; returns how many samples changed."""
    edits = read_decisions(path, explorer.n_samples, explorer.clusterer.data_fingerprint)
    changed = 0
    for e in edits:
        category = e.get("category")
        if e["action"] == "relabel":
            changed += explorer.relabel(e["indices"], explorer._session.vocab.from_text(e["label"]), category=category)
        elif e["action"] == "keep":
            changed += explorer.keep(e["indices"], category=category)
        else:
            changed += explorer.exclude(e["indices"], category=category)
    return changed
