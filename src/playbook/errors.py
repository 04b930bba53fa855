"""The one domain error type every engine raises for bad input."""
from __future__ import annotations

import math
import numbers
import reprlib
from decimal import Decimal
from typing import Literal, overload

#: Longest message a :class:`PlaybookInputError` carries (a longer one is cut with "…").
MESSAGE_MAX = 300


class PlaybookInputError(ValueError):
    """Bad input to an engine.

    ``field`` names the offending input (English identifier, e.g. ``"density20"``);
    ``message`` is the Chinese text shown to the reader and names the field and the
    allowed range, e.g. ``"标准密度 ρ20 须在 610.6–1163.5 kg/m³ 之间,收到 1200"``.
    """

    def __init__(self, field: str, message: str) -> None:
        message = str(message)
        if len(message) > MESSAGE_MAX:
            message = message[:MESSAGE_MAX - 1] + "…"
        super().__init__(message)
        self.field = field
        self.message = message


def as_real(value: object) -> float | None:
    """``value`` as a float if it is a real number (bools excluded), else None.

    An int or Fraction beyond the float range becomes ``inf``; ``Decimal('sNaN')`` becomes NaN.
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf
    except (ValueError, ArithmeticError):
        return math.nan


_REPR = reprlib.Repr()
_REPR.maxstring = 22
_REPR.maxother = 22
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4


def shown(value: object) -> str:
    """How a received value is quoted in an error message: short (at most about 30 characters)
    and safe for any input (integers of any size, huge Decimals, long texts, odd objects)."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        try:
            n = int(value)
        except Exception:  # noqa: BLE001 - an odd Integral: fall through to repr
            n = None
        if n is not None:
            if abs(n) < 10 ** 15:
                return str(n)
            return f"(约 {int(n.bit_length() * 0.30103) + 1} 位的整数)"
    if isinstance(value, Decimal):
        text = format(value, "g") if value.is_finite() and abs(value.adjusted()) < 16 else format(value, ".6g")
        return text if len(text) <= 24 else text[:20] + "…"
    if isinstance(value, str):
        text = _REPR.repr(value)
        return text
    x = as_real(value)
    if x is not None:
        return format(x, "g")
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 30 else text[:26] + "…"


def require_number(value: object, field: str, label: str, lo: float, hi: float, unit: str) -> float:
    """``value`` as a finite float in [lo, hi], or :class:`PlaybookInputError` naming ``label`` and the range."""
    from playbook.normalize import to_float

    span = f"{lo:g}–{hi:g} {unit}".rstrip()
    x: float | None
    if isinstance(value, str):
        try:
            x = to_float(value, field, label)
        except PlaybookInputError:
            hint = "(千位分隔符须每三位一个)" if "," in value or "，" in value else ""
            raise PlaybookInputError(field, f"{label} 须为 {span} 之间的数值{hint},收到 {shown(value)}") from None
    else:
        x = as_real(value)
    if x is None:
        raise PlaybookInputError(field, f"{label} 须为 {span} 之间的数值,收到 {shown(value)}")
    x += 0.0  # no negative zero
    if not math.isfinite(x) or not lo <= x <= hi:
        raise PlaybookInputError(field, f"{label} 须在 {span} 之间,收到 {shown(value)}")
    return x


@overload
def require_int(value: object, field: str, label: str, lo: int, hi: int, *,
                optional: Literal[False] = False) -> int: ...
@overload
def require_int(value: object, field: str, label: str, lo: int, hi: int, *, optional: bool) -> int | None: ...
def require_int(value: object, field: str, label: str, lo: int, hi: int, *,
                optional: bool = False) -> int | None:
    """``value`` as an int in [lo, hi] (bools refused), or :class:`PlaybookInputError` naming
    ``label`` and the range; with ``optional``, None is allowed and returned."""
    if value is None and optional:
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, int)):
        value = int(value)  # a numpy/pandas integer is an integer too
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        blank = "或留空" if optional else ""
        raise PlaybookInputError(field, f"{label}须为 {lo}–{hi} 之间的整数{blank},收到 {shown(value)}")
    return int(value)
