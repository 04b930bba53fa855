"""Issue 28, one job per module: the dialogue engine was split into parts (bank, state, moves,
diagnosis, debrief, scorecard, trainer statistics), and so was spaced practice (items, review log,
scheduler, readiness, free-text answers, file format, stores); every public name is still
importable from its old path as the very same object. (No import cycle anywhere:
tests/test_architecture.py.)"""
from __future__ import annotations

import warnings

import pytest

from playbook.engines import (
    dialogue,
    dialogue_bank,
    dialogue_debrief,
    dialogue_diagnosis,
    dialogue_play,
    dialogue_scorecard,
    dialogue_state,
    dialogue_stats,
    drills,
    practice,
    practice_format,
    practice_free_text,
    practice_items,
    practice_readiness,
    practice_reviews,
    practice_schedule,
    practice_store,
)

DIALOGUE_PARTS = [dialogue_bank, dialogue_state, dialogue_play, dialogue_diagnosis, dialogue_debrief,
                  dialogue_scorecard, dialogue_stats]
PRACTICE_PARTS = [practice_items, practice_reviews, practice_schedule, practice_readiness, practice_free_text,
                  practice_format, practice_store]


@pytest.mark.parametrize(("module", "parts"), [(dialogue, DIALOGUE_PARTS), (practice, PRACTICE_PARTS)], ids=lambda m: getattr(m, "__name__", ""))
def test_every_public_name_is_still_there_and_is_the_parts_object(module, parts):
    homes = {name: part for part in parts for name in part.__all__}
    for name in module.__all__:
        with warnings.catch_warnings():
            warnings.simplefilter("error")          # a public name never warns
            value = getattr(module, name)
        if name in homes:
            assert value is getattr(homes[name], name), name
    # every public name of a part is reachable from the old module too
    assert set(homes) <= set(module.__all__) | set(dir(module))


def test_the_dialogue_parts_are_the_same_objects():
    assert dialogue.State is dialogue_state.State
    assert dialogue.start is dialogue_play.start and dialogue.say is dialogue_play.say
    assert dialogue.VERDICTS is dialogue_play.VERDICTS and dialogue.HELD_BACK is dialogue_state.HELD_BACK
    assert dialogue._nodes is dialogue_state._nodes                 # the view and the cards read these
    assert dialogue._diagnose_item is dialogue_state._diagnose_item
    assert dialogue.diagnose is dialogue_diagnosis.diagnose
    assert dialogue.debrief is dialogue_debrief.debrief and dialogue.scorecard is dialogue_scorecard.scorecard
    assert dialogue.choice_stats is dialogue_stats.choice_stats and dialogue.get is dialogue_bank.get


def test_the_practice_parts_are_the_same_objects():
    assert practice.Progress is practice_reviews.Progress and practice.review is practice_reviews.review
    assert practice.make_session is practice_schedule.make_session
    assert practice.SCHEDULER is practice_schedule.SCHEDULER
    assert practice.readiness is practice_readiness.readiness
    assert practice.known_items is practice_items.known_items and practice.family_of is practice_items.family_of
    assert practice.from_json is practice_format.from_json and practice.FILE_MAX is practice_format.FILE_MAX
    assert practice.ID_MAX == practice_reviews.ID_MAX and practice.SECONDS_MAX == practice_reviews.SECONDS_MAX
    assert practice.unsure_answers is practice_free_text.unsure_answers
    assert practice.FileStore is practice_store.FileStore
    assert practice._local_storage is practice_store._local_storage    # the trainer's console calls it


def test_one_progress_and_one_session_for_spaced_practice():
    """The old drills names still lead to the one spaced-practice session, with a warning."""
    with pytest.warns(DeprecationWarning, match="playbook.engines.practice.make_session"):
        assert drills.make_session is practice_schedule.make_session
    assert sum(isinstance(getattr(m, "Progress", None), type) and m.Progress.__module__ == m.__name__
               for m in [practice, *PRACTICE_PARTS]) == 1
    assert sum("make_session" in vars(m) and m.make_session.__module__ == m.__name__
               for m in [practice, *PRACTICE_PARTS]) == 1
