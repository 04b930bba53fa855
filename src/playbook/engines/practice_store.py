"""Where a reader's progress is kept: a JSON file saved under a lock with an atomic merge
(Jupyter; several kernels writing one file lose nothing), or the browser's ``localStorage``
(Pyodide; it never leaves the machine unless exported), and the default store of this reader.

Usage (each save merges with what the file holds):

>>> import tempfile
>>> from pathlib import Path
>>> from playbook.engines import practice_store
>>> with tempfile.TemporaryDirectory() as tmp:
...     store = practice_store.FileStore(Path(tmp) / "practice.json")
...     _ = store.record("drill-obj-price-1#method", 3)
...     _ = store.record("drill-obj-price-1#method", 1)
...     len(store.load())
2
>>> browser = practice_store.BrowserStore(practice_store.MemoryStorage())
>>> len(browser.record("dialogue:dlg-indecisive", 3)), practice_store.BROWSER_KEY in browser.storage.items
(1, True)
"""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from playbook.engines.practice_format import _bad, from_json, to_json
from playbook.engines.practice_items import DIALOGUE_PREFIX, known_items
from playbook.engines.practice_reviews import Progress, _check_item, merge, rating_for_outcome, review
from playbook.errors import PlaybookInputError
from playbook.fileio import atomic_write

__all__ = ["BROWSER_KEY", "load_file", "save_file", "record_file", "FileStore", "BrowserStore", "MemoryStorage",
           "default_store", "record_dialogue"]

#: The browser storage (``localStorage``) key of a reader's progress.
BROWSER_KEY = "playbook-practice-v2"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (fcntl on POSIX, msvcrt on Windows)."""
    lock = path.with_name(path.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as fh:
        try:
            import fcntl
        except ImportError:
            fcntl = None  # type: ignore[assignment]  # Windows: no fcntl, msvcrt below
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            return
        try:
            import msvcrt
        except ImportError:  # no locking available (e.g. the browser's file system)
            yield
            return
        fh.seek(0)
        while True:
            try:
                msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                break
            except OSError:
                continue
        try:
            yield
        finally:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)


def load_file(path: str | os.PathLike[str], *, trainee: str | None = None) -> Progress:
    """Progress from a file (empty if there is none); old Leitner files are migrated
    (dated by the file's last change)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
        when = datetime.fromtimestamp(p.stat().st_mtime, timezone.utc).replace(microsecond=0)
    except FileNotFoundError:
        return Progress()
    except OSError as err:   # a folder, no permission …: the domain error, the file untouched
        raise _bad(f" {p} ", f"无法读取({err.strerror or type(err).__name__})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad(f" {p} ", "不是 UTF-8 文本") from None
    return from_json(text, trainee=trainee, where=f" {p} ", migrated_at=when, stored=True)[0]


def save_file(path: str | os.PathLike[str], progress: Progress, *, trainee: str | None = None) -> Progress:
    """Merge ``progress`` into the file under a lock and write it atomically; returns what
    the file now holds. Saves from several processes at once lose nothing."""
    p = Path(path)
    try:
        with _locked(p):
            merged = merge(load_file(p, trainee=trainee), progress)
            atomic_write(p, to_json(merged))
    except OSError as err:   # a folder in the way, a full disk …: nothing written, the file intact
        raise PlaybookInputError("progress_file", code="progress_save", where=f" {p} ",
                                 reason=err.strerror or type(err).__name__) from None
    return merged


def record_file(path: str | os.PathLike[str], item: str, rating: int, **kwargs: Any) -> Progress:
    """Add one answer to the file (lock, read, add, write): the one-call way to save."""
    return save_file(path, review(Progress(), item, rating, **kwargs))


class FileStore:
    """Progress in a JSON file (Jupyter): every save merges under a lock."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def load(self) -> Progress:
        return load_file(self.path)

    def save(self, progress: Progress) -> Progress:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return save_file(self.path, progress)

    def replace(self, progress: Progress) -> None:
        """Overwrite (reset or import): the file then holds exactly ``progress``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path):
            atomic_write(self.path, to_json(progress))

    def record(self, item: str, rating: int, **kwargs: Any) -> Progress:
        return self.save(review(Progress(), item, rating, **kwargs))


class BrowserStore:
    """Progress in the reader's browser (``localStorage`` through Pyodide's ``js`` module).

    ``storage`` defaults to ``js.localStorage``; tests pass any object with ``getItem`` and
    ``setItem``. Every save re-reads and merges, so two tabs do not overwrite each other."""

    def __init__(self, storage: Any = None, key: str = BROWSER_KEY) -> None:
        if storage is None:
            storage = _local_storage()
        self.storage, self.key = storage, key

    def load(self) -> Progress:
        text = self.storage.getItem(self.key)
        if not isinstance(text, str) or not text.strip():  # JS null arrives as None or jsnull
            return Progress()
        return from_json(text, where="(浏览器存储)", stored=True)[0]

    def save(self, progress: Progress) -> Progress:
        merged = merge(self.load(), progress)
        self.storage.setItem(self.key, to_json(merged))
        return merged

    def replace(self, progress: Progress) -> None:
        self.storage.setItem(self.key, to_json(progress))

    def record(self, item: str, rating: int, **kwargs: Any) -> Progress:
        return self.save(review(Progress(), item, rating, **kwargs))


class MemoryStorage:
    """A stand-in for ``localStorage`` where the browser gives none (kept for this page only)."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def getItem(self, key: str) -> str | None:  # the Web Storage API's names
        return self.items.get(key)

    def setItem(self, key: str, value: str) -> None:
        self.items[key] = value


def _local_storage() -> Any:
    """The page's ``localStorage`` (Pyodide), or :class:`MemoryStorage` where there is none
    (Node.js at build time, storage blocked by the browser's privacy settings)."""
    try:
        import js  # Pyodide only

        storage = js.localStorage
        storage.getItem(BROWSER_KEY)  # may raise SecurityError when storage is blocked
        return storage
    except Exception:  # noqa: BLE001
        return MemoryStorage()


def record_dialogue(dialogue_id: str, outcome: str, *, store: FileStore | BrowserStore | None = None,
                    at: datetime | None = None, correct: bool | None = None,
                    choices: Iterable[str] = ()) -> Progress:
    """Save a finished role-play dialogue as one answer (item ``dialogue:<id>``, rated by
    :func:`rating_for_outcome`) in ``store`` (default :func:`default_store`).

    ``correct`` (default: 成交) is True also for a right ending without the order (the trainee
    kept the rules; rated Good); ``choices`` are the option ids chosen (the path), for the
    trainer's per-option statistics."""
    item = DIALOGUE_PREFIX + _check_item(dialogue_id).removeprefix(DIALOGUE_PREFIX)
    if item not in known_items():   # N13: a made-up dialogue id must not count as practised
        raise PlaybookInputError("dialogue_id", code="unknown_item", item_id=item.removeprefix(DIALOGUE_PREFIX)[:60])
    right = outcome == "won" if correct is None else bool(correct)
    rating = rating_for_outcome("won" if right else outcome)
    return (store or default_store()).record(item, rating, family="dialogue", correct=right, at=at,
                                             choices=choices)


def default_store() -> FileStore | BrowserStore:
    """Where this reader's progress lives: the browser's storage in Pyodide, else the file
    ``PLAYBOOK_PRACTICE_FILE`` (default ``~/.playbook/practice.json``)."""
    if sys.platform == "emscripten":
        return BrowserStore()
    path = os.environ.get("PLAYBOOK_PRACTICE_FILE") or Path.home() / ".playbook" / "practice.json"
    return FileStore(path)
