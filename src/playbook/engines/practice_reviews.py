"""A reader's answers as a log of reviews: one :class:`Review` per answer (item, rating 1–4,
time, and what was chosen or typed), a reader's :class:`Progress` as the tuple of them, the
rating rules, adding one answer (checked) and merging copies by review id. Nothing here
schedules; the scheduler derives everything from this log.

Usage (a right answer after a hint is Hard; two copies of one progress merge without doubling):

>>> from datetime import datetime, timezone
>>> from playbook.engines import practice_reviews as pr
>>> pr.rating_for(True, hinted=True) == pr.HARD, pr.rating_for_outcome("lost") == pr.AGAIN
(True, True)
>>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
>>> p = pr.review(pr.Progress(), "drill-obj-price-1#method", pr.GOOD, at=at, review_id="r1")
>>> p.reviews[0].family, p.reviews[0].correct, len(pr.merge(p, p))
('objection', True, 1)
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from playbook.engines import drills
from playbook.engines.practice_items import FAMILIES, family_of
from playbook.errors import PlaybookInputError
from playbook.normalize import answer_text, require_int, require_moment, require_number

__all__ = [
    "AGAIN", "HARD", "GOOD", "EASY", "RATING_LABELS", "SLOW_SECONDS", "ID_MAX", "SECONDS_MAX", "VERDICTS",
    "ANSWER_CAP", "Review", "Progress", "utc_now", "rating_for", "rating_for_outcome", "review", "merge", "history",
]

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_LABELS = {AGAIN: "重来(答错)", HARD: "困难(提示后或较慢答对)", GOOD: "良好(答对)", EASY: "简单"}
#: A right answer that took longer than this (seconds) is rated Hard.
SLOW_SECONDS = 60.0
#: The judge's verdicts (:mod:`playbook.engines.judge`).
VERDICTS: tuple[str, ...] = ("pass", "fail", "unsure")
#: Longest answer text kept in the progress log, characters.
ANSWER_CAP = 500


def utc_now() -> datetime:
    """The current time in UTC (the scheduler works in UTC)."""
    return datetime.now(timezone.utc)


def _utc(at: datetime | None, field_name: str = "at") -> datetime:
    """A moment to compute with (``now`` of a query): any aware datetime that has a UTC form."""
    if at is None:
        return utc_now()
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise PlaybookInputError(field_name, code="date_type", label="时间", received=at)
    try:
        return at.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise PlaybookInputError(field_name, code="date_range", label="时间", low="0001-01-02", high="9999-12-30",
                                 got=str(at)[:32]) from None


#: Longest item or answer id, characters.
ID_MAX = 200
#: Longest time one answer may have taken, seconds (a day).
SECONDS_MAX = 86_400.0


def _answer_time(at: object, field_name: str = "at", high: datetime | None = None) -> datetime:
    """When an answer was given: between :data:`playbook.normalize.EARLIEST` and a day from now
    (:func:`playbook.normalize.require_moment`; ``high`` widens it for one's own stored file), so
    no new answer can overflow the scheduler."""
    return require_moment(at, field_name, "作答时间", high=high)


@dataclass(frozen=True)
class Review:
    """One answer: which item, how it went (rating 1–4), when (UTC)."""

    id: str
    item: str
    family: str
    rating: int
    at: datetime
    correct: bool
    #: Seconds the answer took, when measured.
    seconds: float | None = None
    #: True for the reviews made from an old Leitner box.
    migrated: bool = False
    #: The stable id of the option chosen (multiple choice; :func:`playbook.engines.drills.option_id`),
    #: never its position: the options are shown in a new order every time.
    choice: str | None = None
    #: Free-text answers: the judge's verdict (``pass`` / ``fail`` / ``unsure``) and the answer
    #: itself (capped at :data:`ANSWER_CAP` characters), so the trainer can give a verdict.
    verdict: str = ""
    answer: str = ""
    #: The ids of the options chosen, in order (a dialogue's path, e.g. ``("open.best",
    #: "need.mismatch")``); never positions, which change with every shuffle.
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Progress:
    """A reader's reviews (unique ids) and, if migrated, the old Leitner data verbatim."""

    reviews: tuple[Review, ...] = ()
    legacy: Mapping[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.reviews)


def rating_for(correct: bool, *, hinted: bool = False, seconds: float | None = None) -> int:
    """Wrong → Again; right after a hint or slower than :data:`SLOW_SECONDS` → Hard; right → Good."""
    if not correct:
        return AGAIN
    if hinted or (seconds is not None and seconds > SLOW_SECONDS):
        return HARD
    return GOOD


def rating_for_outcome(outcome: str) -> int:
    """A role-play dialogue's rating from its outcome: won → Good, later → Hard, lost → Again."""
    ratings = {"won": GOOD, "later": HARD, "lost": AGAIN}
    if outcome not in ratings:
        raise PlaybookInputError("outcome", code="choice", label="对练结果", allowed="won、later、lost", received=outcome)
    return ratings[outcome]


def _check_item(item: Any, field_name: str = "item", label: str = "题目 id") -> str:
    if not isinstance(item, str) or not item.strip():
        raise PlaybookInputError(field_name, code="empty", label=label)
    if len(item) > ID_MAX:
        raise PlaybookInputError(field_name, code="text_too_long", label=label, high=ID_MAX, length=len(item))
    return item.strip()


def _rating(rating: object, field_name: str = "rating") -> int:
    value = require_int(rating, field_name, "评分(1 重来、2 困难、3 良好、4 简单)", AGAIN, EASY)
    assert value is not None
    return value


def _seconds(seconds: object, field_name: str = "seconds") -> float | None:
    if seconds is None:
        return None
    return round(require_number(seconds, field_name, "作答用时", 0, SECONDS_MAX, "秒"), 1)


def review(progress: Progress, item: str, rating: int, *, family: str | None = None,
           correct: bool | None = None, at: datetime | None = None, seconds: float | None = None,
           review_id: str | None = None, choice: str | None = None, verdict: str = "",
           answer: str = "", choices: Iterable[str] = ()) -> Progress:
    """The progress with one more answer (a new :class:`Progress`; the old one is unchanged).

    ``choice``: the chosen option's id (or its text, turned into the id); ``verdict`` and
    ``answer`` are for free-text answers (see
    :func:`playbook.engines.practice_free_text.record_free_text`); ``choices``: the ids of
    the options chosen in a dialogue (see :attr:`Review.choices`)."""
    item = _check_item(item)
    rating = _rating(rating)
    if verdict not in ("", *VERDICTS):
        raise PlaybookInputError("verdict", code="choice", label="评判结果", allowed="、".join(VERDICTS),
                                 received=verdict)
    if not isinstance(answer, str):
        raise PlaybookInputError("answer", code="choice", label="回答", allowed="文字", received=answer)
    fam = family if family is not None else family_of(item)
    if fam and (not isinstance(fam, str) or fam not in FAMILIES):
        raise PlaybookInputError("family", code="choice", label="练习类别", allowed="、".join(FAMILIES), received=fam)
    when = utc_now() if at is None else _answer_time(at)
    rid = uuid.uuid4().hex if review_id is None else _check_item(review_id, "review_id", "作答 id")
    if correct is not None and not isinstance(correct, bool):
        raise PlaybookInputError("correct", code="choice", label="是否答对", allowed="True、False", received=correct)
    r = Review(rid, item, fam, rating, when, rating >= HARD if correct is None else correct, _seconds(seconds),
               choice=_choice_id(choice), verdict=verdict,
               answer=answer_text(answer, cap=ANSWER_CAP) if answer else "",
               choices=_check_choices(choices))
    return Progress((*progress.reviews, r), progress.legacy)


def _check_choices(choices: Iterable[str]) -> tuple[str, ...]:
    out = tuple(choices or ())
    if any(not isinstance(c, str) or not c or len(c) > 80 for c in out) or len(out) > 50:
        raise PlaybookInputError("choices", code="practice_choices")
    return out


def _choice_id(raw: Any) -> str | None:
    """An option id from what a progress entry holds: an id is kept, an option's text becomes
    its id; a bare position (older pages) or anything else → ``None``, since the order it was
    shown in is not known (the answer itself still counts)."""
    if isinstance(raw, str) and raw.strip():
        text = raw.strip()
        return text if drills.OPTION_ID.match(text) else drills.option_id(text)
    return None


def merge(*progresses: Progress) -> Progress:
    """The union of several copies of one reader's progress (reviews deduplicated by id)."""
    seen: dict[str, Review] = {}
    legacy: dict[str, Any] = {}
    for p in progresses:
        for r in p.reviews:
            seen.setdefault(r.id, r)
        for key, value in p.legacy.items():
            legacy.setdefault(key, value)
    return Progress(tuple(sorted(seen.values(), key=lambda r: (r.at, r.id))), legacy)


#: The last moment the scheduler can reach: a card due later is due then, and one's own stored
#: answers are read back up to it.
_LAST_DUE = datetime(9999, 12, 30, tzinfo=timezone.utc)


def _sorted(reviews: Iterable[Review]) -> list[Review]:
    return sorted(reviews, key=lambda r: (r.at, r.id))


def history(progress: Progress, limit: int = 20) -> list[Review]:
    """The latest answers, newest first."""
    return _sorted(progress.reviews)[::-1][:limit]
