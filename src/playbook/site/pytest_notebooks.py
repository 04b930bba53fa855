"""pytest plugin: collect MyST-NB text notebooks (``.md`` with a jupytext header) for nbval.

nbval only collects ``.ipynb`` files (the exercises; enabled by ``--nbval-lax`` in the
pytest options). Chapters that run code are text notebooks: each is read with jupytext and
executed cell by cell by nbval in a fresh kernel whose working directory is the
notebook's own folder.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

import pytest

if TYPE_CHECKING:
    import nbformat

try:
    from nbval.plugin import IPyNbFile
except ImportError:  # pragma: no cover - nbval is a test dependency
    IPyNbFile = None


def is_text_notebook(path: Path) -> bool:
    """A MyST Markdown file whose front matter declares a jupytext kernel."""
    if path.suffix != ".md":
        return False
    with path.open(encoding="utf-8") as f:
        head = f.read(2000)
    if not head.startswith("---"):
        return False
    front = head.split("\n---", 1)[0]
    return "jupytext:" in front and "kernelspec:" in front


if IPyNbFile is not None:

    class TextNotebookFile(IPyNbFile):
        """nbval's notebook collector, reading the notebook from MyST text with jupytext."""

        def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
            import jupytext
            import nbval.plugin

            def read(path: str | Path, as_version: int = 4) -> nbformat.NotebookNode:
                return jupytext.read(path, fmt="md:myst")

            # nbval reads the file with ``nbformat.read``; hand it the jupytext notebook.
            with mock.patch.object(nbval.plugin.nbformat, "read", read):
                yield from super().collect()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if IPyNbFile is None or "_build" in file_path.parts:
        return None
    if parent.config.option.nbval_lax and is_text_notebook(file_path):
        return TextNotebookFile.from_parent(parent, path=file_path)
    return None
