"""销售预估 (sales forecast), seed 003 篇2 step by step.

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

**A stock-out month never drives a forecast** (003: "要剔除上月销售中本身因缺货而导致销售品项结构的
改变"): stock-outs are flagged per region and month; a first forecast whose month is flagged
for that region uses the region's last clean month instead, and says so in 占比依据; a
revision whose two months are both flagged does the same, and ``exclude_stockout`` leaves a
flagged month out of the two-month average.

Targets: a region's own target for the month where the company has given one (:func:`parse_targets`,
the 省公司's figures), otherwise the same month last year × (1 + growth), otherwise the mean of
the last three months × (1 + growth) (the book's simplification); 目标来源 says which.
:func:`accuracy` sets past forecasts against what was sold (error and absolute percentage error).

The history is a long table with columns 月份 (``2026-01``), 区域, 品项, 销量 and optionally
缺货 (是/否). Bad input raises :class:`playbook.errors.PlaybookInputError` naming the column
and the row. The core (:func:`parse_history` … :func:`accuracy`) is standard library and runs in
the reader's browser; the pandas functions (:func:`split_target`, :func:`read_history`,
:func:`item_mix`, :func:`forecast_month`, :func:`monthly_targets`, :func:`two_month_forecast`)
wrap it for Jupyter and the book's build.

Usage (the seed's example: 200 万 last year over two regions, +10 %; 东区 was not saturated and
goes to 11 %, so 西区 lowers its rate to 9 % and the total still meets the target):

>>> from playbook.engines.forecast import mix_of, parse_history, split_target
>>> t = split_target({"东区": 1_000_000, "西区": 1_000_000}, 0.10, adjusted={"东区": 0.11})
>>> float(round(t.loc["西区", "增长率"], 4)), float(t.loc["合计", "今年目标"])
(0.09, 2200000.0)
>>> records = parse_history([["月份", "区域", "品项", "销量"], ["2027-01", "东区", "柴油", 60],
...                          ["2027-01", "东区", "汽油", 40]])
>>> mix_of(records, "东区", ["2027-01"])
{'柴油': 0.6, '汽油': 0.4}
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import clean_line, require_number, to_float

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "Forecast", "Record", "accuracy", "forecast_month", "forecast_rows", "item_mix",
           "monthly_targets", "parse_history", "parse_targets", "read_history", "split_target",
           "two_month_forecast"]

COLUMNS = ("月份", "区域", "品项", "销量")
MAX_SALES = 1e12


# ------------------------------------------------------------------ standard-library core
@dataclass(frozen=True)
class Record:
    """One row of the sales history."""

    month: str          # YYYY-MM
    region: str
    item: str
    qty: float
    stockout: bool = False


@dataclass(frozen=True)
class Forecast:
    """One forecast figure: month, 修正预估 / 第一次预估, region, item, quantity, and why."""

    month: str
    kind: str
    region: str
    item: str
    qty: float
    basis: str           # 占比依据
    target_source: str   # 目标来源


def month_text(value: object, where: str) -> str:
    """``2026-01`` from 2026-01, 2026/1, 2026年1月, 2026.1 or a date; else the Chinese error."""
    import datetime as _dt

    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip().replace("/", "-").replace("年", "-").replace("月", "").replace(".", "-")
    parts = [p for p in text.split("-") if p]
    try:
        if len(text) > 24:   # a pasted paragraph is not a month
            raise ValueError
        year, month = int(parts[0]), int(parts[1])
        if len(parts) > 3 or not 2000 <= year <= 2100 or not 1 <= month <= 12:
            raise ValueError
    except (ValueError, IndexError):
        raise PlaybookInputError("月份", code="forecast_month", where=where, received=value) from None
    return f"{year:04d}-{month:02d}"


def shift_month(month: str, k: int) -> str:
    """``shift_month("2026-12", 1) == "2027-01"``."""
    y, m = int(month[:4]), int(month[5:7])
    index = y * 12 + m - 1 + k
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


_YES_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓", "缺货"}
HISTORY_COLUMNS = {"月份": ("月", "年月", "日期"), "区域": ("大区", "地区", "片区"), "品项": ("品种", "产品", "品名"),
                   "销量": ("销售量", "销售额", "数量", "实际"), "缺货": ("是否缺货", "断货")}


def parse_history(source) -> list[Record]:
    """The history from table rows (:func:`playbook.sheets.read_rows` / ``read_text``: header
    first), from CSV text, or from dicts; errors name the column and the row (header = row 1)."""
    from playbook import sheets

    if isinstance(source, str):
        source = sheets.read_text(source)
    items = list(source)
    if items and isinstance(items[0], Mapping):
        header = list(items[0].keys())
        items = [header] + [[r.get(h, "") for h in header] for r in items]
    recs = sheets.records(items, HISTORY_COLUMNS, required=COLUMNS)
    if not recs:
        raise PlaybookInputError("file", code="forecast_empty_history")
    out = []
    for n, r in enumerate(recs, 2):
        month = month_text(r["月份"], f"第 {n} 行")
        region, item = clean_line(str(r["区域"])), clean_line(str(r["品项"]))
        for col, v in (("区域", region), ("品项", item)):
            if not v or v in ("nan", "None"):
                raise PlaybookInputError(col, code="row_empty", where="", row=n, column=col)
        raw = r["销量"]
        try:
            qty = to_float(raw, "销量", "销量")
        except PlaybookInputError:
            qty = -1.0
        if not 0 <= qty <= MAX_SALES:
            raise PlaybookInputError("销量", code="row_number", where="", row=n, column="销量", low=0, high=MAX_SALES,
                                     received=raw)
        short = str(r.get("缺货", "")).strip().lower() in _YES_WORDS
        out.append(Record(month, region, item, qty, short))
    return out


def _months(records: list[Record]) -> list[str]:
    return sorted({r.month for r in records})


def _stockouts(records: list[Record]) -> set[tuple[str, str]]:
    """(region, month) pairs with any row flagged 缺货."""
    return {(r.region, r.month) for r in records if r.stockout}


def mix_of(records: list[Record], region: str, months: Iterable[str]) -> dict[str, float]:
    """Item shares of a region, each month's shares averaged over ``months`` (months where the
    region sold nothing are skipped); every item of the history is a key."""
    items = sorted({r.item for r in records})
    shares: list[dict[str, float]] = []
    for m in months:
        sold = {i: 0.0 for i in items}
        for r in records:
            if r.region == region and r.month == m:
                sold[r.item] += r.qty
        total = sum(sold.values())
        if total > 0:
            shares.append({i: q / total for i, q in sold.items()})
    if not shares:
        raise PlaybookInputError("月份", code="forecast_no_sales", region=region, months='、'.join(months))
    return {i: sum(s[i] for s in shares) / len(shares) for i in items}


def parse_targets(source) -> dict[tuple[str, str], float]:
    """The company's own region targets: rows 月份, 区域, 目标 (table rows or CSV text) →
    {(month, region): target}. Errors name the row."""
    from playbook import sheets

    if isinstance(source, str):
        if not source.strip():
            return {}
        source = sheets.read_text(source)
    recs = sheets.records(list(source), {"月份": ("月", "年月"), "区域": ("大区", "地区"), "目标": ("目标销量", "任务", "指标")},
                          required=("月份", "区域", "目标"))
    out = {}
    for n, r in enumerate(recs, 2):
        month = month_text(r["月份"], f"区域目标第 {n} 行")
        region = clean_line(str(r["区域"]))
        if not region:
            raise PlaybookInputError("区域", code="row_empty", where="区域目标", row=n, column="区域")
        try:
            value = to_float(r["目标"], "目标", "目标")
        except PlaybookInputError:
            value = -1.0
        if not 0 <= value <= MAX_SALES:
            raise PlaybookInputError("目标", code="row_number", where="区域目标", row=n, column="目标", low=0, high=MAX_SALES,
                                     received=r['目标'])
        out[(month, region)] = value
    return out


def target_for(records: list[Record], region: str, month: str, growth: float,
               own: Mapping[tuple[str, str], float] | None = None) -> tuple[float, str]:
    """(target, source) of a region for a month: the company's own figure, else the same month
    last year × (1 + growth), else the last three months' mean × (1 + growth)."""
    if own and (month, region) in own:
        return own[(month, region)], "公司下达的目标"
    same = sum(r.qty for r in records if r.region == region and r.month == shift_month(month, -12))
    if same > 0:
        return same * (1 + growth), f"去年同月 × (1 + {growth:.0%})"
    recent = _months(records)[-3:]
    base = sum(r.qty for r in records if r.region == region and r.month in recent) / len(recent)
    return base * (1 + growth), f"近 {len(recent)} 个月平均 × (1 + {growth:.0%})"


def _clean_basis(region: str, basis: list[str], months: list[str], stockouts: set[tuple[str, str]],
                 exclude: bool) -> tuple[list[str], str]:
    """The months whose mix a forecast may use, and a note when a stock-out month was replaced."""
    flagged = [m for m in basis if (region, m) in stockouts]
    if exclude or len(flagged) == len(basis):
        use = [m for m in basis if m not in flagged]
    else:
        use = list(basis)
    if use:
        if len(use) < len(basis):
            note = f"(剔除缺货月 {'、'.join(flagged)})"
        elif flagged:
            note = f"(含缺货月 {'、'.join(flagged)},可选择剔除)"
        else:
            note = ""
        return use, note
    earlier = [m for m in months if m < basis[0] and (region, m) not in stockouts]
    if not earlier:
        raise PlaybookInputError("缺货", code="forecast_all_short", region=region, basis='、'.join(basis))
    clean = earlier[-1]
    return [clean], f"({'、'.join(flagged)} 缺货,改用最近不缺货的 {clean})"


def forecast_rows(records: list[Record], *, growth: object = 0.10, revision_level: object = 1.0,
                  exclude_stockout: bool = False,
                  targets: Mapping[tuple[str, str], float] | None = None) -> list[Forecast]:
    """The two forecasts the seed makes in month M = last month of the history + 1: M + 1 revised
    (two-month average mix, ``revision_level``) and M + 2 first (last month's mix, 100 %)."""
    g = _rate(growth, "growth", "增长率", -0.9, 10)
    lv = _rate(revision_level, "level", "预估达成比例", 0.5, 1.5)
    if not records:
        raise PlaybookInputError("file", code="forecast_empty_history")
    months = _months(records)
    if len(months) < 2:
        raise PlaybookInputError("月份", code="forecast_two_months")
    last = months[-1]
    prev = shift_month(last, -1)
    stockouts = _stockouts(records)
    regions = sorted({r.region for r in records})
    items = sorted({r.item for r in records})
    out = []
    plans = [(shift_month(last, 2), "修正预估", [prev, last], lv), (shift_month(last, 3), "第一次预估", [last], 1.0)]
    for month, kind, basis, level in plans:
        for region in regions:
            use, note = _clean_basis(region, basis, months, stockouts, exclude_stockout)
            label = ("、".join(use) + " 平均占比" if len(use) > 1 else f"{use[0]} 占比") + note
            mix = mix_of(records, region, use)
            target, source = target_for(records, region, month, g, targets)
            for item in items:
                out.append(Forecast(month, kind, region, item, round(target * level * mix[item], 2), label, source))
    return out


ACCURACY_HEADER = ("月份", "区域", "品项", "预估", "实际", "误差", "误差率")


def accuracy(forecasts, records: list[Record]) -> tuple[list[tuple[object, ...]], dict[str, float]]:
    """Past forecasts (rows 月份, 区域, 品项, 预估 or :class:`Forecast`) against the history's
    actual sales: rows (:data:`ACCURACY_HEADER`; 误差 = 实际 − 预估, 误差率 = |误差| / 实际) and,
    by month, the mean absolute percentage error over the rows with sales."""
    from playbook import sheets

    if isinstance(forecasts, str):
        forecasts = sheets.read_text(forecasts) if forecasts.strip() else []
    items = list(forecasts)
    if items and not isinstance(items[0], Forecast):
        recs = sheets.records(items, {"月份": ("月",), "区域": ("大区",), "品项": ("品种",), "预估": ("预估销量", "预测")},
                              required=("月份", "区域", "品项", "预估"))
        parsed = []
        for n, r in enumerate(recs, 2):
            try:
                qty = to_float(r["预估"], "预估", "预估")
            except PlaybookInputError:
                qty = -1.0
            if not 0 <= qty <= MAX_SALES:
                raise PlaybookInputError("预估", code="row_number", where="过去的预估", row=n, column="预估", low=0,
                                         high=MAX_SALES, received=r['预估'])
            parsed.append((month_text(r["月份"], f"过去的预估第 {n} 行"), clean_line(str(r["区域"])),
                           clean_line(str(r["品项"])), qty))
    else:
        parsed = [(f.month, f.region, f.item, f.qty) for f in items]
    actual: dict[tuple[str, str, str], float] = {}
    for rec in records:
        actual[(rec.month, rec.region, rec.item)] = actual.get((rec.month, rec.region, rec.item), 0.0) + rec.qty
    rows: list[tuple[object, ...]] = []
    errors: dict[str, list[float]] = {}
    for month, region, item, qty in parsed:
        if (month, region, item) not in actual:
            continue
        real = actual[(month, region, item)]
        err = real - qty
        rate = abs(err) / real if real else None
        rows.append((month, region, item, round(qty, 2), round(real, 2), round(err, 2),
                     f"{rate:.1%}" if rate is not None else "—"))
        if rate is not None:
            errors.setdefault(month, []).append(rate)
    return rows, {m: sum(v) / len(v) for m, v in sorted(errors.items())}


FORECAST_HEADER = ("月份", "预估类型", "区域", "品项", "预估", "占比依据", "目标来源")


def to_csv(rows: list[Forecast]) -> bytes:
    """Forecasts as CSV (UTF-8 with BOM; cells formula-safe); columns 月份, 区域, 品项, 预估 come
    first-class so next month the file can be pasted back as 过去的预估."""
    from playbook.spreadsheet import csv_bytes

    return csv_bytes(FORECAST_HEADER, [(f.month, f.kind, f.region, f.item, f.qty, f.basis, f.target_source)
                                       for f in rows])


# ------------------------------------------------------------------ pandas wrappers (Jupyter, build)


def _rate(value: object, field: str, label: str, lo: float, hi: float) -> float:
    """A rate (0.10 = 10 %) in [lo, hi]; the message states the range in per cent."""
    try:
        return require_number(value, field, label, lo, hi, "")
    except PlaybookInputError:
        raise PlaybookInputError(field, code="percent_range", label=label, low=lo * 100, high=hi * 100,
                                 received=value) from None
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
        raise PlaybookInputError("last_year", code="forecast_no_regions")
    sales: dict[str, float] = {}
    for r, v in last_year.items():
        name = clean_line(str(r))
        if not name or name == "合计" or name in sales:   # N16: 合计 is the total row; 1 and "1" are one name
            raise PlaybookInputError("last_year", code="forecast_region_name", received=r)
        sales[name] = require_number(v, "last_year", f"区域“{name}”的去年销售额", 0, 1e12, "")
    g = _rate(growth, "growth", "整体增长率", -0.9, 10)
    rates_in = {clean_line(str(r)): _rate(v, "adjusted", f"区域“{r}”调整后的增长率", -0.9, 10)
                for r, v in (adjusted or {}).items()}
    unknown = set(rates_in) - set(sales)
    if unknown:
        raise PlaybookInputError("adjusted", code="unknown_names", what="调整增长率的区域", where="区域名单",
                                 names='、'.join(sorted(unknown)))
    target = sum(sales.values()) * (1 + g)
    others = [r for r in sales if r not in rates_in]
    if others_change is None:
        fixed = sum(sales[r] * (1 + rates_in[r]) for r in rates_in)
        base = sum(sales[r] for r in others)
        other_rate = (target - fixed) / base - 1 if base else g
    else:
        other_rate = g + _rate(others_change, "others_change", "其他区域增长率的调整", -1, 1)
    if not -0.9 <= other_rate <= 10:   # N15: the others cannot make up the gap without a negative target
        raise PlaybookInputError("adjusted", code="forecast_other_rate", rate=f"{other_rate * 100:.1f}")
    rates = {r: rates_in.get(r, other_rate) for r in sales}
    table = pd.DataFrame({"去年销售": pd.Series(sales), "增长率": pd.Series(rates)})
    table["今年目标"] = table["去年销售"] * (1 + table["增长率"])
    table.index.name = "区域"
    total = table["今年目标"].sum()
    base_total = table["去年销售"].sum()
    table.loc["合计"] = [base_total, total / base_total - 1 if base_total else g, total]
    table.attrs.update(target=target, gap=total - target)
    return table


def read_history(source) -> pd.DataFrame:
    """A validated history (pandas) from a DataFrame, rows (dicts), CSV bytes (UTF-8/GBK) or
    ``(bytes, filename)`` (CSV or xlsx): columns 月份 (``YYYY-MM``), 区域, 品项, 销量, 缺货 (bool).
    Validation is :func:`parse_history`'s."""
    import pandas as pd

    from playbook import sheets

    if isinstance(source, tuple):
        if len(source) != 2:
            raise PlaybookInputError("file", code="file_type", name="销售历史", kind=type(source).__name__)
        data, name = source
        rows = sheets.read_rows(data, str(name))
    elif isinstance(source, (bytes, bytearray)):
        rows = sheets.read_rows(bytes(source))
    elif isinstance(source, pd.DataFrame):
        rows = [list(source.columns)] + source.astype(object).where(source.notna(), "").values.tolist()
    elif isinstance(source, str) or not isinstance(source, Iterable):
        raise PlaybookInputError("file", code="file_type", name="销售历史", kind=type(source).__name__)
    else:
        rows = list(source)
    records = parse_history(rows)
    out = pd.DataFrame([{"月份": r.month, "区域": r.region, "品项": r.item, "销量": r.qty, "缺货": r.stockout}
                        for r in records])
    out.attrs["validated_history"] = True
    out.attrs["records"] = records
    return out


@guarded("history")
def item_mix(history, months: Iterable[str], *, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Item shares by region: each month's shares, averaged over ``months`` minus ``exclude``.

    Rows are regions, columns items, each row sums to 1. A month where a region sold nothing
    is skipped for that region.
    """
    h = read_history(history) if not _is_history(history) else history
    wanted = [m for m in months if m not in set(exclude)]
    if not wanted:
        raise PlaybookInputError("exclude", code="forecast_no_basis")
    absent = [m for m in wanted if m not in set(h["月份"])]
    if absent:
        raise PlaybookInputError("月份", code="forecast_absent_months", absent='、'.join(absent))
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
def forecast_month(targets: Mapping[str, object], mix, level: object = 1.0) -> pd.DataFrame:
    """Region × item forecast = region target × level × item share; a 合计 row and column."""
    import pandas as pd

    lv = _rate(level, "level", "预估达成比例", 0.5, 1.5)
    t = pd.Series({str(r): require_number(v, "targets", f"区域“{r}”的目标", 0, 1e12, "")
                   for r, v in dict(targets).items()})
    missing = [r for r in t.index if r not in mix.index]
    if missing:
        raise PlaybookInputError("targets", code="forecast_no_mix", missing='、'.join(missing))
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
        raise PlaybookInputError("region_growth", code="unknown_names", what="单独设定增长率的区域", where="销售历史",
                                 names='、'.join(unknown)[:60])
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
                       revision_level: object = 1.0, exclude_stockout: bool = False,
                       targets: Mapping[tuple[str, str], float] | None = None) -> pd.DataFrame:
    """:func:`forecast_rows` as a DataFrame (月份, 预估类型, 区域, 品项, 预估, 占比依据, 目标来源).

    ``region_growth`` (region → rate) becomes each region's own target for the two months."""
    import pandas as pd

    h = read_history(history) if not _is_history(history) else history
    records = h.attrs.get("records") or parse_history([list(h.columns)] + h.values.tolist())
    own = dict(targets or {})
    if region_growth:
        months = sorted(h["月份"].unique())
        for month in (shift_month(months[-1], 2), shift_month(months[-1], 3)):
            for region, rate in monthly_targets(h, month, growth, region_growth).items():
                if str(region) in {str(r) for r in region_growth}:
                    own.setdefault((month, region), rate)
    rows = forecast_rows(records, growth=growth, revision_level=revision_level,
                         exclude_stockout=exclude_stockout, targets=own)
    return pd.DataFrame([{"月份": f.month, "预估类型": f.kind, "区域": f.region, "品项": f.item, "预估": f.qty,
                          "占比依据": f.basis, "目标来源": f.target_source} for f in rows])
