"""销售预估 (sales forecast), seed 003 篇2 step by step. pandas: Jupyter and build time only.

003 篇2 in four moves, each a function:

1. :func:`split_target` — split the year's target by region with growth-rate adjustments (the
   seed: 200 万 last year, +10 %; a region that was not saturated goes to 11 %, the others
   lower theirs).
2. :func:`item_mix` — the item mix: for the **first** forecast of a month, the previous month's
   shares (in February, April's forecast uses January); for the **revision**, the average of the
   two previous months' shares (in March, April's revision uses the January–February average,
   because February's mix was distorted by stock-outs around 春节); months flagged as stock-out
   months can be left out entirely (``exclude``).
3. :func:`forecast_month` — target × level × mix by region and item; the level is 100 % at
   first and is revised (e.g. to 90–95 %) when the channel still holds much stock.
4. :func:`two_month_forecast` — from an uploaded history: in month M (the history ends with
   M − 1) forecast M + 1 (a revision: two-month average mix, ``revision_level``) and M + 2
   (a first forecast: last month's mix, 100 %), region by region.

The history is a long table with columns 月份 (``2026-01``), 区域, 品项, 销量 and optionally
缺货 (是/否). Bad input raises :class:`playbook.errors.PlaybookInputError` naming the column.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from playbook.errors import PlaybookInputError, shown, guarded
from playbook.normalize import clean_line, require_number
from playbook.spreadsheet import read_rows

__all__ = ["COLUMNS", "forecast_month", "item_mix", "monthly_targets", "read_history",
           "split_target", "two_month_forecast"]

COLUMNS = ("月份", "区域", "品项", "销量")


def _rate(value: object, field: str, label: str, lo: float, hi: float) -> float:
    """A rate (0.10 = 10 %) in [lo, hi]; the message states the range in per cent."""
    try:
        return require_number(value, field, label, lo, hi, "")
    except PlaybookInputError:
        raise PlaybookInputError(field, f"{label}须在 {lo * 100:g}% 至 {hi * 100:g}% 之间,收到 {shown(value)}") from None
_YES = {"是", "有", "y", "yes", "true", "1", "√"}


@guarded("last_year")
def split_target(last_year: Mapping[str, object], growth: object = 0.10,
                 adjusted: Mapping[str, object] | None = None, others_change: object | None = None):
    """Targets by region: last year's sales × (1 + growth rate).

    ``adjusted`` sets some regions' rates (the seed: an under-saturated region to 11 %).
    ``others_change`` is added to every other region's rate (the seed: −1 percentage point,
    ``-0.01``); ``None`` lowers the others just enough that the total still meets
    last year × (1 + growth). Returns a DataFrame (去年销售, 增长率, 今年目标) with a 合计 row; its
    ``attrs`` hold the company target and the gap (合计 − target).
    """
    import pandas as pd

    if not last_year:
        raise PlaybookInputError("last_year", "请至少填写一个区域的去年销售额")
    sales: dict[str, float] = {}
    for r, v in last_year.items():
        name = clean_line(str(r))
        if not name or name == "合计" or name in sales:   # N16: 合计 is the total row; 1 and "1" are one name
            raise PlaybookInputError("last_year", f"区域名称 {shown(r)} 为空、重复或与“合计”行同名:请换一个名称")
        sales[name] = require_number(v, "last_year", f"区域“{name}”的去年销售额", 0, 1e12, "")
    g = _rate(growth, "growth", "整体增长率", -0.9, 10)
    adjusted = {clean_line(str(r)): _rate(v, "adjusted", f"区域“{r}”调整后的增长率", -0.9, 10)
                for r, v in (adjusted or {}).items()}
    unknown = set(adjusted) - set(sales)
    if unknown:
        raise PlaybookInputError("adjusted", f"调整增长率的区域不在区域名单中:{'、'.join(sorted(unknown))}")
    target = sum(sales.values()) * (1 + g)
    others = [r for r in sales if r not in adjusted]
    if others_change is None:
        fixed = sum(sales[r] * (1 + adjusted[r]) for r in adjusted)
        base = sum(sales[r] for r in others)
        other_rate = (target - fixed) / base - 1 if base else g
    else:
        other_rate = g + _rate(others_change, "others_change", "其他区域增长率的调整", -1, 1)
    if not -0.9 <= other_rate <= 10:   # N15: the others cannot make up the gap without a negative target
        raise PlaybookInputError("adjusted", f"按调整后的增长率,其他区域需要 {other_rate * 100:.1f}% 的增长率才能"
                                             "达到整体目标(须在 −90% 至 1000% 之间):请调整各区域的增长率")
    rates = {r: adjusted.get(r, other_rate) for r in sales}
    table = pd.DataFrame({"去年销售": pd.Series(sales), "增长率": pd.Series(rates)})
    table["今年目标"] = table["去年销售"] * (1 + table["增长率"])
    table.index.name = "区域"
    total = table["今年目标"].sum()
    base_total = table["去年销售"].sum()
    table.loc["合计"] = [base_total, total / base_total - 1 if base_total else g, total]
    table.attrs.update(target=target, gap=total - target)
    return table


def _month(value: object, row: int) -> str:
    import pandas as pd

    text = str(value).strip().replace("/", "-").replace("年", "-").replace("月", "").replace(".", "-")
    try:
        if len(text) > 24 or not re.match(r"\d{4}-\d{1,2}", text):   # "2026" alone is not January (N21)
            raise ValueError
        return str(pd.Period(text, freq="M"))
    except (ValueError, TypeError):
        raise PlaybookInputError("月份", f"第 {row} 行“月份”须为年月,如 2026-01,收到 {shown(value)}") from None


def _cell(value: object) -> str:
    """A table cell as trimmed text; empty (None, NaN, NaT, pandas.NA, "") → ""."""
    if value is None:
        return ""
    try:
        if value != value:   # NaN / NaT
            return ""
    except (TypeError, ValueError):  # pandas.NA and friends
        return ""
    return str(value).strip()


def read_history(source) -> "pd.DataFrame":  # noqa: F821
    """A validated history from a DataFrame, rows (dicts), CSV bytes (UTF-8/GBK) or xlsx bytes
    (``(bytes, filename)``): columns 月份 (str ``YYYY-MM``), 区域, 品项, 销量 (float ≥ 0), 缺货 (bool)."""

    import pandas as pd

    if isinstance(source, tuple):
        if len(source) != 2:
            raise PlaybookInputError("file", code="file_type", name="销售历史", kind=type(source).__name__)
        data, name = source
        rows = read_rows(data, name)          # size and extent capped; every failure a PIE
        header = [("" if h is None else str(h)).strip() for h in rows[0]]
        body = [list(r[:len(header)]) for r in rows[1:] if any(_cell(v) for v in r)]   # blank lines skipped
        frame = pd.DataFrame(body, columns=header, dtype=object)
    elif isinstance(source, pd.DataFrame):
        frame = source.copy()
    elif isinstance(source, (str, bytes)) or not isinstance(source, Iterable):
        raise PlaybookInputError("file", code="file_type", name="销售历史", kind=type(source).__name__)
    else:
        try:
            frame = pd.DataFrame(list(source))
        except (TypeError, ValueError):
            raise PlaybookInputError("file", code="file_type", name="销售历史", kind=type(source).__name__) from None
    twice = sorted({str(c).strip() for c in frame.columns if [str(x).strip() for x in frame.columns].count(str(c).strip()) > 1})
    if twice:
        raise PlaybookInputError("file", code="duplicate_column", name="销售历史", column=twice[0][:30])
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise PlaybookInputError("file", code="missing_columns", name="销售历史", missing="、".join(missing),
                                 required="、".join(COLUMNS))
    if frame.empty:
        raise PlaybookInputError("file", code="no_rows", name="销售历史")
    for col in ("月份", "区域", "品项"):
        texts = [clean_line(_cell(v)) for v in frame[col]]
        if "" in texts:          # an empty cell, whatever pandas made of it (NaN, None, "")
            raise PlaybookInputError(col, f"第 {texts.index('') + 2} 行“{col}”为空")
    out = pd.DataFrame({
        "月份": [_month(v, i + 2) for i, v in enumerate(frame["月份"])],
        "区域": [clean_line(_cell(v)) for v in frame["区域"]],   # names as stored: "甲区\u200b " is 甲区
        "品项": [clean_line(_cell(v)) for v in frame["品项"]],
    })
    qty = []
    for i, v in enumerate(frame["销量"]):
        try:   # one number reader for the package: "1,000" yes, "6,5" never read as 65
            qty.append(require_number(v if isinstance(v, str) or v is None else v, "销量",
                                      f"第 {i + 2} 行“销量”", 0, 1e12))
        except PlaybookInputError:
            raise PlaybookInputError("销量", f"第 {i + 2} 行“销量”须为不小于 0 的数值,收到 {shown(v)}") from None
    out["销量"] = [float(x) for x in qty]
    out["缺货"] = ([_cell(v).lower() in _YES for v in frame["缺货"]] if "缺货" in frame.columns else False)
    out.attrs["validated_history"] = True
    return out


@guarded("history")
def item_mix(history, months: Iterable[str], *, exclude: Iterable[str] = ()) -> "pd.DataFrame":  # noqa: F821
    """Item shares by region: each month's shares, averaged over ``months`` minus ``exclude``.

    Rows are regions, columns items, each row sums to 1. A month where a region sold nothing
    is skipped for that region.
    """
    import pandas as pd

    h = read_history(history) if not _is_history(history) else history
    wanted = [m for m in months if m not in set(exclude)]
    if not wanted:
        raise PlaybookInputError("exclude", "剔除缺货月份后没有可用的月份来计算品项占比")
    absent = [m for m in wanted if m not in set(h["月份"])]
    if absent:
        raise PlaybookInputError("月份", f"销售历史中没有 {'、'.join(absent)} 的数据,无法计算品项占比")
    part = h[h["月份"].isin(wanted)]
    table = part.pivot_table(index=["区域", "月份"], columns="品项", values="销量", aggfunc="sum", fill_value=0.0)
    totals = table.sum(axis=1)
    shares = table[totals > 0].div(totals[totals > 0], axis=0)
    mix = shares.groupby(level="区域").mean()
    items = sorted(h["品项"].unique())
    mix = mix.reindex(columns=items, fill_value=0.0)
    mix.columns.name = "品项"
    return mix


def _is_history(obj) -> bool:
    try:
        import pandas as pd
    except ImportError:   # pragma: no cover
        return False
    return isinstance(obj, pd.DataFrame) and obj.attrs.get("validated_history") is True


@guarded("history")
def forecast_month(targets: Mapping[str, object], mix, level: object = 1.0) -> "pd.DataFrame":  # noqa: F821
    """Region × item forecast = region target × level × item share; a 合计 row and column."""
    import pandas as pd

    lv = _rate(level, "level", "预估达成比例", 0.5, 1.5)
    t = pd.Series({str(r): require_number(v, "targets", f"区域“{r}”的目标", 0, 1e12, "")
                   for r, v in dict(targets).items()})
    missing = [r for r in t.index if r not in mix.index]
    if missing:
        raise PlaybookInputError("targets", f"这些区域没有品项占比数据:{'、'.join(missing)}")
    table = mix.loc[t.index].mul(t * lv, axis=0)
    table["合计"] = table.sum(axis=1)
    table.loc["合计"] = table.sum(axis=0)
    table.index.name = "区域"
    return table


def _shift(month: str, k: int) -> str:
    import pandas as pd

    return str(pd.Period(month, freq="M") + k)


@guarded("history")
def monthly_targets(history, month: str, growth: object = 0.10,
                    region_growth: Mapping[str, object] | None = None) -> dict[str, float]:
    """Each region's target for ``month``: the same month last year × (1 + growth) if the
    history has it, else the mean of the last three months in the history × (1 + growth)."""
    h = read_history(history) if not _is_history(history) else history
    g = _rate(growth, "growth", "增长率", -0.9, 10)
    rg = {clean_line(str(r)): _rate(v, "region_growth", f"区域“{r}”的增长率", -0.9, 10)
          for r, v in (region_growth or {}).items()}
    unknown = sorted(set(rg) - set(h["区域"]))
    if unknown:   # N21: a misspelt region must not be ignored silently
        raise PlaybookInputError("region_growth", f"单独设定增长率的区域不在销售历史中:{'、'.join(unknown)[:60]}")
    last_year = _shift(month, -12)
    recent = sorted(h["月份"].unique())[-3:]
    out = {}
    for region, part in h.groupby("区域"):
        rate = rg.get(region, g)
        same = part[part["月份"] == last_year]["销量"].sum()
        if same > 0:
            base = same
        else:
            base = part[part["月份"].isin(recent)].groupby("月份")["销量"].sum().reindex(recent, fill_value=0).mean()
        out[region] = float(base * (1 + rate))
    return out


@guarded("history")
def two_month_forecast(history, *, growth: object = 0.10, region_growth: Mapping[str, object] | None = None,
                       revision_level: object = 1.0, exclude_stockout: bool = False) -> "pd.DataFrame":  # noqa: F821
    """The seed's rhythm from a history ending with month L (we are in M = L + 1):

    - M + 1 (already forecast last month, now **revised**): mix = average of L − 1 and L,
      level ``revision_level`` (0.90–0.95 when the channel holds much stock);
    - M + 2 (**first** forecast): mix = month L, level 100 %.

    ``exclude_stockout`` leaves out of the averages every month with a row flagged 缺货.
    Returns a long table: 月份, 预估类型, 区域, 品项, 预估 (and 占比依据).
    """
    import pandas as pd

    h = read_history(history) if not _is_history(history) else history
    months = sorted(h["月份"].unique())
    if len(months) < 2:
        raise PlaybookInputError("月份", "销售历史至少要有连续两个月的数据(修正预估要用前两个月的平均占比)")
    last = months[-1]
    prev = _shift(last, -1)
    stockout = set(h[h["缺货"]]["月份"]) if exclude_stockout else set()
    rows = []
    plans = [(_shift(last, 2), "修正预估", [prev, last], revision_level, f"{prev}、{last} 平均占比"),
             (_shift(last, 3), "第一次预估", [last], 1.0, f"{last} 占比")]
    for month, kind, basis, level, label in plans:
        use = [m for m in basis if m not in stockout] or basis
        if len(use) < len(basis):
            label += f"(剔除缺货月 {'、'.join(sorted(set(basis) - set(use)))})"
        mix = item_mix(h, use)
        table = forecast_month(monthly_targets(h, month, growth, region_growth), mix, level)
        body = table.drop(index="合计", columns="合计")
        for region, row in body.iterrows():
            for item, qty in row.items():
                rows.append({"月份": month, "预估类型": kind, "区域": region, "品项": item,
                             "预估": round(float(qty), 2), "占比依据": label})
    return pd.DataFrame(rows)
