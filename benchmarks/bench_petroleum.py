"""Micro-benchmark of playbook.engines.petroleum: median µs per call of vcf20 / density20 / ctl_60f.

Run: ``PYTHONPATH=src python benchmarks/bench_petroleum.py``
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from playbook.engines import petroleum as pm


def median_us(fn: Callable[[], object], calls: int = 2000, repeats: int = 15) -> float:
    """Median over ``repeats`` runs of the mean time per call, in microseconds."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(samples)


def main() -> None:
    cases = {
        "vcf20(840.0, 30.0)": lambda: pm.vcf20(840.0, 30.0),
        "vcf20(780.0, 35.5)  transition zone": lambda: pm.vcf20(780.0, 35.5),
        "density20(803.0, 24.75)": lambda: pm.density20(803.0, 24.75),
        "vcf15(721.4, 22.0)": lambda: pm.vcf15(721.4, 22.0),
        "ctl_60f(793.5, 85.0)": lambda: pm.ctl_60f(793.5, 85.0),
    }
    for name, fn in cases.items():
        print(f"{name:40s} {median_us(fn):8.2f} µs/call")


if __name__ == "__main__":
    main()
