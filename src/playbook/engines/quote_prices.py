"""The price sheets and grade data a quote reads (000 §9.5 价格执行单): a grade or customer tier
by id or name (:func:`product`, :func:`customer_tier`, the drop-downs' :func:`grade_choices` and
:func:`tier_choices`), the sheet in force at a time (:func:`sheet_in_force`; effective times are
China local time), a tier's sheet price in 元/吨 (:func:`tier_price_per_tonne`) and a grade's
plausible 吨升换算系数 (:func:`litres_per_tonne_range`). Lookup tables are built once per
knowledge base. The quote itself is :mod:`playbook.engines.quote`.

Usage:

>>> from datetime import datetime
>>> from playbook.engines.quote_prices import litres_per_tonne_range, tier_price_per_tonne
>>> tier_price_per_tonne("0#", "大客户", datetime(2017, 1, 10, 9, 0))   # 元/吨, tax included
Decimal('5600')
>>> litres_per_tonne_range("92#")                                      # 升/吨
(Decimal('1264'), Decimal('1419'))

Standard library only — this module runs in the reader's browser (Pyodide).
"""
from __future__ import annotations

import bisect
from datetime import datetime, timedelta, timezone
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from playbook import kb as _kb
from playbook.engines import petroleum as _petroleum
from playbook.errors import PlaybookInputError, renamed_keyword
from playbook.normalize import normalize_name

#: Air-buoyancy correction of the commercial-mass convention, kg/m³ (m = V20 × (ρ20 − 1.1)).
AIR_BUOYANCY_KG_M3 = Decimal(repr(_petroleum.AIR_BUOYANCY_KG_M3))  # 1.1, GB/T 1885
#: China Standard Time: the price sheets' effective times are local times.
CHINA_TZ = timezone(timedelta(hours=8), "CST")

_MILLION = Decimal("1000000")
_COEFFICIENT_MARGIN = Decimal("0.02")


class _Index:
    """Lookup tables for one knowledge base (built once per base)."""

    def __init__(self, base: _kb.KnowledgeBase) -> None:
        self.base = base
        self.products: dict[str, _kb.Product] = {}
        for p in base.products:
            short = p.name.split("(")[0]          # 92#(Ⅴ) → 92#
            for key in (p.id, p.name, short, short.rstrip("#")):
                self.products.setdefault(_key(key), p)
        self.tiers: dict[str, _kb.CustomerTier] = {}
        for t in base.customer_tiers:
            for key in (t.id, t.name):
                self.tiers.setdefault(_key(key), t)
        dated = sorted(((datetime.fromisoformat(s.effective_at), s) for s in base.price_sheets),
                       key=lambda pair: pair[0])
        self.sheet_times = [when for when, _ in dated]
        self.sheets = [s for _, s in dated]
        self.rows = {s.id: {r.grade: r for r in s.rows} for s in base.price_sheets}
        self.grade_names = "、".join(p.name for p in base.products)
        self.tier_names = "、".join(t.name for t in sorted(base.customer_tiers, key=lambda t: t.order))


_INDEXES: dict[int, _Index] = {}


def _key(text: str) -> str:
    """Lookup key of a grade or tier name: :func:`~playbook.normalize.normalize_name`, lower case."""
    return normalize_name(text).lower()


def _index(knowledge_base: _kb.KnowledgeBase | None) -> _Index:
    base = knowledge_base if knowledge_base is not None else _kb.load()
    entry = _INDEXES.get(id(base))
    if entry is None or entry.base is not base:
        entry = _INDEXES[id(base)] = _Index(base)
    return entry


def _lookup(table: dict[str, Any], value: Any, field: str, label: str, names: str) -> Any:
    if isinstance(value, str):
        found = table.get(_key(value))
        if found is not None:
            return found
    raise PlaybookInputError(field, code="choice", label=label, allowed=names, received=value)


def _quoted_at(at: Any) -> datetime:
    if at is None:
        return datetime.now().replace(second=0, microsecond=0)
    if not isinstance(at, datetime):
        raise PlaybookInputError("at", code="quote_at_type", received=at)
    if at.tzinfo is not None:
        try:
            offset = at.utcoffset()
            if offset is not None:
                at = at.astimezone(CHINA_TZ).replace(tzinfo=None)
        except (OverflowError, ValueError):
            raise PlaybookInputError("at", code="quote_at_calendar", at=f"{at:%Y-%m-%d %H:%M}") from None
    return at


@renamed_keyword("knowledge", "base")
def product(grade: str, *, base: _kb.KnowledgeBase | None = None) -> _kb.Product:
    """The product for a grade given by id (``grade-92``), name (``92#(Ⅴ)``) or short name (``92#``)."""
    idx = _index(base)
    return _lookup(idx.products, grade, "grade", "油品", idx.grade_names)


@renamed_keyword("knowledge", "base")
def customer_tier(tier: str, *, base: _kb.KnowledgeBase | None = None) -> _kb.CustomerTier:
    """The customer tier given by id (``tier-key``) or name (``大客户``)."""
    idx = _index(base)
    return _lookup(idx.tiers, tier, "tier", "客户类别", idx.tier_names)


@renamed_keyword("knowledge", "base")
def grade_choices(*, base: _kb.KnowledgeBase | None = None) -> list[tuple[str, str]]:
    """(name, id) of every grade, in knowledge-base order — for drop-downs."""
    base = _index(base).base
    return [(p.name, p.id) for p in base.products]


@renamed_keyword("knowledge", "base")
def tier_choices(*, base: _kb.KnowledgeBase | None = None) -> list[tuple[str, str]]:
    """(name, id) of every customer tier, by ``order`` — for drop-downs."""
    base = _index(base).base
    return [(t.name, t.id) for t in sorted(base.customer_tiers, key=lambda t: t.order)]


@renamed_keyword("knowledge", "base")
def sheet_in_force(at: datetime | None = None, *,
                   base: _kb.KnowledgeBase | None = None) -> _kb.PriceSheet:
    """The price sheet in force at ``at`` (default: now): latest ``effective_at`` ≤ ``at``."""
    return _sheet(_index(base), _quoted_at(at))


def _sheet(idx: _Index, when: datetime) -> _kb.PriceSheet:
    pos = bisect.bisect_right(idx.sheet_times, when)
    if pos == 0:
        if not idx.sheets:
            raise PlaybookInputError("at", code="quote_no_sheets")
        first = idx.sheets[0]
        raise PlaybookInputError("at", code="quote_before_first", when=f"{when:%Y-%m-%d %H:%M}", name=first.name,
                                 sheet_times=f"{idx.sheet_times[0]:%Y-%m-%d %H:%M}")
    return idx.sheets[pos - 1]


def _tier_price(idx: _Index, sheet: _kb.PriceSheet, prod: _kb.Product,
                tier: _kb.CustomerTier) -> Decimal:
    row = idx.rows[sheet.id].get(prod.id)
    if row is None:
        raise PlaybookInputError("grade", code="quote_no_grade_price", sheet=sheet.name, grade=prod.name)
    if tier.id not in sheet.tiers:
        raise PlaybookInputError("tier", code="quote_no_tier_price", sheet=sheet.name, tier=tier.name)
    return Decimal(row.prices_per_tonne[sheet.tiers.index(tier.id)])


@renamed_keyword("knowledge", "base")
def tier_price_per_tonne(grade: str, tier: str, at: datetime | None = None, *,
                         base: _kb.KnowledgeBase | None = None) -> Decimal:
    """The sheet price in 元/吨 (tax included) for a grade and tier at ``at`` (default: now)."""
    idx = _index(base)
    prod = _lookup(idx.products, grade, "grade", "油品", idx.grade_names)
    tr = _lookup(idx.tiers, tier, "tier", "客户类别", idx.tier_names)
    return _tier_price(idx, _sheet(idx, _quoted_at(at)), prod, tr)


@renamed_keyword("knowledge", "base")
def litres_per_tonne_range(grade: str, *,
                           base: _kb.KnowledgeBase | None = None) -> tuple[Decimal, Decimal]:
    """Plausible 吨升换算系数 (升/吨) for a grade: implied by its ρ20 range, widened by 2 %.

    Low end 10⁶ / ρ20,max (no buoyancy correction), high end 10⁶ / (ρ20,min − 1.1); the margin
    admits the rounded provincial coefficients (e.g. 0# 1176 升/吨 ≈ 850.3 kg/m³).
    """
    return _coefficient_range(product(grade, base=base))


def _coefficient_range(prod: _kb.Product) -> tuple[Decimal, Decimal]:
    low = _MILLION / Decimal(repr(prod.density20_max)) * (1 - _COEFFICIENT_MARGIN)
    high = _MILLION / (Decimal(repr(prod.density20_min)) - AIR_BUOYANCY_KG_M3) * (1 + _COEFFICIENT_MARGIN)
    return low.to_integral_value(rounding=ROUND_FLOOR), high.to_integral_value(rounding=ROUND_CEILING)
