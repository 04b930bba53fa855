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
  HTML/SQL metacharacters are stored verbatim; :func:`sheet_html` shows a sheet escaped.

Standard library only for SQLite (it also runs in the reader's browser); psycopg is imported
only when a PostgreSQL URL is opened. A :class:`Store` is safe to share between threads (calls
are serialised) but not between processes: each process opens its own.
"""
from __future__ import annotations

import dataclasses
import errno
import html
import os
import random
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from playbook.errors import PlaybookInputError, require_int, shown
from playbook.normalize import clean_line, normalize_name, require_name, require_text
from playbook.trainer.roleplay import (NAME_MAX, NOTES_MAX, RATING_RANGE, SESSION_MAX, SKILLS, CheckMark,  # noqa: F401 - NOTES_MAX re-exported
                                       ScoreSheet, check_name, check_notes, check_scored_at, check_session)

__all__ = [
    "MIGRATIONS", "Migration", "ROUND_RANGE", "Store", "TRAINER", "Trainee",
    "default_data_dir", "migrate", "open_store", "resolve_url", "sheet_html",
]

#: The observer name that is always allowed without being on the trainee list: the trainer.
TRAINER = "培训师"
#: Allowed round numbers of a session.
ROUND_RANGE = (1, 10)
# NAME_MAX (names, teams), SESSION_MAX and NOTES_MAX come from playbook.trainer.roleplay: one
# definition for planning, scoring and storing.
ID_MAX = SESSION_MAX   # session ids, scenario ids, check ids, characters
LABEL_MAX = 200        # a check's label, characters
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
#: How long a save waits for a database another process holds locked before it gives up (seconds):
#: the sheet is then not saved and the caller keeps it to try again.
LOCK_WAIT_S = 4.0
_BUSY_TIMEOUT_MS = 2000  # one SQLite attempt's wait for the lock
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
        4, "score_sheets.utc_offset_s: the UTC offset the round was scored in, to show it in local time",
        # Older sheets keep NULL: they are shown in UTC, as before.
        sqlite=("ALTER TABLE score_sheets ADD COLUMN utc_offset_s INTEGER",),
        postgresql=("ALTER TABLE score_sheets ADD COLUMN utc_offset_s INTEGER",),
    ),
    Migration(
        5, "practice_reviews: self-study answers imported from the readers' progress files",
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
    Migration(
        6, "practice_reviews.choice: the id of the option chosen in a multiple-choice answer",
        # Older rows keep NULL (the files they came from did not say which option was chosen).
        sqlite=("ALTER TABLE practice_reviews ADD COLUMN choice TEXT",),
        postgresql=("ALTER TABLE practice_reviews ADD COLUMN choice TEXT",),
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
        folder = Path(env).expanduser()
        if not folder.is_absolute():
            # A relative folder would name a different database in every working directory.
            raise PlaybookInputError(
                "data_dir", f"环境变量 {ENV_DATA_DIR} 须为绝对路径(如 /home/me/playbook),"
                            f"收到相对路径 “{env[:60]}”:从不同文件夹启动会用到不同的记录库")
        return folder
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

    def is_failure(self, exc: BaseException) -> bool:
        """Whether ``exc`` is a database or file-system failure (reported as a Chinese message)."""
        return isinstance(exc, OSError)

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

    def tables(self) -> set[str]:
        raise NotImplementedError


class _SQLite(_Backend):
    dialect = "sqlite"

    def __init__(self, path: str, *, create: bool = True) -> None:
        self.path = path
        try:
            if path != ":memory:":
                if not create and not Path(path).is_file():
                    raise PlaybookInputError(
                        "url", f"记录库文件 {path} 不存在:请检查地址(读取时不会新建空的记录库)")
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                if Path(path).is_dir():
                    raise PlaybookInputError("url", f"记录库的位置 {path} 是一个文件夹,不是数据库文件")
            # Autocommit mode: transactions are begun and ended explicitly below.
            self.conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                        check_same_thread=False)
        except PlaybookInputError:
            raise
        except (OSError, sqlite3.Error) as exc:
            raise _store_error(exc, path) from None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            self._with_retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL").fetchone())
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except BaseException as exc:
            self.conn.close()
            if isinstance(exc, (OSError, sqlite3.Error)):
                raise _store_error(exc, path) from None
            raise

    def _with_retry(self, fn: Callable[[], _T]) -> _T:
        deadline = time.monotonic() + LOCK_WAIT_S
        for attempt in range(_RETRIES):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not self.retryable(exc) or attempt == _RETRIES - 1 or time.monotonic() > deadline:
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

    def is_failure(self, exc: BaseException) -> bool:
        return isinstance(exc, (sqlite3.Error, OSError))

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

    def tables(self) -> set[str]:
        return {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}

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
        try:  # a row or schema lock held by another session: give up as SQLite does
            self.conn.execute(f"SET lock_timeout = '{int(LOCK_WAIT_S * 1000)}ms'")
            self.conn.commit()
        except psycopg.Error as exc:
            self.conn.close()
            raise _store_error(exc, redact(url)) from None

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

    def is_failure(self, exc: BaseException) -> bool:
        return isinstance(exc, (self.psycopg.Error, OSError))

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

    def tables(self) -> set[str]:
        return {row[0] for row in self.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}


def _store_error(exc: BaseException, where: str) -> PlaybookInputError:
    """A database or file-system failure as the Chinese message a trainer can act on."""
    text = str(exc).lower()
    no_save = "这次没有保存,之前保存的记录完好"
    if isinstance(exc, sqlite3.Error):
        if "not a database" in text or "malformed" in text or "encrypted" in text:
            msg = f"文件 {where} 不是记录库(不是 SQLite 数据库,或已损坏):未作任何改动,请检查地址"
        elif "full" in text:
            msg = f"磁盘已满:{no_save};请腾出空间后再保存一次"
        elif "readonly" in text or "read-only" in text:
            msg = f"记录库 {where} 只能读、不能写(文件或文件夹没有写权限):{no_save}"
        elif "unable to open" in text or "cannot open" in text:
            msg = f"无法打开记录库 {where}:文件夹不存在或不可写,或该位置不是文件"
        elif "locked" in text or "busy" in text:
            msg = f"记录库正被其他程序占用(已等待约 {LOCK_WAIT_S:g} 秒):{no_save};请稍后再保存一次"
        elif "i/o" in text:
            msg = f"读写记录库 {where} 时磁盘出错:{no_save};请检查磁盘后重试"
        else:
            msg = f"记录库 {where} 出错({type(exc).__name__}:{str(exc)[:60]}):{no_save}"
    elif isinstance(exc, OSError):
        code = exc.errno
        if code == errno.ENOSPC:
            msg = f"磁盘已满:{no_save};请腾出空间后再保存一次"
        elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
            msg = f"没有权限写入记录库的位置 {where}:请换一个可写的数据文件夹"
        elif isinstance(exc, (FileExistsError, NotADirectoryError)) or code in (errno.EEXIST, errno.ENOTDIR):
            msg = f"记录库的文件夹位置被一个同名文件占着({where}):请删去或改名该文件,或换一个数据文件夹"
        else:
            msg = f"无法访问记录库 {where}:{exc.strerror or type(exc).__name__}"
    elif type(exc).__name__ in ("LockNotAvailable", "QueryCanceled"):
        msg = f"记录库正被其他程序占用(已等待约 {LOCK_WAIT_S:g} 秒):{no_save};请稍后再保存一次"
    else:
        msg = f"记录库 {where} 出错({type(exc).__name__}:{_scrub(str(exc), where)[:80]}):{no_save}"
    return PlaybookInputError("store", msg)


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
    require_text(value, field, name, lo, hi, multiline=multiline)
    assert isinstance(value, str)  # require_text has checked it
    if trimmed and value != value.strip():
        raise PlaybookInputError(field, f"{name}首尾不能有空白,收到 “{value}”")
    return value


def _check_sheet(sheet: object) -> ScoreSheet:
    """Everything about a sheet that can be checked without the database."""
    if not isinstance(sheet, ScoreSheet):
        raise PlaybookInputError("sheet", f"须为一张评分表(roleplay.ScoreSheet),收到 {shown(sheet)}")
    session = check_session(sheet.session, "session", _label("session"))
    round_no = require_int(sheet.round_no, "round_no", _label("round_no"), *ROUND_RANGE)
    trainee = check_name(sheet.trainee, "trainee", _label("trainee"))
    observer = check_name(sheet.observer, "observer", _label("observer"))
    if observer == trainee:
        raise PlaybookInputError("observer", f"{_label('observer')}不能是被评分的学员本人(“{trainee}”)")
    _text(sheet.scenario_id, "scenario_id", 1, ID_MAX, trimmed=True)
    check_notes(sheet.notes, "notes", _label("notes"))
    rating = require_int(sheet.rating, "rating", _label("rating"), *RATING_RANGE, optional=True)
    if sheet.scored_at is not None:
        check_scored_at(sheet.scored_at, "scored_at", _label("scored_at"))
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
    if (session, trainee, observer, round_no, rating) != (sheet.session, sheet.trainee, sheet.observer,
                                                          sheet.round_no, sheet.rating) or \
            type(sheet.round_no) is not int or (rating is not None and type(sheet.rating) is not int):
        sheet = dataclasses.replace(sheet, session=session, trainee=trainee, observer=observer,
                                    round_no=round_no, rating=rating)
    return sheet


def _check_trainee_name(name: object, field: str = "name") -> str:
    """The normalised name (see :func:`playbook.trainer.roleplay.check_name`)."""
    return check_name(name, field, _label(field))


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
            deadline = time.monotonic() + LOCK_WAIT_S
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
            raise PlaybookInputError(
                "url", f"数据库 {self.url} 里已有别的表({shown_tables[:60]}),不是本程序的记录库:"
                       "未作任何改动;请换一个数据库文件或地址")
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
            raise PlaybookInputError(
                "url", f"数据库 {self.url} 的 schema_version 表不是本程序的格式,不是本程序的记录库:"
                       "未作任何改动") from None

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
        name = _check_trainee_name(name)
        if name == TRAINER:
            raise PlaybookInputError("name", f"“{TRAINER}” 是保留给培训师的观察员名称,不能作为学员姓名")
        if team != "":
            team = require_name(team, "team", _label("team"), NAME_MAX)
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
        sheet = _check_sheet(sheet)
        scored_at = sheet.scored_at if sheet.scored_at is not None else datetime.now().astimezone()
        offset = scored_at.utcoffset()
        offset_s = None if offset is None else round(offset.total_seconds())
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
            params.append(normalize_name(trainee) if isinstance(trainee, str) else trainee)
        if session is not None:
            where.append("session = ?")
            params.append(clean_line(session) if isinstance(session, str) else session)
        cond = (" WHERE " + " AND ".join(where)) if where else ""

        def read(db: _Backend) -> list[ScoreSheet]:
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
                    " seconds, migrated, imported_at, choice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (trainee, review_id) DO NOTHING",
                    (name, r.id, r.item, r.family, r.rating, db.to_db_bool(r.correct), db.to_db_time(r.at),
                     r.seconds, db.to_db_bool(r.migrated), db.to_db_time(now), r.choice))
                added += max(cur.rowcount, 0)
            return added

        return name, self._transaction(load)

    def practice_progress(self, trainee: str | None = None) -> dict[str, Any]:
        """Imported self-study progress: trainee → :class:`playbook.engines.practice.Progress`."""
        from playbook.engines import practice

        cond, params = ("WHERE trainee = ?", (trainee,)) if trainee is not None else ("", ())

        def read(db: _Backend) -> dict[str, Any]:
            rows = db.execute(
                "SELECT trainee, review_id, item, family, rating, correct, reviewed_at, seconds, migrated, choice"
                f" FROM practice_reviews {cond} ORDER BY trainee, reviewed_at, review_id", params).fetchall()
            out: dict[str, list[Any]] = {}
            for t, rid, item, family, rating, correct, at, seconds, migrated, choice in rows:
                out.setdefault(t, []).append(practice.Review(
                    rid, item, family, int(rating), db.from_db_time(at), bool(correct),
                    None if seconds is None else float(seconds), bool(migrated), choice or None))
            return {t: practice.Progress(tuple(rs)) for t, rs in out.items()}

        return self._transaction(read, write=False)


def _local(at: datetime, offset_s: Any) -> datetime:
    """``at`` in the UTC offset the round was scored in (UTC for sheets saved without one)."""
    if offset_s is None:
        return at
    try:
        return at.astimezone(timezone(timedelta(seconds=int(offset_s))))
    except (ValueError, OverflowError, TypeError):
        return at


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
def _connect(url: str | None, data_dir: str | os.PathLike[str] | None, *, create: bool = True) -> Store:
    url = resolve_url(url, data_dir=data_dir)
    if not isinstance(url, str):
        raise PlaybookInputError("url", f"数据库地址须为文字,收到 {shown(url)}")
    if any(unicodedata.category(ch) in ("Cs", "Cc") for ch in url):
        raise PlaybookInputError("url", "数据库地址含有控制字符或无法识别的字符(终端编码不是 UTF-8?)")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        backend: _Backend = _SQLite(_sqlite_path(url), create=create)
    elif scheme in ("postgresql", "postgres"):
        backend = _Postgres(url)
    else:
        got = f"协议 “{scheme}”" if scheme else "没有协议部分的地址"
        raise PlaybookInputError("url", f"数据库地址(url)不受支持:收到{got};{_SCHEME_HELP}")
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
