"""The items a reader can practise: which skill (family) an item trains, its short Chinese
title, every item id that exists now and how many items each skill has (multiple-choice
questions and free-text tasks of :mod:`playbook.engines.drills`, dialogues ``dialogue:<id>``).

Usage:

>>> from playbook.engines import practice_items
>>> practice_items.family_of("dialogue:dlg-indecisive"), practice_items.FAMILY_LABELS["dialogue"]
('dialogue', '对练')
>>> practice_items.family_of("drill-obj-price-1#method")
'objection'
>>> "dialogue:dlg-indecisive" in practice_items.known_items(), practice_items.family_of("no-such-item")
(True, '')
"""
from __future__ import annotations

from typing import Any

from playbook import kb as _kb
from playbook.engines import drills
from playbook.engines.dialogue_bank import all_dialogues

__all__ = ["DIALOGUE_PREFIX", "FAMILIES", "FAMILY_LABELS", "family_of", "item_title", "item_totals", "known_items"]

DIALOGUE_PREFIX = "dialogue:"
FAMILIES: tuple[str, ...] = (*drills.FAMILIES, "dialogue")
FAMILY_LABELS: dict[str, str] = {**drills.FAMILY_LABELS, "dialogue": "对练"}


_FAMILY_CACHE: dict[str, str] = {}


def family_of(item_id: str) -> str:
    """The skill an item trains: a drill family, ``dialogue`` for ``dialogue:<id>``, else ``""``."""
    if item_id.startswith(DIALOGUE_PREFIX):
        return "dialogue"
    if not _FAMILY_CACHE:
        for q in drills.all_questions():
            _FAMILY_CACHE[q.id] = q.family
        for t in drills.free_text_tasks():
            _FAMILY_CACHE[t.id] = t.family
    return _FAMILY_CACHE.get(item_id, "")


_TITLE_CACHE: dict[str, str] = {}


def item_title(item_id: str) -> str:
    """A short Chinese title for an item: the start of its situation and what is asked."""
    if not _TITLE_CACHE:
        for q in drills.all_questions():
            first = q.context.split("\n")[0]
            _TITLE_CACHE[q.id] = f"{first[:28]}{'…' if len(first) > 28 else ''} · {q.prompt}"
        for t in drills.free_text_tasks():
            first = t.context.split("\n")[0]
            _TITLE_CACHE[t.id] = f"{first[:28]}{'…' if len(first) > 28 else ''} · 自由作答"
    if item_id in _TITLE_CACHE:
        return _TITLE_CACHE[item_id]
    if item_id.startswith(DIALOGUE_PREFIX):
        wanted = item_id[len(DIALOGUE_PREFIX):]
        for d in all_dialogues():
            if d.id == wanted:
                return f"对练:{d.title}"
        return f"对练:{wanted}"       # a dialogue since removed from the bank
    return item_id


def item_totals(*, base: _kb.KnowledgeBase | None = None, dialogues: int | None = None) -> dict[str, int]:
    """How many practice items each skill has (questions + free-text tasks; dialogues)."""
    totals = {f: 0 for f in FAMILIES}
    for q in drills.all_questions(base=base):
        totals[q.family] += 1
    for t in drills.free_text_tasks(base=base):
        totals[t.family] += 1
    if dialogues is None:
        dialogues = len((base or _kb.load()).dialogues)
    totals["dialogue"] = dialogues
    return totals


def known_items(*, base: _kb.KnowledgeBase | None = None) -> frozenset[str]:
    """Every item id a reader can practise now (questions, free-text tasks, ``dialogue:<id>``)."""
    kb = base or _kb.load()
    cached = _KNOWN.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    ids = {q.id for q in drills.all_questions(base=kb)} | {t.id for t in drills.free_text_tasks(base=kb)}
    known = frozenset(ids | {DIALOGUE_PREFIX + d.id for d in kb.dialogues})
    _KNOWN[id(kb)] = (kb, known)
    return known


_KNOWN: dict[int, tuple[Any, frozenset[str]]] = {}
