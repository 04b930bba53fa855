"""Checks for ``exercises/value_added_exercises.ipynb`` (增值业务提成与销售预估练习).

Answers written out by hand from 003 (agency fee = sales × 40 %, the two commission schemes)
and 003 篇2 (target split, item mix, revision); ``tests/test_exercises_tools.py`` recomputes
them with :mod:`playbook.engines.value_added` and :mod:`playbook.engines.forecast`. Standard
library only.
"""
from __future__ import annotations

from decimal import Decimal

from playbook.exercises.checking import Exercise, ExerciseSet

__all__ = ["EXERCISES", "check_exercise_1", "check_exercise_2", "check_exercise_3", "check_exercise_4",
           "check_exercise_5", "evaluate", "show_solution"]

EXERCISES: dict[int, Exercise] = {
    1: Exercise(
        number=1, title="第一次调整后的提成合计", expected=Decimal("48900"), unit="元", tolerance=Decimal("0.005"),
        hint="第一次调整后:一线 10% + 二线 6.3% = 16.3%,按保险销售额计。",
        mistakes=((Decimal("19560"), "提成按保险销售额计,不是按代理费(代理费 = 销售额 × 40%)。"),
                  (Decimal("41700"), "这是第二次调整后的比例(13.9%);题目问第一次调整后(16.3%)。")),
        solution="300 000 × 16.3% = 48 900 元,其中一线 30 000 元(10%)、二线 18 900 元(6.3%)。"),
    2: Exercise(
        number=2, title="服务站:代理费还剩多少", expected=Decimal("75300"), unit="元", tolerance=Decimal("0.005"),
        hint="代理费 = 销售额 × 40%;第二次方案中服务站所在部门按 3%,二线合计 4.9%,提成合计 14.9%。",
        mistakes=((Decimal("78300"), "服务站的部门提成是 3%,不是 2%:二线合计 4.9%。"),
                  (Decimal("44700"), "这是提成合计;题目问代理费余下多少。")),
        solution=("代理费 = 300 000 × 40% = 120 000 元;提成 = 300 000 × (10% + 3% + 1.1% + 0.4% + 0.3% + 0.1%)"
                  " = 300 000 × 14.9% = 44 700 元;余下 120 000 − 44 700 = 75 300 元。")),
    3: Exercise(
        number=3, title="验算材料的毛利润", expected=Decimal("1011.5"), unit="万元", tolerance=Decimal("0.05"),
        hint="毛利润 = 销售收入 × 毛利率。",
        mistakes=((Decimal("1004.5"), "这是材料写的数字;按 2890 × 35% 验算,结果不是它。"),),
        solution="2890 × 35% = 1011.5 万元,与材料写的 1004.5 万元差 7 万元:两个数不可能都对。"),
    4: Exercise(
        number=4, title="修正后的品项 C 预估", expected=Decimal("17.55"), unit="万元", tolerance=Decimal("0.005"),
        hint="修正时:品项占比取 1、2 月的平均;再乘以目标和修正后的达成比例。",
        mistakes=((Decimal("27"), "这是用 1 月占比、按 90% 算的;修正时要用 1、2 月的平均占比。"),
                  (Decimal("19.5"), "占比对了,但没有按 90% 修正。"),
                  (Decimal("8.1"), "只用了 2 月的占比;2 月缺货,结构失真,要取 1、2 月平均。")),
        solution="品项 C 占比 = (20% + 6%) ÷ 2 = 13%;4 月预估 = 150 × 90% × 13% = 17.55 万元。"),
    5: Exercise(
        number=5, title="补足目标:乙区的目标", expected=Decimal("130.4"), unit="万元", tolerance=Decimal("0.05"),
        hint="销售部目标 = 去年合计 × (1 + 10%);乙区目标 = 销售部目标 − 甲区目标。",
        mistakes=((Decimal("132"), "这是乙区按 10% 算的;甲区提到 12% 后,乙区要相应降低。"),
                  (Decimal("128.4"), "这是乙区按 7%(降低 3 个点)算的;题目要求合计恰好达到目标。")),
        solution=("销售部目标 = (80 + 120) × 1.1 = 220 万;甲区 = 80 × 1.12 = 89.6 万;"
                  "乙区 = 220 − 89.6 = 130.4 万,增长率 = 130.4 ÷ 120 − 1 ≈ 8.67%。")),
}

_SET = ExerciseSet(EXERCISES)
evaluate = _SET.evaluate
show_solution = _SET.show_solution
check_exercise_1, check_exercise_2, check_exercise_3, check_exercise_4, check_exercise_5 = _SET.checkers()
