"""Review and relabel without a widget: edits with undo/redo, the crash-safe
edits journal, and label codes. The explorer holds these; nothing here draws."""
from __future__ import annotations
