"""客户分级 (customer grading): 000 §1.3's five criteria, 002 §4.4.2's 客户金字塔, 002 §4.1's checks.

- **Grade A/B/C.** Each customer is rated 1–5 on the five criteria of 000 §1.3 (:data:`CRITERIA`):
  购油的稳定性、价格的敏感程度、需求量的大小、忠诚度、属性. Price sensitivity is rated as the
  customer shows it (5 = very sensitive) and counts inverted, since a less sensitive customer is
  the better one (002 §4.1.2 优质客户(2)). The weighted mean (weights the user sets; equal by
  default) becomes a score 0–100; A at ≥ 75, B at ≥ 50, else C. The seed gives the criteria, not
  weights nor cut-offs: both defaults are this book's assumption and are parameters.
- **客户金字塔.** Customers ranked by score (ties: larger demand first) are placed in tiers. The
  seed gives only the top: 重要客户 = the top 1 % (002 §4.4.2), and is cut off after the second
  tier's name; the other shares (主要客户 next 4 %, 普通客户 next 15 %, 小客户 the rest) are the
  common textbook split, stated as an assumption (:data:`ASSUMED_PYRAMID`) and editable.
- **Checks.** 002 §4.1.2: the four risks of a big customer (大客户不一定是优质客户) and the
  优质 / 劣质 criteria as yes/no answers (:data:`CHECKS`); :func:`grade` lists what each
  customer meets and warns when a big customer carries risks.

:func:`read_table` reads a CSV (UTF-8 or GBK) or an xlsx (openpyxl, in Jupyter) into rows;
:func:`customers_from_rows` validates them. Standard library only except the xlsx reader.
Fast enough for 10 000 customers well under a second (``benchmarks/bench_grading.py``).

Usage (equal weights by default; all 5s score 80, since price sensitivity counts inverted):

>>> from playbook.engines import grading
>>> ids = [c.id for c in grading.CRITERIA]
>>> result = grading.grade([grading.Customer("甲加油站", dict.fromkeys(ids, 5)),
...                         grading.Customer("乙物流", dict.fromkeys(ids, 3))])
>>> [(c.name, c.score, c.grade, c.tier) for c in result.customers]
[('甲加油站', 80.0, 'A', '重要客户'), ('乙物流', 50.0, 'B', '小客户')]
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from collections.abc import Iterable, Mapping

from playbook.errors import PlaybookInputError, shown, guarded
from playbook.normalize import clean_line, require_number, to_float
from playbook.spreadsheet import csv_bytes, read_rows

__all__ = ["ASSUMED_PYRAMID", "CHECKS", "CRITERIA", "DEFAULT_CUTS", "GRADES", "TIERS", "Customer",
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
class Customer:
    name: str
    ratings: Mapping[str, float]             # criterion id → 1–5
    checks: frozenset[str] = frozenset()     # ids of CHECKS answered 是


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


@dataclass(frozen=True)
class Grading:
    customers: tuple[GradedCustomer, ...]    # in input order
    weights: Mapping[str, float]
    cuts: tuple[float, float]
    pyramid_shares: tuple[float, float, float]
    grade_counts: Mapping[str, int]
    tier_counts: Mapping[str, int]

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
        raise PlaybookInputError("weights", f"未知的分类依据:{'、'.join(sorted(map(str, unknown)))}")
    if sum(out.values()) <= 0:
        raise PlaybookInputError("weights", "五项分类依据的权重不能全为 0")
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
        raise PlaybookInputError("pyramid_shares", "客户金字塔须给出三个累计比例(重要、主要、普通客户),如 1%、5%、20%")
    out = tuple(require_number(v, "pyramid_shares", f"金字塔{TIERS[i]}的累计比例", 0, 1, "")
                for i, v in enumerate(values))
    if not out[0] <= out[1] <= out[2]:
        raise PlaybookInputError("pyramid_shares", "客户金字塔的累计比例须从上到下递增(如 1%、5%、20%)")
    return out[0], out[1], out[2]


@guarded("customers")
def grade(customers: Iterable[Customer], *, weights: Mapping[str, object] | None = None,
          cuts: tuple[object, object] = DEFAULT_CUTS, pyramid_shares: object = None) -> Grading:
    """Grade customers A/B/C, place them on the pyramid and run the 002 §4.1 checks."""
    w = _weights(weights)
    a_cut = require_number(cuts[0], "cuts", "A 类分数线", 0, 100, "分")
    b_cut = require_number(cuts[1], "cuts", "B 类分数线", 0, 100, "分")
    if b_cut > a_cut:
        raise PlaybookInputError("cuts", f"B 类分数线({b_cut:g})不能高于 A 类分数线({a_cut:g})")
    shares = _pyramid(pyramid_shares)
    items = list(customers)
    if not items:
        raise PlaybookInputError("customers", "客户名单为空:请至少填写一位客户")
    if len(items) > MAX_CUSTOMERS:
        raise PlaybookInputError("customers", f"客户数须在 1–{MAX_CUSTOMERS} 之间,收到 {len(items)}")
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
        grade_counts[g] += 1
        tier_counts[tier] += 1
        out.append(GradedCustomer(c.name, s, g, rank[i], tier, risks, good, bad, tuple(warnings),
                                  c.ratings))
    return Grading(tuple(out), w, (a_cut, b_cut), shares, grade_counts, tier_counts)


# ------------------------------------------------------------------ input
_YES = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对"}
_NO = {"", "否", "无", "n", "no", "false", "0", "×", "不"}


def _rating(text: object, field: str, label: str, row: int) -> float:
    # Through normalize only: a TRUE cell is not the rating 1 (N19), "1,5" is not 15.
    raw = str(text if text is not None else "").strip()
    if raw == "":
        raise PlaybookInputError(field, f"第 {row} 行“{label}”为空:请填 1–5 的评分")
    try:
        value = to_float(text, field, label)        # full-width digits, numpy scalars …
    except PlaybookInputError:
        raise PlaybookInputError(field, f"第 {row} 行“{label}”须为 1–5 之间的数值,收到 {shown(raw[:20])}") from None
    return require_number(value, field, f"第 {row} 行“{label}”", 1, 5, "")


@guarded("rows")
def customers_from_rows(rows: Iterable[Mapping[str, object]]) -> list[Customer]:
    """Customers from table rows keyed by the Chinese headers (客户, 稳定性, 价格敏感度, 需求量,
    忠诚度, 属性, and optional 是/否 columns of :data:`CHECKS`); errors name row and column."""
    out: list[Customer] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):           # row 1 is the header
        name = clean_line(str(row.get("客户") or ""))
        if not name:
            if not any(str(v or "").strip() for v in row.values()):
                continue                             # blank line
            raise PlaybookInputError("客户", f"第 {n} 行缺少“客户”名称")
        if name in seen:
            raise PlaybookInputError("客户", f"第 {n} 行客户名称重复:{name}")
        seen.add(name)
        ratings = {c.id: _rating(row.get(c.column), c.id, c.column, n) for c in CRITERIA}
        checks = set()
        for column, check in _CHECK_BY_COLUMN.items():
            answer = row.get(column)
            if not answer:
                continue
            answer = str(answer).strip().lower()
            if answer in _YES:
                checks.add(check.id)
            elif answer not in _NO:
                raise PlaybookInputError(check.id, f"第 {n} 行“{column}”须填“是”或“否”,收到 {shown(answer)}")
        out.append(Customer(name, ratings, frozenset(checks)))
    if not out:
        raise PlaybookInputError("客户", "表格中没有客户:第一行须为表头(客户、稳定性、价格敏感度、需求量、忠诚度、属性)")
    return out


REQUIRED_COLUMNS = ("客户", *(c.column for c in CRITERIA))
CSV_TEMPLATE_COLUMNS = (*REQUIRED_COLUMNS, *(c.column for c in CHECKS))


def read_table(data: bytes, filename: str = "customers.csv") -> list[dict[str, object]]:
    """Rows of a CSV (UTF-8 or GBK/GB18030) or an xlsx's first sheet, keyed by the header row;
    checks that the required columns are there. Read by :func:`playbook.spreadsheet.read_rows`
    (size and extent capped, every failure a :class:`PlaybookInputError`)."""
    values = [["" if v is None else v for v in row] for row in read_rows(data, filename)]
    header = [str(h).strip() for h in values[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise PlaybookInputError("file", code="missing_columns", name="表头", missing="、".join(missing),
                                 required="、".join(REQUIRED_COLUMNS))
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise PlaybookInputError("file", code="duplicate_column", name="表格", column=twice[0][:30])
    return [dict(zip(header, r)) for r in values[1:] if any(str(v).strip() for v in r)]


def template_csv() -> bytes:
    """An empty CSV template with every column (UTF-8 with BOM, for Excel)."""
    return csv_bytes(CSV_TEMPLATE_COLUMNS, [])


OUTPUT_COLUMNS = ("排名", "客户", "得分", "级别", "金字塔层级", "风险", "优质标准", "劣质特征", "提示")


def rows(result: Grading) -> list[tuple[object, ...]]:
    """The graded table in rank order (:data:`OUTPUT_COLUMNS`)."""
    return [(c.rank, c.name, f"{c.score:.1f}", c.grade, c.tier, len(c.risks), len(c.good), len(c.bad),
             ";".join(c.warnings)) for c in result.ranked()]


def to_csv(result: Grading) -> bytes:
    """The graded table as CSV, UTF-8 with BOM (Excel opens it with the Chinese intact)."""
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
