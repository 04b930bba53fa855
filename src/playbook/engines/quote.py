"""Quoting engine (报价引擎): wholesale refined-oil quotes from the price sheets in the knowledge base.

Standard library only — this module runs in the reader's browser (Pyodide).

Teaches 000 §8.4 (“小九九”: 密度折算、运费综合, carry a calculator) and §9.5 (价格控制 with the
价格执行单). One public entry point:

>>> from datetime import datetime
>>> from playbook.engines.quote import quote
>>> q = quote(grade="grade-0", tier="tier-key", quantity=30, unit="t",
...           delivery="per_tonne_km", freight_per_tonne_km=0.6, distance_km=120,
...           at=datetime(2017, 1, 10, 9, 0))
>>> q.total_gross                                # 元, tax included
Decimal('170160.00')
>>> q.total_net, q.total_vat                     # net = round(gross / 1.13), VAT = gross − net
(Decimal('150584.07'), Decimal('19575.93'))

What it does
------------
- **Price sheet.** The sheet in force at the quote's time ``at`` (naive local time, China; an
  aware datetime is converted to UTC+8): the one with the latest ``effective_at`` ≤ ``at``.
  Before the first sheet → :class:`~playbook.errors.PlaybookInputError`. Sheet prices are
  元/吨, tax included, per customer tier.
- **Litres ↔ tonnes.** Either the product's standard density at 20 °C, ρ20 in kg/m³ (default per
  grade from the knowledge base, validated against the grade's range: gasoline 720–775 kg/m³ per
  GB 17930, 0# diesel 810–850 kg/m³ per GB 19147), with the commercial-mass convention
  ``m = V20 × (ρ20 − 1.1 kg/m³)`` (1.1 kg/m³ corrects for air buoyancy, as in GB/T 1885); or a
  provincial 吨升换算系数 in 升/吨 (e.g. 1388 for 92#), validated against the range the grade's
  density range implies, widened by 2 %. Litres are standard litres at 20 °C.
- **Freight.** ``delivery="pickup"`` (自提: no freight, no distance allowed), ``"per_tonne"``
  (配送, 元/吨 × 吨) or ``"per_tonne_km"`` (配送, 元/(吨·公里) × 吨 × 公里).
- **VAT.** Goods and freight are invoiced together at 13 %: ``net = round(gross / 1.13)``,
  ``VAT = gross − net``, so net + VAT = gross exactly.
- **Price control.** An explicit ``unit_price_per_tonne`` below the tier's sheet price is never
  silently accepted: the quote carries ``needs_approval=True`` and the shortfall (per tonne and
  in total). Above the sheet price is allowed (``above_tier_price=True``).
- **Retail comparison.** With ``retail_price_per_litre`` (the pump price), the quote shows the
  customer's saving per litre and in total.

Rounding rule (also in :data:`ROUNDING_RULE`, carried on every quote)
-----------------------------------------------------------------------
Money in :class:`decimal.Decimal`, ``ROUND_HALF_UP`` throughout:

- entered prices (元/吨, 元/升) to 0.01; tonnes to 0.001 t (1 kg), litres to 1 L; the entered quantity is rounded first, the other one
  is converted from it and rounded;
- goods = unit price (元/吨) × tonnes, freight = rate × tonnes (× km): each rounded to 0.01 元;
- total = goods + freight (exact); net = total ÷ 1.13 rounded to 0.01 元; VAT = total − net;
- per-tonne and per-litre prices (元/吨, 元/升) rounded to 0.01; delivered price per litre =
  total ÷ litres; saving per litre = pump price − delivered price per litre; saving in total =
  round(pump price × litres, 0.01) − total.

The parts: the price sheets and grade lookups are :mod:`playbook.engines.quote_prices`, the
calculator's text boxes :mod:`playbook.engines.quote_input`; their public names are importable
from here.

Every bad input raises :class:`~playbook.errors.PlaybookInputError` (``field`` = the keyword
argument's name, ``message`` = Chinese text naming the field and its allowed range) — never
another exception type.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from playbook import kb as _kb
from playbook.engines.quote_input import parse_number, parse_time
from playbook.engines.quote_prices import (_MILLION, AIR_BUOYANCY_KG_M3, CHINA_TZ, _coefficient_range, _index,
                                           _lookup, _quoted_at, _sheet, _tier_price, customer_tier, grade_choices,
                                           litres_per_tonne_range, product, sheet_in_force, tier_choices,
                                           tier_price_per_tonne)
from playbook.errors import PlaybookInputError, renamed_keyword
from playbook.normalize import require_decimal

__all__ = [
    "AIR_BUOYANCY_KG_M3", "CHINA_TZ", "DELIVERY_MODES", "ROUNDING_RULE", "VAT_RATE", "Quote",
    "customer_tier", "grade_choices", "litres_per_tonne_range", "parse_number", "parse_time",
    "product", "quote", "sheet_in_force", "tier_choices", "tier_price_per_tonne",
]

#: VAT rate on refined oil (and on freight invoiced together with the goods).
VAT_RATE = Decimal("0.13")

#: Delivery modes: 自提, 配送 with freight per tonne, 配送 with freight per tonne-kilometre.
DELIVERY_MODES: tuple[str, ...] = ("pickup", "per_tonne", "per_tonne_km")

ROUNDING_RULE = (
    "金额与单价(元、元/吨、元/升)一律四舍五入(ROUND_HALF_UP)到 0.01;"
    "吨数精确到 0.001 吨(1 千克),升数取整到 1 升;货款、运费按吨数计算后各自四舍五入到分;"
    "不含税金额 = 含税合计 ÷ 1.13 后四舍五入到分,税额 = 含税合计 − 不含税金额(两者相加恰为含税合计)。"
)

_CENT = Decimal("0.01")
_KG = Decimal("0.001")
_LITRE = Decimal("1")
_VAT_DIVISOR = 1 + VAT_RATE

# Plausible ranges (catch typos such as 元/吨 typed where 元/(吨·公里) was meant).
_QUANTITY_T = (Decimal("0.001"), Decimal("100000"))
_QUANTITY_L = (Decimal("1"), Decimal("150000000"))
_FREIGHT_PER_TONNE_MAX = Decimal("2000")
_FREIGHT_PER_TONNE_KM_MAX = Decimal("10")
_DISTANCE_KM_MAX = Decimal("5000")
_UNIT_PRICE_MAX = Decimal("20000")
_RETAIL_PER_LITRE_MAX = Decimal("20")

_UNITS: dict[str, Literal["t", "L"]] = {"t": "t", "吨": "t", "L": "L", "l": "L", "升": "L"}
_DELIVERY_ALIASES: dict[str, Literal["pickup", "per_tonne", "per_tonne_km"]] = {
    "pickup": "pickup", "自提": "pickup",
    "per_tonne": "per_tonne", "按吨": "per_tonne", "配送(按吨)": "per_tonne",
    "per_tonne_km": "per_tonne_km", "按吨公里": "per_tonne_km", "配送(按吨公里)": "per_tonne_km",
}


# --------------------------------------------------------------------------- result
@dataclass(frozen=True, slots=True)
class Quote:
    """One quote: every line as plain values. Money in 元 (Decimal, 2 places), tax included
    unless the name says ``net``; quantities in t / L; density in kg/m³."""

    grade_id: str
    grade_name: str
    grade_kind: str                  # "gasoline" | "diesel"
    standard: str                    # GB 17930 / GB 19147
    tier_id: str
    tier_name: str
    sheet_id: str
    sheet_name: str
    sheet_effective_at: str          # ISO local time, e.g. 2017-01-01T14:00
    sheet_effective_label: str       # as printed on the sheet, e.g. 2017年*月*日 14:00
    sheet_reason: str
    quoted_at: datetime              # naive local time used to pick the sheet
    unit: Literal["t", "L"]          # the unit the quantity was given in
    quantity: Decimal                # the quantity as entered, rounded (0.001 t or 1 L)
    tonnes: Decimal                  # t, 3 places
    litres: Decimal                  # L at 20 °C, whole litres
    conversion: Literal["density", "coefficient"]
    density20_kg_m3: Decimal | None  # ρ20 used (None with a 吨升换算系数)
    density_is_default: bool         # ρ20 is the grade's default from the knowledge base
    litres_per_tonne: Decimal        # the 吨升换算系数 used, or the one implied by ρ20 (2 places)
    convention: str                  # Chinese sentence: how litres and tonnes were converted
    tier_price_per_tonne: Decimal    # 元/吨 from the sheet for this grade and tier
    unit_price_per_tonne: Decimal    # 元/吨 actually quoted
    price_overridden: bool
    needs_approval: bool             # quoted below the tier price: needs approval (§9.5 价格控制)
    above_tier_price: bool
    shortfall_per_tonne: Decimal     # 元/吨 below the tier price (0 when not below)
    shortfall_total: Decimal         # 元
    goods_amount: Decimal            # 元
    delivery: Literal["pickup", "per_tonne", "per_tonne_km"]
    freight_per_tonne: Decimal | None     # 元/吨 (per_tonne)
    freight_per_tonne_km: Decimal | None  # 元/(吨·公里) (per_tonne_km)
    distance_km: Decimal | None
    freight_amount: Decimal          # 元
    total_gross: Decimal             # 元, goods + freight, tax included
    total_net: Decimal               # 元, without VAT
    total_vat: Decimal               # 元
    vat_rate: Decimal
    delivered_price_per_tonne: Decimal   # 元/吨, total ÷ tonnes
    goods_price_per_litre: Decimal       # 元/升, unit price converted
    delivered_price_per_litre: Decimal   # 元/升, total ÷ litres
    retail_price_per_litre: Decimal | None
    retail_amount: Decimal | None        # 元, the same litres at the pump price
    saving_per_litre: Decimal | None     # 元/升 (negative: dearer than the pump)
    saving_total: Decimal | None         # 元
    rounding: str = ROUNDING_RULE


# ------------------------------------------------------------------------ validation
def _fmt(value: Decimal) -> str:
    """A Decimal without exponent or needless trailing zeros (835.0 → 835, 0.60 → 0.6)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _in_range(value: Any, field: str, label: str, low: Decimal, high: Decimal, unit: str,
              *, low_open: bool = False, note: str = "") -> Decimal:
    """The package's one range check (:func:`playbook.normalize.require_decimal`)."""
    return require_decimal(value, field, label, low, high, unit, low_open=low_open, note=note)


# ------------------------------------------------------------------------- engine
@renamed_keyword("knowledge", "base")
def quote(
    *,
    grade: str,
    tier: str,
    quantity: float | int | Decimal,
    unit: str = "t",
    density20_kg_m3: float | int | Decimal | None = None,
    litres_per_tonne: float | int | Decimal | None = None,
    delivery: str = "pickup",
    freight_per_tonne: float | int | Decimal | None = None,
    freight_per_tonne_km: float | int | Decimal | None = None,
    distance_km: float | int | Decimal | None = None,
    unit_price_per_tonne: float | int | Decimal | None = None,
    retail_price_per_litre: float | int | Decimal | None = None,
    at: datetime | None = None,
    base: _kb.KnowledgeBase | None = None,
) -> Quote:
    """Quote ``quantity`` of ``grade`` for a customer of ``tier``.

    Args:
        grade: id (``grade-0``), name (``0#(Ⅴ)``) or short name (``0#``).
        tier: id (``tier-key``) or name (``大客户``).
        quantity: in ``unit``: ``"t"`` (吨, 0.001–100000) or ``"L"`` (升 at 20 °C, 1–150000000).
        unit: ``"t"``/``"吨"`` or ``"L"``/``"升"``.
        density20_kg_m3: standard density ρ20 in kg/m³ (default: the grade's default); must lie
            in the grade's range (gasoline 720–775, 0# diesel 810–850).
        litres_per_tonne: a provincial 吨升换算系数 in 升/吨, instead of the density.
        delivery: ``"pickup"`` (自提), ``"per_tonne"`` or ``"per_tonne_km"`` (配送).
        freight_per_tonne: 元/吨 (0–2000), with ``delivery="per_tonne"``.
        freight_per_tonne_km: 元/(吨·公里) (0–10), with ``delivery="per_tonne_km"``.
        distance_km: km (0–5000, > 0 for per tonne-km); not allowed with 自提.
        unit_price_per_tonne: an explicit 元/吨 (tax included, 0.01–20000); below the tier price → flagged.
        retail_price_per_litre: the pump price in 元/升 (0.01–20) to compare with.
        at: the quote's time (default: now) — picks the price sheet in force.
        base: a knowledge base (default: the shipped one); ``knowledge=`` (its former name) still
            works, with a DeprecationWarning.

    Raises:
        PlaybookInputError: for any bad input, naming the field and its allowed range.
    """
    idx = _index(base)
    prod: _kb.Product = _lookup(idx.products, grade, "grade", "油品", idx.grade_names)
    tier_item: _kb.CustomerTier = _lookup(idx.tiers, tier, "tier", "客户类别", idx.tier_names)
    when = _quoted_at(at)
    sheet = _sheet(idx, when)
    tier_price = _tier_price(idx, sheet, prod, tier_item).quantize(_CENT, ROUND_HALF_UP)

    # ---- quantity and conversion
    unit_key = _UNITS.get(unit) if isinstance(unit, str) else None
    if unit_key is None:
        raise PlaybookInputError("unit", code="choice", label="数量单位", allowed="t(吨)、L(升)", received=unit)
    if unit_key == "t":
        amount = _in_range(quantity, "quantity", "数量", *_QUANTITY_T, "吨")
    else:
        amount = _in_range(quantity, "quantity", "数量", *_QUANTITY_L, "升")

    if litres_per_tonne is not None:
        if density20_kg_m3 is not None:
            raise PlaybookInputError("litres_per_tonne", code="quote_litres_and_density")
        low, high = _coefficient_range(prod)
        coefficient = _in_range(
            litres_per_tonne, "litres_per_tonne", f"{prod.name} 的吨升换算系数", low, high, "升/吨",
            note=f"(由 {prod.standard} 密度范围 {prod.density20_min:g}–{prod.density20_max:g} kg/m³"
                 f" 推得,留 2% 余量)")
        tonnes_per_litre = 1 / coefficient
        density = None
        density_is_default = False
        litres_per_tonne_used = coefficient.quantize(_CENT, ROUND_HALF_UP)
        convention = (f"按吨升换算系数 {_fmt(coefficient)} 升/吨换算:质量(吨)= 体积(升)÷ "
                      f"{_fmt(coefficient)};系数为地方规定的换算口径,不再做密度和空气浮力修正。")
    else:
        density_is_default = density20_kg_m3 is None
        low = Decimal(repr(prod.density20_min))
        high = Decimal(repr(prod.density20_max))
        if density_is_default:
            density = Decimal(repr(prod.density20_default))
        else:
            density = _in_range(density20_kg_m3, "density20_kg_m3", f"{prod.name} 的标准密度 ρ20",
                                low, high, "kg/m³", note=f"({prod.standard})")
        tonnes_per_litre = (density - AIR_BUOYANCY_KG_M3) / _MILLION
        litres_per_tonne_used = (1 / tonnes_per_litre).quantize(_CENT, ROUND_HALF_UP)
        convention = (
            f"按标准密度换算(商业质量):质量 = V20 ×(ρ20 − 1.1 kg/m³),ρ20 = {_fmt(density)} kg/m³"
            f"({'本油品默认值' if density_is_default else '按本批油品录入'};{prod.standard} 范围 "
            f"{prod.density20_min:g}–{prod.density20_max:g} kg/m³),1.1 kg/m³ 为空气浮力修正,"
            f"体积为 20 °C 标准体积;折合 {_fmt(litres_per_tonne_used)} 升/吨。")

    if unit_key == "t":
        tonnes = amount.quantize(_KG, ROUND_HALF_UP)
        litres = (tonnes / tonnes_per_litre).quantize(_LITRE, ROUND_HALF_UP)
        entered = tonnes
    else:
        litres = amount.quantize(_LITRE, ROUND_HALF_UP)
        tonnes = (litres * tonnes_per_litre).quantize(_KG, ROUND_HALF_UP)
        entered = litres

    # ---- freight
    mode = _DELIVERY_ALIASES.get(delivery) if isinstance(delivery, str) else None
    if mode is None:
        raise PlaybookInputError("delivery", code="choice", label="配送方式",
                                 allowed="pickup(自提)、per_tonne(配送,按吨计运费)、per_tonne_km(配送,按吨公里计运费)", received=delivery)
    rate_t = rate_tkm = distance = None
    if mode == "pickup":
        for name, value, label in (("distance_km", distance_km, "运距"),
                                   ("freight_per_tonne", freight_per_tonne, "运价(元/吨)"),
                                   ("freight_per_tonne_km", freight_per_tonne_km, "运价(元/吨·公里)")):
            if value is not None:
                raise PlaybookInputError(name, code="quote_pickup_freight", label=label)
        freight = Decimal("0.00")
    elif mode == "per_tonne":
        if freight_per_tonne_km is not None:
            raise PlaybookInputError("freight_per_tonne_km", code="quote_both_freights")
        if freight_per_tonne is None:
            raise PlaybookInputError("freight_per_tonne", code="quote_freight_missing", high=_FREIGHT_PER_TONNE_MAX)
        rate_t = _in_range(freight_per_tonne, "freight_per_tonne", "运价(元/吨)",
                           Decimal(0), _FREIGHT_PER_TONNE_MAX, "元/吨")
        if distance_km is not None:
            distance = _in_range(distance_km, "distance_km", "运距", Decimal(0), _DISTANCE_KM_MAX,
                                 "公里", low_open=True)
        freight = (rate_t * tonnes).quantize(_CENT, ROUND_HALF_UP)
    else:
        if freight_per_tonne is not None:
            raise PlaybookInputError("freight_per_tonne", code="quote_both_freights_km")
        if freight_per_tonne_km is None:
            raise PlaybookInputError("freight_per_tonne_km", code="quote_freight_km_missing",
                                     high=_FREIGHT_PER_TONNE_KM_MAX)
        rate_tkm = _in_range(freight_per_tonne_km, "freight_per_tonne_km", "运价(元/吨·公里)",
                             Decimal(0), _FREIGHT_PER_TONNE_KM_MAX, "元/(吨·公里)")
        if distance_km is None:
            raise PlaybookInputError("distance_km", code="quote_distance_missing", high=_DISTANCE_KM_MAX)
        distance = _in_range(distance_km, "distance_km", "运距", Decimal(0), _DISTANCE_KM_MAX,
                             "公里", low_open=True)
        freight = (rate_tkm * tonnes * distance).quantize(_CENT, ROUND_HALF_UP)

    # ---- price control (§9.5)
    if unit_price_per_tonne is None:
        unit_price = tier_price
    else:
        unit_price = _in_range(unit_price_per_tonne, "unit_price_per_tonne", "成交单价(元/吨)",
                               _CENT, _UNIT_PRICE_MAX, "元/吨"
                               ).quantize(_CENT, ROUND_HALF_UP)
    shortfall = tier_price - unit_price if unit_price < tier_price else Decimal("0.00")

    retail = None
    if retail_price_per_litre is not None:
        retail = _in_range(retail_price_per_litre, "retail_price_per_litre", "零售挂牌价(元/升)",
                           _CENT, _RETAIL_PER_LITRE_MAX, "元/升"
                           ).quantize(_CENT, ROUND_HALF_UP)

    # ---- money
    goods = (unit_price * tonnes).quantize(_CENT, ROUND_HALF_UP)
    total = goods + freight
    net = (total / _VAT_DIVISOR).quantize(_CENT, ROUND_HALF_UP)
    per_litre = (total / litres).quantize(_CENT, ROUND_HALF_UP)
    retail_amount: Decimal | None
    saving_per_litre: Decimal | None
    saving_total: Decimal | None
    if retail is not None:
        retail_amount = (retail * litres).quantize(_CENT, ROUND_HALF_UP)
        saving_per_litre = retail - per_litre
        saving_total = retail_amount - total
    else:
        retail_amount = saving_per_litre = saving_total = None

    return Quote(
        grade_id=prod.id, grade_name=prod.name, grade_kind=prod.kind, standard=prod.standard,
        tier_id=tier_item.id, tier_name=tier_item.name,
        sheet_id=sheet.id, sheet_name=sheet.name, sheet_effective_at=sheet.effective_at,
        sheet_effective_label=sheet.effective_label, sheet_reason=sheet.reason, quoted_at=when,
        unit=unit_key, quantity=entered, tonnes=tonnes, litres=litres,
        conversion="density" if density is not None else "coefficient",
        density20_kg_m3=density, density_is_default=density_is_default,
        litres_per_tonne=litres_per_tonne_used, convention=convention,
        tier_price_per_tonne=tier_price, unit_price_per_tonne=unit_price,
        price_overridden=unit_price_per_tonne is not None,
        needs_approval=unit_price < tier_price, above_tier_price=unit_price > tier_price,
        shortfall_per_tonne=shortfall,
        shortfall_total=(shortfall * tonnes).quantize(_CENT, ROUND_HALF_UP),
        goods_amount=goods, delivery=mode, freight_per_tonne=rate_t, freight_per_tonne_km=rate_tkm,
        distance_km=distance, freight_amount=freight,
        total_gross=total, total_net=net, total_vat=total - net, vat_rate=VAT_RATE,
        delivered_price_per_tonne=(total / tonnes).quantize(_CENT, ROUND_HALF_UP),
        goods_price_per_litre=(unit_price * tonnes_per_litre).quantize(_CENT, ROUND_HALF_UP),
        delivered_price_per_litre=per_litre,
        retail_price_per_litre=retail, retail_amount=retail_amount,
        saving_per_litre=saving_per_litre, saving_total=saving_total,
    )
