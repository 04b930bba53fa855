"""客户分级's data: 000 §1.3's five criteria (:data:`CRITERIA`), 002 §4.1.2's yes/no checks
(:data:`CHECKS`), the bands that turn an ERP export's objective columns into ratings
(:data:`DEFAULT_BANDS`), the book's assumed defaults (score cut-offs, pyramid shares, credit
days, 公共客户 months), and the records a grading takes and gives (:class:`Customer`,
:class:`GradedCustomer`, :class:`Grading`). The grading itself is :mod:`playbook.engines.grading`.

Usage (an objective column banded into a rating: 600 t a year reaches two of 年用量's four
thresholds, so 需求量 is rated 3):

>>> from playbook.engines.grading_rules import CRITERIA, DEFAULT_BANDS
>>> [c.column for c in CRITERIA]
['稳定性', '价格敏感度', '需求量', '忠诚度', '属性']
>>> DEFAULT_BANDS[0].column, DEFAULT_BANDS[0].rating(600.0)
('年用量', 3.0)

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


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
