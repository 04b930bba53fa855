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

This module grades (:func:`score`, :func:`grade`) and gives the result as a table
(:func:`rows`, :func:`to_csv`). The criteria, checks, bands and records are in
:mod:`playbook.engines.grading_rules`; reading a customer table (:func:`read_table`, a CSV, an
xlsx or an Excel paste; :func:`customers_from_rows`) is :mod:`playbook.engines.grading_input`;
both are re-exported here. Standard library only except the xlsx reader.
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
from collections.abc import Iterable, Mapping

from playbook.engines.grading_input import (COLUMN_ALIASES, CSV_TEMPLATE_COLUMNS, REQUIRED_COLUMNS, SAMPLE_CSV,
                                            band_from_text, check_bands, customers_from_rows, months_between,
                                            read_table, template_csv)
from playbook.engines.grading_rules import (_BAD_IDS, _BY_ID, _GOOD_IDS, _RISK_IDS, ASSUMED_PYRAMID, CHECKS, CRITERIA,
                                            DEFAULT_BANDS, DEFAULT_CREDIT_DAYS, DEFAULT_CUTS, GRADES, MAX_CUSTOMERS,
                                            OBJECTIVE_COLUMNS, PUBLIC_AFTER_MONTHS, TIERS, Band, Check, Criterion,
                                            Customer, GradedCustomer, Grading)
from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import require_number

__all__ = ["ASSUMED_PYRAMID", "Band", "CHECKS", "COLUMN_ALIASES", "CRITERIA", "CSV_TEMPLATE_COLUMNS", "Check",
           "Criterion", "DEFAULT_BANDS", "DEFAULT_CREDIT_DAYS", "DEFAULT_CUTS", "GRADES", "MAX_CUSTOMERS",
           "OBJECTIVE_COLUMNS", "OUTPUT_COLUMNS", "PUBLIC_AFTER_MONTHS", "REQUIRED_COLUMNS", "SAMPLE_CSV", "TIERS",
           "Customer", "GradedCustomer", "Grading", "band_from_text", "check_bands", "customers_from_rows", "grade",
           "months_between", "read_table", "rows", "score", "template_csv", "to_csv"]


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
