"""The trainer's console in the book: one role-play session, run entirely in the page.

The 培训师 page (``book/trainer.md``, view :mod:`playbook.views.console`) and the CLI are two
views over the same engines: :func:`playbook.trainer.roleplay.plan_session` plans, the records
store (:func:`playbook.trainer.records.open_store`, SQLite of the standard library) keeps the
scores and the imported progress. This module adds only what the page needs on top of them:

- :class:`SavedRecords`: the records database as a file in the in-page Python, copied into the
  browser's storage (``localStorage``, base64) after every write and restored on the next
  visit, so the trainer's work survives a reload;
- :class:`PlanSpec`: the session's plan inputs (session, trainees, rounds, seed), kept beside
  the database; the plan itself is recomputed from them (plans are deterministic);
- the observer's score file (:data:`SCORES_FORMAT`): an observer scoring on another phone sends
  it, the trainer imports it;
- :func:`import_file`: one file a trainee or observer hands in (a 我的练习 progress file, a score
  file, or a console export), recognised by its format mark; importing the same file again adds
  nothing;
- :func:`session_view`: per trainee, readiness (我的练习) next to the role-play scores, the
  weakest checks, and (through small interfaces) dialogue option statistics and the free-text
  answers waiting for a verdict;
- :func:`export_text` / :func:`import_export`: one JSON file (:data:`EXPORT_FORMAT`) holding
  trainees, score sheets and self-study answers, which ``python -m playbook records import``
  loads into the team's store; :func:`xlsx_bytes`: the same as an Excel workbook, written with
  ``zipfile`` (openpyxl is not in the page's Python).

Standard library only (it runs in the reader's browser). Bad input →
:class:`~playbook.errors.PlaybookInputError` with a Chinese message.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import math
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from playbook.engines import practice
from playbook.errors import PlaybookInputError
from playbook.normalize import cell_text
from playbook.trainer import records
from playbook.trainer.roleplay import SKILLS, CheckMark, ScoreSheet, SessionPlan, plan_session

__all__ = [
    "DB_KEY", "PLAN_KEY", "FILES_KEY", "FileShelf", "SCORES_FORMAT", "EXPORT_FORMAT", "FILE_MAX_BYTES", "READY_RULES",
    "SavedRecords", "PlanSpec", "ImportResult", "TraineeRow", "CheckStat", "SessionView",
    "split_names", "sheet_to_dict", "sheet_from_dict", "scores_text", "import_file", "session_view",
    "export_text", "import_export", "xlsx_bytes", "export_name",
]

#: Browser storage keys: the records database (base64 of the SQLite file) and the plan inputs.
DB_KEY = "playbook.trainer.records.v1"
PLAN_KEY = "playbook.trainer.plan.v1"
FILES_KEY = "playbook.trainer.files.v1"
#: Format marks of the files this module writes.
SCORES_FORMAT = "playbook-scores"
EXPORT_FORMAT = "playbook-records"
FORMAT_VERSION = 1
#: A file handed in may be at most this big (bytes): progress files are a few hundred kB.
FILE_MAX_BYTES = 5_000_000
#: How the session view colours a trainee (role-play pass rate and self-study readiness).
READY_RULES = {
    "green": "绿:对练总体通过率 ≥ 80%,且“我的练习”没有红色技能",
    "yellow": "黄:对练总体通过率 60%–80%;或通过率 ≥ 80% 但“我的练习”有红色技能;"
              "或还没有对练评分、自学各项都不是红色",
    "red": "红:对练总体通过率 < 60%;或还没有对练评分,而自学有红色技能或没有自学记录",
}
GREEN_RATE, YELLOW_RATE = 0.8, 0.6


# --------------------------------------------------------------------------- saved records
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


# --------------------------------------------------------------------------- plan
_SPLIT = re.compile(r"[\n,,、;;]+")


def split_names(text: str) -> list[str]:
    """Trainee names typed one a line or separated by ``, , 、 ;`` (blanks dropped, order kept)."""
    if not isinstance(text, str):
        raise PlaybookInputError("trainees", code="wrong_type", label="学员名单", expected="文字,每行一个姓名", received=text)
    return [n.strip() for n in _SPLIT.split(text) if n.strip()]


@dataclass(frozen=True)
class PlanSpec:
    """What the trainer typed to plan a session; :meth:`plan` gives the (deterministic) plan."""

    session: str
    trainees: tuple[str, ...]
    rounds: int = 3
    seed: int = 1

    def plan(self) -> SessionPlan:
        return plan_session(list(self.trainees), rounds=self.rounds, seed=self.seed, session=self.session)

    def to_json(self) -> str:
        return json.dumps({"session": self.session, "trainees": list(self.trainees), "rounds": self.rounds,
                           "seed": self.seed}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: Any) -> PlanSpec | None:
        """The saved spec, or None when nothing (or nothing readable) is saved."""
        if not isinstance(text, str) or not text.strip():
            return None
        try:
            d = json.loads(text)
            return cls(str(d["session"]), tuple(str(t) for t in d["trainees"]), int(d["rounds"]), int(d["seed"]))
        except (ValueError, KeyError, TypeError):
            return None


# --------------------------------------------------------------------------- score files
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


# --------------------------------------------------------------------------- the session view
@dataclass(frozen=True)
class TraineeRow:
    """One trainee in the session view."""

    name: str
    colour: str  # green | yellow | red (:data:`READY_RULES`)
    rounds: int
    overall: float  # role-play pass rate 0–1, NaN without sheets
    skills: dict[str, float]  # skill → pass rate (NaN where not checked)
    readiness: tuple[practice.Readiness, ...]  # empty without imported self-study
    answers: int
    due: int


@dataclass(frozen=True)
class CheckStat:
    check_id: str
    label: str
    skill: str
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else math.nan


@dataclass(frozen=True)
class SessionView:
    session: str
    trainees: tuple[TraineeRow, ...]
    weakest: tuple[CheckStat, ...]
    team_skills: dict[str, float]
    option_stats: Any = None  # what the dialogue statistics engine returned, or None
    unsure: Any = None  # the free-text answers awaiting a verdict, or None
    missing: tuple[str, ...] = field(default=())  # engines not available yet (Chinese names)
    #: trainee → the suggested next drills (:func:`playbook.trainer.dashboard.suggest_next`), for
    #: trainees with role-play scores
    next_drills: Mapping[str, Any] = field(default_factory=dict)


def _rate(marks: Iterable[CheckMark]) -> float:
    marks = list(marks)
    return sum(m.passed for m in marks) / len(marks) if marks else math.nan


def _colour(overall: float, ready: Sequence[practice.Readiness], rounds: int) -> str:
    red_skill = any(r.colour == "red" for r in ready)
    if not rounds:
        return "yellow" if ready and not red_skill else "red"
    if overall < YELLOW_RATE:
        return "red"
    if overall < GREEN_RATE or red_skill:
        return "yellow"
    return "green"


def session_view(store: records.Store, session: str | None, *, trainees: Sequence[str] = (),
                 now: datetime | None = None, files: Mapping[str, Sequence[str]] | None = None,
                 option_stats: Callable[[Mapping[str, Sequence[str]]], Any] | None = None,
                 unsure: Callable[[Mapping[str, Sequence[str]]], Any] | None = None,
                 next_size: int = 5) -> SessionView:
    """What the trainer sees for ``session`` (None: all sessions): per trainee the role-play
    rates next to self-study readiness, coloured by :data:`READY_RULES`; the team's weakest
    checks (marked at least twice); and, where those engines are given, dialogue option
    statistics and the free-text answers awaiting a verdict, each called with ``files``
    (trainee → the texts of the progress files they handed in, :class:`FileShelf`), limited to
    this view's trainees;
    for each trainee with role-play scores, the ``next_size`` drills to practise next."""
    when = now if now is not None else datetime.now(timezone.utc)
    sheets = store.sheets(session=session)
    progress = store.practice_progress()
    names = list(dict.fromkeys([*trainees, *(s.trainee for s in sheets), *progress]))
    totals = practice.item_totals()
    rows = []
    for name in names:
        mine = [s for s in sheets if s.trainee == name]
        marks = [m for s in mine for m in s.marks]
        prog = progress.get(name)
        ready = practice.readiness(prog, totals, now=when) if prog is not None else ()
        overall = _rate(marks)
        rows.append(TraineeRow(name, _colour(overall, ready, len(mine)), len(mine), overall,
                               {k: _rate(m for m in marks if m.skill == k) for k in SKILLS}, tuple(ready),
                               len(prog.reviews) if prog else 0, len(practice.due_items(prog, when)) if prog else 0))
    stats: dict[str, list[Any]] = {}
    for m in (m for s in sheets for m in s.marks):
        st = stats.setdefault(m.check_id, [m.label, m.skill, 0, 0])
        st[2] += bool(m.passed)
        st[3] += 1
    checks = [CheckStat(cid, lbl, sk, p, t) for cid, (lbl, sk, p, t) in stats.items() if t >= 2]
    checks.sort(key=lambda c: (c.rate, -c.total, c.check_id))
    all_marks = [m for s in sheets for m in s.marks]
    missing = []
    relevant = {n: list(texts) for n, texts in (files or {}).items() if n in names}
    opt = unsure_items = None
    if option_stats is None:
        missing.append("对练选项统计")
    else:
        opt = option_stats(relevant)
    if unsure is None:
        missing.append("待裁定的自由作答")
    else:
        unsure_items = unsure(relevant)
    from playbook.trainer.dashboard import suggest_next

    nexts = {r.name: suggest_next(sheets, r.name, progress=progress.get(r.name), size=next_size, now=when)
             for r in rows if r.rounds}
    return SessionView(session or "全部场次", tuple(rows), tuple(checks[:5]),
                       {k: _rate(m for m in all_marks if m.skill == k) for k in SKILLS},
                       opt, unsure_items, tuple(missing), nexts)


# --------------------------------------------------------------------------- xlsx
def _col(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(ref: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = _ILLEGAL_XML.sub("", cell_text(str(value)))  # never a formula: always an inline string
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml_escape(text)}</t></is></c>'


def _sheet_xml(rows: Sequence[Sequence[Any]]) -> str:
    body = "".join(f'<row r="{r}">' + "".join(_cell(f"{_col(c)}{r}", v) for c, v in enumerate(row, 1)) + "</row>"
                   for r, row in enumerate(rows, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/>'
            f"</sheetView></sheetViews><sheetData>{body}</sheetData></worksheet>")


def _workbook(tables: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> bytes:
    ns = "http://schemas.openxmlformats.org/"
    sheets = "".join(f'<sheet name="{_xml_escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, (n, _) in enumerate(tables, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{ns}officeDocument/2006/relationships/worksheet"'
                   f' Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(tables) + 1))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                        for i in range(1, len(tables) + 1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<Types xmlns="{ns}package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/'
                   f'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<Relationships xmlns="{ns}package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument"'
                   ' Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{ns}officeDocument/2006/relationships">'
                   f"<sheets>{sheets}</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<Relationships xmlns="{ns}package/2006/relationships">{rels}</Relationships>')
        for i, (_, rows) in enumerate(tables, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(rows))
    return buffer.getvalue()


def _pct(rate: float) -> float | None:
    return None if math.isnan(rate) else round(rate * 100, 1)


def xlsx_bytes(view: SessionView, sheets: Sequence[ScoreSheet]) -> bytes:
    """The session as an Excel workbook: 学员 (readiness and rates, %), 记录 (one row per check
    mark), 薄弱项. Text cells are inline strings, so nothing is ever read as a formula."""
    people: list[list[Any]] = [["学员", "状态", "对练轮次", "总体通过率%", *(f"{v}%" for v in SKILLS.values()), "自学作答", "自学到期",
               *(f"自学:{practice.FAMILY_LABELS[f]}" for f in practice.FAMILIES)]]
    word = {"green": "绿", "yellow": "黄", "red": "红"}
    for r in view.trainees:
        ready = {x.family: f"{word[x.colour]} {x.practised}/{x.total}" for x in r.readiness}
        people.append([r.name, word[r.colour], r.rounds, _pct(r.overall), *(_pct(r.skills[k]) for k in SKILLS),
                       r.answers, r.due, *(ready.get(f, "") for f in practice.FAMILIES)])
    marks: list[list[Any]] = [["场次", "轮次", "学员", "观察员", "情境", "技能", "检查项编号", "检查项", "是否通过", "评语", "总体印象", "评分时间"]]
    for s in sheets:
        for m in s.marks:
            marks.append([s.session, s.round_no, s.trainee, s.observer, s.scenario_id, SKILLS.get(m.skill, m.skill),
                          m.check_id, m.label, m.passed, s.notes, s.rating,
                          s.scored_at.strftime("%Y-%m-%d %H:%M") if s.scored_at else None])
    weak: list[list[Any]] = [["检查项编号", "检查项", "技能", "通过次数", "检查次数", "通过率%"]]
    weak += [[c.check_id, c.label, SKILLS.get(c.skill, c.skill), c.passed, c.total, _pct(c.rate)] for c in view.weakest]
    return _workbook([("学员", people), ("记录", marks), ("薄弱项", weak)])
