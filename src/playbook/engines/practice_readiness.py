"""The readiness report: per skill, how many items are practised, how many are firm and due,
and the colour by :data:`READINESS_RULES` (the 我的练习 page and the trainer's dashboard).

Usage (one right answer to one objection question: far too little to be ready):

>>> from datetime import datetime, timezone
>>> from playbook.engines import practice_items, practice_readiness, practice_reviews
>>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
>>> p = practice_reviews.review(practice_reviews.Progress(), "drill-obj-price-1#method", 3, at=at)
>>> r = {x.family: x for x in practice_readiness.readiness(p, practice_items.item_totals(), now=at)}
>>> r["objection"].practised, r["objection"].colour, r["dialogue"].practised
(1, 'red', 0)
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from playbook.engines.practice_items import FAMILIES, FAMILY_LABELS
from playbook.engines.practice_reviews import Progress, _utc
from playbook.engines.practice_schedule import card_states

__all__ = ["READINESS_RULES", "Readiness", "readiness"]

#: Readiness colours, as stated on the 我的练习 page.
READINESS_RULES: dict[str, str] = {
    "green": "绿色:本类题目至少练过一半,且练过的题目中至少 80% 记得牢。",
    "yellow": "黄色:本类题目至少练过 20%,且练过的题目中至少 50% 记得牢。",
    "red": "红色:其余情况(练得太少,或答错、遗忘的较多)。",
    "firm": "“记得牢”:最近一次答对(提示后答对也算),且按 FSRS 估计此刻仍能答对的概率不低于 90%。",
}


@dataclass(frozen=True)
class Readiness:
    """One skill (drill family or dialogues): how much is practised and how firm it is."""

    family: str
    label: str
    total: int
    practised: int
    firm: int
    due: int
    colour: str  # "green" | "yellow" | "red"

    @property
    def coverage(self) -> float:
        return self.practised / self.total if self.total else 0.0

    @property
    def firm_share(self) -> float:
        return self.firm / self.practised if self.practised else 0.0


def readiness(progress: Progress, totals: Mapping[str, int], *, now: datetime | None = None,
              known: Iterable[str] | None = None) -> tuple[Readiness, ...]:
    """Per skill: practised, firm and due items and the colour by :data:`READINESS_RULES`.

    ``known`` (e.g. :func:`known_items`): only these item ids count, so answers to made-up or
    removed items cannot turn a skill green (N13)."""
    when = _utc(now, "now")
    states = card_states(progress)
    if known is not None:
        keep = set(known)
        states = {item: state for item, state in states.items() if item in keep}
    out = []
    for fam in FAMILIES:
        mine = [c for c in states.values() if c.family == fam]
        total = max(int(totals.get(fam, 0)), len(mine))
        firm = sum(c.firm(when) for c in mine)
        due = sum(c.due <= when for c in mine)
        cover = len(mine) / total if total else 0.0
        share = firm / len(mine) if mine else 0.0
        colour = ("green" if cover >= 0.5 and share >= 0.8 else
                  "yellow" if cover >= 0.2 and share >= 0.5 else "red")
        out.append(Readiness(fam, FAMILY_LABELS[fam], total, len(mine), firm, due, colour))
    return tuple(out)
