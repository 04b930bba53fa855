"""The suggestion engine: the next spaced-practice drills for one trainee, from their weakest
skills (role-play scores first, self-study readiness next), each with a Chinese reason."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from playbook.engines import drills, leitner, practice
from playbook.errors import PlaybookInputError
from playbook.trainer.roleplay.score_sheet import SKILLS, ScoreSheet
from playbook.trainer.teamboard.tables import (
    _EPS,
    RANK_WEIGHTS,
    SKILL_FAMILIES,
    _check_count,
    _check_sheets,
    _known_trainee,
    _marks_of,
    _rates,
)

if TYPE_CHECKING:  # pragma: no cover

    from playbook.kb import KnowledgeBase


# --------------------------------------------------------------------------- suggestions
@dataclass(frozen=True)
class SkillGap:
    """One skill of a trainee against the team, for ranking what to practise next."""

    skill: str
    label: str
    #: The trainee's pooled share passed (0–1), None if never checked.
    rate: float | None
    #: The team's pooled share passed (0–1), None if never checked.
    team_rate: float | None
    families: tuple[str, ...]
    #: Chinese, e.g. ``异议处理 通过率 40%,低于团队平均 62%``.
    reason: str


@dataclass(frozen=True)
class Suggestion:
    """One suggested drill question and why."""

    question: drills.Question
    skill: str
    reason: str


@dataclass(frozen=True)
class NextDrills:
    """The suggested next practice of one trainee."""

    trainee: str
    #: The questions in the order to ask them (feed it to the spaced-practice widget).
    session: drills.Session
    suggestions: tuple[Suggestion, ...]
    #: The trainee's skills, weakest first.
    ranking: tuple[SkillGap, ...]


def _pct(rate: float) -> str:
    return f"{rate:.0%}"


def _gap_reason(label: str, rate: float, team: float) -> str:
    if math.isnan(rate):
        return f"{label} 还没有在角色扮演中评分,先做基础练习"
    if math.isnan(team) or abs(rate - team) <= _EPS:
        compare = "与团队平均持平"
    elif rate < team:
        compare = f"低于团队平均 {_pct(team)}"
    else:
        compare = f"高于团队平均 {_pct(team)}"
    return f"{label} 通过率 {_pct(rate)},{compare}"


_COLOUR_RANK = {"red": 0, "yellow": 1, "green": 2}
_COLOUR_WORD = {"red": "红", "yellow": "黄", "green": "绿"}


def _self_study(ready: dict[str, practice.Readiness] | None, skill: str) -> tuple[float, str]:
    """(rank 0 red … 2 green, averaged over the skill's families; Chinese note) or (0, "")."""
    if not ready:
        return 0.0, ""
    rows = [ready[f] for f in SKILL_FAMILIES[skill] if f in ready]
    if not rows:
        return 0.0, ""
    note = "、".join(f"{r.label}{_COLOUR_WORD[r.colour]}(练过 {r.practised}/{r.total})" for r in rows)
    return sum(_COLOUR_RANK[r.colour] for r in rows) / len(rows), f"自学:{note}"


def _ranking(sheets: Sequence[ScoreSheet], trainee: str,
             ready: dict[str, practice.Readiness] | None = None) -> tuple[SkillGap, ...]:
    """The trainee's skills, weakest first: lowest role-play rate, then lowest self-study
    readiness (red before yellow before green), then furthest below the team, then teaching
    order; skills never checked in role-play come last, ordered by self-study readiness."""
    mine = _rates(_marks_of(s for s in sheets if s.trainee == trainee))
    team = _rates(_marks_of(sheets))

    def key(indexed: tuple[int, str]) -> tuple[Any, ...]:
        i, skill = indexed
        rate, gap = mine[skill], mine[skill] - team[skill]
        return (math.isnan(rate), 0.0 if math.isnan(rate) else rate, _self_study(ready, skill)[0],
                0.0 if math.isnan(gap) else gap, i)

    order = [skill for _, skill in sorted(enumerate(SKILLS), key=key)]

    def nan_none(x: float) -> float | None:
        return None if math.isnan(x) else x

    def reason(skill: str) -> str:
        note = _self_study(ready, skill)[1]
        return _gap_reason(SKILLS[skill], mine[skill], team[skill]) + (f";{note}" if note else "")

    return tuple(SkillGap(skill, SKILLS[skill], nan_none(mine[skill]), nan_none(team[skill]),
                          SKILL_FAMILIES[skill], reason(skill))
                 for skill in order)


def _quotas(size: int, count: int) -> list[int]:
    """``size`` split by :data:`RANK_WEIGHTS` over ``count`` ranked skills (largest remainder)."""
    weights = [RANK_WEIGHTS[min(i, len(RANK_WEIGHTS) - 1)] for i in range(count)]
    raw = [size * w / sum(weights) for w in weights]
    out = [int(r) for r in raw]
    by_remainder = sorted(range(count), key=lambda i: (-(raw[i] - out[i]), i))
    for i in by_remainder[: size - sum(out)]:
        out[i] += 1
    return out


def _due_rank(states: dict[str, practice.CardState], question_id: str, now: datetime) -> tuple[int, float]:
    """A question's place in practice order by FSRS: due (most overdue first), never answered,
    then not yet due (soonest first)."""
    c = states.get(question_id)
    if c is None:
        return 1, 0.0
    return (0 if c.due <= now else 2), c.due.timestamp()


def _as_practice(progress: practice.Progress | leitner.Progress | None, now: datetime
                 ) -> practice.Progress:
    """FSRS progress; an old Leitner :class:`leitner.Progress` is migrated as answered a day
    before ``now`` (box 1 → Again … box 5 → Easy), so its box-1 questions are due."""
    if progress is None:
        return practice.Progress()
    if isinstance(progress, practice.Progress):
        return progress
    entry = {"boxes": progress.boxes, "right": progress.right, "wrong": progress.wrong,
             "sessions": progress.sessions}
    return practice.from_leitner({"trainees": {progress.trainee: entry}}, progress.trainee,
                                 migrated_at=now - timedelta(days=1))[0]


def _pick(ranking: Sequence[SkillGap], size: int, seed: int, progress: practice.Progress,
          base: KnowledgeBase | None, now: datetime) -> list[tuple[drills.Question, int]]:
    """(question, skill rank) pairs: each skill's quota of its questions in FSRS practice order
    (due, new, later), a shortfall passed on to the next skill."""
    questions = drills.all_questions(seed=seed, base=base)
    by_id = {q.id: q for q in questions}
    pools = [practice.practice_order(progress, [q.id for q in questions if q.family in gap.families],
                                     now=now, seed=seed)
             for gap in ranking]
    picked: list[tuple[drills.Question, int]] = []
    used = [0] * len(pools)
    carry = 0
    for rank, quota in enumerate(_quotas(size, len(ranking))):
        want = quota + carry
        ids = pools[rank][:want]
        used[rank] = len(ids)
        carry = want - len(ids)
        picked += [(by_id[i], rank) for i in ids]
    for rank, pool in enumerate(pools):  # a shortfall left after the last skill
        extra = pool[used[rank]: used[rank] + carry]
        carry -= len(extra)
        picked += [(by_id[i], rank) for i in extra]
    return picked


def suggest_next(sheets: Sequence[ScoreSheet], trainee: str, *,
                 progress: practice.Progress | leitner.Progress | None = None,
                 size: int = 10, seed: int = 0, base: KnowledgeBase | None = None,
                 now: datetime | None = None) -> NextDrills:
    """The next drills for ``trainee``: mostly from the drill families of their weakest skills.

    Skills are ranked weakest first (:class:`SkillGap`) by the role-play scores, then by the
    trainee's self-study readiness (:func:`playbook.engines.practice.readiness`, when
    ``progress`` is given); the session's ``size`` questions are shared out 4 : 2 : 1 : 1 by
    that rank (10 → 5, 3, 1, 1). Inside a skill the questions come in FSRS practice order
    (:func:`playbook.engines.practice.practice_order`: due at ``now`` first, then never
    answered, seeded, then the rest soonest due first); the whole session is then ordered the
    same way, ties by skill rank. ``progress`` is the trainee's :class:`practice.Progress` (an
    old Leitner :class:`leitner.Progress` is migrated). Same inputs → same session.
    """
    items = _check_sheets(sheets)
    name = _known_trainee(items, trainee)
    _check_count(size, "size", "题目数量")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise PlaybookInputError("seed", code="not_integer", label="随机种子", kind="", received=seed)
    when = now if now is not None else datetime.now(timezone.utc)
    if progress is not None:
        if isinstance(progress, leitner.Progress):
            if progress.trainee.strip() != name.strip():
                raise PlaybookInputError("progress", code="progress_other_trainee", trainee=progress.trainee,
                                         name=name)
        elif not isinstance(progress, practice.Progress):
            raise PlaybookInputError("progress", code="wrong_type", label="练习进度",
                                     expected=" practice.Progress(可用 practice.load_file 或记录库的 practice_progress 读取)",
                                     received=progress)
    fsrs_progress = _as_practice(progress, when)
    ready = ({r.family: r for r in practice.readiness(fsrs_progress, practice.item_totals(base=base), now=when,
                                                          known=practice.known_items(base=base))}
             if progress is not None else None)
    ranking = _ranking(items, name, ready)
    picked = _pick(ranking, size, seed, fsrs_progress, base, when)
    states = practice.card_states(fsrs_progress)
    position = {q.id: i for i, (q, _) in enumerate(picked)}
    picked.sort(key=lambda pair: (_due_rank(states, pair[0].id, when), pair[1], position[pair[0].id]))
    suggestions = tuple(Suggestion(q, ranking[rank].skill, _question_reason(ranking[rank], states, q.id, when))
                        for q, rank in picked)
    return NextDrills(name, drills.Session(seed, tuple(s.question for s in suggestions)), suggestions, ranking)


def _question_reason(gap: SkillGap, states: dict[str, practice.CardState], question_id: str,
                     now: datetime) -> str:
    c = states.get(question_id)
    if c is not None and c.last_rating == practice.AGAIN:
        return f"{gap.reason};这道题上次答错,优先复习"
    if c is not None and c.due <= now:
        return f"{gap.reason};这道题已到复习时间"
    return gap.reason
