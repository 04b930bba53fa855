"""Issue 26, by class at the shared layer: the tests walk every module of a class, so a new view,
engine or reader cannot reopen it. One regression test per reported failure of the 2026-12-07
attack report lives here or in tests/test_spreadsheet.py (readers and exports)."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

import playbook
from playbook.engines import cadence, forecast, practice, value_added
from playbook.errors import PlaybookInputError
from playbook.normalize import EARLIEST, require_date, require_moment
from playbook.trainer import dashboard, records

SRC = Path(playbook.__file__).parent
UTC = timezone.utc
ITEM = "fab-001"


def code_of(call, *args, **kwargs) -> str:
    with pytest.raises(PlaybookInputError) as info:
        call(*args, **kwargs)
    assert info.value.message and len(info.value.message) <= 300
    return info.value.code


# --------------------------------------------------------------------------- numbers
def _widget_reads(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "value" for n in ast.walk(node))


def test_no_view_parses_a_number_on_its_own():
    """N14 (and 11-30 #16): a view that parses typed text itself reads "6,5" as 65. Every number a
    reader types goes to the engine as typed, and the engine reads it through playbook.normalize."""
    found = []
    for path in sorted((SRC / "views").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("float", "int", "Decimal", "Fraction") and node.args and \
                    _widget_reads(node.args[0]):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.func.id}(…value…)")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "replace" and node.args and isinstance(node.args[0], ast.Constant) and \
                    node.args[0].value in (",", ",", "，") and _widget_reads(node.func.value):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} strips thousands separators itself")
    assert found == []


@pytest.mark.parametrize(("typed", "expected"), [
    ("6,5", None), ("1,0,0,0,0", None), ("12,000", Decimal("12000.00")), ("1.2万", Decimal("12000.00")),
    ("１２０００", Decimal("12000.00")), ("abc", None), ("-5", None)])
def test_the_commission_calculator_reads_numbers_through_normalize(typed, expected):
    """N14: "6,5" was commission on 65 元."""
    from playbook.views.value_added import CommissionCalculator

    calc = CommissionCalculator()
    calc.sales.value = typed
    if expected is None:
        assert calc.result is None and calc.error is not None
        assert calc.error.code in ("number_range", "range") and calc.error.field == "sales"
    else:
        assert calc.error is None and calc.result.sales == expected


def test_service_station_must_be_a_yes_or_no():
    """N20: the string "否" selected the 服务站 rate."""
    assert code_of(value_added.commission, 1000, service_station="否") == "choice"
    assert value_added.commission(1000, service_station=False).service_station is False


def test_no_error_message_repr_s_a_received_value():
    """N31 (11-30 #4): `{x!r}` of an int with 5000 digits raises ValueError inside the error. Every
    received value in a message goes through errors.shown."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "PlaybookInputError":
                for sub in ast.walk(node):
                    if isinstance(sub, ast.FormattedValue) and sub.conversion == ord("r"):
                        found.append(f"{path.relative_to(SRC)}:{sub.lineno}")
    assert found == []


@pytest.mark.parametrize("call", [
    lambda: value_added.scheme(10 ** 5000),
    lambda: cadence.monthly_quota(10 ** 5000),
    lambda: forecast.split_target({"a": 1}, 10 ** 5000),
    lambda: practice.review(practice.Progress(), ITEM, 10 ** 5000),
    lambda: practice.rating_for_outcome(10 ** 5000),
])
def test_a_huge_integer_is_a_short_message(call):
    """N31."""
    with pytest.raises(PlaybookInputError) as info:
        call()
    assert len(info.value.message) < 200


# --------------------------------------------------------------------------- dates
def test_the_date_gates():
    now = datetime.now(UTC)
    assert require_moment(now, "at", "t") == now
    assert code_of(require_moment, datetime(9999, 12, 28, tzinfo=UTC), "at", "t") == "date_future"
    assert code_of(require_moment, now + timedelta(days=2), "at", "t") == "date_future"
    assert require_moment(now + timedelta(hours=20), "at", "t")          # clock skew within a day
    assert code_of(require_moment, datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), "at", "t") == "date_range"
    assert code_of(require_moment, EARLIEST - timedelta(seconds=1), "at", "t") == "date_range"
    assert code_of(require_moment, datetime(2026, 1, 1), "at", "t") == "date_type"
    assert code_of(require_date, date(2029, 1, 1), "d", "日期", date(2026, 1, 1), date(2028, 12, 31)) == "date_range"
    assert code_of(require_date, datetime(2027, 1, 1), "d", "日期", date(2026, 1, 1), date(2028, 12, 31)) == "date_type"


def _file(**review) -> str:
    base = {"id": "r1", "item": ITEM, "family": "fab", "rating": 3, "correct": True,
            "at": "2026-12-01T09:00:00+08:00"}
    base.update(review)
    return json.dumps({"format": practice.FORMAT, "version": practice.VERSION, "trainee": "张三",
                       "reviews": [base]}, ensure_ascii=False)


def test_an_answer_dated_in_the_future_is_refused_at_every_door():
    """N8: one answer dated 9999-12-28 broke the dashboard for the whole team and 我的练习 for good."""
    far = datetime(9999, 12, 28, tzinfo=UTC)
    assert code_of(practice.review, practice.Progress(), ITEM, 4, at=far) == "date_future"
    text = _file(at=far.isoformat())
    assert code_of(practice.from_json, text) == "progress_file"
    with pytest.raises(PlaybookInputError) as info:
        practice.from_json(text)
    assert "作答时间" in info.value.values["reason"]


def test_every_consumer_survives_a_stored_out_of_range_answer(tmp_path):
    """N8: a store that already holds a 9999 answer (saved before the bound) is still usable."""
    far = practice.Review("old", ITEM, "fab", 4, datetime(9999, 12, 28, tzinfo=UTC), True)
    ok = practice.Review("ok", ITEM, "fab", 3, datetime(2026, 12, 1, tzinfo=UTC), True)
    progress = practice.Progress((ok, far))
    states = practice.card_states(progress)
    assert states[ITEM].reviews == 2
    practice.due_items(progress, now=datetime(2026, 12, 7, tzinfo=UTC))
    practice.readiness(progress, practice.item_totals())
    # own file with it: loads (leniently), the page and the dashboard render
    path = tmp_path / "p.json"
    path.write_text(practice.to_json(progress), encoding="utf-8")
    assert len(practice.load_file(path)) == 2
    html = dashboard.self_study_html({"张三": progress}, now=datetime(2026, 12, 7, tzinfo=UTC))
    assert "张三" in html
    with records.open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        store.import_practice(practice.to_json(practice.Progress((ok,)), trainee="张三"))
        assert dashboard.self_study_lines(store.practice_progress(), now=datetime(2026, 12, 7, tzinfo=UTC))


@pytest.mark.parametrize("review", [
    {"seconds": "12秒"}, {"seconds": "abc"}, {"seconds": 10 ** 400}, {"seconds": [1]},
    {"rating": "3"}, {"rating": "__BIG__"}, {"at": "0001-01-01T00:00:00+14:00"}, {"at": 5}, {"correct": "false"}, {"migrated": "no"},
    {"id": 5}, {"item": ""}, {"family": ["x"]}, {"id": "x" * 1000},
])
def test_a_malformed_progress_file_is_the_domain_error(review):
    """N24, N35, N12: ValueError/TypeError/OverflowError/AttributeError escaped from_json."""
    text = _file(**review).replace('"__BIG__"', "9" * 5001)
    assert code_of(practice.from_json, text) == "progress_file"


@pytest.mark.parametrize("text", [
    "[" * 100_000, '{"format": 1, "trainees": {"张三": []}}', '{"format": "playbook-practice", "version": 2, "trainee": 5}',
    '{"format": "playbook-practice", "version": 2, "trainee": "张三", "trainee": "李四"}', "\x00", "",
])
def test_odd_progress_files_are_the_domain_error(text):
    """N24 (deep nesting, Leitner entry not a mapping), N35 (trainee 5), #20 (a key twice)."""
    assert code_of(practice.from_json, text) == "progress_file"


def test_a_progress_file_with_a_bom_reads():
    """N34: Notepad's BOM."""
    progress, name = practice.from_json("\ufeff" + _file())
    assert name == "张三" and len(progress) == 1


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"review_id": 5}, "empty"), ({"seconds": "abc"}, "number_range"), ({"seconds": 10 ** 400}, "range"),
    ({"at": datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))}, "date_range"), ({"correct": "no"}, "choice")])
def test_review_refuses_what_it_cannot_store(kwargs, code):
    """N12, N29: review_id 5 made the file unreadable; odd seconds/at crashed."""
    assert code_of(practice.review, practice.Progress(), ITEM, 3, **kwargs) == code


def test_a_numpy_rating_is_stored_as_an_int(tmp_path):
    """N12: np.int64(3) was accepted, then to_json raised TypeError."""
    np = pytest.importorskip("numpy")
    progress = practice.review(practice.Progress(), ITEM, np.int64(3))
    assert type(progress.reviews[0].rating) is int
    practice.to_json(progress)
    assert code_of(practice.review, practice.Progress(), ITEM, Decimal(3)) == "integer"


def test_due_items_at_the_calendar_end_is_the_domain_error():
    """N29."""
    assert code_of(practice.due_items, practice.Progress(), now=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))) \
        == "date_range"


def test_progress_files_in_the_way_are_the_domain_error(tmp_path):
    """N28: IsADirectoryError / FileExistsError from load_file / save_file."""
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert code_of(practice.load_file, folder) == "progress_file"
    assert code_of(practice.save_file, folder, practice.Progress()) in ("progress_file", "progress_save")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert code_of(practice.save_file, tmp_path / "afile" / "p.json", practice.Progress()) == "progress_save"


# --------------------------------------------------------------------------- names where stored
@pytest.mark.parametrize("look_alike", ["张三\u200b", "张三 ", " 张三", "张\u00ad三"])
def test_records_import_stores_the_normalised_name(tmp_path, look_alike):
    """N10: import_practice checked the name but inserted the raw one: four new 张三."""
    with records.open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        store.add_trainee("张三")
        text = _file().replace('"张三"', json.dumps(look_alike, ensure_ascii=False))
        name, added = store.import_practice(text)
        assert name == "张三" and added == 1
        assert [t.name for t in store.trainees()] == ["张三"]
        assert list(store.practice_progress(look_alike)) == ["张三"]


def test_a_look_alike_of_the_trainer_is_refused_in_import(tmp_path):
    """N10: "培训师\u200b" was stored as a trainee displayed as the reserved 培训师."""
    with records.open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        with pytest.raises(PlaybookInputError):
            store.import_practice(_file().replace('"张三"', '"培训师\\u200b"'))
        assert store.trainees() == []


def test_import_with_another_trainee_named_is_refused(tmp_path):
    """N23: 李四's answers were filed under 张三 without a word."""
    with records.open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        assert code_of(store.import_practice, _file(), trainee="李四") == "trainee_mismatch"
        assert store.import_practice(_file(), trainee="张三\u200b")[0] == "张三"


def test_import_passes_the_trainee_to_a_leitner_file(tmp_path):
    """N23: a Leitner file with two trainees was refused although --trainee was given."""
    leitner = json.dumps({"format": 1, "trainees": {"冯一": {"boxes": {ITEM: 2}}, "陈二": {"boxes": {}}}},
                         ensure_ascii=False)
    with records.open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        assert store.import_practice(leitner, trainee="冯一") == ("冯一", 1)


def test_the_import_batch_goes_on_past_a_bad_file(tmp_path):
    """N9: a file with "seconds": "12秒" stopped the batch and blamed the database."""
    good1 = tmp_path / "李四.json"
    good1.write_text(_file().replace("张三", "李四"), encoding="utf-8")
    bad = tmp_path / "王五.json"
    bad.write_text(_file(seconds="12秒").replace("张三", "王五"), encoding="utf-8")
    deep = tmp_path / "深.json"
    deep.write_text("[" * 50_000, encoding="utf-8")
    good2 = tmp_path / "钱七.json"
    good2.write_text(_file(id="r7").replace("张三", "钱七"), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    out = subprocess.run([sys.executable, "-m", "playbook", "records", "import",
                          str(good1), str(bad), str(deep), str(good2), "--db", url], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "记录库出错" not in out.stderr and "Traceback" not in out.stderr
    assert "王五.json" in out.stderr and "深.json" in out.stderr
    assert "导入 2 个" in out.stdout and "未导入 2 个" in out.stdout
    with records.open_store(url) as store:
        assert sorted(t.name for t in store.trainees()) == ["李四", "钱七"]


# --------------------------------------------------------------------------- smaller findings
def test_a_region_named_total_or_twice_is_refused():
    """N16: 合计 was overwritten by the total row; 1 and "1" were merged."""
    with pytest.raises(PlaybookInputError):
        forecast.split_target({"合计": 100, "东区": 50}, 0.1)
    with pytest.raises(PlaybookInputError):
        forecast.split_target({1: 100, "1": 50}, 0.1)


def test_split_target_never_gives_a_negative_target():
    """N15: region b got −980 % and a target of −880."""
    with pytest.raises(PlaybookInputError):
        forecast.split_target({"a": 100, "b": 100}, 0.1, adjusted={"a": 10})
    table = forecast.split_target({"a": 100, "b": 100}, 0.1, adjusted={"a": 0.11})
    assert (table["今年目标"] >= 0).all()


def test_a_year_alone_is_not_january_and_a_misspelt_region_is_named():
    """N21."""
    rows = [{"月份": "2026", "区域": "甲区", "品项": "A", "销量": 5}]
    with pytest.raises(PlaybookInputError) as info:
        forecast.read_history(rows)
    assert info.value.field == "月份"
    rows = [{"月份": f"2026-0{m}", "区域": "甲区", "品项": "A", "销量": 5} for m in (1, 2, 3)]
    with pytest.raises(PlaybookInputError) as info:
        forecast.monthly_targets(rows, "2026-04", 0.1, {"甲区 x": 0.05})
    assert info.value.field == "region_growth"


def test_an_empty_region_cell_is_named_whatever_pandas_makes_of_it():
    """N11: under pandas 3 the check compared with the string "nan" and the row was dropped."""
    data = "月份,区域,品项,销量,缺货\n2026-01,甲区,品项A,100,否\n2026-02,,品项A,500,否\n".encode()
    with pytest.raises(PlaybookInputError) as info:
        forecast.read_history((data, "h.csv"))
    assert (info.value.field, info.value.code, info.value.values["row"]) == ("区域", "row_empty", 3)
    data = "月份,区域,品项,销量\n2026-01,甲区,,100\n".encode()
    assert code_of(forecast.read_history, (data, "h.csv")) == "row_empty"


def test_the_planner_bounds_its_dates_and_reads_its_boxes_safely():
    """N26: a typed 99999999999999999999-1 crashed the widget; N30: a datetime event day."""
    assert code_of(cadence.parse_customers, "甲,A,99999999999999999999-1") == "cadence_month_day"
    assert code_of(cadence.parse_events, "99999999999999999999-1,甲,慰问", 2026) == "cadence_month_day"
    assert code_of(cadence.parse_events, "9-1,甲,慰问", 9999) == "integer"
    with pytest.raises(PlaybookInputError):
        cadence.parse_customers("甲,A\n" * (cadence.MAX_LINES + 1))
    people = [cadence.Customer("甲", "A")]
    assert code_of(cadence.plan, people, 2026, 9,
                   events=[cadence.Event("甲", datetime(2026, 9, 8), "other")]) == "date_type"
    assert code_of(cadence.plan, people, 2026, 9,
                   events=[cadence.Event("甲", date(2026, 10, 8), "other")]) == "date_range"
    assert code_of(cadence.plan, people, 2041, 1) == "integer"


@pytest.mark.parametrize("birthday", ["12", (2.9, 3.7), (True, True), (float("inf"), 1), (13, 1), (2, 30)])
def test_a_birthday_is_two_integers(birthday):
    """N18."""
    with pytest.raises(PlaybookInputError) as info:
        cadence.plan([cadence.Customer("甲", "A", birthday)], 2026, 9)
    assert info.value.field == "birthday"


@pytest.mark.parametrize("quotas", [{"A": {"onsite": 0}}, {"a": {"on_site": 0}}, {"D": {}}])
def test_a_misspelt_quota_key_is_refused(quotas):
    """N18: misspelt or lower-case keys were ignored (on_site stayed 8)."""
    assert code_of(cadence.plan, [cadence.Customer("甲", "A")], 2026, 9, quotas=quotas) == "choice"


def test_days_over_the_ceiling_are_warned():
    """N17: 10 condolence visits on one day with max 6 gave no warning."""
    people = [cadence.Customer(f"客户{i}", "C") for i in range(10)]
    events = [cadence.Event(f"客户{i}", date(2026, 9, 8), "condolence") for i in range(10)]
    p = cadence.plan(people, 2026, 9, events=events, max_on_site_per_day=6)
    assert any("9月8日" in w for w in p.warnings)


def test_ics_turns_a_lone_cr_into_an_escaped_break():
    """N4."""
    p = cadence.plan([cadence.Customer("甲", "A")], 2026, 9,
                     events=[cadence.Event("甲", date(2026, 9, 8), "other", "a\rURL:http://evil")])
    text = cadence.ics_text(p) if hasattr(cadence, "ics_text") else cadence.to_ics(p).decode()
    assert "\rURL" not in text.replace("\r\n", "\n") and "a\\nURL" in text.replace("\r\n ", "")


def test_the_checklist_font_url_cannot_end_the_style():
    """N3."""
    from playbook.engines import checklists
    page = checklists.to_html(checklists.checklist("unloading"), font_url='x");}</style><script>alert(1)</script><style>')
    assert "<script>" not in page


def test_a_grading_cell_true_is_not_a_rating():
    """N19: TRUE under 稳定性 was read as 1."""
    from playbook.engines import grading
    row = dict(zip(grading.REQUIRED_COLUMNS, ["甲", True, 2, 5, 4, 5]))
    with pytest.raises(PlaybookInputError):
        grading.customers_from_rows([row])
    data = ("客户,稳定性,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,5,1,2,5,4,5\n").encode()
    assert code_of(grading.read_table, data, "c.csv") == "duplicate_column"


def test_a_null_byte_in_the_database_url_is_the_domain_error(tmp_path):
    """11-30 #9: ValueError "embedded null byte"."""
    with pytest.raises(PlaybookInputError):
        records.open_store(f"sqlite:///{tmp_path}/x%00y.db")


# --------------------------------------------------------------------------- API type confusion
def _graded_customer():
    from playbook.engines import grading
    return grading.customers_from_rows([dict(zip(grading.REQUIRED_COLUMNS, ["甲", 5, 2, 5, 4, 5]))])[0]


def _dialogue_state():
    from playbook.engines import dialogue
    return dialogue.start(dialogue.all_dialogues()[0])


@pytest.mark.parametrize("call", [
    lambda: __import__("playbook.engines.grading", fromlist=["x"]).grade([_graded_customer()], cuts=(1,)),
    lambda: __import__("playbook.engines.grading", fromlist=["x"]).grade(None),
    lambda: __import__("playbook.engines.grading", fromlist=["x"]).score({}, {}),
    lambda: cadence.plan([("甲",)], 2026, 9),
    lambda: cadence.monthly_quota("A", {"A": 5}),
    lambda: __import__("playbook.engines.checklists", fromlist=["x"]).progress(
        __import__("playbook.engines.checklists", fromlist=["x"]).checklist("unloading"), None),
    lambda: practice.practice_order(practice.Progress(), None),
    lambda: __import__("playbook.engines.dialogue", fromlist=["x"]).get(10 ** 5000),
    lambda: __import__("playbook.engines.dialogue", fromlist=["x"]).choose(
        __import__("dataclasses").replace(_dialogue_state(), node="x"), 0),
    lambda: __import__("playbook.engines.dialogue", fromlist=["x"]).choose(
        __import__("dataclasses").replace(_dialogue_state(), order=(99,)), 0),
    lambda: __import__("playbook.trainer.roleplay", fromlist=["x"]).plan_session(["张三", "李四", "王五"], seed=10 ** 5000),
])
def test_wrongly_shaped_arguments_are_the_domain_error(call):
    """N30, N31, N32, 11-30 #4: TypeError/IndexError/KeyError/ZeroDivisionError/ValueError from deep
    inside an engine; now the guarded boundary (errors.guarded) names the function."""
    with pytest.raises(PlaybookInputError) as info:
        call()
    assert info.value.code in ("arguments", "message", "integer") and len(info.value.message) < 200


def test_every_public_engine_function_named_in_the_report_is_guarded():
    """The boundary is on the function, not on one input: a new wrong shape cannot reopen it."""
    from playbook.engines import checklists, dialogue, grading
    from playbook.trainer import roleplay
    for fn in (grading.grade, grading.score, grading.customers_from_rows, cadence.plan, cadence.monthly_quota,
               checklists.progress, practice.practice_order, practice.make_session, dialogue.get, dialogue.choose,
               dialogue.debrief, dialogue.replay, roleplay.plan_session, forecast.split_target,
               forecast.monthly_targets, forecast.two_month_forecast, forecast.item_mix):
        assert hasattr(fn, "__wrapped__"), fn.__name__


def test_the_audit_bounds_a_shipped_mass_from_volume_as_delivery_loss_does():
    """N22: 119,999 L at ρ20 1018.4 is 122 t: delivery_loss refuses it, the audit said 超耗."""
    pd = pytest.importorskip("pandas")
    from playbook.engines import loss
    row = {"driver": "甲", "carrier": "乙", "route_km": 50, "shipped_volume_l": 119_999, "shipped_temperature_c": 20,
           "density20_kg_m3": 1018.4, "received_gross_kg": 119_999, "received_tare_kg": 87_060}
    with pytest.raises(PlaybookInputError):
        loss.audit(pd.DataFrame([row] * 3))


# --------------------------------------------------------------------------- widgets show the message
def test_the_forecast_tool_shows_the_message_for_any_upload():
    """N25: EmptyDataError / ParserError / BadZipFile / ValueError reached the widget."""
    from playbook.views.forecast import ForecastTool
    tool = ForecastTool()
    for data, name in [(b"", "h.csv"), (b"\xef\xbb\xbf", "h.csv"), ('"甲区,1'.encode(), "h.csv"),
                       (b"garbage", "h.xlsx"), ("月份,区域\n".encode(), "h.xlsx")]:
        tool._uploaded = (data, name)
        tool.update()
        assert tool.result is None and isinstance(tool.error, PlaybookInputError), name


def test_the_planner_shows_the_message_for_a_huge_typed_date():
    """N26."""
    from playbook.views.cadence import CadencePlanner
    planner = CadencePlanner(customers="甲,A,99999999999999999999-1", events="")
    assert planner.plan is None and isinstance(planner.error, PlaybookInputError)
    planner.customers.value = "甲,A"
    planner.events.value = "99999999999999999999-1,甲,慰问"
    assert planner.plan is None and isinstance(planner.error, PlaybookInputError)


def test_my_practice_shows_the_message_for_a_bad_file_and_keeps_working(tmp_path):
    """N8, N24: a bad or future-dated import showed a traceback, and broke every later load."""
    from playbook.views.practice import PracticePage
    store = practice.FileStore(tmp_path / "p.json")
    page = PracticePage(store)
    for text in [_file(seconds="abc"), _file(at="9999-12-28T00:00:00+00:00"), "[" * 50_000, "\ufeff{"]:
        page.import_(text)
        assert "无法读取" in page.message.value or "不能晚于" in page.message.value
    PracticePage(store)                                  # a later load still works


def test_a_choice_outside_the_options_is_the_domain_error():
    """11-30 #12: ChoiceDrill.answer(99) raised a TraitError."""
    from playbook.engines import drills
    from playbook.views.drills import ChoiceDrill
    drill = ChoiceDrill(practice.make_session(seed=0, size=1).questions)
    with pytest.raises(PlaybookInputError):
        drill.answer(99)


def test_a_stored_time_another_program_wrote_is_the_domain_error(tmp_path):
    """11-30 #9: a trainees row with created_at='yesterday' made trainees() raise ValueError."""
    import sqlite3
    path = tmp_path / "r.sqlite3"
    with records.open_store(f"sqlite:///{path}") as store:
        store.add_trainee("张三")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE trainees SET created_at = 'yesterday'")
    conn.commit()
    conn.close()
    with records.open_store(f"sqlite:///{path}") as store:
        assert code_of(store.trainees) == "store_time"


def test_made_up_items_do_not_make_a_skill_green():
    """N13: 60 reviews of made-up objection ids showed objection readiness green, 60/110."""
    at = datetime(2026, 12, 1, tzinfo=UTC)
    p = practice.Progress()
    for i in range(60):
        p = practice.review(p, f"made-up-{i}", practice.EASY, family="objection", at=at)
    ready = {r.family: r for r in practice.readiness(p, practice.item_totals(), now=at + timedelta(hours=1),
                                                     known=practice.known_items())}
    assert ready["objection"].practised == 0 and ready["objection"].colour == "red"
    real = next(i for i in sorted(practice.known_items()) if practice.family_of(i) == "objection")
    p = practice.review(p, real, practice.EASY, at=at)
    ready = {r.family: r for r in practice.readiness(p, practice.item_totals(), now=at + timedelta(hours=1),
                                                     known=practice.known_items())}
    assert ready["objection"].practised == 1


def test_temp_files_left_by_a_killed_writer_are_cleaned_up_later(tmp_path):
    """N36: 6 .killed.json.*.tmp files were left after 36 SIGKILLs."""
    import os
    import time
    from playbook.fileio import STALE_TEMP_S, atomic_write
    target = tmp_path / "killed.json"
    old = tmp_path / ".killed.json.abc123.tmp"
    fresh = tmp_path / ".killed.json.def456.tmp"
    old.write_text("partial", encoding="utf-8")
    fresh.write_text("a writer still at work", encoding="utf-8")
    past = time.time() - STALE_TEMP_S - 60
    os.utime(old, (past, past))
    atomic_write(target, "{}")
    assert not old.exists() and fresh.exists() and target.read_text(encoding="utf-8") == "{}"


def test_names_are_normalised_where_they_are_stored():
    """Region and item names of a sales history, and the trainee of an exported progress file."""
    rows = [{"月份": "2026-01", "区域": "甲区\u200b ", "品项": " A", "销量": 5},
            {"月份": "2026-01", "区域": "甲区", "品项": "A", "销量": 7}]
    h = forecast.read_history(rows)
    assert set(h["区域"]) == {"甲区"} and set(h["品项"]) == {"A"}
    text = practice.to_json(practice.Progress(), trainee="张三\u200b ")
    assert json.loads(text)["trainee"] == "张三"


def test_a_made_up_dialogue_is_not_recorded(tmp_path):
    """N13: record_dialogue("dlg-nope", …) was accepted."""
    store = practice.FileStore(tmp_path / "p.json")
    assert code_of(practice.record_dialogue, "dlg-nope", "won", store=store) == "unknown_item"
    real = next(i for i in sorted(practice.known_items()) if i.startswith(practice.DIALOGUE_PREFIX))
    assert len(practice.record_dialogue(real, "won", store=store)) == 1


def test_the_dashboard_runs_over_a_database_that_already_holds_a_9999_answer(tmp_path):
    """N8, the reproducer of the report: an answer dated 9999-12-28 already in the store (imported
    before answers were bounded) no longer takes the team's dashboard down."""
    import sqlite3
    path = tmp_path / "r.sqlite3"
    url = f"sqlite:///{path}"
    with records.open_store(url) as store:
        store.import_practice(_file())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE practice_reviews SET reviewed_at = '9999-12-28T00:00:00.000000+00:00'")
    conn.commit()
    conn.close()
    out = subprocess.run([sys.executable, "-m", "playbook", "dashboard", "--db", url, "--out", str(tmp_path / "看板")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-1500:]
    assert (tmp_path / "看板" / "dashboard.html").exists()


def test_the_read_only_commands_work_on_a_read_only_mount(tmp_path):
    """N37: open_store refused a database on a read-only mount even for the commands that only
    read (SQLite's WAL needs -wal/-shm files); now it opens it as an immutable read-only file."""
    import os
    import shutil
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("mount"):
        pytest.skip("needs root and unshare/mount to make a read-only bind mount")
    src, mnt = tmp_path / "src", tmp_path / "mnt"
    src.mkdir()
    mnt.mkdir()
    with records.open_store(f"sqlite:///{src / 'r.sqlite3'}") as store:
        store.add_trainee("张三")
    script = (f"mount --bind {src} {mnt} && mount -o remount,bind,ro {mnt} && "
              f"{sys.executable} -m playbook records trainees --db sqlite:///{mnt / 'r.sqlite3'}")
    out = subprocess.run(["unshare", "-m", "bash", "-c", script], capture_output=True, text=True, timeout=120)
    if "mount" in out.stderr and out.returncode != 0 and "张三" not in out.stdout:
        pytest.skip(f"no bind mount here: {out.stderr[:100]}")
    assert out.returncode == 0 and "张三" in out.stdout, out.stderr
