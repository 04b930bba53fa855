"""Checks for ``exercises/cadence_exercises.ipynb`` (拜访节奏练习).

Answers written out by hand from 004 rules 1–5, the book's reading of them (gift visits in the
week before a festival, one contact a customer a day) and the 2026 calendar (中秋 9-25; September:
22 working days); ``tests/test_exercises_tools.py`` recomputes them with
:mod:`playbook.engines.cadence`. Standard library only.
"""
from __future__ import annotations

from decimal import Decimal

from playbook.exercises.checking import Exercise, ExerciseSet

__all__ = ["EXERCISES", "check_exercise_1", "check_exercise_2", "check_exercise_3", "check_exercise_4",
           "evaluate", "show_solution"]

EXERCISES: dict[int, Exercise] = {
    1: Exercise(
        number=1, title="每月上门拜访多少次", expected=Decimal("58"), unit="次", tolerance=Decimal("0"),
        hint="上门拜访 A/B/C = 8/4/1 次/月,乘以各类客户数再相加。",
        mistakes=((Decimal("34"), "34 是电话(或短信)的次数:电话 A/B/C = 4/2/1。"),),
        solution="3 × 8 + 6 × 4 + 10 × 1 = 24 + 24 + 10 = 58 次。"),
    2: Exercise(
        number=2, title="2026 年 9 月有几个工作日", expected=Decimal("22"), unit="天", tolerance=Decimal("0"),
        hint="30 天减去周六、周日,再减去中秋假期(9 月 25 日,周五),加上调休上班的周日(9 月 20 日)。",
        mistakes=((Decimal("21"), "别忘了 9 月 20 日(周日)调休上班。"),
                  (Decimal("23"), "中秋节 9 月 25 日(周五)放假,不是工作日。")),
        solution="30 − 8(周末:5/6、12/13、19/20、26/27)− 1(中秋 9-25)+ 1(调休 9-20)= 22 天。"),
    3: Exercise(
        number=3, title="中秋要联系几次", expected=Decimal("8"), unit="次", tolerance=Decimal("0"),
        hint="A 类:节前一周上门(带礼品)+ 当天短信问候;B、C 类:当天电话问候(电话就是问候,同一天不再另发短信)。",
        mistakes=((Decimal("12"), "B、C 类客户当天已经打了电话,同一天再发短信就是凑数:每位客户一天只联系一次。"),
                  (Decimal("6"), "别忘了 A 类客户节前一周的上门拜访(礼品要在节前送到)。")),
        solution="A 类 2 家 × (节前上门 + 当天短信) = 4;B 类 2 家 × 当天电话 = 2;C 类 2 家 × 当天电话 = 2;合计 8 次。"),
    4: Exercise(
        number=4, title="排不下的上门拜访", expected=Decimal("34"), unit="次", tolerance=Decimal("0"),
        hint="需要 = A 类客户数 × 8;最多能排 = 工作日 × 每天上限。",
        mistakes=((Decimal("126"), "126 是最多能排的次数;题目问排不下的次数。"),
                  (Decimal("28"), "2026 年 11 月有 21 个工作日(不是 22 个):30 天减去 9 个周末日。")),
        solution="需要 20 × 8 = 160 次;21 个工作日 × 每天 6 次 = 126 次;排不下 160 − 126 = 34 次。"),
}

_SET = ExerciseSet(EXERCISES)
evaluate = _SET.evaluate
show_solution = _SET.show_solution
check_exercise_1, check_exercise_2, check_exercise_3, check_exercise_4 = _SET.checkers()
