"""Customer grading (playbook.engines.grading): 000 §1.3 criteria, 002 §4.4.2 pyramid, 002 §4.1 checks."""
from __future__ import annotations

import pytest

from playbook import grading
from tests.errcheck import raises_code


def C(name, stability, price, volume, loyalty, attribute, checks=()):
    return grading.Customer(name, {"stability": stability, "price_sensitivity": price, "volume": volume,
                                   "loyalty": loyalty, "attribute": attribute}, frozenset(checks))


def test_the_five_criteria_are_000_1_3():
    assert [c.label for c in grading.CRITERIA] == ["购油的稳定性", "价格的敏感程度", "需求量的大小", "忠诚度", "属性"]


def test_scores_with_equal_and_user_weights():
    best = C("甲", 5, 1, 5, 5, 5)       # price sensitivity 1 counts as 6 − 1 = 5 → mean 5 → 100
    worst = C("乙", 1, 5, 1, 1, 1)      # → mean 1 → 0
    mid = C("丙", 4, 3, 3, 4, 2)        # (4 + 3 + 3 + 4 + 2) / 5 = 3.2 → (3.2 − 1) × 25 = 55
    r = grading.grade([best, worst, mid])
    assert [(c.score, c.grade) for c in r.customers] == [(100.0, "A"), (0.0, "C"), (55.0, "B")]
    # weight volume 3, the rest 1: (4 + 3 + 3×3 + 4 + 2) / 7 = 22/7 = 3.142857 → 53.6
    r = grading.grade([mid], weights={"volume": 3})
    assert r.customers[0].score == 53.6 and r.customers[0].grade == "B"
    # only stability counts: 4 → 75 → A (at the cut)
    r = grading.grade([mid], weights={"stability": 1, "price_sensitivity": 0, "volume": 0, "loyalty": 0,
                                      "attribute": 0})
    assert r.customers[0].score == 75.0 and r.customers[0].grade == "A"


def test_pyramid_top_one_percent_and_the_assumed_rest():
    customers = [C(f"客户{i:03d}", 1 + i % 5, 3, 1 + (i * 7) % 5, 1 + (i * 3) % 5, 3) for i in range(200)]
    r = grading.grade(customers)
    # 200 customers: 1 % → 2 重要; 5 % → 10, i.e. 8 主要; 20 % → 40, i.e. 30 普通; 160 小
    assert r.tier_counts == {"重要客户": 2, "主要客户": 8, "普通客户": 30, "小客户": 160}
    top = [c for c in r.ranked()[:2]]
    assert all(c.tier == "重要客户" for c in top)
    assert grading.ASSUMED_PYRAMID == (0.01, 0.05, 0.20)
    r = grading.grade(customers, pyramid_shares=(0.01, 0.10, 0.30))
    assert r.tier_counts == {"重要客户": 2, "主要客户": 18, "普通客户": 40, "小客户": 140}


def test_big_customer_risks_and_quality_checks():
    big = C("大客户", 4, 4, 5, 3, 4, checks=("risk_finance", "risk_churn", "bad_credit"))
    small = C("小客户", 2, 2, 1, 2, 2, checks=("good_profit", "good_relation", "good_partner"))
    r = grading.grade([big, small])
    b, s = r.customers
    assert b.risks == ("财务风险:要求赊账,容易成为“欠款大户”", "流失风险:可能叛离或“自立门户”")
    assert any("大客户不一定是优质客户" in w for w in b.warnings)
    assert any("劣质" in w for w in b.warnings)
    assert s.grade == "C" and any("小客户也可能是优质客户" in w for w in s.warnings)


def test_csv_gbk_and_utf8():
    text = ("客户,稳定性,价格敏感度,需求量,忠诚度,属性,赊账欠款\n"
            "某加油站,4,3,3,4,2,是\n某物流公司,5,1,5,5,5,\n")
    for data in (text.encode("gbk"), text.encode("utf-8-sig")):
        customers = grading.customers_from_rows(grading.read_table(data, "客户.csv"))
        assert [c.name for c in customers] == ["某加油站", "某物流公司"]
        assert customers[0].checks == {"risk_finance"} and customers[1].checks == frozenset()


def test_xlsx_input():
    openpyxl = pytest.importorskip("openpyxl")
    import io
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(grading.REQUIRED_COLUMNS))
    sheet.append(["某加油站", 4, 3, 3, 4, 2])
    buf = io.BytesIO()
    book.save(buf)
    customers = grading.customers_from_rows(grading.read_table(buf.getvalue(), "客户.xlsx"))
    assert grading.grade(customers).customers[0].score == 55.0


@pytest.mark.parametrize("text, field, code, values", [
    ("客户,稳定性,价格敏感度,需求量,忠诚度\n甲,1,2,3,4\n", "file", "header_missing", {"missing": "属性"}),
    ("客户,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,6,2,3,4,5\n", "stability", "range",
     {"label": "第 2 行“稳定性”", "received": 6.0}),
    ("客户,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,高,2,3,4,5\n", "stability", "row_number",
     {"row": 2, "column": "稳定性", "received": "高"}),
    ("客户,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,1,2,,4,5\n", "volume", "row_empty", {"row": 2, "column": "需求量"}),
    ("客户,稳定性,价格敏感度,需求量,忠诚度,属性,赊账欠款\n甲,1,2,3,4,5,也许\n", "risk_finance", "choice",
     {"allowed": "是、否", "received": "也许"}),
])
def test_bad_tables_name_the_column_in_chinese(text, field, code, values):
    with raises_code(code, field, **values):
        grading.customers_from_rows(grading.read_table(text.encode("utf-8"), "a.csv"))


def test_bad_weights_and_cuts():
    with raises_code("range", "weights.loyalty", label="“忠诚度”的权重", received=-1):
        grading.grade([C("甲", 1, 1, 1, 1, 1)], weights={"loyalty": -1})
    with raises_code("grading_zero_weights", "weights"):
        grading.grade([C("甲", 1, 1, 1, 1, 1)], weights={c.id: 0 for c in grading.CRITERIA})
    with raises_code("grading_cuts", "cuts", b_cut=60, a_cut=50):
        grading.grade([C("甲", 1, 1, 1, 1, 1)], cuts=(50, 60))
    with raises_code("range", "stability", low=1, high=5, received=0):
        grading.grade([C("甲", 0, 1, 1, 1, 1)])


def test_full_width_ratings_and_formula_safe_export():
    text = "客户,稳定性,价格敏感度,需求量,忠诚度,属性\n=HYPERLINK(\"x\"),４,3,3,4,2\n"
    customers = grading.customers_from_rows(grading.read_table(text.encode("utf-8"), "a.csv"))
    assert customers[0].ratings["stability"] == 4.0
    exported = grading.to_csv(grading.grade(customers)).decode("utf-8-sig")
    assert "'=HYPERLINK" in exported                  # a spreadsheet must not run it


# ---------------------------------------------------------------- issue 23: ERP columns, owner, 公共客户, paste
from datetime import date  # noqa: E402

ERP = """客户名称\t客户经理\t忠诚度\t属性\t年用量\t毛利\t回款天数\t最近进油
华东物流公司\t王伟\t4\t5\t6000\t320\t15\t2026-11-20
某水泥厂\t王伟\t3\t4\t2500\t120\t90\t2026-10-30
县城个体加油点\t李娜\t2\t2\t80\t40\t20\t2026-08-31
"""


def test_erp_export_pasted_from_excel_is_banded_into_ratings():
    customers = grading.customers_from_rows(grading.read_table(ERP), today=date(2026, 12, 7))
    east, cement, small = customers
    # 年用量 6000 ≥ 5000 → 需求量 5; 毛利 320 ≥ 300 → 价格敏感度 1; last purchase 17 days ago → 稳定性 5
    assert east.ratings == {"stability": 5.0, "price_sensitivity": 1.0, "volume": 5.0, "loyalty": 4.0, "attribute": 5.0}
    # 2500 t → 4; 120 元/吨 reaches 50 and 100 → 5 − 2 = 3; 1 month (10-30 → 12-07) → 4; 90 days > 60 → 赊账
    assert (cement.ratings["volume"], cement.ratings["price_sensitivity"], cement.ratings["stability"]) == (4.0, 3.0, 4.0)
    assert cement.checks == {"risk_finance"} and cement.owner == "王伟"
    # 80 t → 1; 40 元/吨 → 5; 08-31 → 12-07 is 3 months → 稳定性 5 − 3 = 2, and a 公共客户
    assert (small.ratings["volume"], small.ratings["price_sensitivity"], small.months_idle) == (1.0, 5.0, 3.0)
    r = grading.grade(customers)
    flags = {c.name: c.public for c in r.customers}
    assert flags == {"华东物流公司": False, "某水泥厂": False, "县城个体加油点": True}
    assert any("000 §9.5" in w and "公共客户" in w for w in r.customers[2].warnings)
    assert r.ranked_by == "value"      # 年用量 × 毛利: 1 920 000 > 300 000 > 3 200
    assert [c.name for c in r.ranked()] == ["华东物流公司", "某水泥厂", "县城个体加油点"]
    row = grading.rows(r)[2]
    assert row[8:10] == ("李娜", "是")


def test_bands_are_editable_and_checked():
    bands = [grading.Band("年用量", "volume", "吨/年", (10, 20, 30, 40), True)]
    text = "客户,稳定性,价格敏感度,忠诚度,属性,年用量\n甲,3,3,3,3,35\n"
    customers = grading.customers_from_rows(grading.read_table(text), bands=bands)
    assert customers[0].ratings["volume"] == 4.0             # 35 reaches 10, 20, 30
    with raises_code("grading_bands", "bands", column="年用量"):
        grading.customers_from_rows(grading.read_table(text), bands=[grading.Band("年用量", "volume", "吨/年", (5, 4, 3, 2), True)])
    with raises_code("row_number", "年用量", row=2, column="年用量", low=0, received="很多"):
        grading.customers_from_rows(grading.read_table(text.replace(",35", ",很多")))
    with raises_code("grading_future_delivery", "最近进油", row=2):
        grading.customers_from_rows(grading.read_table("客户,价格敏感度,需求量,忠诚度,属性,最近进油\n甲,3,3,3,3,2027-01-05"),
                                    today=date(2026, 12, 7))


def test_months_between():
    assert grading.months_between(date(2026, 9, 15), date(2026, 12, 14)) == 2
    assert grading.months_between(date(2026, 9, 15), date(2026, 12, 15)) == 3


def test_missing_columns_message_names_the_alternatives_and_what_was_found():
    with raises_code("header_missing", "file", found="客户、忠诚度") as err:
        grading.read_table("客户\t忠诚度\n甲\t3")
    assert "需求量(或“年用量”)" in err.value.values["missing"].split("、")


def test_sheet_with_a_huge_declared_dimension_is_read_to_its_real_extent():
    openpyxl = pytest.importorskip("openpyxl")
    import io
    import re
    import zipfile
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(grading.REQUIRED_COLUMNS))
    sheet.append(["某加油站", 4, 3, 3, 4, 2])
    buf = io.BytesIO()
    book.save(buf)
    # rewrite the sheet's declared dimension to the whole grid, as some exporters do
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+" ?/>', b'<dimension ref="A1:XFD1048576"/>', data)
                assert b"XFD1048576" in data
            dst.writestr(item, data)
    rows = grading.read_table(out.getvalue(), "客户.xlsx")
    assert len(rows) == 1 and rows[0]["客户"] == "某加油站"


def test_sheet_with_data_past_the_column_limit_is_refused_in_chinese():
    openpyxl = pytest.importorskip("openpyxl")
    import io
    from playbook import sheets
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(grading.REQUIRED_COLUMNS))
    sheet.cell(row=3, column=sheets.MAX_COLUMNS + 1, value="x")
    buf = io.BytesIO()
    book.save(buf)
    with raises_code("file_too_many_columns", "file", high=60):
        grading.read_table(buf.getvalue(), "客户.xlsx")
    many = "客户,稳定性\n" + "甲,1\n" * (sheets.MAX_ROWS + 1)
    with raises_code("file_too_many_rows", "file", high=20000):
        sheets.read_text(many)


def test_full_width_comma_separates_typed_text_but_not_a_file():
    from playbook import sheets
    comma = "\uff0c"
    assert sheets.read_text(f"客户{comma}级别\n甲{comma}A") == [["客户", "级别"], ["甲", "A"]]
    assert sheets.read_rows(f"客户,级别\n某公司{comma}西站,A".encode("gbk"), "a.csv") == [
        ["客户", "级别"], [f"某公司{comma}西站", "A"]]
