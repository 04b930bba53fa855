"""The value-added commission calculator (playbook.engines.value_added) against seed 003's numbers."""
from __future__ import annotations

from decimal import Decimal

import pytest

from playbook import value_added
from playbook.errors import PlaybookInputError
from tests.errcheck import raises_code


def test_insurance_offer_is_the_seeds():
    # 003 三(一)2(5): 100 元 1 年, 200 元 3 年 = 买 2 年送 1 年, 300 元 5 年 = 买 3 年送 2 年
    offer = value_added.insurance_offer()
    assert [(p.price, p.years) for p in offer] == [(100, 1), (200, 3), (300, 5)]
    assert [p.free_years for p in offer] == [0, 1, 2]          # 3 − 200/100 = 1; 5 − 300/100 = 2
    assert [p.per_year for p in offer] == [Decimal("100.00"), Decimal("66.67"), Decimal("60.00")]
    assert offer[1].spoken == "买 2 年送 1 年" and offer[2].spoken == "买 3 年送 2 年"


def test_both_schemes_add_up_to_the_seeds_totals():
    first, second = value_added.schemes()
    # first: 10 % + (4 + 1.3 + 0.5 + 0.5 = 6.3 %) = 16.3 %
    assert sum(l.rate for l in first.lines if l.line == "second") == Decimal("0.063") == first.seed_second_line
    assert sum(l.rate for l in first.lines) == Decimal("0.163") == first.seed_total
    # second: 10 % + (2 + 1.1 + 0.4 + 0.3 + 0.1 = 3.9 %) = 13.9 %
    assert sum(l.rate for l in second.lines if l.line == "second") == Decimal("0.039") == second.seed_second_line
    assert sum(l.rate for l in second.lines) == Decimal("0.139") == second.seed_total


def test_commission_first_scheme_on_100000():
    r = value_added.commission(100_000, "first")
    assert r.agency_fee == Decimal("40000.00")                  # 100 000 × 40 %
    assert [(l.label, l.amount) for l in r.lines] == [
        ("一线员工", Decimal("10000.00")),                      # × 10 %
        ("客户服务部", Decimal("4000.00")),                      # × 4 %
        ("增值业务部", Decimal("1300.00")),                      # × 1.3 %
        ("财务管理部", Decimal("500.00")),                       # × 0.5 %
        ("话务中心", Decimal("500.00")),                         # × 0.5 %
    ]
    assert r.second_line == Decimal("6300.00")
    assert r.total == Decimal("16300.00") and r.total_rate == Decimal("0.163")
    assert r.group_cap == Decimal("20000.00")                   # 50 % of 40 000 = 20 % of sales
    assert r.remainder == Decimal("23700.00")                   # 40 000 − 16 300


def test_commission_second_scheme_and_the_service_station():
    r = value_added.commission(500_000, "second")              # the chapter's exercise: 50 万
    assert r.first_line == Decimal("50000.00")                  # 500 000 × 10 %
    assert r.second_line == Decimal("19500.00")                 # × 3.9 %
    assert r.total == Decimal("69500.00")                       # × 13.9 %
    assert r.remainder == Decimal("130500.00")                  # 200 000 − 69 500
    s = value_added.commission(500_000, "second", service_station=True)
    assert s.second_line == Decimal("24500.00")                 # (3 + 1.1 + 0.4 + 0.3 + 0.1) % = 4.9 %
    assert s.total == Decimal("74500.00")


def test_seed_results_agency_fee_is_forty_percent_of_sales():
    # 003 引言: 保险销售额 668 万 → 代理费 267 万; 965 万 → 386 万
    assert value_added.commission(6_680_000, "first").agency_fee == Decimal("2672000.00")
    assert value_added.commission(9_650_000, "first").agency_fee == Decimal("3860000.00")


def test_seed_inconsistencies_are_recorded_with_the_arithmetic():
    topics = {i.topic: i for i in value_added.SEED_INCONSISTENCIES}
    assert "2 + 4 = 6" in topics["客服中心数量"].check
    assert 2890 * 0.35 == pytest.approx(1011.5)
    assert "1011.5" in topics["燃气具毛利润"].check
    assert "34.5" in topics["居民用户数"].check and "44" in topics["居民用户数"].says


@pytest.mark.parametrize("sales", [-1, "十万", float("nan"), None, True, 1e11])
def test_bad_sales_are_refused_in_chinese(sales):
    with pytest.raises(PlaybookInputError) as err:
        value_added.commission(sales, "first")
    assert err.value.field == "sales" and err.value.values["label"] == "保险销售额"


def test_unknown_scheme_is_refused():
    with raises_code("choice", "scheme_id", label="提成方案", received="third"):
        value_added.commission(100, "third")


def test_sales_as_text_or_numpy_scalars():
    assert value_added.commission("１００，０００", "first").total == Decimal("16300.00")
    np = pytest.importorskip("numpy")
    assert value_added.commission(np.int64(100_000), "first").total == Decimal("16300.00")
    assert value_added.commission(np.float64(100_000.0), "second").total == Decimal("13900.00")


# ---------------------------------------------------------------- issue 23: editable schemes, per-person sheet
def test_seed_schemes_are_presets_and_agree_with_the_calculator():
    for sid in ("first", "second"):
        sheet = value_added.payroll([("王伟", 100_000)], value_added.PAY_PLANS[f"seed-{sid}"])
        # 一线 10 000 to the person; the 二线 lines are department pools: 16.3 % / 13.9 % in all
        assert sheet.rows[0].own == Decimal("10000.00")
        assert sheet.commissions == value_added.commission(100_000, sid).total
    assert value_added.payroll([("王伟", 100_000)], value_added.PAY_PLANS["seed-first"]).commissions == Decimal("16300.00")


def test_tiers_pools_and_caps_written_out():
    plan = value_added.PAY_PLANS["example-oil"]
    sheet = value_added.payroll([("王伟", "35万"), ("李娜", "70万"), ("张强", "10万")], plan)
    rows = {r.name: r for r in sheet.rows}
    # 35 万: 30 万 × 1 % + 5 万 × 1.5 % = 3 000 + 750 = 3 750
    assert rows["王伟"].own == Decimal("3750.00")
    # 70 万: 3 000 + 30 万 × 1.5 % + 10 万 × 2 % = 3 000 + 4 500 + 2 000 = 9 500
    assert rows["李娜"].own == Decimal("9500.00")
    # pool 0.2 % × 115 万 = 2 300, split by sales: 35 / 115 → 700, 70 / 115 → 1 400, 10 / 115 → 200
    assert (rows["王伟"].pool_share, rows["李娜"].pool_share, rows["张强"].pool_share) == (
        Decimal("700.00"), Decimal("1400.00"), Decimal("200.00"))
    assert rows["李娜"].total == Decimal("4000") + Decimal("9500") + Decimal("1400")
    capped = value_added.plan_from_text("封顶", "4000", "0:1%, 30万:1.5%, 60万:2%", "团队奖金池*:0.2%", cap="10000")
    li = {r.name: r for r in value_added.payroll([("王伟", "35万"), ("李娜", "70万"), ("张强", "10万")], capped).rows}["李娜"]
    assert (li.capped, li.total) == (Decimal("900.00"), Decimal("14000.00"))      # 9 500 + 1 400 − 10 000


def test_total_ceiling_warns():
    plan = value_added.plan_from_text("高提成", "0", "0:18%", "客户服务部:4%", total_cap="20")
    sheet = value_added.payroll([("甲", 100_000)], plan)
    assert sheet.commissions == Decimal("22000.00") and "超过上限" in sheet.warnings[0]


@pytest.mark.parametrize("tiers, pools, code, values", [
    ("30万:1%", "", "tiers_order", {}), ("0:1%, 0:2%", "", "tiers_order", {}),
    ("0:很多", "", "percent_text", {"where": "提成档位第 1 档的比例", "received": "很多"}),
    ("0:1%", "客户服务部", "line_format", {"where": "奖金池", "row": 1, "part": "项", "received": "客户服务部"}),
    ("0:1%", "部门:150%", "percent_text", {"where": "奖金池“部门”的比例", "received": "150%"})])
def test_bad_scheme_text_names_the_field(tiers, pools, code, values):
    with raises_code(code, **values):
        value_added.plan_from_text("x", "0", tiers, pools)


def test_bad_people_name_the_row():
    with raises_code("money_text", "money", where="第 2 行“李娜”的销售额", received="-5"):
        value_added.payroll([("王伟", "1"), ("李娜", "-5")], value_added.PAY_PLANS["example-oil"])
    with raises_code("duplicate", "people", where="第 2 行的", what="姓名", name="王伟"):
        value_added.payroll([("王伟", "1"), ("王伟", "2")], value_added.PAY_PLANS["example-oil"])


def test_payroll_xlsx_cells_are_formula_safe():
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("ipywidgets")
    import io

    from playbook.views.value_added import payroll_csv, payroll_xlsx
    sheet = value_added.payroll([("=HYPERLINK(\"x\")", "35万"), ("@SUM(A1)", "10万")], value_added.PAY_PLANS["example-oil"])
    book = openpyxl.load_workbook(io.BytesIO(payroll_xlsx(sheet)))
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'=HYPERLINK(\"x\")" in texts and "'@SUM(A1)" in texts
    assert book.active["B2"].value == 350000.0 and book.active["D2"].value == 3750.0
    assert "'=HYPERLINK" in payroll_csv(sheet).decode("utf-8-sig")


def test_full_width_separators_in_scheme_text():
    plan = value_added.plan_from_text("x", "0", "0\uff1a1\uff05\uff0c 30万\uff1a2%", "部门\uff1a1%\uff1b 团队*:0.5%")
    assert [(t.above, t.rate) for t in plan.tiers] == [(Decimal(0), Decimal("0.01")), (Decimal(300000), Decimal("0.02"))]
    assert [(p.label, p.split) for p in plan.pools] == [("部门", False), ("团队", True)]
