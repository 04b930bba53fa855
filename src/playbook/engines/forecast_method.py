"""003 篇2's forecast method on plain records (standard library; runs in the reader's browser):
item shares by region (:func:`mix_of`), a region's target for a month (:func:`target_for`: the
company's own figure, else the same month last year × (1 + growth), else the last three months'
mean × (1 + growth)), and the two forecasts the seed makes in month M (:func:`forecast_rows`:
M + 1 revised with the two-month average mix and ``revision_level``, M + 2 first with last
month's mix at 100 %), with a stock-out month never driving a forecast; :func:`to_csv`.

Usage (January clean, February flagged 缺货: M + 2's first forecast uses January's mix instead):

>>> from playbook.engines.forecast_history import parse_history
>>> from playbook.engines.forecast_method import forecast_rows
>>> records = parse_history([["月份", "区域", "品项", "销量", "缺货"], ["2027-01", "东区", "柴油", 60, ""],
...                          ["2027-01", "东区", "汽油", 40, ""], ["2027-02", "东区", "柴油", 50, "是"],
...                          ["2027-02", "东区", "汽油", 50, "是"]])
>>> first = forecast_rows(records, targets={("2027-05", "东区"): 1200.0})[2]
>>> first.month, first.kind, first.item, first.qty
('2027-05', '第一次预估', '柴油', 720.0)
>>> first.basis
'2027-01 占比(2027-02 缺货,改用最近不缺货的 2027-01)'
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from playbook.engines.forecast_history import Record, shift_month
from playbook.errors import PlaybookInputError
from playbook.normalize import require_number


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


def _rate(value: object, field: str, label: str, lo: float, hi: float) -> float:
    """A rate (0.10 = 10 %) in [lo, hi]; the message states the range in per cent."""
    try:
        return require_number(value, field, label, lo, hi, "")
    except PlaybookInputError:
        raise PlaybookInputError(field, code="percent_range", label=label, low=lo * 100, high=hi * 100,
                                 received=value) from None


FORECAST_HEADER = ("月份", "预估类型", "区域", "品项", "预估", "占比依据", "目标来源")


def to_csv(rows: list[Forecast]) -> bytes:
    """Forecasts as CSV (UTF-8 with BOM; cells formula-safe); columns 月份, 区域, 品项, 预估 come
    first-class so next month the file can be pasted back as 过去的预估."""
    from playbook.spreadsheet import csv_bytes

    return csv_bytes(FORECAST_HEADER, [(f.month, f.kind, f.region, f.item, f.qty, f.basis, f.target_source)
                                       for f in rows])
