"""A visit plan as files: iCalendar (RFC 5545) with UIDs made from (customer, channel, reason,
occurrence) only, so re-importing an edited plan updates events instead of duplicating them;
table rows and CSV for Excel.

Usage:

>>> from datetime import datetime, timezone
>>> from playbook.engines.cadence_export import ics_text, rows
>>> from playbook.engines.cadence_planner import plan
>>> p = plan([("甲加油站", "C")], 2026, 9)
>>> rows(p)[0]
('2026-09-02', '周三', '甲加油站', 'C', '电话拜访', '例行', '')
>>> ics_text(p, stamp=datetime(2026, 8, 31, 8, 0, tzinfo=timezone.utc)).splitlines()[:2]
['BEGIN:VCALENDAR', 'VERSION:2.0']

Standard library only (runs in the reader's browser); ``icalendar`` is used where installed.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from playbook.engines.cadence_types import Plan, Visit
from playbook.normalize import printable


def _uid(v: Visit) -> str:
    """Stable across edits: made from what the visit is (customer, channel, reason, occurrence),
    never from its day or its position in the list, so a re-imported plan updates the events."""
    digest = hashlib.sha1((v.key or f"{v.customer}|{v.channel}|{v.reason}|{v.day}").encode()).hexdigest()[:20]
    return f"{digest}@playbook.cadence"


def _description(v: Visit) -> str:
    parts = [f"客户级别:{v.grade} 类", f"方式:{v.channel_label}", f"事由:{v.reason}"]
    if v.note:
        parts.append(f"提示:{v.note}")
    return "\n".join(parts)


def _escape(text: str) -> str:
    # Every line break, a lone CR included (N4), becomes the escaped \n; other controls are dropped.
    text = printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + space; never splits a character."""
    out: list[str] = []
    current = b""
    for ch in line:
        b = ch.encode("utf-8")
        limit = 75 if not out else 74
        if len(current) + len(b) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def ics_text(p: Plan, *, stamp: datetime | None = None) -> str:
    """The plan as iCalendar text with the standard library only (what the browser uses)."""
    when = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//playbook//cadence//ZH", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:" + _escape(p.title)]
    for v in p.visits:
        lines += ["BEGIN:VEVENT", f"UID:{_uid(v)}", f"DTSTAMP:{when}",
                  f"DTSTART;VALUE=DATE:{v.day:%Y%m%d}", f"DTEND;VALUE=DATE:{v.day + timedelta(days=1):%Y%m%d}",
                  "SUMMARY:" + _escape(v.summary), "DESCRIPTION:" + _escape(_description(v)),
                  "CATEGORIES:" + _escape(v.channel_label), "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def to_ics(p: Plan, *, stamp: datetime | None = None) -> bytes:
    """The plan as an iCalendar file (UTF-8 bytes): the ``icalendar`` package where installed,
    otherwise :func:`ics_text`; both give the same events (``tests/test_cadence.py``)."""
    try:
        import icalendar
    except ImportError:
        return ics_text(p, stamp=stamp).encode("utf-8")
    when = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//playbook//cadence//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", p.title)
    for v in p.visits:
        ev = icalendar.Event()
        ev.add("uid", _uid(v))
        ev.add("dtstamp", when)
        ev.add("dtstart", v.day)
        ev.add("dtend", v.day + timedelta(days=1))
        ev.add("summary", v.summary)
        ev.add("description", _description(v))
        ev.add("categories", [v.channel_label])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()


CSV_HEADER = ("日期", "星期", "客户", "级别", "方式", "事由", "提示")
_WEEKDAYS = "一二三四五六日"


def rows(p: Plan) -> list[tuple[str, ...]]:
    """The plan as table rows (:data:`CSV_HEADER`)."""
    return [(f"{v.day:%Y-%m-%d}", f"周{_WEEKDAYS[v.day.weekday()]}", v.customer, v.grade,
             v.channel_label, v.reason, v.note) for v in p.visits]


def to_csv(p: Plan) -> bytes:
    """The plan as CSV, UTF-8 with BOM (Excel opens it with the Chinese intact)."""
    from playbook.spreadsheet import csv_bytes

    return csv_bytes(CSV_HEADER, rows(p))
