"""Effect of the table 54B product-group boundary convention on the volume correction factor.

The module :mod:`playbook.engines.petroleum` splits the generalized products at
ρ15 = 770.5 / 787.5 / 838.5 kg/m³.  Public implementations also use the grid-inclusive
ranges 653.0–770.0 / 770.5–787.5 / 788.0–838.5 / 839.0–1075.0 (continuous thresholds
770.5 / 788.0 / 839.0) and a few others (770 / 788 / 839).  This script prints, for each
alternative, the largest difference in VCF15 and VCF20 over the densities whose group
changes, how many printed (4-decimal) table entries flip, and what that means for a
20 000 L delivery.

Run: ``PYTHONPATH=src python benchmarks/bench_group_boundaries.py``
"""
from __future__ import annotations

import math

from playbook.engines import petroleum as pm

GROUPS = pm.REFINED_PRODUCT_GROUPS
OURS = (770.5, 787.5, 838.5)
ALTERNATIVES = {
    "770.5 / 788.0 / 839.0 (grid-inclusive ranges)": (770.5, 788.0, 839.0),
    "770.0 / 788.0 / 839.0": (770.0, 788.0, 839.0),
}


def alpha(rho15: float, bounds: tuple[float, float, float]) -> float:
    for limit, group in zip(bounds, GROUPS[:-1]):
        if rho15 < limit:
            return group.metric_1980.alpha(rho15)
    return GROUPS[-1].metric_1980.alpha(rho15)


def vcf15(rho15: float, t: float, bounds: tuple[float, float, float]) -> float:
    a = alpha(rho15, bounds)
    dt = t - 15.0
    return math.exp(-a * dt * (1.0 + 0.8 * a * dt))


def vcf20(rho15: float, t: float, bounds: tuple[float, float, float]) -> float:
    return vcf15(rho15, t, bounds) / vcf15(rho15, 20.0, bounds)


def r4(x: float) -> float:
    return float(f"{x + 1e-12:.4f}")


def main() -> None:
    for low, high in ((-18, 90), (-10, 45)):
        report([t / 4 for t in range(low * 4, high * 4 + 1)], f"{low}…{high} °C")  # 0.25 °C steps


def report(temps: list[float], span: str) -> None:
    print(f"== oil temperatures {span}")
    for label, alt in ALTERNATIVES.items():
        print(f"{label}:")
        for lo, hi in [(min(a, b), max(a, b)) for a, b in zip(OURS, alt) if a != b]:
            rhos = [lo + k * 0.05 for k in range(round((hi - lo) / 0.05))]
            worst = 0.0
            flips = entries = 0
            for rho in rhos:
                for t in temps:
                    ours, other = vcf20(rho, t, OURS), vcf20(rho, t, alt)
                    worst = max(worst, abs(ours - other))
                    entries += 1
                    flips += r4(ours) != r4(other)
            print(f"  ρ15 {lo}–{hi} kg/m³: max |ΔVCF20| = {worst:.2e}, 4-decimal entries that flip "
                  f"{flips}/{entries}; at most {worst * 20000:.2f} L on a 20 000 L delivery")

if __name__ == "__main__":
    main()
