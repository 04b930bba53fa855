"""Checks for ``exercises/loss_exercises.ipynb`` (损耗练习).

The trainee writes a number and calls ``check_exercise_1(answer)``: a Chinese verdict is printed —
正确 plus the worked solution, or 不对 plus a hint (a targeted one for the usual mistakes). The
worked solution is shown only after a correct answer or on request (``show_solution(1)``).

Expected answers are written out here by hand; the tests check that :mod:`playbook.engines.loss` with
each exercise's ``engine_args`` gives the same number, so the exercises and the engine cannot
drift apart. Standard library only (runs in the browser).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from playbook.exercises.checking import Exercise, ExerciseSet, Verdict

__all__ = ["EXERCISES", "Exercise", "Verdict", "check_exercise_1", "check_exercise_2",
           "check_exercise_3", "check_exercise_4", "check_exercise_5", "evaluate", "show_solution"]




_DIESEL = dict(shipped_volume_l=20_000, shipped_temperature_c=25, shipped_density20_kg_m3=835.0)
_GASOLINE = dict(route_km=200, shipped_volume_l=25_000, shipped_temperature_c=28,
                 shipped_density20_kg_m3=738.5, received_gross_kg=33_200, received_tare_kg=15_000)

EXERCISES: dict[int, Exercise] = {
    1: Exercise(
        number=1,
        title="把发油体积换算到 20 °C 标准体积",
        expected=Decimal("19914.8"),
        unit="升(L)",
        tolerance=Decimal("1.5"),
        engine_args=dict(route_km=120, received_gross_kg=31_560, received_tare_kg=15_000, **_DIESEL),
        hint="V20 = Vt × VCF20;油温高于 20 °C 时油品膨胀,VCF20 小于 1,标准体积比实测体积小。",
        mistakes=(
            (Decimal("20000"), "你没有做温度修正:25 °C 的油比 20 °C 时体积大,要乘 VCF20 ≈ 0.9957。"),
            (Decimal("20085.6"), "方向反了:V20 = Vt × VCF20,而不是 Vt ÷ VCF20。"),
        ),
        solution=(
            "查 GB/T 1885 表 60B(或用 playbook.engines.petroleum.vcf20(835.0, 25)):VCF20 ≈ 0.9957。\n"
            "V20 = 20 000 L × 0.99574 = 19 914.8 L(用表值 0.9957 得 19 914 L,也算对)。\n"
            "商业质量 m = V20 × (ρ20 − 1.1) = 19.9148 m³ × 833.9 kg/m³ = 16 606.9 kg。"),
    ),
    2: Exercise(
        number=2,
        title="GB/T 11085 允许的汽车运输损耗",
        expected=Decimal("4.8"),
        unit="千克(kg)",
        tolerance=Decimal("0.05"),
        engine_args={},
        hint="运距 50 km 以内 0.01%,每再走 50 km(不足 50 km 也按 50 km 算)再加 0.01%。",
        mistakes=(
            (Decimal("3.2"), "120 km 是 50 + 50 + 20:最后 20 km 不足 50 km 也要按一段算,共 3 段,0.03%。"),
            (Decimal("1.6"), "你只算了第一个 50 km;120 km 共 3 段,允许 0.03%。"),
            (Decimal("48"), "单位错了:0.03% 是万分之三(0.0003),不是千分之三。"),
        ),
        solution=(
            "120 km = 50 + 50 + 20 km,不足 50 km 的按 50 km 计 → 3 段 × 0.01% = 0.03% = 0.3‰。\n"
            "允许损耗 = 16 000 kg × 0.0003 = 4.8 kg。\n"
            "对比:一台地磅称一次净重就可能差 ±40 kg —— 计量误差比运输定额大得多,所以判定时要把两者都算上。"),
    ),
    3: Exercise(
        number=3,
        title="“少了 86 升”——温度修正后还剩多少损耗?",
        expected=Decimal("0.15"),
        unit="千克(kg)",
        tolerance=Decimal("3"),
        engine_args=dict(route_km=30, shipped_volume_l=20_000, shipped_temperature_c=30,
                         shipped_density20_kg_m3=835.0, received_volume_l=19_914,
                         received_temperature_c=25),
        hint="两边都先换算到 20 °C:V20 = Vt × VCF20(ρ20, t),再乘 (ρ20 − 1.1) 得千克,最后相减。",
        mistakes=(
            (Decimal("71.7"), "你直接用 86 L × 0.8339 算了质量:发油时 30 °C、收油时 25 °C,体积差主要是热胀冷缩。"),
            (Decimal("86"), "这是没做温度修正的体积差(升);题目问修正后的质量损耗(千克)。"),
        ),
        solution=(
            "发油:VCF20(835.0, 30 °C) ≈ 0.99147 → V20 = 20 000 × 0.99147 = 19 829.3 L。\n"
            "收油:VCF20(835.0, 25 °C) ≈ 0.99574 → V20 = 19 914 × 0.99574 = 19 829.1 L。\n"
            "标准体积只差约 0.18 L,质量差 ≈ 0.18 L × 0.8339 kg/L ≈ 0.15 kg(约 0.01‰):"
            "七月一夜油温降 5 °C,20 000 L 柴油冷缩约 86 L,“少了 86 升”几乎全是冷缩,不是损耗。\n"
            "用表值 0.9915、0.9957 算得约 1.4 kg,也算对。\n"
            "给客户看的就是这张换算单 —— 先讲清标准状态,再谈损耗。"),
    ),
    4: Exercise(
        number=4,
        title="92# 汽油地磅收货:损耗多少千克?",
        expected=Decimal("53.1"),
        unit="千克(kg)",
        tolerance=Decimal("0.5"),
        engine_args=_GASOLINE,
        hint="发油量:25 000 L × VCF20(738.5, 28 °C) × (738.5 − 1.1) ÷ 1000;收油量:毛重 − 皮重。",
        mistakes=(
            (Decimal("235.0"), "发油量没做温度修正:28 °C 下的 25 000 L 换到 20 °C 只有约 24 753 L。"),
            (Decimal("262.5"), "发油量既没做温度修正,也没扣空气浮力 1.1 kg/m³。"),
        ),
        solution=(
            "VCF20(738.5, 28 °C) ≈ 0.99013 → V20 = 25 000 × 0.99013 = 24 753.3 L。\n"
            "发油质量 = 24.7533 m³ × (738.5 − 1.1) kg/m³ = 18 253.1 kg。\n"
            "收油质量 = 33 200 − 15 000 = 18 200 kg。\n"
            "损耗 = 18 253.1 − 18 200 = 53.1 kg(2.91‰)。"),
    ),
    5: Exercise(
        number=5,
        title="练习 4 这一车:超出“定额 + 容差”多少千克?",
        expected=Decimal("5.8"),
        unit="千克(kg)",
        tolerance=Decimal("0.3"),
        engine_args=_GASOLINE,
        hint="运距 200 km 允许 4 段 × 0.01%;地磅容差按 ±40 kg;超出部分 = 损耗 − (定额 + 容差)。",
        mistakes=(
            (Decimal("45.8"), "你只扣了运输定额,没扣地磅的计量容差 40 kg。"),
            (Decimal("13.1"), "你只扣了地磅容差,没扣 GB/T 11085 的运输定额(200 km 为 0.04%)。"),
        ),
        solution=(
            "运输定额:200 km = 4 段 × 0.01% = 0.04% → 18 253.1 × 0.0004 = 7.3 kg。\n"
            "地磅容差 ±40 kg → 判定线 = 7.3 + 40 = 47.3 kg。\n"
            "损耗 53.1 kg > 47.3 kg → 超耗,超出 53.1 − 47.3 = 5.8 kg。\n"
            "按 000 §9.2 处理:正面答复、分段调查(油库付油、车辆在途、客户接卸)、"
            "协助复核地磅……不要一口咬定是司机的错,也不要否认。"),
    ),
}


_SET = ExerciseSet(EXERCISES, approximate=True)
evaluate = _SET.evaluate
show_solution = _SET.show_solution
_check = _SET.check


def check_exercise_1(answer: Any) -> None:
    """练习 1:标准体积 V20(升)。"""
    _check(1, answer)


def check_exercise_2(answer: Any) -> None:
    """练习 2:允许运输损耗(千克)。"""
    _check(2, answer)


def check_exercise_3(answer: Any) -> None:
    """练习 3:温度修正后的损耗(千克)。"""
    _check(3, answer)


def check_exercise_4(answer: Any) -> None:
    """练习 4:地磅收货的损耗(千克)。"""
    _check(4, answer)


def check_exercise_5(answer: Any) -> None:
    """练习 5:超出定额 + 容差的千克数。"""
    _check(5, answer)
