"""The exercises of the issue-15 tools: each answer recomputed with its engine, and the verdicts."""
from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from playbook import cadence, grading, value_added
from playbook.engines import cn_calendar
from playbook.exercises import cadence as ex_cadence
from playbook.exercises import grading as ex_grading
from playbook.exercises import value_added as ex_value_added


def _customer(name="甲", **r):
    return grading.Customer(name, r)


def test_grading_answers_from_the_engine():
    c = _customer(stability=4, price_sensitivity=2, volume=5, loyalty=3, attribute=4)
    assert Decimal(str(grading.grade([c]).customers[0].score)) == ex_grading.EXERCISES[1].expected
    r = grading.grade([c], weights={"stability": 2, "volume": 2})
    assert Decimal(str(r.customers[0].score)) == ex_grading.EXERCISES[2].expected
    many = [_customer(f"c{i}", stability=1 + i % 5, price_sensitivity=3, volume=1 + i % 4, loyalty=2,
                      attribute=3) for i in range(600)]
    assert grading.grade(many).tier_counts["普通客户"] == ex_grading.EXERCISES[3].expected


def test_cadence_answers_from_the_engine():
    need = sum(cadence.monthly_quota(g)["on_site"] * n for g, n in (("A", 3), ("B", 6), ("C", 10)))
    assert need == ex_cadence.EXERCISES[1].expected
    assert len(cn_calendar.workdays(2026, 9)) == ex_cadence.EXERCISES[2].expected
    six = [("甲", "A"), ("乙", "A"), ("丙", "B"), ("丁", "B"), ("戊", "C"), ("己", "C")]
    p = cadence.plan(six, 2026, 9)
    assert sum(v.reason.startswith("中秋") and date(2026, 9, 18) <= v.day <= date(2026, 9, 25)
               for v in p.visits) == ex_cadence.EXERCISES[3].expected
    p = cadence.plan([(f"客户{i}", "A") for i in range(20)], 2026, 11)     # no festival in November
    routine = sum(v.channel == "on_site" and v.reason == "例行" for v in p.visits)
    assert 20 * 8 - routine == ex_cadence.EXERCISES[4].expected


def test_value_added_answers_from_the_engines():
    assert value_added.commission(300_000, "first").total == ex_value_added.EXERCISES[1].expected
    assert value_added.commission(300_000, "second", service_station=True).remainder == ex_value_added.EXERCISES[2].expected
    assert Decimal("2890") * Decimal("0.35") == ex_value_added.EXERCISES[3].expected
    pd = pytest.importorskip("pandas")
    from playbook import forecast
    rows = [("2026-01", "A", 50), ("2026-01", "B", 30), ("2026-01", "C", 20),
            ("2026-02", "A", 60), ("2026-02", "B", 34), ("2026-02", "C", 6)]
    h = forecast.read_history(pd.DataFrame([{"月份": m, "区域": "甲区", "品项": i, "销量": q} for m, i, q in rows]))
    t = forecast.forecast_month({"甲区": 150}, forecast.item_mix(h, ["2026-01", "2026-02"]), 0.90)
    assert round(t.loc["甲区", "C"], 2) == float(ex_value_added.EXERCISES[4].expected)
    s = forecast.split_target({"甲区": 80, "乙区": 120}, 0.10, {"甲区": 0.12})
    assert round(s.loc["乙区", "今年目标"], 1) == float(ex_value_added.EXERCISES[5].expected)


@pytest.mark.parametrize("module", [ex_grading, ex_cadence, ex_value_added])
def test_verdicts(module):
    for ex in module.EXERCISES.values():
        right = module.evaluate(ex.number, float(ex.expected))
        assert right.correct and "解题过程" in right.message
        for wrong, hint in ex.mistakes:
            verdict = module.evaluate(ex.number, wrong)
            assert not verdict.correct and hint in verdict.message
        assert not module.evaluate(ex.number, -98765).correct
        assert not module.evaluate(ex.number, "abc").correct
        assert not module.evaluate(ex.number, math.nan).correct
