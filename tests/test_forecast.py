"""The sales forecast (playbook.engines.forecast) against 003 篇2's worked steps."""
from __future__ import annotations

import pandas as pd
import pytest

from playbook import forecast
from playbook.errors import PlaybookInputError


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
    may = out[out["月份"] == "2026-05"].set_index("品项")["预估"]
    assert may["品项C"] == pytest.approx(4.4)                 # 110 × 100 % × Feb's 4 %
    assert set(out["预估类型"]) == {"修正预估", "第一次预估"}
    excl = forecast.two_month_forecast(history(), exclude_stockout=True)
    assert excl[excl["月份"] == "2026-04"].set_index("品项")["预估"]["品项C"] == pytest.approx(22.0)  # 110 × 20 %


def test_csv_upload_gbk():
    text = "月份,区域,品项,销量\n2026年1月,甲区,品项A,10\n2026/2,甲区,品项A,12\n"
    h = forecast.read_history((text.encode("gbk"), "历史.csv"))
    assert list(h["月份"]) == ["2026-01", "2026-02"]


@pytest.mark.parametrize("rows, field", [
    ([{"月份": "2026-01", "区域": "甲", "品项": "A"}], "file"),
    ([{"月份": "一月", "区域": "甲", "品项": "A", "销量": 1}], "月份"),
    ([{"月份": "2026-01", "区域": "甲", "品项": "A", "销量": -5}], "销量"),
    ([{"月份": "2026-01", "区域": "甲", "品项": "A", "销量": "很多"}], "销量"),
])
def test_bad_history_names_the_column(rows, field):
    with pytest.raises(PlaybookInputError) as err:
        forecast.read_history(rows)
    assert err.value.field == field
    assert (field if field != "file" else "销量") in err.value.message


def test_bad_level_and_growth():
    h = forecast.read_history(history())
    with pytest.raises(PlaybookInputError, match="预估达成比例"):
        forecast.forecast_month({"甲区": 120}, forecast.item_mix(h, ["2026-01"]), 3)
    with pytest.raises(PlaybookInputError, match="增长率"):
        forecast.split_target({"甲区": 100}, "十%")
