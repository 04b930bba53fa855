"""增值业务提成计算 (value-added commission calculator), seed 003 三(一) and 四(四).

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

:class:`PayPlan` makes a scheme editable data (base pay, marginal tiers or accelerators, pools
for departments or split among the team, a per-person cap, a ceiling as a share of sales); the
seed's two schemes are presets in :data:`PAY_PLANS` and :func:`payroll` gives the per-person sheet.

Commissions are the company's policy, paid through payroll; nothing here is a payment to any
individual outside it. Standard library only (runs in the reader's browser).

Usage (10 000 元 of insurance under the seed's second scheme: 一线 10 % + 二线 3.9 % = 13.9 %, well
inside the group's ceiling of 20 %; at a 服务站 the department's 2 % becomes 3 %):

>>> from playbook.engines.value_added import commission
>>> r = commission(10_000, "second")
>>> r.first_line, r.second_line, r.total, r.agency_fee, r.group_cap, r.remainder
(Decimal('1000.00'), Decimal('390.00'), Decimal('1390.00'), Decimal('4000.00'), Decimal('2000.00'), Decimal('2610.00'))
>>> commission(10_000, "second", service_station=True).total
Decimal('1490.00')
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from playbook.errors import PlaybookInputError
from playbook.normalize import MAGNITUDES, to_decimal

__all__ = ["AGENCY_FEE_RATE", "GROUP_CAP_RATE", "INSURANCE_OFFER", "SCHEMES", "SEED_INCONSISTENCIES",
           "CommissionLine", "CommissionResult", "InsuranceProduct", "Scheme", "SchemeLine",
           "commission", "insurance_offer", "scheme", "schemes",
           "PAY_PLANS", "PayPlan", "Payroll", "Pool", "Tier", "parse_people", "parse_pools", "parse_tiers",
           "payroll", "payroll_rows", "plan_from_text", "tiered"]

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
        raise PlaybookInputError("scheme_id", code="choice", label="提成方案", allowed=names, received=scheme_id) from None


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
                  "003 引言、五"),
    Inconsistency("与集团比例的差距", "第二张方案表说一线员工“低于集团提成比例 7.48 个百分点”",
                  "集团规定为销售额的 20%,第二次调整后合计 13.9%,差 6.1 个百分点;"
                  "一线 10% 与 20% 差 10 个百分点;7.48 从何而来,材料没有说明",
                  "003 四(四)"),
)


# ------------------------------------------------------------------ editable pay plans, per-person sheet
@dataclass(frozen=True)
class Tier:
    """A marginal commission tier: ``rate`` on the part of a person's sales above ``above`` 元
    (up to the next tier's threshold). One tier from 0 is a flat rate; rising rates are an
    accelerator."""

    above: Decimal
    rate: Decimal


@dataclass(frozen=True)
class Pool:
    """A pool of ``rate`` × the team's total sales: paid to a department (``split`` False, as the
    seed's 二线 lines), or split among the people in proportion to their sales (``split`` True)."""

    label: str
    rate: Decimal
    split: bool = False


@dataclass(frozen=True)
class PayPlan:
    """An editable commission scheme, as data."""

    id: str
    name: str
    base: Decimal                     # 底薪 per person for the period, 元
    tiers: tuple[Tier, ...]           # on each person's own sales
    pools: tuple[Pool, ...] = ()
    cap: Decimal | None = None        # most commission (tiers + pool share) per person, 元
    total_cap_rate: Decimal | None = None   # ceiling of all commissions as a share of sales (the seed's 20 %)
    source: str = ""


def _seed_plan(s: Scheme) -> PayPlan:
    first = [ln for ln in s.lines if ln.line == "first"]
    return PayPlan(f"seed-{s.id}", s.name + "(材料 003)", Decimal(0),
                   tuple(Tier(Decimal(0), ln.rate) for ln in first),
                   tuple(Pool(ln.label, ln.rate) for ln in s.lines if ln.line == "second"),
                   None, GROUP_CAP_RATE, s.source)


#: Presets: the seed's two schemes, and an example for an oil sales team (the book's, labelled).
PAY_PLANS: dict[str, PayPlan] = {p.id: p for p in (
    _seed_plan(SCHEMES["first"]), _seed_plan(SCHEMES["second"]),
    PayPlan("example-oil", "成品油销售团队示例(本书示例,非材料)", Decimal("4000"),
            (Tier(Decimal(0), Decimal("0.010")), Tier(Decimal("300000"), Decimal("0.015")),
             Tier(Decimal("600000"), Decimal("0.020"))),
            (Pool("团队奖金池", Decimal("0.002"), True),), Decimal("20000"), None,
            "本书示例:底薪 + 超额累进提成 + 团队奖金池 + 个人封顶"),
)}

MAX_PEOPLE = 500
PAYROLL_HEADER = ("姓名", "销售额", "底薪", "个人提成", "团队奖金", "封顶扣减", "应发合计")


def _rate_text(text: str, where: str) -> Decimal:
    t = str(text).strip().replace("%", "").replace("\uff05", "")
    try:
        value = to_decimal(t, "rate", where) / 100
    except PlaybookInputError:
        raise PlaybookInputError("rate", code="percent_text", where=where, received=text) from None
    if not 0 <= value <= 1:
        raise PlaybookInputError("rate", code="percent_text", where=where, received=text)
    return value


def _money_text(text: object, where: str, hi: Decimal = MAX_SALES) -> Decimal:
    t = str(text).strip().replace(",", "").replace("\uff0c", "")
    scale = Decimal(1)
    if t.endswith("万"):
        t, scale = t[:-1], Decimal(10_000)
    try:
        value = to_decimal(t, "money", where) * scale
    except PlaybookInputError:
        raise PlaybookInputError("money", code="money_text", where=where, hi=f"{hi:,.0f}", received=text) from None
    if not 0 <= value <= hi:
        raise PlaybookInputError("money", code="money_text", where=where, hi=f"{hi:,.0f}", received=text)
    return value


def parse_tiers(text: str) -> tuple[Tier, ...]:
    """``"0:1%, 30万:1.5%, 60万:2%"`` → tiers (thresholds ascending, the first at 0)."""
    out = []
    for n, part in enumerate([p for p in str(text).replace(";", ",").replace("\uff0c", ",").replace("\uff1b", ",").split(",")
                              if p.strip()], 1):
        bits = part.replace("\uff1a", ":").split(":")
        if len(bits) != 2:
            raise PlaybookInputError("tiers", code="line_format", where="提成档位", row=n, part="档", pattern="起点:比例",
                                     example="30万:1.5%", received=part.strip())
        out.append(Tier(_money_text(bits[0], f"提成档位第 {n} 档的起点"), _rate_text(bits[1], f"提成档位第 {n} 档的比例")))
    if not out:
        raise PlaybookInputError("tiers", code="tiers_empty")
    if out[0].above != 0 or any(a.above >= b.above for a, b in zip(out, out[1:], strict=False)):
        raise PlaybookInputError("tiers", code="tiers_order")
    return tuple(out)


def parse_pools(text: str) -> tuple[Pool, ...]:
    """``"客户服务部:4%; 团队奖金池*:0.2%"`` → pools; a ``*`` after the name splits the pool among
    the people by their sales."""
    out = []
    for n, part in enumerate([p for p in str(text).replace("\uff1b", ";").replace("\n", ";").split(";") if p.strip()], 1):
        bits = part.replace("\uff1a", ":").split(":")
        if len(bits) != 2 or not bits[0].strip().rstrip("*"):
            raise PlaybookInputError("pools", code="line_format", where="奖金池", row=n, part="项", pattern="名称:比例",
                                     example="客户服务部:4%", received=part.strip())
        label = bits[0].strip()
        out.append(Pool(label.rstrip("*").strip(), _rate_text(bits[1], f"奖金池“{label.rstrip('*')}”的比例"),
                        label.endswith("*")))
    return tuple(out)


def tiered(sales: Decimal, tiers: tuple[Tier, ...]) -> Decimal:
    """Commission on ``sales`` by marginal tiers, to the cent."""
    total = Decimal(0)
    for k, t in enumerate(tiers):
        upper = tiers[k + 1].above if k + 1 < len(tiers) else None
        if sales <= t.above:
            break
        part = (min(sales, upper) if upper is not None else sales) - t.above
        total += part * t.rate
    return _money(total)


@dataclass(frozen=True)
class PayRow:
    name: str
    sales: Decimal
    base: Decimal
    own: Decimal          # tiered commission
    pool_share: Decimal   # share of split pools
    capped: Decimal       # amount cut by the cap (≥ 0)
    total: Decimal        # base + own + pool_share − capped


@dataclass(frozen=True)
class Payroll:
    plan: PayPlan
    rows: tuple[PayRow, ...]
    departments: tuple[tuple[str, Decimal, Decimal], ...]   # (label, rate, amount) of unsplit pools
    team_sales: Decimal
    commissions: Decimal        # all commissions: people's (after caps) + departments
    warnings: tuple[str, ...]


def payroll(people: Iterable[tuple[str, object]], plan: PayPlan) -> Payroll:
    """The per-person sheet for ``people`` ((name, sales 元) pairs; sales as numbers or text such as
    "50万") under ``plan``: base, tiered commission, share of split pools, cap, total; the
    departments' pools; a warning when all commissions pass the plan's ceiling."""
    items = list(people)
    if not items:
        raise PlaybookInputError("people", code="people_empty")
    if len(items) > MAX_PEOPLE:
        raise PlaybookInputError("people", code="count_range", label="人数", low=1, high=MAX_PEOPLE, count=len(items))
    seen: set[str] = set()
    checked = []
    for n, (name, sales) in enumerate(items, 1):
        from playbook.normalize import clean_line
        label = clean_line(str(name))
        if not label:
            raise PlaybookInputError("people", code="row_empty", where="", row=n, column="姓名")
        if label in seen:
            raise PlaybookInputError("people", code="duplicate", where=f"第 {n} 行的", what="姓名", name=label)
        seen.add(label)
        checked.append((label, _money_text(sales, f"第 {n} 行“{label}”的销售额")))
    team = sum((s for _, s in checked), Decimal(0))
    split_rate = sum((p.rate for p in plan.pools if p.split), Decimal(0))
    split_total = _money(team * split_rate)
    rows = []
    for name, sales in checked:
        own = tiered(sales, plan.tiers)
        share = _money(split_total * sales / team) if team else Decimal(0)
        capped = max(Decimal(0), own + share - plan.cap) if plan.cap is not None else Decimal(0)
        rows.append(PayRow(name, _money(sales), _money(plan.base), own, share, capped,
                           _money(plan.base) + own + share - capped))
    departments = tuple((p.label, p.rate, _money(team * p.rate)) for p in plan.pools if not p.split)
    commissions = sum((r.own + r.pool_share - r.capped for r in rows), Decimal(0)) + sum(
        (a for _, _, a in departments), Decimal(0))
    warnings = []
    if plan.total_cap_rate is not None and commissions > _money(team * plan.total_cap_rate):
        warnings.append(f"提成合计 {commissions:,.2f} 元,超过上限(销售额的 {format((plan.total_cap_rate * 100).normalize(), 'f')}%,"
                        f"{_money(team * plan.total_cap_rate):,.2f} 元):方案须调整或报批。")
    over_cap = [r.name for r in rows if r.capped > 0]
    if over_cap:
        warnings.append(f"{'、'.join(over_cap)} 的提成达到个人封顶 {plan.cap:,.2f} 元,超出部分未计。")
    return Payroll(plan, tuple(rows), departments, _money(team), commissions, tuple(warnings))


def payroll_rows(p: Payroll) -> list[tuple[object, ...]]:
    """The sheet's rows (:data:`PAYROLL_HEADER`) and a 合计 row."""
    out: list[tuple[object, ...]] = [(r.name, r.sales, r.base, r.own, r.pool_share, r.capped, r.total) for r in p.rows]
    out.append(("合计", p.team_sales, *(sum((getattr(r, k) for r in p.rows), Decimal(0))
                                      for k in ("base", "own", "pool_share", "capped", "total"))))
    return out


def parse_people(text: str) -> list[tuple[str, str]]:
    """People from text or an Excel paste: ``姓名,销售额`` a line (a header line is skipped)."""
    from playbook import sheets

    rows = sheets.read_text(str(text))
    if rows and str(rows[0][0]).strip() in ("姓名", "员工", "人员", "业务员", "客户经理"):
        rows = rows[1:]
    out = []
    for n, r in enumerate(rows, 1):
        if len(r) < 2:
            raise PlaybookInputError("people", code="line_format", where="名单", row=n, part="行", pattern="姓名,销售额",
                                     example="王伟,35万", received=','.join(map(str, r)))
        out.append((str(r[0]), str(r[1])))
    return out


def plan_from_text(name: str, base: str, tiers: str, pools: str, cap: str = "", total_cap: str = "",
                   source: str = "") -> PayPlan:
    """A :class:`PayPlan` from the widget's text fields (blank cap / ceiling: none)."""
    return PayPlan("custom", name, _money_text(base or "0", "底薪", Decimal(10) ** 7), parse_tiers(tiers),
                   parse_pools(pools), _money_text(cap, "个人封顶") if str(cap).strip() else None,
                   _rate_text(total_cap, "合计上限") if str(total_cap).strip() else None, source)
