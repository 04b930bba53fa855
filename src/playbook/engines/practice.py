"""Spaced practice that remembers: FSRS scheduling, a versioned progress file, safe saves.

Every answer a reader gives (a multiple-choice question, a free-text task, a role-play
dialogue) becomes one :class:`Review` — item id, rating, time. A reader's :class:`Progress`
is just the list of their reviews; the scheduler state of each item (due date, stability,
difficulty) is *derived* by replaying the reviews through FSRS, the open spaced-repetition
scheduler Anki uses (package ``fsrs``, MIT, pure Python; version 6.3.2 and its default
parameters, learning steps 1 and 10 minutes, desired retention 0.9, no fuzz so that the same
reviews always give the same dates). Because progress is a set of reviews with unique ids,
two copies are merged by taking the union: nothing is ever lost when two kernels, two
browser tabs or an import write at the same time.

A multiple-choice review also keeps the id of the option chosen (``choice``; an id is a hash
of the option's text, :func:`playbook.engines.drills.option_id`), never its position, since the
options are shown in a fresh order every time. Files written before (no ``choice``, or the
option's text) read as they are; a text is turned into its id.

Ratings (:func:`rating_for`): wrong → Again, right after a hint or slower than
:data:`SLOW_SECONDS` → Hard, right → Good. A dialogue (id ``dialogue:<id>``) is rated by its
outcome (:func:`rating_for_outcome`): 成交 → Good, 约下次 → Hard, 丢单 → Again; a dialogue
widget saves one with ``practice.record_dialogue(d.id, state.outcome)``.

Where progress is kept (:func:`default_store`): in the reader's browser (Pyodide) in
``localStorage`` under :data:`BROWSER_KEY` — it never leaves the machine unless the reader
exports it; in Jupyter in a JSON file (``PLAYBOOK_PRACTICE_FILE`` or
``~/.playbook/practice.json``), saved under a lock file with an atomic merge, so several
kernels writing one file at once lose nothing.

Old Leitner progress files (``drills.save_progress``, format 1) are read by
:func:`from_leitner` / :func:`load_file`: every box becomes one review (box 1 → Again,
2 → Hard, 3 → Good, 4–5 → Easy) dated when the old file was last written, and the old boxes,
right/wrong counts and session count are kept verbatim in ``Progress.legacy``.

Usage (a right answer is rated Good, 3; the card comes back after FSRS's first learning step):

>>> from datetime import datetime, timezone
>>> from playbook.engines import practice
>>> p = practice.Progress()
>>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a past moment: answers from the future are refused
>>> p = practice.review(p, "drill-obj-price-1#method", practice.rating_for(True), family="objection", at=at)
>>> card = practice.card_states(p)["drill-obj-price-1#method"]
>>> card.last_rating, card.state, card.due - at
(3, 'learning', datetime.timedelta(seconds=600))
"""
from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from playbook import kb as _kb
from playbook.engines import drills
from playbook.errors import PlaybookInputError, shown, guarded
from playbook.fileio import atomic_write
from playbook.normalize import answer_text, normalize_name, require_int, require_moment, require_number

__all__ = [
    "AGAIN", "HARD", "GOOD", "EASY", "RATING_LABELS", "SLOW_SECONDS", "FAMILIES", "FAMILY_LABELS",
    "FORMAT", "VERSION", "BROWSER_KEY", "DIALOGUE_PREFIX", "READINESS_RULES", "SCHEDULER",
    "Review", "Progress", "CardState", "Readiness",
    "rating_for", "rating_for_outcome", "family_of", "item_title", "review", "merge", "card_states", "due_items",
    "practice_order", "make_session", "readiness", "history", "item_totals",
    "to_json", "from_json", "from_leitner", "load_file", "save_file", "record_file",
    "FileStore", "BrowserStore", "MemoryStorage", "default_store", "record_dialogue", "utc_now",
    "VERDICTS", "ANSWER_CAP", "SELF_RATINGS", "TRAINER_LABELS", "UnsureAnswer",
    "record_free_text", "unsure_answers", "export_verdicts",
]

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_LABELS = {AGAIN: "重来(答错)", HARD: "困难(提示后或较慢答对)", GOOD: "良好(答对)", EASY: "简单"}
#: A right answer that took longer than this (seconds) is rated Hard.
SLOW_SECONDS = 60.0
DIALOGUE_PREFIX = "dialogue:"
FAMILIES: tuple[str, ...] = (*drills.FAMILIES, "dialogue")
FAMILY_LABELS: dict[str, str] = {**drills.FAMILY_LABELS, "dialogue": "对练"}
FORMAT = "playbook-practice"
VERSION = 2
BROWSER_KEY = "playbook-practice-v2"
#: The scheduler: fsrs 6.3.2 defaults (parameters, retention 0.9, steps 1 min / 10 min,
#: relearning 10 min), fuzz off so dates are reproducible.
SCHEDULER = Scheduler(enable_fuzzing=False)
#: Readiness colours, as stated on the 我的练习 page.
READINESS_RULES: dict[str, str] = {
    "green": "绿色:本类题目至少练过一半,且练过的题目中至少 80% 记得牢。",
    "yellow": "黄色:本类题目至少练过 20%,且练过的题目中至少 50% 记得牢。",
    "red": "红色:其余情况(练得太少,或答错、遗忘的较多)。",
    "firm": "“记得牢”:最近一次答对(提示后答对也算),且按 FSRS 估计此刻仍能答对的概率不低于 90%。",
}
_LEITNER_RATING = {1: AGAIN, 2: HARD, 3: GOOD, 4: EASY, 5: EASY}


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
#: Largest progress file read, characters.
FILE_MAX = 64 * 1024 * 1024


def _answer_time(at: object, field_name: str = "at", high: datetime | None = None) -> datetime:
    """When an answer was given: between :data:`playbook.normalize.EARLIEST` and a day from now
    (:func:`playbook.normalize.require_moment`; ``high`` widens it for one's own stored file), so
    no new answer can overflow the scheduler."""
    return require_moment(at, field_name, "作答时间", high=high)


# --------------------------------------------------------------------------- data
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


@dataclass(frozen=True)
class CardState:
    """An item's scheduling state after replaying its reviews."""

    item: str
    family: str
    due: datetime
    #: FSRS memory state: stability (days), difficulty (1–10).
    stability: float
    difficulty: float
    #: ``learning`` | ``review`` | ``relearning``
    state: str
    reviews: int
    right: int
    wrong: int
    last_rating: int
    last_review: datetime

    def recall(self, now: datetime | None = None) -> float:
        """FSRS's probability (0–1) that the item is answered right at ``now``."""
        card = Card(card_id=0, state=State.Review, step=None, stability=self.stability,
                    difficulty=self.difficulty, due=self.due, last_review=self.last_review)
        return float(SCHEDULER.get_card_retrievability(card, _utc(now, "now")))

    def firm(self, now: datetime | None = None) -> bool:
        """Last answer right and recall ≥ the scheduler's desired retention (0.9)."""
        return self.last_rating >= HARD and self.recall(now) >= SCHEDULER.desired_retention - 1e-9


@dataclass(frozen=True)
class Readiness:
    """One skill (drill family or dialogues): how much is practised and how firm it is."""

    family: str
    label: str
    total: int
    practised: int
    firm: int
    due: int
    colour: str  # "green" | "yellow" | "red"

    @property
    def coverage(self) -> float:
        return self.practised / self.total if self.total else 0.0

    @property
    def firm_share(self) -> float:
        return self.firm / self.practised if self.practised else 0.0


# --------------------------------------------------------------------------- ratings
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


_FAMILY_CACHE: dict[str, str] = {}


def family_of(item_id: str) -> str:
    """The skill an item trains: a drill family, ``dialogue`` for ``dialogue:<id>``, else ``""``."""
    if item_id.startswith(DIALOGUE_PREFIX):
        return "dialogue"
    if not _FAMILY_CACHE:
        for q in drills.all_questions():
            _FAMILY_CACHE[q.id] = q.family
        for t in drills.free_text_tasks():
            _FAMILY_CACHE[t.id] = t.family
    return _FAMILY_CACHE.get(item_id, "")


_TITLE_CACHE: dict[str, str] = {}


def item_title(item_id: str) -> str:
    """A short Chinese title for an item: the start of its situation and what is asked."""
    if not _TITLE_CACHE:
        for q in drills.all_questions():
            first = q.context.split("\n")[0]
            _TITLE_CACHE[q.id] = f"{first[:28]}{'…' if len(first) > 28 else ''} · {q.prompt}"
        for t in drills.free_text_tasks():
            first = t.context.split("\n")[0]
            _TITLE_CACHE[t.id] = f"{first[:28]}{'…' if len(first) > 28 else ''} · 自由作答"
    if item_id in _TITLE_CACHE:
        return _TITLE_CACHE[item_id]
    if item_id.startswith(DIALOGUE_PREFIX):
        wanted = item_id[len(DIALOGUE_PREFIX):]
        from playbook.engines import dialogue

        for d in dialogue.all_dialogues():
            if d.id == wanted:
                return f"对练:{d.title}"
        return f"对练:{wanted}"       # a dialogue since removed from the bank
    return item_id


# --------------------------------------------------------------------------- progress
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
    ``answer`` are for free-text answers (see :func:`record_free_text`); ``choices``: the ids of
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


# --------------------------------------------------------------------------- free-text answers
#: The judge's verdicts (:mod:`playbook.engines.judge`).
VERDICTS: tuple[str, ...] = ("pass", "fail", "unsure")
#: Longest answer text kept in the progress log, characters.
ANSWER_CAP = 500
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


_LAST_DUE = datetime(9999, 12, 30, tzinfo=timezone.utc)


def _sorted(reviews: Iterable[Review]) -> list[Review]:
    return sorted(reviews, key=lambda r: (r.at, r.id))


def card_states(progress: Progress) -> dict[str, CardState]:
    """Every reviewed item's FSRS state, by replaying its reviews in time order."""
    by_item: dict[str, list[Review]] = {}
    for r in _sorted(progress.reviews):
        by_item.setdefault(r.item, []).append(r)
    out = {}
    for item, reviews in by_item.items():
        card = Card(card_id=0, due=reviews[0].at)
        for r in reviews:
            try:
                card, _ = SCHEDULER.review_card(card, Rating(r.rating), review_datetime=r.at)
            except (OverflowError, ValueError):
                # A moment stored before answers were bounded (9999-12-28): the card is due at the
                # end of the calendar instead of taking the whole page or dashboard down.
                card.due = _LAST_DUE
                break
        right = sum(r.correct for r in reviews)
        assert card.stability is not None and card.difficulty is not None  # set by the first review
        out[item] = CardState(
            item, reviews[-1].family or family_of(item), card.due, float(card.stability),
            float(card.difficulty), State(card.state).name.lower(), len(reviews), right,
            len(reviews) - right, reviews[-1].rating, reviews[-1].at)
    return out


def due_items(progress: Progress, now: datetime | None = None) -> list[CardState]:
    """Items due at ``now`` (default: now), most overdue first."""
    when = _utc(now, "now")
    return sorted((c for c in card_states(progress).values() if c.due <= when),
                  key=lambda c: (c.due, c.item))


@guarded("item_ids")
def practice_order(progress: Progress, item_ids: Iterable[str], *, now: datetime | None = None,
                   seed: int = 0) -> list[str]:
    """``item_ids`` in the order to practise them: due items (most overdue first), then
    never-answered ones (shuffled by ``seed``), then the rest, soonest due first."""
    when = _utc(now, "now")
    states = card_states(progress)
    ids = list(dict.fromkeys(item_ids))
    random.Random(f"{seed}|order").shuffle(ids)

    def key(item: str) -> tuple[int, float]:
        c = states.get(item)
        if c is None:
            return 1, 0.0
        return (0 if c.due <= when else 2), c.due.timestamp()

    return sorted(ids, key=key)  # stable: unseen items keep the shuffle


@guarded("seed")
def make_session(seed: int, *, size: int = 5, families: Iterable[str] | None = None,
                 progress: Progress | None = None, now: datetime | None = None,
                 exclude: Iterable[str] = (), base: _kb.KnowledgeBase | None = None) -> drills.Session:
    """A multiple-choice session: due questions first, then new ones, then the rest.

    ``exclude``: question ids to leave out (those just shown, for “换一组”); when too few
    remain, excluded ones fill up the set again."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise PlaybookInputError("size", code="not_integer", label="题目数量", kind="正", received=size)
    pool = {q.id: q for q in drills.all_questions(seed=seed, families=families, base=base)}
    order = practice_order(progress or Progress(), pool, now=now, seed=seed)
    skip = set(exclude)
    chosen = [i for i in order if i not in skip][:size]
    if len(chosen) < size:
        chosen += [i for i in order if i in skip][:size - len(chosen)]
    return drills.Session(seed, tuple(pool[i] for i in chosen))


def item_totals(*, base: _kb.KnowledgeBase | None = None, dialogues: int | None = None) -> dict[str, int]:
    """How many practice items each skill has (questions + free-text tasks; dialogues)."""
    totals = {f: 0 for f in FAMILIES}
    for q in drills.all_questions(base=base):
        totals[q.family] += 1
    for t in drills.free_text_tasks(base=base):
        totals[t.family] += 1
    if dialogues is None:
        dialogues = len((base or _kb.load()).dialogues)
    totals["dialogue"] = dialogues
    return totals


def known_items(*, base: _kb.KnowledgeBase | None = None) -> frozenset[str]:
    """Every item id a reader can practise now (questions, free-text tasks, ``dialogue:<id>``)."""
    kb = base or _kb.load()
    cached = _KNOWN.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    ids = {q.id for q in drills.all_questions(base=kb)} | {t.id for t in drills.free_text_tasks(base=kb)}
    known = frozenset(ids | {DIALOGUE_PREFIX + d.id for d in kb.dialogues})
    _KNOWN[id(kb)] = (kb, known)
    return known


_KNOWN: dict[int, tuple[Any, frozenset[str]]] = {}


def readiness(progress: Progress, totals: Mapping[str, int], *, now: datetime | None = None,
              known: Iterable[str] | None = None) -> tuple[Readiness, ...]:
    """Per skill: practised, firm and due items and the colour by :data:`READINESS_RULES`.

    ``known`` (e.g. :func:`known_items`): only these item ids count, so answers to made-up or
    removed items cannot turn a skill green (N13)."""
    when = _utc(now, "now")
    states = card_states(progress)
    if known is not None:
        keep = set(known)
        states = {item: state for item, state in states.items() if item in keep}
    out = []
    for fam in FAMILIES:
        mine = [c for c in states.values() if c.family == fam]
        total = max(int(totals.get(fam, 0)), len(mine))
        firm = sum(c.firm(when) for c in mine)
        due = sum(c.due <= when for c in mine)
        cover = len(mine) / total if total else 0.0
        share = firm / len(mine) if mine else 0.0
        colour = ("green" if cover >= 0.5 and share >= 0.8 else
                  "yellow" if cover >= 0.2 and share >= 0.5 else "red")
        out.append(Readiness(fam, FAMILY_LABELS[fam], total, len(mine), firm, due, colour))
    return tuple(out)


def history(progress: Progress, limit: int = 20) -> list[Review]:
    """The latest answers, newest first."""
    return _sorted(progress.reviews)[::-1][:limit]


# --------------------------------------------------------------------------- JSON
def _review_json(r: Review) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "item": r.item, "family": r.family, "rating": r.rating,
                           "correct": r.correct, "at": r.at.isoformat(timespec="microseconds")}
    if r.seconds is not None:
        out["seconds"] = r.seconds
    if r.migrated:
        out["migrated"] = True
    if r.choice:
        out["choice"] = r.choice
    if r.choices:
        out["choices"] = list(r.choices)
    if r.verdict:
        out["verdict"] = r.verdict
    if r.answer:
        out["answer"] = r.answer
    return out


def to_json(progress: Progress, *, trainee: str | None = None, exported_at: datetime | None = None) -> str:
    """The progress file (JSON, format :data:`FORMAT` version :data:`VERSION`).

    ``trainee`` (optional) is written only here, for the file a reader hands to the trainer."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if trainee is not None and normalize_name(str(trainee)):
        data["trainee"] = normalize_name(str(trainee))   # the name as every store keeps it
    if exported_at is not None:
        data["exported_at"] = _utc(exported_at, "exported_at").isoformat(timespec="seconds")
    data["reviews"] = [_review_json(r) for r in _sorted(progress.reviews)]
    if progress.legacy:
        data["legacy_leitner"] = progress.legacy
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _bad(where: str, problem: str) -> PlaybookInputError:
    return PlaybookInputError("progress_file", code="progress_file", where=where, reason=problem)


def _parse_review(raw: Any, n: int, where: str, high: datetime | None = None) -> Review:
    if not isinstance(raw, dict):
        raise _bad(where, f"第 {n} 条作答记录不是键值映射")
    missing = [k for k in ("at", "rating", "item", "id") if k not in raw]
    if missing:
        raise _bad(where, f"第 {n} 条作答记录缺少 {'、'.join(missing)}")
    try:
        text = raw["at"]
        if not isinstance(text, str) or len(text) > 40:
            raise ValueError
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _bad(where, f"第 {n} 条作答记录的时间写错了") from None
    rid, item = raw["id"], raw["item"]
    if not isinstance(item, str) or not item.strip() or not isinstance(rid, str) or not rid.strip() \
            or len(item) > ID_MAX or len(rid) > ID_MAX:
        raise _bad(where, f"第 {n} 条作答记录的 id 或题目为空或过长")
    family = raw.get("family") or ""
    if not isinstance(family, str) or (family and family not in FAMILIES):
        raise _bad(where, f"第 {n} 条作答记录的类别 {shown(family)} 不存在")
    for key in ("correct", "migrated"):
        if key in raw and not isinstance(raw[key], bool):
            raise _bad(where, f"第 {n} 条作答记录的 {key} 应为 true 或 false,收到 {shown(raw[key])}")
    try:
        rating = _rating(raw["rating"])
        when = _answer_time(at, high=high)
        seconds = _seconds(raw.get("seconds"))
    except PlaybookInputError as err:
        raise _bad(where, f"第 {n} 条作答记录:{err.message}") from None
    verdict = raw.get("verdict", "")
    if verdict not in ("", *VERDICTS):
        raise _bad(where, f"第 {n} 条作答记录的评判结果应为 {'、'.join(VERDICTS)} 之一")
    answer = raw.get("answer", "")
    if not isinstance(answer, str):
        raise _bad(where, f"第 {n} 条作答记录的回答应为文字")
    choices = raw.get("choices") or []
    if not isinstance(choices, list) or len(choices) > 50 or \
            not all(isinstance(c, str) and 0 < len(c) <= 80 for c in choices):
        raise _bad(where, f"第 {n} 条作答记录的 choices 应为选项 id 的列表")
    # "choice" holds the option id; entries written before ids may hold the option's text
    # ("choice" or "chosen") or its position, read by _choice_id
    choice = _choice_id(raw.get("choice", raw.get("chosen")))
    return Review(rid, item, family, rating, when, raw.get("correct", rating >= HARD), seconds,
                  raw.get("migrated", False), choice, verdict,
                  answer_text(answer, cap=ANSWER_CAP) if answer else "", tuple(choices))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(Exception):
    pass


def from_json(text: str, *, trainee: str | None = None, where: str = "",
              migrated_at: datetime | None = None, stored: bool = False) -> tuple[Progress, str]:
    """Parse a progress file: ``(progress, trainee name or "")``.

    Accepts this format (version ≤ :data:`VERSION`) and the old Leitner files of
    ``drills.save_progress`` (format 1; ``trainee`` picks the person, needed when the file
    holds several). Anything else → :class:`PlaybookInputError` (field ``progress_file``, code
    ``progress_file``), never another exception: a file is a valid object or the domain error.

    An answer dated more than a day ahead is refused (``date_future``: a clock set to 9999 must
    not get into a trainer's records). ``stored=True`` is for reading back one's own file or
    browser storage: an answer saved before that bound existed is kept (every consumer copes with
    it) rather than making the whole page unreadable."""
    try:
        return _from_json(text, trainee=trainee, where=where, migrated_at=migrated_at,
                          high=_LAST_DUE if stored else None)
    except PlaybookInputError:
        raise
    except _DuplicateKey as dup:
        raise _bad(where, f"键 {shown(str(dup))} 出现了两次") from None
    except RecursionError:
        raise _bad(where, "嵌套层数过多") from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, MemoryError) as err:
        raise _bad(where, f"内容格式有误({type(err).__name__})") from None


def _from_json(text: str, *, trainee: str | None, where: str, migrated_at: datetime | None,
               high: datetime | None) -> tuple[Progress, str]:
    if not isinstance(text, str):
        raise _bad(where, "内容不是文字")
    if len(text) > FILE_MAX:
        raise _bad(where, f"文件超过 {FILE_MAX // 2**20} MB")
    text = text.lstrip("\ufeff")   # a file saved by Notepad starts with a BOM
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as e:
        raise _bad(where, f"不是有效的 JSON(第 {e.lineno} 行第 {e.colno} 列)") from None
    if not isinstance(data, dict):
        raise _bad(where, "顶层不是键值映射")
    if data.get("format") == 1 and "trainees" in data:
        return from_leitner(data, trainee, migrated_at=migrated_at or utc_now(), where=where)
    if data.get("format") != FORMAT:
        raise _bad(where, f"格式标记应为 “{FORMAT}”")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= VERSION:
        raise _bad(where, f"版本 {shown(version)} 不受支持(本程序支持到第 {VERSION} 版)")
    raw = data.get("reviews", [])
    if not isinstance(raw, list):
        raise _bad(where, "reviews 应为列表")
    reviews = [_parse_review(r, n, where, high) for n, r in enumerate(raw, 1)]
    legacy = data.get("legacy_leitner") or {}
    if not isinstance(legacy, dict):
        raise _bad(where, "legacy_leitner 应为键值映射")
    name = data.get("trainee") or ""
    if not isinstance(name, str):
        raise _bad(where, f"学员姓名应为文字,收到 {shown(name)}")
    return merge(Progress(tuple(reviews), legacy)), name


def from_leitner(data: Mapping[str, Any], trainee: str | None, *, migrated_at: datetime,
                 where: str = "") -> tuple[Progress, str]:
    """An old Leitner file's entry for ``trainee`` as FSRS progress, losing nothing.

    Each box becomes one review at ``migrated_at`` (box 1 → Again, 2 → Hard, 3 → Good,
    4–5 → Easy; review id ``leitner:<question id>`` so migrating twice adds nothing); the
    boxes, right/wrong counts and sessions are kept verbatim in ``legacy``."""
    trainees = data.get("trainees")
    if not isinstance(trainees, dict):
        raise _bad(where, "缺少学员记录")
    if trainee is None:
        if len(trainees) != 1:
            raise PlaybookInputError("trainee", code="practice_many_trainees", where=where, count=len(trainees))
        trainee = next(iter(trainees))
    entry = trainees.get(trainee)
    if entry is None:
        return Progress(), trainee
    if not isinstance(entry, dict) or not isinstance(entry.get("boxes", {}), dict):
        raise _bad(where, f"学员 {shown(trainee)} 的记录格式有误")
    when = _utc(migrated_at, "migrated_at")
    boxes = entry.get("boxes", {})
    reviews = []
    for qid, box in sorted(boxes.items()):
        if not isinstance(qid, str) or len(qid) > ID_MAX or type(box) is not int or box not in _LEITNER_RATING:
            raise _bad(where, f"学员 “{trainee}” 的题目 {qid} 盒子编号应在 1–5")
        rating = _LEITNER_RATING[box]
        reviews.append(Review(f"leitner:{qid}", qid, family_of(qid), rating, when, rating >= HARD,
                              migrated=True))
    legacy = {"boxes": dict(boxes), "right": dict(entry.get("right", {})),
              "wrong": dict(entry.get("wrong", {})), "sessions": entry.get("sessions", 0),
              "migrated_at": when.isoformat(timespec="seconds")}
    return Progress(tuple(reviews), legacy), trainee


# --------------------------------------------------------------------------- files
@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (fcntl on POSIX, msvcrt on Windows)."""
    lock = path.with_name(path.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as fh:
        try:
            import fcntl
        except ImportError:
            fcntl = None  # type: ignore[assignment]  # Windows: no fcntl, msvcrt below
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            return
        try:
            import msvcrt
        except ImportError:  # no locking available (e.g. the browser's file system)
            yield
            return
        fh.seek(0)
        while True:
            try:
                msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                break
            except OSError:
                continue
        try:
            yield
        finally:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)


def load_file(path: str | os.PathLike[str], *, trainee: str | None = None) -> Progress:
    """Progress from a file (empty if there is none); old Leitner files are migrated
    (dated by the file's last change)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
        when = datetime.fromtimestamp(p.stat().st_mtime, timezone.utc).replace(microsecond=0)
    except FileNotFoundError:
        return Progress()
    except OSError as err:   # a folder, no permission …: the domain error, the file untouched
        raise _bad(f" {p} ", f"无法读取({err.strerror or type(err).__name__})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad(f" {p} ", "不是 UTF-8 文本") from None
    return from_json(text, trainee=trainee, where=f" {p} ", migrated_at=when, stored=True)[0]


def save_file(path: str | os.PathLike[str], progress: Progress, *, trainee: str | None = None) -> Progress:
    """Merge ``progress`` into the file under a lock and write it atomically; returns what
    the file now holds. Saves from several processes at once lose nothing."""
    p = Path(path)
    try:
        with _locked(p):
            merged = merge(load_file(p, trainee=trainee), progress)
            atomic_write(p, to_json(merged))
    except OSError as err:   # a folder in the way, a full disk …: nothing written, the file intact
        raise PlaybookInputError("progress_file", code="progress_save", where=f" {p} ",
                                 reason=err.strerror or type(err).__name__) from None
    return merged


def record_file(path: str | os.PathLike[str], item: str, rating: int, **kwargs: Any) -> Progress:
    """Add one answer to the file (lock, read, add, write): the one-call way to save."""
    return save_file(path, review(Progress(), item, rating, **kwargs))


class FileStore:
    """Progress in a JSON file (Jupyter): every save merges under a lock."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def load(self) -> Progress:
        return load_file(self.path)

    def save(self, progress: Progress) -> Progress:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return save_file(self.path, progress)

    def replace(self, progress: Progress) -> None:
        """Overwrite (reset or import): the file then holds exactly ``progress``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path):
            atomic_write(self.path, to_json(progress))

    def record(self, item: str, rating: int, **kwargs: Any) -> Progress:
        return self.save(review(Progress(), item, rating, **kwargs))


class BrowserStore:
    """Progress in the reader's browser (``localStorage`` through Pyodide's ``js`` module).

    ``storage`` defaults to ``js.localStorage``; tests pass any object with ``getItem`` and
    ``setItem``. Every save re-reads and merges, so two tabs do not overwrite each other."""

    def __init__(self, storage: Any = None, key: str = BROWSER_KEY) -> None:
        if storage is None:
            storage = _local_storage()
        self.storage, self.key = storage, key

    def load(self) -> Progress:
        text = self.storage.getItem(self.key)
        if not isinstance(text, str) or not text.strip():  # JS null arrives as None or jsnull
            return Progress()
        return from_json(text, where="(浏览器存储)", stored=True)[0]

    def save(self, progress: Progress) -> Progress:
        merged = merge(self.load(), progress)
        self.storage.setItem(self.key, to_json(merged))
        return merged

    def replace(self, progress: Progress) -> None:
        self.storage.setItem(self.key, to_json(progress))

    def record(self, item: str, rating: int, **kwargs: Any) -> Progress:
        return self.save(review(Progress(), item, rating, **kwargs))


class MemoryStorage:
    """A stand-in for ``localStorage`` where the browser gives none (kept for this page only)."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def getItem(self, key: str) -> str | None:  # the Web Storage API's names
        return self.items.get(key)

    def setItem(self, key: str, value: str) -> None:
        self.items[key] = value


def _local_storage() -> Any:
    """The page's ``localStorage`` (Pyodide), or :class:`MemoryStorage` where there is none
    (Node.js at build time, storage blocked by the browser's privacy settings)."""
    try:
        import js  # Pyodide only

        storage = js.localStorage
        storage.getItem(BROWSER_KEY)  # may raise SecurityError when storage is blocked
        return storage
    except Exception:  # noqa: BLE001
        return MemoryStorage()


def record_dialogue(dialogue_id: str, outcome: str, *, store: FileStore | BrowserStore | None = None,
                    at: datetime | None = None, correct: bool | None = None,
                    choices: Iterable[str] = ()) -> Progress:
    """Save a finished role-play dialogue as one answer (item ``dialogue:<id>``, rated by
    :func:`rating_for_outcome`) in ``store`` (default :func:`default_store`).

    ``correct`` (default: 成交) is True also for a right ending without the order (the trainee
    kept the rules; rated Good); ``choices`` are the option ids chosen (the path), for the
    trainer's per-option statistics."""
    item = DIALOGUE_PREFIX + _check_item(dialogue_id).removeprefix(DIALOGUE_PREFIX)
    if item not in known_items():   # N13: a made-up dialogue id must not count as practised
        raise PlaybookInputError("dialogue_id", code="unknown_item", item_id=item.removeprefix(DIALOGUE_PREFIX)[:60])
    right = outcome == "won" if correct is None else bool(correct)
    rating = rating_for_outcome("won" if right else outcome)
    return (store or default_store()).record(item, rating, family="dialogue", correct=right, at=at,
                                             choices=choices)


def default_store() -> FileStore | BrowserStore:
    """Where this reader's progress lives: the browser's storage in Pyodide, else the file
    ``PLAYBOOK_PRACTICE_FILE`` (default ``~/.playbook/practice.json``)."""
    if sys.platform == "emscripten":
        return BrowserStore()
    path = os.environ.get("PLAYBOOK_PRACTICE_FILE") or Path.home() / ".playbook" / "practice.json"
    return FileStore(path)
