"""The sales history and the company's region targets for 销售预估, read from table rows or CSV
text: a long table with columns 月份 (``2026-01``), 区域, 品项, 销量 and optionally 缺货 (是/否)
becomes :class:`Record` rows; months are normalised (:func:`month_text`, :func:`shift_month`).
Bad input raises :class:`playbook.errors.PlaybookInputError` naming the column and the row.

Usage:

>>> from playbook.engines.forecast_history import parse_history, shift_month
>>> parse_history([["月份", "区域", "品项", "销量", "缺货"], ["2027年2月", "东区", "柴油", 50, "是"]])
[Record(month='2027-02', region='东区', item='柴油', qty=50.0, stockout=True)]
>>> shift_month("2026-12", 1)
'2027-01'

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from playbook.errors import PlaybookInputError
from playbook.normalize import clean_line, to_float

COLUMNS = ("月份", "区域", "品项", "销量")
MAX_SALES = 1e12


@dataclass(frozen=True)
class Record:
    """One row of the sales history."""

    month: str          # YYYY-MM
    region: str
    item: str
    qty: float
    stockout: bool = False


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


def parse_history(source: str | Iterable[Sequence[object]] | Iterable[Mapping[str, object]]) -> list[Record]:
    """The history from table rows (:func:`playbook.sheets.read_rows` / ``read_text``: header
    first), from CSV text, or from dicts; errors name the column and the row (header = row 1)."""
    from playbook import sheets

    if isinstance(source, str):
        source = sheets.read_text(source)
    items: list[Any] = list(source)   # rows or dicts: the dicts become rows below
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


def parse_targets(source: str | Iterable[Sequence[object]]) -> dict[tuple[str, str], float]:
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
