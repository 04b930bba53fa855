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

Each job has its own module, all re-exported here: the items (:mod:`~playbook.engines.practice_items`),
the review log (:mod:`~playbook.engines.practice_reviews`), the scheduler
(:mod:`~playbook.engines.practice_schedule`), the readiness report
(:mod:`~playbook.engines.practice_readiness`), free-text answers
(:mod:`~playbook.engines.practice_free_text`), the file format (:mod:`~playbook.engines.practice_format`)
and the stores (:mod:`~playbook.engines.practice_store`).
"""
from __future__ import annotations

from playbook.engines.practice_format import FILE_MAX as FILE_MAX
from playbook.engines.practice_format import FORMAT, VERSION, from_json, from_leitner, to_json
from playbook.engines.practice_free_text import (
    SELF_RATINGS,
    TRAINER_LABELS,
    UnsureAnswer,
    export_verdicts,
    record_free_text,
    unsure_answers,
)
from playbook.engines.practice_items import DIALOGUE_PREFIX, FAMILIES, FAMILY_LABELS, family_of, item_title, item_totals
from playbook.engines.practice_items import known_items as known_items
from playbook.engines.practice_readiness import READINESS_RULES, Readiness, readiness
from playbook.engines.practice_reviews import ID_MAX as ID_MAX
from playbook.engines.practice_reviews import SECONDS_MAX as SECONDS_MAX
from playbook.engines.practice_reviews import (
    AGAIN,
    ANSWER_CAP,
    EASY,
    GOOD,
    HARD,
    RATING_LABELS,
    SLOW_SECONDS,
    VERDICTS,
    Progress,
    Review,
    history,
    merge,
    rating_for,
    rating_for_outcome,
    review,
    utc_now,
)
from playbook.engines.practice_schedule import (
    SCHEDULER,
    CardState,
    card_states,
    due_items,
    make_session,
    practice_order,
)
from playbook.engines.practice_store import (
    BROWSER_KEY,
    BrowserStore,
    FileStore,
    MemoryStorage,
    default_store,
    load_file,
    record_dialogue,
    record_file,
    save_file,
)
# the trainer's console keeps its records in the same browser storage
from playbook.engines.practice_store import _local_storage as _local_storage

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
