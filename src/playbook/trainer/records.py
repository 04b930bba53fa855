"""Score records store: role-play score sheets that are never lost.

SQLite by default (a file ``records.sqlite3`` in the data folder, created on first use); a
database URL lets a team on a shared JupyterHub point every trainer at one PostgreSQL instead::

    from playbook.trainer.records import open_store
    with open_store() as store:                      # ~/.local/share/playbook/records.sqlite3
        store.add_trainee("张三", team="华东")
        store.save_sheet(sheet)                      # a roleplay.ScoreSheet
        store.sheets(trainee="张三")

Where the database is (first that is set):

1. ``open_store(url)``: ``sqlite:///absolute/path.sqlite3`` or
   ``postgresql://user:password@host:port/dbname`` (psycopg 3, ``pip install 'playbook[team]'``);
2. the environment variable ``PLAYBOOK_DB_URL``;
3. ``<data folder>/records.sqlite3``, the data folder being ``open_store(data_dir=…)``, else
   ``PLAYBOOK_DATA_DIR``, else ``$XDG_DATA_HOME/playbook``, else ``~/.local/share/playbook``.

Guarantees:

* every write (a sheet with all its marks, a trainee) is one transaction: a process killed in
  the middle of a save leaves the database as it was before that save, never half a sheet;
* the schema is versioned (:data:`MIGRATIONS`, table ``schema_version``); opening a database
  applies the missing migrations, each in its own transaction, and refuses a database whose
  schema is newer than this code;
* SQLite runs in WAL mode with a busy timeout and retries "database is locked", so several
  writers (processes) at once all land; a database another program keeps locked makes a save give
  up after about :data:`LOCK_WAIT_S` seconds with a Chinese message (the caller keeps the sheet
  and saves it again later); PostgreSQL uses ordinary transactions;
* every database or file-system failure (a file that is not SQLite, another program's tables, a
  read-only file or folder, a full disk, a file where the data folder should be, a lost server)
  is a :class:`~playbook.errors.PlaybookInputError` with a Chinese message (field ``store`` or
  ``url``), never a raw sqlite/OS error, and leaves what was saved before untouched;
* names are normalised (:func:`playbook.normalize.normalize_name`: NFKC, zero-width characters
  removed, spaces trimmed), so "张三" and "张三\\u200b" are one trainee; the text limits are those
  of :mod:`playbook.trainer.roleplay` (one definition for planning, scoring and storing); an
  observer may not score himself; a round keeps the UTC offset it was scored in (shown in that
  local time);
* ``PLAYBOOK_DATA_DIR`` must be absolute (a relative one would name a different database in
  every working directory); ``open_store(create=False)`` (the read-only CLI commands) never
  creates a database;
* input is validated before anything is written (:class:`~playbook.errors.PlaybookInputError`
  naming the field and the allowed range), and all text goes through parameterised queries, so
  HTML/SQL metacharacters are stored verbatim; :func:`playbook.views.sheets.sheet_html` shows a sheet escaped.

Standard library only for SQLite (it also runs in the reader's browser); psycopg is imported
only when a PostgreSQL URL is opened. A :class:`Store` is safe to share between threads (calls
are serialised) but not between processes: each process opens its own.
"""
from __future__ import annotations

import dataclasses
import os
import sqlite3  # noqa: F401 - kept for callers that patch records.sqlite3
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from playbook.errors import PlaybookInputError
from playbook.normalize import clean_line, name_key, normalize_name, require_name, same_name
from playbook.trainer.recordstore import backends as _backends
from playbook.trainer.recordstore.backends import (_BUSY_TIMEOUT_MS, _RETRIES, LOCK_WAIT_S, _Backend, _backoff,
                                                   _Postgres, _Retry, _SQLite, _store_error)
from playbook.trainer.recordstore.migrations import LATEST_VERSION, MIGRATIONS, Migration
from playbook.trainer.recordstore.urls import (_SCHEME_HELP, DB_FILE, ENV_DATA_DIR, ENV_URL, SCHEMES,
                                               _sqlite_path, default_data_dir, redact, resolve_url)
from playbook.trainer.recordstore.validation import (ID_MAX, LABEL_MAX, MARKS_MAX, ROUND_RANGE, TRAINER,
                                                     _check_sheet, _check_trainee_name, _label)
from playbook.trainer.roleplay.score_sheet import NAME_MAX, NOTES_MAX, SESSION_MAX, CheckMark, ScoreSheet

__all__ = [
    "MIGRATIONS", "Migration", "ROUND_RANGE", "Store", "TRAINER", "Trainee",
    "default_data_dir", "migrate", "open_store", "resolve_url",
]
# Re-exported for callers of the old single module (one definition each, in recordstore/*).
_REEXPORTED = (_BUSY_TIMEOUT_MS, DB_FILE, ENV_DATA_DIR, ENV_URL, SCHEMES, ID_MAX, LABEL_MAX, MARKS_MAX,
               NAME_MAX, NOTES_MAX, SESSION_MAX, _Postgres, _SQLite, _backoff, _store_error, LOCK_WAIT_S)

_UTC = timezone.utc
_T = TypeVar("_T")


# ---------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Trainee:
    """A trainee on the list (the people who can be scored and can observe)."""

    name: str
    team: str
    #: When the trainee was added (timezone-aware, UTC).
    created_at: datetime


# ---------------------------------------------------------------------------- the store
class Store:
    """An open records database. Use :func:`open_store`; close it (or use ``with``)."""

    def __init__(self, backend: _Backend, url: str) -> None:
        self._backend = backend
        self._url = url
        self._lock = threading.RLock()
        self._closed = False

    # -- plumbing
    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return redact(self._url)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._backend.dialect

    def __repr__(self) -> str:
        state = "已关闭" if self._closed else "打开"
        return f"<playbook.trainer.records.Store {self.url} ({state})>"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._backend.close()

    def _transaction(self, fn: Callable[[_Backend], _T], *, write: bool = True) -> _T:
        """Run ``fn`` in one transaction: all of it is committed, or none of it.

        Retried from the start on lock contention (SQLite "database is locked") and on
        PostgreSQL serialisation failures / deadlocks.
        """
        with self._lock:
            if self._closed:
                raise PlaybookInputError("store", code="store_closed")
            db = self._backend
            deadline = time.monotonic() + _backends.LOCK_WAIT_S
            for attempt in range(_RETRIES):
                try:
                    db.begin(write)
                    try:
                        result = fn(db)
                        db.commit()
                    except BaseException:
                        try:
                            db.rollback()
                        except Exception:  # noqa: BLE001 - a failed rollback must not hide the error raised below
                            pass
                        raise
                    return result
                except PlaybookInputError:
                    raise
                except (_Retry, Exception) as exc:
                    if attempt < _RETRIES - 1 and (isinstance(exc, _Retry) or (
                            db.retryable(exc) and time.monotonic() < deadline)):
                        _backoff(attempt)
                        continue
                    if db.is_failure(exc):
                        raise _store_error(exc, self.url) from None
                    raise
            raise AssertionError("unreachable")

    # -- schema
    def _current_version(self, db: _Backend) -> int:
        db.lock_schema()
        tables = db.tables()
        if "schema_version" not in tables and tables:
            shown_tables = "、".join(sorted(tables)[:4])
            raise PlaybookInputError("url", code="db_foreign", url=self.url, shown_tables=shown_tables[:60])
        time_type = "TEXT" if db.dialect == "sqlite" else "TIMESTAMPTZ"
        db.execute(f"""CREATE TABLE IF NOT EXISTS schema_version (
                           version INTEGER PRIMARY KEY,
                           description TEXT NOT NULL,
                           applied_at {time_type} NOT NULL)""")
        try:
            row = db.execute("SELECT max(version) FROM schema_version").fetchone()
            return int(row[0] or 0)
        except Exception as exc:  # a schema_version table of another program
            if not db.is_failure(exc) and not isinstance(exc, (TypeError, ValueError)):
                raise
            raise PlaybookInputError("url", code="db_foreign_version", url=self.url) from None

    def _migrate(self, target: int | None = None) -> int:
        target = LATEST_VERSION if target is None else target
        if not isinstance(target, int) or not 0 <= target <= LATEST_VERSION:
            raise PlaybookInputError("target", code="integer", label="目标结构版本", low=0, high=LATEST_VERSION,
                                     received=target)
        version = self._transaction(self._current_version)
        if version > LATEST_VERSION:
            raise PlaybookInputError("schema_version", code="db_newer", url=self.url, version=version,
                                     latest=LATEST_VERSION)
        for step in MIGRATIONS:
            if step.version <= version or step.version > target:
                continue

            def apply(db: _Backend, step: Migration = step) -> int:
                now = self._current_version(db)  # another process may have got here first
                if now >= step.version:
                    return now
                for statement in step.statements(db.dialect):
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                           (step.version, step.description, db.to_db_time(datetime.now(_UTC))))
                return step.version

            version = self._transaction(apply)
        return version

    def schema_version(self) -> int:
        """The database's schema version (the highest applied migration)."""
        return self._transaction(
            lambda db: int(db.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0),
            write=False)

    # -- trainees
    def add_trainee(self, name: str, team: str = "") -> None:
        """Put ``name`` on the trainee list; adding a name that is already there changes nothing."""
        name = _check_trainee_name(name)
        if same_name(name, TRAINER):
            raise PlaybookInputError("name", code="reserved_name", name=TRAINER)
        if team != "":
            team = require_name(team, "team", _label("team"), NAME_MAX)
        now = datetime.now(_UTC)
        self._transaction(lambda db: db.execute(   # a look-alike of a listed name is that trainee
            "INSERT INTO trainees (name, team, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            (_stored_name(db, name), team, db.to_db_time(now))))

    def trainees(self) -> list[Trainee]:
        """Everyone on the trainee list, in the order they were added."""
        def read(db: _Backend) -> list[Trainee]:
            rows = db.execute("SELECT name, team, created_at FROM trainees ORDER BY id").fetchall()
            return [Trainee(name, team, db.from_db_time(at)) for name, team, at in rows]
        return self._transaction(read, write=False)

    # -- sheets
    def save_sheet(self, sheet: ScoreSheet, *, replace: bool = False) -> int:
        """Save a score sheet with all its marks in one transaction; return its id.

        A sheet for the same (session, round_no, trainee) already saved is an error unless
        ``replace=True``, which swaps the old sheet for this one atomically. The trainee must
        be on the trainee list; the observer too, unless it is :data:`TRAINER`. ``scored_at``
        None means now (UTC). Raises :class:`PlaybookInputError` for bad input, before
        anything is written.
        """
        sheet = _check_sheet(sheet)
        scored_at = sheet.scored_at if sheet.scored_at is not None else datetime.now().astimezone()
        offset = scored_at.utcoffset()
        offset_s = None if offset is None else round(offset.total_seconds())

        def save(db: _Backend) -> int:
            nonlocal sheet   # the trainee and observer as listed (a look-alike spelling is that person)
            listed = _listed(db)
            trainee = listed.get(name_key(sheet.trainee))
            observer = None if sheet.observer == TRAINER else listed.get(name_key(sheet.observer))
            sheet = dataclasses.replace(sheet, trainee=trainee or sheet.trainee, observer=observer or sheet.observer)
            key = (sheet.session, sheet.round_no, sheet.trainee)
            if trainee is None:
                raise PlaybookInputError("trainee", code="trainee_not_listed", label=_label('trainee'),
                                         trainee=sheet.trainee)
            if sheet.observer != TRAINER and observer is None:
                raise PlaybookInputError("observer", code="observer_unknown", label=_label('observer'),
                                         observer=sheet.observer, trainer=TRAINER)
            old = db.execute("SELECT id FROM score_sheets WHERE session = ? AND round_no = ? AND trainee = ?",
                             key).fetchone()
            if old is not None:
                if not replace:
                    raise _duplicate(sheet)
                db.execute("DELETE FROM marks WHERE sheet_id = ?", (old[0],))
                db.execute("DELETE FROM score_sheets WHERE id = ?", (old[0],))
            try:
                sheet_id = db.insert_id(
                    "INSERT INTO score_sheets (session, round_no, trainee, observer, scenario_id, notes, rating,"
                    " scored_at, utc_offset_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (sheet.session, sheet.round_no, sheet.trainee, sheet.observer, sheet.scenario_id,
                     sheet.notes, sheet.rating, db.to_db_time(scored_at), offset_s))
            except Exception as exc:
                if db.unique_violation(exc):  # a concurrent writer saved the same key first
                    raise (_Retry() if replace else _duplicate(sheet)) from exc
                raise
            rows = [(sheet_id, m.check_id, m.skill, m.label, db.to_db_bool(m.passed), i)
                    for i, m in enumerate(sheet.marks)]
            insert = "INSERT INTO marks (sheet_id, check_id, skill, label, passed, position) VALUES (?, ?, ?, ?, ?, ?)"
            for row in rows:
                db.execute(insert, row)
            return sheet_id

        return self._transaction(save)

    def sheets(self, *, trainee: str | None = None, session: str | None = None) -> list[ScoreSheet]:
        """Saved sheets (optionally of one trainee and/or one session), by scored_at then round."""
        where, params = [], []
        if trainee is not None:
            where.append("trainee = ?")
            params.append(trainee)
        if session is not None:
            where.append("session = ?")
            params.append(clean_line(session) if isinstance(session, str) else session)
        cond = (" WHERE " + " AND ".join(where)) if where else ""

        def read(db: _Backend) -> list[ScoreSheet]:
            if isinstance(trainee, str):   # a look-alike spelling finds the listed trainee's sheets
                params[0] = _stored_name(db, normalize_name(trainee))
            heads = db.execute(
                "SELECT id, session, round_no, trainee, observer, scenario_id, notes, rating, scored_at,"
                f" utc_offset_s FROM score_sheets{cond} ORDER BY scored_at, round_no, id", params).fetchall()
            marks: dict[int, list[CheckMark]] = {}
            for sheet_id, check_id, skill, label, passed in db.execute(
                    "SELECT sheet_id, check_id, skill, label, passed FROM marks"
                    f" WHERE sheet_id IN (SELECT id FROM score_sheets{cond}) ORDER BY sheet_id, position, id",
                    params).fetchall():
                marks.setdefault(sheet_id, []).append(CheckMark(check_id, skill, label, bool(passed)))
            return [ScoreSheet(session=s, round_no=r, trainee=t, observer=o, scenario_id=sc,
                               marks=tuple(marks.get(i, ())), notes=n, rating=rt,
                               scored_at=_local(db.from_db_time(at), off))
                    for i, s, r, t, o, sc, n, rt, at, off in heads]

        return self._transaction(read, write=False)

    def sessions(self) -> list[str]:
        """Session ids that have sheets, by their first score's time."""
        return self._transaction(lambda db: [row[0] for row in db.execute(
            "SELECT session FROM score_sheets GROUP BY session ORDER BY min(scored_at), session").fetchall()],
            write=False)

    # -- self-study progress (exported from 我的练习)
    def import_practice(self, text: str, *, trainee: str | None = None, team: str = "",
                        where: str = "") -> tuple[str, int]:
        """Load one exported progress file's text; returns (trainee, answers added).

        The trainee is the file's name unless ``trainee`` is given; they are put on the
        trainee list if missing. One transaction per file; answers already in the store
        (same trainee and answer id) are skipped, so importing a file again changes nothing."""
        from playbook.engines import practice

        progress, named = practice.from_json(text, trainee=trainee, where=where)
        if trainee is not None and named and not same_name(named, str(trainee)):
            raise PlaybookInputError("trainee", code="trainee_mismatch", where=where, named=named[:40],
                                     given=str(trainee)[:40])
        name = trainee if trainee is not None else named
        if not name:
            raise PlaybookInputError("trainee", code="progress_no_trainee", where=where)
        # The name as stored is the normalised one ("张三\u200b", "张三 " and full-width letters are
        # the trainee already on the list), exactly as add_trainee and save_sheet store it.
        name = _check_trainee_name(name, "trainee")
        if same_name(name, TRAINER):
            raise PlaybookInputError("trainee", code="reserved_name", name=TRAINER)
        team = require_name(team, "team", _label("team"), NAME_MAX) if team != "" else ""
        now = datetime.now(_UTC)

        def load(db: _Backend) -> tuple[str, int]:
            stored = _stored_name(db, name)   # 張三 imported after 张三: the answers are 张三's
            db.execute("INSERT INTO trainees (name, team, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                       (stored, team, db.to_db_time(now)))
            added = 0
            for r in progress.reviews:
                cur = db.execute(
                    "INSERT INTO practice_reviews (trainee, review_id, item, family, rating, correct, reviewed_at,"
                    " seconds, migrated, imported_at, choice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (trainee, review_id) DO NOTHING",
                    (stored, r.id, r.item, r.family, r.rating, db.to_db_bool(r.correct), db.to_db_time(r.at),
                     r.seconds, db.to_db_bool(r.migrated), db.to_db_time(now), r.choice))
                added += max(cur.rowcount, 0)
                for position, option in enumerate(r.choices):  # a dialogue's path (migration 7)
                    db.execute("INSERT INTO practice_choices (trainee, review_id, position, option_id)"
                               " VALUES (?, ?, ?, ?) ON CONFLICT (trainee, review_id, position) DO NOTHING",
                               (stored, r.id, position, option))
            return stored, added

        return self._transaction(load)

    def practice_progress(self, trainee: str | None = None) -> dict[str, Any]:
        """Imported self-study progress: trainee → :class:`playbook.engines.practice.Progress`."""
        from playbook.engines import practice

        def read(db: _Backend) -> dict[str, Any]:
            who = _stored_name(db, normalize_name(trainee)) if isinstance(trainee, str) else trainee
            cond, params = ("WHERE trainee = ?", (who,)) if trainee is not None else ("", ())
            rows = db.execute(
                "SELECT trainee, review_id, item, family, rating, correct, reviewed_at, seconds, migrated, choice"
                f" FROM practice_reviews {cond} ORDER BY trainee, reviewed_at, review_id", params).fetchall()
            paths: dict[tuple[str, str], list[str]] = {}
            for t, rid, option in db.execute(
                    f"SELECT trainee, review_id, option_id FROM practice_choices {cond}"
                    " ORDER BY trainee, review_id, position", params).fetchall():
                paths.setdefault((t, rid), []).append(option)
            out: dict[str, list[Any]] = {}
            for t, rid, item, family, rating, correct, at, seconds, migrated, choice in rows:
                out.setdefault(t, []).append(practice.Review(
                    rid, item, family, int(rating), db.from_db_time(at), bool(correct),
                    None if seconds is None else float(seconds), bool(migrated), choice or None,
                    choices=tuple(paths.get((t, rid), ()))))
            return {t: practice.Progress(tuple(rs)) for t, rs in out.items()}

        return self._transaction(read, write=False)


def _listed(db: _Backend) -> dict[str, str]:
    """The trainee list, one read: each :func:`playbook.normalize.name_key` with the spelling
    first stored under it (a look-alike name — traditional vs simplified, full-width, zero-width,
    case — is that trainee)."""
    listed: dict[str, str] = {}
    for (name,) in db.execute("SELECT name FROM trainees ORDER BY id").fetchall():
        listed.setdefault(name_key(name), str(name))
    return listed


def _stored_name(db: _Backend, name: str) -> str:
    """The trainee-list spelling of ``name`` (:func:`_listed`); a new name is kept as given."""
    return _listed(db).get(name_key(name), name)


def _local(at: datetime, offset_s: Any) -> datetime:
    """``at`` in the UTC offset the round was scored in (UTC for sheets saved without one)."""
    if offset_s is None:
        return at
    try:
        return at.astimezone(timezone(timedelta(seconds=int(offset_s))))
    except (ValueError, OverflowError, TypeError):
        return at


def _duplicate(sheet: ScoreSheet) -> PlaybookInputError:
    return PlaybookInputError("round_no", code="sheet_saved", session=sheet.session, round_no=sheet.round_no,
                              trainee=sheet.trainee)


# ---------------------------------------------------------------------------- opening
def _connect(url: str | None, data_dir: str | os.PathLike[str] | None, *, create: bool = True) -> Store:
    url = resolve_url(url, data_dir=data_dir)
    if not isinstance(url, str):
        raise PlaybookInputError("url", code="wrong_type", label="数据库地址", expected="文字", received=url)
    if any(unicodedata.category(ch) in ("Cs", "Cc") for ch in url):
        raise PlaybookInputError("url", code="url_control")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        backend: _Backend = _SQLite(_sqlite_path(url), create=create)
    elif scheme in ("postgresql", "postgres"):
        backend = _Postgres(url)
    else:
        got = f"协议 “{scheme}”" if scheme else "没有协议部分的地址"
        raise PlaybookInputError("url", code="url_scheme", got=got, help=_SCHEME_HELP)
    return Store(backend, url)


def open_store(url: str | None = None, *, data_dir: str | os.PathLike[str] | None = None,
               create: bool = True) -> Store:
    """Open (creating on first use) the records database and bring its schema up to date.

    ``create=False`` (for commands that only read): a SQLite file that does not exist is an
    error instead of a new empty database (so a mistyped ``--db`` is noticed).

    ``url``: ``sqlite:///absolute/path.sqlite3`` or ``postgresql://user:pw@host:port/db``;
    default ``PLAYBOOK_DB_URL``, else ``records.sqlite3`` in ``data_dir`` (default: see
    :func:`default_data_dir`). Raises :class:`PlaybookInputError` for an unsupported URL, a
    missing psycopg, an unreachable server, or a database newer than this code.
    """
    store = _connect(url, data_dir, create=create)
    try:
        store._migrate()
    except BaseException:
        store.close()
        raise
    return store


def migrate(url: str | None = None, *, data_dir: str | os.PathLike[str] | None = None,
            target: int | None = None) -> int:
    """Apply the pending migrations up to ``target`` (default: the latest); return the version.

    :func:`open_store` does this itself; this is for upgrading ahead of time (or, with an older
    ``target``, for testing upgrades). It never downgrades.
    """
    store = _connect(url, data_dir)
    try:
        return store._migrate(target)
    finally:
        store.close()


# ---------------------------------------------------------------------------- legacy names
#: Names that moved out of this module: name → (module, attribute). Reading one still works,
#: with a DeprecationWarning naming the new place.
_MOVED = {"sheet_html": ("playbook.views.sheets", "sheet_html")}


def __getattr__(name: str) -> Any:
    """Forward a moved name (``records.sheet_html`` → :func:`playbook.views.sheets.sheet_html`)."""
    if name in _MOVED:
        import importlib

        module, attr = _MOVED[name]
        warnings.warn(f"playbook.trainer.records.{name} moved to {module}.{attr}", DeprecationWarning,
                      stacklevel=2)
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
