"""The progress file format: a reader's progress as versioned JSON (format :data:`FORMAT`,
version :data:`VERSION`) and back, and the old Leitner files (format 1) read as reviews. Reading
gives a valid :class:`~playbook.engines.practice_reviews.Progress` or the domain error, never
another exception.

Usage (written and read back; a broken file is the domain error, code ``progress_file``):

>>> from datetime import datetime, timezone
>>> from playbook.engines import practice_format, practice_reviews
>>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
>>> p = practice_reviews.review(practice_reviews.Progress(), "drill-obj-price-1#method", 3, at=at, review_id="r1")
>>> text = practice_format.to_json(p, trainee="张三")
>>> practice_format.from_json(text) == (p, "张三")
True
>>> practice_format.from_json("{not json")
Traceback (most recent call last):
...
playbook.errors.PlaybookInputError: ...
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from playbook.engines.practice_items import FAMILIES, family_of
from playbook.engines.practice_reviews import (
    _LAST_DUE,
    ANSWER_CAP,
    AGAIN,
    EASY,
    GOOD,
    HARD,
    ID_MAX,
    VERDICTS,
    Progress,
    Review,
    _answer_time,
    _choice_id,
    _rating,
    _seconds,
    _sorted,
    _utc,
    merge,
    utc_now,
)
from playbook.errors import PlaybookInputError, shown
from playbook.normalize import answer_text, normalize_name

__all__ = ["FORMAT", "VERSION", "FILE_MAX", "to_json", "from_json", "from_leitner"]

#: The file's format tag, and the newest version this code reads and writes.
FORMAT = "playbook-practice"
VERSION = 2
#: Largest progress file read, characters.
FILE_MAX = 64 * 1024 * 1024
#: An old Leitner box → the rating of the one review it becomes.
_LEITNER_RATING = {1: AGAIN, 2: HARD, 3: GOOD, 4: EASY, 5: EASY}


def _review_json(r: Review) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "item": r.item, "family": r.family, "rating": r.rating,
                           "correct": r.correct, "at": r.at.isoformat(timespec="microseconds")}
    if r.seconds is not None:
        out["seconds"] = r.seconds
    if r.migrated:
        out["migrated"] = True
    if r.choice:
        out["choice"] = r.choice
    if r.choices:
        out["choices"] = list(r.choices)
    if r.verdict:
        out["verdict"] = r.verdict
    if r.answer:
        out["answer"] = r.answer
    return out


def to_json(progress: Progress, *, trainee: str | None = None, exported_at: datetime | None = None) -> str:
    """The progress file (JSON, format :data:`FORMAT` version :data:`VERSION`).

    ``trainee`` (optional) is written only here, for the file a reader hands to the trainer."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if trainee is not None and normalize_name(str(trainee)):
        data["trainee"] = normalize_name(str(trainee))   # the name as every store keeps it
    if exported_at is not None:
        data["exported_at"] = _utc(exported_at, "exported_at").isoformat(timespec="seconds")
    data["reviews"] = [_review_json(r) for r in _sorted(progress.reviews)]
    if progress.legacy:
        data["legacy_leitner"] = progress.legacy
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _bad(where: str, problem: str) -> PlaybookInputError:
    return PlaybookInputError("progress_file", code="progress_file", where=where, reason=problem)


def _parse_review(raw: Any, n: int, where: str, high: datetime | None = None) -> Review:
    if not isinstance(raw, dict):
        raise _bad(where, f"第 {n} 条作答记录不是键值映射")
    missing = [k for k in ("at", "rating", "item", "id") if k not in raw]
    if missing:
        raise _bad(where, f"第 {n} 条作答记录缺少 {'、'.join(missing)}")
    try:
        text = raw["at"]
        if not isinstance(text, str) or len(text) > 40:
            raise ValueError
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _bad(where, f"第 {n} 条作答记录的时间写错了") from None
    rid, item = raw["id"], raw["item"]
    if not isinstance(item, str) or not item.strip() or not isinstance(rid, str) or not rid.strip() \
            or len(item) > ID_MAX or len(rid) > ID_MAX:
        raise _bad(where, f"第 {n} 条作答记录的 id 或题目为空或过长")
    family = raw.get("family") or ""
    if not isinstance(family, str) or (family and family not in FAMILIES):
        raise _bad(where, f"第 {n} 条作答记录的类别 {shown(family)} 不存在")
    for key in ("correct", "migrated"):
        if key in raw and not isinstance(raw[key], bool):
            raise _bad(where, f"第 {n} 条作答记录的 {key} 应为 true 或 false,收到 {shown(raw[key])}")
    try:
        rating = _rating(raw["rating"])
        when = _answer_time(at, high=high)
        seconds = _seconds(raw.get("seconds"))
    except PlaybookInputError as err:
        raise _bad(where, f"第 {n} 条作答记录:{err.message}") from None
    verdict = raw.get("verdict", "")
    if verdict not in ("", *VERDICTS):
        raise _bad(where, f"第 {n} 条作答记录的评判结果应为 {'、'.join(VERDICTS)} 之一")
    answer = raw.get("answer", "")
    if not isinstance(answer, str):
        raise _bad(where, f"第 {n} 条作答记录的回答应为文字")
    choices = raw.get("choices") or []
    if not isinstance(choices, list) or len(choices) > 50 or \
            not all(isinstance(c, str) and 0 < len(c) <= 80 for c in choices):
        raise _bad(where, f"第 {n} 条作答记录的 choices 应为选项 id 的列表")
    # "choice" holds the option id; entries written before ids may hold the option's text
    # ("choice" or "chosen") or its position, read by _choice_id
    choice = _choice_id(raw.get("choice", raw.get("chosen")))
    return Review(rid, item, family, rating, when, raw.get("correct", rating >= HARD), seconds,
                  raw.get("migrated", False), choice, verdict,
                  answer_text(answer, cap=ANSWER_CAP) if answer else "", tuple(choices))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(Exception):
    pass


def from_json(text: str, *, trainee: str | None = None, where: str = "",
              migrated_at: datetime | None = None, stored: bool = False) -> tuple[Progress, str]:
    """Parse a progress file: ``(progress, trainee name or "")``.

    Accepts this format (version ≤ :data:`VERSION`) and the old Leitner files of
    ``drills.save_progress`` (format 1; ``trainee`` picks the person, needed when the file
    holds several). Anything else → :class:`PlaybookInputError` (field ``progress_file``, code
    ``progress_file``), never another exception: a file is a valid object or the domain error.

    An answer dated more than a day ahead is refused (``date_future``: a clock set to 9999 must
    not get into a trainer's records). ``stored=True`` is for reading back one's own file or
    browser storage: an answer saved before that bound existed is kept (every consumer copes with
    it) rather than making the whole page unreadable."""
    try:
        return _from_json(text, trainee=trainee, where=where, migrated_at=migrated_at,
                          high=_LAST_DUE if stored else None)
    except PlaybookInputError:
        raise
    except _DuplicateKey as dup:
        raise _bad(where, f"键 {shown(str(dup))} 出现了两次") from None
    except RecursionError:
        raise _bad(where, "嵌套层数过多") from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, MemoryError) as err:
        raise _bad(where, f"内容格式有误({type(err).__name__})") from None


def _from_json(text: str, *, trainee: str | None, where: str, migrated_at: datetime | None,
               high: datetime | None) -> tuple[Progress, str]:
    if not isinstance(text, str):
        raise _bad(where, "内容不是文字")
    if len(text) > FILE_MAX:
        raise _bad(where, f"文件超过 {FILE_MAX // 2**20} MB")
    text = text.lstrip("\ufeff")   # a file saved by Notepad starts with a BOM
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as e:
        raise _bad(where, f"不是有效的 JSON(第 {e.lineno} 行第 {e.colno} 列)") from None
    if not isinstance(data, dict):
        raise _bad(where, "顶层不是键值映射")
    if data.get("format") == 1 and "trainees" in data:
        return from_leitner(data, trainee, migrated_at=migrated_at or utc_now(), where=where)
    if data.get("format") != FORMAT:
        raise _bad(where, f"格式标记应为 “{FORMAT}”")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= VERSION:
        raise _bad(where, f"版本 {shown(version)} 不受支持(本程序支持到第 {VERSION} 版)")
    raw = data.get("reviews", [])
    if not isinstance(raw, list):
        raise _bad(where, "reviews 应为列表")
    reviews = [_parse_review(r, n, where, high) for n, r in enumerate(raw, 1)]
    legacy = data.get("legacy_leitner") or {}
    if not isinstance(legacy, dict):
        raise _bad(where, "legacy_leitner 应为键值映射")
    name = data.get("trainee") or ""
    if not isinstance(name, str):
        raise _bad(where, f"学员姓名应为文字,收到 {shown(name)}")
    return merge(Progress(tuple(reviews), legacy)), name


def from_leitner(data: Mapping[str, Any], trainee: str | None, *, migrated_at: datetime,
                 where: str = "") -> tuple[Progress, str]:
    """An old Leitner file's entry for ``trainee`` as FSRS progress, losing nothing.

    Each box becomes one review at ``migrated_at`` (box 1 → Again, 2 → Hard, 3 → Good,
    4–5 → Easy; review id ``leitner:<question id>`` so migrating twice adds nothing); the
    boxes, right/wrong counts and sessions are kept verbatim in ``legacy``."""
    trainees = data.get("trainees")
    if not isinstance(trainees, dict):
        raise _bad(where, "缺少学员记录")
    if trainee is None:
        if len(trainees) != 1:
            raise PlaybookInputError("trainee", code="practice_many_trainees", where=where, count=len(trainees))
        trainee = next(iter(trainees))
    entry = trainees.get(trainee)
    if entry is None:
        return Progress(), trainee
    if not isinstance(entry, dict) or not isinstance(entry.get("boxes", {}), dict):
        raise _bad(where, f"学员 {shown(trainee)} 的记录格式有误")
    when = _utc(migrated_at, "migrated_at")
    boxes = entry.get("boxes", {})
    reviews = []
    for qid, box in sorted(boxes.items()):
        if not isinstance(qid, str) or len(qid) > ID_MAX or type(box) is not int or box not in _LEITNER_RATING:
            raise _bad(where, f"学员 “{trainee}” 的题目 {qid} 盒子编号应在 1–5")
        rating = _LEITNER_RATING[box]
        reviews.append(Review(f"leitner:{qid}", qid, family_of(qid), rating, when, rating >= HARD,
                              migrated=True))
    legacy = {"boxes": dict(boxes), "right": dict(entry.get("right", {})),
              "wrong": dict(entry.get("wrong", {})), "sessions": entry.get("sessions", 0),
              "migrated_at": when.isoformat(timespec="seconds")}
    return Progress(tuple(reviews), legacy), trainee
