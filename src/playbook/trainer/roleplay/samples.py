"""Seeded sample role-play data (strengths, score sheets, a history of sessions) for the
trainer's guide, the dashboard demo and the tests."""
from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from playbook.normalize import require_int
from playbook.trainer.roleplay.plan import MAX_TRAINEES, MIN_TRAINEES, SessionPlan, plan_session
from playbook.trainer.roleplay.score_sheet import SKILLS, ScoreSheet
from playbook.trainer.roleplay.scoring import score_round

_CST = timezone(timedelta(hours=8), "CST")
_SAMPLE_NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周丽", "吴刚", "徐婷", "孙浩")


def sample_strengths(trainees: Iterable[str], *, seed: int = 0) -> dict[str, dict[str, float]]:
    """Trainee → skill → chance (0.25–0.8) of passing a check of that skill, seeded per trainee."""
    out = {}
    for name in trainees:
        rng = random.Random(f"{seed}|strength|{name}")
        out[name] = {s: round(rng.uniform(0.25, 0.8), 2) for s in SKILLS}
    return out


def simulate_sheets(plan: SessionPlan, *, seed: int = 0,
                    strengths: dict[str, dict[str, float]] | None = None, improvement: float = 0.0,
                    start: datetime | None = None) -> list[ScoreSheet]:
    """Seeded score sheets for every card of ``plan`` (the first observer scores).

    A check passes with the salesperson's strength for its skill plus ``improvement`` (capped
    at 0.95); rounds are 30 minutes apart from ``start`` (default 2026-03-02 09:00 +08:00)."""
    strengths = strengths if strengths is not None else sample_strengths(plan.trainees, seed=seed)
    start = start or datetime(2026, 3, 2, 9, 0, tzinfo=_CST)
    sheets = []
    for card in plan.cards:
        rng = random.Random(f"{seed}|{plan.session}|{card.round_no}|{card.group_no}")
        skill = strengths.get(card.salesperson, dict.fromkeys(SKILLS, 0.5))
        ticked = [c.id for c in card.checks if rng.random() < min(0.95, skill[c.skill] + improvement)]
        passed = len(ticked) / len(card.checks)
        sheets.append(score_round(card, ticked, observer=card.observers[0],
                                  rating=max(1, min(5, 1 + round(4 * passed))),
                                  scored_at=start + timedelta(minutes=30 * (card.round_no - 1))))
    return sheets


def sample_history(*, seed: int = 0, trainees: int = 6, sessions: int = 3,
                   rounds: int = 3) -> tuple[list[SessionPlan], list[ScoreSheet]]:
    """Seeded sample sessions one week apart (Mondays 09:00, UTC+8) for the trainer's guide and
    the dashboard demo: each trainee has their own strength per skill and improves by 0.12 per
    session."""
    trainees = require_int(trainees, "trainees", "学员人数(trainees)", MIN_TRAINEES, MAX_TRAINEES)
    sessions = require_int(sessions, "sessions", "场次数(sessions)", 1, 52)
    names = [*_SAMPLE_NAMES, *(f"学员{i}" for i in range(len(_SAMPLE_NAMES) + 1, MAX_TRAINEES + 1))][:trainees]
    strengths = sample_strengths(names, seed=seed)
    first = datetime(2026, 3, 2, 9, 0, tzinfo=_CST)
    plans, sheets = [], []
    for i in range(sessions):
        day = first + timedelta(weeks=i)
        plan = plan_session(names, rounds=rounds, seed=seed * 1000 + i,
                            session=f"{day:%Y-%m-%d} 情景模拟第 {i + 1} 次")
        plans.append(plan)
        sheets += simulate_sheets(plan, seed=seed, strengths=strengths, improvement=0.12 * i, start=day)
    return plans, sheets
