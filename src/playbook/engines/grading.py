"""客户分级 (customer grading): 000 §1.3's five criteria, 002 §4.4.2's 客户金字塔, 002 §4.1's checks.

- **Grade A/B/C.** Each customer is rated 1–5 on the five criteria of 000 §1.3 (:data:`CRITERIA`):
  购油的稳定性、价格的敏感程度、需求量的大小、忠诚度、属性. Price sensitivity is rated as the
  customer shows it (5 = very sensitive) and counts inverted, since a less sensitive customer is
  the better one (002 §4.1.2 优质客户(2)). The weighted mean (weights the user sets; equal by
  default) becomes a score 0–100; A at ≥ 75, B at ≥ 50, else C. The seed gives the criteria, not
  weights nor cut-offs: both defaults are this book's assumption and are parameters.
- **客户金字塔.** The seed ranks by value: 重要客户 = "能够给企业带来最大价值的前 1%的客户"
  (002 §4.4.2), and breaks off inside tier 2's description ("…他们也没"). Customers are ranked by
  their gross-profit contribution 年用量 × 毛利 where the table has both columns, otherwise by
  score (ties: larger demand first); the other shares (主要客户 next 4 %, 普通客户 next 15 %, 小客户
  the rest) are the common textbook split, stated as an assumption (:data:`ASSUMED_PYRAMID`) and
  editable.
- **Objective columns** (an ERP export): 年用量 (吨/年) → 需求量, 毛利 (元/吨) → 价格敏感度 (a
  higher margin, a less price-sensitive customer), 最近进油 (a date, or 未进油月数) → 稳定性, each
  banded into a 1–5 rating by editable thresholds (:data:`DEFAULT_BANDS`) when the rating column
  is blank or absent; 回款天数 above a limit (default 60 days) answers 赊账欠款 是 (the five criteria
  have no payment criterion; 002 §4.1.2 has it as the big customer's 财务风险).
- **公共客户.** 000 §9.5: a customer who has not bought for 3 consecutive months may be moved to the
  public pool; :func:`grade` flags them (``public``) from 最近进油 / 未进油月数. 客户经理 (owner) is
  carried through, so the plan link can split the graded book by rep.
- **Checks.** 002 §4.1.2: the four risks of a big customer (大客户不一定是优质客户) and the
  优质 / 劣质 criteria as yes/no answers (:data:`CHECKS`); :func:`grade` lists what each
  customer meets and warns when a big customer carries risks.

:func:`read_table` reads a CSV (UTF-8 or GBK), an xlsx (openpyxl, in Jupyter) or an Excel paste
into rows through :mod:`playbook.sheets` (size and extent capped);
:func:`customers_from_rows` validates them. Standard library only except the xlsx reader.
Fast enough for 10 000 customers well under a second (``benchmarks/bench_grading.py``).

Usage (one customer, equal weights: price sensitivity 2 counts as 6 − 2 = 4, so the mean rating
is 4.4 and the score (4.4 − 1) × 25 = 85, above the A line):

>>> from playbook.engines.grading import CRITERIA, Customer, grade, score
>>> ratings = {"stability": 5, "price_sensitivity": 2, "volume": 4, "loyalty": 5, "attribute": 4}
>>> round(score(ratings, {c.id: 1.0 for c in CRITERIA}), 1)
85.0
>>> graded = grade([Customer("甲油站", ratings)]).customers[0]
>>> graded.grade, graded.tier
('A', '重要客户')
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from collections.abc import Iterable, Mapping

from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import clean_line, require_number, to_float

__all__ = ["ASSUMED_PYRAMID", "Band", "CHECKS", "CRITERIA", "DEFAULT_BANDS", "DEFAULT_CUTS", "GRADES", "TIERS", "Customer",
           "GradedCustomer", "Grading", "customers_from_rows", "grade", "read_table", "score"]


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str          # 000 §1.3's words
    column: str         # CSV column header
    higher_is_better: bool
    help: str


#: 000 §1.3 批发客户分类依据, in the seed's order. Ratings 1–5.
CRITERIA: tuple[Criterion, ...] = (
    Criterion("stability", "购油的稳定性", "稳定性", True, "5 = 每月按计划稳定进油"),
    Criterion("price_sensitivity", "价格的敏感程度", "价格敏感度", False, "5 = 非常敏感,差一分钱就走"),
    Criterion("volume", "需求量的大小", "需求量", True, "5 = 需求量最大的一档"),
    Criterion("loyalty", "忠诚度", "忠诚度", True, "5 = 长期只从我们这里进油"),
    Criterion("attribute", "属性", "属性", True, "按公司对客户属性(终端用户、加油站、中间商等)的政策打分"),
)
_BY_ID = {c.id: c for c in CRITERIA}
GRADES = ("A", "B", "C")
#: Score cut-offs (0–100) for A and B: the book's assumption.
DEFAULT_CUTS = (75.0, 50.0)
TIERS = ("重要客户", "主要客户", "普通客户", "小客户")
#: Cumulative shares of the pyramid's upper tiers: 1 % is the seed's (002 §4.4.2); 5 % and 20 %
#: (i.e. 4 % and 15 %) are the textbook split the seed breaks off before — an assumption.
ASSUMED_PYRAMID = (0.01, 0.05, 0.20)


@dataclass(frozen=True)
class Check:
    id: str
    group: str      # "risk" (大客户四大风险), "good" (优质), "bad" (劣质)
    label: str
    column: str


#: 002 §4.1.2 as yes/no checks.
CHECKS: tuple[Check, ...] = (
    Check("risk_finance", "risk", "财务风险:要求赊账,容易成为“欠款大户”", "赊账欠款"),
    Check("risk_profit", "risk", "利润风险:讨价还价、提出额外要求", "额外要求"),
    Check("risk_management", "risk", "管理风险:窜货、私自提价或降价,扰乱市场秩序", "扰乱市场"),
    Check("risk_churn", "risk", "流失风险:可能叛离或“自立门户”", "可能流失"),
    Check("good_demand", "good", "购买欲望强、购买力大,需求量足够大", "需求足"),
    Check("good_profit", "good", "能保证盈利:对价格不敏感、付款及时、信誉好", "盈利信誉好"),
    Check("good_cost", "good", "服务成本的相对比例低", "服务成本低"),
    Check("good_relation", "good", "正确处理与企业的关系:忠诚度高、经营风险小、前景好", "关系良好"),
    Check("good_partner", "good", "提出新要求、帮助企业提高,愿建立长期伙伴关系", "长期伙伴"),
    Check("bad_costly", "bad", "买得很少却要求很多,服务费用高", "买少要求多"),
    Check("bad_credit", "bad", "不讲信誉,带来呆账坏账甚至诉讼", "不讲信誉"),
    Check("bad_distract", "bad", "让企业做不擅长或做不了的事,分散注意力", "分散精力"),
)
_CHECK_BY_COLUMN = {c.column: c for c in CHECKS}
_RISK_IDS = tuple(c.id for c in CHECKS if c.group == "risk")
_GOOD_IDS = tuple(c.id for c in CHECKS if c.group == "good")
_BAD_IDS = tuple(c.id for c in CHECKS if c.group == "bad")
MAX_CUSTOMERS = 200_000


@dataclass(frozen=True)
class Band:
    """An objective column banded into a criterion's 1–5 rating by four ascending thresholds."""

    column: str                 # the table's header
    criterion: str              # criterion id it rates
    unit: str
    thresholds: tuple[float, float, float, float]
    higher_rating_when_higher: bool   # 年用量: more → 5; 未进油月数: more → 1

    def rating(self, value: float) -> float:
        """1–5: the number of thresholds ``value`` reaches, plus one (reversed when lower is better)."""
        reached = sum(value >= t for t in self.thresholds)
        return float(1 + reached if self.higher_rating_when_higher else 5 - reached)


#: The book's default bands (assumptions, editable): a wholesale customer buying 5 000 t a year is
#: in the top band; a margin of 300 元/吨 or more is a customer who does not haggle; a purchase in
#: the last month is stable buying.
DEFAULT_BANDS: tuple[Band, ...] = (
    Band("年用量", "volume", "吨/年", (100.0, 500.0, 2000.0, 5000.0), True),
    Band("毛利", "price_sensitivity", "元/吨", (50.0, 100.0, 200.0, 300.0), False),
    Band("未进油月数", "stability", "个月", (1.0, 2.0, 3.0, 6.0), False),
)
#: 回款天数 above this answers 赊账欠款 是 (the book's assumption).
DEFAULT_CREDIT_DAYS = 60.0
#: 000 §9.5: months without a purchase after which a customer may become a 公共客户.
PUBLIC_AFTER_MONTHS = 3
OBJECTIVE_COLUMNS = ("年用量", "毛利", "回款天数", "最近进油", "未进油月数")


@dataclass(frozen=True)
class Customer:
    name: str
    ratings: Mapping[str, float]             # criterion id → 1–5
    checks: frozenset[str] = frozenset()     # ids of CHECKS answered 是
    owner: str = ""                          # 客户经理
    months_idle: float | None = None         # months since the last purchase
    value: float | None = None               # 年用量 × 毛利 (元/年) where both are known


@dataclass(frozen=True)
class GradedCustomer:
    name: str
    score: float            # 0–100
    grade: str              # A/B/C
    rank: int               # 1 = best
    tier: str               # of the pyramid
    risks: tuple[str, ...]
    good: tuple[str, ...]
    bad: tuple[str, ...]
    warnings: tuple[str, ...]
    ratings: Mapping[str, float] = field(default_factory=dict)
    owner: str = ""
    public: bool = False     # 000 §9.5: may be moved to the 公共客户 pool
    months_idle: float | None = None


@dataclass(frozen=True)
class Grading:
    customers: tuple[GradedCustomer, ...]    # in input order
    weights: Mapping[str, float]
    cuts: tuple[float, float]
    pyramid_shares: tuple[float, float, float]
    grade_counts: Mapping[str, int]
    tier_counts: Mapping[str, int]
    #: "value" when the pyramid ranks by 年用量 × 毛利, "score" otherwise.
    ranked_by: str = "score"

    def ranked(self) -> list[GradedCustomer]:
        return sorted(self.customers, key=lambda c: c.rank)


def _weights(weights: Mapping[str, object] | None) -> dict[str, float]:
    if weights is None:
        return {c.id: 1.0 for c in CRITERIA}
    out = {}
    for c in CRITERIA:
        out[c.id] = require_number(weights.get(c.id, 1.0), f"weights.{c.id}", f"“{c.label}”的权重", 0, 100, "")
    unknown = set(weights) - set(out)
    if unknown:
        raise PlaybookInputError("weights", code="unknown_names", what="这些分类依据", where="五项分类依据",
                                 names='、'.join(sorted(map(str, unknown))))
    if sum(out.values()) <= 0:
        raise PlaybookInputError("weights", code="grading_zero_weights")
    return out


@guarded("ratings")
def score(ratings: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Weighted score 0–100 of ratings 1–5 (price sensitivity inverted)."""
    total = sum(weights.values())
    mean = sum(w * (r if _BY_ID[k].higher_is_better else 6 - r)
               for k, w in weights.items() for r in (ratings[k],)) / total
    return (mean - 1) * 25


def _pyramid(shares: object) -> tuple[float, float, float]:
    if shares is None:
        return ASSUMED_PYRAMID
    try:
        values: tuple[object, ...] = tuple(shares)  # type: ignore[arg-type]  # any iterable; TypeError below
    except TypeError:
        values = ()
    if len(values) != 3:
        raise PlaybookInputError("pyramid_shares", code="grading_pyramid_three")
    out = tuple(require_number(v, "pyramid_shares", f"金字塔{TIERS[i]}的累计比例", 0, 1, "")
                for i, v in enumerate(values))
    if not out[0] <= out[1] <= out[2]:
        raise PlaybookInputError("pyramid_shares", code="grading_pyramid_order")
    return out[0], out[1], out[2]


@guarded("customers")
def grade(customers: Iterable[Customer], *, weights: Mapping[str, object] | None = None,
          cuts: tuple[object, object] = DEFAULT_CUTS, pyramid_shares: object = None,
          public_after_months: object = PUBLIC_AFTER_MONTHS) -> Grading:
    """Grade customers A/B/C, place them on the pyramid and run the 002 §4.1 checks and 000 §9.5's
    公共客户 rule (no purchase for ``public_after_months`` months)."""
    idle_limit = require_number(public_after_months, "public_after_months", "划归公共客户的未进油月数", 1, 24, "个月")
    w = _weights(weights)
    a_cut = require_number(cuts[0], "cuts", "A 类分数线", 0, 100, "分")
    b_cut = require_number(cuts[1], "cuts", "B 类分数线", 0, 100, "分")
    if b_cut > a_cut:
        raise PlaybookInputError("cuts", code="grading_cuts", b_cut=b_cut, a_cut=a_cut)
    shares = _pyramid(pyramid_shares)
    items = list(customers)
    if not items:
        raise PlaybookInputError("customers", code="grading_no_customers")
    if len(items) > MAX_CUSTOMERS:
        raise PlaybookInputError("customers", code="count_range", label="客户数", low=1, high=MAX_CUSTOMERS,
                                 count=len(items))
    keys = tuple(_BY_ID)
    for c in items:
        for k in keys:
            try:
                v = c.ratings[k]
            except (KeyError, TypeError):
                v = None
            if v is None or type(v) not in (int, float) or not 1 <= v <= 5:
                require_number(v, k, f"客户“{c.name}”的“{_BY_ID[k].label}”评分", 1, 5, "")
    total_w = sum(w.values())
    plus = [(k, wt / total_w) for k, wt in w.items() if _BY_ID[k].higher_is_better]
    minus = [(k, wt / total_w) for k, wt in w.items() if not _BY_ID[k].higher_is_better]
    offset = sum(wt for _, wt in minus) * 6     # inverted ratings count as 6 − r
    scores = [(sum(wt * r[k] for k, wt in plus) - sum(wt * r[k] for k, wt in minus) + offset - 1) * 25
              for r in (c.ratings for c in items)]
    by_value = all(c.value is not None for c in items)
    if by_value:      # 002 §4.4.2 ranks by value: gross-profit contribution
        order = sorted(range(len(items)), key=lambda i: (-(items[i].value or 0.0), -scores[i], i))
    else:
        order = sorted(range(len(items)), key=lambda i: (-scores[i], -items[i].ratings["volume"], i))
    n = len(items)
    bounds = [math.ceil(n * s - 1e-9) for s in shares]
    rank = [0] * n
    for r, i in enumerate(order, 1):
        rank[i] = r
    labels = {c.id: c.label for c in CHECKS}
    out, grade_counts, tier_counts = [], dict.fromkeys(GRADES, 0), dict.fromkeys(TIERS, 0)
    for i, c in enumerate(items):
        s = round(scores[i], 1)
        g = "A" if s >= a_cut else "B" if s >= b_cut else "C"
        ri = rank[i]
        tier = (TIERS[0] if ri <= bounds[0] else TIERS[1] if ri <= bounds[1]
                else TIERS[2] if ri <= bounds[2] else TIERS[3])
        if c.checks:
            risks = tuple(labels[k] for k in _RISK_IDS if k in c.checks)
            good = tuple(labels[k] for k in _GOOD_IDS if k in c.checks)
            bad = tuple(labels[k] for k in _BAD_IDS if k in c.checks)
        else:
            risks = good = bad = ()
        warnings = []
        if risks and c.ratings["volume"] >= 4:
            warnings.append(f"需求量大但有 {len(risks)} 项风险:大客户不一定是优质客户(002 §4.1.2)")
        if bad:
            warnings.append(f"符合 {len(bad)} 条“劣质”客户特征")
        if g == "C" and len(good) >= 3:
            warnings.append("分数低但符合多条“优质”标准:小客户也可能是优质客户,按终生价值看")
        public = c.months_idle is not None and c.months_idle >= idle_limit
        if public:
            warnings.append(f"已连续 {c.months_idle:g} 个月未进油:按 000 §9.5 可公示并划归公共客户")
        grade_counts[g] += 1
        tier_counts[tier] += 1
        out.append(GradedCustomer(c.name, s, g, rank[i], tier, risks, good, bad, tuple(warnings),
                                  c.ratings, c.owner, public, c.months_idle))
    return Grading(tuple(out), w, (a_cut, b_cut), shares, grade_counts, tier_counts,
                   "value" if by_value else "score")


# ------------------------------------------------------------------ input
_YES = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对"}
_NO = {"", "否", "无", "n", "no", "false", "0", "×", "不"}


def _rating(text: object, field: str, label: str, row: int) -> float:
    # Through normalize only: a TRUE cell is not the rating 1 (N19), "1,5" is not 15.
    raw = str(text if text is not None else "").strip()
    if raw == "":
        raise PlaybookInputError(field, code="row_empty", where="", row=row, column=label)
    try:
        value = to_float(text, field, label)        # full-width digits, numpy scalars …
    except PlaybookInputError:
        raise PlaybookInputError(field, code="row_number", where="", row=row, column=label, low=1, high=5,
                                 received=raw[:20]) from None
    return require_number(value, field, f"第 {row} 行“{label}”", 1, 5, "")


def _objective(value: object, label: str, row: int, hi: float) -> float | None:
    """An objective cell as a number 0–hi (None when blank); errors name the row and column."""
    if value is None or str(value).strip() == "":
        return None
    try:
        x = to_float(value, label, label)
    except PlaybookInputError:
        raise PlaybookInputError(label, code="row_number", where="", row=row, column=label, low=0, high=hi,
                                 received=str(value)[:20]) from None
    return require_number(x, label, f"第 {row} 行“{label}”", 0, hi, "")


def months_between(last: date, today: date) -> int:
    """Whole months from ``last`` to ``today`` (2026-09-15 → 2026-12-14: 2; → 12-15: 3)."""
    months = (today.year - last.year) * 12 + today.month - last.month
    return max(0, months - (1 if today.day < last.day else 0))


def _last_purchase(value: object, row: int, today: date) -> float | None:
    import datetime as dt

    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value).strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").replace("日", "")
        parts = [p for p in text.split("-") if p]
        try:
            y, m = int(parts[0]), int(parts[1])
            d = int(parts[2]) if len(parts) > 2 else 1
            value = dt.date(y, m, d)
        except (ValueError, IndexError):
            raise PlaybookInputError("最近进油", code="grading_delivery_date", row=row, received=str(value)[:20]) from None
    if value > today:
        raise PlaybookInputError("最近进油", code="grading_future_delivery", row=row, got=value, today=today)
    return float(months_between(value, today))


def band_from_text(base: Band, text: str) -> Band:
    """``base`` with the thresholds typed in a box (``30,60,120,240``; full-width comma or 、 too);
    the numbers are read by :func:`check_bands` (through :mod:`playbook.normalize`)."""
    raw = str(text).replace("\uff0c", ",").replace("、", ",")
    parts = [x.strip() for x in raw.split(",") if x.strip()]
    if len(parts) != 4:
        raise PlaybookInputError("bands", code="grading_bands_text", column=base.column,
                                 example=','.join(f'{x:g}' for x in base.thresholds), received=text)
    return Band(base.column, base.criterion, base.unit, tuple(parts), base.higher_rating_when_higher)  # type: ignore[arg-type]  # raw text; check_bands reads the numbers


def check_bands(bands: Iterable[Band] | None) -> tuple[Band, ...]:
    """Bands with ascending thresholds ≥ 0, or the Chinese error naming the column."""
    out = []
    for b in (DEFAULT_BANDS if bands is None else tuple(bands)):
        t = tuple(require_number(x, "bands", f"“{b.column}”的分档界限", 0, 1e9, b.unit) for x in b.thresholds)
        if len(t) != 4 or any(t[i] >= t[i + 1] for i in range(3)):
            raise PlaybookInputError("bands", code="grading_bands", column=b.column, received=b.thresholds)
        out.append(Band(b.column, b.criterion, b.unit, t, b.higher_rating_when_higher))
    return tuple(out)


@guarded("rows")
def customers_from_rows(rows: Iterable[Mapping[str, object]], *, bands: Iterable[Band] | None = None,
                        credit_days: object = DEFAULT_CREDIT_DAYS, today: date | None = None) -> list[Customer]:
    """Customers from table rows keyed by the Chinese headers: 客户; the five ratings 稳定性,
    价格敏感度, 需求量, 忠诚度, 属性 (1–5), any of which may instead come from an objective column
    (年用量, 毛利, 最近进油 or 未进油月数; ``bands``); optional 回款天数, 客户经理 and the 是/否 columns
    of :data:`CHECKS`. Errors name row and column."""
    import datetime as dt

    today = today or dt.date.today()
    bands = check_bands(bands)
    band_for = {b.criterion: b for b in bands}
    limit = require_number(credit_days, "credit_days", "视为赊账的回款天数", 0, 3650, "天")
    out: list[Customer] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):           # row 1 is the header
        name = clean_line(str(row.get("客户") or ""))
        if not name:
            if not any(str(v or "").strip() for v in row.values()):
                continue                             # blank line
            raise PlaybookInputError("客户", code="row_empty", where="", row=n, column="客户")
        if name in seen:
            raise PlaybookInputError("客户", code="duplicate", where=f"第 {n} 行的", what="客户名称", name=name)
        seen.add(name)
        volume = _objective(row.get("年用量"), "年用量", n, 1e9)
        margin = _objective(row.get("毛利"), "毛利", n, 1e6)
        idle = _objective(row.get("未进油月数"), "未进油月数", n, 1200)
        last = _last_purchase(row.get("最近进油"), n, today)
        idle = last if last is not None else idle
        facts = {"年用量": volume, "毛利": margin, "未进油月数": idle}
        ratings = {}
        for c in CRITERIA:
            raw = row.get(c.column)
            band = band_for.get(c.id)
            fact = facts.get(band.column) if band is not None else None
            if (raw is None or str(raw).strip() == "") and band is not None and fact is not None:
                ratings[c.id] = band.rating(fact)
            else:
                ratings[c.id] = _rating(raw, c.id, c.column, n)
        checks = set()
        for column, check in _CHECK_BY_COLUMN.items():
            answer = row.get(column)
            if not answer:
                continue
            answer = str(answer).strip().lower()
            if answer in _YES:
                checks.add(check.id)
            elif answer not in _NO:
                raise PlaybookInputError(check.id, code="choice", label=f"第 {n} 行“{column}”", allowed="是、否",
                                         received=answer)
        days = _objective(row.get("回款天数"), "回款天数", n, 3650)
        if days is not None and days > limit:
            checks.add("risk_finance")
        value = volume * margin if volume is not None and margin is not None else None
        out.append(Customer(name, ratings, frozenset(checks), clean_line(str(row.get("客户经理") or "")), idle, value))
    if not out:
        raise PlaybookInputError("客户", code="grading_no_rows")
    return out


REQUIRED_COLUMNS = ("客户", *(c.column for c in CRITERIA))
CSV_TEMPLATE_COLUMNS = ("客户", "客户经理", *(c.column for c in CRITERIA), "年用量", "毛利", "回款天数", "最近进油",
                        *(c.column for c in CHECKS))


#: Header spellings each column accepts (ERP exports and Excel pastes vary).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "客户": ("客户名称", "名称", "客户名"), "客户经理": ("业务员", "销售", "负责人", "归属"),
    "年用量": ("年用量(吨)", "年销量", "年购油量", "用量"), "毛利": ("毛利(元/吨)", "吨毛利", "单吨毛利"),
    "回款天数": ("回款期", "账期", "账期(天)"), "最近进油": ("最近进油日期", "最后进油", "最近购买", "最近下单"),
    "未进油月数": ("未购买月数",),
}


def read_table(data: bytes | str, filename: str = "customers.csv") -> list[dict[str, object]]:
    """Rows of a CSV/TSV (UTF-8 or GBK), an xlsx's first sheet, or text pasted from Excel
    (tab-separated), keyed by the header row (:mod:`playbook.sheets`: size and extent capped);
    checks that 客户 and, for each criterion, its rating or its objective column are there."""
    from playbook import sheets

    values = sheets.read_text(data) if isinstance(data, str) else sheets.read_rows(data, filename)
    if not values:
        raise PlaybookInputError("file", code="file_empty", name="客户表")
    columns = {c: COLUMN_ALIASES.get(c, ()) for c in ("客户", "客户经理", *(c.column for c in CRITERIA),
                                                      *OBJECTIVE_COLUMNS, *(c.column for c in CHECKS))}
    names = [str(h).strip().replace(" ", "") for h in values[0]]
    twice = sorted({h for h in names if h and names.count(h) > 1})
    if twice:
        raise PlaybookInputError("file", code="duplicate_column", name="表格", column=twice[0][:30])
    header = set(names)
    found = {name for name, spellings in columns.items() if name in header or header & set(spellings)}
    objective_for = {b.criterion: b.column for b in DEFAULT_BANDS}
    missing = []
    for c in CRITERIA:
        alt = objective_for.get(c.id)
        if c.column in found or (alt and (alt in found or (alt == "未进油月数" and "最近进油" in found))):
            continue
        missing.append(c.column + (f"(或“{alt}”)" if alt else ""))
    if "客户" not in found:
        missing.insert(0, "客户")
    if missing:
        seen = "、".join(str(h) for h in values[0] if str(h).strip()) or "(空)"
        raise PlaybookInputError("file", code="header_missing", missing="、".join(missing), found=seen)
    return sheets.records(values, columns)


def template_csv() -> bytes:
    """An empty CSV template with every column (UTF-8 with BOM, for Excel)."""
    return ("\ufeff" + ",".join(CSV_TEMPLATE_COLUMNS) + "\r\n").encode("utf-8")


OUTPUT_COLUMNS = ("排名", "客户", "得分", "级别", "金字塔层级", "风险", "优质标准", "劣质特征", "客户经理",
                  "公共客户", "提示")


def rows(result: Grading) -> list[tuple[object, ...]]:
    """The graded table in rank order (:data:`OUTPUT_COLUMNS`)."""
    return [(c.rank, c.name, f"{c.score:.1f}", c.grade, c.tier, len(c.risks), len(c.good), len(c.bad),
             c.owner, "是" if c.public else "", ";".join(c.warnings)) for c in result.ranked()]


def to_csv(result: Grading) -> bytes:
    """The graded table as CSV, UTF-8 with BOM (Excel opens it with the Chinese intact)."""
    from playbook.spreadsheet import csv_bytes

    return csv_bytes(OUTPUT_COLUMNS, rows(result))


#: A small sample list (fictional customers) for the widget and the chapter.
SAMPLE_CSV = """客户,稳定性,价格敏感度,需求量,忠诚度,属性,赊账欠款,额外要求,扰乱市场,可能流失,需求足,盈利信誉好,服务成本低,关系良好,长期伙伴,买少要求多,不讲信誉,分散精力
华东物流公司,5,2,5,4,5,,,,,是,是,,是,是,,,
某水泥厂,4,3,5,3,4,是,是,,,是,,,,,,,
城西民营加油站,4,4,3,3,4,,,,,,,是,是,,,,
某建工集团,3,4,5,2,3,是,,,是,是,,,,,,,
县城个体加油点,2,5,1,2,2,,,,,,,,,,是,,
新开业加油站,3,2,2,4,4,,,,,,是,是,是,是,,,
某调油商,2,5,4,1,1,,是,是,是,,,,,,,是,
农机合作社,4,3,2,5,3,,,,,,是,是,是,,,,
"""
