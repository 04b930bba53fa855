"""Issue 26 (attack report: "look-alike trainee names are stored as new trainees"; "records import
bypasses the look-alike-name check"): 张伟 and 張偉, ＡＢＣ and ABC, 张伟 with a zero-width space …
are one trainee in every place a name is stored — the records store (trainee list, score sheets,
imported progress), the in-page console's store, the CLI's ``records import`` and the roster a
session is planned from. One key (:func:`playbook.normalize.name_key`) decides; the spelling stored
first is the one shown."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from playbook.engines import practice
from playbook.normalize import name_key, same_name
from playbook.trainer import console, records, roleplay
from playbook.trainer.roleplay import CheckMark, ScoreSheet
from tests.errcheck import raises_code
from tests.test_cli_dashboard import run

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)

#: (first stored spelling, a look-alike spelling of the same name)
LOOKALIKES = [
    ("张伟", "張偉"),                    # traditional
    ("张伟", "张\u200b伟"),              # zero-width space
    ("张伟", "\u2066张伟\u2069"),         # bidi isolates
    ("张伟", "张\u00ad伟"),              # soft hyphen
    ("Zhang Wei", "Ｚｈａｎｇ　Ｗｅｉ"),     # full-width letters and ideographic space
    ("Zhang Wei", "zhang wei"),          # case
    ("李娜", "李 娜"),                     # a space typed inside
]


def _progress(name: str, n: int = 2, seed: int = 0) -> str:
    qs = practice.make_session(seed, size=n).questions
    p = practice.Progress()
    for k, q in enumerate(qs):
        p = practice.review(p, q.id, practice.GOOD, at=NOW - timedelta(days=1, minutes=k))
    return practice.to_json(p, trainee=name, exported_at=NOW)


def _sheet(trainee: str, round_no: int = 1) -> ScoreSheet:
    return ScoreSheet("第一期", round_no, trainee, records.TRAINER, "card", (CheckMark("c", "fab", "讲清利益?", True),),
                      scored_at=NOW)


@pytest.fixture
def store(tmp_path):
    with records.open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as s:
        yield s


@pytest.mark.parametrize(("first", "other"), LOOKALIKES)
def test_one_key_for_every_lookalike(first, other):
    assert name_key(first) == name_key(other) and same_name(first, other)
    assert name_key("张伟") != name_key("张玮") and name_key("李娜") != name_key("李那")


@pytest.mark.parametrize(("first", "other"), LOOKALIKES)
def test_the_store_keeps_one_trainee_shown_as_first_stored(store, first, other):
    store.add_trainee(first)
    store.add_trainee(other)
    assert [t.name for t in store.trainees()] == [first]
    store.save_sheet(_sheet(other))                       # a sheet typed with the other spelling
    assert [s.trainee for s in store.sheets()] == [first]
    assert [s.trainee for s in store.sheets(trainee=other)] == [first]
    with raises_code("sheet_saved", "round_no"):          # and it is the same trainee's round 1
        store.save_sheet(_sheet(other))


@pytest.mark.parametrize(("first", "other"), LOOKALIKES)
def test_imported_progress_joins_the_listed_trainee(store, first, other):
    store.add_trainee(first)
    who, added = store.import_practice(_progress(other))
    assert (who, added) == (first, 2)
    assert [t.name for t in store.trainees()] == [first]
    assert set(store.practice_progress()) == {first}
    assert set(store.practice_progress(other)) == {first}
    # a file whose name is the look-alike of the one given with --trainee is not a mismatch
    assert store.import_practice(_progress(other, seed=3), trainee=first)[0] == first


def test_the_trainer_name_in_any_spelling_is_reserved(store):
    with raises_code("reserved_name", "name"):
        store.add_trainee("培訓師")
    with raises_code("reserved_name", "trainees"):
        roleplay.plan_session(["张三", "李四", "培訓師"])


def test_the_console_store_keeps_one_trainee(tmp_path):
    """The in-page console (trainer/console/) stores through the records store: a progress file
    named 張偉 after a roster with 张伟 is 张伟's."""
    saved = console.SavedRecords(practice.MemoryStorage(), path=tmp_path / "c.sqlite3")
    with saved.open() as store:
        store.add_trainee("张伟")
        result = console.import_file(store, "張偉.json", _progress("張偉"))
        assert [t.name for t in store.trainees()] == ["张伟"]
        assert set(store.practice_progress()) == {"张伟"}
        assert result.added == 2


def test_records_import_on_the_command_line_keeps_one_trainee(tmp_path):
    """CLI ``records import`` (the report: it bypassed the look-alike check)."""
    db = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    with records.open_store(db) as store:
        store.add_trainee("张伟")
    for i, name in enumerate(["張偉", "张\u200b伟", "张伟"]):
        f = tmp_path / f"p{i}.json"
        f.write_text(_progress(name, seed=i), encoding="utf-8")
        done = run("records", "import", str(f), "--db", db, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    with records.open_store(db) as store:
        assert [t.name for t in store.trainees()] == ["张伟"]
        assert set(store.practice_progress()) == {"张伟"}


def test_the_roster_refuses_a_lookalike_twice():
    with raises_code("duplicate", "trainees", name="張偉", first="张伟"):
        roleplay.plan_session(["张伟", "李娜", "張偉"])
    with raises_code("duplicate", "trainees"):
        roleplay.plan_session(["Zhang Wei", "李娜", "ZHANG WEI"])
    assert console.split_names("张伟\n李娜")    # the console's roster box feeds the same check


def test_the_dashboard_counts_lookalikes_as_one_trainee():
    from playbook.trainer import dashboard

    sheets = [_sheet("张伟", 1), _sheet("張偉", 2), _sheet("李娜", 1)]
    table = dashboard.skill_table(sheets)
    assert sorted(table.index) == sorted(["张伟", "李娜"])       # 張偉 is counted as 张伟, shown as first met
    assert dashboard.suggest_next(sheets, "張偉")
