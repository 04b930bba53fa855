"""The files the console exchanges, and importing them into the records store.

- the observer's score file (:data:`SCORES_FORMAT`): an observer scoring on another phone sends
  it, the trainer imports it;
- :func:`import_file`: one file a trainee or observer hands in (a 我的练习 progress file, a score
  file, or a console export), recognised by its format mark; importing the same file again adds
  nothing;
- :func:`export_text` / :func:`import_export`: one JSON file (:data:`EXPORT_FORMAT`) holding
  trainees, score sheets and self-study answers, which ``python -m playbook records import``
  loads into the team's store.

Standard library only (it runs in the reader's browser).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from playbook.engines import practice
from playbook.errors import PlaybookInputError
from playbook.trainer import records
from playbook.trainer.roleplay.score_sheet import CheckMark, ScoreSheet

#: Format marks of the files this module writes.
SCORES_FORMAT = "playbook-scores"
EXPORT_FORMAT = "playbook-records"
FORMAT_VERSION = 1
#: A file handed in may be at most this big (bytes): progress files are a few hundred kB.
FILE_MAX_BYTES = 5_000_000


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat(timespec="seconds")


def sheet_to_dict(sheet: ScoreSheet) -> dict[str, Any]:
    """A score sheet as plain JSON data (marks as ``[check_id, skill, label, passed]``)."""
    return {"session": sheet.session, "round_no": sheet.round_no, "trainee": sheet.trainee,
            "observer": sheet.observer, "scenario_id": sheet.scenario_id,
            "marks": [[m.check_id, m.skill, m.label, bool(m.passed)] for m in sheet.marks],
            "notes": sheet.notes, "rating": sheet.rating, "scored_at": _iso(sheet.scored_at)}


def _bad(where: str, problem: str) -> PlaybookInputError:
    return PlaybookInputError("file", code="console_file", where=where, problem=problem)


def sheet_from_dict(raw: Any, n: int = 1, where: str = "") -> ScoreSheet:
    """The inverse of :func:`sheet_to_dict`; the store checks names, ranges and texts on save."""
    if not isinstance(raw, dict):
        raise _bad(where, f"第 {n} 张评分表不是键值映射")
    try:
        marks = tuple(CheckMark(str(c), str(s), str(lbl), bool(p)) for c, s, lbl, p in raw["marks"])
        at = raw.get("scored_at")
        scored_at = datetime.fromisoformat(at) if at else None
        rating = raw.get("rating")
        return ScoreSheet(session=raw["session"], round_no=raw["round_no"], trainee=raw["trainee"],
                          observer=raw["observer"], scenario_id=raw["scenario_id"], marks=marks,
                          notes=raw.get("notes") or "", rating=rating if rating else None, scored_at=scored_at)
    except (KeyError, TypeError, ValueError) as e:
        raise _bad(where, f"第 {n} 张评分表缺少或写错了字段({type(e).__name__}: {e})") from None


def scores_text(sheets: Iterable[ScoreSheet], *, observer: str = "", exported_at: datetime | None = None) -> str:
    """The observer's score file: the sheets this observer saved, for the trainer to import."""
    data = {"format": SCORES_FORMAT, "version": FORMAT_VERSION, "observer": observer,
            "exported_at": _iso(exported_at or datetime.now(timezone.utc)),
            "sheets": [sheet_to_dict(s) for s in sheets]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- import
@dataclass(frozen=True)
class ImportResult:
    """What one imported file did. ``kind``: ``progress`` / ``scores`` / ``export``."""

    name: str
    kind: str
    added: int
    skipped: int
    trainees: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        what = {"progress": "进度文件", "scores": "评分文件", "export": "培训记录"}[self.kind]
        unit = "次作答" if self.kind == "progress" else "条记录"
        who = f"({'、'.join(self.trainees)})" if self.trainees else ""
        if not self.added:
            return f"{self.name}:{what}{who}已导入过,没有新内容"
        return f"{self.name}:{what}{who}新增 {self.added} {unit}" + (f",{self.skipped} 条已有" if self.skipped else "")


def _same(a: ScoreSheet, b: ScoreSheet) -> bool:
    return (a.observer, a.scenario_id, a.notes, a.rating, [(m.check_id, m.passed) for m in a.marks]) == \
        (b.observer, b.scenario_id, b.notes, b.rating, [(m.check_id, m.passed) for m in b.marks])


def _save_sheets(store: records.Store, sheets: Sequence[ScoreSheet], where: str) -> tuple[int, int]:
    """Save sheets; one already stored unchanged is skipped, a different one for the same round
    and trainee is an error naming it (the trainer decides which one counts)."""
    added = skipped = 0
    for sheet in sheets:
        have = [s for s in store.sheets(trainee=sheet.trainee, session=sheet.session) if s.round_no == sheet.round_no]
        if have:
            if _same(have[0], sheet):
                skipped += 1
                continue
            raise PlaybookInputError("file", code="console_sheet_differs", where=where, session=sheet.session,
                                     round_no=sheet.round_no, trainee=sheet.trainee)
        for name in (sheet.trainee, sheet.observer):
            if name != records.TRAINER:
                store.add_trainee(name)
        store.save_sheet(sheet)
        added += 1
    return added, skipped


def _load_json(data: bytes | str, where: str) -> dict[str, Any]:
    if isinstance(data, (bytes, bytearray, memoryview)):
        if len(data) > FILE_MAX_BYTES:
            raise _bad(where, f"文件太大({len(data) / 1e6:.1f} MB,最多 {FILE_MAX_BYTES / 1e6:.0f} MB)")
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _bad(where, "不是 UTF-8 文本(请导入“我的练习”或评分页导出的 .json 文件)") from None
    else:
        text = data
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as e:
        raise _bad(where, f"不是有效的 JSON(第 {e.lineno} 行第 {e.colno} 列)") from None
    if not isinstance(parsed, dict):
        raise _bad(where, "顶层不是键值映射")
    return parsed


def import_file(store: records.Store, name: str, data: bytes | str, *, trainee: str | None = None) -> ImportResult:
    """Import one handed-in file into ``store``: a progress file (我的练习), an observer's score
    file or a console export. Importing the same file again adds nothing."""
    where = f"“{name}”"
    parsed = _load_json(data, where)
    kind = parsed.get("format")
    text = json.dumps(parsed, ensure_ascii=False)
    if kind == practice.FORMAT or (kind == 1 and "trainees" in parsed):
        who, added = store.import_practice(text, trainee=trainee, where=where)
        total = len(practice.from_json(text, trainee=trainee, where=where)[0].reviews)
        return ImportResult(name, "progress", added, total - added, (who,))
    if kind == SCORES_FORMAT:
        sheets = _sheets_of(parsed, where)
        added, skipped = _save_sheets(store, sheets, where)
        return ImportResult(name, "scores", added, skipped, tuple(dict.fromkeys(s.trainee for s in sheets)))
    if kind == EXPORT_FORMAT:
        return import_export(store, parsed, name=name)
    raise _bad(where, f"格式标记应为 “{practice.FORMAT}”(我的练习导出的进度文件)、“{SCORES_FORMAT}”(评分文件)"
                      f"或 “{EXPORT_FORMAT}”(培训记录),收到 {kind!r}")


def _sheets_of(parsed: Mapping[str, Any], where: str) -> list[ScoreSheet]:
    version = parsed.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise _bad(where, f"版本 {version!r} 不受支持(本程序支持到第 {FORMAT_VERSION} 版)")
    raw = parsed.get("sheets", [])
    if not isinstance(raw, list):
        raise _bad(where, "sheets 应为列表")
    return [sheet_from_dict(r, n, where) for n, r in enumerate(raw, 1)]


# --------------------------------------------------------------------------- export
def export_text(store: records.Store, *, session: str | None = None, exported_at: datetime | None = None) -> str:
    """Everything in ``store`` (or one session's sheets and its trainees' self-study) as one
    JSON file that ``python -m playbook records import`` loads (:func:`import_export`)."""
    sheets = store.sheets(session=session)
    progress = store.practice_progress()
    names = [t.name for t in store.trainees()]
    if session is not None:
        involved = {s.trainee for s in sheets} | {s.observer for s in sheets}
        names = [n for n in names if n in involved or n in progress]
    data = {"format": EXPORT_FORMAT, "version": FORMAT_VERSION,
            "exported_at": _iso(exported_at or datetime.now(timezone.utc)),
            "trainees": names,
            "sheets": [sheet_to_dict(s) for s in sheets],
            "practice": {t: json.loads(practice.to_json(p, trainee=t)) for t, p in sorted(progress.items())
                         if t in names}}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def import_export(store: records.Store, data: str | Mapping[str, Any], *, name: str = "培训记录") -> ImportResult:
    """Load a console export (:func:`export_text`) into ``store``: trainees, sheets (an unchanged
    sheet already there is skipped), self-study answers (an answer already there is skipped)."""
    where = f"“{name}”"
    parsed = _load_json(data, where) if isinstance(data, str) else dict(data)
    if parsed.get("format") != EXPORT_FORMAT:
        raise _bad(where, f"格式标记应为 “{EXPORT_FORMAT}”")
    sheets = _sheets_of(parsed, where)
    raw_practice = parsed.get("practice", {})
    names = parsed.get("trainees", [])
    if not isinstance(raw_practice, dict) or not isinstance(names, list):
        raise _bad(where, "trainees 应为列表,practice 应为键值映射")
    for n in names:
        if n != records.TRAINER:
            store.add_trainee(str(n))
    added, skipped = _save_sheets(store, sheets, where)
    for who, prog in raw_practice.items():
        got = store.import_practice(json.dumps(prog, ensure_ascii=False), trainee=str(who), where=where)[1]
        added += got
        skipped += len(prog.get("reviews", [])) - got if isinstance(prog, dict) else 0
    return ImportResult(name, "export", added, skipped, tuple(str(n) for n in names))


def export_name(session: str, when: datetime, suffix: str) -> str:
    """``培训记录-<session>-20261207.json``: the session in the name, characters a file name
    cannot hold replaced."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "-", session).strip("-") or "场次"
    return f"培训记录-{safe}-{when.strftime('%Y%m%d')}.{suffix}"
