"""The knowledge base's JSON snapshot (``kb/kb.json``, generated from ``knowledge/*.yaml`` by
:mod:`playbook.kb.build`): its format and reading it into the :class:`KnowledgeBase`
(:func:`load`, cached, for the copy shipped with the package).

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from playbook.kb.convert import KnowledgeError, build_item
from playbook.kb.knowledge_base import KnowledgeBase, item_class

SNAPSHOT = "kb.json"
SNAPSHOT_FORMAT = 1


def from_snapshot(data: dict[str, Any], *, file: str = SNAPSHOT) -> KnowledgeBase:
    """Build the :class:`KnowledgeBase` from the snapshot's plain data."""
    if data.get("format") != SNAPSHOT_FORMAT:
        raise KnowledgeError(file, "(快照)", "format",
                             f"快照格式应为 {SNAPSHOT_FORMAT},实际是 {data.get('format')!r};"
                             "请运行 python -m playbook kb 重新生成")
    collections = {}
    for name, items in data["collections"].items():
        cls = item_class(name)
        collections[name] = tuple(
            build_item(cls, raw, file=file, item=str(raw.get("id", i))) for i, raw in enumerate(items)
        )
    return KnowledgeBase(**collections)


@functools.cache
def load() -> KnowledgeBase:
    """Load the knowledge base shipped with the package (cached)."""
    text = resources.files("playbook").joinpath("kb", SNAPSHOT).read_text(encoding="utf-8")
    return from_snapshot(json.loads(text))
