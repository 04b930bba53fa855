"""增值业务提成计算 (value-added commission calculator), seed 003 四(四).

The gas company of seed 003 sells home-gas insurance at its service centres. Its numbers, as
data:

- the insurance offer (003 三(一)2 第(5)条): 100 元 for 1 year, 200 元 for 3 years, 300 元 for
  5 years, told to users as "买 2 年送 1 年" / "买 3 年送 2 年" (:data:`INSURANCE_OFFER`);
- the company's agency fee = insurance sales × 40 % (:data:`AGENCY_FEE_RATE`), and the group's
  ceiling for commissions = 50 % of the agency fee = 20 % of sales (:data:`GROUP_CAP_RATE`);
- the two commission schemes (:data:`SCHEMES`): after the first change 一线 10 % + 二线 6.3 %
  = 16.3 %; after the second change 一线 10 % + 二线 3.9 % = 13.9 %, where the first-line
  employee's department gets 2 % (a 服务站 3 %).

:func:`commission` returns every line, the total and what is left of the agency fee; money in
:class:`decimal.Decimal`, rounded to the cent (ROUND_HALF_UP) line by line, totals summed from
the rounded lines. :data:`SEED_INCONSISTENCIES` lists where the seed's own numbers disagree.

Commissions are the company's policy, paid through payroll; nothing here is a payment to any
individual outside it. Standard library only (runs in the reader's browser).

Usage (10 000 元 of insurance sold under the second scheme):

>>> from playbook.engines import value_added
>>> r = value_added.commission(10000)
>>> r.lines[0].label, r.lines[0].amount
('一线员工', Decimal('1000.00'))
>>> r.agency_fee, r.total, r.total_rate, r.remainder
(Decimal('4000.00'), Decimal('1390.00'), Decimal('0.139'), Decimal('2610.00'))
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from playbook.errors import PlaybookInputError, shown
from playbook.normalize import MAGNITUDES, to_decimal

__all__ = ["AGENCY_FEE_RATE", "GROUP_CAP_RATE", "INSURANCE_OFFER", "SCHEMES", "SEED_INCONSISTENCIES",
           "CommissionLine", "CommissionResult", "InsuranceProduct", "Scheme", "SchemeLine",
           "commission", "insurance_offer", "scheme", "schemes"]

#: Company agency fee as a share of insurance sales (003 四(四) 表注:保险代理费 = 保险销售额 × 40%).
AGENCY_FEE_RATE = Decimal("0.40")
#: The group head office's ceiling: 50 % of the agency fee, i.e. 20 % of sales (003 四(四)).
GROUP_CAP_RATE = Decimal("0.20")
#: Largest sales figure accepted (元): a typo guard, far above any centre's year.
MAX_SALES = Decimal(10) ** 10
CENT = Decimal("0.01")


@dataclass(frozen=True)
class InsuranceProduct:
    """One insurance product of 003 三(一)2 第(5)条."""

    price: int          # 元
    years: int
    spoken: str         # how the seed tells it to users

    @property
    def per_year(self) -> Decimal:
        """元 per year of cover, to the cent."""
        return (Decimal(self.price) / self.years).quantize(CENT, ROUND_HALF_UP)

    @property
    def free_years(self) -> int:
        """Years "given" on top of the years paid at the one-year price (100 元/年)."""
        return self.years - self.price // INSURANCE_OFFER[0].price


INSURANCE_OFFER: tuple[InsuranceProduct, ...] = (
    InsuranceProduct(100, 1, "买 1 年 100 元"),
    InsuranceProduct(200, 3, "买 2 年送 1 年"),
    InsuranceProduct(300, 5, "买 3 年送 2 年"),
)


def insurance_offer() -> tuple[InsuranceProduct, ...]:
    """The three insurance products (price 元, years, how they are told to users)."""
    return INSURANCE_OFFER


@dataclass(frozen=True)
class SchemeLine:
    """One line of a commission scheme: who is paid, the rate on insurance sales, the seed's note."""

    id: str
    label: str
    rate: Decimal                 # share of insurance sales
    line: str                     # "first" (一线) or "second" (二线)
    note: str = ""
    #: Rate instead of ``rate`` when the first-line employee works at a 服务站 (second scheme).
    station_rate: Decimal | None = None


@dataclass(frozen=True)
class Scheme:
    """A commission scheme of 003 四(四)."""

    id: str
    name: str
    lines: tuple[SchemeLine, ...]
    #: The seed's printed totals (share of sales) for the second line and the whole scheme.
    seed_second_line: Decimal
    seed_total: Decimal
    source: str


SCHEMES: dict[str, Scheme] = {s.id: s for s in (
    Scheme(
        id="first", name="第一次调整后的提成方案",
        lines=(
            SchemeLine("frontline", "一线员工", Decimal("0.10"), "first", "不变"),
            SchemeLine("customer-service", "客户服务部", Decimal("0.04"), "second", "调高 0.8 个百分点"),
            SchemeLine("value-added", "增值业务部", Decimal("0.013"), "second", "不变"),
            SchemeLine("finance", "财务管理部", Decimal("0.005"), "second", "不变"),
            SchemeLine("call-centre", "话务中心", Decimal("0.005"), "second", "新增"),
        ),
        seed_second_line=Decimal("0.063"), seed_total=Decimal("0.163"), source="003 四(四) 第一张方案表"),
    Scheme(
        id="second", name="第二次调整后的提成方案",
        lines=(
            SchemeLine("frontline", "一线员工", Decimal("0.10"), "first", "持平"),
            SchemeLine("frontline-dept", "一线员工所在部门", Decimal("0.02"), "second",
                       "调低 2 个百分点;服务站按 3%", station_rate=Decimal("0.03")),
            SchemeLine("value-added", "增值业务部", Decimal("0.011"), "second", "调低 0.2 个百分点"),
            SchemeLine("finance", "财务管理部", Decimal("0.004"), "second", "调低 0.1 个百分点"),
            SchemeLine("call-centre", "话务中心", Decimal("0.003"), "second", "调低 0.2 个百分点"),
            SchemeLine("management", "企管部", Decimal("0.001"), "second", "新增"),
        ),
        seed_second_line=Decimal("0.039"), seed_total=Decimal("0.139"), source="003 四(四) 第二张方案表"),
)}


def schemes() -> tuple[Scheme, ...]:
    """Both schemes, in the order the company adopted them."""
    return tuple(SCHEMES.values())


def scheme(scheme_id: str) -> Scheme:
    """One scheme by id (``"first"`` or ``"second"``)."""
    try:
        return SCHEMES[scheme_id]
    except (KeyError, TypeError):
        names = "、".join(f"{s.id}({s.name})" for s in SCHEMES.values())
        raise PlaybookInputError("scheme_id", f"提成方案须为 {names} 之一,收到 {shown(scheme_id)}") from None


@dataclass(frozen=True)
class CommissionLine:
    label: str
    rate: Decimal
    amount: Decimal     # 元
    line: str           # "first" / "second"
    note: str


@dataclass(frozen=True)
class CommissionResult:
    """:func:`commission`'s answer; every amount in 元, rounded to the cent."""

    scheme: Scheme
    sales: Decimal
    service_station: bool
    agency_fee: Decimal
    lines: tuple[CommissionLine, ...]
    first_line: Decimal
    second_line: Decimal
    total: Decimal
    total_rate: Decimal
    group_cap: Decimal          # 50 % of the agency fee
    remainder: Decimal          # agency fee − total commissions

    @property
    def second_line_rate(self) -> Decimal:
        return sum((ln.rate for ln in self.lines if ln.line == "second"), Decimal(0))


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def commission(sales: object, scheme_id: str = "second", *, service_station: bool = False) -> CommissionResult:
    """Every commission line, the total and the rest of the agency fee for ``sales`` 元 of insurance.

    ``service_station``: the first-line employee works at a 服务站 (the second scheme then pays
    the department 3 % instead of 2 %; the first scheme has no such line).
    """
    if isinstance(service_station, bool) is False:
        raise PlaybookInputError("service_station", code="choice", label="是否在服务站", allowed="True、False",
                                 received=service_station)
    try:   # text as typed in the box: "12,000", "1.2万"; "6,5" is refused, never read as 65
        amount = to_decimal(sales, "sales", "保险销售额", words=MAGNITUDES)
    except PlaybookInputError as err:
        raise PlaybookInputError("sales", code="number_range", label="保险销售额", low=0, high="100 亿",
                                 unit="元", hint=err.values.get("hint", ""), received=sales) from None
    if not 0 <= amount <= MAX_SALES:
        raise PlaybookInputError("sales", code="range", label="保险销售额", low=0, high="100 亿", unit="元",
                                 received=sales)
    chosen = scheme(scheme_id)
    lines = []
    for item in chosen.lines:
        rate = item.station_rate if (service_station and item.station_rate is not None) else item.rate
        lines.append(CommissionLine(item.label, rate, _money(amount * rate), item.line, item.note))
    first = sum((ln.amount for ln in lines if ln.line == "first"), Decimal(0))
    second = sum((ln.amount for ln in lines if ln.line == "second"), Decimal(0))
    fee = _money(amount * AGENCY_FEE_RATE)
    total = first + second
    return CommissionResult(
        scheme=chosen, sales=_money(amount), service_station=bool(service_station), agency_fee=fee,
        lines=tuple(lines), first_line=first, second_line=second, total=total,
        total_rate=sum((ln.rate for ln in lines), Decimal(0)), group_cap=_money(amount * GROUP_CAP_RATE),
        remainder=fee - total)


@dataclass(frozen=True)
class Inconsistency:
    """Two numbers of the seed that cannot both be right (or that do not add up)."""

    topic: str
    says: str
    check: str
    source: str


#: Where seed 003's own numbers disagree; the chapter points these out instead of copying them.
SEED_INCONSISTENCIES: tuple[Inconsistency, ...] = (
    Inconsistency("客服中心数量", "背景一节说有七个客服中心",
                  "调整措施一节说“两个新建的客服中心”加“其余四个”,只有 2 + 4 = 6 个",
                  "003 一、四(二)1"),
    Inconsistency("燃气具毛利润", "燃气具销售收入 2890 万元,毛利率 35%,毛利润 1004.5 万元",
                  "2890 × 35% = 1011.5 万元,与 1004.5 万元差 7 万元",
                  "003 六 4"),
    Inconsistency("居民用户数", "背景一节说已开通居民用户 44 万户",
                  "经验总结一节说某财年居民在册用户 34.5 万户;两处口径或年份不同,材料没有说明",
                  "003 一、六 4"),
    Inconsistency("代理费增长率", "第一年代理费同比增长 129.7%",
                  "表中代理费 117 → 267 万元,算出约 128.2%;即使两数都是四舍五入后的数,"
                  "最大也只有 267.5 ÷ 116.5 − 1 ≈ 129.6%;按 668 × 40% = 267.2 算是 128.4%",
                  "003 一、五(一)"),
    Inconsistency("与集团比例的差距", "第二张方案表说一线员工“低于集团提成比例 7.48 个百分点”",
                  "集团规定为销售额的 20%,第二次调整后合计 13.9%,差 6.1 个百分点;"
                  "一线 10% 与 20% 差 10 个百分点;7.48 从何而来,材料没有说明",
                  "003 四(四)"),
)
