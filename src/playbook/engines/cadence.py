"""拜访节奏计划 (visit-cadence planner) from seed 004 rules 1–8, for one rep or a team.

Rules, as data (004 客情日常维护):

- per month, on-site visits A/B/C = 8/4/1, phone calls 4/2/1, messages (短信、QQ 等) 4/2/1
  (:data:`QUOTAS`, :func:`monthly_quota`);
- 端午、中秋: A customers an on-site visit with a gift (only within company policy), B and C a
  phone call; 春节: every customer an on-site visit; every festival a greeting on the day;
  a customer's birthday: a personal message;
- 重大纪念日 (wedding, birth of a child) and condolence visits: on-site, added by the user as
  :class:`Event`.

How the book reads those rules (a manager's practice, stated so it can be argued with):

- gifts are taken *before* the festival: festival on-site visits go on the working days of the
  week before it (the book's "节前一周" exercise); the greeting (message, or the phone call for
  B/C) is sent on the day itself;
- one contact a customer a day: a customer's visits, calls and messages fall on distinct days,
  and never a call or message on that customer's on-site day (two contacts on one day read as
  padding); where two fixed contacts meet (a birthday on 中秋) they become one contact;
- birthdays and 纪念日 are yearly (given as month-day);
- routine contacts only on official working days (:mod:`playbook.engines.cn_calendar`; in a year
  whose holiday notice is not out, statutory holidays are still off and the plan says 调休 is
  unknown), at most ``max_on_site_per_day`` on-site visits a day, A customers placed first.

:func:`plan` plans one rep over ``months`` consecutive months; :func:`team_plan` splits one
customer book by its 客户经理 column into per-rep plans with a capacity table; :func:`compare`
sets a visit log against a plan. :func:`to_ics` writes iCalendar (RFC 5545) with UIDs made from
(customer, channel, reason, occurrence) only, so re-importing an edited plan updates events
instead of duplicating them.

Usage (one rep, January 2027: 元旦 is no working day, so nothing is planned on it; the on-site
visits meet the A/B/C quotas 8/4/1):

>>> from datetime import date
>>> from playbook.engines.cadence import Customer, plan
>>> p = plan([Customer("甲油站", "A"), ("乙公司", "B"), ("丙车队", "C")], 2027, 1)
>>> p.title
'拜访计划 2027-01'
>>> p.on_day(date(2027, 1, 1)), date(2027, 1, 1) in p.working_days
([], False)
>>> p.planned["on_site"] == p.required["on_site"] == 8 + 4 + 1
True

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from playbook.engines import cn_calendar
from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import clean_line, printable, require_date, require_int

__all__ = ["CHANNELS", "GRADES", "QUOTAS", "Customer", "Event", "LogEntry", "Plan", "TeamPlan", "Visit",
           "compare", "festivals_in", "monthly_quota", "plan", "team_plan", "to_csv", "to_ics"]

GRADES = ("A", "B", "C")
#: Channel id → Chinese label (one name each, on every page, table and calendar).
CHANNELS = {"on_site": "上门拜访", "phone": "电话拜访", "message": "短信/微信问候"}
_STRENGTH = {"on_site": 2, "phone": 1, "message": 0}
#: 004 rules 1–3: contacts per month by customer grade.
QUOTAS: dict[str, dict[str, int]] = {
    "A": {"on_site": 8, "phone": 4, "message": 4},
    "B": {"on_site": 4, "phone": 2, "message": 2},
    "C": {"on_site": 1, "phone": 1, "message": 1},
}
#: 004 rules 4–5: festival → grade → (on-site visit in the week before?, greeting channel on the day).
FESTIVAL_RULES: dict[str, dict[str, tuple[bool, str]]] = {
    "春节": {"A": (True, "message"), "B": (True, "message"), "C": (True, "message")},
    "端午": {"A": (True, "message"), "B": (False, "phone"), "C": (False, "phone")},
    "中秋": {"A": (True, "message"), "B": (False, "phone"), "C": (False, "phone")},
}
#: Days before a festival in which its on-site visits (and gifts) go.
FESTIVAL_LEAD_DAYS = 7
GIFT_NOTE = "如赠礼品,须在公司政策允许的范围内,并按规定登记"
#: Event kinds the user may add (004 rules 7–8), all on-site.
EVENT_KINDS = {"anniversary": "重大纪念日登门祝贺", "condolence": "登门慰问", "other": "登门拜访"}
#: Default ceiling of on-site visits a salesperson makes in one day (the book's assumption).
DEFAULT_MAX_ON_SITE_PER_DAY = 6
MAX_CUSTOMERS = 2000
MAX_TEAM_CUSTOMERS = 20_000
MAX_MONTHS = 6
NO_OWNER = "(未填客户经理)"


@dataclass(frozen=True)
class Customer:
    """A customer to plan for: a name, a grade A/B/C, optionally a birthday (month, day) and the
    客户经理 who owns the customer (used by :func:`team_plan`)."""

    name: str
    grade: str
    birthday: tuple[int, int] | None = None
    owner: str = ""


@dataclass(frozen=True)
class Event:
    """A visit the user adds: 重大纪念日 (``anniversary``), condolence (``condolence``) or ``other``.

    ``day`` is a (month, day) pair, repeated every year of the plan (a 纪念日), or a date, which
    happens once. Events outside the plan's months are ignored, never an error.
    """

    customer: str
    day: date | tuple[int, int]
    kind: str = "anniversary"
    note: str = ""


@dataclass(frozen=True)
class Visit:
    day: date
    customer: str
    grade: str
    channel: str        # key of CHANNELS
    reason: str         # 例行 / 中秋 / 中秋(节前) / 生日 / 重大纪念日登门祝贺 …
    note: str = ""
    #: What the visit is, independent of its day and of the other customers: the .ics UID's source.
    key: str = ""

    @property
    def channel_label(self) -> str:
        return CHANNELS[self.channel]

    @property
    def summary(self) -> str:
        """One line for a calendar: 上门拜访:某客户(A 类)· 中秋(节前)."""
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
    #: Channel → planned count, and channel → count the rules ask for (routine contacts).
    planned: dict[str, int] = field(default_factory=dict)
    required: dict[str, int] = field(default_factory=dict)
    #: The (year, month) pairs the plan covers, in order.
    months: tuple[tuple[int, int], ...] = ()
    #: Chinese notes on the calendar (a year whose holiday notice is not out yet).
    notes: tuple[str, ...] = ()
    owner: str = ""
    #: Routine contacts that could not be placed, by channel.
    short: dict[str, int] = field(default_factory=dict)

    def on_day(self, day: date) -> list[Visit]:
        return [v for v in self.visits if v.day == day]

    @property
    def title(self) -> str:
        """拜访计划 2026-09 or 2026-12–2027-02, with the rep's name when there is one."""
        (y0, m0), (y1, m1) = self.months[0], self.months[-1]
        span = f"{y0}-{m0:02d}" if (y0, m0) == (y1, m1) else f"{y0}-{m0:02d}至{y1}-{m1:02d}"
        return f"拜访计划 {span}" + (f" {self.owner}" if self.owner else "")


@guarded("quotas")
def monthly_quota(grade: str, quotas: dict[str, dict[str, int]] | None = None) -> dict[str, int]:
    """Contacts per month for a grade: ``monthly_quota("A") == {"on_site": 8, "phone": 4, "message": 4}``."""
    table = quotas or QUOTAS
    if grade not in table:
        raise PlaybookInputError("grade", code="choice", label="客户级别", allowed='、'.join(table), received=grade)
    return dict(table[grade])


#: The years the planner plans (those of its festival and holiday tables): every plan date lies in them.
PLAN_YEARS = (cn_calendar.LUNAR_YEARS.start, cn_calendar.LUNAR_YEARS.stop - 1)


def festivals_in(year: int, month: int) -> list[tuple[str, date]]:
    """The 004 festivals (春节、端午、中秋) that fall in the month."""
    found = [(name, cn_calendar.festival_date(name, year)) for name in FESTIVAL_RULES]
    return sorted(((n, d) for n, d in found if d.month == month), key=lambda x: x[1])


def month_span(year: int, month: int, months: int) -> list[tuple[int, int]]:
    """``months`` consecutive (year, month) pairs from (year, month)."""
    out = []
    for k in range(months):
        index = year * 12 + (month - 1) + k
        out.append((index // 12, index % 12 + 1))
    return out


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


def _check_customers(customers, limit: int = MAX_CUSTOMERS) -> list[Customer]:
    items = list(customers)
    if not items:
        raise PlaybookInputError("customers", code="cadence_no_customers")
    if len(items) > limit:
        raise PlaybookInputError("customers", code="count_range", label="客户数", low=1, high=limit, count=len(items))
    seen: set[str] = set()
    out = []
    for n, c in enumerate(items, 1):
        if not isinstance(c, Customer):
            c = Customer(*c) if isinstance(c, (tuple, list)) else Customer(**c)
        name = clean_line(str(c.name))
        if not name:
            raise PlaybookInputError("customers", code="row_empty", where="客户名单", row=n, column="名称")
        if name in seen:
            raise PlaybookInputError("customers", code="duplicate", where="", what="客户名称", name=name)
        seen.add(name)
        grade = str(c.grade).strip().upper().removesuffix("类")
        if grade not in GRADES:
            raise PlaybookInputError("grade", code="choice", label=f"客户“{name}”的级别", allowed="A、B、C",
                                     received=c.grade)
        birthday = c.birthday
        if birthday is not None:
            # (month, day) as two integers: "12", (2.9, 3.7) or (True, True) are not a birthday (N18)
            bad = PlaybookInputError("birthday", code="cadence_birthday", name=name, received=birthday)
            if not isinstance(birthday, (tuple, list)) or len(birthday) != 2 or \
                    any(isinstance(x, bool) or not isinstance(x, int) for x in birthday):
                raise bad
            try:
                date(2024, birthday[0], birthday[1])   # a leap year admits 2-29
            except (TypeError, ValueError, OverflowError):
                raise bad from None
            birthday = (int(birthday[0]), int(birthday[1]))
        out.append(Customer(name, grade, birthday, clean_line(str(c.owner or ""))))
    return out


def _phase(name: str, salt: str) -> float:
    """A customer's stable position in the month ∈ [0, 1): from the name, not the list position,
    so adding or reordering customers does not move the others."""
    return int(hashlib.sha1(f"{salt}|{name}".encode()).hexdigest()[:8], 16) / 2 ** 32


def _spread(count: int, days: int, phase: float) -> list[int]:
    """``count`` day indexes spread evenly over ``days`` (count ≤ days), shifted by phase ∈ [0, 1)."""
    step = days / count
    return [min(days - 1, int((i + phase) * step)) for i in range(count)]


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:            # 2-29 in a common year: 2-28
        return date(year, month, 28)


class _Book:
    """The plan being built: one contact per customer per day, on-site load per day."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.contacts: dict[tuple[str, date], Visit] = {}
        self.days_of: dict[str, set[date]] = {}
        self.load: dict[date, int] = {}

    def free(self, name: str, day: date) -> bool:
        return day not in self.days_of.get(name, ())

    def add(self, day: date, c: Customer, channel: str, reason: str, note: str, key: str) -> None:
        """Add a contact; a fixed contact on a day the customer already has one merges into it
        (the stronger channel, both reasons)."""
        old = self.contacts.get((c.name, day))
        if old is None:
            self.contacts[(c.name, day)] = Visit(day, c.name, c.grade, channel, reason, note, key)
            self.days_of.setdefault(c.name, set()).add(day)
            if channel == "on_site":
                self.load[day] = self.load.get(day, 0) + 1
            return
        strong = channel if _STRENGTH[channel] > _STRENGTH[old.channel] else old.channel
        if strong == "on_site" and old.channel != "on_site":
            self.load[day] = self.load.get(day, 0) + 1
        reasons = old.reason if reason in old.reason.split("、") else f"{old.reason}、{reason}"
        notes = "；".join(x for x in dict.fromkeys((old.note, note)) if x)
        first_key = old.key if _STRENGTH[old.channel] >= _STRENGTH[channel] else key
        self.contacts[(c.name, day)] = Visit(day, c.name, c.grade, strong, reasons, notes, first_key)


def _events_on(events, people: dict[str, Customer], months: list[tuple[int, int]]):
    """(date, customer, kind, note) for each event occurrence inside the months."""
    first = date(months[0][0], months[0][1], 1)
    ly, lm = months[-1]
    last = date(ly + lm // 12, lm % 12 + 1, 1) - timedelta(days=1)
    out = []
    for e in events:
        if not isinstance(e, Event):
            e = Event(*e) if isinstance(e, (tuple, list)) else Event(**e)
        name = clean_line(str(e.customer))
        if name not in people:
            raise PlaybookInputError("events", code="unknown_names", what="纪念日等事件中的客户", where="客户名单", names=name)
        if e.kind not in EVENT_KINDS:
            raise PlaybookInputError("events", code="choice", label="事件类型", allowed='、'.join(EVENT_KINDS.values()),
                                     received=e.kind)
        if isinstance(e.day, date):   # a one-off date lies inside the plan's months (a datetime is not a date)
            require_date(e.day, "events", "事件日期", first, last)
            out.append((e.day, people[name], e.kind, e.note))
            continue
        try:
            if not isinstance(e.day, (tuple, list)) or len(e.day) != 2 or \
                    any(isinstance(x, bool) or not isinstance(x, int) for x in e.day):
                raise TypeError
            m, d = e.day
            date(2024, m, d)
        except (TypeError, ValueError, OverflowError):
            raise PlaybookInputError("events", code="cadence_event_day", name=name, received=e.day) from None
        for y, mm in months:
            if mm == m:
                out.append((_safe_date(y, m, d), people[name], e.kind, e.note))
    return out


@guarded("customers")
def plan(customers, year: int, month: int, *, months: int = 1, events=(),
         quotas: dict[str, dict[str, int]] | None = None,
         max_on_site_per_day: int = DEFAULT_MAX_ON_SITE_PER_DAY, owner: str = "") -> Plan:
    """Visits for ``customers`` (:class:`Customer` or (name, grade[, (month, day)]) tuples) over
    ``months`` consecutive months from (year, month). See the module docstring for the rules."""
    require_int(year, "year", "年份", *PLAN_YEARS)
    require_int(month, "month", "月份", 1, 12)
    count_months = require_int(months, "months", "计划月数", 1, MAX_MONTHS)
    cap = require_int(max_on_site_per_day, "max_on_site_per_day", "每天最多上门拜访次数", 1, 30)
    table = _check_quotas(quotas)
    people = _check_customers(customers)
    span = month_span(year, month, count_months)
    if span[-1][0] > PLAN_YEARS[1]:
        raise PlaybookInputError("months", code="cadence_plan_years", year=PLAN_YEARS[1])
    return _plan(people, span, list(events), table, cap, owner)


def _plan(people: list[Customer], span: list[tuple[int, int]], events: list, table, cap: int,
          owner: str) -> Plan:
    by_name = {c.name: c for c in people}
    book = _Book(cap)
    warnings: list[str] = []
    month_days = {ym: cn_calendar.workdays(*ym) for ym in span}
    first_day = date(span[0][0], span[0][1], 1)

    # 1. user-added events (fixed dates, on-site)
    for day, c, kind, note in _events_on(events, by_name, span):
        book.add(day, c, "on_site", EVENT_KINDS[kind], note, f"{c.name}|event|{kind}|{day:%m-%d}|{day.year}")

    # 2. festivals (004 rules 4–5): the greeting on the day, the visit in the week before
    festivals = [(n, d) for y, m in span for n, d in festivals_in(y, m)]
    for name, day in festivals:
        for c in people:
            visit, greeting = FESTIVAL_RULES[name][c.grade]
            book.add(day, c, greeting, name, "", f"{c.name}|{name}|{day.year}|{greeting}")
    birthdays = [(c, _safe_date(y, c.birthday[0], c.birthday[1])) for c in people if c.birthday
                 for y, m in span if c.birthday[0] == m]
    for c, day in birthdays:                              # 004 rule 6
        book.add(day, c, "message", "生日", "按客户特点写一条个性化祝福", f"{c.name}|birthday|{day.year}")
    for name, day in festivals:
        window = [day - timedelta(days=k) for k in range(1, FESTIVAL_LEAD_DAYS + 1)]
        window = [d for d in window if cn_calendar.is_workday(d)]
        for c in sorted(people, key=lambda c: GRADES.index(c.grade)):
            if not FESTIVAL_RULES[name][c.grade][0]:
                continue
            options = [d for d in window if book.free(c.name, d) and book.load.get(d, 0) < cap]
            if not options:
                warnings.append(f"{name}:客户“{c.name}”的节前上门拜访排不进节前一周的工作日(每天上限 {cap} 次)。")
                continue
            # inside the plan's months first, then the least-loaded day, the later the better
            d = min(options, key=lambda d: (d < first_day, book.load.get(d, 0), -d.toordinal()))
            book.add(d, c, "on_site", f"{name}(节前)", GIFT_NOTE if name != "春节" else "",
                     f"{c.name}|{name}|{day.year}|on_site")

    # 3. routine quotas (004 rules 1–3), month by month, on working days; A customers first
    required = {ch: 0 for ch in CHANNELS}
    short = {ch: 0 for ch in CHANNELS}
    ordered = sorted(people, key=lambda c: GRADES.index(c.grade))
    for (y, m) in span:
        days = month_days[(y, m)]
        n = len(days)
        order = sorted(range(-n, n), key=lambda k: (abs(k), k))
        month_short = {ch: 0 for ch in CHANNELS}
        for c in ordered:
            for rank, channel in enumerate(("on_site", "phone", "message")):
                want = table[c.grade][channel]
                required[channel] += want
                if want == 0:
                    continue
                count = min(want, n)
                month_short[channel] += want - count
                placed = 0
                if channel == "on_site" and all(book.load.get(d, 0) >= cap for d in days):
                    month_short[channel] += count          # every day is at the ceiling already
                    continue
                for ideal in _spread(count, n, (_phase(c.name, channel) + rank / 3) % 1.0):
                    for offset in order:
                        j = ideal + offset
                        if not 0 <= j < n:
                            continue
                        d = days[j]
                        if not book.free(c.name, d):
                            continue
                        if channel == "on_site" and book.load.get(d, 0) >= cap:
                            continue
                        book.add(d, c, channel, "例行", "", f"{c.name}|{channel}|例行|{y}-{m:02d}|{placed + 1}")
                        placed += 1
                        break
                    else:
                        month_short[channel] += 1
        for ch in CHANNELS:
            short[ch] += month_short[ch]
        if month_short["on_site"]:
            need = sum(table[c.grade]["on_site"] for c in people)
            warnings.insert(0, (
                f"{y} 年 {m} 月有 {n} 个工作日,按每天最多上门拜访 {cap} 次,最多能安排 {n * cap} 次;"
                f"规则要求例行上门拜访 {need} 次(另有节日、纪念日登门),有 {month_short['on_site']} 次排不下。"
                "请减少客户数、调整客户分级、提高每天拜访上限,或请同事分担。"))
        for ch in ("phone", "message"):
            if month_short[ch]:
                warnings.append(f"{y} 年 {m} 月{CHANNELS[ch]}有 {month_short[ch]} 次排不下"
                                f"(本月工作日只有 {n} 天,每位客户每天只安排一次联系)。")
    over = sorted(d for d, load in book.load.items() if load > cap)
    if over:   # fixed-date events are placed on their day even past the ceiling: say so (N17)
        warnings.append(f"{'、'.join(f'{d.month}月{d.day}日' for d in over[:5])}的上门拜访超过每天上限 {cap} 次"
                        "(纪念日、慰问等固定日期的登门):请考虑请同事分担。")
    visits = sorted(book.contacts.values(), key=lambda v: (v.day, list(CHANNELS).index(v.channel), v.customer))
    planned = {ch: sum(1 for v in visits if v.channel == ch and v.reason == "例行") for ch in CHANNELS}
    working = tuple(d for ym in span for d in month_days[ym])
    notes = tuple(dict.fromkeys(n for n in (cn_calendar.calendar_note(y) for y, _m in span) if n))
    early = [v for v in visits if v.day < first_day]
    if early:
        warnings.append(f"有 {len(early)} 次节前上门拜访在 {first_day.month} 月 1 日之前(节日在本月初),已列在计划中。")
    return Plan(span[0][0], span[0][1], tuple(visits), working, cap, tuple(warnings), planned, required,
                tuple(span), notes, owner, short)


# ------------------------------------------------------------------ team
@dataclass(frozen=True)
class CapacityRow:
    owner: str
    customers: int
    grades: dict[str, int]
    working_days: int
    capacity: int           # on-site visits the rep can make: working days × daily ceiling
    required: int           # on-site visits the rules ask for (routine + festival + events)
    planned: int            # on-site visits planned
    short: int              # routine contacts not placed (all channels)

    @property
    def load(self) -> float:
        """Required on-site visits as a share of capacity (1.0 = fully booked)."""
        return self.required / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class TeamPlan:
    plans: dict[str, Plan]
    capacity: tuple[CapacityRow, ...]


@guarded("customers")
def team_plan(customers, year: int, month: int, *, months: int = 1, events=(),
              quotas: dict[str, dict[str, int]] | None = None,
              max_on_site_per_day: int = DEFAULT_MAX_ON_SITE_PER_DAY) -> TeamPlan:
    """Per-rep plans from one customer book (each :class:`Customer` carries its ``owner``) and a
    capacity row per rep; customers without an owner are planned under :data:`NO_OWNER`."""
    require_int(year, "year", "年份", *PLAN_YEARS)
    require_int(month, "month", "月份", 1, 12)
    count_months = require_int(months, "months", "计划月数", 1, MAX_MONTHS)
    cap = require_int(max_on_site_per_day, "max_on_site_per_day", "每天最多上门拜访次数", 1, 30)
    table = _check_quotas(quotas)
    people = _check_customers(customers, MAX_TEAM_CUSTOMERS)
    span = month_span(year, month, count_months)
    events = list(events)
    groups: dict[str, list[Customer]] = {}
    for c in people:
        groups.setdefault(c.owner or NO_OWNER, []).append(c)
    plans: dict[str, Plan] = {}
    rows = []
    for rep, group in groups.items():
        if len(group) > MAX_CUSTOMERS:
            raise PlaybookInputError("customers", code="count_range", label=f"客户经理“{rep}”的客户数", low=1,
                                     high=MAX_CUSTOMERS, count=len(group))
        names = {c.name for c in group}
        mine = [e for e in events if clean_line(str(e.customer if isinstance(e, Event) else e[0])) in names]
        p = _plan(group, span, mine, table, cap, "" if rep == NO_OWNER else rep)
        plans[rep] = p
        on_site = [v for v in p.visits if v.channel == "on_site"]
        extra = sum(1 for v in on_site if v.reason != "例行")
        rows.append(CapacityRow(rep, len(group), {g: sum(c.grade == g for c in group) for g in GRADES},
                                len(p.working_days), len(p.working_days) * cap,
                                p.required["on_site"] + extra, len(on_site), sum(p.short.values())))
    return TeamPlan(plans, tuple(rows))


# ------------------------------------------------------------------ plan vs actual
@dataclass(frozen=True)
class LogEntry:
    """One contact actually made: the day, the customer, the channel (a key of :data:`CHANNELS`)."""

    day: date
    customer: str
    channel: str


COMPARE_HEADER = ("客户", "级别", "上门 计划", "上门 完成", "电话 计划", "电话 完成", "问候 计划", "问候 完成",
                  "完成率", "到期未做的上门")


@guarded("log")
def compare(p: Plan, log, *, today: date | None = None) -> list[tuple[object, ...]]:
    """Plan against a visit log, one row per customer (:data:`COMPARE_HEADER`), then a 合计 row.

    A planned contact counts as done when the log has the same customer and channel in the same
    month (the day may differ); 完成率 is done / planned over all channels; 到期未做的上门 counts
    the month's on-site visits planned up to ``today`` that the log does not cover yet.
    Log entries outside the plan's months are ignored; customers not in the plan get their own
    rows marked 计划外.
    """
    today = today or date.today()
    months = set(p.months)
    done: dict[tuple[str, str, tuple[int, int]], int] = {}
    for e in log:
        if not isinstance(e, LogEntry):
            e = LogEntry(*e)
        if (e.day.year, e.day.month) in months:
            k = (e.customer, e.channel, (e.day.year, e.day.month))
            done[k] = done.get(k, 0) + 1
    grades = {v.customer: v.grade for v in p.visits}
    planned: dict[tuple[str, str, tuple[int, int]], list[date]] = {}
    for v in p.visits:
        planned.setdefault((v.customer, v.channel, (v.day.year, v.day.month)), []).append(v.day)
    names = list(dict.fromkeys([v.customer for v in p.visits] + [k[0] for k in done]))
    out: list[tuple[object, ...]] = []
    totals = [0] * 7
    for name in names:
        cells: list[int] = []
        overdue = 0
        for ch in CHANNELS:
            plan_n = done_n = 0
            for ym in months:
                days = planned.get((name, ch, ym), [])
                got = done.get((name, ch, ym), 0)
                plan_n += len(days)
                done_n += min(got, len(days)) if days else got
                if ch == "on_site":
                    due = sum(1 for d in days if d <= today)
                    overdue += max(0, due - got)
            cells += [plan_n, done_n]
        total_plan, total_done = cells[0] + cells[2] + cells[4], cells[1] + cells[3] + cells[5]
        rate = f"{total_done / total_plan:.0%}" if total_plan else "计划外"
        out.append((name, grades.get(name, "—"), *cells, rate, overdue))
        for i in range(6):
            totals[i] += cells[i]
        totals[6] += overdue
    total_plan = totals[0] + totals[2] + totals[4]
    total_done = totals[1] + totals[3] + totals[5]
    out.append(("合计", "", *totals[:6], f"{total_done / total_plan:.0%}" if total_plan else "—", totals[6]))
    return out


# ------------------------------------------------------------------ export
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


# ------------------------------------------------------------------ text input (the widget's boxes)
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


def customers_from_table(rows) -> list[Customer]:
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
