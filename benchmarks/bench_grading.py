"""Benchmark: grading 10 000 customers (playbook.engines.grading). Target: < 1 s.

Run: ``PYTHONPATH=src python benchmarks/bench_grading.py [customers]`` (default 10 000).
Measures the whole path a user's file takes: CSV bytes → rows (``read_table``) → validated
customers (``customers_from_rows``) → grades, pyramid and checks (``grade``) → graded CSV
(``to_csv``). Prints the median of 5 runs and of the ``grade`` step alone.
"""
from __future__ import annotations

import random
import statistics
import sys
import time

from playbook.engines import grading

TARGET_S = 1.0


def sample_csv(n: int, seed: int = 15) -> bytes:
    rng = random.Random(seed)
    lines = [",".join((*grading.REQUIRED_COLUMNS, *(c.column for c in grading.CHECKS)))]
    for i in range(n):
        ratings = [str(rng.randint(1, 5)) for _ in grading.CRITERIA]
        checks = ["是" if rng.random() < 0.1 else "" for _ in grading.CHECKS]
        lines.append(",".join([f"客户{i:05d}", *ratings, *checks]))
    return ("\n".join(lines) + "\n").encode("gbk")


def main(n: int = 10_000) -> float:
    data = sample_csv(n)
    whole, core, cpu = [], [], []
    for _ in range(5):
        c0 = time.process_time()
        t0 = time.perf_counter()
        customers = grading.customers_from_rows(grading.read_table(data, "客户.csv"))
        t1 = time.perf_counter()
        result = grading.grade(customers)
        t2 = time.perf_counter()
        grading.to_csv(result)
        t3 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        whole.append(t3 - t0)
        core.append(t2 - t1)
    median = statistics.median(whole)
    print(f"customers: {n}")
    print(f"CSV (GBK) → grades → CSV, median of 5: {median:.3f} s (target < {TARGET_S:g} s)")
    print(f"the same, CPU time (less sensitive to a busy machine): {statistics.median(cpu):.3f} s")
    print(f"grade() alone, median of 5: {statistics.median(core):.3f} s")
    print(f"grades: {dict(result.grade_counts)}; pyramid: {dict(result.tier_counts)}")
    return median


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
