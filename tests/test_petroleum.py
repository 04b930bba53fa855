"""Tests for playbook.engines.petroleum against published values, plus properties.

Reference values come from published documents only (never from this code):

* API MPMS Ch. 11.1-2004 §11.1.6.1 examples 3–6 (refined products) — inputs and the
  intermediate results T*, ρ*, α60, CTL printed to 12 digits.  Transcribed from the
  standard in github.com/m2b/API11_1VCF, API11_1VCF.Test/CTPLFromAPIDegFPsigTests.cs.
* API MPMS Ch. 11.1-2004 §11.1.6.2 examples 5 and 6 (refined products, observed → 60 °F)
  — the solved ρ60 and its CTL.  Transcribed in github.com/DeividO12/PyMPMS-11.1,
  src/api_mpms/tests/test_6_2.py.
* GB/T 1885-1998 table 59B entries reproduced in a textbook example ("查表8-5", page
  cqjxzn.com/sshow.php?id=42a16f7a505fce92).
* GB/T 1885-1998 table 59B / 60B look-ups and the mass-in-air formula in a worked
  油品计量员 exam answer (zjtcn.com/zhishi/jiliangyuan, 题三).
* ASTM D1250-80 table 54B factors quoted in a tanker-cargo exercise
  (geocaching.com/geocache/GC1RNPT, "VCF = 0,9911 according to Table 54B").

NOT FOUND (so not tested against a printed value): the printed pages of ASTM D1250-80
tables 53B/54B and of GB/T 1885-1998 table 60B beyond the one exam look-up below, and the
Volume X implementation-procedure text (intermediate rounding, exact table limits).
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from playbook.engines import petroleum as pm
from playbook.errors import PlaybookInputError

# ---------------------------------------------------------------------------
# API MPMS 11.1-2004 §11.1.6.1 — examples with intermediate values
# ---------------------------------------------------------------------------

W60 = 999.016  # water at 60 °F used by the 2004 standard (its examples' API ↔ kg/m³)


def _api(api: float) -> float:
    return 141.5 * W60 / (api + 131.5)


# (example, ρ60 input, t °F, K0, K1, K2, T* °F, ρ* kg/m³, α60 /°F, CTL)
API_2004_EXAMPLES = [
    # §11.1.6.1 Example 3: fuel oils, API 19.4 at 48.04 °F (P = −7.3 psig → CPL = 1)
    ("ex3", _api(19.4), 48.04, 103.8720, 0.2701, 0.0,
     48.043878159606, 936.787006219757, 0.000406689168, 1.004858068990),
    # §11.1.6.1 Example 4: jet fuels, relative density 0.7943 at 85 °F
    ("ex4", 0.7943 * W60, 85.0, 330.3010, 0.0, 0.0,
     85.013358222928, 793.521270459968, 0.000524557068, 0.986832406683),
    # §11.1.6.1 Example 5: transition zone, API 48.0015 at 55.9 °F
    ("ex5", _api(48.0015), 55.9, 1489.0670, 0.0, -0.0018684,
     55.905838569594, 787.521450184768, 0.000532585048, 1.002182725702),
    # §11.1.6.1 Example 6: gasolines, 657.3 kg/m³ at 27.3 °F
    ("ex6", 657.3, 27.3, 192.4571, 0.2438, 0.0,
     27.298898616759, 657.303689061482, 0.000816362130, 1.026475833518),
]


@pytest.mark.parametrize(
    "name, rho60, t_f, k0, k1, k2, t_star, rho_star, alpha60, ctl", API_2004_EXAMPLES
)
def test_api_2004_section_6_1_examples(name, rho60, t_f, k0, k1, k2, t_star, rho_star,
                                       alpha60, ctl):
    d = pm.ctl_60f_details(rho60, t_f)
    assert (d.group.api_2004.k0, d.group.api_2004.k1, d.group.api_2004.k2) == (k0, k1, k2)
    # The standard prints 12 decimals; we agree to within a unit of the last one.
    assert d.temperature_ipts68_f == pytest.approx(t_star, abs=1e-12)
    assert d.density_shifted == pytest.approx(rho_star, abs=1e-11)
    assert d.alpha60 == pytest.approx(alpha60, abs=5e-13)
    assert d.ctl == pytest.approx(ctl, abs=1e-12)
    assert pm.ctl_60f(rho60, t_f) == d.ctl


def test_api_2004_example_3_rounded_ctpl():
    # §11.1.6.1 Example 3 prints CTPL rounded = 1.00486; its CPL is exactly 1 (negative
    # gauge pressure is set to 0), so the rounded CTL must be the same number.
    assert pm.round_ctl(pm.ctl_60f(_api(19.4), 48.04)) == 1.00486


@pytest.mark.parametrize(
    "rho60, t_f, ctl",
    [
        # §11.1.6.2 Example 5 (refined product, 803.141 kg/m³ observed at 25.3 °F):
        # density at 60 °F 787.507922593917 (transition zone), ctl 1.018381017381
        (787.507922593917, 25.3, 1.018381017381),
        # §11.1.6.2 Example 6 (refined product, RD 0.7322 observed at 139 °F):
        # density at 60 °F 770.349794252060 (gasolines, just below 770.352), ctl 0.948677079691
        (770.349794252060, 139.0, 0.948677079691),
    ],
)
def test_api_2004_section_6_2_examples_ctl(rho60, t_f, ctl):
    assert pm.ctl_60f(rho60, t_f) == pytest.approx(ctl, abs=1e-12)


def test_api_gravity_relation():
    # ρ60 = 141.5 · 999.016 / (API + 131.5): §11.1.6.1 example 4 gives RD 0.7943 ↔ the
    # same ρ* whether entered as kg/m³ or as API gravity.
    api = 141.5 / 0.7943 - 131.5
    assert pm.density60_from_api(api) == pytest.approx(0.7943 * W60, rel=1e-14)
    assert pm.api_from_density60(pm.density60_from_api(35.0)) == pytest.approx(35.0)


# ---------------------------------------------------------------------------
# The constants table
# ---------------------------------------------------------------------------


def test_metric_constants_are_1_8_times_the_api_constants():
    # α per °C = 1.8 × α per °F; the per-°F K values are the published 2004 ones (checked
    # above against §11.1.6.1).  The per-°C K1 values are the 4-decimal roundings.
    for g in pm.REFINED_PRODUCT_GROUPS:
        c, f = g.metric_1980, g.api_2004
        assert c.k0 == pytest.approx(1.8 * f.k0, abs=5e-5)
        assert c.k1 == pytest.approx(1.8 * f.k1, abs=5e-5)
        assert c.k2 == pytest.approx(1.8 * f.k2, abs=1e-12)


def test_group_bands_are_contiguous_and_curves_meet_near_the_boundaries():
    groups = pm.REFINED_PRODUCT_GROUPS
    assert [g.name for g in groups] == ["汽油类", "过渡区", "喷气燃料、煤油类", "燃料油类(含柴油)"]
    for lower, upper in zip(groups, groups[1:]):
        assert lower.metric_1980.rho_max == upper.metric_1980.rho_min
        assert lower.api_2004.rho_max == upper.api_2004.rho_min
        # Adjacent α curves meet at the 2004 boundary density (that is how the bands were
        # drawn); the 1980 metric bands are that density rounded to 0.5 kg/m³.
        b = lower.api_2004.rho_max
        assert lower.api_2004.alpha(b) == pytest.approx(upper.api_2004.alpha(b), rel=3e-5)
        assert abs(round(b * 2) / 2 - lower.metric_1980.rho_max) <= 0.25
    assert (pm.DENSITY15_MIN, pm.DENSITY15_MAX) == (653.0, 1075.0)
    assert (pm.DENSITY60_MIN, pm.DENSITY60_MAX) == (610.6, 1163.5)


# ---------------------------------------------------------------------------
# GB/T 1885-1998 (20 °C) and ASTM D1250-80 (15 °C): published table values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "observed, t, rho20",
    [
        # Table 59B at 24.75 °C, 视密度 803.0 → ρ20 806.4 (textbook 表8-5 quoted on
        # cqjxzn.com/sshow.php?id=42a16f7a505fce92)
        (803.0, 24.75, 806.4),
        # same row, 视密度 805.0 → ρ20 808.4 (same source)
        (805.0, 24.75, 808.4),
        # same source, worked result: 803.5 at 24.70 °C (read on the 24.75 °C row,
        # interpolated in density) → 806.9
        (803.5, 24.75, 806.9),
        # exam answer (zjtcn.com/zhishi/jiliangyuan 题三): 视密度 718.6 at 19.8 °C →
        # "查表得 ρ20 = 718.4"; the table row used is 19.75 °C (0.25 °C steps, no
        # interpolation in temperature per GB/T 1885-1998)
        (718.6, 19.75, 718.4),
    ],
)
def test_table_59b_published_values(observed, t, rho20):
    assert pm.round_density(pm.density20(observed, t)) == rho20


def test_table_59b_needs_the_glass_hydrometer_correction():
    # Without the glass correction the published 806.4 / 808.4 are missed (806.5 / 808.5):
    # this is what pins down reading·(1 − 0.000023·(t−20) − 0.00000002·(t−20)²).
    assert pm.round_density(pm.density20(803.0, 24.75, glass_hydrometer=False)) != 806.4
    assert pm.round_density(pm.density20(805.0, 24.75, glass_hydrometer=False)) != 808.4


def test_table_60b_and_mass_in_air_exam_example():
    # zjtcn.com/zhishi/jiliangyuan 题三: ρ20 = 718.4 kg/m³, oil at 21.3 °C → "VCF = 0.9984"
    # (table row 21.25 °C, the nearest tabulated temperature).
    assert pm.round_vcf(pm.vcf20(718.4, 21.25)) == 0.9984
    # ... and the meter must show 20 t / 0.9984 / (718.4 − 1.1) = 27.927 m³, i.e.
    # m = V20 · (ρ20 − 1.1) with V20 = Vt · VCF: 27 927 L at 21.3 °C carry 20 000 kg
    # (±0.4 kg from the 1 L rounding of the published 27.927 m³).
    v20 = 27927.0 * 0.9984
    assert pm.mass_in_air_kg(v20, 718.4) == pytest.approx(20000.0, abs=0.5)


@pytest.mark.parametrize(
    "rho15, t, vcf",
    [
        # geocaching.com/geocache/GC1RNPT: gasoline 0,7214 t/m³ at 15 °C, 22,0 °C →
        # "VCF = 0,9911 according to Table 54B"
        (721.4, 22.0, 0.9911),
        # same source: gasoil 0,8428 t/m³ at 15 °C, 22,5 °C → "VCF = 0,9937"
        (842.8, 22.5, 0.9937),
    ],
)
def test_table_54b_published_values(rho15, t, vcf):
    assert pm.round_vcf(pm.vcf15(rho15, t)) == vcf


# ---------------------------------------------------------------------------
# The 20 °C and 60 °F routes agree
# ---------------------------------------------------------------------------

T60F_IN_C = (60.0 - 32.0) / 1.8
T20C_IN_F = 68.0


def _rho60_from_rho20(rho20: float) -> float:
    # ρ20 = ρ60 · CTL(ρ60, 68 °F)  (a density scales as the inverse of the volume)
    rho = rho20
    for _ in range(100):
        nxt = rho20 / pm.ctl_60f(rho, T20C_IN_F)
        if abs(nxt - rho) < 1e-11:
            break
        rho = nxt
    return rho


def _near_transition(rho20: float) -> bool:
    rho15 = pm.density15_from_density20(rho20)
    return 769.0 <= rho15 <= 789.0


@pytest.mark.parametrize("rho20", [x / 2 for x in range(1297, 2144, 7)])
def test_v20_over_v60_two_ways(rho20):
    """V20/V60 from GB/T 1885 (60B at 15.556 °C) and from API 11.1-2004 (1/CTL at 68 °F).

    They are different correlations of the same data, so they agree only to ~1e-6:
    the 2004 route works on IPTS-68-shifted temperature and density (T*, ρ*), evaluates α
    at ρ60 instead of ρ15 with unrounded per-°F constants.  In the transition zone α
    varies steeply with density and the two routes put the band edges on different
    densities (ρ15 vs ρ60, ~0.5 kg/m³ apart), so there the gap grows to ~2e-5.
    """
    route_20c = pm.vcf20(rho20, T60F_IN_C)  # V20 / V(60 °F)
    route_60f = 1.0 / pm.ctl_60f(_rho60_from_rho20(rho20), T20C_IN_F)  # V(68 °F) / V60
    tol = 3e-5 if _near_transition(rho20) else 3e-6
    assert route_20c == pytest.approx(route_60f, abs=tol)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

rho15_st = st.floats(min_value=pm.DENSITY15_MIN, max_value=pm.DENSITY15_MAX)
rho20_st = st.floats(min_value=pm.DENSITY20_MIN, max_value=pm.DENSITY20_MAX)
rho60_st = st.floats(min_value=pm.DENSITY60_MIN, max_value=pm.DENSITY60_MAX)
fraction_st = st.floats(min_value=0.0, max_value=1.0)


def _t_in_limits(rho15: float, frac: float) -> float:
    lo, hi = pm.temperature_limits_c(rho15)
    return lo + frac * (hi - lo)


@given(rho15_st, fraction_st, fraction_st)
def test_vcf15_decreases_with_temperature(rho15, f1, f2):
    t1, t2 = sorted((_t_in_limits(rho15, f1), _t_in_limits(rho15, f2)))
    assume(t2 - t1 > 1e-3)
    assert pm.vcf15(rho15, t1) > pm.vcf15(rho15, t2)


@given(rho20_st, fraction_st, fraction_st)
def test_vcf20_decreases_with_temperature(rho20, f1, f2):
    rho15 = pm.density15_from_density20(rho20)
    t1, t2 = sorted((_t_in_limits(rho15, f1), _t_in_limits(rho15, f2)))
    assume(t2 - t1 > 1e-3)
    assert pm.vcf20(rho20, t1) > pm.vcf20(rho20, t2)


@given(rho60_st, st.floats(-58.0, 302.0), st.floats(-58.0, 302.0))
def test_ctl_60f_decreases_with_temperature(rho60, t1, t2):
    t1, t2 = sorted((t1, t2))
    assume(t2 - t1 > 1e-3)
    assert pm.ctl_60f(rho60, t1) > pm.ctl_60f(rho60, t2)


@given(rho15_st, rho20_st, rho60_st)
def test_factor_is_one_at_the_reference_temperature(rho15, rho20, rho60):
    assert pm.vcf15(rho15, 15.0) == 1.0
    assert pm.vcf20(rho20, 20.0) == 1.0
    # 2004: the standard's constant T60* = 60.0068749 °F is the 7-decimal rounding of
    # 60 °F on IPTS-68 (2.3e-9 °F off), so CTL(60 °F) is 1 only to ~2e-12.
    assert pm.ctl_60f(rho60, 60.0) == pytest.approx(1.0, abs=5e-12)


@given(rho15_st, fraction_st)
def test_vcf15_range(rho15, f):
    v = pm.vcf15(rho15, _t_in_limits(rho15, f))
    assert 0.8 < v < 1.2


@given(rho20_st, fraction_st)
def test_vcf20_range(rho20, f):
    v = pm.vcf20(rho20, _t_in_limits(pm.density15_from_density20(rho20), f))
    assert 0.8 < v < 1.2


@given(rho60_st, st.floats(-58.0, 302.0))
def test_ctl_60f_range(rho60, t_f):
    # The 2004 range (−58…302 °F for every density) reaches CTL ≈ 0.770 for the lightest
    # gasoline at 302 °F, so the lower bound here is 0.75, not 0.8.
    v = pm.ctl_60f(rho60, t_f)
    assert 0.75 < v < 1.2


def _near_boundary15(rho15: float) -> bool:
    return any(abs(rho15 - g.metric_1980.rho_min) < 0.2 for g in pm.REFINED_PRODUCT_GROUPS)


# At the band edges α jumps (by 1.35e-6 /°C at 770.5 kg/m³, less elsewhere), so near an
# edge ρ·VCF(ρ, t) steps over some densities and the table equation has no exact root:
# ρ·Δα·Δt ≤ 770 × 1.35e-6 × 75 ≈ 0.08 kg/m³.  The module then returns the edge density;
# round trips through such a point are off by up to that amount, and exact elsewhere.
EDGE_TOL = 0.08


@given(rho20_st, fraction_st, st.booleans())
def test_density_round_trip(rho20, f, glass):
    """ρ20 → hydrometer reading at t → ρ20 (table 59B both ways)."""
    rho15 = pm.density15_from_density20(rho20)
    t = _t_in_limits(rho15, f)
    reading = pm.hydrometer_reading20(rho20, t, glass_hydrometer=glass)
    back = pm.density20(reading, t, glass_hydrometer=glass)
    tol = EDGE_TOL if _near_boundary15(rho15) else 1e-8
    assert back == pytest.approx(rho20, abs=tol)


@given(st.floats(min_value=660.0, max_value=1070.0), fraction_st)
def test_observed_round_trip(observed, f):
    """Hydrometer reading → ρ20 → reading (the other direction)."""
    t = -18.0 + f * (90.0 + 18.0)  # within the limits of every density band
    try:
        rho20 = pm.density20(observed, t)
    except PlaybookInputError:  # reading maps outside ρ15 = 653–1075 kg/m³ at this t
        assume(False)
    assume(pm.DENSITY20_MIN <= rho20 <= pm.DENSITY20_MAX)
    back = pm.hydrometer_reading20(rho20, t)
    tol = EDGE_TOL if _near_boundary15(pm.density15_from_density20(rho20)) else 1e-8
    assert back == pytest.approx(observed, abs=tol)


@given(rho15_st)
def test_density15_density20_inverse(rho15):
    rho20 = pm.density20_from_density15(rho15)
    assume(pm.DENSITY20_MIN <= rho20 <= pm.DENSITY20_MAX)
    tol = EDGE_TOL if _near_boundary15(rho15) else 1e-9
    assert pm.density15_from_density20(rho20) == pytest.approx(rho15, abs=tol)


def test_density15_at_15c_with_plain_density_is_identity():
    assert pm.density15(850.0, 15.0) == pytest.approx(850.0, abs=1e-9)
    assert pm.density15(850.0, 15.0, glass_hydrometer=False) == pytest.approx(850.0, abs=1e-9)


def test_volume20_and_mass():
    v20 = pm.volume20_l(10000.0, 840.0, 30.0)
    assert v20 == pytest.approx(10000.0 * pm.vcf20(840.0, 30.0))
    assert pm.mass_in_air_kg(1000.0, 840.0) == pytest.approx(838.9)
    assert pm.mass_in_air_kg(0.0, 840.0) == 0.0


# ---------------------------------------------------------------------------
# Rounding helpers
# ---------------------------------------------------------------------------


def test_rounding_is_half_up_on_the_decimal_representation():
    assert pm.round_vcf(0.99835) == 0.9984  # float(0.99835) is just below .99835
    assert pm.round_vcf(1.00005) == 1.0001
    assert pm.round_density(806.45) == 806.5
    assert pm.round_density(806.449999) == 806.4
    assert pm.round_ctl(1.004855) == 1.00486
    assert round(0.99835, 4) == 0.9983  # what float round() would have done


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

BAD_VALUES = [float("nan"), float("inf"), float("-inf"), "八二零", None, True, False, [1.0],
              10**400, Decimal("NaN"), Decimal("sNaN")]

# (function, good args, index of the argument under test, Chinese label, range texts)
CALLS = [
    (pm.vcf20, (840.0, 30.0), 0, "标准密度 ρ20", ("648.2", "1071.6")),
    (pm.vcf20, (840.0, 30.0), 1, "油温", ("-18", "150")),
    (pm.density20, (840.0, 30.0), 0, "视密度", ("560", "1120")),
    (pm.density20, (840.0, 30.0), 1, "试验温度", ("-18", "150")),
    (pm.vcf15, (840.0, 30.0), 0, "15 °C 密度 ρ15", ("653", "1075")),
    (pm.vcf15, (840.0, 30.0), 1, "油温", ("-18", "150")),
    (pm.density15, (840.0, 30.0), 0, "视密度", ("560", "1120")),
    (pm.density15, (840.0, 30.0), 1, "试验温度", ("-18", "150")),
    (pm.ctl_60f, (840.0, 80.0), 0, "60 °F 密度 ρ60", ("610.6", "1163.5")),
    (pm.ctl_60f, (840.0, 80.0), 1, "油温 t(°F)", ("-58", "302")),
    (pm.hydrometer_reading20, (840.0, 30.0), 0, "标准密度 ρ20", ("648.2", "1071.6")),
    (pm.hydrometer_reading20, (840.0, 30.0), 1, "试验温度", ("-18", "150")),
    (pm.volume20_l, (1000.0, 840.0, 30.0), 0, "油品体积", ("0", "1e+12")),
    (pm.volume20_l, (1000.0, 840.0, 30.0), 1, "标准密度 ρ20", ("648.2", "1071.6")),
    (pm.volume20_l, (1000.0, 840.0, 30.0), 2, "油温", ("-18", "150")),
    (pm.mass_in_air_kg, (1000.0, 840.0), 0, "标准体积 V20", ("0", "1e+12")),
    (pm.mass_in_air_kg, (1000.0, 840.0), 1, "标准密度 ρ20", ("648.2", "1071.6")),
    (pm.density20_from_density15, (840.0,), 0, "15 °C 密度 ρ15", ("653", "1075")),
    (pm.density15_from_density20, (840.0,), 0, "标准密度 ρ20", ("648.2", "1071.6")),
    (pm.alpha15, (840.0,), 0, "15 °C 密度 ρ15", ("653", "1075")),
    (pm.temperature_limits_c, (840.0,), 0, "15 °C 密度 ρ15", ("653", "1075")),
    (pm.density60_from_api, (35.0,), 0, "API 度", ("-10", "100")),
]

OUT_OF_RANGE = {
    "标准密度 ρ20": [600.0, 1200.0, -1.0, 0],
    "15 °C 密度 ρ15": [650.0, 1100.0],
    "60 °F 密度 ρ60": [600.0, 1200.0],
    "视密度": [500.0, 1200.0],
    "油温 t(°F)": [-60.0, 303.0],
    "油温": [-20.0, 151.0, 400],
    "试验温度": [-20.0, 151.0],
    "油品体积": [-1.0, 1e13],
    "标准体积 V20": [-0.5],
    "API 度": [-11.0, 101.0],
}


def _call(fn, args, index, value):
    args = list(args)
    args[index] = value
    return fn(*args)


@pytest.mark.parametrize("fn, args, index, label, span", CALLS)
@pytest.mark.parametrize("bad", BAD_VALUES, ids=repr)
def test_bad_types_raise_domain_error(fn, args, index, label, span, bad):
    with pytest.raises(PlaybookInputError) as info:
        _call(fn, args, index, bad)
    assert type(info.value) is PlaybookInputError
    _names_label_and_range(info.value, label, span)
    assert info.value.field


def _names_label_and_range(err, label, span):
    """The error's values name the input (its label) and the allowed range (low, high)."""
    assert label in err.values["label"], err.values
    assert tuple(format(float(err.values[k]), "g") for k in ("low", "high")) == span, err.values


@pytest.mark.parametrize("fn, args, index, label, span", CALLS)
def test_out_of_range_raise_domain_error(fn, args, index, label, span):
    key = next(k for k in OUT_OF_RANGE if label.startswith(k))
    for bad in OUT_OF_RANGE[key]:
        with pytest.raises(PlaybookInputError) as info:
            _call(fn, args, index, bad)
        _names_label_and_range(info.value, label, span)


def test_other_real_number_types_are_accepted():
    expected = pm.vcf20(840.0, 30.0)
    assert pm.vcf20(Decimal("840"), 30) == expected
    assert pm.vcf20(Fraction(840), Fraction(30)) == expected


def test_temperature_limit_depends_on_density():
    # Light products: −18…90 °C; middle band: …120 °C; heavy: …150 °C.
    assert pm.temperature_limits_c(700.0) == (-18.0, 90.0)
    assert pm.temperature_limits_c(800.0) == (-18.0, 120.0)
    assert pm.temperature_limits_c(900.0) == (-18.0, 150.0)
    with pytest.raises(PlaybookInputError) as info:
        pm.vcf20(720.0, 95.0)
    assert (info.value.field, info.value.code) == ("temperature_c", "temperature_range")
    assert "油温" in info.value.values["label"] and info.value.values["high"] == 90
    assert pm.vcf20(900.0, 140.0) > 0.9


def test_reading_mapping_outside_the_table_is_rejected():
    # 600 kg/m³ read at 20 °C is below the 653 kg/m³ (ρ15) floor of the product tables.
    with pytest.raises(PlaybookInputError) as info:
        pm.density20(600.0, 20.0)
    assert (info.value.field, info.value.code) == ("observed_density", "observed_density_range")
    assert "视密度" in info.value.values["label"] and info.value.values["low"] == 653


@pytest.mark.parametrize("fn", [pm.round_density, pm.round_vcf, pm.round_ctl])
@pytest.mark.parametrize("bad", BAD_VALUES, ids=repr)
def test_rounding_bad_input(fn, bad):
    with pytest.raises(PlaybookInputError):
        fn(bad)


anything = st.one_of(
    st.none(), st.booleans(), st.text(max_size=5), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.lists(st.floats(), max_size=2),
)


@settings(max_examples=300)
@given(anything, anything)
def test_only_domain_errors_escape(a, b):
    for fn in (pm.vcf20, pm.density20, pm.vcf15, pm.density15, pm.ctl_60f,
               pm.hydrometer_reading20, pm.mass_in_air_kg):
        try:
            result = fn(a, b)
        except PlaybookInputError:
            continue
        assert isinstance(result, float) and math.isfinite(result)
