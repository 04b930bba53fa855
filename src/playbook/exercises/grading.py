"""Checks for ``exercises/grading_exercises.ipynb`` (客户分级练习).

Answers written out by hand from 000 §1.3's five criteria, the book's scoring rule (ratings 1–5,
price sensitivity inverted, weighted mean → 0–100) and the pyramid (002 §4.4.2: 前 1 %; the
rest the book's stated assumption). ``tests/test_exercises_tools.py`` recomputes each answer with
:mod:`playbook.engines.grading`. Standard library only.
"""
from __future__ import annotations

from decimal import Decimal

from playbook.exercises.checking import Exercise, ExerciseSet

__all__ = ["EXERCISES", "check_exercise_1", "check_exercise_2", "check_exercise_3", "evaluate", "show_solution"]

EXERCISES: dict[int, Exercise] = {
    1: Exercise(
        number=1, title="五项依据等权打分", expected=Decimal("75"), unit="分", tolerance=Decimal("0.05"),
        hint="价格敏感度要反过来算(6 − 评分);五项平均后,得分 = (平均 − 1) × 25。",
        mistakes=((Decimal("65"), "价格敏感度没有反过来算:敏感度 2 分应按 6 − 2 = 4 分计入。"),
                  (Decimal("4"), "这是五项的平均分(1–5);还要折成 0–100 分:(4 − 1) × 25。")),
        solution=("价格敏感度 2 → 6 − 2 = 4;平均 = (4 + 4 + 5 + 3 + 4) ÷ 5 = 20 ÷ 5 = 4;"
                  "得分 = (4 − 1) × 25 = 75 分,正好在 A 类分数线上,是 A 类。")),
    2: Exercise(
        number=2, title="加大需求量和稳定性的权重", expected=Decimal("78.6"), unit="分", tolerance=Decimal("0.05"),
        hint="加权平均 = Σ(权重 × 评分)÷ Σ权重;价格敏感度仍按 6 − 评分计。",
        mistakes=((Decimal("75"), "权重没有用上:需求量和稳定性各按 2 倍计。"),),
        solution=("加权和 = 2 × 4(稳定性)+ 1 × 4(价格,6 − 2)+ 2 × 5(需求量)+ 1 × 3 + 1 × 4 = 29;"
                  "权重和 = 7;平均 = 29 ÷ 7 = 4.142857;得分 = (4.142857 − 1) × 25 = 78.57 → 78.6 分。")),
    3: Exercise(
        number=3, title="客户金字塔:普通客户有几家", expected=Decimal("90"), unit="家", tolerance=Decimal("0"),
        hint="按假设的累计比例:前 1% 重要、前 5% 含主要、前 20% 含普通;普通客户 = 前 20% − 前 5%。",
        mistakes=((Decimal("120"), "120 是前 20% 的累计数,还要减去前 5%(重要和主要客户)。"),
                  (Decimal("6"), "6 是重要客户(前 1%)。")),
        solution=("600 × 1% = 6 家重要客户(材料原文);600 × 5% = 30,主要客户 30 − 6 = 24 家;"
                  "600 × 20% = 120,普通客户 120 − 30 = 90 家;其余 480 家为小客户。"
                  "除前 1% 外,这些比例是本书的假设,不是材料的内容。")),
}

_SET = ExerciseSet(EXERCISES)
evaluate = _SET.evaluate
show_solution = _SET.show_solution
check_exercise_1, check_exercise_2, check_exercise_3 = _SET.checkers()
