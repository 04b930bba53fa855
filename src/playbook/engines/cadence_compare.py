"""Plan against actual: a rep's visit log set against a plan, one row per customer with the
done and planned contacts by channel, the completion rate and the on-site visits overdue.

Usage (one C customer in September 2026: its on-site visit is done, the call and the greeting not):

>>> from datetime import date
>>> from playbook.engines.cadence_compare import compare
>>> from playbook.engines.cadence_planner import plan
>>> from playbook.engines.cadence_types import LogEntry
>>> p = plan([("甲加油站", "C")], 2026, 9)
>>> compare(p, [LogEntry(date(2026, 9, 2), "甲加油站", "on_site")], today=date(2026, 9, 30))[0]
('甲加油站', 'C', 1, 1, 2, 0, 1, 0, '25%', 0)

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from playbook.engines.cadence_rules import CHANNELS
from playbook.engines.cadence_types import LogEntry, Plan
from playbook.errors import guarded

COMPARE_HEADER = ("客户", "级别", "上门 计划", "上门 完成", "电话 计划", "电话 完成", "问候 计划", "问候 完成",
                  "完成率", "到期未做的上门")


@guarded("log")
def compare(p: Plan, log: Iterable[LogEntry | tuple[date, str, str]], *, today: date | None = None) -> list[tuple[object, ...]]:
    """Plan against a visit log, one row per customer (:data:`COMPARE_HEADER`), then a 合计 row.

    A planned contact counts as done when the log has the same customer and channel in the same
    month (the day may differ); 完成率 is done / planned over all channels; 到期未做的上门 counts
    the month's on-site visits planned up to ``today`` that the log does not cover yet.
    Log entries outside the plan's months are ignored; customers not in the plan get their own
    rows marked 计划外.
    """
    today = today or date.today()
    months = set(p.months)
    done: dict[tuple[str, str, tuple[int, int]], int] = {}
    for e in log:
        if not isinstance(e, LogEntry):
            e = LogEntry(*e)
        if (e.day.year, e.day.month) in months:
            k = (e.customer, e.channel, (e.day.year, e.day.month))
            done[k] = done.get(k, 0) + 1
    grades = {v.customer: v.grade for v in p.visits}
    planned: dict[tuple[str, str, tuple[int, int]], list[date]] = {}
    for v in p.visits:
        planned.setdefault((v.customer, v.channel, (v.day.year, v.day.month)), []).append(v.day)
    names = list(dict.fromkeys([v.customer for v in p.visits] + [k[0] for k in done]))
    out: list[tuple[object, ...]] = []
    totals = [0] * 7
    for name in names:
        cells: list[int] = []
        overdue = 0
        for ch in CHANNELS:
            plan_n = done_n = 0
            for ym in months:
                days = planned.get((name, ch, ym), [])
                got = done.get((name, ch, ym), 0)
                plan_n += len(days)
                done_n += min(got, len(days)) if days else got
                if ch == "on_site":
                    due = sum(1 for d in days if d <= today)
                    overdue += max(0, due - got)
            cells += [plan_n, done_n]
        total_plan, total_done = cells[0] + cells[2] + cells[4], cells[1] + cells[3] + cells[5]
        rate = f"{total_done / total_plan:.0%}" if total_plan else "计划外"
        out.append((name, grades.get(name, "—"), *cells, rate, overdue))
        for i in range(6):
            totals[i] += cells[i]
        totals[6] += overdue
    total_plan = totals[0] + totals[2] + totals[4]
    total_done = totals[1] + totals[3] + totals[5]
    out.append(("合计", "", *totals[:6], f"{total_done / total_plan:.0%}" if total_plan else "—", totals[6]))
    return out
