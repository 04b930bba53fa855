"""Forecast against actual for 销售预估: past forecasts (table rows, CSV text or
:class:`~playbook.engines.forecast_method.Forecast`) set against the history's sales, with the
error and the absolute percentage error per row and its mean by month.

Usage:

>>> from playbook.engines.forecast_accuracy import accuracy
>>> from playbook.engines.forecast_history import parse_history
>>> sold = parse_history([["月份", "区域", "品项", "销量"], ["2027-01", "东区", "柴油", 60]])
>>> accuracy([["月份", "区域", "品项", "预估"], ["2027-01", "东区", "柴油", 50]], sold)[0]
[('2027-01', '东区', '柴油', 50.0, 60.0, 10.0, '16.7%')]

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from playbook.engines.forecast_history import MAX_SALES, Record, month_text
from playbook.engines.forecast_method import Forecast
from playbook.errors import PlaybookInputError
from playbook.normalize import clean_line, to_float

ACCURACY_HEADER = ("月份", "区域", "品项", "预估", "实际", "误差", "误差率")


def accuracy(forecasts: str | Iterable[Forecast] | Iterable[Sequence[object]], records: list[Record]) -> tuple[list[tuple[object, ...]], dict[str, float]]:
    """Past forecasts (rows 月份, 区域, 品项, 预估 or :class:`Forecast`) against the history's
    actual sales: rows (:data:`ACCURACY_HEADER`; 误差 = 实际 − 预估, 误差率 = |误差| / 实际) and,
    by month, the mean absolute percentage error over the rows with sales."""
    from playbook import sheets

    if isinstance(forecasts, str):
        forecasts = sheets.read_text(forecasts) if forecasts.strip() else []
    items: list[Any] = list(forecasts)   # Forecasts or table rows (header first)
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
