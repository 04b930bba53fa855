"""A separate process that writes score sheets, for the crash and concurrency tests of
playbook.trainer.records (tests/test_records.py). Not a test module itself.

    python records_worker.py writer URL DIR WRITER_ID N
        open the store (migrating it if needed), add the trainees, create DIR/ready-WRITER_ID,
        wait for DIR/go, then save N sheets; print how many were saved, and when it started and ended.
    python records_worker.py loop URL DIR [PAUSE_AFTER]
        open the store, create DIR/started, then save sheets 0, 1, 2, … for ever. With
        PAUSE_AFTER=k, sheet k is saved with the store's kill-test hook on: the save stops in the
        middle of its transaction and creates DIR/paused (the parent then kills this process).
    python records_worker.py replace URL DIR WRITER_ID N
        like ``writer``, but every save is session "same", round 1 with replace=True, cycling
        through sheets WRITER_ID*4 … WRITER_ID*4+3 (different marks), so writers race on one key.
"""
from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta, timezone
from dataclasses import replace
from pathlib import Path

from playbook.trainer import records
from playbook.trainer.roleplay import SKILLS, CheckMark, ScoreSheet

TRAINEES = ("张三", "李四")
BASE_TIME = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def marks_for(i: int) -> tuple[CheckMark, ...]:
    """The marks of sheet ``i``: 3–6 of them, so a half-saved sheet would show."""
    skills = list(SKILLS)
    return tuple(CheckMark(f"c{i}-{j}", skills[j % len(skills)], f"检查项 {i}-{j}?", (i + j) % 2 == 0)
                 for j in range(3 + i % 4))


def sheet_for(i: int, session_prefix: str) -> ScoreSheet:
    return ScoreSheet(session=f"{session_prefix}-{i // 10}", round_no=i % 10 + 1, trainee=TRAINEES[0],
                      observer=TRAINEES[1], scenario_id=f"card-{i}", marks=marks_for(i),
                      notes=f"第 {i} 张", rating=1 + i % 5, scored_at=BASE_TIME + timedelta(seconds=i))


def _touch(path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(os.getpid()), encoding="utf-8")
    os.replace(tmp, path)


def writer(url: str, folder: Path, writer_id: str, n: int, *, same_key: bool = False) -> None:
    with records.open_store(url) as store:
        for name in TRAINEES:
            store.add_trainee(name)
        _touch(folder / f"ready-{writer_id}")
        deadline = time.monotonic() + 60
        while not (folder / "go").exists():
            if time.monotonic() > deadline:
                raise SystemExit("no go signal")
            time.sleep(0.005)
        started = time.time()
        for i in range(n):
            if same_key:
                one = sheet_for(int(writer_id) * 4 + i % 4, "race")
                store.save_sheet(replace(one, session="same", round_no=1), replace=True)
            else:
                store.save_sheet(sheet_for(i, f"writer-{writer_id}"))
        print(n, started, time.time())


def _pause_in_marks(store, ready: Path) -> None:
    """From now on, ``save_sheet`` stops after writing its first mark (sheet row and one mark
    written, not committed), creates ``ready`` and sleeps, so the test can SIGKILL the process at
    a known point inside the transaction. A patch of this process's backend, not a hook in
    production code."""
    backend = store._backend
    real = backend.execute

    def execute(sql, params=()):
        result = real(sql, params)
        if sql.startswith("INSERT INTO marks"):
            ready.write_text(str(os.getpid()), encoding="utf-8")
            time.sleep(120)
        return result

    backend.execute = execute


def loop(url: str, folder: Path, pause_after: int | None) -> None:
    with records.open_store(url) as store:
        _touch(folder / "started")
        i = 0
        while True:
            if i == pause_after:
                _pause_in_marks(store, folder / "paused")
            store.save_sheet(sheet_for(i, "kill"))
            i += 1


if __name__ == "__main__":
    mode, url, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    if mode == "writer":
        writer(url, folder, sys.argv[4], int(sys.argv[5]))
    elif mode == "replace":
        writer(url, folder, sys.argv[4], int(sys.argv[5]), same_key=True)
    elif mode == "loop":
        loop(url, folder, int(sys.argv[4]) if len(sys.argv) > 4 else None)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
