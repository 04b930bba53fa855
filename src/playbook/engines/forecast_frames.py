"""销售预估 as pandas tables, for Jupyter and the book's build (pandas is imported inside each
function, so importing this module stays light): 003 篇2's target split by region
(:func:`split_target`), a validated history (:func:`read_history`), item shares
(:func:`item_mix`), a region × item forecast (:func:`forecast_month`), region targets
(:func:`monthly_targets`) and the two-month forecast (:func:`two_month_forecast`, wrapping
:func:`~playbook.engines.forecast_method.forecast_rows`).

Usage (the seed's target split by region × the January item mix):

>>> from playbook.engines.forecast_frames import forecast_month, item_mix, read_history
>>> history = read_history([["月份", "区域", "品项", "销量"], ["2027-01", "东区", "柴油", 60],
...                         ["2027-01", "东区", "汽油", 40]])
>>> table = forecast_month({"东区": 1000}, item_mix(history, ["2027-01"]))
>>> table.loc["东区"].round(1).to_dict()
{'柴油': 600.0, '汽油': 400.0, '合计': 1000.0}
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeAlias, TypeGuard

from playbook.engines.forecast_history import parse_history, shift_month
from playbook.engines.forecast_method import _rate, forecast_rows
from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import clean_line, require_number

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    #: A sales history as given: a DataFrame, CSV/xlsx bytes, (bytes, file name), table rows or dicts.
    HistorySource: TypeAlias = (pd.DataFrame | bytes | bytearray | tuple[bytes, str] | Iterable[Sequence[object]]
                     | Iterable[Mapping[str, object]])


@guarded("last_year")
def split_target(last_year: Mapping[str, object], growth: object = 0.10,
                 adjusted: Mapping[str, object] | None = None,
                 others_change: object | None = None) -> pd.DataFrame:
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


def read_history(source: object) -> pd.DataFrame:
    """A validated history (pandas) from a DataFrame, rows (dicts), CSV bytes (UTF-8/GBK) or
    ``(bytes, filename)`` (CSV or xlsx): columns 月份 (``YYYY-MM``), 区域, 品项, 销量, 缺货 (bool).
    Validation is :func:`parse_history`'s; anything else is refused (``source``: any object, checked here)."""
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
def item_mix(history: HistorySource, months: Iterable[str], *, exclude: Iterable[str] = ()) -> pd.DataFrame:
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


def _is_history(obj: object) -> TypeGuard[pd.DataFrame]:
    try:
        import pandas as pd
    except ImportError:   # pragma: no cover
        return False
    return isinstance(obj, pd.DataFrame) and obj.attrs.get("validated_history") is True


@guarded("history")
def forecast_month(targets: Mapping[str, object], mix: pd.DataFrame, level: object = 1.0) -> pd.DataFrame:
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
def monthly_targets(history: HistorySource, month: str, growth: object = 0.10,
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
def two_month_forecast(history: HistorySource, *, growth: object = 0.10, region_growth: Mapping[str, object] | None = None,
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
