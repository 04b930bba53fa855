"""Single-delivery loss engine (playbook.engines.loss.delivery_loss): worked examples, properties, errors."""
from __future__ import annotations

import math
import textwrap
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.engines import loss as L
from playbook.engines import petroleum as p
from playbook.errors import PlaybookInputError
from tests.errcheck import raises_code


# ------------------------------------------------------------------ allowance (GB/T 11085)
@pytest.mark.parametrize("km, bands", [(0, 1), (1, 1), (50, 1), (50.1, 2), (100, 2), (101, 3),
                                       (120, 3), (150, 3), (151, 4), (300, 6)])
def test_road_allowance_counts_started_50_km(km, bands):
    # 0.01 % for ≤ 50 km, plus 0.01 % for each further started 50 km.
    assert L.road_allowance_rate(km) == pytest.approx(bands * 0.0001)


def test_allowed_loss_kg():
    # 16 000 kg over 120 km: 3 bands × 0.01 % = 0.03 % → 4.8 kg.
    assert L.allowed_loss_kg(16_000, 120) == pytest.approx(4.8)


def test_weighbridge_tolerance_dwarfs_the_transport_allowance():
    # 16 t of diesel over 50 km: allowance 1.6 kg; a weighbridge net weight ±40 kg — 25 ×.
    assert L.allowed_loss_kg(16_000, 50) == pytest.approx(1.6)
    assert L.WEIGHBRIDGE_TOLERANCE_KG / L.allowed_loss_kg(16_000, 50) == pytest.approx(25.0)
    assert L.default_tolerance_kg("weighbridge", 16_000) == 40.0
    assert L.default_tolerance_kg("volume", 16_000) == pytest.approx(32.0)  # 2 ‰


# ------------------------------------------------------------------ worked examples
def test_worked_example_volume_shipped_weighbridge_received():
    """Shipped 20 000 L at 25 °C, ρ20 = 835.0 kg/m³; received on the weighbridge; 120 km.

    By hand: ρ15 ≈ 838.55 kg/m³ (just inside the fuel-oil/diesel group, ≥ 838.5), so
    α15 = 186.9696/ρ15² + 0.4862/ρ15 ≈ 0.000846 /°C;
    VCF20(25 °C) = exp(−α·10·(1+0.8α·10)) / exp(−α·5·(1+0.8α·5)) ≈ 0.99574 (table 60B: 0.9957).
    V20 = 20 000 × 0.99574 = 19 914.8 L;  m = 19.9148 m³ × (835.0 − 1.1) = 16 606.9 kg.
    Weighbridge: 31 580 − 15 000 = 16 580 kg → loss 26.9 kg = 1.62 ‰.
    Allowance 120 km = 3 × 0.01 % = 0.3 ‰ → 4.98 kg; + 40 kg weighbridge = 44.98 kg → 正常.
    """
    r = L.delivery_loss(route_km=120, shipped_volume_l=20_000, shipped_temperature_c=25,
                        shipped_density20_kg_m3=835.0, received_gross_kg=31_580,
                        received_tare_kg=15_000)
    rho15 = p.density15_from_density20(835.0)
    assert rho15 == pytest.approx(838.55, abs=0.01)
    alpha = 186.9696 / rho15**2 + 0.4862 / rho15
    assert alpha == pytest.approx(0.000846, abs=5e-7)
    vcf = math.exp(-alpha * 10 * (1 + 0.8 * alpha * 10)) / math.exp(-alpha * 5 * (1 + 0.8 * alpha * 5))
    assert r.shipped.vcf20 == pytest.approx(vcf, rel=1e-12)
    assert p.round_vcf(r.shipped.vcf20) == 0.9957
    assert r.shipped.volume20_l == pytest.approx(20_000 * vcf)
    assert r.shipped.volume20_l == pytest.approx(19_914.8, abs=0.05)
    assert r.shipped_kg == pytest.approx(19.9148 * 833.9, abs=0.1)
    assert r.shipped_kg == pytest.approx(p.mass_in_air_kg(p.volume20_l(20_000, 835.0, 25), 835.0))
    assert r.received_kg == 16_580
    assert r.loss_kg == pytest.approx(26.9, abs=0.05)
    assert r.loss_permille == pytest.approx(26.9 / 16_606.9 * 1000, abs=0.01)
    assert r.allowed_rate_permille == pytest.approx(0.3)
    assert r.allowed_loss_kg == pytest.approx(4.98, abs=0.01)
    assert r.tolerance_kg == 40.0
    assert r.threshold_kg == pytest.approx(44.98, abs=0.01)
    assert r.verdict == "正常"
    assert r.excess_kg == 0.0
    assert "GB/T 11085" in r.explanation and "倍" in r.explanation
    assert r.next_steps == L.NEXT_STEPS_NORMAL


def test_same_delivery_short_by_60_kg_is_overloss_with_the_six_steps():
    # 31 560 − 15 000 = 16 560 kg → loss 46.9 kg > 44.98 kg → 超耗, 1.9 kg beyond.
    r = L.delivery_loss(route_km=120, shipped_volume_l=20_000, shipped_temperature_c=25,
                        shipped_density20_kg_m3=835.0, received_gross_kg=31_560,
                        received_tare_kg=15_000)
    assert r.loss_kg == pytest.approx(46.9, abs=0.05)
    assert r.verdict == "超耗"
    assert r.excess_kg == pytest.approx(46.9 - 44.98, abs=0.06)
    assert len(r.next_steps) == 6 and r.next_steps == L.NEXT_STEPS_OVERLOSS
    assert "正面答复" in r.next_steps[0]
    assert all(k in r.next_steps[1] for k in ("油库付油", "车辆在途", "客户接卸"))
    assert "地磅复核" in r.next_steps[4]
    assert "监控" in r.next_steps[5]


def test_apparent_loss_disappears_after_temperature_correction():
    """Loaded at 30 °C on a July afternoon, dipped at the customer at 25 °C next morning (a July
    night cools the load a few degrees, not fifteen): 86 L 'missing', none in fact.

    VCF20(835.0, 30 °C) ≈ 0.99147, VCF20(835.0, 25 °C) ≈ 0.99574:
    shipped V20 = 20 000 × 0.99147 = 19 829.3 L; received Vt = 19 914 L → V20 = 19 914 × 0.99574
    = 19 829.1 L: the standard volumes agree within 1 L (0.01 ‰), the raw volumes differ by 4.3 ‰.
    """
    shipped_t, received_t = 30, 25
    assert 0 < shipped_t - received_t <= 6
    vcf30, vcf25 = p.vcf20(835.0, shipped_t), p.vcf20(835.0, received_t)
    assert vcf30 == pytest.approx(0.99147, abs=5e-5) and vcf25 == pytest.approx(0.99574, abs=5e-5)
    # the litres a 5 °C overnight cooling takes off 20 000 L, rounded to the litre the customer reads
    shrink = 20_000 - p.volume20_l(20_000, 835.0, shipped_t) / vcf25
    assert round(shrink) == 86
    raw_permille = (20_000 - 19_914) / 20_000 * 1000
    assert raw_permille == pytest.approx(4.3)
    assert raw_permille > L.road_allowance_rate(30) * 1000 + L.DIP_TOLERANCE_PERMILLE
    r = L.delivery_loss(route_km=30, shipped_volume_l=20_000, shipped_temperature_c=shipped_t,
                        shipped_density20_kg_m3=835.0, received_volume_l=19_914,
                        received_temperature_c=received_t)
    assert r.received.density20_kg_m3 == 835.0  # the shipped ρ20 is used for the same oil
    assert abs(r.shipped.volume20_l - r.received.volume20_l) < 1.0
    assert abs(r.loss_permille) < 0.1
    assert r.verdict == "正常"


def test_gain_beyond_tolerance_is_surplus():
    r = L.delivery_loss(route_km=30, shipped_mass_kg=16_000, received_gross_kg=31_100,
                        received_tare_kg=15_000)
    assert r.loss_kg == -100 and r.verdict == "溢余"
    assert r.next_steps == L.NEXT_STEPS_GAIN
    ok = L.delivery_loss(route_km=30, shipped_mass_kg=16_000, received_gross_kg=31_030,
                         received_tare_kg=15_000)
    assert ok.verdict == "正常"  # 30 kg gain is within the weighbridge's ±40 kg


def test_hydrometer_reading_route():
    rho20 = p.density20(838.0, 28.0)
    r = L.delivery_loss(route_km=60, shipped_volume_l=25_000, shipped_temperature_c=28,
                        shipped_observed_density_kg_m3=838.0, shipped_density_temperature_c=28,
                        received_gross_kg=36_000, received_tare_kg=15_000)
    assert r.shipped.density20_kg_m3 == pytest.approx(rho20)
    assert r.shipped_kg == pytest.approx(25_000 * p.vcf20(rho20, 28) / 1000 * (rho20 - 1.1))
    assert "视密度" in r.explanation


def test_custom_tolerance():
    r = L.delivery_loss(route_km=50, shipped_mass_kg=16_000, received_gross_kg=30_990,
                        received_tare_kg=15_000, tolerance_kg=5)
    # loss 10 kg > 1.6 + 5 → 超耗
    assert r.tolerance_kg == 5 and r.verdict == "超耗"
    assert "自定" in r.explanation


def test_result_is_frozen():
    r = L.delivery_loss(route_km=10, shipped_mass_kg=16_000, received_gross_kg=31_000,
                        received_tare_kg=15_000)
    with pytest.raises(AttributeError):
        r.verdict = "超耗"  # type: ignore[misc]


# ------------------------------------------------------------------ properties
rho20s = st.floats(700.0, 1000.0)
temps = st.floats(-10.0, 50.0)


@settings(max_examples=60, deadline=None)
@given(rho=rho20s, t_ship=temps, t_recv=temps, vol=st.floats(5_000, 40_000), km=st.floats(0, 500))
def test_no_loss_at_any_temperatures(rho, t_ship, t_recv, vol, km):
    """The oil that arrives, dipped at another temperature, has the same standard mass."""
    v20 = vol * p.vcf20(rho, t_ship)
    recv_vol = v20 / p.vcf20(rho, t_recv)
    r = L.delivery_loss(route_km=km, shipped_volume_l=vol, shipped_temperature_c=t_ship,
                        shipped_density20_kg_m3=rho, received_volume_l=recv_vol,
                        received_temperature_c=t_recv)
    assert abs(r.loss_permille) < 1e-9
    assert r.verdict == "正常"


@settings(max_examples=80, deadline=None)
@given(mass=st.floats(5_000, 40_000), loss=st.floats(-500, 500), km=st.floats(0, 1000),
       tol=st.floats(0, 200))
def test_verdict_matches_the_rule(mass, loss, km, tol):
    tare = 15_000.0
    r = L.delivery_loss(route_km=km, shipped_mass_kg=mass, received_gross_kg=tare + mass - loss,
                        received_tare_kg=tare, tolerance_kg=tol)
    allowed = mass * max(1, math.ceil(km / 50)) * 0.0001
    assert r.allowed_loss_kg == pytest.approx(allowed)
    assert r.loss_kg == pytest.approx(loss, abs=1e-6)
    if r.loss_kg > allowed + tol:
        assert r.verdict == "超耗"
    elif -r.loss_kg > tol:
        assert r.verdict == "溢余"
    else:
        assert r.verdict == "正常"


@settings(max_examples=60, deadline=None)
@given(gross=st.floats(20_000, 40_000), extra=st.floats(1, 500))
def test_more_received_means_less_loss(gross, extra):
    kw = dict(route_km=100, shipped_mass_kg=16_000, received_tare_kg=15_000)
    a = L.delivery_loss(received_gross_kg=gross, **kw)
    b = L.delivery_loss(received_gross_kg=gross + extra, **kw)
    assert b.loss_kg < a.loss_kg


junk = st.one_of(st.none(), st.booleans(), st.text(max_size=5), st.integers(-10**30, 10**30),
                 st.floats(allow_nan=True, allow_infinity=True),
                 st.decimals(allow_nan=True, allow_infinity=True), st.lists(st.integers(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(km=junk, m=junk, v=junk, t=junk, rho=junk, g=junk, tare=junk, rv=junk, rt=junk, tol=junk)
def test_any_input_gives_a_result_or_the_domain_error(km, m, v, t, rho, g, tare, rv, rt, tol):
    try:
        r = L.delivery_loss(route_km=km, shipped_mass_kg=m, shipped_volume_l=v,
                            shipped_temperature_c=t, shipped_density20_kg_m3=rho,
                            received_gross_kg=g, received_tare_kg=tare, received_volume_l=rv,
                            received_temperature_c=rt, tolerance_kg=tol)
    except PlaybookInputError as err:
        assert err.field and err.message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in err.message)
    else:
        assert r.verdict in L.VERDICTS


# ------------------------------------------------------------------ bad input → domain error
GOOD = dict(route_km=100, shipped_volume_l=20_000, shipped_temperature_c=20,
            shipped_density20_kg_m3=835.0, received_gross_kg=31_000, received_tare_kg=15_000)


@pytest.mark.parametrize("change, field", [
    (dict(route_km=-1), "route_km"),
    (dict(route_km=6000), "route_km"),
    (dict(route_km="一百"), "route_km"),
    (dict(route_km=None), "route_km"),
    (dict(shipped_volume_l=0), "shipped_volume_l"),
    (dict(shipped_volume_l=math.nan), "shipped_mass_kg"),
    (dict(shipped_volume_l=math.inf), "shipped_volume_l"),
    (dict(shipped_volume_l=None), "shipped_mass_kg"),
    (dict(shipped_mass_kg=16_000), "shipped_mass_kg"),  # both mass and volume
    (dict(shipped_temperature_c=None), "shipped_temperature_c"),
    (dict(shipped_temperature_c=200), "shipped_temperature_c"),
    (dict(shipped_temperature_c=-30), "shipped_temperature_c"),
    (dict(shipped_density20_kg_m3=None), "shipped_density20_kg_m3"),
    (dict(shipped_density20_kg_m3=500), "shipped_density20_kg_m3"),
    (dict(shipped_density20_kg_m3=True), "shipped_density20_kg_m3"),
    (dict(shipped_observed_density_kg_m3=830), "shipped_density20_kg_m3"),  # both densities
    (dict(shipped_density20_kg_m3=None, shipped_observed_density_kg_m3=830),
     "shipped_density_temperature_c"),
    (dict(shipped_density20_kg_m3=None, shipped_observed_density_kg_m3=300,
          shipped_density_temperature_c=20), "shipped_observed_density_kg_m3"),
    (dict(received_gross_kg=None), "received_gross_kg"),
    (dict(received_tare_kg=None), "received_tare_kg"),
    (dict(received_gross_kg=14_000), "received_gross_kg"),  # gross < tare
    (dict(received_gross_kg="31,00,0"), "received_gross_kg"),
    (dict(received_volume_l=19_000), "received_volume_l"),  # both weighbridge and dip
    (dict(tolerance_kg=-1), "tolerance_kg"),
    (dict(tolerance_kg=Decimal("NaN")), "tolerance_kg"),
])
def test_bad_input_raises_domain_error(change, field):
    with pytest.raises(PlaybookInputError) as exc:
        L.delivery_loss(**{**GOOD, **change})
    assert exc.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)


def test_dip_receipt_errors():
    base = dict(route_km=50, shipped_mass_kg=16_000, received_volume_l=19_000)
    with pytest.raises(PlaybookInputError) as exc:
        L.delivery_loss(**base, received_temperature_c=20)  # no density anywhere
    assert exc.value.field == "received_density20_kg_m3"
    with pytest.raises(PlaybookInputError) as exc:
        L.delivery_loss(**base)
    assert exc.value.field == "received_temperature_c"
    with pytest.raises(PlaybookInputError) as exc:
        L.delivery_loss(**base, received_temperature_c=95, received_density20_kg_m3=730)
    assert (exc.value.field, exc.value.code) == ("received_temperature_c", "loss_side")
    assert exc.value.values["side_name"] == "收油方"


def test_message_names_field_and_range():
    with raises_code("range", "route_km", label="运距", low=0, high=5000, unit="km", received=9999):
        L.delivery_loss(**{**GOOD, "route_km": 9999})


def test_helper_errors():
    with pytest.raises(PlaybookInputError):
        L.default_tolerance_kg("flowmeter", 16_000)
    with pytest.raises(PlaybookInputError):
        L.allowed_loss_kg(-5, 10)


# ------------------------------------------------------------------ browser constraint
def test_single_delivery_engine_runs_with_the_standard_library_only(run_stdlib_only):
    run_stdlib_only(textwrap.dedent("""
        import playbook.engines.loss as L
        import playbook.exercises.loss
        r = L.delivery_loss(route_km=120, shipped_volume_l=20000, shipped_temperature_c=25,
                            shipped_density20_kg_m3=835.0, received_gross_kg=31580,
                            received_tare_kg=15000)
        assert r.verdict == '正常'
    """))


# ------------------------------------------------------------------ exercises agree with the engine
def test_exercises_agree_with_the_engine():
    from playbook.exercises import loss as ex

    def close(value, number):
        e = ex.EXERCISES[number]
        assert abs(Decimal(repr(value)) - e.expected) <= e.tolerance / 3, (number, value)

    r1 = L.delivery_loss(**ex.EXERCISES[1].engine_args)
    close(r1.shipped.volume20_l, 1)
    close(L.allowed_loss_kg(16_000, 120), 2)
    r3 = L.delivery_loss(**ex.EXERCISES[3].engine_args)
    close(r3.loss_kg, 3)
    assert abs(Decimal(repr(r3.loss_kg)) - ex.EXERCISES[3].expected) < Decimal("0.01")
    assert r3.verdict == "正常"
    a3 = ex.EXERCISES[3].engine_args
    assert 0 < a3["shipped_temperature_c"] - a3["received_temperature_c"] <= 6  # one July night
    r4 = L.delivery_loss(**ex.EXERCISES[4].engine_args)
    close(r4.loss_kg, 4)
    assert r4.verdict == "超耗"
    close(r4.loss_kg - r4.threshold_kg, 5)
    # The named mistakes are what the mistake describes.
    raw_l = a3["shipped_volume_l"] - a3["received_volume_l"]
    assert Decimal(raw_l) == Decimal("86")
    assert abs(Decimal(repr(raw_l * (a3["shipped_density20_kg_m3"] - 1.1) / 1000)) - Decimal("71.7")) < Decimal("0.05")
    assert abs(Decimal(repr(20_000 / p.vcf20(835.0, 25))) - Decimal("20085.6")) < 1
    assert abs(Decimal(repr(25_000 * 0.7374 - 18_200)) - Decimal("235.0")) < Decimal("0.1")
    assert abs(Decimal(repr(25_000 * 0.7385 - 18_200)) - Decimal("262.5")) < Decimal("0.1")
    assert abs(Decimal(repr(r4.loss_kg - r4.allowed_loss_kg)) - Decimal("45.8")) < Decimal("0.1")


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_exercise_checks_print_verdicts(number, capsys):
    from playbook.exercises import loss as ex

    e = ex.EXERCISES[number]
    getattr(ex, f"check_exercise_{number}")(float(e.expected))
    assert "✔ 正确" in capsys.readouterr().out
    for wrong, hint in e.mistakes:
        v = ex.evaluate(number, str(wrong))
        assert not v.correct and hint in v.message
    assert "提示" in ex.evaluate(number, 1e9).message
    assert "数字" in ex.evaluate(number, "abc").message
    assert "数字" in ex.evaluate(number, None).message
    ex.show_solution(number)
    assert "解题过程" in capsys.readouterr().out
    ex.show_solution(99)
    assert "没有第 99 题" in capsys.readouterr().out
    assert "没有第 99 题" in ex.evaluate(99, 1).message
