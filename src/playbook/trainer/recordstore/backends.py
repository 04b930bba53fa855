"""SQLite and PostgreSQL behind one small interface (connection, transactions, errors, times),
and every database or file-system failure turned into the Chinese message a trainer can act on."""
from __future__ import annotations

import errno
import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from playbook.errors import PlaybookInputError
from playbook.trainer.recordstore.urls import _scrub, redact

_UTC = timezone.utc
_RETRIES = 60          # attempts of one transaction on lock contention / serialisation failure
#: How long a save waits for a database another process holds locked before it gives up (seconds):
#: the sheet is then not saved and the caller keeps it to try again.
LOCK_WAIT_S = 4.0
_BUSY_TIMEOUT_MS = 2000  # one SQLite attempt's wait for the lock
_PG_LOCK_KEY = 0x706C6179  # advisory lock serialising migrations on PostgreSQL ("play")
_T = TypeVar("_T")


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
                    raise PlaybookInputError("url", code="db_file_missing", path=path)
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                if Path(path).is_dir():
                    raise PlaybookInputError("url", code="db_is_folder", path=path)
            # Autocommit mode: transactions are begun and ended explicitly below.
            self.conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                        check_same_thread=False)
        except PlaybookInputError:
            raise
        except (OSError, sqlite3.Error) as exc:
            if not create and path != ":memory:" and Path(path).is_file() and self._open_read_only(path):
                return
            raise _store_error(exc, path) from None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            self._with_retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL").fetchone())
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except BaseException as exc:
            self.conn.close()
            if isinstance(exc, (OSError, sqlite3.Error)):
                if not create and path != ":memory:" and self._open_read_only(path):
                    return
                raise _store_error(exc, path) from None
            raise

    def _open_read_only(self, path: str) -> bool:
        """For the commands that only read (``create=False``): a database on a read-only mount
        (where SQLite cannot create its ``-wal``/``-shm`` files) opened as an immutable read-only
        file, so ``dashboard`` runs from a read-only copy (N37). False if that fails too."""
        try:
            uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            return False
        self.conn = conn
        return True

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
        try:
            at = datetime.fromisoformat(value)
            if at.tzinfo is None:   # written by another program: read as UTC
                at = at.replace(tzinfo=_UTC)
            return at.astimezone(_UTC)
        except (TypeError, ValueError, OverflowError):   # 11-30 #9: a row with created_at='yesterday'
            raise PlaybookInputError("store", code="store_time", received=value) from None

    def to_db_bool(self, value: bool) -> int:
        return int(value)


class _Postgres(_Backend):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise PlaybookInputError("url", code="postgres_missing") from None
        self.psycopg = psycopg
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        try:
            self.conn = psycopg.connect(url, autocommit=False, connect_timeout=15,
                                        application_name="playbook.trainer.records")
        except psycopg.Error as exc:
            reason = _scrub(str(exc).strip(), url)
            raise PlaybookInputError("url", code="postgres_connect", url=redact(url), reason=reason) from None
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
    """A database or file-system failure as the domain error a trainer can act on (codes
    ``store_*``; the sentences are in :data:`playbook.errors.MESSAGES`)."""
    text = str(exc).lower()
    code, values = "store_failed", {"kind": type(exc).__name__, "reason": _scrub(str(exc), where)[:80]}
    if isinstance(exc, sqlite3.Error):
        values["reason"] = str(exc)[:60]
        if "not a database" in text or "malformed" in text or "encrypted" in text:
            code = "store_not_database"
        elif "full" in text:
            code = "store_disk_full"
        elif "readonly" in text or "read-only" in text:
            code = "store_read_only"
        elif "unable to open" in text or "cannot open" in text:
            code = "store_unopenable"
        elif "locked" in text or "busy" in text:
            code = "store_locked"
        elif "i/o" in text:
            code = "store_io"
    elif isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            code = "store_disk_full"
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            code = "store_permission"
        elif isinstance(exc, (FileExistsError, NotADirectoryError)) or exc.errno in (errno.EEXIST, errno.ENOTDIR):
            code = "store_path_blocked"
        else:
            code, values = "store_unreachable", {"reason": exc.strerror or type(exc).__name__}
    elif type(exc).__name__ in ("LockNotAvailable", "QueryCanceled"):
        code = "store_locked"
    return PlaybookInputError("store", code=code, where=where, seconds=LOCK_WAIT_S, **values)


def _backoff(attempt: int) -> None:
    time.sleep(min(0.02 * 2 ** attempt, 0.5) * (0.5 + random.random()))


class _Retry(Exception):
    """Raised inside a transaction to run it again (e.g. a concurrent replace won the race)."""
