"""Legacy Leitner progress (progress file format 1), kept only to read old files and migrate them.

Retired: spaced practice is :mod:`playbook.engines.practice` (FSRS, reviews that merge, locked
saves), whose :func:`~playbook.engines.practice.from_leitner` / ``load_file`` migrate these
files without loss. This module keeps the old format's reader and writer as the migration's
reference (``tests/test_practice.py``) and for old notebooks, which reach it through the
deprecated names of :mod:`playbook.engines.drills` (``drills.load_progress`` …, with a
:class:`DeprecationWarning`). Standard library only.

Each question sat in box 1–5; a correct answer moved it up one box, a wrong one back to box 1.
Progress was kept in a local JSON file, written atomically, with a backup of the last good file.

Usage (a progress value is never changed: :func:`record` returns a new one):

>>> import tempfile
>>> from pathlib import Path
>>> from playbook.engines import leitner
>>> p = leitner.new_progress("张三")
>>> p = leitner.record(leitner.record(p, "q1", True), "q1", True)
>>> p.box("q1"), p.box("q2")          # two right answers: box 2; never answered: 0
(2, 0)
>>> p = leitner.record(p, "q1", False)  # a wrong answer sends it back to box 1
>>> p.box("q1"), p.right, p.wrong
(1, {'q1': 2}, {'q1': 1})
>>> with tempfile.TemporaryDirectory() as tmp:
...     leitner.save_progress(Path(tmp) / "progress.json", p)
...     leitner.load_progress(Path(tmp) / "progress.json", "张三") == p
True
"""
from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playbook.engines.drills import ChoiceResult
from playbook.errors import PlaybookInputError
from playbook.fileio import atomic_write
from playbook.normalize import normalize_name

__all__ = [
    "LEITNER_BOXES", "PROGRESS_FORMAT", "Progress", "new_progress", "record", "record_results",
    "leitner_rank", "weakness_order", "load_progress", "save_progress", "restore_progress", "backup_path",
]

#: Leitner boxes 1 (weakest) … 5 (known).
LEITNER_BOXES = 5
PROGRESS_FORMAT = 1


@dataclass(frozen=True)
class Progress:
    """One trainee's Leitner boxes (question id → box 1–5) and answer counts."""

    trainee: str
    boxes: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    wrong: dict[str, int] = field(default_factory=dict)
    sessions: int = 0

    def box(self, question_id: str) -> int:
        """The question's box; 0 = never answered."""
        return self.boxes.get(question_id, 0)


def _trainee(name: Any) -> str:
    """The trainee's name, normalised (:func:`playbook.normalize.normalize_name`)."""
    if not isinstance(name, str) or not normalize_name(name):
        raise PlaybookInputError("trainee", code="empty", label="学员姓名")
    return normalize_name(name)


def new_progress(trainee: str) -> Progress:
    """Empty progress for a trainee."""
    return Progress(_trainee(trainee))


def record(progress: Progress, question_id: str, correct: bool) -> Progress:
    """Leitner step: correct → up one box (at most 5), wrong → back to box 1. Returns new progress."""
    box = progress.box(question_id)
    new_box = min(max(box, 0) + 1, LEITNER_BOXES) if correct else 1
    counts = progress.right if correct else progress.wrong
    changed = {**counts, question_id: counts.get(question_id, 0) + 1}
    return Progress(progress.trainee, {**progress.boxes, question_id: new_box},
                    changed if correct else progress.right, progress.wrong if correct else changed,
                    progress.sessions)


def record_results(progress: Progress, results: Iterable[ChoiceResult]) -> Progress:
    """Record a finished session's answers and count the session."""
    for r in results:
        progress = record(progress, r.question_id, r.correct)
    return Progress(progress.trainee, progress.boxes, progress.right, progress.wrong, progress.sessions + 1)


def leitner_rank(progress: Progress, question_id: str) -> int:
    """A question's place in practice order: 0 = box 1 (got it wrong), 1 = never answered,
    then 2–5 = boxes 2–5."""
    box = progress.box(question_id)
    return 0 if box == 1 else 1 if box == 0 else box


def _weakness_key(progress: Progress, qid: str) -> tuple[int, int]:
    return leitner_rank(progress, qid), -progress.wrong.get(qid, 0)


def weakness_order(progress: Progress, question_ids: Iterable[str], *, seed: int = 0) -> list[str]:
    """Question ids, weakest first (box 1, unseen, box 2 … 5; more misses first; ties by seed)."""
    ids = list(dict.fromkeys(question_ids))
    random.Random(f"{seed}|order").shuffle(ids)
    return sorted(ids, key=lambda q: _weakness_key(progress, q))  # stable: ties keep the shuffle


# --------------------------------------------------------------------------- persistence
def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the last good progress file is kept (``进度.json`` → ``进度.json.bak``)."""
    p = Path(path)
    return p.with_name(p.name + ".bak")


def _corrupt(path: Path, problem: str) -> PlaybookInputError:
    bak = backup_path(path)
    keep = (f"上一次完好的进度保存在 {bak},没有被改动;可调用 leitner.restore_progress(“{path}”) 用它恢复。"
            if bak.exists() else "没有找到备份文件;可删除或改名这个文件后重新开始。")
    return PlaybookInputError("progress_file", code="leitner_corrupt", path=path, problem=problem, keep=keep)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise _corrupt(path, f"不是有效的 JSON:第 {e.lineno} 行第 {e.colno} 列") from None
    except RecursionError:
        raise _corrupt(path, "嵌套层数过多") from None
    except ValueError:  # e.g. an integer with thousands of digits
        raise _corrupt(path, "含有无法读取的数值") from None
    if not isinstance(data, dict) or data.get("format") != PROGRESS_FORMAT:
        raise _corrupt(path, f"格式标记应为 {PROGRESS_FORMAT}")
    trainees = data.get("trainees")
    if not isinstance(trainees, dict):
        raise _corrupt(path, "缺少学员记录")
    for name, entry in trainees.items():
        if not isinstance(entry, dict):
            raise _corrupt(path, f"学员 “{name}” 的记录不是键值映射")
        for key in ("boxes", "right", "wrong"):
            table = entry.get(key, {})
            if not isinstance(table, dict) or not all(
                    isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in table.values()):
                raise _corrupt(path, f"学员 “{name}” 的 {key} 应为“题目 → 非负整数”")
        if not all(1 <= v <= LEITNER_BOXES for v in entry.get("boxes", {}).values()):
            raise _corrupt(path, f"学员 “{name}” 的盒子编号应在 1–{LEITNER_BOXES} 之间")
        sessions = entry.get("sessions", 0)
        if not isinstance(sessions, int) or isinstance(sessions, bool) or sessions < 0:
            raise _corrupt(path, f"学员 “{name[:20]}” 的 sessions 应为非负整数")
    return data


def _read(path: Path) -> dict[str, Any] | None:
    """The parsed file, ``None`` if it does not exist; corrupted → :class:`PlaybookInputError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _corrupt(path, "这个位置是一个文件夹,不是进度文件") from None
    except OSError as e:
        raise PlaybookInputError("progress_file", code="leitner_unreadable", path=path,
                                 reason=e.strerror or type(e).__name__) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _corrupt(path, "不是 UTF-8 文本") from None
    return _parse(path, text)


def load_progress(path: str | os.PathLike[str], trainee: str) -> Progress:
    """A trainee's progress from the JSON file (empty progress if the file or trainee is new).

    A corrupted file raises :class:`PlaybookInputError` (field ``progress_file``) with a Chinese
    message naming the file and the backup; nothing on disk is changed."""
    name = _trainee(trainee)
    data = _read(Path(path))
    entry = (data or {}).get("trainees", {}).get(name)
    if entry is None:
        return Progress(name)
    return Progress(name, dict(entry.get("boxes", {})), dict(entry.get("right", {})),
                    dict(entry.get("wrong", {})), entry.get("sessions", 0))




def save_progress(path: str | os.PathLike[str], progress: Progress) -> None:
    """Store a trainee's progress in the JSON file (other trainees in it are kept).

    The new file is written atomically, then the same text to :func:`backup_path`, so the backup
    always holds the last good state. A corrupted current file is never overwritten:
    :class:`PlaybookInputError` (restore it with :func:`restore_progress`)."""
    p = Path(path)
    data = _read(p)
    if data is None:
        data = {"format": PROGRESS_FORMAT, "trainees": {}}
    data["trainees"][_trainee(progress.trainee)] = {
        "boxes": dict(sorted(progress.boxes.items())),
        "right": dict(sorted(progress.right.items())),
        "wrong": dict(sorted(progress.wrong.items())),
        "sessions": progress.sessions,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    atomic_write(p, text)
    atomic_write(backup_path(p), text)


def restore_progress(path: str | os.PathLike[str]) -> Path:
    """Replace a corrupted progress file by its backup; the bad file is kept as ``….corrupt``.

    Returns where the bad file was moved. No backup (or a bad one) → :class:`PlaybookInputError`."""
    p = Path(path)
    bak = backup_path(p)
    if not bak.exists():
        raise PlaybookInputError("progress_file", code="leitner_no_backup", bak=bak)
    try:
        text = bak.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise PlaybookInputError("progress_file", code="leitner_backup_corrupt", bak=bak) from None
    except OSError as e:
        raise PlaybookInputError("progress_file", code="leitner_backup_unreadable", bak=bak,
                                 reason=e.strerror or type(e).__name__) from None
    _parse(bak, text)
    moved = p.with_name(p.name + ".corrupt")
    if p.exists():
        shutil.copyfile(p, moved)
    atomic_write(p, text)
    return moved
