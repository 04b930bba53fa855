"""What the console keeps in the browser between visits: the records database as a file in the
in-page Python, copied into the browser's storage (``localStorage``, base64) after every write
and restored on the next visit (:class:`SavedRecords`), and the progress files as handed in
(:class:`FileShelf`). Standard library only (it runs in the reader's browser)."""
from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playbook.engines import practice
from playbook.errors import PlaybookInputError
from playbook.trainer import records

#: Browser storage keys: the records database (base64 of the SQLite file) and the plan inputs.
DB_KEY = "playbook.trainer.records.v1"
PLAN_KEY = "playbook.trainer.plan.v1"
FILES_KEY = "playbook.trainer.files.v1"


class SavedRecords:
    """The records store as a SQLite file at ``path``, mirrored into ``storage[key]``.

    ``storage`` is anything with ``getItem``/``setItem`` (the page's ``localStorage``;
    :class:`playbook.engines.practice.MemoryStorage` in tests and at build time). Use::

        saved = SavedRecords(storage)
        with saved.open() as store:        # a playbook.trainer.records.Store
            store.save_sheet(sheet)        # copied into storage when the block ends
    """

    def __init__(self, storage: Any = None, *, key: str = DB_KEY, path: str | os.PathLike[str] | None = None) -> None:
        if storage is None:
            storage = practice._local_storage()
        self.storage, self.key = storage, key
        if path is None:
            path = Path(tempfile.gettempdir()) / "playbook-console" / f"{hashlib.sha1(key.encode()).hexdigest()[:10]}.sqlite3"
        self.path = Path(path)
        self._restore()

    def _restore(self) -> None:
        text = self.storage.getItem(self.key)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for extra in ("-wal", "-shm"):
            Path(str(self.path) + extra).unlink(missing_ok=True)
        if isinstance(text, str) and text.strip():
            try:
                data = base64.b64decode(text.encode("ascii"), validate=True)
            except ValueError:
                raise PlaybookInputError("store", code="console_store_corrupt") from None
            self.path.write_bytes(data)
        else:
            self.path.unlink(missing_ok=True)

    @property
    def url(self) -> str:
        return "sqlite:///" + str(self.path.resolve())

    @contextlib.contextmanager
    def open(self) -> Iterator[records.Store]:
        """The store; on leaving, closed (which folds SQLite's journal into the file) and saved."""
        store = records.open_store(self.url)
        try:
            yield store
        finally:
            store.close()
            self._persist()

    def _persist(self) -> None:
        if self.path.exists():
            self.storage.setItem(self.key, base64.b64encode(self.path.read_bytes()).decode("ascii"))

    def size(self) -> int:
        """Bytes of the database file (0 before the first write)."""
        return self.path.stat().st_size if self.path.exists() else 0

    def clear(self) -> None:
        """Forget everything (the browser copy and the file)."""
        self.storage.setItem(self.key, "")
        self._restore()


class FileShelf:
    """The progress files as handed in (trainee → their texts, each kept once), in
    ``storage[key]`` (zlib + base64): the records store keeps the answers, while engines that
    read more of a file (dialogue choices, free-text answers awaiting a verdict) get the files."""

    def __init__(self, storage: Any, key: str = FILES_KEY) -> None:
        self.storage, self.key = storage, key

    def _load(self) -> dict[str, dict[str, str]]:
        raw = self.storage.getItem(self.key)
        if not isinstance(raw, str) or not raw.strip():
            return {}
        try:
            data = json.loads(zlib.decompress(base64.b64decode(raw)).decode("utf-8"))
        except (ValueError, zlib.error):
            return {}
        return data if isinstance(data, dict) else {}

    def add(self, trainee: str, text: str) -> bool:
        """Keep ``text`` for ``trainee``; False when the same text is already kept."""
        data = self._load()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        mine = data.setdefault(trainee, {})
        if digest in mine:
            return False
        mine[digest] = text
        packed = zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 9)
        self.storage.setItem(self.key, base64.b64encode(packed).decode("ascii"))
        return True

    def texts(self) -> dict[str, list[str]]:
        """Trainee → the progress files' texts handed in."""
        return {t: list(files.values()) for t, files in self._load().items()}

    def clear(self) -> None:
        self.storage.setItem(self.key, "")
