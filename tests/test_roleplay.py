"""Role-play sessions: even role rotation, cards built from the knowledge base, round scores, sample data."""
from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest

from playbook import kb

from playbook.trainer import roleplay
from playbook.errors import PlaybookInputError
from tests.errcheck import raises_code

BASE = kb.load()
SIX = ["张三", "李四", "王五", "赵六", "钱七", "孙八"]
ROLE_NAMES = ("salesperson", "customer", "observer")


def _roles_by_hand(plan: roleplay.SessionPlan) -> dict[str, Counter]:
    """Trainee → Counter of roles, counted from the cards (not from plan.role_counts)."""
    out = {t: Counter() for t in plan.trainees}
    for card in plan.cards:
        out[card.salesperson]["salesperson"] += 1
        out[card.customer]["customer"] += 1
        for o in card.observers:
            if o != roleplay.TRAINER:
                out[o]["observer"] += 1
    return out


# ------------------------------------------------------------------ rotation
def test_six_trainees_three_rounds_play_each_role_exactly_once():
    plan = roleplay.plan_session(SIX, rounds=3, seed=7, session="第一期")
    assert len(plan.rounds) == 3 and all(len(r) == 2 for r in plan.rounds)
    for counts in _roles_by_hand(plan).values():
        assert counts == Counter(salesperson=1, customer=1, observer=1)
    assert plan.role_counts() == {t: {"salesperson": 1, "customer": 1, "observer": 1} for t in SIX}


@pytest.mark.parametrize("n, sizes", [
    (2, (2,)), (3, (3,)), (4, (4,)), (5, (3, 2)), (6, (3, 3)), (7, (4, 3)), (8, (4, 4)),
    (10, (4, 3, 3)), (11, (4, 4, 3)), (14, (4, 4, 3, 3)), (60, (3,) * 20),
])
def test_group_sizes(n, sizes):
    assert roleplay.group_sizes(n) == sizes
    assert sum(sizes) == n


@pytest.mark.parametrize("n", [2, 3, 4, 5, 7, 8, 10, 11, 13, 17, 29, 60])
@pytest.mark.parametrize("rounds", [1, 2, 3, 5, 8, 10])
def test_every_round_uses_everyone_once_and_roles_stay_even(n, rounds):
    names = [f"学员{i}" for i in range(1, n + 1)]
    plan = roleplay.plan_session(names, rounds=rounds, seed=n + rounds)
    sizes = sorted(roleplay.group_sizes(n))
    for round_cards in plan.rounds:
        people = [p for c in round_cards for p in (c.salesperson, c.customer, *c.observers)
                  if p != roleplay.TRAINER]
        assert sorted(people) == sorted(names)  # everyone plays, nobody twice
        group = sorted(2 + sum(o != roleplay.TRAINER for o in c.observers) for c in round_cards)
        assert group == sizes
    counts = _roles_by_hand(plan)
    for role in ROLE_NAMES:
        got = [counts[t][role] for t in names]
        assert max(got) - min(got) <= 1, (role, got)


def test_pairs_are_observed_by_the_trainer():
    plan = roleplay.plan_session(["甲", "乙"], rounds=2, seed=1)
    assert [c.observers for c in plan.cards] == [("培训师",), ("培训师",)]
    assert {plan.cards[0].salesperson, plan.cards[1].salesperson} == {"甲", "乙"}
    five = roleplay.plan_session(["甲", "乙", "丙", "丁", "戊"], rounds=1, seed=1)
    assert sorted(len(c.observers) for c in five.cards) == [1, 1]
    assert sum(c.observers == ("培训师",) for c in five.cards) == 1
    seven = roleplay.plan_session(["甲", "乙", "丙", "丁", "戊", "己", "庚"], rounds=1, seed=1)
    assert sorted(len(c.observers) for c in seven.cards) == [1, 2]


def test_same_seed_same_plan_other_seed_other_plan():
    a = roleplay.plan_session(SIX, seed=3)
    assert a == roleplay.plan_session(SIX, seed=3)
    b = roleplay.plan_session(SIX, seed=4)
    assert [(c.salesperson, c.scenario_id) for c in a.cards] != [(c.salesperson, c.scenario_id) for c in b.cards]


@pytest.mark.parametrize("trainees, field, code, values", [
    (["张三"], "trainees", "count_range", {"low": 2, "high": 60, "count": 1}),
    ([f"学员{i}" for i in range(61)], "trainees", "count_range", {"low": 2, "high": 60, "count": 61}),
    (["张三", "李四", "张三"], "trainees", "duplicate", {"name": "张三"}),
    (["张三", "  ", "李四"], "trainees", "row_empty", {"row": 2}),
    ("张三,李四", "trainees", "wrong_type", {"received": "张三,李四"}),
    (["张三", "培训师"], "trainees", "reserved_name", {"name": "培训师"}),
])
def test_bad_trainees_are_rejected_in_chinese(trainees, field, code, values):
    with raises_code(code, field, **values):
        roleplay.plan_session(trainees)


@pytest.mark.parametrize("rounds", [0, 11, True, 2.5, "3"])
def test_rounds_out_of_range(rounds):
    with raises_code("integer", "rounds", low=1, high=10, received=rounds):
        roleplay.plan_session(SIX, rounds=rounds)


def test_blank_session_and_names_are_stripped():
    with pytest.raises(PlaybookInputError) as info:
        roleplay.plan_session(SIX, session=" ")
    assert info.value.field == "session"
    plan = roleplay.plan_session([" 张三 ", "李四", "王五"], session=" 第一期 ")
    assert plan.trainees == ("张三", "李四", "王五") and plan.session == "第一期"


# ------------------------------------------------------------------ cards
@pytest.fixture(scope="module")
def big_plan():
    return roleplay.plan_session([f"学员{i}" for i in range(1, 31)], rounds=2, seed=11)


def _rubric_ids(family: str, targets) -> list[str]:
    return [c.id for c in BASE.rubric_checks
            if c.family == family and (not c.applies_to or set(c.applies_to) & set(targets))]


def test_every_observer_card_covers_every_skill(big_plan):
    for card in big_plan.cards:
        checks = card.checks
        assert {c.skill for c in checks} == set(roleplay.SKILLS), card.scenario_id
        assert len({c.id for c in checks}) == len(checks)
        assert 2 <= sum(c.skill == "etiquette" for c in checks) <= 4
        for c in checks:
            assert c.label.endswith(("?", "？")) and c.why and c.source, c.id


def test_observer_checks_come_from_the_rubrics_of_the_scenario(big_plan):
    objection_order = ["objection-need", "objection-salesperson", "objection-product", "objection-service",
                       "objection-price", "objection-payment", "objection-purchase-time"]
    etiquette = {r.id: r for r in BASE.etiquette_rules}
    for card in big_plan.cards:
        scenario = BASE.get(card.scenario_id)
        by_skill = {s: [c.id for c in card.checks if c.skill == s] for s in roleplay.SKILLS}
        assert by_skill["persuasion"] == _rubric_ids(scenario.family, [scenario.target])
        objections = [BASE.get(o.objection_id) for o in card.customer_card.objections]
        assert by_skill["objection"] == _rubric_ids("objection", [o.methods[0] for o in objections])
        assert by_skill["objection"][:2] == ["rubric-objection-no-argue", "rubric-objection-respect"]
        assert by_skill["fab"] == ["rubric-fab-structure", "rubric-fab-no-exaggeration",
                                   f"rubric-{card.sales_card.audience_id}"]
        for cid in by_skill["etiquette"]:
            rule = etiquette[cid.removeprefix("rp-")]
            assert rule.category in ("speech", "courtesy", "bearing", "business_card", "handshake")
        # two objections of different kinds, in the order of a sales conversation
        assert len(objections) == 2 and objections[0].content != objections[1].content
        ranks = [objection_order.index(o.content) for o in objections]
        assert ranks == sorted(ranks)


def test_customer_card_hides_the_type_from_the_salesperson(big_plan):
    for card in big_plan.cards:
        scenario = BASE.get(card.scenario_id)
        target = BASE.get(scenario.target)
        c, s = card.customer_card, card.sales_card
        assert (c.hidden_id, c.hidden_name, c.who, c.says) == (target.id, target.name, scenario.who, scenario.says)
        expected = target.strategy if scenario.family == "customer_type" else target.method
        assert c.win_over == expected
        assert all(o.model_answer and o.methods for o in c.objections)
        sales_text = " ".join(str(v) for v in vars(s).values())
        assert target.name not in sales_text and scenario.name not in sales_text
        assert s.who == scenario.who and s.to_identify in ("客户类型", "沟通风格")
        feature = BASE.get(s.feature_id)
        assert (s.product, s.feature, s.advantage) == (feature.product, feature.feature, feature.advantage)


def test_products_fit_the_trade_of_the_customer(big_plan):
    for card in big_plan.cards:
        who = card.sales_card.who
        if "加油站" in who:
            assert "机床" not in card.sales_card.product and "加工中心" not in card.sales_card.product, who
        if "机床" in who:
            assert "油" not in card.sales_card.product, who
    gasoline = [c for c in big_plan.cards if c.sales_card.product.startswith("92#")]
    assert all(c.sales_card.standard == "GB 17930" for c in gasoline)


def test_cards_cite_seed_sources_and_scenarios_do_not_repeat(big_plan):
    for card in big_plan.cards:
        for part in (card.customer_card, card.sales_card, card.observer_card):
            assert "003 四(三)1" in part.source
            assert all(kb.SOURCE_PATTERN.match(s) for s in part.source), part.source
    ids = [c.scenario_id for c in big_plan.cards]
    assert len(ids) == 20 and len(set(ids)) == 20  # 10 groups × 2 rounds < 42 scenarios in the bank


# ------------------------------------------------------------------ scoring
@pytest.fixture(scope="module")
def card():
    return roleplay.plan_session(SIX, rounds=3, seed=7).cards[0]


def test_score_round_by_hand(card):
    ticked = ["rubric-objection-no-argue", "rubric-objection-respect", "rubric-fab-structure",
              "rubric-fab-no-exaggeration"]
    when = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    sheet = roleplay.score_round(card, ticked, observer=card.observers[0], notes=" 开场紧张 ", rating=3,
                                 scored_at=when)
    n = len(card.checks)
    n_objection = sum(c.skill == "objection" for c in card.checks)
    assert sheet.passed == 4 and math.isclose(sheet.score, 4 / n)
    assert sheet.skill_scores() == {"persuasion": 0.0, "objection": 2 / n_objection, "fab": 2 / 3,
                                    "etiquette": 0.0}
    assert [m.check_id for m in sheet.marks] == [c.id for c in card.checks]
    assert [m.check_id for m in sheet.marks if m.passed] == ticked
    assert (sheet.session, sheet.round_no, sheet.trainee, sheet.observer, sheet.scenario_id) == (
        card.session, 1, card.salesperson, card.observers[0], card.scenario_id)
    assert (sheet.notes, sheet.rating, sheet.scored_at) == ("开场紧张", 3, when)
    all_ticked = roleplay.score_round(card, [c.id for c in card.checks], observer="培训师")
    assert all_ticked.score == 1.0 and all_ticked.rating is None
    one = roleplay.score_round(card, "rubric-fab-structure", observer="培训师")  # a single id
    assert one.passed == 1


@pytest.mark.parametrize("kwargs, field, code, values", [
    ({"ticked": ["rubric-nope"]}, "ticked", "roleplay_unknown_ticks", {"unknown": "rubric-nope"}),
    ({"ticked": [3]}, "ticked", "wrong_type", {"received": 3}),
    ({"ticked": None}, "ticked", "wrong_type", {"received": None}),
    ({"observer": " "}, "observer", "empty", {}),
    ({"rating": 0}, "rating", "integer", {"low": 1, "high": 5, "received": 0}),
    ({"rating": 6}, "rating", "integer", {"low": 1, "high": 5, "received": 6}),
    ({"rating": True}, "rating", "integer", {"low": 1, "high": 5, "received": True}),
    ({"scored_at": datetime(2026, 3, 2, 9, 0)}, "scored_at", "naive_datetime", {}),
])
def test_score_round_rejects_bad_input(card, kwargs, field, code, values):
    args = {"ticked": [], "observer": card.observers[0]} | kwargs
    with raises_code(code, field, **values):
        roleplay.score_round(card, args.pop("ticked"), **args)


def test_salesperson_cannot_score_themselves(card):
    with raises_code("self_observer", "observer", trainee=card.salesperson):
        roleplay.score_round(card, [], observer=card.salesperson)


def test_explain_gives_every_check_with_why(card):
    ticked = ["rubric-fab-structure"]
    sheet = roleplay.score_round(card, ticked, observer="培训师", rating=2, notes="语速太快")
    result = roleplay.explain(sheet, card)
    assert (result.passed, result.total) == (1, len(card.checks))
    assert result.by_skill["fab"] == (1, 3)
    assert [c.why for c in result.checks] == [c.why for c in card.checks]
    text = "\n".join(result.lines())
    assert f"通过 1/{len(card.checks)} 项" in text and "语速太快" in text and "2 分" in text
    assert text.count("✓") == 1 and text.count("✗") == len(card.checks) - 1
    other = roleplay.plan_session(SIX, rounds=3, seed=7).cards[3]
    with pytest.raises(PlaybookInputError):
        roleplay.explain(sheet, other)


# ------------------------------------------------------------------ sample data
def test_sample_history_is_seeded_weekly_and_improves():
    plans, sheets = roleplay.sample_history(seed=0)
    assert (plans, sheets) == roleplay.sample_history(seed=0)
    assert len(plans) == 3 and len(sheets) == 3 * 3 * 2  # sessions × rounds × groups of 6 trainees
    days = sorted({s.scored_at.date() for s in sheets})
    assert [b - a for a, b in pairwise(days)] == [timedelta(days=7)] * 2
    assert all(s.scored_at.utcoffset() is not None for s in sheets)
    per_trainee = Counter(s.trainee for s in sheets)
    assert sorted(per_trainee.values()) == [3] * 6  # each is salesperson once per session
    for seed in range(4):
        plans, sheets = roleplay.sample_history(seed=seed)
        mean = {p.session: [] for p in plans}
        for s in sheets:
            mean[s.session].append(s.score)
        first, last = (sum(v) / len(v) for v in (mean[plans[0].session], mean[plans[-1].session]))
        assert last > first + 0.1, seed


def test_sample_strengths_differ_per_skill():
    strengths = roleplay.sample_strengths(SIX, seed=0)
    assert strengths == roleplay.sample_strengths(SIX, seed=0)
    for values in strengths.values():
        assert set(values) == set(roleplay.SKILLS)
        assert all(0.25 <= v <= 0.8 for v in values.values())
    assert any(max(v.values()) - min(v.values()) >= 0.2 for v in strengths.values())
    assert len({tuple(v.values()) for v in strengths.values()}) == 6


def test_simulated_sheets_follow_the_plan():
    plan = roleplay.plan_session(SIX, rounds=2, seed=5)
    sheets = roleplay.simulate_sheets(plan, seed=1)
    assert sheets == roleplay.simulate_sheets(plan, seed=1)
    assert [(s.round_no, s.trainee, s.scenario_id) for s in sheets] == [
        (c.round_no, c.salesperson, c.scenario_id) for c in plan.cards]
    assert all(1 <= s.rating <= 5 for s in sheets)
    perfect = roleplay.simulate_sheets(plan, strengths={t: dict.fromkeys(roleplay.SKILLS, 1.0) for t in SIX})
    assert all(s.score >= 0.6 for s in perfect)  # capped at 0.95 per check


def test_roleplay_imports_with_stdlib_only(run_stdlib_only):
    run_stdlib_only(
        "from playbook import roleplay\n"
        "plan = roleplay.plan_session(['甲', '乙', '丙'], seed=1)\n"
        "card = plan.cards[0]\n"
        "sheet = roleplay.score_round(card, [card.checks[0].id], observer=card.observers[0])\n"
        "assert roleplay.explain(sheet, card).passed == 1\n"
        "assert roleplay.sample_history(sessions=1)[1]\n")
