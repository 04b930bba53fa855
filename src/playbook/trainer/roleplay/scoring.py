"""Scoring a role-play round: the observer's ticks on a round card become a score sheet, and a
sheet is explained check by check (passed or not, and why). Standard library only."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from playbook.errors import PlaybookInputError
from playbook.normalize import require_int, same_name
from playbook.trainer.roleplay.plan import RoundCard
from playbook.trainer.roleplay.score_sheet import (RATING_RANGE, SKILLS, CheckMark, ScoreSheet, check_name,
                                                   check_notes, check_scored_at)


@dataclass(frozen=True)
class CheckResult:
    """One check of a scored round, with why it matters."""

    check_id: str
    skill: str
    label: str
    passed: bool
    why: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """A round's score and why, for display."""

    session: str
    round_no: int
    group_no: int
    trainee: str
    observer: str
    passed: int
    total: int
    #: Skill → (passed, total), in :data:`SKILLS` order.
    by_skill: dict[str, tuple[int, int]]
    checks: tuple[CheckResult, ...]
    rating: int | None
    notes: str

    @property
    def score(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def lines(self) -> list[str]:
        """The explanation as plain Chinese lines (for a terminal or a notebook)."""
        out = [(f"第 {self.round_no} 轮第 {self.group_no} 组 · 客户经理 {self.trainee}:"
                f"通过 {self.passed}/{self.total} 项({self.score:.0%})· 观察员 {self.observer}")]
        out += [f"  {SKILLS[s]}:{p}/{t}" for s, (p, t) in self.by_skill.items()]
        for c in self.checks:
            out.append(f"{'✓' if c.passed else '✗'} {c.label}")
            if c.why:
                out.append(f"    {c.why}(来源:{';'.join(c.source)})")
        if self.rating is not None:
            out.append(f"总体评价:{self.rating} 分(1–5)")
        if self.notes:
            out.append(f"备注:{self.notes}")
        return out


def _ids(ticked: object) -> tuple[str, ...]:
    if isinstance(ticked, str):
        return (ticked,)
    try:
        ids: tuple[object, ...] = tuple(ticked)  # type: ignore[arg-type]  # any iterable; TypeError below
    except TypeError:
        raise PlaybookInputError("ticked", code="wrong_type", label="通过的观察项(ticked)", expected="观察项 id 的列表",
                                 received=ticked) from None
    for i in ids:
        if not isinstance(i, str):
            raise PlaybookInputError("ticked", code="wrong_type", label="通过的观察项(ticked)", expected="观察项 id(文本)",
                                     received=i)
    return tuple(i for i in ids if isinstance(i, str))


def score_round(card: RoundCard, ticked: Iterable[str], *, observer: str, notes: str = "",
                rating: int | None = None, scored_at: datetime | None = None) -> ScoreSheet:
    """The observer's score of the round's salesperson: every check of the card, passed when
    its id is in ``ticked``. ``rating`` is optional (1–5); ``scored_at`` must be timezone-aware.
    Unknown check ids, a blank observer, … → :class:`PlaybookInputError` naming the field."""
    if not isinstance(card, RoundCard):
        raise PlaybookInputError("card", code="wrong_type", label="卡片(card)", expected=" plan_session 生成的 RoundCard",
                                 received=card)
    ids = _ids(ticked)
    known = {c.id for c in card.checks}
    unknown = [i for i in dict.fromkeys(ids) if i not in known]
    if unknown:
        raise PlaybookInputError("ticked", code="roleplay_unknown_ticks", unknown='、'.join(unknown), count=len(known))
    if not isinstance(observer, str) or not observer.strip():
        raise PlaybookInputError("observer", code="empty", label="观察员(observer)姓名")
    observer = check_name(observer, "observer", "观察员(observer)")
    if same_name(observer, card.salesperson):
        raise PlaybookInputError("observer", code="self_observer", label="观察员(observer)", trainee=observer)
    notes = check_notes(notes).strip()
    if rating is not None:
        rating = require_int(rating, "rating", "总体评价(rating)", *RATING_RANGE)
    if scored_at is not None:
        check_scored_at(scored_at)
    passed = set(ids)
    marks = tuple(CheckMark(c.id, c.skill, c.label, c.id in passed) for c in card.checks)
    return ScoreSheet(card.session, card.round_no, card.salesperson, observer, card.scenario_id, marks,
                      notes.strip(), rating, scored_at)


def explain(sheet: ScoreSheet, card: RoundCard) -> Explanation:
    """The sheet's score and, for every check, passed or not and why (from the card)."""
    if not isinstance(sheet, ScoreSheet) or not isinstance(card, RoundCard):
        raise PlaybookInputError("card", code="roleplay_sheet_card")
    if (sheet.session, sheet.round_no, sheet.scenario_id) != (card.session, card.round_no, card.scenario_id):
        raise PlaybookInputError("card", code="roleplay_card_mismatch", sheet_round=sheet.round_no,
                                 sheet_scenario=sheet.scenario_id, card_round=card.round_no,
                                 card_scenario=card.scenario_id)
    checks = {c.id: c for c in card.checks}
    results = []
    for m in sheet.marks:
        c = checks.get(m.check_id)
        results.append(CheckResult(m.check_id, m.skill, m.label, m.passed,
                                   c.why if c else "", c.source if c else ()))
    by_skill = {s: (sum(r.passed for r in results if r.skill == s), sum(r.skill == s for r in results))
                for s in SKILLS if any(r.skill == s for r in results)}
    return Explanation(sheet.session, sheet.round_no, card.group_no, sheet.trainee, sheet.observer,
                       sheet.passed, len(sheet.marks), by_skill, tuple(results), sheet.rating, sheet.notes)
