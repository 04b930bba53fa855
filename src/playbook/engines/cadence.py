"""拜访节奏计划 (visit-cadence planner) from seed 004 rules 1–8.

Rules, as data (004 客情日常维护):

- per month, on-site visits A/B/C = 8/4/1, phone calls 4/2/1, messages (短信、QQ 等) 4/2/1
  (:data:`QUOTAS`, :func:`monthly_quota`);
- 端午、中秋: A customers an on-site visit (the seed adds a gift: only within company policy),
  B and C a phone call, every customer a festival message; 春节: every customer an on-site
  visit and a message; a customer's birthday: a personal message;
- 重大纪念日 (wedding, birth of a child) and condolence visits: on-site, added by the user as
  :class:`Event`.

The counts are the seed's norm for pharmacy sales (004 is written for 门店); an oil wholesaler
adjusts them with ``quotas``. :func:`plan` spreads each customer's visits over the month's
working days (official calendar, :mod:`playbook.engines.cn_calendar`), never two on-site visits
to one customer on one day, at most ``max_on_site_per_day`` on-site visits a day, and says in
Chinese when the month's quota cannot be met. :func:`to_ics` writes the plan as an iCalendar file
(RFC 5545, one all-day VEVENT per visit) with the ``icalendar`` package where it is installed and
with an equivalent standard-library writer in the reader's browser; :func:`to_csv` as CSV.

Standard library only (runs in the reader's browser).

Usage (June 2026: an A and a B customer; 端午 adds an on-site visit for A, a call for B):

>>> from collections import Counter
>>> from playbook.engines import cadence
>>> p = cadence.plan(cadence.parse_customers("张经理,A\\n李经理,B"), 2026, 6)
>>> p.required, p.warnings
({'on_site': 12, 'phone': 6, 'message': 6}, ())
>>> Counter(v.channel for v in p.visits if v.customer == "张经理")
Counter({'on_site': 9, 'message': 5, 'phone': 4})
>>> [(v.day.isoformat(), v.channel, v.note) for v in p.visits if v.reason == "端午"][0]
('2026-06-19', 'on_site', '如赠礼品,须在公司政策允许的范围内')
>>> cadence.to_ics(p)[:15]
b'BEGIN:VCALENDAR'
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from playbook.engines import cn_calendar
from playbook.errors import PlaybookInputError, shown, guarded
from playbook.normalize import clean_line, printable, require_date, require_int
from playbook.spreadsheet import csv_bytes

__all__ = ["CHANNELS", "GRADES", "QUOTAS", "Customer", "Event", "Plan", "Visit", "festivals_in",
           "monthly_quota", "plan", "to_csv", "to_ics"]

GRADES = ("A", "B", "C")
#: Channel id → Chinese label.
CHANNELS = {"on_site": "实地拜访", "phone": "电话拜访", "message": "短信/微信问候"}
#: 004 rules 1–3: contacts per month by customer grade.
QUOTAS: dict[str, dict[str, int]] = {
    "A": {"on_site": 8, "phone": 4, "message": 4},
    "B": {"on_site": 4, "phone": 2, "message": 2},
    "C": {"on_site": 1, "phone": 1, "message": 1},
}
#: 004 rules 4–5: festival → grade → channels on the festival.
FESTIVAL_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "春节": {"A": ("on_site", "message"), "B": ("on_site", "message"), "C": ("on_site", "message")},
    "端午": {"A": ("on_site", "message"), "B": ("phone", "message"), "C": ("phone", "message")},
    "中秋": {"A": ("on_site", "message"), "B": ("phone", "message"), "C": ("phone", "message")},
}
#: Event kinds the user may add (004 rules 7–8), all on-site.
EVENT_KINDS = {"anniversary": "重大纪念日登门祝贺", "condolence": "登门慰问", "other": "登门拜访"}
#: Default ceiling of on-site visits a salesperson makes in one day (the book's assumption).
DEFAULT_MAX_ON_SITE_PER_DAY = 6
MAX_CUSTOMERS = 2000


@dataclass(frozen=True)
class Customer:
    """A customer to plan for: a name, a grade A/B/C and optionally a birthday (month, day)."""

    name: str
    grade: str
    birthday: tuple[int, int] | None = None


@dataclass(frozen=True)
class Event:
    """A visit the user adds: 重大纪念日 (``anniversary``), condolence (``condolence``) or ``other``."""

    customer: str
    day: date
    kind: str = "anniversary"
    note: str = ""


@dataclass(frozen=True)
class Visit:
    day: date
    customer: str
    grade: str
    channel: str        # key of CHANNELS
    reason: str         # 例行 / 中秋 / 生日 / 重大纪念日登门祝贺 …
    note: str = ""

    @property
    def channel_label(self) -> str:
        return CHANNELS[self.channel]

    @property
    def summary(self) -> str:
        """One line for a calendar: 实地拜访:某客户(A 类)· 中秋."""
        extra = "" if self.reason == "例行" else f" · {self.reason}"
        return f"{self.channel_label}:{self.customer}({self.grade} 类){extra}"


@dataclass(frozen=True)
class Plan:
    year: int
    month: int
    visits: tuple[Visit, ...]
    working_days: tuple[date, ...]
    max_on_site_per_day: int
    #: Chinese messages: quotas not met, days over the ceiling.
    warnings: tuple[str, ...]
    #: Channel → planned count, and channel → count the rules ask for.
    planned: dict[str, int] = field(default_factory=dict)
    required: dict[str, int] = field(default_factory=dict)

    def on_day(self, day: date) -> list[Visit]:
        return [v for v in self.visits if v.day == day]


@guarded("quotas")
def monthly_quota(grade: str, quotas: dict[str, dict[str, int]] | None = None) -> dict[str, int]:
    """Contacts per month for a grade: ``monthly_quota("A") == {"on_site": 8, "phone": 4, "message": 4}``."""
    table = quotas or QUOTAS
    if grade not in table:
        raise PlaybookInputError("grade", f"客户级别须为 {'、'.join(table)} 之一,收到 {shown(grade)}")
    return dict(table[grade])


#: The years the planner plans (those of its festival and holiday tables): every plan date lies in them.
PLAN_YEARS = (cn_calendar.LUNAR_YEARS.start, cn_calendar.LUNAR_YEARS.stop - 1)


def festivals_in(year: int, month: int) -> list[tuple[str, date]]:
    """The 004 festivals (春节、端午、中秋) that fall in the month."""
    found = [(name, cn_calendar.festival_date(name, year)) for name in FESTIVAL_RULES]
    return sorted(((n, d) for n, d in found if d.month == month), key=lambda x: x[1])


def _check_quotas(quotas: dict[str, dict[str, int]] | None) -> dict[str, dict[str, int]]:
    if quotas is None:
        return QUOTAS
    if not isinstance(quotas, dict):
        raise PlaybookInputError("quotas", code="choice", label="拜访规则", allowed="按级别 A、B、C 的字典",
                                 received=quotas)
    for grade, row in quotas.items():   # a misspelt key must not be ignored silently (N18)
        if grade not in GRADES:
            raise PlaybookInputError("quotas", code="choice", label="拜访规则的客户级别", allowed="A、B、C",
                                     received=grade)
        if not isinstance(row, dict) or set(row) - set(CHANNELS):
            bad = sorted(map(str, set(row) - set(CHANNELS))) if isinstance(row, dict) else [row]
            raise PlaybookInputError(f"quotas.{grade}", code="choice", label=f"{grade} 类客户的拜访方式",
                                     allowed="、".join(CHANNELS), received=bad[0] if bad else row)
    out = {}
    for grade in GRADES:
        row = quotas.get(grade, QUOTAS[grade])
        out[grade] = {ch: require_int(row.get(ch, QUOTAS[grade][ch]), f"quotas.{grade}.{ch}",
                                      f"{grade} 类客户每月{CHANNELS[ch]}次数", 0, 31)
                      for ch in CHANNELS}
    return out


def _check_customers(customers) -> list[Customer]:
    items = list(customers)
    if not items:
        raise PlaybookInputError("customers", "客户名单为空:请至少填写一位客户(名称和级别 A/B/C)")
    if len(items) > MAX_CUSTOMERS:
        raise PlaybookInputError("customers", f"客户数须在 1–{MAX_CUSTOMERS} 之间,收到 {len(items)}")
    seen: set[str] = set()
    out = []
    for n, c in enumerate(items, 1):
        if not isinstance(c, Customer):
            c = Customer(*c) if isinstance(c, (tuple, list)) else Customer(**c)
        name = clean_line(str(c.name))
        if not name:
            raise PlaybookInputError("customers", f"第 {n} 位客户的名称为空")
        if name in seen:
            raise PlaybookInputError("customers", f"客户名称重复:{name}(每位客户只列一次)")
        seen.add(name)
        grade = str(c.grade).strip().upper()
        if grade not in GRADES:
            raise PlaybookInputError("grade", f"客户“{name}”的级别须为 A、B、C 之一,收到 {shown(c.grade)}")
        birthday = c.birthday
        if birthday is not None:
            # (month, day) as two integers: "12", (2.9, 3.7) or (True, True) are not a birthday (N18)
            bad = PlaybookInputError("birthday", f"客户“{name}”的生日须为有效的(月, 日)整数,收到 {shown(birthday)}")
            if not isinstance(birthday, (tuple, list)) or len(birthday) != 2 or \
                    any(isinstance(x, bool) or not isinstance(x, int) for x in birthday):
                raise bad
            try:
                date(2024, birthday[0], birthday[1])   # a leap year admits 2-29
            except (TypeError, ValueError, OverflowError):
                raise bad from None
            birthday = (int(birthday[0]), int(birthday[1]))
        out.append(Customer(name, grade, birthday))
    return out


def _spread(count: int, days: int, phase: float) -> list[int]:
    """``count`` distinct day indexes spread evenly over ``days`` (count ≤ days), shifted by phase ∈ [0, 1)."""
    step = days / count
    return sorted({min(days - 1, int((i + phase) * step)) for i in range(count)})


@guarded("customers")
def plan(customers, year: int, month: int, *, events=(), quotas: dict[str, dict[str, int]] | None = None,
         max_on_site_per_day: int = DEFAULT_MAX_ON_SITE_PER_DAY) -> Plan:
    """A month's visits for ``customers`` (:class:`Customer` or (name, grade[, (month, day)]) tuples).

    Routine contacts (the quotas) go on working days, spread evenly and staggered between
    customers; festival contacts on the festival's date (on-site ones move to the working days
    just before when that day is full); birthday messages on the birthday; ``events`` on their day.
    """
    require_int(year, "year", "年份", *PLAN_YEARS)
    require_int(month, "month", "月份", 1, 12)
    cap = require_int(max_on_site_per_day, "max_on_site_per_day", "每天最多实地拜访次数", 1, 30)
    table = _check_quotas(quotas)
    people = _check_customers(customers)
    by_name = {c.name: c for c in people}
    days = cn_calendar.workdays(year, month)
    visits: list[Visit] = []
    warnings: list[str] = []
    on_site_load: dict[date, int] = {}
    on_site_days: dict[str, set[date]] = {c.name: set() for c in people}
    used: dict[tuple[str, str], set[date]] = {}

    def add(day: date, c: Customer, channel: str, reason: str, note: str = "") -> None:
        visits.append(Visit(day, c.name, c.grade, channel, reason, note))
        used.setdefault((c.name, channel), set()).add(day)
        if channel == "on_site":
            on_site_load[day] = on_site_load.get(day, 0) + 1
            on_site_days[c.name].add(day)

    # 1. user-added events (fixed dates, on-site)
    for e in events:
        if not isinstance(e, Event):
            e = Event(*e) if isinstance(e, (tuple, list)) else Event(**e)
        e = Event(clean_line(str(e.customer)), e.day, e.kind, e.note)
        if e.customer not in by_name:
            raise PlaybookInputError("events", f"事件中的客户“{e.customer}”不在客户名单中")
        if e.kind not in EVENT_KINDS:
            raise PlaybookInputError("events", f"事件类型须为 {'、'.join(EVENT_KINDS.values())} 之一,收到 {shown(e.kind)}")
        first = date(year, month, 1)
        require_date(e.day, "events", "事件日期", first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1))
        add(e.day, by_name[e.customer], "on_site", EVENT_KINDS[e.kind], e.note)

    # 2. festivals (004 rules 4–5)
    for name, day in festivals_in(year, month):
        before = [d for d in reversed(days) if d < day][:7]
        for c in people:
            for channel in FESTIVAL_RULES[name][c.grade]:
                if channel != "on_site":
                    add(day, c, channel, name)
                    continue
                note = "如赠礼品,须在公司政策允许的范围内" if name != "春节" else ""
                for d in [day, *before]:
                    if on_site_load.get(d, 0) < cap and d not in on_site_days[c.name]:
                        add(d, c, channel, name if d == day else f"{name}(节前)", note)
                        break
                else:
                    warnings.append(f"{name}:客户“{c.name}”的节日登门拜访排不进节日当天和节前一周(每天上限 {cap} 次)。")

    # 3. birthdays (004 rule 6)
    for c in people:
        if c.birthday and c.birthday[0] == month:
            try:
                add(date(year, month, c.birthday[1]), c, "message", "生日", "按客户特点写一条个性化祝福")
            except ValueError:   # 2-29 in a common year: the day before
                add(date(year, 2, 28), c, "message", "生日", "按客户特点写一条个性化祝福")

    # 4. routine quotas (004 rules 1–3), on working days
    required = {ch: sum(table[c.grade][ch] for c in people) for ch in CHANNELS}
    short: dict[str, int] = {ch: 0 for ch in CHANNELS}
    n = len(days)
    for index, c in enumerate(people):
        phase = (index * 0.618034) % 1.0       # stagger customers over the month
        for channel in ("on_site", "phone", "message"):
            count = table[c.grade][channel]
            if count == 0:
                continue
            if count > n:
                short[channel] += count - n
                count = n
            for ideal in _spread(count, n, phase):
                placed = False
                for offset in sorted(range(-n, n), key=lambda k: (abs(k), k)):
                    j = ideal + offset
                    if not 0 <= j < n:
                        continue
                    d = days[j]
                    if channel == "on_site":
                        if d in on_site_days[c.name] or on_site_load.get(d, 0) >= cap:
                            continue
                    elif d in used.get((c.name, channel), ()):
                        continue
                    add(d, c, channel, "例行")
                    placed = True
                    break
                if not placed:
                    short[channel] += 1
    over = sorted(d for d, load in on_site_load.items() if load > cap)
    if over:   # fixed-date events are placed on their day even past the ceiling: say so (N17)
        warnings.append(f"{'、'.join(f'{d.month}月{d.day}日' for d in over[:5])}的实地拜访超过每天上限 {cap} 次"
                        "(纪念日、慰问等固定日期的登门):请考虑请同事分担。")
    planned = {ch: sum(1 for v in visits if v.channel == ch and v.reason == "例行") for ch in CHANNELS}
    if short["on_site"]:
        need = required["on_site"]
        warnings.insert(0, (
            f"{year} 年 {month} 月有 {n} 个工作日,按每天最多实地拜访 {cap} 次,最多能安排 {n * cap} 次;"
            f"规则要求例行实地拜访 {need} 次(另有节日、纪念日登门),有 {short['on_site']} 次排不下。"
            "请减少客户数、调整客户分级、提高每天拜访上限,或请同事分担。"))
    for ch in ("phone", "message"):
        if short[ch]:
            warnings.append(f"{CHANNELS[ch]}有 {short[ch]} 次排不下(本月工作日只有 {n} 天)。")
    visits.sort(key=lambda v: (v.day, list(CHANNELS).index(v.channel), v.customer))
    return Plan(year, month, tuple(visits), tuple(days), cap, tuple(warnings), planned, required)


# ------------------------------------------------------------------ export
def _uid(v: Visit, n: int) -> str:
    digest = hashlib.sha1(f"{v.day}|{v.customer}|{v.channel}|{v.reason}|{n}".encode()).hexdigest()[:16]
    return f"{v.day:%Y%m%d}-{digest}@playbook.cadence"


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
             "X-WR-CALNAME:" + _escape(f"拜访计划 {p.year}-{p.month:02d}")]
    for n, v in enumerate(p.visits):
        lines += ["BEGIN:VEVENT", f"UID:{_uid(v, n)}", f"DTSTAMP:{when}",
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
    cal.add("x-wr-calname", f"拜访计划 {p.year}-{p.month:02d}")
    for n, v in enumerate(p.visits):
        ev = icalendar.Event()
        ev.add("uid", _uid(v, n))
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
    return csv_bytes(CSV_HEADER, rows(p))


# ------------------------------------------------------------------ text input (the widget's boxes)
_SEPARATORS = (",", ",", "\t", ";", ";", "、")
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
        raise PlaybookInputError(field, f"{where}的日期须写成“月-日”,如 9-3,收到 {shown(text)}") from None
    return m, d


#: Most lines the planner's text boxes take (customers, events).
MAX_LINES = 1000


def _lines(text: object, field: str, label: str) -> list[str]:
    if not isinstance(text, str):
        raise PlaybookInputError(field, code="text_type", label=label, received=text)
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise PlaybookInputError(field, f"{label}最多 {MAX_LINES} 行,收到 {len(lines)} 行:请分几次排")
    return lines


def parse_customers(text: str) -> list[Customer]:
    """One customer a line: ``名称,级别[,生日]``, e.g. ``甲加油站,A,9-3``; errors name the line."""
    out = []
    for n, line in enumerate(_lines(text, "customers", "客户名单"), 1):
        parts = _fields(line)
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) < 2:
            raise PlaybookInputError("customers", f"客户名单第 {n} 行须写成“名称,级别”,如 甲加油站,A;收到 {shown(line.strip())}")
        grade = parts[1].upper().removesuffix("类")
        if grade not in GRADES:
            raise PlaybookInputError("grade", f"客户名单第 {n} 行的级别须为 A、B、C 之一,收到 {shown(parts[1])}")
        birthday = _month_day(parts[2], f"客户名单第 {n} 行生日", "birthday") if len(parts) > 2 else None
        out.append(Customer(parts[0], grade, birthday))
    return out


def parse_events(text: str, year: int) -> list[Event]:
    """One event a line: ``月-日,客户,类型`` (类型: 纪念日 / 慰问 / 其他), e.g. ``9-12,丙物流,慰问``."""
    require_int(year, "year", "年份", *PLAN_YEARS)
    out = []
    for n, line in enumerate(_lines(text, "events", "纪念日等"), 1):
        parts = _fields(line)
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) < 2:
            raise PlaybookInputError("events", f"事件第 {n} 行须写成“月-日,客户,类型”,如 9-12,丙物流,慰问")
        m, d = _month_day(parts[0], f"事件第 {n} 行", "events")
        kind_word = parts[2] if len(parts) > 2 else "纪念日"
        kind = next((k for word, k in EVENT_WORDS.items() if word in kind_word), None)
        if kind is None:
            raise PlaybookInputError("events", f"事件第 {n} 行的类型须为 纪念日、慰问 或 其他,收到 {shown(kind_word)}")
        try:
            day = date(year, m, d)
        except ValueError:
            raise PlaybookInputError("events", f"事件第 {n} 行的日期 {m}-{d} 在 {year} 年不存在") from None
        out.append(Event(parts[1], day, kind))
    return out
