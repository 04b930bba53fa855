"""China's working-day calendar and the lunar festivals, as a stdlib table for the browser.

The page's Python (Pyodide) cannot have ``chinese-calendar`` (the State Council's holiday and
adjusted-working-day notices) or ``lunardate``; so :func:`generate` reads both at build time and
writes :mod:`playbook.engines.cn_calendar_data`, and this module answers from that table.
``tests/test_cadence.py`` checks the table against both libraries, so it cannot go stale silently.

- :func:`is_workday` — official working day (weekends and public holidays off, 调休 Saturdays
  and Sundays on). For a year whose notice is not out yet (:func:`has_notice` is False), the
  statutory holidays of 《全国年节及纪念日放假办法》 (2024 revision, from 2025: 元旦 1 day,
  春节 除夕–初三 4 days, 清明 1, 劳动节 5-1 and 5-2, 端午 1, 中秋 1, 国庆 10-1–10-3) are never
  working days; what the notice will add (bridge days, 调休 weekends) is unknown, and
  :func:`calendar_note` says so in Chinese.
- :func:`festival_date` — the Gregorian date of 春节 (正月初一), 端午 (五月初五), 中秋 (八月十五).
- :func:`statutory_holidays` — the statutory holiday dates of a year, with their names.

Regenerate after a new notice: ``python -m playbook.engines.cn_calendar`` (needs the two
libraries, e.g. ``pip install chinese-calendar lunardate``).

Usage:

>>> from datetime import date
>>> from playbook.engines import cn_calendar
>>> cn_calendar.is_workday(date(2026, 10, 1)), cn_calendar.is_workday(date(2026, 10, 10))  # 国庆; 调休 Saturday
(False, True)
>>> cn_calendar.festival_date("春节", 2028), cn_calendar.festival_date("中秋", 2027)
(datetime.date(2028, 1, 26), datetime.date(2027, 9, 15))
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from playbook.engines import cn_calendar_data as _data
from playbook.errors import PlaybookInputError

__all__ = ["FESTIVALS", "calendar_note", "covered_years", "festival_date", "has_notice", "is_workday",
           "qingming", "statutory_holidays", "workdays"]

#: Festival → (lunar month, lunar day).
FESTIVALS = {"春节": (1, 1), "端午": (5, 5), "中秋": (8, 15)}
#: Years with lunar festival dates in the table.
LUNAR_YEARS = range(2020, 2041)

_HOLIDAYS = frozenset(date.fromisoformat(d) for d in _data.HOLIDAYS)
_WORKDAYS = frozenset(date.fromisoformat(d) for d in _data.WEEKEND_WORKDAYS)


def covered_years() -> tuple[int, int]:
    """First and last year of the official holiday notices in the table."""
    return _data.HOLIDAY_YEARS


def has_notice(year: int) -> bool:
    """True when the State Council's holiday notice for ``year`` is in the table."""
    first, last = _data.HOLIDAY_YEARS
    return first <= year <= last


def qingming(year: int) -> date:
    """The date of 清明 (solar term, 4 or 5 April) in 2001–2099: ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋ with Y
    the year's last two digits (the usual 21st-century rule; checked against chinese-calendar's
    solar-term table in the tests)."""
    y = year % 100
    return date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


def statutory_holidays(year: int) -> dict[date, str]:
    """Statutory holiday dates of ``year`` (2024 revision of 《全国年节及纪念日放假办法》), name by
    date: the days off a notice always contains, before bridge days and 调休."""
    spring = festival_date("春节", year)
    days = {date(year, 1, 1): "元旦", qingming(year): "清明", date(year, 5, 1): "劳动节",
            date(year, 5, 2): "劳动节", festival_date("端午", year): "端午", festival_date("中秋", year): "中秋"}
    days.update({spring + timedelta(days=k): "春节" for k in range(-1, 3)})   # 除夕, 初一–初三
    days.update({date(year, 10, k): "国庆" for k in (1, 2, 3)})
    return days


def is_workday(day: date) -> bool:
    """True on an official working day (public holidays and weekends off, 调休 days on); in a
    year without a notice, Monday–Friday except the statutory holidays."""
    if has_notice(day.year):
        if day in _WORKDAYS:
            return True
        if day in _HOLIDAYS:
            return False
        return day.weekday() < 5
    return day.weekday() < 5 and day not in _statutory_set(day.year)


@lru_cache(maxsize=64)
def _statutory_set(year: int) -> frozenset[date]:
    return frozenset(statutory_holidays(year))


def calendar_note(year: int) -> str:
    """A plain Chinese line for a plan in a year without a notice (empty when the notice is in)."""
    if has_notice(year):
        return ""
    return (f"{year} 年的国务院放假安排尚未收入本工具:已避开法定节假日(元旦、春节、清明、劳动节、端午、中秋、国庆),"
            "但调休(周末上班、节前节后的补休)尚不知道,公布后请核对并重新生成计划。")


def workdays(year: int, month: int) -> list[date]:
    """The working days of a month, in order."""
    day = date(year, month, 1)
    out = []
    while day.month == month:
        if is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def festival_date(name: str, year: int) -> date:
    """The Gregorian date of a lunar festival (``"春节"``, ``"端午"``, ``"中秋"``) in ``year``."""
    if name not in FESTIVALS:
        raise PlaybookInputError("festival", code="choice", label="节日", allowed='、'.join(FESTIVALS), received=name)
    try:
        return date.fromisoformat(_data.FESTIVAL_DATES[year][name])
    except KeyError:
        raise PlaybookInputError("year", code="calendar_year", low=LUNAR_YEARS.start, high=LUNAR_YEARS.stop - 1,
                                 received=year) from None


def generate() -> str:
    """The source of :mod:`cn_calendar_data` from ``chinese_calendar`` and ``lunardate`` (build time)."""
    import chinese_calendar
    from lunardate import LunarDate

    holidays = sorted(chinese_calendar.holidays)
    first, last = holidays[0].year, holidays[-1].year
    holiday_list = [d.isoformat() for d in holidays if d.weekday() < 5]  # weekends are off anyway
    weekend_work = sorted(d.isoformat() for d in chinese_calendar.workdays if d.weekday() >= 5)
    festivals = {y: {name: LunarDate(y, m, d).to_solar_date().isoformat()
                     for name, (m, d) in FESTIVALS.items()} for y in LUNAR_YEARS}
    lines = ['"""Generated by ``python -m playbook.engines.cn_calendar`` from chinese-calendar '
             f'{getattr(chinese_calendar, "__version__", "?")} and lunardate: do not edit."""',
             f"HOLIDAY_YEARS = ({first}, {last})",
             "#: Public holidays falling on Monday–Friday (ISO dates).",
             "HOLIDAYS = (" + _wrap(holiday_list) + ")",
             "#: Saturdays and Sundays that are official working days (调休).",
             "WEEKEND_WORKDAYS = (" + _wrap(weekend_work) + ")",
             "#: Lunar festivals' Gregorian dates by year.",
             "FESTIVAL_DATES = {"]
    lines += [f"    {y}: {festivals[y]!r}," for y in LUNAR_YEARS]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _wrap(items: list[str]) -> str:
    rows = [", ".join(f'"{d}"' for d in items[i:i + 6]) for i in range(0, len(items), 6)]
    return "\n    " + ",\n    ".join(rows) + ",\n" if rows else ""


if __name__ == "__main__":  # pragma: no cover - build-time tool
    target = Path(__file__).with_name("cn_calendar_data.py")
    target.write_text(generate(), encoding="utf-8")
    print(f"wrote {target}")
