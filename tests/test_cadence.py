"""The visit-cadence planner (playbook.engines.cadence) against seed 004's rules and the 2026 calendar."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone

import pytest

from playbook import cadence
from playbook.engines import cn_calendar
from playbook.errors import PlaybookInputError

STAMP = datetime(2026, 8, 31, 8, 0, tzinfo=timezone.utc)
SIX = [("甲加油站", "A", (9, 3)), ("乙加油站", "A"), ("丙物流", "B"), ("丁建工", "B"),
       ("戊矿业", "C"), ("己加油站", "C")]


def test_monthly_quota_is_004_rules_1_to_3():
    assert cadence.monthly_quota("A") == {"on_site": 8, "phone": 4, "message": 4}
    assert cadence.monthly_quota("B") == {"on_site": 4, "phone": 2, "message": 2}
    assert cadence.monthly_quota("C") == {"on_site": 1, "phone": 1, "message": 1}
    with pytest.raises(PlaybookInputError) as err:
        cadence.monthly_quota("D")
    assert err.value.field == "grade" and "客户级别" in err.value.message


def test_festival_dates_2026():
    assert cn_calendar.festival_date("春节", 2026) == date(2026, 2, 17)
    assert cn_calendar.festival_date("端午", 2026) == date(2026, 6, 19)
    assert cn_calendar.festival_date("中秋", 2026) == date(2026, 9, 25)


def test_calendar_table_matches_the_libraries():
    chinese_calendar = pytest.importorskip("chinese_calendar")
    lunardate = pytest.importorskip("lunardate")
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert cn_calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day = day.fromordinal(day.toordinal() + 1)
    for year in cn_calendar.LUNAR_YEARS:
        for name, (m, d) in cn_calendar.FESTIVALS.items():
            assert cn_calendar.festival_date(name, year) == lunardate.LunarDate(year, m, d).to_solar_date()


def test_september_2026_working_days():
    days = cn_calendar.workdays(2026, 9)
    # 30 days − 8 weekend days (5/6, 12/13, 19/20, 26/27) − 中秋 9-25 (Friday) + 调休 Sunday 9-20 = 22
    assert len(days) == 22
    assert date(2026, 9, 25) not in days and date(2026, 9, 20) in days


def test_six_customer_plan_for_september_2026():
    p = cadence.plan(SIX, 2026, 9)
    assert p.warnings == ()
    routine = Counter((v.customer, v.channel) for v in p.visits if v.reason == "例行")
    assert routine[("甲加油站", "on_site")] == 8 and routine[("丙物流", "on_site")] == 4
    assert routine[("戊矿业", "on_site")] == 1 and routine[("乙加油站", "phone")] == 4
    # required on-site: 2 × 8 + 2 × 4 + 2 × 1 = 26; phone and messages: 2 × 4 + 2 × 2 + 2 × 1 = 14
    assert p.required == {"on_site": 26, "phone": 14, "message": 14} == p.planned
    # no two on-site visits to one customer on one day
    pairs = Counter((v.customer, v.day) for v in p.visits if v.channel == "on_site")
    assert max(pairs.values()) == 1
    # routine visits only on working days
    assert all(v.day in p.working_days for v in p.visits if v.reason == "例行")
    # 中秋 (9-25): A on-site, B/C phone, everyone a message
    mid = [v for v in p.visits if v.reason == "中秋"]
    assert {v.day for v in mid} == {date(2026, 9, 25)}
    assert sorted((v.grade, v.channel) for v in mid if v.channel != "message") == [
        ("A", "on_site"), ("A", "on_site"), ("B", "phone"), ("B", "phone"), ("C", "phone"), ("C", "phone")]
    assert sum(v.channel == "message" for v in mid) == 6
    assert all("公司政策" in v.note for v in mid if v.channel == "on_site")
    # birthday message on 9-03
    assert [v.day for v in p.visits if v.reason == "生日"] == [date(2026, 9, 3)]


def test_ics_round_trips_through_icalendar():
    icalendar = pytest.importorskip("icalendar")
    p = cadence.plan(SIX, 2026, 9)
    for data in (cadence.to_ics(p, stamp=STAMP), cadence.ics_text(p, stamp=STAMP).encode("utf-8")):
        cal = icalendar.Calendar.from_ical(data)
        events = cal.walk("VEVENT")
        assert len(events) == len(p.visits)
        assert len({str(e["UID"]) for e in events}) == len(events)
        assert all(e.decoded("DTSTAMP") == STAMP for e in events)
        got = sorted((e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events)
        assert got == sorted((v.day, v.summary) for v in p.visits)
        mid = [e for e in events if "中秋" in str(e["SUMMARY"])]
        assert len(mid) == 12 and {e.decoded("DTSTART") for e in mid} == {date(2026, 9, 25)}
        assert all(str(e["DESCRIPTION"]).startswith("客户级别") for e in events)


def test_stdlib_writer_folds_long_lines_without_splitting_characters():
    p = cadence.plan([("一家名字非常非常长的成品油批发客户有限责任公司第一加油站", "C")], 2026, 9)
    text = cadence.ics_text(p, stamp=STAMP)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text
    assert text.endswith("END:VCALENDAR\r\n")


def test_spring_festival_every_customer_on_site_and_message():
    p = cadence.plan(SIX, 2026, 2)
    spring = [v for v in p.visits if v.reason.startswith("春节")]
    assert Counter(v.channel for v in spring) == {"on_site": 6, "message": 6}
    assert all(v.day == date(2026, 2, 17) for v in spring if v.channel == "message")


def test_workload_warning_when_the_quota_cannot_be_met():
    many = [(f"客户{i}", "A") for i in range(20)]      # 20 × 8 = 160 on-site; 22 days × 6 = 132
    p = cadence.plan(many, 2026, 9)
    assert p.warnings and "排不下" in p.warnings[0] and "160" in p.warnings[0]
    assert sum(v.channel == "on_site" for v in p.visits if v.day in p.working_days) <= 22 * 6
    per_day = Counter(v.day for v in p.visits if v.channel == "on_site")
    assert max(per_day.values()) == 6


def test_events_and_csv():
    p = cadence.plan(SIX, 2026, 9, events=[cadence.Event("丙物流", date(2026, 9, 12), "condolence")])
    assert any(v.reason == "登门慰问" and v.day == date(2026, 9, 12) for v in p.visits)
    text = cadence.to_csv(p).decode("utf-8-sig")
    assert text.splitlines()[0] == "日期,星期,客户,级别,方式,事由,提示"
    assert len(text.splitlines()) == len(p.visits) + 1


@pytest.mark.parametrize("customers, field", [
    ([], "customers"), ([("甲", "D")], "grade"), ([("甲", "A"), ("甲", "B")], "customers"),
    ([("甲", "A", (2, 30))], "birthday"), ([("", "A")], "customers")])
def test_bad_customers_are_refused_in_chinese(customers, field):
    with pytest.raises(PlaybookInputError) as err:
        cadence.plan(customers, 2026, 9)
    assert err.value.field == field and any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


def test_bad_month_and_quota():
    with pytest.raises(PlaybookInputError, match="月份"):
        cadence.plan(SIX, 2026, 13)
    with pytest.raises(PlaybookInputError, match="A 类客户每月实地拜访次数"):
        cadence.plan(SIX, 2026, 9, quotas={"A": {"on_site": 40}})


def test_names_are_cleaned_and_csv_cells_are_formula_safe():
    p = cadence.plan([("=cmd|' /C calc'!A0", "C"), ("甲站\u200b", "C")], 2026, 9,
                     events=[cadence.Event("甲站", date(2026, 9, 12), "other")])
    assert {v.customer for v in p.visits} == {"=cmd|' /C calc'!A0", "甲站"}
    text = cadence.to_csv(p).decode("utf-8-sig")
    assert "'=cmd" in text and "\n=cmd" not in text
