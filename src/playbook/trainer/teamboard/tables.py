"""The dashboard's tables (pandas) over score sheets: checked input, pooled pass rates per
trainee, skill, session and check."""
from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from playbook.errors import PlaybookInputError
from playbook.normalize import name_key, normalize_name, printable, same_name
from playbook.trainer.roleplay.score_sheet import SKILLS, CheckMark, ScoreSheet

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd



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
        raise PlaybookInputError("sheets", code="wrong_type", label="评分记录", expected="评分表(ScoreSheet)的列表",
                                 received=type(sheets).__name__)
    items = tuple(sheets)
    if not items:
        raise PlaybookInputError("sheets", code="board_no_sheets")
    same: list[ScoreSheet] = []
    spelling: dict[str, str] = {}   # name_key → the first spelling met (张伟 and 張偉 are one trainee)
    for i, s in enumerate(items, 1):
        if not isinstance(s, ScoreSheet):
            raise PlaybookInputError("sheets", code="wrong_type", label=f"第 {i} 条评分记录", expected="评分表(ScoreSheet)",
                                     received=type(s).__name__)
        if not isinstance(s.trainee, str) or not isinstance(s.observer, str) or not isinstance(s.session, str):
            raise PlaybookInputError("sheets", code="board_sheet_text", i=i)
        trainee = spelling.setdefault(name_key(s.trainee), normalize_name(s.trainee))
        observer = spelling.setdefault(name_key(s.observer), normalize_name(s.observer))
        if not trainee:
            raise PlaybookInputError("sheets", code="row_empty", where="评分记录", row=i, column="学员姓名")
        if (trainee, observer) != (s.trainee, s.observer):  # "张三" and "张三\u200b" are one trainee
            s = dataclasses.replace(s, trainee=trainee, observer=observer)
        same.append(s)
        for m in s.marks:
            if m.skill not in SKILLS:
                raise PlaybookInputError("skill", code="board_unknown_skill", i=i, trainee=s.trainee,
                                         round_no=s.round_no, check_id=str(m.check_id)[:40], skill=str(m.skill)[:20],
                                         allowed='、'.join(SKILLS))
    return tuple(same)


def _check_count(value: object, field: str, label: str, *, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PlaybookInputError(field, code="not_integer", label=label, kind="正", received=value)
    return value


def _trainees(sheets: Sequence[ScoreSheet]) -> list[str]:
    """Trainee names, sorted (so tables do not depend on the order of the records)."""
    return sorted({s.trainee for s in sheets})


def _known_trainee(sheets: Sequence[ScoreSheet], trainee: object) -> str:
    names = _trainees(sheets)
    name = next((n for n in names if same_name(n, trainee)), None)
    if name is None:
        listed = "、".join(names[:8]) + (f" 等 {len(names)} 人" if len(names) > 8 else "")
        raise PlaybookInputError("trainee", code="board_unknown_trainee", trainee=printable(trainee)[:30],
                                 listed=listed)
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
