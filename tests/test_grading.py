"""Customer grading (playbook.engines.grading): 000 §1.3 criteria, 002 §4.4.2 pyramid, 002 §4.1 checks."""
from __future__ import annotations

import pytest

from playbook import grading
from playbook.errors import PlaybookInputError


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


@pytest.mark.parametrize("text, field, words", [
    ("客户,稳定性,价格敏感度,需求量,忠诚度\n甲,1,2,3,4\n", "file", "属性"),
    ("客户,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,6,2,3,4,5\n", "stability", "稳定性"),
    ("客户,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,高,2,3,4,5\n", "stability", "第 2 行"),
    ("客户,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,1,2,,4,5\n", "volume", "需求量"),
    ("客户,稳定性,价格敏感度,需求量,忠诚度,属性,赊账欠款\n甲,1,2,3,4,5,也许\n", "risk_finance", "是"),
])
def test_bad_tables_name_the_column_in_chinese(text, field, words):
    with pytest.raises(PlaybookInputError) as err:
        grading.customers_from_rows(grading.read_table(text.encode("utf-8"), "a.csv"))
    assert err.value.field == field and words in err.value.message


def test_bad_weights_and_cuts():
    with pytest.raises(PlaybookInputError, match="忠诚度"):
        grading.grade([C("甲", 1, 1, 1, 1, 1)], weights={"loyalty": -1})
    with pytest.raises(PlaybookInputError, match="全为 0"):
        grading.grade([C("甲", 1, 1, 1, 1, 1)], weights={c.id: 0 for c in grading.CRITERIA})
    with pytest.raises(PlaybookInputError, match="B 类分数线"):
        grading.grade([C("甲", 1, 1, 1, 1, 1)], cuts=(50, 60))
    with pytest.raises(PlaybookInputError, match="评分"):
        grading.grade([C("甲", 0, 1, 1, 1, 1)])


def test_full_width_ratings_and_formula_safe_export():
    text = "客户,稳定性,价格敏感度,需求量,忠诚度,属性\n=HYPERLINK(\"x\"),４,3,3,4,2\n"
    customers = grading.customers_from_rows(grading.read_table(text.encode("utf-8"), "a.csv"))
    assert customers[0].ratings["stability"] == 4.0
    exported = grading.to_csv(grading.grade(customers)).decode("utf-8-sig")
    assert "'=HYPERLINK" in exported                  # a spreadsheet must not run it
