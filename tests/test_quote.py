"""The quoting engine (playbook.engines.quote), its price data, its exercises and its widget.

Worked examples write the arithmetic out from the seed's price sheet (000 §9.5) — the expected
numbers are derived here, not copied from the engine's output.
"""
from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import kb
from playbook.errors import PlaybookInputError
from tests.errcheck import raises_code
from playbook.engines.quote import Quote, litres_per_tonne_range, parse_number, parse_time, quote, sheet_in_force

SEED_TIME = datetime(2017, 1, 10, 9, 0)      # seed sheet in force (placeholder 2017-01-01 14:00)
LATER_TIME = datetime(2017, 6, 1, 9, 0)      # training-example sheet in force (2017-03-01 14:00)
CENT = Decimal("0.01")


def r2(x: Decimal) -> Decimal:
    return x.quantize(CENT, ROUND_HALF_UP)


# ------------------------------------------------------------------------ price data
def test_seed_price_sheet_is_the_seed_exactly():
    sheet = kb.load().get("sheet-2017-seed")
    assert sheet.effective_label == "2017年*月*日 14:00"
    assert sheet.effective_at == "2017-01-01T14:00"
    assert sheet.reason == "因上级公司价格调整通知,结合本公司实际制定本公司批发销售价格"
    assert sheet.tiers == ("tier-ordinary", "tier-key", "tier-special")
    assert {r.grade: r.prices_per_tonne for r in sheet.rows} == {
        "grade-92": (6700, 6500, 6400), "grade-95": (7000, 6800, 6600),
        "grade-98": (7600, 7500, 7300), "grade-0": (5700, 5600, 5400)}
    assert sheet.source == ("000 §9.5",)


def test_training_sheet_is_marked_as_such():
    base = kb.load()
    others = [s for s in base.price_sheets if s.id != "sheet-2017-seed"]
    assert others, "a second sheet exercises 'several sheets over time'"
    for sheet in others:
        assert "培训示例" in sheet.name and "培训示例" in sheet.reason
        assert sheet.effective_at > "2017-01-01T14:00"


def test_products_and_tiers():
    base = kb.load()
    tiers = sorted(base.customer_tiers, key=lambda t: t.order)
    assert [(t.id, t.name) for t in tiers] == [
        ("tier-ordinary", "普通客户"), ("tier-key", "大客户"), ("tier-special", "特殊客户")]
    products = {p.id: p for p in base.products}
    assert {p.name for p in products.values()} == {"92#(Ⅴ)", "95#(Ⅴ)", "98#(Ⅴ)", "0#(Ⅴ)"}
    for pid in ("grade-92", "grade-95", "grade-98"):
        p = products[pid]
        assert (p.kind, p.standard, p.density20_min, p.density20_max) == ("gasoline", "GB 17930", 720, 775)
    diesel = products["grade-0"]
    assert (diesel.kind, diesel.standard, diesel.density20_min, diesel.density20_max) == (
        "diesel", "GB 19147", 810, 850)
    for p in products.values():
        assert p.density20_min < p.density20_default < p.density20_max


# ------------------------------------------------------------------- worked examples
def test_key_customer_30t_diesel_delivered_120km():
    q = quote(grade="grade-0", tier="tier-key", quantity=30, unit="t",
              delivery="per_tonne_km", freight_per_tonne_km=0.6, distance_km=120, at=SEED_TIME)
    goods = Decimal("5600") * 30                      # 大客户 0#(Ⅴ) 5600 元/吨 × 30 t = 168 000
    freight = Decimal("0.6") * 30 * 120               # 0.6 元/(t·km) × 30 t × 120 km = 2 160
    total = goods + freight                           # 170 160 元 tax included
    net = r2(total / Decimal("1.13"))                 # 150 584.0708 → 150 584.07
    assert q.goods_amount == goods == Decimal("168000")
    assert q.freight_amount == freight
    assert q.total_gross == total == Decimal("170160")
    assert q.total_net == net == Decimal("150584.07")
    assert q.total_vat == total - net == Decimal("19575.93")
    assert q.delivered_price_per_tonne == total / 30  # 5 672.00 元/吨
    assert (q.tier_name, q.sheet_id, q.sheet_effective_label) == ("大客户", "sheet-2017-seed", "2017年*月*日 14:00")
    assert not q.needs_approval and q.tier_price_per_tonne == q.unit_price_per_tonne == 5600


def test_litres_to_tonnes_with_density_835():
    q = quote(grade="0#", tier="普通客户", quantity=10_000, unit="L", density20_kg_m3=835, at=SEED_TIME)
    # m = V20 × (ρ20 − 1.1) = 10 000 L × 833.9 kg/m³ / 1000 L/m³ = 8 339 kg = 8.339 t
    tonnes = Decimal(10_000) * (Decimal("835") - Decimal("1.1")) / 1000 / 1000
    assert q.tonnes == tonnes == Decimal("8.339")
    assert q.litres == 10_000 and q.unit == "L"
    assert q.goods_amount == Decimal("5700") * Decimal("8.339")   # 47 532.30 元
    # 1 t = 1 000 000 / 833.9 L = 1199.18 L; per litre: 5700 × 0.0008339 = 4.75323 → 4.75 元/升
    assert q.litres_per_tonne == Decimal("1199.18")
    assert q.goods_price_per_litre == Decimal("4.75")
    assert "1.1 kg/m³" in q.convention and "835" in q.convention and "GB 19147" in q.convention
    assert q.conversion == "density" and not q.density_is_default


def test_tonnes_to_litres_with_default_density():
    q = quote(grade="grade-92", tier="tier-ordinary", quantity=15, at=SEED_TIME)
    # default ρ20 for 92# is 740 kg/m³: 15 t × 1 000 000 / 738.9 = 20 300.32 L → 20 300 L
    assert q.density_is_default and q.density20_kg_m3 == 740
    assert q.litres == Decimal("20300")
    assert "默认" in q.convention


def test_litres_with_provincial_coefficient():
    q = quote(grade="92#", tier="大客户", quantity=20_000, unit="L", litres_per_tonne=1388, at=SEED_TIME)
    # 20 000 L ÷ 1388 L/t = 14.40922 t → 14.409 t (to the kg)
    assert q.tonnes == Decimal("14.409")
    assert q.goods_amount == Decimal("6500") * Decimal("14.409") == Decimal("93658.500")
    assert q.conversion == "coefficient" and q.density20_kg_m3 is None
    assert "1388" in q.convention and "系数" in q.convention


def test_freight_per_tonne_and_retail_comparison():
    q = quote(grade="grade-92", tier="tier-ordinary", quantity=15, density20_kg_m3=740,
              delivery="per_tonne", freight_per_tonne=80, retail_price_per_litre=6.20, at=SEED_TIME)
    total = Decimal("6700") * 15 + Decimal("80") * 15        # 100 500 + 1 200 = 101 700
    litres = Decimal("20300")                                # as above
    per_litre = r2(total / litres)                           # 5.00985 → 5.01
    assert q.total_gross == total and q.delivered_price_per_litre == per_litre == Decimal("5.01")
    assert q.saving_per_litre == Decimal("6.20") - per_litre == Decimal("1.19")
    assert q.retail_amount == Decimal("6.20") * litres       # 125 860.00
    assert q.saving_total == Decimal("6.20") * litres - total == Decimal("24160")


def test_below_tier_price_needs_approval_with_shortfall():
    q = quote(grade="grade-92", tier="tier-ordinary", quantity=20, unit_price_per_tonne=6600, at=SEED_TIME)
    assert q.needs_approval and q.price_overridden and not q.above_tier_price
    assert q.tier_price_per_tonne == 6700 and q.unit_price_per_tonne == 6600
    assert q.shortfall_per_tonne == 6700 - 6600
    assert q.shortfall_total == (6700 - 6600) * 20           # 2 000 元
    assert q.goods_amount == Decimal("6600") * 20            # quoted at the asked price, flagged


def test_above_tier_price_is_allowed():
    q = quote(grade="grade-92", tier="tier-ordinary", quantity=20, unit_price_per_tonne=6800, at=SEED_TIME)
    assert not q.needs_approval and q.above_tier_price and q.shortfall_total == 0
    at_tier = quote(grade="grade-92", tier="tier-ordinary", quantity=20, unit_price_per_tonne=6700,
                    at=SEED_TIME)
    assert not at_tier.needs_approval and not at_tier.above_tier_price


def test_round_half_up_everywhere():
    # 1.0005 t → 1.001 t (half up; banker's rounding would give 1.000)
    assert quote(grade="92", tier="大客户", quantity=Decimal("1.0005"), at=SEED_TIME).tonnes == Decimal("1.001")
    # freight 5 元/t × 0.001 t = 0.005 元 → 0.01 元 (half up)
    q = quote(grade="92", tier="大客户", quantity=Decimal("0.001"), delivery="per_tonne",
              freight_per_tonne=5, at=SEED_TIME)
    assert q.freight_amount == CENT
    assert "ROUND_HALF_UP" in q.rounding


def test_grade_and_tier_by_id_name_or_short_name():
    ids = {quote(grade=g, tier=t, quantity=1, at=SEED_TIME).tier_price_per_tonne
           for g in ("grade-95", "95#(Ⅴ)", "95#", "95") for t in ("tier-special", "特殊客户")}
    assert ids == {Decimal("6600")}


def test_quote_is_frozen_plain_values():
    q = quote(grade="92", tier="大客户", quantity=1, at=SEED_TIME)
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.total_gross = Decimal(0)  # type: ignore[misc]
    for f in dataclasses.fields(Quote):
        assert isinstance(getattr(q, f.name), (str, bool, Decimal, datetime, type(None)))


# ----------------------------------------------------------------- sheet over time
@pytest.mark.parametrize(("at", "sheet_id", "price"), [
    (datetime(2017, 1, 1, 14, 0), "sheet-2017-seed", 6500),            # boundary: in force at 14:00
    (datetime(2017, 3, 1, 13, 59), "sheet-2017-seed", 6500),
    (datetime(2017, 3, 1, 14, 0), "sheet-2017-training-example", 6650),  # next sheet at its boundary
    (datetime(2030, 1, 1), "sheet-2017-training-example", 6650),
    (datetime(2017, 3, 1, 6, 0, tzinfo=timezone.utc), "sheet-2017-training-example", 6650),  # 14:00 CST
    (datetime(2017, 3, 1, 13, 59, tzinfo=timezone(timedelta(hours=8))), "sheet-2017-seed", 6500),
])
def test_sheet_in_force_is_picked_by_time(at, sheet_id, price):
    q = quote(grade="grade-92", tier="tier-key", quantity=1, at=at)
    assert q.sheet_id == sheet_id == sheet_in_force(at).id
    assert q.tier_price_per_tonne == price


def test_before_first_sheet_is_a_domain_error():
    with pytest.raises(PlaybookInputError) as err:
        quote(grade="grade-92", tier="tier-key", quantity=1, at=datetime(2017, 1, 1, 13, 59))
    assert (err.value.field, err.value.code) == ("at", "quote_before_first")
    assert err.value.values["sheet_times"] == "2017-01-01 14:00"


def test_default_time_is_now():
    assert quote(grade="92", tier="大客户", quantity=1).sheet_id == "sheet-2017-training-example"


def test_a_custom_knowledge_base_is_honoured():
    base = kb.load()
    seed = base.get("sheet-2017-seed")
    cheap = dataclasses.replace(seed, id="sheet-x", effective_at="2018-01-01T00:00",
                                rows=tuple(dataclasses.replace(r, prices_per_tonne=(1, 1, 1)) for r in seed.rows))
    custom = dataclasses.replace(base, price_sheets=base.price_sheets + (cheap,))
    assert quote(grade="92", tier="大客户", quantity=2, at=datetime(2018, 2, 1), base=custom).total_gross == 2


# ----------------------------------------------------------------------- properties
grades = st.sampled_from(["grade-92", "grade-95", "grade-98", "grade-0"])
tonnes = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("10000"), places=3)


def density_for(grade: str) -> st.SearchStrategy[Decimal]:
    low, high = (810, 850) if grade == "grade-0" else (720, 775)
    return st.decimals(min_value=low, max_value=high, places=1)


@given(data=st.data(), grade=grades, t=tonnes)
def test_tonnes_litres_tonnes_round_trip_with_density(data, grade, t):
    rho = data.draw(density_for(grade))
    there = quote(grade=grade, tier="tier-key", quantity=t, density20_kg_m3=rho, at=SEED_TIME)
    back = quote(grade=grade, tier="tier-key", quantity=there.litres, unit="L", density20_kg_m3=rho,
                 at=SEED_TIME)
    # ±0.5 L of rounding is < 0.5 kg for any ρ20 ≤ 850 kg/m³, so kg-rounding recovers the tonnes.
    assert back.tonnes == there.tonnes == t


@given(data=st.data(), grade=grades, t=tonnes)
def test_tonnes_litres_tonnes_round_trip_with_coefficient(data, grade, t):
    low, high = litres_per_tonne_range(grade)
    c = data.draw(st.integers(min_value=int(low), max_value=int(high)))
    there = quote(grade=grade, tier="tier-key", quantity=t, litres_per_tonne=c, at=SEED_TIME)
    back = quote(grade=grade, tier="tier-key", quantity=there.litres, unit="L", litres_per_tonne=c,
                 at=SEED_TIME)
    assert back.tonnes == t


delivery_args = st.one_of(
    st.just({"delivery": "pickup"}),
    st.builds(lambda r: {"delivery": "per_tonne", "freight_per_tonne": r},
              st.decimals(min_value=0, max_value=2000, places=2)),
    st.builds(lambda r, d: {"delivery": "per_tonne_km", "freight_per_tonne_km": r, "distance_km": d},
              st.decimals(min_value=0, max_value=10, places=3),
              st.decimals(min_value=Decimal("0.1"), max_value=5000, places=1)),
)


@given(grade=grades, tier=st.sampled_from(["tier-ordinary", "tier-key", "tier-special"]),
       t=tonnes, extra=delivery_args, price=st.none() | st.decimals(min_value=1, max_value=20000, places=2),
       retail=st.none() | st.decimals(min_value=Decimal("0.01"), max_value=20, places=2))
def test_totals_add_up(grade, tier, t, extra, price, retail):
    q = quote(grade=grade, tier=tier, quantity=t, unit_price_per_tonne=price,
              retail_price_per_litre=retail, at=SEED_TIME, **extra)
    assert q.total_gross == q.goods_amount + q.freight_amount
    assert q.total_net + q.total_vat == q.total_gross
    assert abs(q.total_vat - q.total_gross * Decimal("0.13") / Decimal("1.13")) <= CENT / 2
    for money in (q.goods_amount, q.freight_amount, q.total_gross, q.total_net, q.total_vat,
                  q.delivered_price_per_litre, q.delivered_price_per_tonne):
        assert money == money.quantize(CENT)
    assert q.needs_approval == (q.unit_price_per_tonne < q.tier_price_per_tonne)
    if retail is not None:
        assert q.saving_total == q.retail_amount - q.total_gross


@given(grade=grades, t=tonnes, extra=delivery_args)
def test_higher_tier_never_costs_more_on_seed_sheet(grade, t, extra):
    total = {tier: quote(grade=grade, tier=tier, quantity=t, at=SEED_TIME, **extra).total_gross
             for tier in ("tier-ordinary", "tier-key", "tier-special")}
    assert total["tier-special"] <= total["tier-key"] <= total["tier-ordinary"]


# ------------------------------------------------------------------------ bad input
GOOD = dict(grade="grade-92", tier="tier-key", quantity=10, at=SEED_TIME)
BAD_INPUTS = [
    ({"quantity": -1}, "quantity"),
    ({"quantity": 0}, "quantity"),
    ({"quantity": float("nan")}, "quantity"),
    ({"quantity": float("inf")}, "quantity"),
    ({"quantity": Decimal("NaN")}, "quantity"),
    ({"quantity": True}, "quantity"),
    ({"quantity": "十吨"}, "quantity"),
    ({"quantity": None}, "quantity"),
    ({"quantity": [10]}, "quantity"),
    ({"quantity": 1e9}, "quantity"),
    ({"quantity": 0.5, "unit": "L"}, "quantity"),
    ({"unit": "kg"}, "unit"),
    ({"unit": None}, "unit"),
    ({"grade": "93#"}, "grade"),
    ({"grade": 92}, "grade"),
    ({"grade": None}, "grade"),
    ({"tier": "VIP"}, "tier"),
    ({"tier": 1}, "tier"),
    ({"density20_kg_m3": 700}, "density20_kg_m3"),
    ({"density20_kg_m3": 835}, "density20_kg_m3"),          # diesel density for gasoline
    ({"grade": "grade-0", "density20_kg_m3": 740}, "density20_kg_m3"),
    ({"density20_kg_m3": float("-inf")}, "density20_kg_m3"),
    ({"density20_kg_m3": False}, "density20_kg_m3"),
    ({"litres_per_tonne": 1000}, "litres_per_tonne"),
    ({"litres_per_tonne": 1388, "density20_kg_m3": 740}, "litres_per_tonne"),
    ({"grade": "grade-0", "litres_per_tonne": 1388}, "litres_per_tonne"),
    ({"delivery": "truck"}, "delivery"),
    ({"delivery": None}, "delivery"),
    ({"distance_km": 120}, "distance_km"),                    # distance with 自提
    ({"freight_per_tonne": 80}, "freight_per_tonne"),         # freight with 自提
    ({"delivery": "per_tonne"}, "freight_per_tonne"),         # mode without rate
    ({"delivery": "per_tonne_km", "distance_km": 120}, "freight_per_tonne_km"),
    ({"delivery": "per_tonne_km", "freight_per_tonne_km": 0.6}, "distance_km"),
    ({"delivery": "per_tonne_km", "freight_per_tonne_km": 0.6, "distance_km": 0}, "distance_km"),
    ({"delivery": "per_tonne_km", "freight_per_tonne_km": 80, "distance_km": 120}, "freight_per_tonne_km"),
    ({"delivery": "per_tonne_km", "freight_per_tonne_km": 0.6, "distance_km": 120,
      "freight_per_tonne": 80}, "freight_per_tonne"),
    ({"delivery": "per_tonne", "freight_per_tonne": -5}, "freight_per_tonne"),
    ({"delivery": "per_tonne", "freight_per_tonne": 80, "freight_per_tonne_km": 1}, "freight_per_tonne_km"),
    ({"unit_price_per_tonne": 0}, "unit_price_per_tonne"),
    ({"unit_price_per_tonne": float("nan")}, "unit_price_per_tonne"),
    ({"unit_price_per_tonne": "6,5"}, "unit_price_per_tonne"),
    ({"retail_price_per_litre": -6.2}, "retail_price_per_litre"),
    ({"retail_price_per_litre": 62}, "retail_price_per_litre"),
    ({"at": "2017-01-10"}, "at"),
    ({"at": datetime(2016, 12, 31)}, "at"),
]


@pytest.mark.parametrize(("override", "field"), BAD_INPUTS, ids=[f"{f}-{i}" for i, (_, f) in enumerate(BAD_INPUTS)])
def test_bad_input_gives_the_domain_error(override, field):
    with pytest.raises(PlaybookInputError) as err:
        quote(**{**GOOD, **override})
    assert err.value.field == field
    assert err.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


@pytest.mark.parametrize(("override", "code", "label", "values", "parts"), [
    ({"quantity": -1}, "range", "数量", {"low": Decimal("0.001"), "high": 100000, "unit": "吨"}, {}),
    ({"density20_kg_m3": 700}, "range", "标准密度", {"low": 720, "high": 775, "unit": "kg/m³"}, {"note": "GB 17930"}),
    ({"grade": "grade-0", "density20_kg_m3": 900}, "range", "标准密度", {"low": 810, "high": 850}, {"note": "GB 19147"}),
    ({"litres_per_tonne": 1000}, "range", "吨升换算系数", {"low": 1264, "high": 1419, "unit": "升/吨"}, {}),
    ({"grade": "x"}, "choice", "油品", {}, {"allowed": "92#(Ⅴ)"}),
    ({"tier": "x"}, "choice", "客户类别", {}, {"allowed": "大客户"}),
    ({"delivery": "per_tonne", "freight_per_tonne": 5000}, "range", "运价", {"low": 0, "high": 2000, "unit": "元/吨"}, {}),
    ({"delivery": "per_tonne_km", "freight_per_tonne_km": 1, "distance_km": 9000}, "range_open", "运距",
     {"high": 5000, "unit": "公里"}, {}),
])
def test_messages_name_the_field_and_range(override, code, label, values, parts):
    """The error names the field (its label) and the allowed range with its unit (its values)."""
    with raises_code(code, **values) as err:
        quote(**{**GOOD, **override})
    assert label in err.value.values["label"]
    for key, part in parts.items():
        assert part in err.value.values[key]


anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.text(max_size=8), st.lists(st.integers(), max_size=2),
    st.fractions(), st.datetimes(), st.sampled_from(["t", "L", "升", "pickup", "per_tonne", "per_tonne_km",
                                                     "grade-0", "tier-key", "大客户"]),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["grade", "tier", "quantity", "unit", "density20_kg_m3", "litres_per_tonne",
                             "delivery", "freight_per_tonne", "freight_per_tonne_km", "distance_km",
                             "unit_price_per_tonne", "retail_price_per_litre", "at"]),
       value=anything, delivery=st.sampled_from(["pickup", "per_tonne", "per_tonne_km"]))
def test_never_another_exception_type(name, value, delivery):
    args = {**GOOD, "delivery": delivery}
    if delivery == "per_tonne":
        args["freight_per_tonne"] = 80
    elif delivery == "per_tonne_km":
        args.update(freight_per_tonne_km=0.6, distance_km=120)
    args[name] = value
    try:
        result = quote(**args)
    except PlaybookInputError as err:
        assert err.field and err.message
    else:
        assert isinstance(result, Quote)


def test_other_real_numbers_are_accepted():
    assert quote(**{**GOOD, "quantity": Fraction(1, 2)}).tonnes == Decimal("0.500")


# --------------------------------------------------------------------------- parsing
def test_parse_time_and_number():
    assert parse_time("2017-01-10 09:00") == datetime(2017, 1, 10, 9, 0)
    assert parse_time("2017/3/1 14:00") == datetime(2017, 3, 1, 14, 0)
    assert parse_time("2017年3月1日 14:00") == datetime(2017, 3, 1, 14, 0)
    assert parse_time("2017-03-01") == datetime(2017, 3, 1)
    assert parse_time("  ") is None and parse_time(None) is None
    assert parse_number("1,388", "litres_per_tonne", "系数") == Decimal("1388")
    assert parse_number("", "x", "y") is None
    for bad in ("2017-13-01", "昨天"):
        with pytest.raises(PlaybookInputError):
            parse_time(bad)
    for bad in ("abc", "nan", "inf"):
        with pytest.raises(PlaybookInputError):
            parse_number(bad, "retail_price_per_litre", "零售价")
    with pytest.raises(PlaybookInputError) as info:
        parse_number(" ", "litres_per_tonne", "吨升换算系数", required=True)
    assert (info.value.code, info.value.values["label"]) == ("required", "吨升换算系数")


# --------------------------------------------------------------- browser constraint
def test_engine_modules_import_with_only_the_standard_library():
    code = textwrap.dedent("""
        import sys
        for name in ("yaml", "pydantic", "numpy", "pandas", "matplotlib", "openpyxl", "ipywidgets"):
            sys.modules[name] = None
        import playbook.engines.quote, playbook.views.quote_export, playbook.exercises.quote
        from datetime import datetime
        q = playbook.engines.quote.quote(grade="0#", tier="大客户", quantity=30, at=datetime(2017, 2, 1))
        playbook.views.quote_export.to_html(q); playbook.views.quote_export.csv_bytes(q)
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         env={**__import__("os").environ, "PYTHONPATH": str(__import__("pathlib").Path(
                             kb.__file__).resolve().parents[1])})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


# ------------------------------------------------------------------------- exercises
def test_exercise_answers_agree_with_the_engine():
    from playbook.exercises.quote import EXERCISES

    assert len(EXERCISES) >= 4
    for ex in EXERCISES.values():
        assert getattr(quote(**ex.engine_args), ex.result_field) == ex.expected, ex.number


def test_exercise_verdicts(capsys):
    from playbook.exercises.quote import EXERCISES, check_exercise_2, evaluate, show_solution

    for ex in EXERCISES.values():
        right = evaluate(ex.number, float(ex.expected))
        assert right.correct and "正确" in right.message and "解题过程" in right.message
        for wrong, hint in ex.mistakes:
            verdict = evaluate(ex.number, wrong)
            assert not verdict.correct and hint in verdict.message and "解题过程】" not in verdict.message
        far = evaluate(ex.number, -12345)
        assert not far.correct and "提示" in far.message and ex.solution not in far.message
        assert not evaluate(ex.number, "abc").correct
        assert not evaluate(ex.number, math.nan).correct
    check_exercise_2(170160)
    assert "正确" in capsys.readouterr().out
    show_solution(2)
    assert "168 000.00" in capsys.readouterr().out


# ---------------------------------------------------------------------------- widget
@pytest.fixture
def calculator():
    pytest.importorskip("ipywidgets")
    from playbook.views.quote import quote_calculator

    return quote_calculator(at=SEED_TIME)


def test_widget_updates_on_programmatic_changes(calculator):
    c = calculator
    assert c.error is None and "6,700.00" in c.table.value       # 92# 普通客户 on the seed sheet
    c.grade.value = "grade-0"
    assert c.density.value == 835                                 # prefilled with the grade's default
    c.tier.value = "tier-key"
    c.quantity.value = 30
    c.delivery.value = "per_tonne_km"
    c.freight_per_tonne_km.value = 0.6
    c.distance.value = 120
    assert c.last_quote.total_gross == Decimal("170160")
    assert "170,160.00" in c.table.value and "170,160.00" in c.answer.value
    assert "150,584.07" in c.table.value and "19,575.93" in c.table.value
    assert "大客户" in c.table.value and "2017年*月*日 14:00" in c.table.value
    assert "data:text/html" in c.downloads.value and "data:text/csv" in c.downloads.value


def test_widget_shows_the_approval_flag(calculator):
    calculator.unit_price.value = "6600"
    assert calculator.last_quote.needs_approval
    assert "须报批" in calculator.answer.value


def test_widget_litres_and_coefficient(calculator):
    c = calculator
    c.tier.value = "tier-key"
    c.unit.value = "L"
    c.quantity.value = 20000
    c.conversion.value = "coefficient"
    assert c.error is not None and "吨升换算系数" in c.answer.value   # asked to fill it in
    c.coefficient.value = "1388"
    assert c.last_quote.tonnes == Decimal("14.409")


@pytest.mark.parametrize(("attr", "value", "fragment"), [
    ("density", 900.0, "标准密度"),
    ("quantity", -3.0, "数量"),
    ("quantity", float("nan"), "数量"),
    ("retail_price", "六块二", "零售挂牌价"),
    ("quote_time", "2016-01-01 08:00", "报价时间"),
])
def test_widget_shows_the_chinese_message_not_a_traceback(calculator, attr, value, fragment):
    getattr(calculator, attr).value = value
    assert calculator.last_quote is None and calculator.error is not None
    assert fragment in calculator.answer.value
    assert "Traceback" not in calculator.answer.value and calculator.table.value == ""
    assert calculator.downloads.value == ""
