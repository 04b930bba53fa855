"""Team visit planning: a 300-customer, 5-rep book planned for one month and for three months.

Usage::

    .venv/bin/python benchmarks/bench_team_plan.py

Prints the time to read the book (CSV text with a 客户经理 column), plan every rep, write one
.ics per rep, and the capacity table. Target (issue 23): the one-month team plan in under 1 s.
"""
from __future__ import annotations

import statistics
import time

from playbook import sheets
from playbook.engines import cadence

REPS = ("王伟", "李娜", "张强", "刘洋", "陈静")


def book_text(n: int = 300) -> str:
    # a realistic mix: 10 % A, 30 % B, 60 % C, a birthday for every 7th customer
    lines = ["客户,级别,生日,客户经理"]
    for i in range(n):
        k = (i // len(REPS)) % 10
        grade = "A" if k == 0 else ("B" if k < 4 else "C")
        birthday = f"{i % 12 + 1}-{i % 28 + 1}" if i % 7 == 0 else ""
        lines.append(f"客户{i:03d},{grade},{birthday},{REPS[i % len(REPS)]}")
    return "\n".join(lines)


def run(months: int) -> tuple[float, float, cadence.TeamPlan]:
    start, cpu = time.perf_counter(), time.process_time()
    customers = cadence.customers_from_table(sheets.read_text(book_text()))
    team = cadence.team_plan(customers, 2027, 1, months=months)
    for p in team.plans.values():
        cadence.ics_text(p)
    return time.perf_counter() - start, time.process_time() - cpu, team


def main() -> None:
    for months in (1, 3):
        times, cpus = [], []
        for _ in range(5):
            seconds, cpu, team = run(months)
            times.append(seconds)
            cpus.append(cpu)
        visits = sum(len(p.visits) for p in team.plans.values())
        print(f"300 位客户、5 位客户经理、{months} 个月: 中位数 {statistics.median(times):.3f} s"
              f"(最快 {min(times):.3f} s,最慢 {max(times):.3f} s;CPU 时间中位数 {statistics.median(cpus):.3f} s),"
              f"共 {visits} 次联系")
    for row in team.capacity:
        print(f"  {row.owner}: {row.customers} 位客户 A{row.grades['A']}/B{row.grades['B']}/C{row.grades['C']},"
              f"上门 需要 {row.required} / 能力 {row.capacity}({row.load:.0%}),排不下 {row.short}")


if __name__ == "__main__":
    main()
