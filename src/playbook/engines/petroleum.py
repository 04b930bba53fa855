"""Petroleum measurement for refined products, from the standards (standard library only).

Three routes share one constants table (:data:`REFINED_PRODUCT_GROUPS`):

* **20 °C — GB/T 1885-1998** (equivalent to ISO 91-2:1991): table 59B (standard density
  ρ20 from a glass-hydrometer reading, :func:`density20`) and table 60B (volume correction
  factor to 20 °C, :func:`vcf20`).  The 20 °C tables reuse the 15 °C correlation of
  ASTM D1250-80 / ISO 91-1 table 54B: ρ15 is found by iteration from
  ρ20 = ρ15 · VCF15(20 °C), and VCF20(t) = VCF15(t) / VCF15(20 °C).
* **15 °C — ASTM D1250-80 / ISO 91-1**, tables 53B (:func:`density15`) and 54B
  (:func:`vcf15`):  α15 = K0/ρ15² + K1/ρ15 + K2,  VCF = exp(−α·Δt·(1 + 0.8·α·Δt)),
  Δt = t − 15 °C.
* **60 °F — API MPMS Chapter 11.1-2004** (CTL for generalized refined products,
  §11.1.6.1, :func:`ctl_60f`): the 2004 procedure with the ITS-90 → IPTS-68 temperature
  conversion and the shifted density ρ*.

Units: densities in kg/m³ (in vacuo), temperatures in °C (°F for the 60 °F route),
volumes in litres (L), masses in kg.

The main functions return **unrounded** values.  The printed tables round their output:
use :func:`round_density` (0.1 kg/m³, tables 53B/59B), :func:`round_vcf` (4 decimals,
tables 54B/60B) and :func:`round_ctl` (5 decimals, API CTL) — all half-up on the decimal
representation.  The 1980 implementation procedures also round/truncate some
intermediate values (α, Δt); that is *not* reproduced here, so a value of a printed table
can differ by one unit in its last digit near a rounding edge.  API Std 2540 (1980),
"Editorial amplification" to Volume X, reports about one such difference per 240 entries
*between literal implementations of the 1980 procedure*; that figure is not this module's
rate.  Compared with independent implementations, this module's rounded values differ in
the last digit far more often: one entry in 115 to one in 25, depending on the
implementation and the table (measured in the issue-16 review of the book).  A printed table
or the customer's own software can therefore show a VCF one unit (1e-4) away — 2 L on a
20 000 L delivery — which is far inside the measurement tolerance used by
:mod:`playbook.engines.loss`.  GB/T 1885-1998 tabulates the test temperature every
0.25 °C and tells the reader to use the nearest tabulated temperature instead of
interpolating; these functions take the actual temperature.

Every bad input raises :class:`playbook.errors.PlaybookInputError` with a Chinese message
that names the input and its allowed range.

Usage (diesel, ρ20 = 840 kg/m³ at 30 °C; a hydrometer reading of 835 kg/m³ at 25 °C):

>>> from playbook.engines import petroleum
>>> petroleum.round_vcf(petroleum.vcf20(840.0, 30.0))           # table 60B
0.9915
>>> petroleum.round_density(petroleum.density20(835.0, 25.0))   # table 59B
838.5
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from playbook.errors import PlaybookInputError, as_real
from playbook.normalize import require_number, to_float

__all__ = [
    "AIR_BUOYANCY_KG_M3",
    "DENSITY15_MAX",
    "DENSITY15_MIN",
    "DENSITY20_MAX",
    "DENSITY20_MIN",
    "DENSITY60_MAX",
    "DENSITY60_MIN",
    "REFINED_PRODUCT_GROUPS",
    "TEMPERATURE_C_MIN",
    "TEMPERATURE_F_MAX",
    "TEMPERATURE_F_MIN",
    "WATER_DENSITY_60F",
    "Ctl60Details",
    "Correlation",
    "ProductGroup",
    "alpha15",
    "api_from_density60",
    "ctl_60f",
    "ctl_60f_details",
    "density15",
    "density15_from_density20",
    "density20",
    "density20_from_density15",
    "density60_from_api",
    "hydrometer_reading20",
    "mass_in_air_kg",
    "product_group15",
    "product_group60",
    "round_ctl",
    "round_density",
    "round_vcf",
    "temperature_limits_c",
    "vcf15",
    "vcf20",
    "volume20_l",
]


# ---------------------------------------------------------------------------
# The constants table
# ---------------------------------------------------------------------------


class Correlation(NamedTuple):
    """α = K0/ρ² + K1/ρ + K2 on the density band ``rho_min ≤ ρ < rho_max`` (kg/m³).

    For the transition zone the standards write α = A + B/ρ²; here B is ``k0`` and A is
    ``k2`` (the form API MPMS 11.1-2004 uses for every group).
    """

    rho_min: float
    rho_max: float
    k0: float
    k1: float
    k2: float

    def alpha(self, rho: float) -> float:
        """Thermal expansion coefficient at base density ``rho`` (kg/m³)."""
        return (self.k0 / rho + self.k1) / rho + self.k2


class ProductGroup(NamedTuple):
    """One commodity group of the generalized refined products (the "B" tables).

    ``metric_1980``: ASTM D1250-80 / ISO 91-1 table 54B — density ρ15 (kg/m³ at 15 °C),
    α15 per °C; reused by GB/T 1885-1998 tables 59B/60B.
    ``api_2004``: API MPMS 11.1-2004 — density ρ60 (kg/m³ at 60 °F), α60 per °F.
    The per-°C constants are 1.8 × the per-°F ones (rounded to 4 decimals for K1).
    """

    name: str
    metric_1980: Correlation
    api_2004: Correlation


#: Generalized refined products.  Sources (see tests/test_petroleum.py for the checks):
#: * 2004 per-°F K0/K1/K2 and ρ60 bands: API MPMS 11.1-2004; the K values are confirmed
#:   by the intermediate results of its §11.1.6.1 examples 3–6, which this module
#:   reproduces to 1e-12.
#: * 1980 per-°C K0/K1/K2: ASTM D1250-80 table 54B as used by GB/T 1885-1998; each equals
#:   1.8 × the per-°F constant (346.4228 ≈ 1.8·192.4571, 0.4388 ≈ 1.8·0.2438,
#:   2680.3206 = 1.8·1489.0670, −0.00336312 = 1.8·(−0.0018684), 594.5418 = 1.8·330.3010,
#:   186.9696 = 1.8·103.8720, 0.4862 ≈ 1.8·0.2701).
#: * 1980 ρ15 bands 653.0 / 770.5 / 787.5 / 838.5 / 1075.0: the densities where adjacent
#:   α curves meet (770.35, 787.52, 838.3 — the 2004 ρ60 boundaries) rounded to 0.5 kg/m³.
#:   Boundary convention — what is known and what was chosen:
#:   - The standard's own text (ASTM D1250-80 Volume X / ISO 91-1 implementation procedure,
#:     as used by GB/T 1885-1998) was not available to check.  Public implementations
#:     disagree: several list the groups as ranges on the tables' 0.5 kg/m³ grid,
#:     653.0–770.0 / 770.5–787.5 / 788.0–838.5 / 839.0–1075.0 (continuous thresholds
#:     770.5 / 788.0 / 839.0); others split at 770.5 / 787.5 / 839, at 770 / 788 / 839,
#:     or elsewhere (770.8).  None of them was authoritative, so none was copied.
#:   - Chosen: 770.5 / 787.5 / 838.5, where the adjacent α curves cross (rounded to the
#:     grid), which keeps the α step at each boundary small (1.3e-6 /°C at 770.5,
#:     1.9e-7 at 787.5, 1.5e-7 at 838.5; at 788.0 / 839.0 it would be 4.0e-6 / 4.9e-7).  A density exactly on a boundary belongs to the upper group.
#:   - Effect (benchmarks/bench_group_boundaries.py): only ρ15 in 787.5–788.0 and
#:     838.5–839.0 (and 770.0–770.5 for the 770 split) change group.  At oil temperatures
#:     −10…45 °C VCF20 then differs by at most 1.1e-4 (787.5–788.0, kerosene/jet, about
#:     2 L on 20 000 L) and 1.4e-5 (838.5–839.0, diesel, 0.3 L on 20 000 L); −18…90 °C:
#:     2.7e-4 and 3.4e-5.  Diesel (ρ15 ≈ 820–845; 0# at ρ20 = 835 is ρ15 ≈ 838.55) sits on
#:     the jet-fuel / fuel-oil boundary, where the choice moves a 20 000 L delivery by less
#:     than 0.1 L at 15–30 °C.  If the standard's text is found and differs, change the
#:     rho_min/rho_max values below (one place) and the tests that pin them.
#:   653–1075 kg/m³ is the documented overall range of table 53B.
REFINED_PRODUCT_GROUPS: tuple[ProductGroup, ...] = (
    ProductGroup(
        "汽油类",
        Correlation(653.0, 770.5, 346.4228, 0.4388, 0.0),
        Correlation(610.6, 770.352, 192.4571, 0.2438, 0.0),
    ),
    ProductGroup(
        "过渡区",
        Correlation(770.5, 787.5, 2680.3206, 0.0, -0.00336312),
        Correlation(770.352, 787.5195, 1489.0670, 0.0, -0.0018684),
    ),
    ProductGroup(
        "喷气燃料、煤油类",
        Correlation(787.5, 838.5, 594.5418, 0.0, 0.0),
        Correlation(787.5195, 838.3127, 330.3010, 0.0, 0.0),
    ),
    ProductGroup(
        "燃料油类(含柴油)",
        Correlation(838.5, 1075.0, 186.9696, 0.4862, 0.0),
        Correlation(838.3127, 1163.5, 103.8720, 0.2701, 0.0),
    ),
)

#: Range of tables 53B/54B (and so of the 20 °C tables built on them), kg/m³ at 15 °C.
DENSITY15_MIN = REFINED_PRODUCT_GROUPS[0].metric_1980.rho_min
DENSITY15_MAX = REFINED_PRODUCT_GROUPS[-1].metric_1980.rho_max
#: Lowest temperature of tables 53B/54B/59B/60B, °C.
TEMPERATURE_C_MIN = -18.0
#: Upper temperature limit of the 1980 metric tables by density band (ρ15 below the
#: threshold → limit in °C); lighter products have the narrower range.  These are the
#: outer limits enforced by a public flow-computer implementation of API Std 2540
#: (≈ the 6B limits 200/250/300 °F for 50–85/40–50/0–40 °API); not checked against the
#: printed tables.
_TEMPERATURE_C_MAX_BY_DENSITY15: tuple[tuple[float, float], ...] = (
    (778.5, 90.0),
    (824.0, 120.0),
    (math.inf, 150.0),
)

#: API MPMS 11.1-2004 range for refined products: ρ60 in kg/m³, temperature in °F.
DENSITY60_MIN = REFINED_PRODUCT_GROUPS[0].api_2004.rho_min
DENSITY60_MAX = REFINED_PRODUCT_GROUPS[-1].api_2004.rho_max
TEMPERATURE_F_MIN = -58.0
TEMPERATURE_F_MAX = 302.0

#: Density of water at 60 °F used by API MPMS 11.1-2004 for API gravity, kg/m³.
WATER_DENSITY_60F = 999.016
#: Air buoyancy deducted for the commercial mass in air (GB/T 1885-1998), kg/m³.
AIR_BUOYANCY_KG_M3 = 1.1

# Glass hydrometer (soda-lime glass) expansion: reading × (1 − a·Δt − b·Δt²), Δt from the
# hydrometer's calibration temperature (15 °C for table 53B, 20 °C for table 59B).  The
# °F form of the same correction is 1 − 0.00001278·Δt − 0.0000000062·Δt².
_HYDROMETER_A = 0.000023
_HYDROMETER_B = 0.00000002

# API MPMS 11.1-2004 §11.1.5: ITS-90 → IPTS-68 and the 60 °F shift.
_DELTA_60F = 0.01374979547  # temperature shift at 60 °F, °F
_T60_IPTS68_F = 60.0068749  # 60 °F (ITS-90) expressed on IPTS-68, °F
_ITS90_COEFFS = (-0.148759, -0.267408, 1.080760, 1.269056, -4.089591, -1.871251,
                 7.438081, -3.536296)

_NEWTON_ITERATIONS = 30
_BISECTION_ITERATIONS = 80


# ---------------------------------------------------------------------------
# Input checking
# ---------------------------------------------------------------------------




_RHO15 = "15 °C 密度 ρ15"
_RHO20 = "标准密度 ρ20"
_RHO60 = "60 °F 密度 ρ60"
_OBSERVED = "视密度 ρt′"
_TEST_T = "试验温度 t′"
_OIL_T = "油温 t"


def _temperature_max_c(rho15: float) -> float:
    for threshold, t_max in _TEMPERATURE_C_MAX_BY_DENSITY15:
        if rho15 < threshold:
            return t_max
    return _TEMPERATURE_C_MAX_BY_DENSITY15[-1][1]  # pragma: no cover - inf threshold


def _check_temperature_c(t: object, field: str, label: str, rho15: float) -> float:
    t_max = _temperature_max_c(rho15)
    x = require_number(t, field, label, TEMPERATURE_C_MIN, 150.0, "°C")
    if x > t_max:
        raise PlaybookInputError(field, code="temperature_range", label=label, low=TEMPERATURE_C_MIN, high=t_max,
                                 rho15=f"{rho15:.1f}", received=t)
    return x


def temperature_limits_c(density15: float) -> tuple[float, float]:
    """Temperature range (°C) of tables 54B/60B for a product of density ``density15``.

    −18 °C up to 90 °C (ρ15 < 778.5 kg/m³), 120 °C (778.5 ≤ ρ15 < 824 kg/m³) or
    150 °C (ρ15 ≥ 824 kg/m³).
    """
    rho15 = require_number(density15, "density15", _RHO15, DENSITY15_MIN, DENSITY15_MAX, "kg/m³")
    return TEMPERATURE_C_MIN, _temperature_max_c(rho15)


# ---------------------------------------------------------------------------
# 15 °C: ASTM D1250-80 tables 53B / 54B
# ---------------------------------------------------------------------------


def _group15(rho15: float) -> ProductGroup:
    for group in REFINED_PRODUCT_GROUPS[:-1]:
        if rho15 < group.metric_1980.rho_max:
            return group
    return REFINED_PRODUCT_GROUPS[-1]


def _vcf15(rho15: float, t: float) -> float:
    alpha = _group15(rho15).metric_1980.alpha(rho15)
    dt = t - 15.0
    return math.exp(-alpha * dt * (1.0 + 0.8 * alpha * dt))


def product_group15(density15: float) -> ProductGroup:
    """Commodity group of table 54B for density ``density15`` (kg/m³ at 15 °C)."""
    rho15 = require_number(density15, "density15", _RHO15, DENSITY15_MIN, DENSITY15_MAX, "kg/m³")
    return _group15(rho15)


def alpha15(density15: float) -> float:
    """Thermal expansion coefficient α15 (per °C) of table 54B at ``density15`` (kg/m³)."""
    rho15 = require_number(density15, "density15", _RHO15, DENSITY15_MIN, DENSITY15_MAX, "kg/m³")
    return _group15(rho15).metric_1980.alpha(rho15)


def vcf15(density15: float, temperature_c: float) -> float:
    """Volume correction factor to 15 °C (table 54B): V15 / Vt, unrounded.

    ``density15`` in kg/m³ at 15 °C (653–1075), ``temperature_c`` in °C (see
    :func:`temperature_limits_c`).
    """
    rho15 = require_number(density15, "density15", _RHO15, DENSITY15_MIN, DENSITY15_MAX, "kg/m³")
    t = _check_temperature_c(temperature_c, "temperature_c", _OIL_T, rho15)
    return _vcf15(rho15, t)


def _hydrometer_factor(t: float, calibration_c: float) -> float:
    dt = t - calibration_c
    return 1.0 - _HYDROMETER_A * dt - _HYDROMETER_B * dt * dt


def _solve_rho15(rho_t: float, t: float) -> float:
    """ρ15 with ρ15 · VCF15(ρ15, t) = ρt (kg/m³, t in °C).

    h(ρ) = ρ · VCF15(ρ, t) increases with ρ inside each product group, so Newton's method
    converges in a few steps.  (Plain fixed-point iteration ρ ← ρt / VCF15(ρ, t) is what
    the 1980 procedure describes, but in the transition zone at large Δt its contraction
    factor approaches 1.)  At a group boundary α jumps by up to ~1e-6 /°C, so h can step
    over ρt: there is then no exact root and Newton cycles; bisection then returns the
    boundary density itself, the point where h crosses ρt.
    """
    rho = rho_t
    for _ in range(_NEWTON_ITERATIONS):
        corr = _group15(rho).metric_1980
        alpha = corr.alpha(rho)
        dalpha = -2.0 * corr.k0 / rho**3 - corr.k1 / rho**2
        dt = t - 15.0
        vcf = math.exp(-alpha * dt * (1.0 + 0.8 * alpha * dt))
        slope = vcf * (1.0 - rho * dt * (1.0 + 1.6 * alpha * dt) * dalpha)
        step = (rho * vcf - rho_t) / slope
        rho -= step
        if abs(step) <= 1e-13 * rho_t:
            return rho
    lo, hi = 0.5 * rho_t, 2.0 * rho_t
    for _ in range(_BISECTION_ITERATIONS):
        mid = 0.5 * (lo + hi)
        if mid * _vcf15(mid, t) < rho_t:
            lo = mid
        else:
            hi = mid
    return hi


# Coarse envelope of hydrometer readings that can map into the tables at all; the exact
# check is done on the resulting ρ15.
_OBSERVED_MIN = 560.0
_OBSERVED_MAX = 1120.0


def _rho15_from_observed(observed_density: object, temperature_c: object, calibration_c: float,
                         glass_hydrometer: bool) -> tuple[float, float]:
    obs = require_number(observed_density, "observed_density", _OBSERVED, _OBSERVED_MIN,
                  _OBSERVED_MAX, "kg/m³")
    t = require_number(temperature_c, "temperature_c", _TEST_T, TEMPERATURE_C_MIN, 150.0, "°C")
    rho_t = obs * _hydrometer_factor(t, calibration_c) if glass_hydrometer else obs
    rho15 = _solve_rho15(rho_t, t)
    if not DENSITY15_MIN <= rho15 <= DENSITY15_MAX:
        raise PlaybookInputError("observed_density", code="observed_density_range", label=_OBSERVED, temperature=t,
                                 low=DENSITY15_MIN, high=DENSITY15_MAX, received=observed_density,
                                 rho15=f"{rho15:.1f}")
    _check_temperature_c(temperature_c, "temperature_c", _TEST_T, rho15)
    return rho15, t


def density15(observed_density: float, temperature_c: float, *,
              glass_hydrometer: bool = True) -> float:
    """Density at 15 °C (table 53B) from a hydrometer reading, kg/m³, unrounded.

    ``observed_density``: reading (kg/m³) of a glass hydrometer calibrated at 15 °C, taken
    at ``temperature_c`` (°C).  With ``glass_hydrometer=True`` (as the printed table) the
    reading is first corrected for the glass expansion:
    ρt = reading · (1 − 0.000023·(t − 15) − 0.00000002·(t − 15)²).  Pass ``False`` for a
    density already measured at t (e.g. a digital density meter).
    """
    rho15, _ = _rho15_from_observed(observed_density, temperature_c, 15.0,
                                    bool(glass_hydrometer))
    return rho15


# ---------------------------------------------------------------------------
# 20 °C: GB/T 1885-1998 tables 59B / 60B
# ---------------------------------------------------------------------------


def _rho20_from_rho15(rho15: float) -> float:
    return rho15 * _vcf15(rho15, 20.0)


def _rho15_from_rho20(rho20: float) -> float:
    return _solve_rho15(rho20, 20.0)


#: Range of ρ20 (kg/m³) that maps onto ρ15 = 653–1075 kg/m³, rounded inwards to 0.1.
DENSITY20_MIN = math.ceil(_rho20_from_rho15(DENSITY15_MIN) * 10.0) / 10.0
DENSITY20_MAX = math.floor(_rho20_from_rho15(DENSITY15_MAX) * 10.0) / 10.0


def _check_rho20(density20: object) -> float:
    return require_number(density20, "density20", _RHO20, DENSITY20_MIN, DENSITY20_MAX, "kg/m³")


def density20_from_density15(density15: float) -> float:
    """ρ20 = ρ15 · VCF15(ρ15, 20 °C), kg/m³ (ρ15 in kg/m³), unrounded."""
    rho15 = require_number(density15, "density15", _RHO15, DENSITY15_MIN, DENSITY15_MAX, "kg/m³")
    return _rho20_from_rho15(rho15)


def density15_from_density20(density20: float) -> float:
    """ρ15 (kg/m³) solving ρ20 = ρ15 · VCF15(ρ15, 20 °C) by iteration; ρ20 in kg/m³."""
    return _rho15_from_rho20(_check_rho20(density20))


def vcf20(density20: float, temperature_c: float) -> float:
    """Volume correction factor to 20 °C (table 60B): V20 / Vt, unrounded.

    ``density20``: standard density ρ20 in kg/m³; ``temperature_c``: oil temperature in
    °C.  VCF20(t) = VCF15(ρ15, t) / VCF15(ρ15, 20 °C) with ρ15 from ρ20.
    """
    rho15 = _rho15_from_rho20(_check_rho20(density20))
    t = _check_temperature_c(temperature_c, "temperature_c", _OIL_T, rho15)
    return _vcf15(rho15, t) / _vcf15(rho15, 20.0)


def density20(observed_density: float, temperature_c: float, *,
              glass_hydrometer: bool = True) -> float:
    """Standard density ρ20 (table 59B) from a hydrometer reading, kg/m³, unrounded.

    ``observed_density``: 视密度, the reading (kg/m³) of a glass hydrometer calibrated at
    20 °C taken at the test temperature ``temperature_c`` (°C).  With
    ``glass_hydrometer=True`` (as the printed table) the reading is corrected for the glass
    expansion, reading · (1 − 0.000023·(t − 20) − 0.00000002·(t − 20)²), before the oil's
    own expansion is removed.  Pass ``False`` for a true density measured at t.
    Round with :func:`round_density` to get the printed table value.
    """
    rho15, _ = _rho15_from_observed(observed_density, temperature_c, 20.0,
                                    bool(glass_hydrometer))
    return _rho20_from_rho15(rho15)


def hydrometer_reading20(density20: float, temperature_c: float, *,
                         glass_hydrometer: bool = True) -> float:
    """Inverse of :func:`density20`: the reading (kg/m³) expected at ``temperature_c`` (°C).

    The oil's density at t is ρt = ρ20 · VCF20(t); the glass-hydrometer correction is
    then undone (``glass_hydrometer=False`` returns ρt itself).
    """
    rho15 = _rho15_from_rho20(_check_rho20(density20))
    t = _check_temperature_c(temperature_c, "temperature_c", _TEST_T, rho15)
    rho_t = rho15 * _vcf15(rho15, t)
    return rho_t / _hydrometer_factor(t, 20.0) if glass_hydrometer else rho_t


def volume20_l(observed_volume_l: float, density20: float, temperature_c: float) -> float:
    """Standard volume V20 (L) = Vt · VCF20, from the volume Vt (L) at ``temperature_c`` (°C).

    ``density20`` is the standard density ρ20 in kg/m³.
    """
    vt = require_number(observed_volume_l, "observed_volume_l", "油品体积 Vt", 0.0, 1e12, "L")
    return vt * vcf20(density20, temperature_c)


def mass_in_air_kg(volume20_l: float, density20: float) -> float:
    """Commercial mass in air (kg): m = V20 · (ρ20 − 1.1 kg/m³).

    ``volume20_l``: standard volume V20 in litres; ``density20``: ρ20 in kg/m³.  The
    1.1 kg/m³ is the air-buoyancy allowance of GB/T 1885-1998 (0.0011 g/cm³).
    """
    v20 = require_number(volume20_l, "volume20_l", "标准体积 V20", 0.0, 1e12, "L")
    rho20 = _check_rho20(density20)
    return v20 / 1000.0 * (rho20 - AIR_BUOYANCY_KG_M3)


# ---------------------------------------------------------------------------
# 60 °F: API MPMS 11.1-2004 §11.1.6.1 (CTL, refined products)
# ---------------------------------------------------------------------------


class Ctl60Details(NamedTuple):
    """Intermediate values of API MPMS 11.1-2004 §11.1.6.1 (the names of its examples)."""

    group: ProductGroup
    temperature_ipts68_f: float  # T*, °F on IPTS-68
    density_shifted: float  # ρ*, kg/m³
    alpha60: float  # per °F
    ctl: float


def _group60(rho60: float) -> ProductGroup:
    for group in REFINED_PRODUCT_GROUPS[:-1]:
        if rho60 < group.api_2004.rho_max:
            return group
    return REFINED_PRODUCT_GROUPS[-1]


def _its90_to_ipts68_f(t_f: float) -> float:
    t_c = (t_f - 32.0) / 1.8
    tau = t_c / 630.0
    acc = 0.0
    for a in reversed(_ITS90_COEFFS):
        acc = (acc + a) * tau
    return 1.8 * (t_c - acc) + 32.0


def _ctl60(rho60: float, t_f: float) -> Ctl60Details:
    group = _group60(rho60)
    k0, k1, k2 = group.api_2004.k0, group.api_2004.k1, group.api_2004.k2
    a = _DELTA_60F / 2.0 * ((k0 / rho60 + k1) / rho60 + k2)
    b = (2.0 * k0 + k1 * rho60) / (k0 + (k1 + k2 * rho60) * rho60)
    rho_star = rho60 * (1.0 + (math.exp(a * (1.0 + 0.8 * a)) - 1.0)
                        / (1.0 + a * (1.0 + 1.6 * a) * b))
    alpha60 = group.api_2004.alpha(rho_star)
    t_star = _its90_to_ipts68_f(t_f)
    dt = t_star - _T60_IPTS68_F
    ctl = math.exp(-alpha60 * dt * (1.0 + 0.8 * alpha60 * (dt + _DELTA_60F)))
    return Ctl60Details(group, t_star, rho_star, alpha60, ctl)


def ctl_60f_details(density60: float, temperature_f: float) -> Ctl60Details:
    """:func:`ctl_60f` with the intermediate values T*, ρ*, α60 of the standard."""
    rho60 = require_number(density60, "density60", _RHO60, DENSITY60_MIN, DENSITY60_MAX, "kg/m³")
    t_f = require_number(temperature_f, "temperature_f", "油温 t(°F)", TEMPERATURE_F_MIN,
                  TEMPERATURE_F_MAX, "°F")
    return _ctl60(rho60, t_f)


def ctl_60f(density60: float, temperature_f: float) -> float:
    """CTL = V60 / Vt for generalized refined products (API MPMS 11.1-2004), unrounded.

    ``density60``: base density in kg/m³ at 60 °F (610.6–1163.5); ``temperature_f``: oil
    temperature in °F (−58–302, ITS-90).  API gravity relates by
    ρ60 = 141.5 · 999.016 / (API + 131.5) (see :func:`density60_from_api`).
    """
    return ctl_60f_details(density60, temperature_f).ctl


def density60_from_api(api_gravity: float) -> float:
    """ρ60 (kg/m³) = 141.5 · 999.016 / (API + 131.5), API gravity in °API (−10 to 100)."""
    api = require_number(api_gravity, "api_gravity", "API 度", -10.0, 100.0, "°API")
    return 141.5 * WATER_DENSITY_60F / (api + 131.5)


def api_from_density60(density60: float) -> float:
    """API gravity (°API) = 141.5 · 999.016 / ρ60 − 131.5, ρ60 in kg/m³."""
    rho60 = require_number(density60, "density60", _RHO60, 300.0, 1300.0, "kg/m³")
    return 141.5 * WATER_DENSITY_60F / rho60 - 131.5


def product_group60(density60: float) -> ProductGroup:
    """Commodity group of API MPMS 11.1-2004 for ``density60`` (kg/m³ at 60 °F)."""
    rho60 = require_number(density60, "density60", _RHO60, DENSITY60_MIN, DENSITY60_MAX, "kg/m³")
    return _group60(rho60)


# ---------------------------------------------------------------------------
# Rounding as the printed tables do
# ---------------------------------------------------------------------------


def _round_half_up(value: object, field: str, label: str, quantum: str) -> float:
    x = to_float(value, field, label) if isinstance(value, str) else as_real(value)
    if x is None or not math.isfinite(x):
        raise PlaybookInputError(field, code="not_finite", label=label, received=value)
    if abs(x) >= 2.0 ** 53:  # already a whole number: nothing to round (and beyond Decimal's 28 digits)
        return x + 0.0
    return float(Decimal(repr(x)).quantize(Decimal(quantum), rounding=ROUND_HALF_UP)) + 0.0


def round_density(x: float) -> float:
    """Round a density (kg/m³) to 0.1 kg/m³, half up, as tables 53B/59B print it."""
    return _round_half_up(x, "value", "密度(kg/m³)", "0.1")


def round_vcf(x: float) -> float:
    """Round a volume correction factor to 4 decimals, half up, as tables 54B/60B."""
    return _round_half_up(x, "value", "体积修正系数 VCF", "0.0001")


def round_ctl(x: float) -> float:
    """Round an API CTL to 5 decimals, half up (API MPMS 11.1-2004 output rounding)."""
    return _round_half_up(x, "value", "温度修正系数 CTL", "0.00001")
