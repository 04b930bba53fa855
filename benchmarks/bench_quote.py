"""Benchmark: median time of one quote (playbook.engines.quote.quote). Target: ≤ 1 ms median.

Run: ``PYTHONPATH=src python benchmarks/bench_quote.py [runs]`` (default 20 000 runs).
Each run is one full quote: sheet lookup by time, litres → tonnes conversion, freight per
tonne-km, price-control check, VAT split and retail comparison. The knowledge base is loaded
once beforehand (it is cached by ``playbook.kb.load``), as it is in the calculator.
"""
from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime

from playbook import kb
from playbook.engines.quote import quote

TARGET_MS = 1.0


def main(runs: int = 20_000) -> float:
    kb.load()
    args = dict(grade="grade-0", tier="tier-key", quantity=36_000, unit="L", density20_kg_m3=835,
                delivery="per_tonne_km", freight_per_tonne_km=0.6, distance_km=120,
                unit_price_per_tonne=5550, retail_price_per_litre=6.05, at=datetime(2017, 1, 10, 9, 0))
    for _ in range(500):  # warm-up
        quote(**args)
    samples = []
    clock = time.perf_counter_ns
    for _ in range(runs):
        start = clock()
        quote(**args)
        samples.append(clock() - start)
    median_ms = statistics.median(samples) / 1e6
    p95_ms = statistics.quantiles(samples, n=20)[-1] / 1e6
    verdict = "达标" if median_ms <= TARGET_MS else "未达标"
    print(f"单次报价耗时中位数:{median_ms:.4f} ms(p95 {p95_ms:.4f} ms,共 {runs} 次)")
    print(f"目标:中位数 ≤ {TARGET_MS:g} ms —— {verdict}")
    return median_ms


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    if count < 10_000:
        raise SystemExit("至少运行 10 000 次")
    main(count)
