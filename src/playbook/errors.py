"""The one domain error type every engine raises for bad input."""
from __future__ import annotations

import math
import numbers
from decimal import Decimal


class PlaybookInputError(ValueError):
    """Bad input to an engine.

    ``field`` names the offending input (English identifier, e.g. ``"density20"``);
    ``message`` is the Chinese text shown to the reader and names the field and the
    allowed range, e.g. ``"标准密度 ρ20 须在 610.6–1163.5 kg/m³ 之间,收到 1200"``.
    """

    def __init__(self, field: str, message: str) -> None:
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


def shown(value: object) -> str:
    """How a received value is quoted in an error message (short, readable)."""
    x = as_real(value)
    if x is None or (math.isinf(x) and not isinstance(value, (float, Decimal))):
        text = repr(value)
        return text if len(text) <= 24 else text[:20] + "…"
    return format(x, "g")


def require_number(value: object, field: str, label: str, lo: float, hi: float, unit: str) -> float:
    """``value`` as a finite float in [lo, hi], or :class:`PlaybookInputError` naming ``label`` and the range."""
    span = f"{lo:g}–{hi:g} {unit}".rstrip()
    x = as_real(value)
    if x is None:
        raise PlaybookInputError(field, f"{label} 须为 {span} 之间的数值,收到 {shown(value)}")
    if not math.isfinite(x) or not lo <= x <= hi:
        raise PlaybookInputError(field, f"{label} 须在 {span} 之间,收到 {shown(value)}")
    return x


def require_int(value: object, field: str, label: str, lo: int, hi: int, *,
                optional: bool = False) -> int | None:
    """``value`` as an int in [lo, hi] (bools refused), or :class:`PlaybookInputError` naming
    ``label`` and the range; with ``optional``, None is allowed and returned."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        blank = "或留空" if optional else ""
        raise PlaybookInputError(field, f"{label}须为 {lo}–{hi} 之间的整数{blank},收到 {shown(value)}")
    return int(value)
