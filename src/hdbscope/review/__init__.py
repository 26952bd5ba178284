"""Review and relabel without a widget: ``ReviewSession`` (edits with undo/redo,
the crash-safe edits journal, label codes, the label check of the current
labels, the review queue). The explorer holds one; nothing here draws."""

from __future__ import annotations

from ._session import ReviewSession

__all__ = ["ReviewSession"]
