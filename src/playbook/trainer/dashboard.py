"""The trainer's team dashboard over role-play score sheets (:class:`~playbook.trainer.roleplay.ScoreSheet`).

Everything here reads a ``Sequence[ScoreSheet]`` (what the records store returns):

- tables (pandas): :func:`marks_table` (one row per check mark), :func:`skill_table` (per trainee
  × skill family, share of checks passed, pooled over all marks), :func:`progress_table` (per
  trainee and session, in the order the sessions were held), :func:`weakest_checks` (the team's
  checks with the lowest pass rate);
- :func:`suggest_next`: the next spaced-practice drills for one trainee, mostly from the drill
  families of their weakest skills (role-play scores first, self-study readiness next), ordered
  by their FSRS practice progress (due first), each with a Chinese reason;
- self-study: :func:`self_study_html` shows each trainee's readiness per skill from the
  progress files they exported (:mod:`playbook.engines.practice`, imported with
  ``python -m playbook records import``), next to the role-play scores;
- charts (matplotlib, the bundled Chinese font): :func:`skill_chart`, :func:`progress_chart`,
  :func:`weak_checks_chart`; each returns a Figure already closed in pyplot, so a notebook shows it
  exactly once when it is the cell's value;
- :func:`summary_html`: compact HTML tables for notebooks, every text escaped;
- exports: :func:`export_csv` (UTF-8 with BOM) and :func:`export_xlsx`, written atomically; text
  that a spreadsheet would read as a formula (``= + - @``) stays text;
- the dashboard page: :func:`dashboard_html` (summary, charts as embedded PNG, next drills), shown
  by the trainer's notebook panel and written by ``python -m playbook dashboard``
  (:func:`write_dashboard`, :func:`export_all`).

Rates are shares 0–1 (``NaN`` where nothing was checked); a rate is pooled, i.e. passed marks /
all marks of that trainee (and skill, session), not an average of round scores. The team rate of a
skill is pooled over every trainee's marks too.

pandas, matplotlib and openpyxl are imported inside the functions that need them, so
``import playbook.trainer.dashboard`` stays light. Bad or empty input raises
:class:`~playbook.errors.PlaybookInputError` with a Chinese message.
"""
from __future__ import annotations

import base64
import csv
import dataclasses
import html
import io
import math
import os
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playbook.engines import drills, practice
from playbook.errors import PlaybookInputError
from playbook.fileio import atomic_write
from playbook.fonts import FONT_FILE
from playbook.normalize import cell_text, normalize_name, printable
from playbook.typography import html_text
from playbook.trainer.roleplay import SKILLS, CheckMark, ScoreSheet

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from playbook.kb import KnowledgeBase

__all__ = [
    "LABELS", "SKILL_FAMILIES", "NextDrills", "SkillGap", "Suggestion",
    "chinese_columns", "export_csv", "export_xlsx", "marks_table", "progress_chart",
    "progress_table", "skill_chart", "skill_table", "suggest_next", "summary_html",
    "weak_checks_chart", "weakest_checks", "xlsx_bytes",
    "figure_png", "charts_html", "suggestions_html", "dashboard_html", "dashboard_document",
    "write_dashboard", "export_all", "default_export_dir", "self_study_html", "self_study_lines",
    "OptionChoice", "option_choices", "option_choices_html",
]

#: The drill families (:data:`playbook.engines.drills.FAMILIES`) that train each role-play skill.
SKILL_FAMILIES: dict[str, tuple[str, ...]] = {
    "persuasion": ("customer_type", "communication_style"),
    "objection": ("objection",),
    "fab": ("fab",),
    "etiquette": ("etiquette",),
}
#: Chinese labels of the table columns (skill columns use :data:`playbook.trainer.roleplay.SKILLS`).
LABELS: dict[str, str] = {
    "trainee": "学员", **SKILLS, "overall": "总体", "rounds": "轮次", "session": "场次",
    "started": "开始时间", "round_no": "轮次", "observer": "观察员", "scenario_id": "情境",
    "skill": "技能", "skill_label": "技能", "check_id": "检查项编号", "label": "检查项",
    "passed": "通过次数", "total": "检查次数", "rate": "通过率", "notes": "评语",
    "rating": "总体印象", "scored_at": "评分时间",
}
#: Share of a suggested session given to the weakest, second, third … skill (largest remainder).
RANK_WEIGHTS: tuple[int, ...] = (4, 2, 1, 1)

SKILL_COLORS = ("#3b6ea5", "#e08a2c", "#5a9e4b", "#8e5ea2")
OVERALL = "overall"
_EPS = 1e-9


# --------------------------------------------------------------------------- input
def _check_sheets(sheets: Sequence[ScoreSheet]) -> tuple[ScoreSheet, ...]:
    """The sheets as a tuple; empty, wrong types or unknown skills → PlaybookInputError."""
    if isinstance(sheets, ScoreSheet):
        sheets = (sheets,)
    if sheets is None or isinstance(sheets, (str, bytes)) or not isinstance(sheets, Iterable):
        raise PlaybookInputError("sheets", f"评分记录须是评分表(ScoreSheet)的列表,收到 {type(sheets).__name__}")
    items = tuple(sheets)
    if not items:
        raise PlaybookInputError("sheets", "还没有评分记录:请先在角色扮演中为学员评分,再查看看板")
    same: list[ScoreSheet] = []
    for i, s in enumerate(items, 1):
        if not isinstance(s, ScoreSheet):
            raise PlaybookInputError("sheets", f"第 {i} 条评分记录不是评分表(ScoreSheet),收到 {type(s).__name__}")
        if not isinstance(s.trainee, str) or not isinstance(s.observer, str) or not isinstance(s.session, str):
            raise PlaybookInputError("sheets", f"第 {i} 条评分记录的学员、观察员或场次不是文字")
        trainee, observer = normalize_name(s.trainee), normalize_name(s.observer)
        if not trainee:
            raise PlaybookInputError("sheets", f"第 {i} 条评分记录的学员姓名为空")
        if (trainee, observer) != (s.trainee, s.observer):  # "张三" and "张三\u200b" are one trainee
            s = dataclasses.replace(s, trainee=trainee, observer=observer)
        same.append(s)
        for m in s.marks:
            if m.skill not in SKILLS:
                raise PlaybookInputError(
                    "skill", f"第 {i} 条评分记录(学员 “{s.trainee}”,第 {s.round_no} 轮)的检查项 "
                             f"“{str(m.check_id)[:40]}” 的技能 “{str(m.skill)[:20]}” 不存在;可选:{'、'.join(SKILLS)}")
    return tuple(same)


def _check_count(value: object, field: str, label: str, *, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PlaybookInputError(field, f"{label}须是正整数,收到 {value!r}")
    return value


def _trainees(sheets: Sequence[ScoreSheet]) -> list[str]:
    """Trainee names, sorted (so tables do not depend on the order of the records)."""
    return sorted({s.trainee for s in sheets})


def _known_trainee(sheets: Sequence[ScoreSheet], trainee: object) -> str:
    names = _trainees(sheets)
    name = normalize_name(trainee) if isinstance(trainee, str) else trainee
    if name not in names:
        listed = "、".join(names[:8]) + (f" 等 {len(names)} 人" if len(names) > 8 else "")
        raise PlaybookInputError("trainee", f"评分记录中没有学员 “{printable(trainee)[:30]}”;现有学员:{listed}")
    return name


# --------------------------------------------------------------------------- counting
def _rate(passed: int, total: int) -> float:
    return passed / total if total else math.nan


def _rates(marks: Iterable[CheckMark]) -> dict[str, float]:
    """Pooled share passed per skill and ``overall`` (NaN where nothing was checked)."""
    counts = {key: [0, 0] for key in (*SKILLS, OVERALL)}
    for m in marks:
        for key in (m.skill, OVERALL):
            counts[key][0] += bool(m.passed)
            counts[key][1] += 1
    return {key: _rate(*c) for key, c in counts.items()}


def _marks_of(sheets: Iterable[ScoreSheet]) -> Iterable[CheckMark]:
    return (m for s in sheets for m in s.marks)


def _time_key(at: datetime | None) -> tuple[bool, float]:
    return (at is None, at.timestamp() if at is not None else 0.0)


def _session_order(sheets: Sequence[ScoreSheet]) -> list[tuple[str, datetime | None]]:
    """Sessions with their first ``scored_at``, earliest first (untimed last, then by name)."""
    first: dict[str, datetime | None] = {}
    for s in sheets:
        if s.session not in first or _time_key(s.scored_at) < _time_key(first[s.session]):
            first[s.session] = s.scored_at
    return sorted(first.items(), key=lambda kv: (*_time_key(kv[1]), kv[0]))


# --------------------------------------------------------------------------- tables
def marks_table(sheets: Sequence[ScoreSheet]) -> pd.DataFrame:
    """One row per check mark (a round without marks gives one row with empty check fields).

    Columns: session, round_no, trainee, observer, scenario_id, skill, skill_label, check_id,
    label, passed (bool), notes, rating, scored_at — in the order of ``sheets``.
    """
    import pandas as pd

    return pd.DataFrame(_mark_rows(_check_sheets(sheets)), columns=_MARK_COLUMNS)


_MARK_COLUMNS = ["session", "round_no", "trainee", "observer", "scenario_id", "skill", "skill_label",
                 "check_id", "label", "passed", "notes", "rating", "scored_at"]


def _mark_rows(sheets: Sequence[ScoreSheet]) -> list[list[Any]]:
    rows = []
    for s in sheets:
        head = [s.session, s.round_no, s.trainee, s.observer, s.scenario_id]
        tail = [s.notes, s.rating, s.scored_at]
        if not s.marks:
            rows.append([*head, None, None, None, None, None, *tail])
        for m in s.marks:
            rows.append([*head, m.skill, SKILLS[m.skill], m.check_id, m.label, bool(m.passed), *tail])
    return rows


def skill_table(sheets: Sequence[ScoreSheet]) -> pd.DataFrame:
    """Per trainee (index, sorted) the share of checks passed per skill (columns in
    :data:`~playbook.trainer.roleplay.SKILLS` order), ``overall`` and the number of ``rounds``.

    Shares are 0–1, pooled over every mark of that trainee and skill; NaN where a skill was
    never checked. :func:`chinese_columns` gives the Chinese headers.
    """
    import pandas as pd

    items = _check_sheets(sheets)
    rows = []
    for name in _trainees(items):
        mine = [s for s in items if s.trainee == name]
        rows.append({**_rates(_marks_of(mine)), "rounds": len(mine)})
    table = pd.DataFrame(rows, index=pd.Index(_trainees(items), name="trainee"),
                         columns=[*SKILLS, OVERALL, "rounds"])
    return table


def progress_table(sheets: Sequence[ScoreSheet]) -> pd.DataFrame:
    """Per trainee (sorted) and session (in the order held: by the session's first
    ``scored_at``): ``started``, ``rounds``, ``overall`` and the per-skill shares (0–1, NaN where
    not checked in that session)."""
    import pandas as pd

    items = _check_sheets(sheets)
    order = _session_order(items)
    rows = []
    for name in _trainees(items):
        for session, started in order:
            mine = [s for s in items if s.trainee == name and s.session == session]
            if mine:
                rates = _rates(_marks_of(mine))
                rows.append({"trainee": name, "session": session, "started": started,
                             "rounds": len(mine), **rates})
    return pd.DataFrame(rows, columns=["trainee", "session", "started", "rounds", OVERALL, *SKILLS])


def _check_stats(sheets: Sequence[ScoreSheet]) -> list[dict[str, Any]]:
    """Per check id: its label and skill (the most frequent, ties by text), passed, total, rate."""
    seen: dict[str, dict[str, Any]] = {}
    for m in _marks_of(sheets):
        st = seen.setdefault(m.check_id, {"labels": Counter(), "skills": Counter(), "passed": 0, "total": 0})
        st["labels"][m.label] += 1
        st["skills"][m.skill] += 1
        st["passed"] += bool(m.passed)
        st["total"] += 1
    out = []
    for check_id, st in seen.items():
        skill = min(st["skills"].items(), key=lambda kv: (-kv[1], list(SKILLS).index(kv[0])))[0]
        out.append({"check_id": check_id, "label": min(st["labels"].items(), key=lambda kv: (-kv[1], kv[0]))[0],
                    "skill": skill, "skill_label": SKILLS[skill], "passed": st["passed"],
                    "total": st["total"], "rate": st["passed"] / st["total"]})
    return out


def _weakest(sheets: Sequence[ScoreSheet], n: int | None, min_count: int) -> list[dict[str, Any]]:
    stats = [st for st in _check_stats(sheets) if st["total"] >= min_count]
    # lowest rate first; equal rate → the check seen more often first; then by id
    stats.sort(key=lambda st: (st["rate"], -st["total"], st["check_id"]))
    return stats if n is None else stats[:n]


def weakest_checks(sheets: Sequence[ScoreSheet], n: int | None = 5, *, min_count: int = 2) -> pd.DataFrame:
    """The team's checks with the lowest pass rate, weakest first (``n=None``: all of them).

    Only checks marked at least ``min_count`` times count. Ties: the check marked more often
    first, then by check id. Columns: check_id, label, skill, skill_label, passed, total, rate.
    """
    import pandas as pd

    items = _check_sheets(sheets)
    _check_count(n, "n", "检查项数量", allow_none=True)
    _check_count(min_count, "min_count", "最少检查次数")
    return pd.DataFrame(_weakest(items, n, min_count),
                        columns=["check_id", "label", "skill", "skill_label", "passed", "total", "rate"])


def chinese_columns(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a dashboard table with Chinese column (and index) names from :data:`LABELS`."""
    out = table.rename(columns=LABELS)
    if out.index.name in LABELS:
        out.index.name = LABELS[out.index.name]
    return out


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


def _as_practice(progress: practice.Progress | drills.Progress | None, now: datetime
                 ) -> practice.Progress:
    """FSRS progress; an old Leitner :class:`drills.Progress` is migrated as answered a day
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
                 progress: practice.Progress | drills.Progress | None = None,
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
    old Leitner :class:`drills.Progress` is migrated). Same inputs → same session.
    """
    items = _check_sheets(sheets)
    name = _known_trainee(items, trainee)
    _check_count(size, "size", "题目数量")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise PlaybookInputError("seed", f"随机种子须是整数,收到 {seed!r}")
    when = now if now is not None else datetime.now(timezone.utc)
    if progress is not None:
        if isinstance(progress, drills.Progress):
            if progress.trainee.strip() != name.strip():
                raise PlaybookInputError("progress", f"练习进度属于学员 “{progress.trainee}”,不是 “{name}”")
        elif not isinstance(progress, practice.Progress):
            raise PlaybookInputError("progress", "练习进度须是 practice.Progress(可用 practice.load_file 或 "
                                                 "记录库的 practice_progress 读取)")
    fsrs_progress = _as_practice(progress, when)
    ready = ({r.family: r for r in practice.readiness(fsrs_progress, practice.item_totals(base=base), now=when)}
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


# --------------------------------------------------------------------------- charts
def _pyplot() -> Any:
    from playbook.fonts import use_chinese_font

    use_chinese_font()
    import matplotlib.pyplot as plt

    return plt


def _finish(fig: Figure, plt: Any) -> Figure:
    """Tight layout and close in pyplot: the returned figure is shown once (as a cell's value)."""
    fig.tight_layout()
    plt.close(fig)
    return fig


def _wrap(text: str, width: int) -> str:
    """Text for a chart label: printable (see :func:`playbook.normalize.printable`), wrapped."""
    text = printable(text)
    return "\n".join(textwrap.wrap(text, width)) or text


def _style_percent_axis(ax: Any, *, top: float = 112) -> None:
    ax.set_ylim(0, top)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("通过率(%)")
    ax.spines[["top", "right"]].set_visible(False)


def _percent_label(value: float) -> str:
    return "未评" if math.isnan(value) else f"{value * 100:.0f}%"


def skill_chart(sheets: Sequence[ScoreSheet], trainee: str | None = None) -> Figure:
    """Share of checks passed per skill (0–100 %): grouped bars per trainee, or one trainee's
    bars with the team average marked."""
    items = _check_sheets(sheets)
    table = skill_table(items)
    plt = _pyplot()
    labels = list(SKILLS.values())
    if trainee is not None:
        name = _known_trainee(items, trainee)
        fig, ax = plt.subplots(figsize=(5.8, 3.6), dpi=110)
        values = [table.loc[name, s] for s in SKILLS]
        bars = ax.bar(labels, [0 if math.isnan(v) else v * 100 for v in values], color="#3b6ea5", width=0.55)
        ax.bar_label(bars, labels=[_percent_label(v) for v in values], padding=3)
        team = _rates(_marks_of(items))
        ax.scatter(labels, [math.nan if math.isnan(team[s]) else team[s] * 100 for s in SKILLS],
                   marker="_", s=900, linewidths=2, color="#c0392b", zorder=3, label="团队平均")
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), markerscale=0.4)
        ax.set_title(f"{_wrap(name, 40)} 各技能通过率")
    else:
        names = list(table.index)
        fig, ax = plt.subplots(figsize=(max(5.8, 1.6 * len(names) + 2), 3.8), dpi=110)
        width = 0.8 / len(SKILLS)
        for i, (skill, label) in enumerate(SKILLS.items()):
            values = list(table[skill])
            xs = [k + (i - (len(SKILLS) - 1) / 2) * width for k in range(len(names))]
            bars = ax.bar(xs, [0 if math.isnan(v) else v * 100 for v in values], width=width * 0.95,
                          color=SKILL_COLORS[i % len(SKILL_COLORS)], label=label)
            ax.bar_label(bars, labels=[_percent_label(v) for v in values], padding=2, fontsize=6.5)
        ax.set_xticks(range(len(names)), labels=[_wrap(n, 12) for n in names])
        ax.legend(frameon=False, fontsize=8, ncol=len(SKILLS), loc="upper center",
                  bbox_to_anchor=(0.5, -0.1))
        ax.set_title("各学员技能通过率")
    _style_percent_axis(ax)
    return _finish(fig, plt)


def progress_chart(sheets: Sequence[ScoreSheet], trainee: str | None = None) -> Figure:
    """Share of checks passed over the sessions (in the order held): one line per trainee
    (overall), or one trainee's overall and per-skill lines."""
    items = _check_sheets(sheets)
    table = progress_table(items)
    sessions = [s for s, _ in _session_order(items)]
    where = {s: i for i, s in enumerate(sessions)}
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(max(5.8, 1.1 * len(sessions) + 2.5), 3.8), dpi=110)
    if trainee is not None:
        name = _known_trainee(items, trainee)
        mine = table[table["trainee"] == name]
        xs = [where[s] for s in mine["session"]]
        for i, (skill, label) in enumerate(SKILLS.items()):
            ax.plot(xs, mine[skill] * 100, marker="o", linewidth=1, linestyle="--",
                    color=SKILL_COLORS[i % len(SKILL_COLORS)], label=label)
        ax.plot(xs, mine[OVERALL] * 100, marker="o", linewidth=2.4, color="#222222", label="总体")
        ax.set_title(f"{_wrap(name, 40)} 各场次通过率")
    else:
        for name, rows in table.groupby("trainee", sort=True):
            ax.plot([where[s] for s in rows["session"]], rows[OVERALL] * 100, marker="o", linewidth=1.8,
                    label=_wrap(str(name), 20))
        ax.set_title("各学员总体通过率(按场次)")
    ax.set_xticks(range(len(sessions)), labels=[_wrap(s, 10) for s in sessions])
    ax.set_xlim(-0.5, len(sessions) - 0.5)
    ax.set_xlabel("场次(按时间先后)")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _style_percent_axis(ax, top=105)
    return _finish(fig, plt)


def weak_checks_chart(sheets: Sequence[ScoreSheet], n: int = 5, *, min_count: int = 2) -> Figure:
    """Horizontal bars: the team's ``n`` weakest checks (see :func:`weakest_checks`), weakest on top."""
    table = weakest_checks(sheets, n, min_count=min_count)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.6 * max(len(table), 2) + 1.3), dpi=110)
    if table.empty:
        ax.text(0.5, 0.5, f"没有被检查过 {min_count} 次以上的检查项", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
    else:
        ys = range(len(table))
        ax.barh(ys, table["rate"] * 100, color="#c0392b", height=0.6)
        for y, row in zip(ys, table.itertuples(), strict=True):
            ax.text(row.rate * 100 + 1.5, y, f"{row.passed}/{row.total} {_pct(row.rate)}  {row.skill_label}",
                    va="center", fontsize=8)
        ax.set_yticks(list(ys), labels=[_wrap(label, 16) for label in table["label"]])
        ax.invert_yaxis()
        ax.set_xlim(0, 130)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel("通过率(%)")
        ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("团队最薄弱的检查项")
    return _finish(fig, plt)


# --------------------------------------------------------------------------- HTML
_CSS = """
.pb-dashboard table { border-collapse: collapse; margin: 0.3em 0 1em; font-size: 0.9em; }
.pb-dashboard th, .pb-dashboard td { border: 1px solid #bbb; padding: 2px 8px; }
.pb-dashboard th { background: #f2f2f2; text-align: left; }
.pb-dashboard td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pb-dashboard td.low { color: #a61b1b; font-weight: 600; }
"""
#: Pass rates below this are highlighted in the HTML summary.
LOW_RATE = 0.6


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[tuple[str, str]]]) -> str:
    """Rows of (text, css class) cells; every text escaped."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="{e(cls)}">{e(text)}</td>' if cls else f"<td>{e(text)}</td>"
                                    for text, cls in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _rate_cell(rate: float) -> tuple[str, str]:
    if math.isnan(rate):
        return "—", "num"
    return _pct(rate), "num low" if rate < LOW_RATE else "num"


def summary_html(sheets: Sequence[ScoreSheet], *, n: int = 5, notes: int = 10) -> str:
    """A compact HTML summary for notebooks: skill table, weakest checks, latest notes.

    Every text (names, labels, notes) is HTML-escaped. ``notes``: how many of the latest
    non-empty observer notes to show.
    """
    items = _check_sheets(sheets)
    _check_count(n, "n", "检查项数量")
    if isinstance(notes, bool) or not isinstance(notes, int) or notes < 0:
        raise PlaybookInputError("notes", f"评语条数须是非负整数,收到 {notes!r}")
    skills = skill_table(items)
    names = list(skills.index)
    parts = [f'<div class="pb-dashboard"><style>{_CSS}</style>',
             f"<p>{len(names)} 名学员,{len(_session_order(items))} 场,{len(items)} 轮评分</p>",
             "<h4>各技能通过率</h4>",
             _html_table([LABELS["trainee"], *SKILLS.values(), LABELS[OVERALL], LABELS["rounds"]],
                         [[(name, ""), *(_rate_cell(skills.loc[name, s]) for s in (*SKILLS, OVERALL)),
                           (str(int(skills.loc[name, "rounds"])), "num")] for name in names])]
    weakest = _weakest(items, n, 2)
    parts.append("<h4>团队最薄弱的检查项</h4>")
    if weakest:
        parts.append(_html_table(["检查项", "技能", "通过/检查", "通过率"],
                                 [[(w["label"], ""), (w["skill_label"], ""), (f"{w['passed']}/{w['total']}", "num"),
                                   _rate_cell(w["rate"])] for w in weakest]))
    else:
        parts.append("<p>还没有被检查过 2 次以上的检查项。</p>")
    noted = sorted((s for s in items if s.notes.strip()), key=lambda s: _time_key(s.scored_at))
    noted = noted[len(noted) - notes:] if notes else []
    if noted:
        parts.append("<h4>最近的评语</h4>")
        parts.append(_html_table(["场次", "轮次", "学员", "观察员", "评语"],
                                 [[(s.session, ""), (str(s.round_no), "num"), (s.trainee, ""),
                                   (s.observer, ""), (s.notes, "")] for s in reversed(noted)]))
    parts.append("</div>")
    return "".join(parts)


# --------------------------------------------------------------------------- export
RECORD_HEADERS = ["场次", "轮次", "学员", "观察员", "情境", "技能", "检查项编号", "检查项", "是否通过",
                  "评语", "总体印象", "评分时间"]
SKILL_HEADERS = ["学员", *SKILLS.values(), "总体", "轮次"]
PROGRESS_HEADERS = ["学员", "场次", "开始时间", "轮次", "总体", *SKILLS.values()]
WEAKEST_HEADERS = ["检查项编号", "检查项", "技能", "通过次数", "检查次数", "通过率"]
#: Characters that make a spreadsheet read a text cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Rate(float):
    """A share 0–1 that is written as a percentage."""


def _record_rows(items: Sequence[ScoreSheet]) -> list[list[Any]]:
    return [[session, round_no, trainee, observer, scenario, skill_label, check_id, label,
             None if passed is None else ("是" if passed else "否"), notes, rating, scored_at]
            for (session, round_no, trainee, observer, scenario, _skill, skill_label, check_id, label,
                 passed, notes, rating, scored_at) in _mark_rows(items)]


def _skill_rows(items: Sequence[ScoreSheet]) -> list[list[Any]]:
    table = skill_table(items)
    return [[name, *(_Rate(table.loc[name, s]) for s in (*SKILLS, OVERALL)), int(table.loc[name, "rounds"])]
            for name in table.index]


def _progress_rows(items: Sequence[ScoreSheet]) -> list[list[Any]]:
    import pandas as pd

    return [[r.trainee, r.session, None if pd.isna(r.started) else r.started, int(r.rounds), _Rate(r.overall),
             *(_Rate(getattr(r, s)) for s in SKILLS)]
            for r in progress_table(items).itertuples()]


def _weakest_rows(items: Sequence[ScoreSheet]) -> list[list[Any]]:
    return [[w["check_id"], w["label"], w["skill_label"], w["passed"], w["total"], _Rate(w["rate"])]
            for w in _weakest(items, None, 2)]


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _Rate):
        if math.isnan(value):
            return ""
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")  # with its UTC offset (the round's local time)
    if isinstance(value, str):
        return cell_text(value)
    return str(value)


def _csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def export_csv(sheets: Sequence[ScoreSheet], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``records.csv`` (one row per check mark), ``skills.csv`` (per trainee and skill) and
    ``weakest.csv`` (checks marked at least twice, weakest first) into ``out_dir``.

    UTF-8 with BOM (Excel shows the Chinese), Chinese headers, rates as ``75%`` (Excel reads them
    as numbers), each file written atomically. Text starting with ``= + - @`` gets a leading
    ``'`` so that a spreadsheet never runs it as a formula.
    """
    items = _check_sheets(sheets)
    files = {
        "records.csv": _csv_bytes(RECORD_HEADERS, _record_rows(items)),
        "skills.csv": _csv_bytes(SKILL_HEADERS, _skill_rows(items)),
        "weakest.csv": _csv_bytes(WEAKEST_HEADERS, _weakest_rows(items)),
    }
    folder = Path(out_dir)
    return [atomic_write(folder / name, data) for name, data in files.items()]


_ILLEGAL_XLSX = re.compile(r"[\000-\010\013\014\016-\037]")


def _zone(at: datetime) -> str:
    """``UTC+08:00`` for an aware datetime, "" for a naive one."""
    offset = at.utcoffset()
    if offset is None:
        return ""
    minutes = round(offset.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _fill_sheet(ws: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float]) -> None:
    """Header row (bold, frozen) and rows; text always stored as text, rates as percentages."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, _Rate):
                if not math.isnan(value):
                    cell.value = float(value)
                    cell.number_format = "0.0%"
            elif isinstance(value, datetime):
                # Excel has no time zones: the round's local wall-clock time, its zone in the format.
                cell.value = value.replace(tzinfo=None)
                cell.number_format = f'yyyy-mm-dd hh:mm "{_zone(value)}"' if _zone(value) else "yyyy-mm-dd hh:mm"
            elif isinstance(value, str):
                cell.value = cell_text(value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
            else:
                cell.value = value
    ws.freeze_panes = "A2"
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width


def xlsx_bytes(sheets: Sequence[ScoreSheet]) -> bytes:
    """The dashboard as an Excel workbook: sheets 记录, 技能, 进度, 薄弱项 (needs openpyxl)."""
    items = _check_sheets(sheets)
    from openpyxl import Workbook

    wb = Workbook()
    records = wb.active
    records.title = "记录"
    _fill_sheet(records, RECORD_HEADERS, _record_rows(items), [18, 6, 10, 10, 16, 12, 16, 30, 8, 30, 8, 17])
    _fill_sheet(wb.create_sheet("技能"), SKILL_HEADERS, _skill_rows(items), [12, 12, 12, 12, 12, 10, 6])
    _fill_sheet(wb.create_sheet("进度"), PROGRESS_HEADERS, _progress_rows(items), [12, 18, 17, 6, 10, 12, 12, 12, 12])
    _fill_sheet(wb.create_sheet("薄弱项"), WEAKEST_HEADERS, _weakest_rows(items), [16, 34, 12, 9, 9, 9])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_xlsx(sheets: Sequence[ScoreSheet], path: str | os.PathLike[str]) -> Path:
    """Write :func:`xlsx_bytes` to ``path`` atomically; returns the path."""
    return atomic_write(path, xlsx_bytes(sheets))


#: How many suggested drill questions to list per trainee.
SUGGESTION_SIZE = 5
_t = html_text


# --------------------------------------------------------------------------- the dashboard page
def figure_png(fig: Figure) -> str:
    """A matplotlib figure as a ``data:image/png;base64,…`` URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def charts_html(sheets: Sequence[ScoreSheet]) -> str:
    """The three dashboard charts (skills, progress, weakest checks) as embedded PNG images."""
    charts = (("各学员技能通过率", skill_chart(sheets)),
              ("各学员总体通过率(按场次)", progress_chart(sheets)),
              ("团队最薄弱的检查项", weak_checks_chart(sheets)))
    return "".join(f'<p><img src="{figure_png(fig)}" alt="{_t(alt)}" style="max-width:100%"></p>'
                   for alt, fig in charts)


def _context(context: str) -> str:
    """The first line of a question's situation (e.g. ``客户:…``), greyed, or ""."""
    first = context.strip().split("\n")[0] if context else ""
    return f" <span style='color:#555'>({_t(first)})</span>" if first else ""


def self_study_lines(progress: dict[str, practice.Progress], *, now: datetime | None = None,
                     base: KnowledgeBase | None = None) -> list[str]:
    """One plain line per trainee: answers, items due, and the colour of each skill."""
    when = now if now is not None else datetime.now(timezone.utc)
    totals = practice.item_totals(base=base)
    lines = []
    for name in sorted(progress):
        p = progress[name]
        ready = practice.readiness(p, totals, now=when)
        due = len(practice.due_items(p, when))
        colours = ",".join(f"{r.label}{_COLOUR_WORD[r.colour]}({r.practised}/{r.total})" for r in ready)
        lines.append(f"{name}:自学作答 {len(p.reviews)} 次,到期 {due} 题;{colours}")
    return lines


def self_study_html(progress: dict[str, practice.Progress], *, now: datetime | None = None,
                    base: KnowledgeBase | None = None) -> str:
    """Per trainee × skill: the self-study readiness colour with practised / total items, the
    answers and the items due (from their exported progress files); the colour rules below."""
    when = now if now is not None else datetime.now(timezone.utc)
    if not progress:
        return f"<p>{_t('还没有导入学员的自学进度文件(python -m playbook records import 文件…)。')}</p>"
    totals = practice.item_totals(base=base)
    colours = {"green": "#1a7f37", "yellow": "#b58100", "red": "#b42318"}
    head = "".join(f"<th>{_t(practice.FAMILY_LABELS[f])}</th>" for f in practice.FAMILIES)
    rows = []
    for name in sorted(progress):
        p = progress[name]
        cells = "".join(
            f"<td><span style='color:{colours[r.colour]};font-weight:bold'>● {_COLOUR_WORD[r.colour]}</span>"
            f" {r.practised}/{r.total}</td>" for r in practice.readiness(p, totals, now=when))
        rows.append(f"<tr><td>{_t(name)}</td><td>{len(p.reviews)}</td>"
                    f"<td>{len(practice.due_items(p, when))}</td>{cells}</tr>")
    rules = "".join(f"<li>{_t(practice.READINESS_RULES[k])}</li>" for k in ("green", "yellow", "red", "firm"))
    return (f"<table class='pb-self-study'><thead><tr><th>{_t('学员')}</th><th>{_t('作答次数')}</th>"
            f"<th>{_t('到期')}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<ul class='meta'>{rules}</ul>")


@dataclass(frozen=True)
class OptionChoice:
    """How often the team chose one option of a multiple-choice question (self-study answers
    that name the option chosen, :attr:`playbook.engines.practice.Review.choice`)."""

    question_id: str
    option_id: str
    #: The option's text today ("" for an option since rewritten or removed).
    text: str
    is_key: bool
    chosen: int
    #: Answers to this question that name the option chosen.
    answers: int

    @property
    def share(self) -> float:
        return self.chosen / self.answers if self.answers else 0.0

    @property
    def unpicked(self) -> bool:
        """A distractor nobody chose: it distracts no one and should be rewritten."""
        return not self.is_key and self.chosen == 0


def option_choices(progress: dict[str, practice.Progress], *, min_answers: int = 5,
                   base: KnowledgeBase | None = None) -> list[OptionChoice]:
    """Per question answered at least ``min_answers`` times (with the option recorded), every
    option of it today and how often it was chosen; questions in bank order."""
    counts: dict[str, Counter[str]] = {}
    for p in progress.values():
        for r in p.reviews:
            if r.choice:
                counts.setdefault(r.item, Counter())[r.choice] += 1
    out = []
    for q in drills.all_questions(base=base):
        got = counts.get(q.id)
        total = sum(got.values()) if got else 0
        if not got or total < min_answers:
            continue
        out += [OptionChoice(q.id, oid, text, i == q.answer, got[oid], total)
                for i, (oid, text) in enumerate(zip(q.option_ids, q.options, strict=True))]
        out += [OptionChoice(q.id, oid, "", False, n, total)
                for oid, n in sorted(got.items()) if oid not in q.option_ids]
    return out


def option_choices_html(progress: dict[str, practice.Progress], *, min_answers: int = 5,
                        base: KnowledgeBase | None = None) -> str:
    """The questions whose options need a look: a distractor nobody chose, or a right answer
    chosen by fewer than half; each option with how often it was chosen."""
    rows = option_choices(progress, min_answers=min_answers, base=base)
    by_q: dict[str, list[OptionChoice]] = {}
    for c in rows:
        by_q.setdefault(c.question_id, []).append(c)
    parts = []
    for qid, options in by_q.items():
        key = next((c for c in options if c.is_key), None)
        if not any(c.unpicked for c in options) and key is not None and key.share >= 0.5:
            continue
        items = "".join(
            f"<li>{_t(c.text or '(已改写或删除的选项)')}:{c.chosen}/{c.answers}"
            + (f" <b style='color:#1a7f37'>{_t('正确答案')}</b>" if c.is_key else "")
            + (f" <b style='color:#b42318'>{_t('无人选择:干扰项需改写')}</b>" if c.unpicked else "")
            + "</li>" for c in options)
        parts.append(f"<li>{_t(practice.item_title(qid))}<ul>{items}</ul></li>")
    if not parts:
        return ""
    return (f"<p>{_t(f'选择题选项统计(作答至少 {min_answers} 次、记录了所选选项的题目):')}</p>"
            f"<ul class='pb-option-choices'>{''.join(parts)}</ul>")


def suggestions_html(sheets: Sequence[ScoreSheet], *, size: int = SUGGESTION_SIZE, seed: int = 0,
                     progress: dict[str, practice.Progress] | None = None) -> str:
    """Per trainee: skills weakest first with the reason, then the suggested next drills
    (ranked from the role-play scores and, where imported, the trainee's self-study)."""
    parts = ['<div class="pb-next">']
    for name in sorted({s.trainee for s in sheets}):
        nxt = suggest_next(sheets, name, size=size, seed=seed, progress=(progress or {}).get(name))
        gaps = "".join(f"<li>{_t(g.reason)}</li>" for g in nxt.ranking)
        asks = "".join(
            f"<li>[{_t(drills.FAMILY_LABELS.get(s.question.family, s.question.family))}] "
            f"{_t(s.question.prompt)}{_context(s.question.context)}</li>" for s in nxt.suggestions)
        parts.append(f"<h5>{_t(name)}</h5><p>{_t('技能由弱到强:')}</p><ol>{gaps}</ol>"
                     f"<p>{_t(f'建议下次先练这 {len(nxt.suggestions)} 道题(练习本 exercises/drills.ipynb):')}"
                     f"</p><ol>{asks}</ol>")
    parts.append("</div>")
    return "".join(parts)


def dashboard_html(sheets: Sequence[ScoreSheet], *, seed: int = 0,
                   progress: dict[str, practice.Progress] | None = None) -> str:
    """Summary tables, the three charts, self-study readiness (when ``progress``, trainee →
    practice progress, is given) and the next drills as one HTML fragment.

    No sheets and no progress → :class:`PlaybookInputError` (the dashboard module's Chinese
    message); progress only → the self-study section alone."""
    study = (f"<h4>{_t('自学掌握情况(我的练习)')}</h4>" + self_study_html(progress)
             + option_choices_html(progress)) if progress else ""
    if not sheets and progress:
        return study
    return (summary_html(sheets) + study
            + f"<h4>{_t('图表')}</h4>" + charts_html(sheets)
            + f"<h4>{_t('下一步练什么')}</h4>" + suggestions_html(sheets, seed=seed, progress=progress))


_PAGE_CSS = """
@font-face { font-family: "Playbook Sans SC"; src: local("Noto Sans CJK SC"), local("Microsoft YaHei"),
             local("PingFang SC"), url("%s") format("truetype"); }
body { font-family: "Playbook Sans SC", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif;
       max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; line-height: 1.5; }
h1 { font-size: 1.5em; } h4 { margin: 1.4em 0 0.4em; } h5 { margin: 1em 0 0.2em; font-size: 1em; }
.meta { color: #555; }
""" % FONT_FILE  # noqa: UP031 - the CSS braces stay literal with %-formatting


def dashboard_document(sheets: Sequence[ScoreSheet], *, title: str, source: str = "", seed: int = 0,
                       progress: dict[str, practice.Progress] | None = None) -> str:
    """A self-contained HTML page of :func:`dashboard_html` (charts embedded, all text escaped)."""
    body = dashboard_html(sheets, seed=seed, progress=progress)
    made = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    meta = f"生成时间 {made}" + (f" · 记录库 {source}" if source else "")
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_t(title)}</title><style>{_PAGE_CSS}</style></head>"
            f"<body><h1>{_t(title)}</h1><p class=\"meta\">{_t(meta)}</p>{body}</body></html>\n")


def write_dashboard(sheets: Sequence[ScoreSheet], out_dir: str | os.PathLike[str], *, title: str,
                    source: str = "", seed: int = 0,
                    progress: dict[str, practice.Progress] | None = None) -> list[Path]:
    """``dashboard.html`` (:func:`dashboard_document`) and the Chinese font it falls back to,
    written atomically into ``out_dir``; returns the written paths (the page first)."""
    from playbook.fileio import write_html_with_font

    page = dashboard_document(sheets, title=title, source=source, seed=seed, progress=progress)
    return write_html_with_font(out_dir, "dashboard.html", page)


def default_export_dir() -> Path:
    """``<records data folder>/exports`` (see :func:`playbook.trainer.records.default_data_dir`)."""
    from playbook.trainer.records import default_data_dir

    return default_data_dir() / "exports"


def export_all(sheets: Sequence[ScoreSheet], out_dir: str | os.PathLike[str]) -> list[Path]:
    """``records.xlsx`` and the CSV files of the dashboard into ``out_dir``; the written paths."""
    folder = Path(out_dir)
    return [export_xlsx(sheets, folder / "records.xlsx"), *export_csv(sheets, folder)]
