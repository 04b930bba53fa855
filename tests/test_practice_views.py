"""The practice panels save every answer and start with what is due (views.drills.drill_panel)."""
from __future__ import annotations

from datetime import datetime, timezone

from playbook.engines import drills, practice
from tests.test_practice import FakeStorage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _panel(storage, **kw):
    from playbook.views.drills import drill_panel

    return drill_panel(["objection"], seed=3, store=practice.BrowserStore(storage), **kw)


def test_answers_are_saved_and_the_next_visit_starts_with_due_ones():
    storage = FakeStorage()
    panel = _panel(storage)
    choice = panel.children[0]
    answered = []
    for k in range(3):
        q = choice.question
        choice.answer((q.answer + (1 if k == 1 else 0)) % len(q.options))  # the 2nd one wrong
        answered.append(q.id)
        choice.next()
    saved = practice.BrowserStore(storage).load()
    assert {r.item: r.rating for r in saved.reviews} == dict(zip(answered, [practice.GOOD, practice.AGAIN,
                                                                          practice.GOOD]))
    assert all(r.family == "objection" and r.seconds is not None for r in saved.reviews)
    # a later visit: reviews dated in the past are due now and come first
    old = practice.Progress()
    for r in saved.reviews:
        old = practice.review(old, r.item, r.rating, family=r.family, at=T0)
    fresh = FakeStorage()
    practice.BrowserStore(fresh).replace(old)
    again = _panel(fresh).children[0]
    assert {q.id for q in again.questions[:3]} == set(answered)
    assert again.questions[0].id == answered[1]  # the wrong one was due first


def test_new_set_draws_other_questions_without_reloading():
    storage = FakeStorage()
    choice = _panel(storage).children[0]
    first = [q.id for q in choice.questions]
    choice.new_set_button.click()
    second = [q.id for q in choice.questions]
    assert len(second) == 5 and not set(first) & set(second)
    assert choice.index == 0 and choice.results == []
    choice.answer(choice.question.answer)
    assert practice.BrowserStore(storage).load().reviews[0].item == second[0]


def test_free_text_answer_is_saved_with_hint_as_hard():
    storage = FakeStorage()
    free = _panel(storage).children[1]
    free.show_model.click()
    free.check(free.task.model_answer)
    saved = practice.BrowserStore(storage).load().reviews
    assert len(saved) == 1 and saved[0].item == free.task.id
    assert saved[0].rating in (practice.HARD, practice.AGAIN)


def test_a_broken_store_does_not_break_the_panel():
    storage = FakeStorage()
    storage.setItem(practice.BROWSER_KEY, "{not json")
    panel = _panel(storage)
    choice = panel.children[0]
    assert "无法读取" in choice.feedback.value
    choice.answer(choice.question.answer)  # still works
    assert "回答正确" in choice.feedback.value
    assert storage.getItem(practice.BROWSER_KEY) == "{not json"  # left untouched
