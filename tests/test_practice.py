"""Spaced practice (playbook.engines.practice): FSRS against the reference package, the
progress file (versioned JSON, Leitner migration), concurrent saves, the browser store."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from playbook.engines import drills, leitner, practice
from playbook.errors import PlaybookInputError

DATA = Path(__file__).parent / "data"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


# ----------------------------------------------------------------------------- ratings
def test_ratings_follow_the_rule():
    assert practice.rating_for(False) == practice.AGAIN
    assert practice.rating_for(False, hinted=True, seconds=500) == practice.AGAIN
    assert practice.rating_for(True) == practice.GOOD
    assert practice.rating_for(True, seconds=12) == practice.GOOD
    assert practice.rating_for(True, hinted=True) == practice.HARD
    assert practice.rating_for(True, seconds=practice.SLOW_SECONDS + 1) == practice.HARD
    assert [practice.rating_for_outcome(o) for o in ("won", "later", "lost")] == [3, 2, 1]
    with pytest.raises(PlaybookInputError):
        practice.rating_for_outcome("draw")


# ----------------------------------------------------------------------------- FSRS
#: Fixed review logs: (rating, minutes after the previous review).
LOGS = {
    "all-good": [(3, 0), (3, 10), (3, 60 * 24 * 2), (3, 60 * 24 * 7), (3, 60 * 24 * 20)],
    "lapse": [(3, 0), (3, 10), (3, 60 * 24 * 3), (1, 60 * 24 * 9), (3, 10), (2, 60 * 24 * 2)],
    "hard-start": [(2, 0), (2, 5), (3, 30), (3, 60 * 24), (4, 60 * 24 * 5)],
    "again-again": [(1, 0), (1, 1), (3, 1), (3, 10), (1, 60 * 24 * 4), (3, 15), (3, 60 * 24 * 3)],
    "easy": [(4, 0), (3, 60 * 24 * 8), (2, 60 * 24 * 30)],
}


def _reference(log):
    """Due dates and stabilities from the fsrs package's own Scheduler (defaults, no fuzz)."""
    from fsrs import Card, Rating, Scheduler

    sched = Scheduler(enable_fuzzing=False)
    card, at, out = Card(card_id=1, due=T0), T0, []
    for rating, minutes in log:
        at = at + timedelta(minutes=minutes)
        card, _ = sched.review_card(card, Rating(rating), review_datetime=at)
        out.append((card.due, card.stability, card.difficulty))
    return out


@pytest.mark.parametrize("name", sorted(LOGS))
def test_fsrs_schedule_equals_the_reference_package(name):
    log = LOGS[name]
    expected = _reference(log)
    progress, at = practice.Progress(), T0
    for n, (rating, minutes) in enumerate(log):
        at = at + timedelta(minutes=minutes)
        progress = practice.review(progress, "drill-obj-price-1#method", rating, at=at, review_id=f"r{n}")
        state = practice.card_states(progress)["drill-obj-price-1#method"]
        due, stability, difficulty = expected[n]
        assert state.due == due
        assert state.stability == pytest.approx(stability, rel=1e-12)
        assert state.difficulty == pytest.approx(difficulty, rel=1e-12)


def test_fsrs_published_defaults():
    """fsrs 6 defaults: first-review stability w0–w3 = 0.212, 1.2931, 2.3065, 8.2956 days;
    learning steps 1 and 10 minutes; at retention 0.9 the interval equals the stability."""
    firsts = {}
    for rating in (1, 2, 3, 4):
        p = practice.review(practice.Progress(), "x", rating, family="objection", at=T0)
        firsts[rating] = practice.card_states(p)["x"]
    assert [round(firsts[r].stability, 4) for r in (1, 2, 3, 4)] == [0.212, 1.2931, 2.3065, 8.2956]
    assert firsts[1].due - T0 == timedelta(minutes=1)
    assert firsts[3].due - T0 == timedelta(minutes=10)
    assert firsts[4].due - T0 == timedelta(days=8) and firsts[4].state == "review"


def test_practice_order_puts_due_items_first():
    p = practice.review(practice.Progress(), "a", practice.GOOD, family="objection", at=T0)
    p = practice.review(p, "b", practice.AGAIN, family="objection", at=T0)
    p = practice.review(p, "c", practice.EASY, family="objection", at=T0)
    now = T0 + timedelta(hours=1)
    order = practice.practice_order(p, ["c", "new1", "a", "b", "new2"], now=now, seed=1)
    assert order[:2] == ["b", "a"]  # both due; b was due first (1 min vs 10 min)
    assert set(order[2:4]) == {"new1", "new2"}
    assert order[4] == "c"  # due in 8 days
    assert [c.item for c in practice.due_items(p, now)] == ["b", "a"]


def test_session_starts_with_due_questions_and_draws_another_set():
    qs = drills.all_questions(families=["objection"])
    target = qs[17].id
    p = practice.review(practice.Progress(), target, practice.AGAIN, family="objection", at=T0)
    s = practice.make_session(3, size=5, families=["objection"], progress=p, now=T0 + timedelta(days=1))
    assert s.questions[0].id == target
    again = practice.make_session(4, size=5, families=["objection"], progress=p,
                                  now=T0 + timedelta(days=1), exclude=[q.id for q in s.questions])
    assert not {q.id for q in again.questions} & {q.id for q in s.questions}


# ----------------------------------------------------------------------------- readiness
def test_readiness_colours_follow_the_stated_rules():
    totals = {f: 0 for f in practice.FAMILIES} | {"objection": 10, "fab": 10, "etiquette": 10}
    p = practice.Progress()
    for i in range(5):  # objection: half practised, all right → green
        p = practice.review(p, f"o{i}", practice.GOOD, family="objection", at=T0)
    for i in range(2):  # fab: 20 % practised, one of two right → yellow
        p = practice.review(p, f"f{i}", practice.GOOD if i else practice.AGAIN, family="fab", at=T0)
    p = practice.review(p, "e0", practice.AGAIN, family="etiquette", at=T0)  # 10 %, wrong → red
    ready = {r.family: r for r in practice.readiness(p, totals, now=T0 + timedelta(minutes=20))}
    assert ready["objection"].colour == "green" and ready["objection"].firm == 5
    assert ready["fab"].colour == "yellow"
    assert ready["etiquette"].colour == "red"
    assert ready["dialogue"].colour == "red" and ready["dialogue"].practised == 0
    # weeks later recall has dropped below 90 %: no longer firm → red
    later = {r.family: r for r in practice.readiness(p, totals, now=T0 + timedelta(days=30))}
    assert later["objection"].colour == "red"


def test_dialogues_are_reviewable_items():
    p = practice.review(practice.Progress(), "dialogue:dlg-rational-1", practice.rating_for_outcome("won"), at=T0)
    state = practice.card_states(p)["dialogue:dlg-rational-1"]
    assert state.family == "dialogue" and state.right == 1
    assert practice.family_of("dialogue:anything") == "dialogue"
    assert practice.family_of("drill-obj-price-1#method") == "objection"


# ----------------------------------------------------------------------------- files
def test_json_round_trip_and_trainee_only_in_export(tmp_path):
    p = practice.review(practice.Progress(), "drill-obj-price-1#method", 3, at=T0, seconds=12.3)
    text = practice.to_json(p, trainee="王小明")
    data = json.loads(text)
    assert data["format"] == practice.FORMAT and data["version"] == practice.VERSION
    assert data["trainee"] == "王小明"
    back, name = practice.from_json(text)
    assert back == p and name == "王小明"
    path = tmp_path / "p.json"
    practice.save_file(path, p)
    assert "trainee" not in json.loads(path.read_text(encoding="utf-8"))
    assert practice.load_file(path) == p


@pytest.mark.parametrize("text", ["{", "[]", '{"format": "x"}', '{"format": "playbook-practice", "version": 99}',
                                  '{"format": "playbook-practice", "version": 2, "reviews": [{"id": "a"}]}',
                                  '{"format": "playbook-practice", "version": 2, "reviews": '
                                  '[{"id": "a", "item": "q", "rating": 7, "at": "2026-01-01T00:00:00+00:00"}]}'])
def test_bad_progress_files_are_refused_with_a_chinese_message(text):
    with pytest.raises(PlaybookInputError) as e:
        practice.from_json(text)
    assert (e.value.field, e.value.code) == ("progress_file", "progress_file") and e.value.values["reason"]


def test_old_leitner_file_migrates_without_loss(tmp_path):
    """tests/data/leitner_progress_v1.json was written by drills.save_progress (Leitner, format 1)."""
    path = tmp_path / "old.json"
    path.write_bytes((DATA / "leitner_progress_v1.json").read_bytes())
    for name in ("张三", "李四", "王五"):
        old = leitner.load_progress(path, name)
        new = practice.load_file(path, trainee=name)
        assert new.legacy["boxes"] == old.boxes
        assert new.legacy["right"] == old.right and new.legacy["wrong"] == old.wrong
        assert new.legacy["sessions"] == old.sessions
        states = practice.card_states(new)
        assert set(states) == set(old.boxes)
        for qid, box in old.boxes.items():
            assert states[qid].family == drills.question_by_id(qid).family
            assert states[qid].last_rating == {1: 1, 2: 2, 3: 3, 4: 4, 5: 4}[box]
    wang = practice.load_file(path, trainee="王五")
    states = practice.card_states(wang)
    # box 1 is due first, box 5 last
    assert states["drill-obj-price-1#method"].due < states["drill-obj-need-1#timing"].due \
        < states["etq-dress-collar#rule"].due
    # saved in the new format and read back: the same (nothing lost), migrating twice adds nothing
    new_path = tmp_path / "new.json"
    practice.save_file(new_path, wang)
    practice.save_file(new_path, wang)
    assert practice.load_file(new_path) == wang
    with pytest.raises(PlaybookInputError):
        practice.load_file(path)  # three trainees: say which


WORKER = """
import sys
from datetime import datetime, timezone
from playbook.engines import practice
path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    practice.record_file(path, f"{who}-q{i}", practice.GOOD if i % 3 else practice.AGAIN, family="objection")
"""


def test_concurrent_saves_from_six_processes_lose_nothing(tmp_path):
    path = tmp_path / "shared" / "practice.json"
    path.parent.mkdir()
    procs, per = 6, 40
    running = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), f"w{k}", str(per)])
               for k in range(procs)]
    assert all(p.wait(timeout=300) == 0 for p in running)
    saved = practice.load_file(path)
    assert len(saved.reviews) == procs * per
    assert {r.item for r in saved.reviews} == {f"w{k}-q{i}" for k in range(procs) for i in range(per)}


class FakeStorage:
    def __init__(self):
        self.items = {}

    def getItem(self, key):  # noqa: N802 - the Web Storage API's name
        return self.items.get(key)

    def setItem(self, key, value):  # noqa: N802
        self.items[key] = value


def test_browser_store_keeps_answers_and_merges_two_tabs():
    storage = FakeStorage()
    tab1, tab2 = practice.BrowserStore(storage), practice.BrowserStore(storage)
    tab1.record("drill-obj-price-1#method", 3, at=T0)
    tab2.record("drill-obj-need-1#method", 1, at=T0)
    got = practice.BrowserStore(storage).load()
    assert {r.item for r in got.reviews} == {"drill-obj-price-1#method", "drill-obj-need-1#method"}
    tab1.replace(practice.Progress())
    assert len(tab2.load()) == 0


def test_default_store_in_jupyter_is_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_PRACTICE_FILE", str(tmp_path / "mine.json"))
    store = practice.default_store()
    assert isinstance(store, practice.FileStore) and store.path == tmp_path / "mine.json"
    store.record("drill-obj-price-1#method", 3)
    assert len(practice.load_file(tmp_path / "mine.json")) == 1


def test_practice_runs_without_the_packages_the_browser_lacks(run_stdlib_only):
    """Only the standard library and the vendored pure wheels (fsrs, typing_extensions)."""
    run_stdlib_only("from playbook import practice\n"
                    "p = practice.review(practice.Progress(), 'drill-obj-price-1#method', practice.GOOD)\n"
                    "assert practice.card_states(p)\n")


def test_fsrs_is_vendored_for_the_browser_at_the_pinned_version():
    from importlib.metadata import version

    from playbook.site import lite, vendor

    pinned = {w.name: w.version for w in vendor.WHEELS}
    assert pinned["fsrs"] == version("fsrs") and "typing_extensions" in pinned
    assert {"fsrs", "typing_extensions"} <= {w.name for w in lite.WIDGET_WHEELS}


def test_browser_store_without_local_storage_keeps_answers_for_the_page():
    store = practice.BrowserStore()  # no js module here (as in Node.js at build time)
    assert isinstance(store.storage, practice.MemoryStorage)
    store.record("drill-obj-price-1#method", practice.GOOD)
    assert len(store.load()) == 1


def test_browser_store_treats_a_missing_key_as_empty_whatever_null_looks_like():
    class JsNull:  # Pyodide ≥ 0.26 hands JS null to Python as a sentinel, not None
        def __str__(self):
            return "<jsnull>"

    class Storage(FakeStorage):
        def getItem(self, key):  # noqa: N802
            return self.items.get(key, JsNull())

    store = practice.BrowserStore(Storage())
    assert len(store.load()) == 0
    store.record("drill-obj-price-1#method", practice.GOOD)
    assert len(store.load()) == 1


def test_record_dialogue_saves_the_outcome_as_a_review():
    store = practice.BrowserStore(FakeStorage())
    practice.record_dialogue("dlg-analytical", "lost", store=store, at=T0)
    practice.record_dialogue("dialogue:dlg-analytical", "won", store=store, at=T0 + timedelta(days=1))
    state = practice.card_states(store.load())["dialogue:dlg-analytical"]
    assert state.reviews == 2 and state.right == 1 and state.wrong == 1
    assert state.last_rating == practice.GOOD and state.family == "dialogue"
