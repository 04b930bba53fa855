"""The spaced-review scheduler: every item's FSRS state derived by replaying a reader's reviews
(package ``fsrs`` 6.3.2, default parameters, no fuzz), the items due now, the order to practise
items in and a multiple-choice session built in that order.

Usage (a right answer is rated Good; the card comes back after FSRS's first learning step):

>>> from datetime import datetime, timedelta, timezone
>>> from playbook.engines import practice_reviews, practice_schedule
>>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
>>> p = practice_reviews.review(practice_reviews.Progress(), "drill-obj-price-1#method", 3, at=at)
>>> card = practice_schedule.card_states(p)["drill-obj-price-1#method"]
>>> card.state, card.due - at
('learning', datetime.timedelta(seconds=600))
>>> [c.item for c in practice_schedule.due_items(p, now=at + timedelta(hours=1))]
['drill-obj-price-1#method']
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

from playbook import kb as _kb
from playbook.engines import drills
from playbook.engines.practice_items import family_of
from playbook.engines.practice_reviews import _LAST_DUE, HARD, Progress, Review, _sorted, _utc
from playbook.errors import PlaybookInputError, guarded

__all__ = ["SCHEDULER", "CardState", "card_states", "due_items", "practice_order", "make_session"]

#: The scheduler: fsrs 6.3.2 defaults (parameters, retention 0.9, steps 1 min / 10 min,
#: relearning 10 min), fuzz off so dates are reproducible.
SCHEDULER = Scheduler(enable_fuzzing=False)


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
