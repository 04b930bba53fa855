"""The sales forecast (playbook.engines.forecast) against 003 篇2's worked steps."""
from __future__ import annotations

import pandas as pd
import pytest

from playbook import forecast
from tests.errcheck import raises_code


def test_split_target_the_seeds_way():
    # 003 篇2: last year 200 万, +10 % → 220 万; 甲区 was not saturated: 10 % → 11 %, others −1 point
    t = forecast.split_target({"甲区": 100, "乙区": 60, "丙区": 40}, 0.10, {"甲区": 0.11}, others_change=-0.01)
    assert t.loc["甲区", "今年目标"] == pytest.approx(111.0)     # 100 × 1.11
    assert t.loc["乙区", "今年目标"] == pytest.approx(65.4)      # 60 × 1.09
    assert t.loc["丙区", "今年目标"] == pytest.approx(43.6)      # 40 × 1.09
    assert t.loc["合计", "今年目标"] == pytest.approx(220.0)     # = 200 × 1.1
    assert t.attrs["gap"] == pytest.approx(0.0)
    # a smaller 甲区 (40 of 200): 40 × 1.11 + 160 × 1.09 = 44.4 + 174.4 = 218.8 → 1.2 short of 220
    t = forecast.split_target({"甲区": 40, "乙区": 160}, 0.10, {"甲区": 0.11}, others_change=-0.01)
    assert t.attrs["gap"] == pytest.approx(-1.2)
    # balanced instead: others' rate = (220 − 44.4) / 160 − 1 = 9.75 %
    t = forecast.split_target({"甲区": 40, "乙区": 160}, 0.10, {"甲区": 0.11})
    assert t.loc["乙区", "增长率"] == pytest.approx(0.0975) and t.attrs["gap"] == pytest.approx(0.0)


def history():
    rows = []
    for month, a, b, c, short in (("2026-01", 48, 32, 20, "否"), ("2026-02", 60, 36, 4, "是")):
        for item, qty in (("品项A", a), ("品项B", b), ("品项C", c)):
            rows.append({"月份": month, "区域": "甲区", "品项": item, "销量": qty, "缺货": short})
    return pd.DataFrame(rows)


def test_item_mix_first_forecast_and_revision():
    h = forecast.read_history(history())
    jan = forecast.item_mix(h, ["2026-01"])                 # 48/100, 32/100, 20/100
    assert list(jan.loc["甲区"]) == pytest.approx([0.48, 0.32, 0.20])
    avg = forecast.item_mix(h, ["2026-01", "2026-02"])      # Feb: 60/100, 36/100, 4/100
    assert list(avg.loc["甲区"]) == pytest.approx([0.54, 0.34, 0.12])   # (0.48+0.60)/2 …
    only_jan = forecast.item_mix(h, ["2026-01", "2026-02"], exclude=["2026-02"])
    assert list(only_jan.loc["甲区"]) == pytest.approx([0.48, 0.32, 0.20])


def test_forecast_month_100_then_95_percent():
    h = forecast.read_history(history())
    first = forecast.forecast_month({"甲区": 120}, forecast.item_mix(h, ["2026-01"]), 1.0)
    assert first.loc["甲区", "品项C"] == pytest.approx(24.0)    # 120 × 100 % × 20 %
    revised = forecast.forecast_month({"甲区": 120}, forecast.item_mix(h, ["2026-01", "2026-02"]), 0.95)
    assert revised.loc["甲区", "品项C"] == pytest.approx(13.68)  # 120 × 95 % × 12 %
    assert revised.loc["合计", "合计"] == pytest.approx(114.0)    # 120 × 95 %


def test_two_month_forecast_rhythm():
    out = forecast.two_month_forecast(history(), growth=0.10, revision_level=0.95)
    # history ends with February: in March we revise April and make May's first forecast
    assert sorted(out["月份"].unique()) == ["2026-04", "2026-05"]
    apr = out[out["月份"] == "2026-04"].set_index("品项")["预估"]
    # target: mean of Jan and Feb totals (100, 100) × 1.1 = 110; × 95 % = 104.5; C: × 12 % = 12.54
    assert apr["品项C"] == pytest.approx(12.54)
    # May's first forecast would use February's mix, but 甲区 February is flagged 缺货 (003:
    # "要剔除…因缺货而导致销售品项结构的改变"): it falls back to January, the last clean month,
    # 110 × 100 % × 20 % = 22, not 110 × 4 % = 4.4, and says so
    may = out[out["月份"] == "2026-05"]
    assert may.set_index("品项")["预估"]["品项C"] == pytest.approx(22.0)
    assert set(may["占比依据"]) == {"2026-01 占比(2026-02 缺货,改用最近不缺货的 2026-01)"}
    assert set(out["预估类型"]) == {"修正预估", "第一次预估"}
    excl = forecast.two_month_forecast(history(), exclude_stockout=True)
    assert excl[excl["月份"] == "2026-04"].set_index("品项")["预估"]["品项C"] == pytest.approx(22.0)  # 110 × 20 %


def test_csv_upload_gbk():
    text = "月份,区域,品项,销量\n2026年1月,甲区,品项A,10\n2026/2,甲区,品项A,12\n"
    h = forecast.read_history((text.encode("gbk"), "历史.csv"))
    assert list(h["月份"]) == ["2026-01", "2026-02"]


@pytest.mark.parametrize("rows, field, code, values", [
    ([{"月份": "2026-01", "区域": "甲", "品项": "A"}], "file", "header_missing", {"missing": "销量"}),
    ([{"月份": "一月", "区域": "甲", "品项": "A", "销量": 1}], "月份", "forecast_month", {"received": "一月"}),
    ([{"月份": "2026-01", "区域": "甲", "品项": "A", "销量": -5}], "销量", "row_number",
     {"row": 2, "column": "销量", "received": -5}),
    ([{"月份": "2026-01", "区域": "甲", "品项": "A", "销量": "很多"}], "销量", "row_number",
     {"row": 2, "column": "销量", "received": "很多"}),
])
def test_bad_history_names_the_column(rows, field, code, values):
    with raises_code(code, field, **values):
        forecast.read_history(rows)


def test_bad_level_and_growth():
    h = forecast.read_history(history())
    with raises_code("percent_range", "level", label="预估达成比例", received=3):
        forecast.forecast_month({"甲区": 120}, forecast.item_mix(h, ["2026-01"]), 3)
    with raises_code("percent_range", "growth", label="整体增长率", received="十%"):
        forecast.split_target({"甲区": 100}, "十%")


# ---------------------------------------------------------------- issue 23: stdlib core, stock-outs, targets, accuracy
from playbook.engines import forecast as core   # noqa: E402

SEED_HISTORY = """月份,区域,品项,销量,缺货
2026-01,甲区,品项A,48,否
2026-01,甲区,品项B,32,否
2026-01,甲区,品项C,20,否
2026-01,乙区,品项A,30,否
2026-01,乙区,品项B,20,否
2026-01,乙区,品项C,10,否
2026-02,甲区,品项A,60,是
2026-02,甲区,品项B,36,是
2026-02,甲区,品项C,4,是
2026-02,乙区,品项A,33,否
2026-02,乙区,品项B,21,否
2026-02,乙区,品项C,6,否
"""


def _by(rows, month, region, item):
    return next(f for f in rows if (f.month, f.region, f.item) == (month, region, item))


def test_stockout_is_per_region_and_never_drives_the_first_forecast():
    rows = core.forecast_rows(core.parse_history(SEED_HISTORY), growth=0.10, revision_level=0.95)
    # 甲区 May: January's mix (20 %) × 110 = 22; 乙区 February was not short: its own February
    # mix, 6 / 60 = 10 % × 66 (the mean of 60 and 60 × 1.1) = 6.6
    assert _by(rows, "2026-05", "甲区", "品项C").qty == pytest.approx(22.0)
    assert _by(rows, "2026-05", "乙区", "品项C").qty == pytest.approx(6.6)
    assert _by(rows, "2026-05", "乙区", "品项C").basis == "2026-02 占比"
    # the revision keeps the seed's two-month average and says a short month is in it
    assert _by(rows, "2026-04", "甲区", "品项C").basis == "2026-01、2026-02 平均占比(含缺货月 2026-02,可选择剔除)"
    # the chart's 品项C, all regions: April 12.54 + 8.36 = 20.9; May 22 + 6.6 = 28.6 (was 11.0)
    apr = sum(f.qty for f in rows if f.month == "2026-04" and f.item == "品项C")
    may = sum(f.qty for f in rows if f.month == "2026-05" and f.item == "品项C")
    assert (round(apr, 2), round(may, 2)) == (20.9, 28.6)


def test_both_months_short_falls_back_further_or_refuses():
    text = SEED_HISTORY.replace("2026-01,甲区,品项A,48,否", "2026-01,甲区,品项A,48,是")
    with raises_code("forecast_all_short", "缺货", region="甲区", basis="2026-01、2026-02"):
        core.forecast_rows(core.parse_history(text))
    earlier = "2025-12,甲区,品项A,50\n2025-12,甲区,品项B,25\n2025-12,甲区,品项C,25\n"
    rows = core.forecast_rows(core.parse_history(text + earlier), revision_level=1.0)
    # revision of April: January and February both short → December's 25 %
    assert _by(rows, "2026-04", "甲区", "品项C").basis.startswith("2025-12 占比")


def test_company_targets_replace_the_formula():
    own = core.parse_targets("月份,区域,目标\n2026-04,甲区,150\n2026-05,甲区,160")
    rows = core.forecast_rows(core.parse_history(SEED_HISTORY), revision_level=0.95, targets=own)
    # April revision: 150 × 95 % × 12 % = 17.1; May: 160 × 20 % = 32
    assert _by(rows, "2026-04", "甲区", "品项C").qty == pytest.approx(17.1)
    assert _by(rows, "2026-05", "甲区", "品项C").qty == pytest.approx(32.0)
    assert _by(rows, "2026-05", "甲区", "品项C").target_source == "公司下达的目标"
    assert _by(rows, "2026-05", "乙区", "品项C").target_source.startswith("近 2 个月平均")
    with raises_code("row_number", "目标", where="区域目标", row=2, column="目标", low=0, received="很多"):
        core.parse_targets("月份,区域,目标\n2026-04,甲区,很多")


def test_forecast_against_actual_with_its_error():
    history = core.parse_history(SEED_HISTORY + "2026-03,甲区,品项A,55\n2026-03,甲区,品项C,20\n")
    past = "月份,区域,品项,预估\n2026-03,甲区,品项A,50\n2026-03,甲区,品项C,25\n2026-07,甲区,品项A,1"
    rows, mape = core.accuracy(past, history)
    # A: 55 − 50 = 5, 5 / 55 = 9.1 %; C: 20 − 25 = −5, 5 / 20 = 25 %; mean 17.05 %; July has no actual yet
    assert rows == [("2026-03", "甲区", "品项A", 50.0, 55.0, 5.0, "9.1%"),
                    ("2026-03", "甲区", "品项C", 25.0, 20.0, -5.0, "25.0%")]
    assert mape == {"2026-03": pytest.approx((5 / 55 + 5 / 20) / 2)}


def test_history_errors_name_row_and_column_and_accept_an_excel_paste():
    pasted = "月份\t区域\t品项\t销量\n2026年1月\t甲区\t品项A\t1,200\n2026/2\t甲区\t品项A\t12"
    recs = core.parse_history(pasted)
    assert [(r.month, r.qty) for r in recs] == [("2026-01", 1200.0), ("2026-02", 12.0)]
    with raises_code("row_number", "销量", row=3, column="销量", received="-3"):
        core.parse_history("月份,区域,品项,销量\n2026-01,甲,A,1\n2026-02,甲,A,-3")
    with raises_code("forecast_month", "月份", where="第 2 行", received="2026-13"):
        core.parse_history("月份,区域,品项,销量\n2026-13,甲,A,1")
    with raises_code("header_missing", "file", missing="销量"):
        core.parse_history("月份,区域,品项\n2026-01,甲,A")
