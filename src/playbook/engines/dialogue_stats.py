"""Trainer statistics of the dialogues: from imported practice logs, how often each option of
each dialogue is chosen, how many of those plays end right, and which options nobody picks (a
distractor to rewrite). Standard library only (runs in the browser).

Usage (one logged play: dialogue id, the option ids chosen, right ending):

>>> from playbook.engines import dialogue_stats
>>> stats = dialogue_stats.choice_stats([("dlg-indecisive", ("open.best", "need.best"), True)], min_plays=1)
>>> [(s.option, s.chosen, s.share) for s in stats if s.dialogue == "dlg-indecisive" and s.node == "open"]
[('open.best', 1, 1.0), ('open.mismatch', 0, 0.0), ('open.bad', 0, 0.0)]
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from playbook.engines.dialogue_bank import all_dialogues
from playbook.engines.dialogue_state import option_id
from playbook.errors import PlaybookInputError

__all__ = ["OptionStat", "choice_stats"]


@dataclass(frozen=True)
class OptionStat:
    """How often one option was chosen in imported practice logs, and with what outcome."""

    dialogue: str
    node: str
    option: str
    kind: str
    chosen: int
    #: Of those plays: how many ended right (成交 or kept the rules).
    right: int
    #: Share of the plays that reached this node which chose this option (0–1).
    share: float
    #: Nobody (or almost nobody) picks it: a distractor to rewrite.
    unpicked: bool


def _log_entry(entry: Any) -> tuple[str, tuple[str, ...], bool] | None:   # Any: duck-typed (a Review-like object, a mapping, a triple)
    """(dialogue id, option ids chosen, right ending) of one log entry, or None to skip it."""
    if isinstance(entry, Mapping):
        return str(entry.get("dialogue", "")), tuple(entry.get("path", ()) or ()), bool(entry.get("correct"))
    item = getattr(entry, "item", None)
    if isinstance(item, str):  # a practice Review (playbook.engines.practice)
        if not item.startswith("dialogue:"):
            return None
        return item.removeprefix("dialogue:"), tuple(getattr(entry, "choices", ()) or ()), bool(entry.correct)
    if isinstance(entry, (tuple, list)) and len(entry) == 3:
        return str(entry[0]), tuple(entry[1] or ()), bool(entry[2])
    raise PlaybookInputError("logs", code="dialogue_logs")


def choice_stats(logs: Iterable, *, min_plays: int = 10, rare: float = 0.05) -> tuple[OptionStat, ...]:
    """Per-option choice statistics from practice logs (a trainer's imported progress).

    ``logs``: practice reviews (:class:`playbook.engines.practice.Review`; those of dialogues,
    item ``dialogue:<id>``, carry the option ids chosen), or mappings with ``dialogue``, ``path``
    (e.g. ``("open.best", "need.mismatch")``) and ``correct``, or such triples; a whole
    :class:`~playbook.engines.practice.Progress` works too (its ``reviews``).
    For every option of every dialogue: how often it was chosen, how many of those plays ended
    right, and its share of the plays that reached its node. Options of a node reached at least
    ``min_plays`` times and chosen in under ``rare`` of them are flagged ``unpicked`` (a
    distractor nobody falls for: rewrite it). Unknown dialogues or option ids are ignored."""
    if not (0 <= rare <= 1) or isinstance(min_plays, bool) or not isinstance(min_plays, int) or min_plays < 1:
        raise PlaybookInputError("min_plays", code="dialogue_min_plays")
    logs = getattr(logs, "reviews", logs)
    chosen: Counter = Counter()
    right: Counter = Counter()
    reached: Counter = Counter()
    for entry in logs:
        parsed = _log_entry(entry)
        if parsed is None:
            continue
        did, path, ok = parsed
        for oid in path or ():
            node, _, _ = str(oid).partition(".")
            chosen[(did, oid)] += 1
            right[(did, oid)] += ok
            reached[(did, node)] += 1
    out = []
    for d in all_dialogues():
        for n in d.nodes:
            for i, r in enumerate(n.replies):
                oid = option_id(d, n.id, i)
                c, total = chosen[(d.id, oid)], reached[(d.id, n.id)]
                share = c / total if total else 0.0
                out.append(OptionStat(d.id, n.id, oid, r.kind, c, right[(d.id, oid)], share,
                                      total >= min_plays and share < rare))
    return tuple(out)
