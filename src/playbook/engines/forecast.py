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

The parts: :mod:`~playbook.engines.forecast_history` (reading the history and targets),
:mod:`~playbook.engines.forecast_method` (mix, targets, the two forecasts, CSV),
:mod:`~playbook.engines.forecast_accuracy` (forecast against actual) and
:mod:`~playbook.engines.forecast_frames` (the pandas functions); every public name is importable
from here.

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

from playbook.engines.forecast_accuracy import ACCURACY_HEADER, accuracy
from playbook.engines.forecast_frames import (forecast_month, item_mix, monthly_targets, read_history, split_target,
                                              two_month_forecast)
from playbook.engines.forecast_history import (COLUMNS, HISTORY_COLUMNS, MAX_SALES, Record, month_text, parse_history,
                                               parse_targets, shift_month)
from playbook.engines.forecast_method import FORECAST_HEADER, Forecast, forecast_rows, mix_of, target_for, to_csv

__all__ = ["ACCURACY_HEADER", "COLUMNS", "FORECAST_HEADER", "HISTORY_COLUMNS", "MAX_SALES", "Forecast", "Record",
           "accuracy", "forecast_month", "forecast_rows", "item_mix", "mix_of", "month_text", "monthly_targets",
           "parse_history", "parse_targets", "read_history", "shift_month", "split_target", "target_for", "to_csv",
           "two_month_forecast"]
