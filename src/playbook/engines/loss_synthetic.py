"""A seeded synthetic delivery table with planted skimming drivers (for the book and tests).

Usage (the same seed always gives the same table; the planted skimmers are in ``df.attrs``):

>>> from playbook.engines.loss_synthetic import synthetic_deliveries
>>> df = synthetic_deliveries(n=400, seed=1, drivers=12, skimmers=2)
>>> len(df), df["driver"].nunique(), df.attrs["skimmers"]
(400, 12, ['司机06', '司机07'])
>>> df.equals(synthetic_deliveries(n=400, seed=1, drivers=12, skimmers=2))
True
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from playbook.engines import petroleum
from playbook.engines.loss import ROAD_BAND_KM, ROAD_RATE_PER_BAND
from playbook.engines.loss_audit import _np_mass_from_volume, _np_vcf20
from playbook.errors import PlaybookInputError
from playbook.normalize import require_int, require_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def synthetic_deliveries(n: int = 2000, seed: int = 0, *, skimmers: int = 3,
                         drivers: int = 40, carriers: int = 5,
                         skim_permille: float = 3.0) -> pd.DataFrame:
    """A seeded synthetic table of ``n`` deliveries with ``skimmers`` planted skimming drivers.

    Depot ships by volume (15 000–30 000 L at 5–35 °C, ρ20 of 92# gasoline 720–745 or 0#
    diesel 825–845 kg/m³); the oil warms or cools by up to ±4 °C on the way; 60 % of the
    customers weigh on a weighbridge (gross/tare read to 10 kg with noise σ = 10 kg per
    weighing), the others dip (volume noise σ = 0.1 %).  Honest drivers lose on average
    half of the allowance; a skimmer takes an extra ``skim_permille`` ‰ on each trip.
    The skimmers' names are in ``df.attrs["skimmers"]`` (for tests and teaching).
    """
    import numpy as np
    import pandas as pd

    n = require_int(n, "n", "记录条数", 1, 10_000_000)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise PlaybookInputError("seed", code="not_integer", label="随机种子", kind="非负", received=seed)
    drivers = require_int(drivers, "drivers", "司机人数", 2, 100_000)
    carriers = require_int(carriers, "carriers", "承运商数", 1, drivers)
    skimmers = require_int(skimmers, "skimmers", "克扣司机数", 0, math.ceil(drivers / 2) - 1)  # fewer than half
    skim = require_number(skim_permille, "skim_permille", "克扣量", 0.0, 100.0, "‰")

    rng = np.random.default_rng(seed)
    width = len(str(drivers))
    names = np.array([f"司机{i + 1:0{width}d}" for i in range(drivers)])
    carrier_names = np.array([f"承运商{chr(ord('A') + i)}" if i < 26 else f"承运商{i + 1}"
                              for i in range(carriers)])
    driver_carrier = np.arange(drivers) % carriers
    skim_idx = rng.choice(drivers, size=skimmers, replace=False) if skimmers else np.array([], int)
    d = rng.integers(0, drivers, n)
    km = rng.integers(5, 301, n).astype(float)
    diesel = rng.random(n) < 0.6
    rho20 = np.where(diesel, rng.uniform(825.0, 845.0, n), rng.uniform(720.0, 745.0, n)).round(1)
    vol = rng.integers(15, 31, n) * 1000.0
    t_ship = rng.uniform(5.0, 35.0, n).round(1)
    t_recv = np.clip(t_ship + rng.uniform(-4.0, 4.0, n), -10.0, 45.0).round(1)

    shipped_kg = _np_mass_from_volume(np, vol, t_ship, rho20, np.ones(n, bool), "shipped",
                                      np.arange(n))
    rate = np.maximum(1.0, np.ceil(km / ROAD_BAND_KM)) * ROAD_RATE_PER_BAND
    true_loss = shipped_kg * rate * rng.uniform(0.0, 1.0, n)
    is_skim = np.isin(d, skim_idx)
    true_loss = true_loss + np.where(is_skim, shipped_kg * skim / 1000.0 * rng.uniform(0.7, 1.3, n), 0.0)
    recv_kg = shipped_kg - true_loss

    weigh = rng.random(n) < 0.6
    tare = rng.uniform(12_000.0, 16_000.0, n)
    gross = np.round((tare + recv_kg + rng.normal(0.0, 10.0, n)) / 10.0) * 10.0
    tare_read = np.round((tare + rng.normal(0.0, 10.0, n)) / 10.0) * 10.0
    # Dip: the volume at the receiving temperature that holds recv_kg, with gauging noise.
    vcf_recv, _ = _np_vcf20(np, rho20, t_recv)
    dip_vol = (recv_kg * 1000.0 / (rho20 - petroleum.AIR_BUOYANCY_KG_M3) / vcf_recv
               * (1.0 + rng.normal(0.0, 0.001, n))).round(0)

    start = np.datetime64("2024-01-01")
    df = pd.DataFrame({
        "date": start + np.sort(rng.integers(0, 366, n)).astype("timedelta64[D]"),
        "driver": names[d],
        "carrier": carrier_names[driver_carrier[d]],
        "route_km": km,
        "product": np.where(diesel, "0#柴油", "92#汽油"),
        "shipped_volume_l": vol,
        "shipped_temperature_c": t_ship,
        "density20_kg_m3": rho20,
        "received_gross_kg": np.where(weigh, gross, np.nan),
        "received_tare_kg": np.where(weigh, tare_read, np.nan),
        "received_volume_l": np.where(weigh, np.nan, dip_vol),
        "received_temperature_c": np.where(weigh, np.nan, t_recv),
    })
    df.attrs["skimmers"] = sorted(names[skim_idx].tolist())
    return df
