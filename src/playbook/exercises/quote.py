"""Checks for ``exercises/quote_exercises.ipynb`` (报价练习).

The trainee writes a number and calls ``check_exercise_1(answer)``: a Chinese verdict is printed —
正确 plus the worked solution, or 不对 plus a hint (a targeted one for the usual mistakes). The
worked solution is shown only after a correct answer or on request (``show_solution(1)``).

Expected answers are written out here by hand from the seed's price sheet (000 §9.5); the tests
check that :func:`playbook.engines.quote.quote` with each exercise's ``engine_args`` gives the same number,
so the exercises and the engine cannot drift apart. Standard library only (runs in the browser).
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from playbook.exercises.checking import Exercise, ExerciseSet, Verdict

__all__ = ["EXERCISES", "Exercise", "Verdict", "check_exercise_1", "check_exercise_2",
           "check_exercise_3", "check_exercise_4", "check_exercise_5", "evaluate", "show_solution"]

#: The quote time of every exercise: the seed's price sheet (2017年*月*日 14:00, placeholder 2017-01-01) is in force.
SEED_TIME = datetime(2017, 1, 10, 9, 0)




EXERCISES: dict[int, Exercise] = {
    1: Exercise(
        number=1,
        title="民营加油站:每升送到价与挂牌价比较",
        expected=Decimal("5.01"),
        unit="元/升",
        tolerance=Decimal("0.004"),
        engine_args=dict(grade="grade-92", tier="tier-ordinary", quantity=15, unit="t",
                         density20_kg_m3=740, delivery="per_tonne", freight_per_tonne=80,
                         retail_price_per_litre=6.20, at=SEED_TIME),
        result_field="delivered_price_per_litre",
        hint="每升成本 = 含税合计(货款 + 运费)÷ 升数;升数 = 吨数 × 1 000 000 ÷ (ρ20 − 1.1)。",
        mistakes=(
            (Decimal("4.95"), "你只算了货款,没把运费摊进去:送到价要含运费。"),
            (Decimal("5.02"), "升数算少了:商业质量要扣空气浮力,用 ρ20 − 1.1 = 738.9 kg/m³ 折算,而不是 740。"),
            (Decimal("1.19"), "这是每升比挂牌价省下的钱;题目问的是每升送到价。"),
        ),
        solution=(
            "货款 = 6700 元/吨 × 15 吨 = 100 500.00 元;运费 = 80 元/吨 × 15 吨 = 1 200.00 元;"
            "含税合计 = 101 700.00 元。\n"
            "升数 = 15 吨 × 1 000 000 ÷ (740 − 1.1) kg/m³ = 20 300.3 升 → 20 300 升。\n"
            "每升成本 = 101 700.00 ÷ 20 300 = 5.0099 → 5.01 元/升。\n"
            "与挂牌价 6.20 元/升比,每升省 6.20 − 5.01 = 1.19 元;这一单按挂牌价要 6.20 × 20 300 = "
            "125 860.00 元,共省 125 860.00 − 101 700.00 = 24 160.00 元。这就是 000 §8.4 说的"
            "“小九九”:替加油站把账算到每升。"),
    ),
    2: Exercise(
        number=2,
        title="大客户:30 吨 0# 柴油配送 120 公里",
        expected=Decimal("170160.00"),
        unit="元",
        tolerance=Decimal("0.01"),
        engine_args=dict(grade="grade-0", tier="tier-key", quantity=30, unit="t",
                         delivery="per_tonne_km", freight_per_tonne_km=0.6, distance_km=120,
                         at=SEED_TIME),
        result_field="total_gross",
        hint="含税合计 = 大客户执行价 × 吨数 + 运价(元/吨·公里)× 吨数 × 公里数。",
        mistakes=(
            (Decimal("168000"), "你只算了货款;配送还要加运费 0.6 × 30 × 120。"),
            (Decimal("173160"), "单价用错了:大客户 0#(Ⅴ) 执行价是 5600 元/吨,5700 是普通客户价。"),
            (Decimal("164160"), "单价用错了:大客户 0#(Ⅴ) 执行价是 5600 元/吨,5400 是特殊客户价。"),
            (Decimal("168072"), "运费算错了:吨公里运价要乘吨数和公里数两者,0.6 × 30 × 120 = 2160 元。"),
        ),
        solution=(
            "货款 = 5600 元/吨(大客户 0#(Ⅴ))× 30 吨 = 168 000.00 元;\n"
            "运费 = 0.6 元/(吨·公里)× 30 吨 × 120 公里 = 2 160.00 元;\n"
            "含税合计 = 168 000.00 + 2 160.00 = 170 160.00 元,折合送到价 5 672.00 元/吨。"),
    ),
    3: Exercise(
        number=3,
        title="低于执行价的报价:让价多少、谁来批",
        expected=Decimal("2000.00"),
        unit="元",
        tolerance=Decimal("0.01"),
        engine_args=dict(grade="grade-92", tier="tier-ordinary", quantity=20, unit="t",
                         unit_price_per_tonne=6600, at=SEED_TIME),
        result_field="shortfall_total",
        hint="让价总额 = (执行价 − 客户要的价)× 吨数;普通客户 92#(Ⅴ) 的执行价查价格执行单。",
        mistakes=(
            (Decimal("100"), "这是每吨差额;题目问 20 吨一共让了多少。"),
            (Decimal("132000"), "这是按 6600 元/吨算的货款;题目问比执行价少收的钱。"),
            (Decimal("-2000"), "方向反了:少收的钱写成正数。"),
        ),
        solution=(
            "普通客户 92#(Ⅴ) 执行价 6700 元/吨,客户要 6600 元/吨,每吨少 100 元;\n"
            "20 吨共少收 100 × 20 = 2 000.00 元。\n"
            "按 000 §9.5“价格控制”,公司严格执行分级分类价格,低于执行价的报价必须报批"
            "(引擎给出 needs_approval=True),批准前不能对客户承诺;否则就是用价格抢客户,"
            "伤害的是客户对公司的信任。"),
    ),
    4: Exercise(
        number=4,
        title="按升订货:用本省吨升换算系数折吨计价",
        expected=Decimal("93658.50"),
        unit="元",
        tolerance=Decimal("0.01"),
        engine_args=dict(grade="grade-92", tier="tier-key", quantity=20000, unit="L",
                         litres_per_tonne=1388, at=SEED_TIME),
        result_field="goods_amount",
        hint="先把升折成吨:吨数 = 升数 ÷ 吨升换算系数,精确到千克(3 位小数);再乘大客户执行价。",
        mistakes=(
            (Decimal("93659.94"), "思路对了,但吨数要先保留到千克:20 000 ÷ 1388 = 14.409 吨,再乘单价。"),
            (Decimal("96540.30"), "单价用错了:大客户 92#(Ⅴ) 执行价是 6500 元/吨,6700 是普通客户价。"),
            (Decimal("96057.00"), "题目给了本省吨升换算系数 1388,应当用它折算,而不是用密度。"),
        ),
        solution=(
            "吨数 = 20 000 升 ÷ 1388 升/吨 = 14.40922 → 14.409 吨(精确到千克);\n"
            "货款 = 6500 元/吨(大客户 92#(Ⅴ))× 14.409 吨 = 93 658.50 元(自提,无运费)。\n"
            "注意:换算系数是地方规定的口径;若按化验单 ρ20 = 740 kg/m³ 折算,20 000 × 738.9 ÷ "
            "1 000 000 = 14.778 吨,两种口径相差 0.369 吨,报价前要和客户说清用哪一种。"),
    ),
    5: Exercise(
        number=5,
        title="价税分离:练习 2 的不含税金额",
        expected=Decimal("150584.07"),
        unit="元",
        tolerance=Decimal("0.01"),
        engine_args=dict(grade="grade-0", tier="tier-key", quantity=30, unit="t",
                         delivery="per_tonne_km", freight_per_tonne_km=0.6, distance_km=120,
                         at=SEED_TIME),
        result_field="total_net",
        hint="执行单上的价格是含税价:不含税金额 = 含税合计 ÷ (1 + 13%),四舍五入到分。",
        mistakes=(
            (Decimal("148039.20"), "13% 是价外税:不含税金额 = 含税 ÷ 1.13,而不是含税 × (1 − 13%)。"),
            (Decimal("19575.93"), "这是税额;题目问不含税金额。"),
            (Decimal("22120.80"), "这是把 13% 直接乘在含税价上;应先除以 1.13 得不含税金额。"),
        ),
        solution=(
            "含税合计 170 160.00 元(练习 2);不含税金额 = 170 160.00 ÷ 1.13 = 150 584.0708 → "
            "150 584.07 元;\n增值税 = 170 160.00 − 150 584.07 = 19 575.93 元,两者相加恰为含税合计。"),
    ),
}


_SET = ExerciseSet(EXERCISES)
evaluate = _SET.evaluate
show_solution = _SET.show_solution
_check = _SET.check


def check_exercise_1(answer: Any) -> None:
    """民营加油站到站每升成本(元/升)。"""
    _check(1, answer)


def check_exercise_2(answer: Any) -> None:
    """大客户 30 吨 0# 配送 120 公里的含税合计(元)。"""
    _check(2, answer)


def check_exercise_3(answer: Any) -> None:
    """低于执行价时的让价总额(元)。"""
    _check(3, answer)


def check_exercise_4(answer: Any) -> None:
    """按升订货、用吨升换算系数折吨后的货款(元)。"""
    _check(4, answer)


def check_exercise_5(answer: Any) -> None:
    """练习 2 的不含税金额(元)。"""
    _check(5, answer)
