"""The visit-cadence planner: one rep's contacts over consecutive months (:func:`plan`), or one
customer book split by its 客户经理 column into per-rep plans with a capacity table
(:func:`team_plan`), under seed 004's rules (:mod:`playbook.engines.cadence_rules`).

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

Usage (one customer book, September 2026: a plan per 客户经理, customers without one under
:data:`NO_OWNER`; each rep can make 22 working days × 6 on-site visits):

>>> from playbook.engines.cadence_planner import team_plan
>>> from playbook.engines.cadence_types import Customer
>>> team = team_plan([Customer("甲加油站", "A", None, "王伟"), ("乙公司", "B", None, "李娜"),
...                   ("丙车队", "C")], 2026, 9)
>>> list(team.plans), team.plans["王伟"].title
(['王伟', '李娜', '(未填客户经理)'], '拜访计划 2026-09 王伟')
>>> [(row.owner, row.capacity, row.required) for row in team.capacity][0]
('王伟', 132, 9)

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from playbook.engines import cn_calendar
from playbook.engines.cadence_rules import (CHANNELS, DEFAULT_MAX_ON_SITE_PER_DAY, EVENT_KINDS, FESTIVAL_LEAD_DAYS,
                                            FESTIVAL_RULES, GIFT_NOTE, GRADES, MAX_CUSTOMERS, MAX_MONTHS,
                                            MAX_TEAM_CUSTOMERS, PLAN_YEARS, QUOTAS, festivals_in)
from playbook.engines.cadence_types import CapacityRow, Customer, Event, Plan, TeamPlan, Visit
from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import clean_line, require_date, require_int

#: What the planner accepts as a customer: a :class:`Customer`, its fields as a tuple or list
#: (name, grade[, (month, day)[, owner]]) or as a mapping; each is checked.
CustomerLike = Customer | tuple[Any, ...] | list[Any] | Mapping[str, Any]
#: What the planner accepts as an event: an :class:`Event`, its fields as a tuple/list or a mapping.
EventLike = Event | tuple[Any, ...] | list[Any] | Mapping[str, Any]

#: Customers without an owner are planned under this name by :func:`team_plan`.
NO_OWNER = "(未填客户经理)"
#: Which contact a merged day keeps: the stronger channel.
_STRENGTH = {"on_site": 2, "phone": 1, "message": 0}


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


def _check_customers(customers: Iterable[CustomerLike], limit: int = MAX_CUSTOMERS) -> list[Customer]:
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


def _as_event(e: EventLike) -> Event:
    """An event given as an :class:`Event`, a tuple/list of its fields or a mapping of them."""
    if isinstance(e, Event):
        return e
    return Event(*e) if isinstance(e, (tuple, list)) else Event(**e)


def _events_on(events: Iterable[EventLike], people: dict[str, Customer],
               months: list[tuple[int, int]]) -> list[tuple[date, Customer, str, str]]:
    """(date, customer, kind, note) for each event occurrence inside the months."""
    first = date(months[0][0], months[0][1], 1)
    ly, lm = months[-1]
    last = date(ly + lm // 12, lm % 12 + 1, 1) - timedelta(days=1)
    out = []
    for e in events:
        e = _as_event(e)
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
def plan(customers: Iterable[CustomerLike], year: int, month: int, *, months: int = 1,
         events: Iterable[EventLike] = (),
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


def _plan(people: list[Customer], span: list[tuple[int, int]], events: list[EventLike],
          table: dict[str, dict[str, int]], cap: int,
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


@guarded("customers")
def team_plan(customers: Iterable[CustomerLike], year: int, month: int, *, months: int = 1,
              events: Iterable[EventLike] = (),
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
    given = [_as_event(e) for e in events]
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
        mine: list[EventLike] = [e for e in given if clean_line(str(e.customer)) in names]
        p = _plan(group, span, mine, table, cap, "" if rep == NO_OWNER else rep)
        plans[rep] = p
        on_site = [v for v in p.visits if v.channel == "on_site"]
        extra = sum(1 for v in on_site if v.reason != "例行")
        rows.append(CapacityRow(rep, len(group), {g: sum(c.grade == g for c in group) for g in GRADES},
                                len(p.working_days), len(p.working_days) * cap,
                                p.required["on_site"] + extra, len(on_site), sum(p.short.values())))
    return TeamPlan(plans, tuple(rows))
