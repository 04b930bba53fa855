"""The score sheet: what an observer records for one round, the contract between the observer's
scoring (:mod:`playbook.trainer.roleplay.scoring`, ``views.scoring``), the records store
(:mod:`playbook.trainer.records`) and the dashboard (:mod:`playbook.trainer.dashboard`).

The skill families and rating scale a round is scored on, the record types (:class:`CheckMark`,
:class:`ScoreSheet`), and the text limits and checks of names, session names, notes and times
that planning, scoring and the store share. Standard library only (also runs in the browser).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from playbook.errors import PlaybookInputError
from playbook.normalize import require_line, require_name, require_text

#: Skill families a role-play round is scored on, in teaching order, with their Chinese labels.
#: ``persuasion`` covers reading the customer (type, communication style) and persuading them.
SKILLS: dict[str, str] = {
    "persuasion": "说服与沟通",
    "objection": "异议处理",
    "fab": "FAB 介绍",
    "etiquette": "商务礼仪",
}
#: Observer's overall impression of a round (optional), 1 (weak) … 5 (excellent).
RATING_RANGE = (1, 5)


@dataclass(frozen=True)
class CheckMark:
    """One yes/no check an observer ticked (or left unticked) for a round."""

    #: Id of the check (a ``rubric_checks`` id, or an etiquette check id of this module).
    check_id: str
    #: One of :data:`SKILLS`.
    skill: str
    #: The check as the observer read it, a question in Chinese (``是否没有和客户争辩?``).
    label: str
    passed: bool


@dataclass(frozen=True)
class ScoreSheet:
    """The observer's score of one salesperson in one round of a session."""

    #: Session id chosen by the trainer, e.g. ``2026-11-23 新员工第一期``.
    session: str
    #: Round number, 1-based.
    round_no: int
    #: The trainee who played the salesperson (the one scored).
    trainee: str
    #: The trainee (or trainer) who observed and scored.
    observer: str
    #: Id of the round's scenario card.
    scenario_id: str
    marks: tuple[CheckMark, ...]
    notes: str = ""
    #: Overall impression 1–5, or None.
    rating: int | None = None
    #: When it was scored (timezone-aware).
    scored_at: datetime | None = None

    @property
    def passed(self) -> int:
        return sum(m.passed for m in self.marks)

    @property
    def score(self) -> float:
        """Share of checks passed, 0–1."""
        return self.passed / len(self.marks) if self.marks else 0.0

    def skill_scores(self) -> dict[str, float]:
        """Share of checks passed per skill family (only the families this round checked)."""
        out: dict[str, list[int]] = {}
        for m in self.marks:
            out.setdefault(m.skill, []).append(m.passed)
        return {skill: sum(v) / len(v) for skill, v in out.items()}


#: Text limits, one definition for planning, scoring and the records store (characters).
NAME_MAX = 40        # a trainee's / observer's name (after normalisation)
SESSION_MAX = 80     # a session's name
NOTES_MAX = 2000     # the observer's notes
MAX_NAME = NAME_MAX  # old name of NAME_MAX


def check_name(value: object, field: str, label: str) -> str:
    """A person's name as planning, scoring and the store take it: control characters refused,
    then normalised (:func:`playbook.normalize.normalize_name`: NFKC, zero-width characters
    removed, spaces trimmed), at most :data:`NAME_MAX` characters. Returns the normalised name."""
    return require_name(value, field, label, NAME_MAX)


def check_session(value: object, field: str = "session", label: str = "场次名称(session)") -> str:
    """A session name: no control characters, cleaned (:func:`playbook.normalize.clean_line`),
    1–:data:`SESSION_MAX` characters."""
    return require_line(value, field, label, SESSION_MAX)


def check_notes(value: object, field: str = "notes", label: str = "备注(notes)") -> str:
    """Observer's notes: text of at most :data:`NOTES_MAX` characters, no control characters
    except line feed and tab."""
    return require_text(value, field, label, 0, NOTES_MAX, multiline=True)


def check_scored_at(value: object, field: str = "scored_at", label: str = "评分时间(scored_at)") -> datetime:
    """A timezone-aware datetime that can be expressed in UTC (not at the very ends of the calendar)."""
    if not isinstance(value, datetime):
        raise PlaybookInputError(field, code="date_type", label=label, received=value)
    try:
        offset = value.utcoffset()
        if offset is not None:
            value.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise PlaybookInputError(field, code="utc_out_of_range", label=label, value=f"{value:%Y-%m-%d %H:%M}") from None
    if offset is None:
        raise PlaybookInputError(field, code="naive_datetime", label=label, value=f"{value:%Y-%m-%d %H:%M}")
    return value
