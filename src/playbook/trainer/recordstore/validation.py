"""A score sheet and a trainee name checked before anything is written (field names and Chinese
labels for the messages)."""
from __future__ import annotations

import dataclasses

from playbook.errors import PlaybookInputError
from playbook.normalize import require_int, require_text
from playbook.trainer.roleplay.score_sheet import (
    RATING_RANGE,
    SESSION_MAX,
    SKILLS,
    CheckMark,
    ScoreSheet,
    check_name,
    check_notes,
    check_scored_at,
    check_session,
)

#: The observer name that is always allowed without being on the trainee list: the trainer.
TRAINER = "培训师"
#: Allowed round numbers of a session.
ROUND_RANGE = (1, 10)
# NAME_MAX (names, teams), SESSION_MAX and NOTES_MAX come from playbook.trainer.roleplay: one
# definition for planning, scoring and storing.
ID_MAX = SESSION_MAX   # session ids, scenario ids, check ids, characters
LABEL_MAX = 200        # a check's label, characters
MARKS_MAX = 200        # checks on one sheet


_LABELS = {
    "session": "场次",
    "round_no": "轮次",
    "trainee": "学员",
    "observer": "观察员",
    "scenario_id": "场景卡",
    "notes": "备注",
    "rating": "总体印象评分",
    "scored_at": "评分时间",
    "marks": "检查项",
    "name": "姓名",
    "team": "小组",
}


def _label(field: str) -> str:
    base = field.split("[", 1)[0].split(".", 1)[0]
    return f"{_LABELS.get(base, base)}({field})"


def _text(value: object, field: str, lo: int, hi: int, *, multiline: bool = False,
          label: str | None = None, trimmed: bool = False) -> str:
    """``value`` if it is a str of lo–hi characters without control characters."""
    name = label or _label(field)
    value = require_text(value, field, name, lo, hi, multiline=multiline)
    if trimmed and value != value.strip():
        raise PlaybookInputError(field, code="text_padded", label=name, text=value)
    return value


def _check_sheet(sheet: object) -> ScoreSheet:
    """Everything about a sheet that can be checked without the database."""
    if not isinstance(sheet, ScoreSheet):
        raise PlaybookInputError("sheet", code="wrong_type", label="", expected="一张评分表(roleplay.ScoreSheet)",
                                 received=sheet)
    session = check_session(sheet.session, "session", _label("session"))
    round_no = require_int(sheet.round_no, "round_no", _label("round_no"), *ROUND_RANGE)
    trainee = check_name(sheet.trainee, "trainee", _label("trainee"))
    observer = check_name(sheet.observer, "observer", _label("observer"))
    if observer == trainee:
        raise PlaybookInputError("observer", code="self_observer", label=_label('observer'), trainee=trainee)
    _text(sheet.scenario_id, "scenario_id", 1, ID_MAX, trimmed=True)
    check_notes(sheet.notes, "notes", _label("notes"))
    rating = require_int(sheet.rating, "rating", _label("rating"), *RATING_RANGE, optional=True)
    if sheet.scored_at is not None:
        check_scored_at(sheet.scored_at, "scored_at", _label("scored_at"))
    marks = sheet.marks
    if not isinstance(marks, (tuple, list)) or not marks:
        raise PlaybookInputError("marks", code="marks_empty", label=_label('marks'))
    if len(marks) > MARKS_MAX:
        raise PlaybookInputError("marks", code="count_range", label=_label('marks') + '个数', low=1, high=MARKS_MAX,
                                 count=len(marks))
    seen: set[str] = set()
    skills = "、".join(SKILLS)
    for i, mark in enumerate(marks):
        where = f"marks[{i}]"
        nth = f"第 {i + 1} 个检查项({where})"
        if not isinstance(mark, CheckMark):
            raise PlaybookInputError(where, code="wrong_type", label=nth, expected=" roleplay.CheckMark",
                                     received=mark)
        _text(mark.check_id, f"{where}.check_id", 1, ID_MAX, label=f"{nth}的编号(check_id)", trimmed=True)
        if mark.check_id in seen:
            raise PlaybookInputError(f"{where}.check_id", code="duplicate", where=nth + '的', what="编号(check_id)",
                                     name=mark.check_id)
        seen.add(mark.check_id)
        if not isinstance(mark.skill, str) or mark.skill not in SKILLS:
            raise PlaybookInputError(f"{where}.skill", code="choice", label=f"{nth}的技能类别(skill)", allowed=skills,
                                     received=mark.skill)
        _text(mark.label, f"{where}.label", 1, LABEL_MAX, label=f"{nth}的内容(label)")
        if not isinstance(mark.passed, bool):
            raise PlaybookInputError(f"{where}.passed", code="choice", label=f"{nth}的结果(passed)",
                                     allowed="True、False", received=mark.passed)
    if (session, trainee, observer, round_no, rating) != (sheet.session, sheet.trainee, sheet.observer,
                                                          sheet.round_no, sheet.rating) or \
            type(sheet.round_no) is not int or (rating is not None and type(sheet.rating) is not int):
        sheet = dataclasses.replace(sheet, session=session, trainee=trainee, observer=observer,
                                    round_no=round_no, rating=rating)
    return sheet


def _check_trainee_name(name: object, field: str = "name") -> str:
    """The normalised name (see :func:`playbook.trainer.roleplay.check_name`)."""
    return check_name(name, field, _label(field))
