"""Checking trainees' numeric answers: one machinery for every exercise notebook.

A module of exercises defines its :class:`Exercise` items and an :class:`ExerciseSet`; the
notebook calls ``check_exercise_N(answer)``, which prints a Chinese verdict — 正确 plus the
worked solution, or 不对 plus a hint (a targeted one for the usual mistakes). The worked solution
is shown only after a correct answer or on request (``show_solution(N)``). Standard library
only (the exercises also run in the browser).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from collections.abc import Callable


@dataclass(frozen=True)
class Exercise:
    """One exercise: the expected number, its tolerance and the usual wrong answers with hints."""

    number: int
    title: str
    expected: Decimal
    unit: str
    #: An answer within ± this counts as correct.
    tolerance: Decimal
    hint: str
    solution: str
    #: Keyword arguments of the engine call that reproduces the exercise (tests check it).
    engine_args: dict[str, Any] = field(default_factory=dict)
    #: Attribute of the engine's result that holds the answer (where one does).
    result_field: str = ""
    #: Usual wrong answers → a targeted hint.
    mistakes: tuple[tuple[Decimal, str], ...] = ()


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str


def as_decimal(answer: Any) -> Decimal | None:
    """A trainee's answer as a finite Decimal (numbers or text like ``"1,234.5"``), else None."""
    if isinstance(answer, bool) or answer is None:
        return None
    if isinstance(answer, int):
        return Decimal(answer)
    if isinstance(answer, float):
        return Decimal(repr(answer)) if math.isfinite(answer) else None
    if isinstance(answer, Decimal):
        return answer if answer.is_finite() else None
    if isinstance(answer, str):
        try:
            value = Decimal(answer.strip().replace(",", "").replace(",", "").replace(" ", ""))
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    return None


class ExerciseSet:
    """The exercises of one notebook, by number."""

    def __init__(self, exercises: dict[int, Exercise], *, approximate: bool = False) -> None:
        self.exercises = exercises
        #: Say “约” before the expected value (answers rounded from measurements).
        self.about = "约 " if approximate else ""

    def _missing(self, number: int) -> str:
        return f"没有第 {number} 题;可选:{', '.join(map(str, self.exercises))}"

    def evaluate(self, number: int, answer: Any) -> Verdict:
        """The verdict for ``answer`` to exercise ``number`` (pure; :meth:`check` prints it)."""
        ex = self.exercises.get(number)
        if ex is None:
            return Verdict(False, self._missing(number))
        value = as_decimal(answer)
        if value is None:
            return Verdict(False, f"请把答案写成一个数字(单位:{ex.unit}),例如 check_exercise_{number}(123.45)。"
                                  f"收到的是 {answer!r}。")
        if abs(value - ex.expected) <= ex.tolerance:
            return Verdict(True, f"✔ 正确!答案{self.about and '约'}为 {ex.expected} {ex.unit}。\n\n"
                                 f"【解题过程】\n{ex.solution}")
        for wrong, hint in ex.mistakes:
            if abs(value - wrong) <= ex.tolerance:
                return Verdict(False, f"✘ 不对。{hint}\n再算一次;需要时可调用 show_solution({number}) 查看解题过程。")
        return Verdict(False, f"✘ 不对。提示:{ex.hint}\n答案单位是 {ex.unit};"
                              f"需要时可调用 show_solution({number}) 查看解题过程。")

    def check(self, number: int, answer: Any) -> None:
        """Print the exercise's title and the verdict."""
        if number in self.exercises:
            print(f"练习 {number}:{self.exercises[number].title}")
        print(self.evaluate(number, answer).message)

    def checkers(self) -> tuple[Callable[[Any], None], ...]:
        """``check_exercise_1``, ``check_exercise_2`` … for a notebook: one function per exercise,
        in number order, each printing the verdict (:meth:`check`)."""
        def make(number: int) -> Callable[[Any], None]:
            def check_exercise(answer: Any) -> None:
                self.check(number, answer)
            check_exercise.__name__ = check_exercise.__qualname__ = f"check_exercise_{number}"
            check_exercise.__doc__ = f"练习 {number}:{self.exercises[number].title}。打印判定。"
            return check_exercise
        return tuple(make(n) for n in sorted(self.exercises))

    def show_solution(self, number: int) -> None:
        """Print the worked solution of an exercise (on request)."""
        ex = self.exercises.get(number)
        if ex is None:
            print(self._missing(number))
            return
        print(f"练习 {number}:{ex.title}\n答案:{self.about}{ex.expected} {ex.unit}\n\n【解题过程】\n{ex.solution}")
