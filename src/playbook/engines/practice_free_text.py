"""Free-text answers in the practice log: one answer saved with the judge's verdict (an unsure
one rated by the trainee), the unsure answers waiting for a trainer, and the trainer's verdicts
written out as labelled lines for the judge's corpus.

Usage (the judge was unsure; the trainee rated the answer 还行, Hard):

>>> from datetime import datetime, timezone
>>> from playbook.engines import practice_free_text, practice_reviews
>>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
>>> p = practice_free_text.record_free_text(practice_reviews.Progress(), "task-1", "先问清楚用量。", "unsure",
...                                         self_rating="还行", at=at, review_id="r1")
>>> p.reviews[0].rating == practice_reviews.HARD, p.reviews[0].verdict
(True, 'unsure')
>>> [u.answer for u in practice_free_text.unsure_answers({"张三": p})]
['先问清楚用量。']
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from playbook import kb as _kb
from playbook.engines.practice_items import item_title
from playbook.engines.practice_reviews import AGAIN, GOOD, HARD, VERDICTS, Progress, rating_for, review
from playbook.errors import PlaybookInputError
from playbook.normalize import normalize_name

__all__ = ["SELF_RATINGS", "TRAINER_LABELS", "UnsureAnswer", "record_free_text", "unsure_answers", "export_verdicts"]

#: The trainee's own rating of an answer the judge was unsure of (shown on the panel).
SELF_RATINGS: dict[str, int] = {"再练": AGAIN, "还行": HARD, "掌握": GOOD}
#: Labels of the corpus (``tests/data/free_text_corpus``) a trainer's verdict may give.
TRAINER_LABELS: tuple[str, ...] = ("excellent", "acceptable", "poor", "off_target", "bad_practice")


def record_free_text(progress: Progress, task_id: str, text: str, verdict: str, *,
                     self_rating: str | None = None, hinted: bool = False, at: datetime | None = None,
                     review_id: str | None = None) -> Progress:
    """The progress with one free-text answer and the judge's verdict.

    ``pass`` → Good (Hard when the model answer was shown first), ``fail`` → Again; ``unsure``
    needs the trainee's ``self_rating`` (再练 / 还行 / 掌握 → Again / Hard / Good) and is kept,
    with the answer, for the trainer (:func:`unsure_answers`)."""
    if verdict not in VERDICTS:
        raise PlaybookInputError("verdict", code="choice", label="评判结果", allowed='、'.join(VERDICTS), received=verdict)
    if verdict == "unsure":
        if self_rating not in SELF_RATINGS:
            raise PlaybookInputError("self_rating", code="choice", label="自评", allowed='、'.join(SELF_RATINGS),
                                     received=self_rating)
        rating = SELF_RATINGS[self_rating]
        correct = rating >= GOOD
    else:
        correct = verdict == "pass"
        rating = rating_for(correct, hinted=hinted)
    return review(progress, task_id, rating, correct=correct, at=at, review_id=review_id,
                  verdict=verdict, answer=text)


@dataclass(frozen=True)
class UnsureAnswer:
    """A free-text answer the judge could not decide, waiting for the trainer's verdict."""

    trainee: str
    review_id: str
    item: str
    title: str
    answer: str
    #: The trainee's own rating (1–4).
    rating: int
    at: datetime


def unsure_answers(progresses: Mapping[str, Progress], *, decided: Iterable[str] = ()) -> list[UnsureAnswer]:
    """The unsure answers of imported progress (trainee name → progress), oldest first, without
    those whose review id is in ``decided`` (already given a verdict)."""
    done = set(decided)
    out = [UnsureAnswer(name, r.id, r.item, item_title(r.item), r.answer, r.rating, r.at)
           for name, p in progresses.items() for r in p.reviews
           if r.verdict == "unsure" and r.id not in done]
    return sorted(out, key=lambda u: (u.at, u.trainee, u.review_id))


def export_verdicts(verdicts: Iterable[tuple[UnsureAnswer, str, str]], *, trainer: str) -> str:
    """Trainer verdicts as labelled JSONL for the corpus (``tests/data/free_text_corpus``): one
    ``(answer, label, bad_class)`` per line → ``{"task", "text", "label", "bad_class", "voice",
    "writer", "review"}``. ``label`` is one of :data:`TRAINER_LABELS`; ``bad_class`` one of the
    nine bad-practice classes when the label is ``bad_practice``, else empty."""
    who = normalize_name(trainer) if isinstance(trainer, str) else ""
    if not who:
        raise PlaybookInputError("trainer", code="empty", label="培训师姓名")
    lines = []
    for answer, label, bad_class in verdicts:
        if label not in TRAINER_LABELS:
            raise PlaybookInputError("label", code="choice", label="标注", allowed='、'.join(TRAINER_LABELS),
                                     received=label)
        if (label == "bad_practice") != bool(bad_class) or (bad_class and bad_class not in _kb.BAD_PRACTICE_GROUPS):
            raise PlaybookInputError("bad_class", code="practice_bad_class",
                                     allowed='、'.join(_kb.BAD_PRACTICE_GROUPS), received=bad_class)
        lines.append(json.dumps({"task": answer.item, "text": answer.answer, "label": label,
                                 "bad_class": bad_class, "voice": "trainee", "writer": f"trainer:{who}",
                                 "review": answer.review_id}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)
