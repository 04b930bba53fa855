"""Benchmark of playbook.engines.loss.audit: seconds to audit 1,000,000 deliveries (target ≤ 1 s).

Run: ``PYTHONPATH=src python benchmarks/bench_loss_audit.py [--rows 1000000] [--baseline-rows 5000]``

The data are :func:`playbook.engines.loss.synthetic_deliveries` (2 000 drivers, 40 carriers, 20 planted
skimmers; generating them is not timed).  The audit time is the median of ``--repeats`` runs.

The baseline is the row-by-row way: :func:`playbook.engines.loss.delivery_loss` (the single-delivery
engine) called in a Python loop.  It is timed on the first ``--baseline-rows`` rows only and
**extrapolated linearly** to the full row count (the loop's cost per row does not depend on n);
the printed ratio is extrapolated baseline ÷ measured audit time.
"""
from __future__ import annotations

import argparse
import math
import statistics
import time

from playbook.engines import loss


def _row_by_row(df) -> list[str]:
    cols = {c: df[c].to_numpy() for c in df.columns}

    def val(name: str, i: int) -> float | None:
        x = cols[name][i]
        return None if isinstance(x, float) and math.isnan(x) else float(x)

    verdicts = []
    for i in range(len(df)):
        weigh = val("received_gross_kg", i) is not None
        r = loss.delivery_loss(
            route_km=val("route_km", i), shipped_volume_l=val("shipped_volume_l", i),
            shipped_temperature_c=val("shipped_temperature_c", i),
            shipped_density20_kg_m3=val("density20_kg_m3", i),
            received_gross_kg=val("received_gross_kg", i) if weigh else None,
            received_tare_kg=val("received_tare_kg", i) if weigh else None,
            received_volume_l=None if weigh else val("received_volume_l", i),
            received_temperature_c=None if weigh else val("received_temperature_c", i))
        verdicts.append(r.verdict)
    return verdicts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--baseline-rows", type=int, default=5_000)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()

    t0 = time.perf_counter()
    df = loss.synthetic_deliveries(a.rows, seed=2024, drivers=2000, carriers=40, skimmers=20)
    gen = time.perf_counter() - t0

    times = []
    result = None
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        result = loss.audit(df)
        times.append(time.perf_counter() - t0)
    audit_s = statistics.median(times)
    found = sorted(result.flagged.index) == df.attrs["skimmers"]

    sample = df.head(a.baseline_rows)
    t0 = time.perf_counter()
    verdicts = _row_by_row(sample)
    loop_s = time.perf_counter() - t0
    per_row = loop_s / len(sample)
    extrapolated = per_row * a.rows
    same = list(result.deliveries["verdict"].head(len(sample)).astype(str)) == verdicts

    print(f"rows audited:                 {a.rows:,}  (synthetic data generated in {gen:.2f} s, not timed)")
    print(f"vectorised audit (median of {a.repeats}): {audit_s:.3f} s   target ≤ 1 s: "
          f"{'met' if audit_s <= 1.0 else 'NOT met'}")
    print(f"row-by-row baseline:          {loop_s:.2f} s for {len(sample):,} rows = {per_row * 1e6:.1f} µs/row"
          f" → extrapolated to {a.rows:,} rows: {extrapolated:.1f} s")
    print(f"speed-up (extrapolated baseline ÷ audit): {extrapolated / audit_s:.0f} ×")
    print(f"planted skimmers found exactly: {found};  baseline verdicts equal the audit's: {same}")


if __name__ == "__main__":
    main()
