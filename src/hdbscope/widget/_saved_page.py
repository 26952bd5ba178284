"""The explorer as a saved page: ``save_html`` (a kernel-less HTML file),
``embed`` (the same in an iframe) and ``load_decisions`` (edits made in a saved
page, brought back). The work is in _standalone.py and _decisions.py. Mixed
into ClusterExplorer."""

from __future__ import annotations

import os
import pathlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from IPython.display import HTML


class SavedPageMixin:
    """Mixed into ClusterExplorer (the functions it calls take the explorer)."""

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
