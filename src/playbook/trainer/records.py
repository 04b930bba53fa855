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
  writers (processes) at once all land; PostgreSQL uses ordinary transactions;
* input is validated before anything is written (:class:`~playbook.errors.PlaybookInputError`
  naming the field and the allowed range), and all text goes through parameterised queries, so
  HTML/SQL metacharacters are stored verbatim; :func:`sheet_html` shows a sheet escaped.

Standard library only for SQLite (it also runs in the reader's browser); psycopg is imported
only when a PostgreSQL URL is opened. A :class:`Store` is safe to share between threads (calls
are serialised) but not between processes: each process opens its own.
"""
from __future__ import annotations

import html
import os
import random
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from playbook.errors import PlaybookInputError, require_int, shown
from playbook.trainer.roleplay import RATING_RANGE, SKILLS, CheckMark, ScoreSheet

__all__ = [
    "MIGRATIONS", "Migration", "ROUND_RANGE", "Store", "TRAINER", "Trainee",
    "default_data_dir", "migrate", "open_store", "resolve_url", "sheet_html",
]

#: The observer name that is always allowed without being on the trainee list: the trainer.
TRAINER = "培训师"
#: Allowed round numbers of a session.
ROUND_RANGE = (1, 10)
NAME_MAX = 40          # trainee / observer names and team names, characters
ID_MAX = 80            # session ids, scenario ids, check ids, characters
LABEL_MAX = 200        # a check's label, characters
NOTES_MAX = 2000       # the observer's notes, characters
MARKS_MAX = 200        # checks on one sheet
DB_FILE = "records.sqlite3"
ENV_URL = "PLAYBOOK_DB_URL"
ENV_DATA_DIR = "PLAYBOOK_DATA_DIR"
SCHEMES = ("sqlite", "postgresql")
#: Test hook (kill test only): when set to a file path, ``save_sheet`` stops in the middle of
#: its transaction (sheet row and some marks written, not committed), creates that file and
#: sleeps, so a test can SIGKILL the process at a known point. Never set it otherwise.
TEST_PAUSE_ENV = "PLAYBOOK_RECORDS_TEST_PAUSE_IN_SAVE"

_UTC = timezone.utc
_RETRIES = 60          # attempts of one transaction on lock contention / serialisation failure
_PG_LOCK_KEY = 0x706C6179  # advisory lock serialising migrations on PostgreSQL ("play")
_T = TypeVar("_T")


# ---------------------------------------------------------------------------- migrations
@dataclass(frozen=True)
class Migration:
    """One step of the schema: applied once, in its own transaction, in version order."""

    version: int
    description: str
    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]

    def statements(self, dialect: str) -> tuple[str, ...]:
        return self.sqlite if dialect == "sqlite" else self.postgresql


#: Ordered schema migrations. Append new ones (never edit an applied one): a database at version
#: N gets every migration above N when it is opened.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1, "trainees, score sheets and their check marks",
        sqlite=(
            """CREATE TABLE trainees (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE,
                team TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL)""",
            """CREATE TABLE score_sheets (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session TEXT NOT NULL,
                round_no INTEGER NOT NULL CHECK (round_no BETWEEN 1 AND 10),
                trainee TEXT NOT NULL REFERENCES trainees (name),
                observer TEXT NOT NULL,
                scenario_id TEXT NOT NULL,
                notes TEXT NOT NULL DEFAULT '',
                rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
                scored_at TEXT NOT NULL,
                UNIQUE (session, round_no, trainee))""",
            """CREATE TABLE marks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                sheet_id INTEGER NOT NULL REFERENCES score_sheets (id) ON DELETE CASCADE,
                check_id TEXT NOT NULL,
                skill TEXT NOT NULL,
                label TEXT NOT NULL,
                passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
                UNIQUE (sheet_id, check_id))""",
        ),
        postgresql=(
            """CREATE TABLE trainees (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                team TEXT NOT NULL DEFAULT '',
                created_at TIMESTAMPTZ NOT NULL)""",
            """CREATE TABLE score_sheets (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                session TEXT NOT NULL,
                round_no INTEGER NOT NULL CHECK (round_no BETWEEN 1 AND 10),
                trainee TEXT NOT NULL REFERENCES trainees (name),
                observer TEXT NOT NULL,
                scenario_id TEXT NOT NULL,
                notes TEXT NOT NULL DEFAULT '',
                rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
                scored_at TIMESTAMPTZ NOT NULL,
                UNIQUE (session, round_no, trainee))""",
            """CREATE TABLE marks (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                sheet_id BIGINT NOT NULL REFERENCES score_sheets (id) ON DELETE CASCADE,
                check_id TEXT NOT NULL,
                skill TEXT NOT NULL,
                label TEXT NOT NULL,
                passed BOOLEAN NOT NULL,
                UNIQUE (sheet_id, check_id))""",
        ),
    ),
    Migration(
        2, "marks.position: keep the observer's order of the checks",
        # Existing marks get their insertion order (by id) within their sheet.
        sqlite=(
            "ALTER TABLE marks ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
            """UPDATE marks SET position = (SELECT count(*) FROM marks AS m
                   WHERE m.sheet_id = marks.sheet_id AND m.id < marks.id)""",
        ),
        postgresql=(
            "ALTER TABLE marks ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
            """UPDATE marks SET position = (SELECT count(*) FROM marks AS m
                   WHERE m.sheet_id = marks.sheet_id AND m.id < marks.id)""",
        ),
    ),
    Migration(
        3, "index for one trainee's history in time order",
        sqlite=("CREATE INDEX score_sheets_by_trainee ON score_sheets (trainee, scored_at, round_no)",),
        postgresql=("CREATE INDEX score_sheets_by_trainee ON score_sheets (trainee, scored_at, round_no)",),
    ),
    Migration(
        4, "practice_reviews: self-study answers imported from the readers' progress files",
        # One row per answer; the answer's own id (from the reader's browser) makes re-imports
        # of the same file, or of a later export holding it again, add nothing.
        sqlite=(
            """CREATE TABLE practice_reviews (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                trainee TEXT NOT NULL REFERENCES trainees (name),
                review_id TEXT NOT NULL,
                item TEXT NOT NULL,
                family TEXT NOT NULL,
                rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
                correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
                reviewed_at TEXT NOT NULL,
                seconds REAL,
                migrated INTEGER NOT NULL DEFAULT 0 CHECK (migrated IN (0, 1)),
                imported_at TEXT NOT NULL,
                UNIQUE (trainee, review_id))""",
        ),
        postgresql=(
            """CREATE TABLE practice_reviews (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                trainee TEXT NOT NULL REFERENCES trainees (name),
                review_id TEXT NOT NULL,
                item TEXT NOT NULL,
                family TEXT NOT NULL,
                rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
                correct BOOLEAN NOT NULL,
                reviewed_at TIMESTAMPTZ NOT NULL,
                seconds DOUBLE PRECISION,
                migrated BOOLEAN NOT NULL DEFAULT FALSE,
                imported_at TIMESTAMPTZ NOT NULL,
                UNIQUE (trainee, review_id))""",
        ),
    ),
)
LATEST_VERSION = MIGRATIONS[-1].version


# ---------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Trainee:
    """A trainee on the list (the people who can be scored and can observe)."""

    name: str
    team: str
    #: When the trainee was added (timezone-aware, UTC).
    created_at: datetime


# ---------------------------------------------------------------------------- URLs
def default_data_dir() -> Path:
    """``PLAYBOOK_DATA_DIR``, else ``$XDG_DATA_HOME/playbook``, else ``~/.local/share/playbook``."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "playbook"
    return Path.home() / ".local" / "share" / "playbook"


def resolve_url(url: str | None = None, *, data_dir: str | os.PathLike[str] | None = None) -> str:
    """The database URL :func:`open_store` would use for these arguments (see the module doc)."""
    if url is None:
        url = os.environ.get(ENV_URL) or None
    if url is not None:
        return url
    folder = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
    return "sqlite://" + quote(str(folder.absolute() / DB_FILE))


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and ``repr``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(无法解析的地址)"
    netloc = parts.netloc
    if "@" not in netloc and "password" not in parts.query.lower():
        return url  # nothing to hide; urlunsplit would also mangle sqlite:////abs/path
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k.lower() == "password" for k, _ in pairs):
            query = urlencode([(k, "***" if k.lower() == "password" else v) for k, v in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _password(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        pw = parts.password
        for k, v in parse_qsl(parts.query):
            if k.lower() == "password":
                pw = v
        return unquote(pw) if pw else None
    except ValueError:
        return None


def _scrub(text: str, url: str) -> str:
    pw = _password(url)
    return text.replace(pw, "***") if pw else text


_SCHEME_HELP = ("只支持 sqlite:///绝对路径.sqlite3 和 postgresql://用户:密码@主机:端口/库名"
                "(也可写作 postgres://)")


def _sqlite_path(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise PlaybookInputError("url", f"SQLite 地址须写作 sqlite:///绝对路径(三个斜杠),收到主机名 “{parts.netloc}”")
    path = unquote(parts.path)
    if path == "/:memory:":
        return ":memory:"
    if not path.startswith("/"):
        raise PlaybookInputError("url", "SQLite 地址须写作 sqlite:///绝对路径,例如 sqlite:///home/me/records.sqlite3")
    if path.endswith("/"):
        raise PlaybookInputError("url", f"SQLite 地址须指向一个文件,收到文件夹 “{path}”")
    return path


# ---------------------------------------------------------------------------- backends
class _Backend:
    """What differs between SQLite and PostgreSQL: connection, transactions, errors, times."""

    dialect = ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def begin(self, write: bool) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def retryable(self, exc: BaseException) -> bool:
        return False

    def unique_violation(self, exc: BaseException) -> bool:
        return False

    def insert_id(self, sql: str, params: Sequence[Any]) -> int:
        raise NotImplementedError

    def lock_schema(self) -> None:
        """Serialise migrations between processes (inside the transaction)."""

    def to_db_time(self, value: datetime) -> Any:
        return value

    def from_db_time(self, value: Any) -> datetime:
        return value.astimezone(_UTC)

    def to_db_bool(self, value: bool) -> Any:
        return value


class _SQLite(_Backend):
    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are begun and ended explicitly below.
        self.conn = sqlite3.connect(path, timeout=15.0, isolation_level=None, check_same_thread=False)
        try:
            self.conn.execute("PRAGMA busy_timeout = 15000")
            self._with_retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL").fetchone())
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            self.conn.close()
            raise

    def _with_retry(self, fn: Callable[[], _T]) -> _T:
        for attempt in range(_RETRIES):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not self.retryable(exc) or attempt == _RETRIES - 1:
                    raise
                _backoff(attempt)
        raise AssertionError("unreachable")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, tuple(params))

    def begin(self, write: bool) -> None:
        # IMMEDIATE takes the write lock up front, so two writers never deadlock on upgrade.
        self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def retryable(self, exc: BaseException) -> bool:
        if not isinstance(exc, sqlite3.OperationalError):
            return False
        text = str(exc).lower()
        return "locked" in text or "busy" in text

    def unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)

    def insert_id(self, sql: str, params: Sequence[Any]) -> int:
        cur = self.conn.execute(sql, tuple(params))
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def to_db_time(self, value: datetime) -> str:
        # Fixed-width UTC ISO text, so that text order is time order.
        return value.astimezone(_UTC).isoformat(timespec="microseconds")

    def from_db_time(self, value: Any) -> datetime:
        return datetime.fromisoformat(value).astimezone(_UTC)

    def to_db_bool(self, value: bool) -> int:
        return int(value)


class _Postgres(_Backend):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise PlaybookInputError(
                "url", "使用 PostgreSQL 需要安装 psycopg 3:pip install 'playbook[team]'"
                       "(或 pip install 'psycopg[binary]')") from None
        self.psycopg = psycopg
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        try:
            self.conn = psycopg.connect(url, autocommit=False, connect_timeout=15,
                                        application_name="playbook.trainer.records")
        except psycopg.Error as exc:
            reason = _scrub(str(exc).strip(), url)
            raise PlaybookInputError("url", f"无法连接 PostgreSQL 数据库 {redact(url)}:{reason}") from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql.replace("?", "%s"), tuple(params))

    def begin(self, write: bool) -> None:
        # psycopg opens the transaction with the first statement; a read sees one snapshot.
        if not write:
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        if not self.conn.closed:
            self.conn.rollback()

    def close(self) -> None:
        self.conn.close()

    def retryable(self, exc: BaseException) -> bool:
        errors = self.psycopg.errors
        return isinstance(exc, (errors.SerializationFailure, errors.DeadlockDetected))

    def unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, self.psycopg.errors.UniqueViolation)

    def insert_id(self, sql: str, params: Sequence[Any]) -> int:
        row = self.execute(sql + " RETURNING id", params).fetchone()
        return int(row[0])

    def lock_schema(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?)", (_PG_LOCK_KEY,))


def _backoff(attempt: int) -> None:
    time.sleep(min(0.02 * 2 ** attempt, 0.5) * (0.5 + random.random()))


class _Retry(Exception):
    """Raised inside a transaction to run it again (e.g. a concurrent replace won the race)."""


# ---------------------------------------------------------------------------- validation
_LABELS = {
    "session": "场次",
    "round_no": "轮次",
    "trainee": "学员",
    "observer": "观察员",
    "scenario_id": "场景卡",
    "notes": "备注",
    "rating": "总体印象评分",
    "scored_at": "评分时间",
    "marks": "检查项",
    "name": "姓名",
    "team": "小组",
}


def _label(field: str) -> str:
    base = field.split("[", 1)[0].split(".", 1)[0]
    return f"{_LABELS.get(base, base)}({field})"


def _text(value: object, field: str, lo: int, hi: int, *, multiline: bool = False,
          label: str | None = None, trimmed: bool = False) -> str:
    """``value`` if it is a str of lo–hi characters without control characters."""
    name = label or _label(field)
    if not isinstance(value, str):
        raise PlaybookInputError(field, f"{name}须为文字,收到 {shown(value)}")
    if not lo <= len(value) <= hi:
        need = f"最多 {hi} 个字符" if lo == 0 else f"须为 {lo}–{hi} 个字符"
        raise PlaybookInputError(field, f"{name}{need},收到 {len(value)} 个字符")
    for ch in value:
        cat = unicodedata.category(ch)
        if cat == "Cs" or (cat == "Cc" and not (multiline and ch in "\n\t")):
            allowed = "(只允许换行和制表符)" if multiline else ""
            raise PlaybookInputError(field, f"{name}不能包含控制字符{allowed},收到 {ch!r}")
    if trimmed and value != value.strip():
        raise PlaybookInputError(field, f"{name}首尾不能有空白,收到 “{value}”")
    return value


def _check_sheet(sheet: object) -> ScoreSheet:
    """Everything about a sheet that can be checked without the database."""
    if not isinstance(sheet, ScoreSheet):
        raise PlaybookInputError("sheet", f"须为一张评分表(roleplay.ScoreSheet),收到 {shown(sheet)}")
    _text(sheet.session, "session", 1, ID_MAX, trimmed=True)
    require_int(sheet.round_no, "round_no", _label("round_no"), *ROUND_RANGE)
    _text(sheet.trainee, "trainee", 1, NAME_MAX, trimmed=True)
    _text(sheet.observer, "observer", 1, NAME_MAX, trimmed=True)
    _text(sheet.scenario_id, "scenario_id", 1, ID_MAX, trimmed=True)
    _text(sheet.notes, "notes", 0, NOTES_MAX, multiline=True)
    require_int(sheet.rating, "rating", _label("rating"), *RATING_RANGE, optional=True)
    if sheet.scored_at is not None:
        if not isinstance(sheet.scored_at, datetime):
            raise PlaybookInputError("scored_at", f"{_label('scored_at')}须为带时区的日期时间,收到 {shown(sheet.scored_at)}")
        if sheet.scored_at.tzinfo is None or sheet.scored_at.utcoffset() is None:
            raise PlaybookInputError("scored_at", f"{_label('scored_at')}须带时区(例如 datetime.now(timezone.utc)),"
                                                  f"收到不带时区的 {sheet.scored_at.isoformat()}")
    marks = sheet.marks
    if not isinstance(marks, (tuple, list)) or not marks:
        raise PlaybookInputError("marks", f"{_label('marks')}不能为空:一张评分表至少要有 1 个检查项")
    if len(marks) > MARKS_MAX:
        raise PlaybookInputError("marks", f"{_label('marks')}最多 {MARKS_MAX} 个,收到 {len(marks)} 个")
    seen: set[str] = set()
    skills = "、".join(SKILLS)
    for i, mark in enumerate(marks):
        where = f"marks[{i}]"
        nth = f"第 {i + 1} 个检查项({where})"
        if not isinstance(mark, CheckMark):
            raise PlaybookInputError(where, f"{nth}须为 roleplay.CheckMark,收到 {shown(mark)}")
        _text(mark.check_id, f"{where}.check_id", 1, ID_MAX, label=f"{nth}的编号(check_id)", trimmed=True)
        if mark.check_id in seen:
            raise PlaybookInputError(f"{where}.check_id", f"{nth}的编号(check_id)“{mark.check_id}” 重复:同一张评分表里每个检查项只能出现一次")
        seen.add(mark.check_id)
        if not isinstance(mark.skill, str) or mark.skill not in SKILLS:
            raise PlaybookInputError(f"{where}.skill", f"{nth}的技能类别(skill)须为 {skills} 之一,收到 {shown(mark.skill)}")
        _text(mark.label, f"{where}.label", 1, LABEL_MAX, label=f"{nth}的内容(label)")
        if not isinstance(mark.passed, bool):
            raise PlaybookInputError(f"{where}.passed", f"{nth}的结果(passed)须为 True 或 False,收到 {shown(mark.passed)}")
    return sheet


def _check_trainee_name(name: object, field: str = "name") -> str:
    _text(name, field, 1, NAME_MAX, trimmed=True)
    assert isinstance(name, str)
    return name


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
                raise PlaybookInputError("store", "记录库已关闭:请重新 open_store()")
            db = self._backend
            for attempt in range(_RETRIES):
                try:
                    db.begin(write)
                    try:
                        result = fn(db)
                        db.commit()
                    except BaseException:
                        try:
                            db.rollback()
                        except Exception:
                            pass
                        raise
                    return result
                except (_Retry, Exception) as exc:
                    if attempt < _RETRIES - 1 and (isinstance(exc, _Retry) or db.retryable(exc)):
                        _backoff(attempt)
                        continue
                    raise
            raise AssertionError("unreachable")

    # -- schema
    def _current_version(self, db: _Backend) -> int:
        db.lock_schema()
        time_type = "TEXT" if db.dialect == "sqlite" else "TIMESTAMPTZ"
        db.execute(f"""CREATE TABLE IF NOT EXISTS schema_version (
                           version INTEGER PRIMARY KEY,
                           description TEXT NOT NULL,
                           applied_at {time_type} NOT NULL)""")
        row = db.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self, target: int | None = None) -> int:
        target = LATEST_VERSION if target is None else target
        if not isinstance(target, int) or not 0 <= target <= LATEST_VERSION:
            raise PlaybookInputError("target", f"目标结构版本须为 0–{LATEST_VERSION} 之间的整数,收到 {shown(target)}")
        version = self._transaction(self._current_version)
        if version > LATEST_VERSION:
            raise PlaybookInputError(
                "schema_version",
                f"数据库 {self.url} 的结构版本是 {version},比本程序支持的最新版本 {LATEST_VERSION} 新:"
                f"请先升级 playbook 再打开它(数据库未作任何改动)")
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
        _check_trainee_name(name)
        if name == TRAINER:
            raise PlaybookInputError("name", f"“{TRAINER}” 是保留给培训师的观察员名称,不能作为学员姓名")
        _text(team, "team", 0, NAME_MAX, trimmed=True)
        now = datetime.now(_UTC)
        self._transaction(lambda db: db.execute(
            "INSERT INTO trainees (name, team, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            (name, team, db.to_db_time(now))))

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
        _check_sheet(sheet)
        scored_at = sheet.scored_at if sheet.scored_at is not None else datetime.now(_UTC)
        key = (sheet.session, sheet.round_no, sheet.trainee)

        def save(db: _Backend) -> int:
            known = {row[0] for row in db.execute(
                "SELECT name FROM trainees WHERE name IN (?, ?)", (sheet.trainee, sheet.observer)).fetchall()}
            if sheet.trainee not in known:
                raise PlaybookInputError("trainee", f"{_label('trainee')} “{sheet.trainee}” 不在学员名单中:请先添加该学员(add_trainee)")
            if sheet.observer != TRAINER and sheet.observer not in known:
                raise PlaybookInputError("observer", f"{_label('observer')} “{sheet.observer}” 不在学员名单中:"
                                                     f"观察员须是名单上的学员或 “{TRAINER}”")
            old = db.execute("SELECT id FROM score_sheets WHERE session = ? AND round_no = ? AND trainee = ?",
                             key).fetchone()
            if old is not None:
                if not replace:
                    raise _duplicate(sheet)
                db.execute("DELETE FROM marks WHERE sheet_id = ?", (old[0],))
                db.execute("DELETE FROM score_sheets WHERE id = ?", (old[0],))
            try:
                sheet_id = db.insert_id(
                    "INSERT INTO score_sheets (session, round_no, trainee, observer, scenario_id, notes, rating, scored_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (sheet.session, sheet.round_no, sheet.trainee, sheet.observer, sheet.scenario_id,
                     sheet.notes, sheet.rating, db.to_db_time(scored_at)))
            except Exception as exc:
                if db.unique_violation(exc):  # a concurrent writer saved the same key first
                    raise (_Retry() if replace else _duplicate(sheet)) from exc
                raise
            rows = [(sheet_id, m.check_id, m.skill, m.label, db.to_db_bool(m.passed), i)
                    for i, m in enumerate(sheet.marks)]
            insert = "INSERT INTO marks (sheet_id, check_id, skill, label, passed, position) VALUES (?, ?, ?, ?, ?, ?)"
            half = max(1, len(rows) // 2)
            for row in rows[:half]:
                db.execute(insert, row)
            _test_pause_in_save()
            for row in rows[half:]:
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
            params.append(session)
        cond = (" WHERE " + " AND ".join(where)) if where else ""

        def read(db: _Backend) -> list[ScoreSheet]:
            heads = db.execute(
                "SELECT id, session, round_no, trainee, observer, scenario_id, notes, rating, scored_at"
                f" FROM score_sheets{cond} ORDER BY scored_at, round_no, id", params).fetchall()
            marks: dict[int, list[CheckMark]] = {}
            for sheet_id, check_id, skill, label, passed in db.execute(
                    "SELECT sheet_id, check_id, skill, label, passed FROM marks"
                    f" WHERE sheet_id IN (SELECT id FROM score_sheets{cond}) ORDER BY sheet_id, position, id",
                    params).fetchall():
                marks.setdefault(sheet_id, []).append(CheckMark(check_id, skill, label, bool(passed)))
            return [ScoreSheet(session=s, round_no=r, trainee=t, observer=o, scenario_id=sc,
                               marks=tuple(marks.get(i, ())), notes=n, rating=rt,
                               scored_at=db.from_db_time(at))
                    for i, s, r, t, o, sc, n, rt, at in heads]

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

        progress, named = practice.from_json(text, where=where)
        name = trainee if trainee is not None else named
        if not name:
            raise PlaybookInputError("trainee", f"进度文件{where}里没有学员姓名:请在“我的练习”导出时填写姓名,"
                                                "或用 --trainee 指定")
        _check_trainee_name(name, "trainee")
        if name == TRAINER:
            raise PlaybookInputError("trainee", f"“{TRAINER}” 是保留给培训师的观察员名称,不能作为学员姓名")
        _text(team, "team", 0, NAME_MAX, trimmed=True)
        now = datetime.now(_UTC)

        def load(db: _Backend) -> int:
            db.execute("INSERT INTO trainees (name, team, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                       (name, team, db.to_db_time(now)))
            added = 0
            for r in progress.reviews:
                cur = db.execute(
                    "INSERT INTO practice_reviews (trainee, review_id, item, family, rating, correct, reviewed_at,"
                    " seconds, migrated, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (trainee, review_id) DO NOTHING",
                    (name, r.id, r.item, r.family, r.rating, db.to_db_bool(r.correct), db.to_db_time(r.at),
                     r.seconds, db.to_db_bool(r.migrated), db.to_db_time(now)))
                added += max(cur.rowcount, 0)
            return added

        return name, self._transaction(load)

    def practice_progress(self, trainee: str | None = None) -> dict[str, Any]:
        """Imported self-study progress: trainee → :class:`playbook.engines.practice.Progress`."""
        from playbook.engines import practice

        cond, params = ("WHERE trainee = ?", (trainee,)) if trainee is not None else ("", ())

        def read(db: _Backend) -> dict[str, Any]:
            rows = db.execute(
                "SELECT trainee, review_id, item, family, rating, correct, reviewed_at, seconds, migrated"
                f" FROM practice_reviews {cond} ORDER BY trainee, reviewed_at, review_id", params).fetchall()
            out: dict[str, list[Any]] = {}
            for t, rid, item, family, rating, correct, at, seconds, migrated in rows:
                out.setdefault(t, []).append(practice.Review(
                    rid, item, family, int(rating), db.from_db_time(at), bool(correct),
                    None if seconds is None else float(seconds), bool(migrated)))
            return {t: practice.Progress(tuple(rs)) for t, rs in out.items()}

        return self._transaction(read, write=False)


def _duplicate(sheet: ScoreSheet) -> PlaybookInputError:
    return PlaybookInputError(
        "round_no", f"场次 “{sheet.session}” 第 {sheet.round_no} 轮学员 “{sheet.trainee}” 的评分表已保存过;"
                    "如要用这张替换它,请用 save_sheet(..., replace=True)")


def _test_pause_in_save() -> None:
    """Kill-test hook: only when :data:`TEST_PAUSE_ENV` is set; see there."""
    ready = os.environ.get(TEST_PAUSE_ENV)
    if ready:
        Path(ready).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(120)


# ---------------------------------------------------------------------------- opening
def _connect(url: str | None, data_dir: str | os.PathLike[str] | None) -> Store:
    url = resolve_url(url, data_dir=data_dir)
    if not isinstance(url, str):
        raise PlaybookInputError("url", f"数据库地址须为文字,收到 {shown(url)}")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        backend: _Backend = _SQLite(_sqlite_path(url))
    elif scheme in ("postgresql", "postgres"):
        backend = _Postgres(url)
    else:
        got = f"协议 “{scheme}”" if scheme else "没有协议部分的地址"
        raise PlaybookInputError("url", f"数据库地址(url)不受支持:收到{got};{_SCHEME_HELP}")
    return Store(backend, url)


def open_store(url: str | None = None, *, data_dir: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating on first use) the records database and bring its schema up to date.

    ``url``: ``sqlite:///absolute/path.sqlite3`` or ``postgresql://user:pw@host:port/db``;
    default ``PLAYBOOK_DB_URL``, else ``records.sqlite3`` in ``data_dir`` (default: see
    :func:`default_data_dir`). Raises :class:`PlaybookInputError` for an unsupported URL, a
    missing psycopg, an unreachable server, or a database newer than this code.
    """
    store = _connect(url, data_dir)
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


# ---------------------------------------------------------------------------- view
def sheet_html(sheet: ScoreSheet) -> str:
    """A score sheet as an HTML fragment; every text from the sheet is escaped."""
    e = lambda value: html.escape(str(value), quote=True)  # noqa: E731
    rating = "—" if sheet.rating is None else f"{sheet.rating} / {RATING_RANGE[1]}"
    when = "—" if sheet.scored_at is None else sheet.scored_at.strftime("%Y-%m-%d %H:%M %Z").strip()
    rows = "".join(
        f'<tr class="{"pass" if m.passed else "fail"}"><td>{"✓" if m.passed else "✗"}</td>'
        f"<td>{e(SKILLS.get(m.skill, m.skill))}</td><td>{e(m.label)}</td></tr>"
        for m in sheet.marks)
    notes = e(sheet.notes).replace("\n", "<br>") if sheet.notes else "—"
    return (
        '<div class="playbook-scoresheet">'
        f"<h4>{e(sheet.session)} · 第 {e(sheet.round_no)} 轮 · {e(sheet.trainee)}</h4>"
        "<dl>"
        f"<dt>观察员</dt><dd>{e(sheet.observer)}</dd>"
        f"<dt>场景卡</dt><dd>{e(sheet.scenario_id)}</dd>"
        f"<dt>通过</dt><dd>{sheet.passed} / {len(sheet.marks)}</dd>"
        f"<dt>总体印象</dt><dd>{e(rating)}</dd>"
        f"<dt>评分时间</dt><dd>{e(when)}</dd>"
        "</dl>"
        f"<table><thead><tr><th>结果</th><th>技能</th><th>检查项</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>备注:{notes}</p>"
        "</div>"
    )
