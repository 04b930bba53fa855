"""The visit-cadence planner (playbook.engines.cadence) against seed 004's rules and the 2026 calendar."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone

import pytest

from playbook import cadence
from playbook.engines import cadence_export, cn_calendar
from tests.errcheck import raises_code

STAMP = datetime(2026, 8, 31, 8, 0, tzinfo=timezone.utc)
SIX = [("甲加油站", "A", (9, 3)), ("乙加油站", "A"), ("丙物流", "B"), ("丁建工", "B"),
       ("戊矿业", "C"), ("己加油站", "C")]


def test_monthly_quota_is_004_rules_1_to_3():
    assert cadence.monthly_quota("A") == {"on_site": 8, "phone": 4, "message": 4}
    assert cadence.monthly_quota("B") == {"on_site": 4, "phone": 2, "message": 2}
    assert cadence.monthly_quota("C") == {"on_site": 1, "phone": 1, "message": 1}
    with raises_code("choice", "grade", label="客户级别", allowed="A、B、C", received="D"):
        cadence.monthly_quota("D")


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
    # 中秋 (9-25, a holiday): greetings on the day (A a message, B/C a phone call), and the two A
    # customers' gift visits on working days of the week before (9-18…9-24), never on the day
    mid = [v for v in p.visits if v.reason == "中秋"]
    assert {v.day for v in mid} == {date(2026, 9, 25)}
    assert sorted((v.grade, v.channel) for v in mid) == [
        ("A", "message"), ("A", "message"), ("B", "phone"), ("B", "phone"), ("C", "phone"), ("C", "phone")]
    before = [v for v in p.visits if v.reason == "中秋(节前)"]
    assert sorted(v.customer for v in before) == ["乙加油站", "甲加油站"]
    assert all(v.channel == "on_site" and date(2026, 9, 18) <= v.day <= date(2026, 9, 24)
               and v.day in p.working_days and "公司政策" in v.note for v in before)
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
        # 6 greetings on 9-25 and 2 gift visits the week before
        assert len(mid) == 8
        assert sorted(e.decoded("DTSTART") for e in mid)[2:] == [date(2026, 9, 25)] * 6
        assert all(str(e["DESCRIPTION"]).startswith("客户级别") for e in events)


def test_stdlib_writer_folds_long_lines_without_splitting_characters():
    p = cadence.plan([("一家名字非常非常长的成品油批发客户有限责任公司第一加油站", "C")], 2026, 9)
    text = cadence.ics_text(p, stamp=STAMP)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text
    assert text.endswith("END:VCALENDAR\r\n")


def test_spring_festival_every_customer_on_site_before_and_message_on_the_day():
    p = cadence.plan(SIX, 2026, 2)
    spring = [v for v in p.visits if v.reason.startswith("春节")]
    assert Counter(v.channel for v in spring) == {"on_site": 6, "message": 6}
    assert all(v.day == date(2026, 2, 17) for v in spring if v.channel == "message")
    # 2026 notice: 2-15…2-23 off, 2-14 (Saturday) a working day; the week before 2-17 is 2-10…2-16
    visits = sorted(v.day for v in spring if v.channel == "on_site")
    assert all(date(2026, 2, 10) <= d <= date(2026, 2, 14) for d in visits)
    assert all(cn_calendar.is_workday(d) for d in visits)


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


@pytest.mark.parametrize("customers, field, code, values", [
    ([], "customers", "cadence_no_customers", {}),
    ([("甲", "D")], "grade", "choice", {"label": "客户“甲”的级别", "received": "D"}),
    ([("甲", "A"), ("甲", "B")], "customers", "duplicate", {"name": "甲"}),
    ([("甲", "A", (2, 30))], "birthday", "cadence_birthday", {"name": "甲", "received": (2, 30)}),
    ([("", "A")], "customers", "row_empty", {"row": 1, "column": "名称"})])
def test_bad_customers_are_refused_in_chinese(customers, field, code, values):
    with raises_code(code, field, **values) as err:
        cadence.plan(customers, 2026, 9)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


def test_bad_month_and_quota():
    with raises_code("integer", "month", label="月份", low=1, high=12, received=13):
        cadence.plan(SIX, 2026, 13)
    with raises_code("integer", "quotas.A.on_site", label="A 类客户每月上门拜访次数", received=40):
        cadence.plan(SIX, 2026, 9, quotas={"A": {"on_site": 40}})


def test_names_are_cleaned_and_csv_cells_are_formula_safe():
    p = cadence.plan([("=cmd|' /C calc'!A0", "C"), ("甲站\u200b", "C")], 2026, 9,
                     events=[cadence.Event("甲站", date(2026, 9, 12), "other")])
    assert {v.customer for v in p.visits} == {"=cmd|' /C calc'!A0", "甲站"}
    text = cadence.to_csv(p).decode("utf-8-sig")
    assert "'=cmd" in text and "\n=cmd" not in text


# ---------------------------------------------------------------- issue 23: 2027–2028, timing, UIDs, team
STATUTORY_2027 = {date(2027, 1, 1): "元旦", date(2027, 2, 5): "春节", date(2027, 2, 6): "春节",
                  date(2027, 2, 7): "春节", date(2027, 2, 8): "春节", date(2027, 4, 5): "清明",
                  date(2027, 5, 1): "劳动节", date(2027, 5, 2): "劳动节", date(2027, 6, 9): "端午",
                  date(2027, 9, 15): "中秋", date(2027, 10, 1): "国庆", date(2027, 10, 2): "国庆",
                  date(2027, 10, 3): "国庆"}


def test_statutory_holidays_2027_written_out():
    # 《全国年节及纪念日放假办法》 (2024 revision): 13 days; 春节 除夕 (2-5) to 初三 (2-8)
    assert cn_calendar.statutory_holidays(2027) == STATUTORY_2027
    assert cn_calendar.qingming(2028) == date(2028, 4, 4)
    assert not cn_calendar.has_notice(2027) and cn_calendar.has_notice(2026)


def test_qingming_rule_matches_the_solar_term_table():
    chinese_calendar = pytest.importorskip("chinese_calendar")
    for year in range(2004, 2041):
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
        assert [d for d, name in terms if name == "清明"] == [cn_calendar.qingming(year)], year


def test_working_days_without_a_notice_skip_statutory_holidays():
    jan, feb = cn_calendar.workdays(2027, 1), cn_calendar.workdays(2027, 2)
    # January 2027: 21 weekdays − 元旦 (Friday 1-1) = 20; February: 20 weekdays − 2-5 and 2-8 = 18
    assert len(jan) == 20 and date(2027, 1, 1) not in jan
    assert len(feb) == 18 and date(2027, 2, 5) not in feb and date(2027, 2, 8) not in feb
    assert "调休" in cn_calendar.calendar_note(2027) and cn_calendar.calendar_note(2026) == ""


@pytest.mark.parametrize("year, month", [(2027, 1), (2027, 2), (2028, 1), (2028, 10)])
def test_no_visit_on_a_statutory_holiday_in_2027_and_2028(year, month):
    p = cadence.plan(SIX, year, month)
    holidays = cn_calendar.statutory_holidays(year)
    assert [v for v in p.visits if v.channel != "message" and v.reason == "例行" and v.day in holidays] == []
    assert [v for v in p.visits if v.channel == "on_site" and v.day in holidays] == []
    assert p.notes and "调休" in p.notes[0] and "尚不知道" in p.notes[0]


def test_february_2027_spring_festival_visits_before_the_holiday():
    p = cadence.plan(SIX, 2027, 2)
    visits = sorted(v.day for v in p.visits if v.reason == "春节(节前)")
    # 春节 2-6; the week before is 1-30…2-5, of which 2-1…2-4 are working days (2-5 is 除夕)
    assert len(visits) == 6 and set(visits) <= {date(2027, 2, d) for d in (1, 2, 3, 4)}
    assert {v.day for v in p.visits if v.reason == "春节"} == {date(2027, 2, 6)}
    ics = cadence.ics_text(p, stamp=STAMP)
    for holiday in ("20270205", "20270208", "20270207"):
        assert f"DTSTART;VALUE=DATE:{holiday}" not in ics


def _contacts_per_customer_day(p):
    return Counter((v.customer, v.day) for v in p.visits)


@pytest.mark.parametrize("year, month", [(2026, 9), (2026, 10), (2027, 2), (2027, 6)])
def test_no_customer_has_two_contacts_on_one_day(year, month):
    thirty = [(f"客户{i:02d}", "ABCCC"[i % 5]) for i in range(30)]
    p = cadence.plan(thirty, year, month)
    assert max(_contacts_per_customer_day(p).values()) == 1
    on_site = {(v.customer, v.day) for v in p.visits if v.channel == "on_site"}
    assert not [v for v in p.visits if v.channel != "on_site" and (v.customer, v.day) in on_site]
    # the quotas: 6 A × 16 + 6 B × 8 + 18 C × 3 = 198 routine contacts, all placed except in
    # February 2027: 18 working days × 6 = 108 on-site visits, 30 春节 visits fit only 24 in the
    # 4 working days before it, and 90 routine visits get the other 84 → 6 + 6 short, with warnings
    assert sum(p.required.values()) == 198
    short = 6 if (year, month) == (2027, 2) else 0
    assert sum(p.planned.values()) == 198 - short and p.short["on_site"] == short
    if short:
        assert sum(v.channel == "on_site" for v in p.visits) == 108
    if short:
        assert "排不下" in p.warnings[0] and any("春节" in w for w in p.warnings)


def test_birthday_on_a_festival_is_one_contact():
    p = cadence.plan([("甲加油站", "B", (9, 25))], 2026, 9)
    day = [v for v in p.visits if v.day == date(2026, 9, 25)]
    assert len(day) == 1 and day[0].channel == "phone" and day[0].reason == "中秋、生日"


def test_uids_stay_when_a_customer_is_added():
    two = [("甲加油站", "A"), ("丙物流", "B")]
    before = cadence.plan(two, 2026, 9)
    after = cadence.plan(two + [("庚加油站", "C")], 2026, 9)
    uids_before = {cadence_export._uid(v) for v in before.visits}
    uids_after = {cadence_export._uid(v) for v in after.visits}
    # every event of the two customers keeps its UID: 2 × (16 + 8 routine, festival and greeting)
    assert uids_before <= uids_after
    assert len(uids_after - uids_before) == len([v for v in after.visits if v.customer == "庚加油站"]) == 4
    assert len(uids_before) == len(before.visits)


def test_uids_unique_over_a_three_month_team_book():
    book = [cadence.Customer(f"客户{i:03d}", "ABCCC"[i % 5], None, f"经理{i % 3}") for i in range(90)]
    team = cadence.team_plan(book, 2026, 12, months=3)
    uids = [cadence_export._uid(v) for p in team.plans.values() for v in p.visits]
    assert len(uids) == len(set(uids))


def test_events_are_yearly_and_other_months_are_ignored():
    events = cadence.parse_events("9-12,丙物流,纪念日\n12-8,甲加油站,慰问")
    sept = cadence.plan(SIX, 2026, 9, events=events)
    dec = cadence.plan(SIX, 2026, 12, events=events)       # the 9-12 line no longer wipes the plan
    assert [(v.day, v.customer) for v in sept.visits if v.reason == "重大纪念日登门祝贺"] == [(date(2026, 9, 12), "丙物流")]
    assert [(v.day, v.reason) for v in dec.visits if v.customer == "甲加油站" and v.day == date(2026, 12, 8)] == [
        (date(2026, 12, 8), "登门慰问")]
    next_year = cadence.plan(SIX, 2027, 9, events=events)
    assert [v.day for v in next_year.visits if v.reason == "重大纪念日登门祝贺"] == [date(2027, 9, 12)]


def test_horizon_of_three_months_crosses_the_year():
    p = cadence.plan(SIX, 2026, 12, months=3)
    assert p.months == ((2026, 12), (2027, 1), (2027, 2))
    assert p.title == "拜访计划 2026-12至2027-02"
    # three months of routine quotas: 3 × 26 on-site
    assert p.required["on_site"] == p.planned["on_site"] == 3 * 26
    assert {v.day.month for v in p.visits} == {12, 1, 2}
    assert any(v.reason == "春节(节前)" for v in p.visits)


def test_team_plan_one_calendar_per_rep_and_capacity():
    book_text = "客户,级别,生日,客户经理\n" + "\n".join(
        f"客户{i:03d},{'ABCCC'[i % 5]},,{['王伟', '李娜'][i % 2]}" for i in range(40))
    from playbook import sheets
    customers = cadence.customers_from_table(sheets.read_text(book_text))
    team = cadence.team_plan(customers, 2026, 9)
    assert set(team.plans) == {"王伟", "李娜"}
    assert {v.customer for v in team.plans["王伟"].visits} == {f"客户{i:03d}" for i in range(0, 40, 2)}
    rows = {r.owner: r for r in team.capacity}
    # 王伟 has the even customers 0…38: A where i % 5 == 0 (0, 10, 20, 30), B where i % 5 == 1
    # (6, 16, 26, 36), C the other 12; capacity 22 working days × 6 = 132
    assert rows["王伟"].grades == {"A": 4, "B": 4, "C": 12}
    assert rows["王伟"].capacity == 132
    # required on-site: 4 × 8 + 4 × 4 + 12 × 1 = 60 routine + 4 中秋 visits (A) = 64
    assert rows["王伟"].required == 64 and rows["王伟"].short == 0
    assert team.plans["王伟"].title.endswith("王伟")


def test_team_book_with_tab_separated_paste_and_owner_column():
    pasted = "客户名称\t客户级别\t客户经理\n甲加油站\tA\t王伟\n乙物流\tB类\t李娜"
    from playbook import sheets
    customers = cadence.customers_from_table(sheets.read_text(pasted))
    assert [(c.name, c.grade, c.owner) for c in customers] == [("甲加油站", "A", "王伟"), ("乙物流", "B", "李娜")]
    with raises_code("choice", "grade", label="第 3 行“级别”", received="D"):
        cadence.customers_from_table(sheets.read_text("客户,级别\n甲,A\n乙,D"))


def test_plan_vs_actual():
    p = cadence.plan([("甲加油站", "A"), ("戊矿业", "C")], 2026, 9)
    log = cadence.parse_log("9-2,甲加油站,上门\n9-9,甲加油站,上门\n9-10,甲加油站,电话\n"
                            "9-11,戊矿业,微信\n9-12,新客户,上门\n10-1,甲加油站,上门", 2026)
    rows = cadence.compare(p, log, today=date(2026, 9, 30))
    table = {r[0]: r for r in rows}
    # 甲加油站: on-site 8 routine + 1 中秋(节前) = 9 planned, 2 done; phone 4 planned, 1 done;
    # messages 4 routine + 中秋 greeting = 5 planned, 0 done → 3 / 18 = 17 %; 9 − 2 = 7 on-site overdue
    assert table["甲加油站"][2:] == (9, 2, 4, 1, 5, 0, "17%", 7)
    assert table["戊矿业"][2:] == (1, 0, 2, 0, 1, 1, "25%", 1)
    assert table["新客户"][8] == "计划外"
    assert rows[-1][0] == "合计" and rows[-1][2:4] == (10, 3)
    with raises_code("choice", "log", label="拜访记录第 1 行的方式", received="吃饭"):
        cadence.parse_log("9-2,甲加油站,吃饭", 2026)


def test_team_book_from_xlsx_with_dates_and_the_page_message_without_openpyxl(monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    import io
    import sys

    from playbook import sheets
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "级别", "生日", "客户经理"])
    sheet.append(["甲加油站", "A", datetime(1980, 9, 3), "王伟"])
    sheet.append(["乙物流", "C", None, "李娜"])
    buf = io.BytesIO()
    book.save(buf)
    customers = cadence.customers_from_table(sheets.read_rows(buf.getvalue(), "名册.xlsx"))
    assert [(c.name, c.birthday, c.owner) for c in customers] == [("甲加油站", (9, 3), "王伟"), ("乙物流", None, "李娜")]
    monkeypatch.setitem(sys.modules, "openpyxl", None)       # the page has no openpyxl
    with raises_code("file_xlsx_unavailable", "file"):
        sheets.read_rows(buf.getvalue(), "名册.xlsx")


def test_team_plan_takes_events_in_every_form_plan_takes():
    """An event as a mapping, a tuple or an Event: team_plan reads its customer as plan does (a
    mapping once made team_plan refuse the whole input)."""
    customers = [("甲加油站", "A", None, "王伟"), ("乙物流", "C", None, "李娜")]
    for event in ({"customer": "甲加油站", "day": (9, 18), "note": "开业纪念日"},
                  ("甲加油站", (9, 18), "anniversary", "开业纪念日"),
                  cadence.Event("甲加油站", (9, 18), note="开业纪念日")):
        team = cadence.team_plan(customers, 2026, 9, events=[event])
        alone = cadence.plan(customers[:1], 2026, 9, events=[event])
        noted = [(v.day, v.reason) for v in team.plans["王伟"].visits if v.note == "开业纪念日"]
        assert noted == [(v.day, v.reason) for v in alone.visits if v.note == "开业纪念日"] != []
        assert not [v for v in team.plans["李娜"].visits if v.note]
