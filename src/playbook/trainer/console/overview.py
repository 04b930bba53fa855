"""The trainer's overview of a session (:func:`session_view`): per trainee, readiness (我的练习)
next to the role-play scores, coloured by :data:`READY_RULES`; the team's weakest checks; and
(through small interfaces) dialogue option statistics and the free-text answers waiting for a
verdict. Standard library only (it runs in the reader's browser)."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from playbook.engines import practice
from playbook.trainer import records
from playbook.trainer.roleplay.score_sheet import SKILLS, CheckMark

#: How the session view colours a trainee (role-play pass rate and self-study readiness).
READY_RULES = {
    "green": "绿:对练总体通过率 ≥ 80%,且“我的练习”没有红色技能",
    "yellow": "黄:对练总体通过率 60%–80%;或通过率 ≥ 80% 但“我的练习”有红色技能;"
              "或还没有对练评分、自学各项都不是红色",
    "red": "红:对练总体通过率 < 60%;或还没有对练评分,而自学有红色技能或没有自学记录",
}
GREEN_RATE, YELLOW_RATE = 0.8, 0.6


@dataclass(frozen=True)
class TraineeRow:
    """One trainee in the session view."""

    name: str
    colour: str  # green | yellow | red (:data:`READY_RULES`)
    rounds: int
    overall: float  # role-play pass rate 0–1, NaN without sheets
    skills: dict[str, float]  # skill → pass rate (NaN where not checked)
    readiness: tuple[practice.Readiness, ...]  # empty without imported self-study
    answers: int
    due: int


@dataclass(frozen=True)
class CheckStat:
    check_id: str
    label: str
    skill: str
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else math.nan


@dataclass(frozen=True)
class SessionView:
    session: str
    trainees: tuple[TraineeRow, ...]
    weakest: tuple[CheckStat, ...]
    team_skills: dict[str, float]
    option_stats: Any = None  # what the dialogue statistics engine returned, or None
    unsure: Any = None  # the free-text answers awaiting a verdict, or None
    missing: tuple[str, ...] = field(default=())  # engines not available yet (Chinese names)
    #: trainee → the suggested next drills (:func:`playbook.trainer.dashboard.suggest_next`), for
    #: trainees with role-play scores
    next_drills: Mapping[str, Any] = field(default_factory=dict)


def _rate(marks: Iterable[CheckMark]) -> float:
    marks = list(marks)
    return sum(m.passed for m in marks) / len(marks) if marks else math.nan


def _colour(overall: float, ready: Sequence[practice.Readiness], rounds: int) -> str:
    red_skill = any(r.colour == "red" for r in ready)
    if not rounds:
        return "yellow" if ready and not red_skill else "red"
    if overall < YELLOW_RATE:
        return "red"
    if overall < GREEN_RATE or red_skill:
        return "yellow"
    return "green"


def session_view(store: records.Store, session: str | None, *, trainees: Sequence[str] = (),
                 now: datetime | None = None, files: Mapping[str, Sequence[str]] | None = None,
                 option_stats: Callable[[Mapping[str, Sequence[str]]], Any] | None = None,
                 unsure: Callable[[Mapping[str, Sequence[str]]], Any] | None = None,
                 next_size: int = 5) -> SessionView:
    """What the trainer sees for ``session`` (None: all sessions): per trainee the role-play
    rates next to self-study readiness, coloured by :data:`READY_RULES`; the team's weakest
    checks (marked at least twice); and, where those engines are given, dialogue option
    statistics and the free-text answers awaiting a verdict, each called with ``files``
    (trainee → the texts of the progress files they handed in, :class:`FileShelf`), limited to
    this view's trainees;
    for each trainee with role-play scores, the ``next_size`` drills to practise next."""
    when = now if now is not None else datetime.now(timezone.utc)
    sheets = store.sheets(session=session)
    progress = store.practice_progress()
    names = list(dict.fromkeys([*trainees, *(s.trainee for s in sheets), *progress]))
    totals = practice.item_totals()
    rows = []
    for name in names:
        mine = [s for s in sheets if s.trainee == name]
        marks = [m for s in mine for m in s.marks]
        prog = progress.get(name)
        ready = practice.readiness(prog, totals, now=when) if prog is not None else ()
        overall = _rate(marks)
        rows.append(TraineeRow(name, _colour(overall, ready, len(mine)), len(mine), overall,
                               {k: _rate(m for m in marks if m.skill == k) for k in SKILLS}, tuple(ready),
                               len(prog.reviews) if prog else 0, len(practice.due_items(prog, when)) if prog else 0))
    stats: dict[str, list[Any]] = {}
    for m in (m for s in sheets for m in s.marks):
        st = stats.setdefault(m.check_id, [m.label, m.skill, 0, 0])
        st[2] += bool(m.passed)
        st[3] += 1
    checks = [CheckStat(cid, lbl, sk, p, t) for cid, (lbl, sk, p, t) in stats.items() if t >= 2]
    checks.sort(key=lambda c: (c.rate, -c.total, c.check_id))
    all_marks = [m for s in sheets for m in s.marks]
    missing = []
    relevant = {n: list(texts) for n, texts in (files or {}).items() if n in names}
    opt = unsure_items = None
    if option_stats is None:
        missing.append("对练选项统计")
    else:
        opt = option_stats(relevant)
    if unsure is None:
        missing.append("待裁定的自由作答")
    else:
        unsure_items = unsure(relevant)
    from playbook.trainer.dashboard import suggest_next

    nexts = {r.name: suggest_next(sheets, r.name, progress=progress.get(r.name), size=next_size, now=when)
             for r in rows if r.rounds}
    return SessionView(session or "全部场次", tuple(rows), tuple(checks[:5]),
                       {k: _rate(m for m in all_marks if m.skill == k) for k in SKILLS},
                       opt, unsure_items, tuple(missing), nexts)
