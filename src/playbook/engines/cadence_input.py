"""What a person hands the visit-cadence planner: the text boxes of its widget (customers, events,
a visit log; pasted lines or an Excel paste) and a customer book read as a table; each read
returns the planner's records or a :class:`~playbook.errors.PlaybookInputError` naming the line.

Usage (a typed line and an Excel paste; birthday and 客户经理 are optional):

>>> from playbook.engines.cadence_input import parse_customers, parse_events
>>> parse_customers("甲加油站,A,9-3,王伟\\n乙公司\\tB")
[Customer(name='甲加油站', grade='A', birthday=(9, 3), owner='王伟'), Customer(name='乙公司', grade='B', birthday=None, owner='')]
>>> parse_events("9-12,丙物流,慰问")
[Event(customer='丙物流', day=(9, 12), kind='condolence', note='')]

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime

from playbook.engines.cadence_rules import GRADES, MAX_TEAM_CUSTOMERS, PLAN_YEARS
from playbook.engines.cadence_types import Customer, Event, LogEntry
from playbook.errors import PlaybookInputError
from playbook.normalize import clean_line, require_int

_SEPARATORS = (",", "\uff0c", "\t", ";", "\uff1b", "、")   # ASCII and full-width , ;
EVENT_WORDS = {"纪念日": "anniversary", "祝贺": "anniversary", "结婚": "anniversary", "得子": "anniversary",
               "慰问": "condolence", "其他": "other", "拜访": "other"}


def _fields(line: str) -> list[str]:
    for sep in _SEPARATORS:
        line = line.replace(sep, ",")
    parts = [p.strip() for p in line.split(",")]
    if len(parts) == 1:
        parts = line.split()
    return [p for p in parts if p]


def _month_day(text: str, where: str, field: str) -> tuple[int, int]:
    t = text.replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-").strip("- ")
    parts = t.split("-")
    try:
        if len(t) > 12:
            raise ValueError
        m, d = int(parts[-2]), int(parts[-1])
        date(2024, m, d)
    except (ValueError, IndexError, OverflowError):   # 99999999999999999999-1 overflows date() (N26)
        raise PlaybookInputError(field, code="cadence_month_day", where=where, received=text) from None
    return m, d


def _looks_like_day(text: str) -> bool:
    t = text.replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-").strip("- ")
    return any(ch.isdigit() for ch in t) and all(ch.isdigit() or ch == "-" for ch in t)


#: Most lines the planner's text boxes take (customers, events, log).
MAX_LINES = 1000


def _lines(text: object, field: str, label: str) -> list[str]:
    if not isinstance(text, str):
        raise PlaybookInputError(field, code="text_type", label=label, received=text)
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise PlaybookInputError(field, code="too_many_lines", label=label, high=MAX_LINES, count=len(lines))
    return lines


def _rows(text: object, field: str, label: str) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, line, fields) of a text box's lines, blank lines and ``#`` comments skipped."""
    for n, line in enumerate(_lines(text, field, label), 1):
        parts = _fields(line)
        if parts and not parts[0].startswith("#"):
            yield n, line, parts


def parse_customers(text: str) -> list[Customer]:
    """One customer a line: ``名称,级别[,生日][,客户经理]``, e.g. ``甲加油站,A,9-3,王伟``;
    a paste from Excel (tab-separated) works too; errors name the line."""
    out = []
    for n, line, parts in _rows(text, "customers", "客户名单"):
        if n == 1 and parts[0] in BOOK_COLUMNS["客户"] + ("客户",):
            continue                                   # a header row pasted along
        if len(parts) < 2:
            raise PlaybookInputError("customers", code="line_format", where="客户名单", row=n, part="行", pattern="名称,级别",
                                     example="甲加油站,A", received=line.strip())
        grade = parts[1].upper().removesuffix("类")
        if grade not in GRADES:
            raise PlaybookInputError("grade", code="choice", label=f"客户名单第 {n} 行的级别", allowed="A、B、C",
                                     received=parts[1])
        rest = parts[2:]
        birthday = None
        if rest and _looks_like_day(rest[0]):
            birthday = _month_day(rest.pop(0), f"客户名单第 {n} 行生日", "birthday")
        owner = rest[0] if rest else ""
        out.append(Customer(parts[0], grade, birthday, owner))
    return out


#: The customer book's columns and the header spellings each accepts.
BOOK_COLUMNS: dict[str, tuple[str, ...]] = {
    "客户": ("客户名称", "名称", "客户名", "门店"),
    "级别": ("客户级别", "分级", "等级", "类别"),
    "生日": ("客户生日", "关键人生日"),
    "客户经理": ("业务员", "销售", "负责人", "归属", "客户经理姓名"),
}


def customers_from_table(rows: Sequence[Sequence[object]]) -> list[Customer]:
    """Customers from a table's rows (:func:`playbook.sheets.read_rows`): columns 客户, 级别,
    optional 生日 (月-日) and 客户经理; errors name the row (the header is row 1)."""
    from playbook import sheets

    out = []
    for n, rec in enumerate(sheets.records(rows, BOOK_COLUMNS, required=("客户", "级别")), 2):
        name = clean_line(str(rec["客户"]))
        if not name:
            continue
        grade = str(rec["级别"]).strip().upper().removesuffix("类")
        if grade not in GRADES:
            raise PlaybookInputError("grade", code="choice", label=f"第 {n} 行“级别”", allowed="A、B、C",
                                     received=rec['级别'])
        raw_day = rec.get("生日", "")
        birthday = None
        if isinstance(raw_day, (date, datetime)):
            birthday = (raw_day.month, raw_day.day)
        elif str(raw_day).strip():
            birthday = _month_day(str(raw_day), f"第 {n} 行“生日”", "birthday")
        out.append(Customer(name, grade, birthday, clean_line(str(rec.get("客户经理", "") or ""))))
    if len(out) > MAX_TEAM_CUSTOMERS:
        raise PlaybookInputError("customers", code="count_range", label="客户数", low=1, high=MAX_TEAM_CUSTOMERS,
                                 count=len(out))
    return out


def parse_events(text: str, year: int | None = None) -> list[Event]:
    """One event a line: ``月-日,客户,类型`` (类型: 纪念日 / 慰问 / 其他), e.g. ``9-12,丙物流,慰问``.

    Events are yearly (month-day): a line for another month is kept and used when the plan
    covers that month, never an error. ``year`` is accepted for older callers (checked, unused)."""
    if year is not None:
        require_int(year, "year", "年份", *PLAN_YEARS)
    out = []
    for n, _line, parts in _rows(text, "events", "纪念日等"):
        if len(parts) < 2:
            raise PlaybookInputError("events", code="line_format", where="事件", row=n, part="行", pattern="月-日,客户,类型",
                                     example="9-12,丙物流,慰问", received=_line.strip())
        m, d = _month_day(parts[0], f"事件第 {n} 行", "events")
        kind_word = parts[2] if len(parts) > 2 else "纪念日"
        kind = next((k for word, k in EVENT_WORDS.items() if word in kind_word), None)
        if kind is None:
            raise PlaybookInputError("events", code="choice", label=f"事件第 {n} 行的类型", allowed="纪念日、慰问、其他",
                                     received=kind_word)
        out.append(Event(parts[1], (m, d), kind))
    return out


CHANNEL_WORDS = {"上门": "on_site", "实地": "on_site", "拜访": "on_site", "面谈": "on_site", "电话": "phone",
                 "短信": "message", "微信": "message", "问候": "message", "QQ": "message", "消息": "message"}


def parse_log(text: str, year: int) -> list[LogEntry]:
    """A visit log, one contact a line: ``月-日,客户,方式`` (方式: 上门 / 电话 / 短信 / 微信),
    or ``年-月-日,…``; a month-day takes ``year``. Errors name the line."""
    require_int(year, "year", "年份", *PLAN_YEARS)
    out = []
    for n, _line, parts in _rows(text, "log", "拜访记录"):
        if len(parts) < 3:
            raise PlaybookInputError("log", code="line_format", where="拜访记录", row=n, part="行", pattern="月-日,客户,方式",
                                     example="9-3,甲加油站,上门", received=_line.strip())
        t = parts[0].replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-").strip("-")
        bits = t.split("-")
        try:
            if len(t) > 12:
                raise ValueError
            if len(bits) == 3:
                day = date(int(bits[0]), int(bits[1]), int(bits[2]))
            else:
                m, d = _month_day(parts[0], f"拜访记录第 {n} 行", "log")
                day = date(year, m, d)
        except (ValueError, OverflowError, PlaybookInputError):
            raise PlaybookInputError("log", code="cadence_log_date", n=n, received=parts[0]) from None
        channel = next((k for word, k in CHANNEL_WORDS.items() if word in parts[2]), None)
        if channel is None:
            raise PlaybookInputError("log", code="choice", label=f"拜访记录第 {n} 行的方式", allowed="上门、电话、短信、微信",
                                     received=parts[2])
        out.append(LogEntry(day, clean_line(parts[1]), channel))
    return out
