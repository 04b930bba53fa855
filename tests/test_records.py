"""The score records store (playbook.trainer.records), against SQLite and a real PostgreSQL.

The PostgreSQL half needs ``PLAYBOOK_TEST_PG_URL`` (scripts/test.sh starts a throwaway server via
scripts/postgres.sh and sets it); each test gets a fresh schema of its own. Without the URL those
tests skip, unless ``PLAYBOOK_REQUIRE_PG=1`` (set by scripts/test.sh), where they fail.
"""
from __future__ import annotations

import html
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from playbook.trainer import records
from playbook.errors import PlaybookInputError
from tests.errcheck import raises_code
from playbook.trainer.records import TRAINER, open_store
from playbook.views.sheets import sheet_html
from playbook.trainer.roleplay import CheckMark, ScoreSheet

import records_worker  # tests/records_worker.py: the writer processes

WORKER = Path(records_worker.__file__)
PG_URL = os.environ.get("PLAYBOOK_TEST_PG_URL", "")
REQUIRE_PG = os.environ.get("PLAYBOOK_REQUIRE_PG") == "1"
T0 = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
CJK = re.compile(r"[\u4e00-\u9fff]")


# ------------------------------------------------------------------------ fixtures
def _pg_or_skip() -> Any:
    if not PG_URL:
        msg = ("没有设置 PLAYBOOK_TEST_PG_URL:PostgreSQL 上的记录库测试无法运行"
               "(bash scripts/postgres.sh start 可在本机启动测试服务器并给出该地址)")
        if REQUIRE_PG:
            pytest.fail("PLAYBOOK_REQUIRE_PG=1 要求运行 PostgreSQL 测试,但" + msg)
        pytest.skip(msg)
    try:
        import psycopg
    except ImportError:
        if REQUIRE_PG:
            pytest.fail("PLAYBOOK_REQUIRE_PG=1 但未安装 psycopg(pip install -e '.[test]')")
        pytest.skip("未安装 psycopg:跳过 PostgreSQL 上的记录库测试")
    return psycopg


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-c search_path={schema}', safe='')}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield "sqlite://" + quote(str(tmp_path / "records.sqlite3"))
        return
    psycopg = _pg_or_skip()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield _with_search_path(PG_URL, schema)
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def raw(url: str) -> Iterator[Any]:
    """A plain DB-API connection to the store's database (``?`` placeholders on both), committed
    on exit — for looking behind the store's back."""
    if url.startswith("sqlite:"):
        conn = sqlite3.connect(records._sqlite_path(url))
        try:
            yield conn
            conn.commit()
        finally:
            conn.close()
    else:
        import psycopg

        class Conn:
            def __init__(self) -> None:
                self.c = psycopg.connect(url)

            def execute(self, sql: str, params: tuple = ()) -> Any:
                return self.c.execute(sql.replace("?", "%s"), params)

        conn = Conn()
        try:
            yield conn
            conn.c.commit()
        finally:
            conn.c.close()


def count(url: str, table: str) -> int:
    with raw(url) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def marks(*spec: tuple[str, str, bool]) -> tuple[CheckMark, ...]:
    return tuple(CheckMark(cid, skill, f"{cid} 做到了吗?", passed) for cid, skill, passed in spec)


def sheet(**changes: Any) -> ScoreSheet:
    base = ScoreSheet(
        session="2026-11-23 新员工第一期", round_no=1, trainee="张三", observer="李四",
        scenario_id="card-price-objection",
        marks=marks(("no-argue", "objection", True), ("fab-order", "fab", False), ("greet", "etiquette", True)),
        notes="开场不错。\n\t价格异议处理偏急。", rating=4, scored_at=T0)
    return replace(base, **changes)


@pytest.fixture
def store(db_url: str) -> Iterator[records.Store]:
    with open_store(db_url) as s:
        for name, team in (("张三", "华东"), ("李四", "华东"), ("王五", "华南")):
            s.add_trainee(name, team)
        yield s


# ------------------------------------------------------------------------ round trip
def test_round_trip(store: records.Store):
    original = sheet(scored_at=datetime(2026, 11, 23, 17, 30, tzinfo=timezone(timedelta(hours=8))))
    sheet_id = store.save_sheet(original)
    assert isinstance(sheet_id, int)
    [back] = store.sheets()
    assert back == original                        # same instant, marks in the same order
    assert back.scored_at.utcoffset() == original.scored_at.utcoffset()  # shown in the offset it was scored in
    assert back.scored_at == datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
    assert [m.check_id for m in back.marks] == ["no-argue", "fab-order", "greet"]
    assert all(type(m.passed) is bool for m in back.marks)
    assert back.score == pytest.approx(2 / 3)
    assert store.sessions() == ["2026-11-23 新员工第一期"]


def test_scored_at_defaults_to_now_utc_and_rating_may_be_empty(store: records.Store):
    before = datetime.now(timezone.utc)
    store.save_sheet(sheet(scored_at=None, rating=None, notes="", observer=TRAINER))
    after = datetime.now(timezone.utc)
    [back] = store.sheets()
    assert back.scored_at.tzinfo is not None
    assert before - timedelta(seconds=1) <= back.scored_at <= after + timedelta(seconds=1)
    assert back.rating is None and back.notes == "" and back.observer == TRAINER


def test_filters_and_order(store: records.Store):
    store.save_sheet(sheet(session="第二期", round_no=2, scored_at=T0 + timedelta(days=1)))
    store.save_sheet(sheet(session="第二期", round_no=1, scored_at=T0 + timedelta(days=1)))
    store.save_sheet(sheet(session="第一期", round_no=1, trainee="王五", scored_at=T0))
    store.save_sheet(sheet(session="第一期", round_no=2, scored_at=T0 + timedelta(hours=1)))
    got = [(s.session, s.round_no, s.trainee) for s in store.sheets()]
    assert got == [("第一期", 1, "王五"), ("第一期", 2, "张三"), ("第二期", 1, "张三"), ("第二期", 2, "张三")]
    assert [s.round_no for s in store.sheets(trainee="张三", session="第二期")] == [1, 2]
    assert [s.session for s in store.sheets(trainee="王五")] == ["第一期"]
    assert store.sheets(trainee="没人") == []
    assert store.sessions() == ["第一期", "第二期"]


def test_trainees_are_idempotent(store: records.Store):
    store.add_trainee("张三", "别的组")           # already there: nothing changes
    got = store.trainees()
    assert [(t.name, t.team) for t in got] == [("张三", "华东"), ("李四", "华东"), ("王五", "华南")]
    assert all(t.created_at.tzinfo is not None for t in got)
    assert count(store._url, "trainees") == 3


def test_duplicate_is_refused_and_replace_is_atomic(store: records.Store):
    first = store.save_sheet(sheet())
    with raises_code("sheet_saved", "round_no", round_no=1, trainee="张三"):
        store.save_sheet(sheet(notes="第二次"))
    assert store.sheets()[0].notes == sheet().notes
    new = sheet(marks=marks(("only-one", "persuasion", True)), notes="改过的", rating=5)
    second = store.save_sheet(new, replace=True)
    assert second != first
    assert store.sheets() == [new]
    assert count(store._url, "marks") == 1 and count(store._url, "score_sheets") == 1
    # replace=True with nothing to replace just saves
    store.save_sheet(sheet(round_no=2), replace=True)
    assert len(store.sheets()) == 2


# ------------------------------------------------------------------------ migrations
def test_migrations_from_empty(db_url: str):
    with open_store(db_url) as store:
        assert store.schema_version() == records.LATEST_VERSION == len(records.MIGRATIONS)
    with raw(db_url) as conn:
        rows = conn.execute("SELECT version, description FROM schema_version ORDER BY version").fetchall()
    assert [tuple(r) for r in rows] == [(m.version, m.description) for m in records.MIGRATIONS]
    with open_store(db_url) as store:             # opening again applies nothing
        assert store.schema_version() == records.LATEST_VERSION
    assert count(db_url, "schema_version") == len(records.MIGRATIONS)



def test_migrations_are_ordered_and_at_least_two():
    versions = [m.version for m in records.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1)) and len(versions) >= 2
    assert all(m.sqlite and m.postgresql for m in records.MIGRATIONS)


def test_upgrade_from_v1_keeps_data_and_uses_the_new_schema(db_url: str):
    assert records.migrate(db_url, target=1) == 1
    with raw(db_url) as conn:               # a v1 database with data: no position column yet
        conn.execute("INSERT INTO trainees (name, team, created_at) VALUES (?, ?, ?)",
                     ("张三", "", "2026-01-01T00:00:00.000000+00:00"))
        conn.execute("INSERT INTO trainees (name, team, created_at) VALUES (?, ?, ?)",
                     ("李四", "", "2026-01-01T00:00:00.000000+00:00"))
        conn.execute("INSERT INTO score_sheets (session, round_no, trainee, observer, scenario_id, notes,"
                     " rating, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     ("旧场次", 1, "张三", "李四", "card-1", "", 3, "2026-01-02T08:00:00.000000+00:00"))
        [(old_id,)] = conn.execute("SELECT id FROM score_sheets").fetchall()
        for check_id, passed in (("zeta", True), ("alpha", False), ("mid", True)):   # insertion order
            conn.execute("INSERT INTO marks (sheet_id, check_id, skill, label, passed) VALUES (?, ?, ?, ?, ?)",
                         (old_id, check_id, "objection", f"{check_id}?", passed))
    with raw(db_url) as conn:
        columns = [d[0] for d in conn.execute("SELECT * FROM marks").description]
    assert "position" not in columns
    with open_store(db_url) as store:
        assert store.schema_version() == records.LATEST_VERSION
        [old] = store.sheets()
        assert old.rating == 3 and old.scored_at == datetime(2026, 1, 2, 8, tzinfo=timezone.utc)
        assert [m.check_id for m in old.marks] == ["zeta", "alpha", "mid"]   # backfilled position
        assert [m.passed for m in old.marks] == [True, False, True]
        new = sheet(round_no=2, marks=marks(("z", "fab", True), ("a", "fab", False)))
        store.save_sheet(new)
        assert store.sheets(trainee="张三")[-1] == new
    with raw(db_url) as conn:              # migration 2: position written by new saves
        positions = conn.execute("SELECT check_id, position FROM marks ORDER BY sheet_id, position").fetchall()
        assert [tuple(p) for p in positions] == [("zeta", 0), ("alpha", 1), ("mid", 2), ("z", 0), ("a", 1)]
        if db_url.startswith("sqlite:"):   # migration 3: the trainee-history index is used
            plan = " ".join(str(r) for r in conn.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM score_sheets WHERE trainee = ? ORDER BY scored_at, round_no",
                ("张三",)).fetchall())
            assert "score_sheets_by_trainee" in plan
        else:
            names = {r[0] for r in conn.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()").fetchall()}
            assert "score_sheets_by_trainee" in names


def test_newer_schema_is_refused_untouched(db_url: str):
    with open_store(db_url) as store:
        store.add_trainee("张三")
    with raw(db_url) as conn:
        conn.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                     (99, "from the future", "2030-01-01T00:00:00.000000+00:00"))
    with raises_code("db_newer", "schema_version", version=99, latest=records.LATEST_VERSION) as err:
        open_store(db_url)
    assert CJK.search(err.value.message)
    assert count(db_url, "trainees") == 1 and count(db_url, "schema_version") == len(records.MIGRATIONS) + 1


# ------------------------------------------------------------------------ bad input
LONG_NAME = "名" * 41
BAD_SHEETS: dict[str, tuple[dict[str, Any], str]] = {
    "unknown trainee": ({"trainee": "赵六"}, "trainee"),
    "unknown observer": ({"observer": "赵六"}, "observer"),
    "round 0": ({"round_no": 0}, "round_no"),
    "round 11": ({"round_no": 11}, "round_no"),
    "round bool": ({"round_no": True}, "round_no"),
    "round float": ({"round_no": 1.0}, "round_no"),
    "round text": ({"round_no": "1"}, "round_no"),
    "rating 0": ({"rating": 0}, "rating"),
    "rating 6": ({"rating": 6}, "rating"),
    "rating float": ({"rating": 4.5}, "rating"),
    "rating bool": ({"rating": True}, "rating"),
    "unknown skill": ({"marks": marks(("x", "magic", True))}, "marks[0].skill"),
    "no marks": ({"marks": ()}, "marks"),
    "duplicate check id": ({"marks": marks(("x", "fab", True), ("x", "fab", False))}, "marks[1].check_id"),
    "passed int": ({"marks": (CheckMark("x", "fab", "x?", 1),)}, "marks[0].passed"),  # type: ignore[arg-type]
    "passed text": ({"marks": (CheckMark("x", "fab", "x?", "yes"),)}, "marks[0].passed"),  # type: ignore[arg-type]
    "not a mark": ({"marks": ("x",)}, "marks[0]"),
    "notes too long": ({"notes": "字" * 2001}, "notes"),
    "notes control char": ({"notes": "响铃\x07"}, "notes"),
    "notes carriage return": ({"notes": "a\r\nb"}, "notes"),
    "notes NUL": ({"notes": "a\x00b"}, "notes"),
    "empty trainee": ({"trainee": ""}, "trainee"),
    "long trainee": ({"trainee": LONG_NAME}, "trainee"),
    "control char in trainee": ({"trainee": "张\x07三"}, "trainee"),
    "observer scores himself": ({"observer": "张三\u200b"}, "observer"),
    "newline in observer": ({"observer": "李\n四"}, "observer"),
    "long observer": ({"observer": LONG_NAME}, "observer"),
    "empty session": ({"session": ""}, "session"),
    "tab in session": ({"session": "第一期\t"}, "session"),
    "empty scenario": ({"scenario_id": ""}, "scenario_id"),
    "naive scored_at": ({"scored_at": datetime(2026, 11, 23, 9, 30)}, "scored_at"),
    "scored_at text": ({"scored_at": "2026-11-23"}, "scored_at"),
}


@pytest.mark.parametrize("case", list(BAD_SHEETS))
def test_bad_sheet_is_rejected_naming_the_field(store: records.Store, case: str):
    changes, field = BAD_SHEETS[case]
    with pytest.raises(PlaybookInputError) as err:
        store.save_sheet(sheet(**changes))
    assert err.value.field == field
    assert CJK.search(err.value.message), err.value.message
    label = str(err.value.values.get("label", err.value.message))   # the field as the reader sees it
    for name in re.findall(r"[a-z_]+", field):    # e.g. marks[0].skill: "marks" and "skill"
        assert name in label, label
    assert store.sheets() == [] and count(store._url, "marks") == 0    # nothing written


def test_limits_themselves_are_allowed(store: records.Store):
    store.add_trainee("名" * 40)
    ok = [sheet(round_no=10, rating=5, notes="字" * 2000),
          sheet(round_no=1, rating=1, trainee="名" * 40, observer=TRAINER, notes="制表\t换行\n"),
          sheet(round_no=2, rating=None)]
    for s in ok:
        store.save_sheet(s)
    assert sorted(store.sheets(), key=lambda s: (s.trainee, s.round_no)) == sorted(ok, key=lambda s: (s.trainee, s.round_no))


def test_range_messages_name_the_range(store: records.Store):
    with raises_code("integer", "round_no", low=1, high=10, received=11):
        store.save_sheet(sheet(round_no=11))
    with raises_code("integer", "rating", low=1, high=5, received=6):
        store.save_sheet(sheet(rating=6))
    with raises_code("text_too_long", "notes", high=2000, length=2001):
        store.save_sheet(sheet(notes="x" * 2001))
    with raises_code("choice", "marks[0].skill", allowed="persuasion、objection、fab、etiquette", received="magic"):
        store.save_sheet(sheet(marks=marks(("x", "magic", True))))


@pytest.mark.parametrize("name, team, field", [
    ("", "", "name"), ("名" * 41, "", "name"), (TRAINER, "", "name"), ("张\x1b三", "", "name"),
    ("\u200b", "", "name"), (None, "", "name"), ("赵六", "组" * 41, "team"), ("赵六", "华\n东", "team"),
])
def test_bad_trainee_is_rejected(store: records.Store, name: Any, team: str, field: str):
    with pytest.raises(PlaybookInputError) as err:
        store.add_trainee(name, team)
    assert err.value.field == field and CJK.search(err.value.message)
    assert len(store.trainees()) == 3


# ------------------------------------------------------------------------ metacharacters
NASTY = {
    "sql": "'); DROP TABLE marks;--",
    "script": "<script>alert(1)</script>",
    "mixed": 'Tom & "Jerry" \'n\' <b>',
    "placeholders": "? %s %(x)s $1 :name \\ \\' ;",
}


def test_metacharacters_are_stored_verbatim_and_shown_escaped(store: records.Store):
    store.add_trainee(NASTY["sql"], team=NASTY["mixed"][:20])
    store.add_trainee(NASTY["script"])
    nasty = sheet(session=NASTY["mixed"], trainee=NASTY["sql"], observer=NASTY["script"],
                  scenario_id=NASTY["placeholders"],
                  marks=(CheckMark(NASTY["sql"], "fab", NASTY["script"], True),
                         CheckMark("q'\"", "etiquette", NASTY["placeholders"], False)),
                  notes="\n".join(NASTY.values()))
    store.save_sheet(nasty)
    assert store.sheets() == [nasty]
    assert store.sheets(trainee=NASTY["sql"]) == [nasty]
    assert store.sheets(session=NASTY["mixed"]) == [nasty]
    assert store.sessions() == [NASTY["mixed"]]
    assert {t.name for t in store.trainees()} >= {NASTY["sql"], NASTY["script"]}
    # the tables are all still there and hold exactly what was saved
    assert count(store._url, "marks") == 2 and count(store._url, "score_sheets") == 1
    assert count(store._url, "trainees") == 5

    page = sheet_html(store.sheets()[0])
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#x27;); DROP TABLE marks;--" in page
    assert "Tom &amp; &quot;Jerry&quot; &#x27;n&#x27; &lt;b&gt;" in page
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    for value in NASTY.values():
        assert value in text


def test_sheet_html_exact_fragments():
    s = sheet(trainee="<i>张三</i>", notes="第一行 & 第二行\n<img src=x onerror=alert(1)>", rating=None,
              marks=(CheckMark("a", "objection", '没有和客户争辩?"', True),
                     CheckMark("b", "fab", "<u>FAB</u>", False)))
    page = sheet_html(s)
    assert "第 1 轮 · &lt;i&gt;张三&lt;/i&gt;</h4>" in page
    assert "<td>✓</td><td>异议处理</td><td>没有和客户争辩?&quot;</td>" in page
    assert "<td>✗</td><td>FAB 介绍</td><td>&lt;u&gt;FAB&lt;/u&gt;</td>" in page
    assert "第一行 &amp; 第二行<br>&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<dt>通过</dt><dd>1 / 2</dd>" in page and "<dt>总体印象</dt><dd>—</dd>" in page
    assert "<img" not in page and "<u>" not in page and "<i>" not in page


# ------------------------------------------------------------------------ crashes and concurrency
def _worker(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _wait_for(path: Path, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"worker exited early ({proc.returncode}): {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"worker never created {path.name}")
        time.sleep(0.01)


def _run_together(kind: str, url: str, tmp_path: Path, names: tuple[str, ...], n: int):
    """Start one worker per name, release them at once when all are ready; (procs, outputs)."""
    procs = [_worker(kind, url, str(tmp_path), w, str(n)) for w in names]
    try:
        for w, proc in zip(names, procs):
            _wait_for(tmp_path / f"ready-{w}", proc)
        (tmp_path / "go").write_text("go")
        outs = [proc.communicate(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    return procs, outs


def _check_after_crash(url: str) -> list[int]:
    """Every sheet in the database is one the worker saved completely; return their numbers."""
    with open_store(url) as store:        # the database opens
        saved = store.sheets()
    numbers = sorted(int(s.scenario_id.removeprefix("card-")) for s in saved)
    assert numbers == list(range(len(numbers)))          # saved in order, none lost in between
    for s in saved:
        i = int(s.scenario_id.removeprefix("card-"))
        assert s == records_worker.sheet_for(i, "kill")  # complete: every mark, every field
    with raw(url) as conn:   # no mark without its sheet, no sheet without marks
        assert conn.execute("SELECT count(*) FROM marks WHERE sheet_id NOT IN (SELECT id FROM score_sheets)"
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM score_sheets WHERE id NOT IN (SELECT sheet_id FROM marks)"
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM marks").fetchone()[0] == sum(
            len(records_worker.marks_for(i)) for i in numbers)
        if url.startswith("sqlite:"):
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return numbers


def _prepare(url: str) -> None:
    with open_store(url) as store:
        for name in records_worker.TRAINEES:
            store.add_trainee(name)


def test_kill_in_the_middle_of_a_save_loses_nothing(db_url: str, tmp_path: Path):
    _prepare(db_url)
    committed = 7
    proc = _worker("loop", db_url, str(tmp_path), str(committed))
    try:
        _wait_for(tmp_path / "paused", proc)       # inside save #7: sheet row + some marks written
        with raw(db_url) as conn:                  # not visible to anyone else meanwhile
            assert conn.execute("SELECT count(*) FROM score_sheets").fetchone()[0] == committed
    finally:
        proc.kill()                                # SIGKILL: no cleanup, no rollback by the client
        proc.wait(timeout=30)
    assert proc.returncode == -9
    assert _check_after_crash(db_url) == list(range(committed))
    # and the store goes on working: the interrupted sheet can now be saved
    with open_store(db_url) as store:
        store.save_sheet(records_worker.sheet_for(committed, "kill"))
    assert _check_after_crash(db_url) == list(range(committed + 1))


def test_kill_at_random_moments_never_leaves_half_a_sheet(db_url: str, tmp_path: Path):
    _prepare(db_url)
    rng = random.Random(20261123)
    for attempt in range(3):
        folder = tmp_path / f"run{attempt}"
        folder.mkdir()
        with raw(db_url) as conn:                  # each run starts from a clean slate of sheets
            conn.execute("DELETE FROM marks")
            conn.execute("DELETE FROM score_sheets")
        proc = _worker("loop", db_url, str(folder))
        try:
            _wait_for(folder / "started", proc)
            time.sleep(rng.uniform(0.05, 0.4))
        finally:
            proc.kill()
            proc.wait(timeout=30)
        assert proc.returncode == -9, proc.stderr.read()
        numbers = _check_after_crash(db_url)
        assert numbers, "the worker saved nothing before it was killed"


def test_two_writers_at_once_both_land(db_url: str, tmp_path: Path):
    # Both processes start on an empty database: they also race to migrate it and add trainees.
    n = 50
    procs, outs = _run_together("writer", db_url, tmp_path, ("a", "b"), n)
    spans = []
    for proc, (out, err) in zip(procs, outs):
        assert proc.returncode == 0, err
        saved_count, started, ended = out.split()
        assert saved_count == str(n)
        spans.append((float(started), float(ended)))
    assert max(s for s, _ in spans) < min(e for _, e in spans), "the writers did not overlap"
    with open_store(db_url) as store:
        saved = store.sheets()
        assert store.schema_version() == records.LATEST_VERSION
        assert [t.name for t in store.trainees()] == list(records_worker.TRAINEES)
    assert len(saved) == 2 * n
    for w in "ab":
        mine = sorted((s for s in saved if s.session.startswith(f"writer-{w}-")),
                      key=lambda s: int(s.scenario_id.removeprefix("card-")))
        assert mine == [records_worker.sheet_for(i, f"writer-{w}") for i in range(n)]
    assert count(db_url, "marks") == 2 * sum(len(records_worker.marks_for(i)) for i in range(n))


def test_writers_replacing_one_sheet_at_once_leave_one_whole_sheet(db_url: str, tmp_path: Path):
    _prepare(db_url)
    n = 40
    procs, outs = _run_together("replace", db_url, tmp_path, ("0", "1"), n)
    for proc, (_, err) in zip(procs, outs):
        assert proc.returncode == 0, err
    with open_store(db_url) as store:
        [last] = store.sheets()
    i = int(last.scenario_id.removeprefix("card-"))
    assert last.marks == records_worker.marks_for(i)     # one writer's sheet, whole, never a mix
    assert count(db_url, "marks") == len(last.marks)


# ------------------------------------------------------------------------ where the database is
def test_default_location_is_created_on_first_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(records.ENV_URL, raising=False)
    monkeypatch.delenv(records.ENV_DATA_DIR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    with open_store() as store:
        assert store.dialect == "sqlite"
    assert (tmp_path / "xdg" / "playbook" / "records.sqlite3").is_file()

    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert records.resolve_url() == "sqlite://" + quote(str(tmp_path / "home/.local/share/playbook/records.sqlite3"))

    monkeypatch.setenv(records.ENV_DATA_DIR, str(tmp_path / "env data"))
    with open_store():
        pass
    assert (tmp_path / "env data" / "records.sqlite3").is_file()

    nested = tmp_path / "arg" / "深" / "层"
    with open_store(data_dir=nested) as store:     # the argument beats the environment
        store.add_trainee("张三")
    assert (nested / "records.sqlite3").is_file()

    monkeypatch.setenv(records.ENV_URL, "sqlite://" + quote(str(tmp_path / "url.sqlite3")))
    with open_store(data_dir=nested) as store:     # a URL beats any data folder
        assert store.trainees() == []
    assert (tmp_path / "url.sqlite3").is_file()
    explicit = tmp_path / "explicit" / "x.sqlite3"
    with open_store("sqlite://" + str(explicit)):
        pass
    assert explicit.is_file()


@pytest.mark.parametrize("url", [
    "mysql://root:hunter2@localhost/db", "http://example.invalid/x", "records.sqlite3", "",
])
def test_unknown_scheme_names_the_allowed_ones(url: str):
    with raises_code("url_scheme", "url") as err:
        open_store(url)
    assert "sqlite:///" in err.value.values["help"] and "postgresql://" in err.value.values["help"]
    assert "hunter2" not in err.value.message and CJK.search(err.value.message)


@pytest.mark.parametrize("url", ["sqlite://relative.sqlite3", "sqlite:///tmp/", "sqlite://host/x.sqlite3"])
def test_bad_sqlite_urls(url: str):
    with pytest.raises(PlaybookInputError) as err:
        open_store(url)
    assert err.value.field == "url" and CJK.search(err.value.message)


def test_passwords_are_never_shown():
    assert records.redact("postgresql://u:s3cret@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert "s3cret" not in records.redact("postgresql://h/db?user=u&password=s3cret")
    pytest.importorskip("psycopg")
    with pytest.raises(PlaybookInputError) as err:     # nothing listens on port 1
        open_store("postgresql://u:s3cret@127.0.0.1:1/db?connect_timeout=3")
    assert err.value.field == "url" and "s3cret" not in err.value.message
    assert "***" in err.value.message and CJK.search(err.value.message)


def test_password_not_in_repr_of_an_open_postgres_store():
    pg = _pg_or_skip()
    # the test server trusts 127.0.0.1, so any password is accepted (and must stay hidden)
    url = re.sub(r"^postgresql://([^@:/]+)@", r"postgresql://\1:s3cret-pw@", PG_URL)
    assert "s3cret-pw" in url
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with pg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        with open_store(_with_search_path(url, schema)) as store:
            assert "s3cret-pw" not in repr(store) and "s3cret-pw" not in store.url
            assert "***" in repr(store) and store.dialect == "postgresql"
    finally:
        with pg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_sqlite_needs_only_the_standard_library(tmp_path: Path):
    """records imports no third-party module for SQLite; without psycopg, PostgreSQL is refused in Chinese."""
    code = f"""
import sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('psycopg', 'psycopg_binary', 'pydantic', 'yaml', 'numpy', 'pandas'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, _Block())
from datetime import datetime, timezone
from playbook.trainer import records
from playbook.errors import PlaybookInputError
from playbook.trainer.roleplay import CheckMark, ScoreSheet
with records.open_store(data_dir={str(tmp_path)!r}) as s:
    s.add_trainee('张三')
    s.save_sheet(ScoreSheet('第一期', 1, '张三', '培训师', 'card', (CheckMark('a', 'fab', 'a?', True),)))
    assert len(s.sheets()) == 1
try:
    records.open_store('postgresql://u:pw@127.0.0.1:1/db')
except PlaybookInputError as e:
    assert (e.field, e.code) == ('url', 'postgres_missing') and 'playbook[team]' in e.message, e.message
else:
    raise AssertionError('no error')
third = sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'yaml', 'numpy', 'pandas', 'pydantic'))
assert not third, third
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PLAYBOOK_DB_URL": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_closed_store_says_so(tmp_path: Path):
    store = open_store(data_dir=tmp_path)
    store.close()
    store.close()
    with pytest.raises(PlaybookInputError) as err:
        store.trainees()
    assert CJK.search(err.value.message)
