"""The one place that normalises numbers, names and exported text (standard library only).

Every engine, store and exporter goes through these helpers, so a number from numpy or pandas, a
``Decimal``, an ``int`` with thousands of digits or a text typed into a box is read the same way
everywhere, and a name with an invisible character is the same person everywhere.

Numbers (:func:`to_decimal`, :func:`to_float`, :func:`parse_number_text`)
    Accepted: ``int`` (not ``bool``), ``float``, :class:`decimal.Decimal`, :class:`fractions.Fraction`,
    numpy/pandas scalars (anything registered as :class:`numbers.Real`) and text. Text may carry
    full-width digits, a full-width or Unicode minus and **well-formed** thousands separators only
    (``10,000``, ``1,234,567.5``, ``10，000``); ``6,5`` or ``1,0,0,0,0`` is refused, never read as 65
    or 10000. ``nan``/``inf``, magnitudes of :data:`MAX_ABS` or more, texts longer than
    :data:`MAX_TEXT` and exponents beyond ±:data:`MAX_EXPONENT` are refused with
    :class:`~playbook.errors.PlaybookInputError` (short Chinese message naming the field), so no
    input can make a gigantic error message or number string. ``-0`` becomes ``0``.

Names (:func:`normalize_name`, :func:`clean_line`, :func:`clean_multiline`)
    :func:`normalize_name` is for people (trainees, observers, drivers, carriers, teams): NFKC
    (full-width letters → ASCII, compatibility forms folded), zero-width and other format
    characters, control characters and lone surrogates removed, runs of white space → one space,
    trimmed. So ``"张三"``, ``"张三 "`` and ``"张三\\u200b"`` are one person. :func:`clean_line`
    does the same without NFKC (for session names and other labels whose full-width punctuation is
    meant), :func:`clean_multiline` keeps line breaks (notes).

Exported cells (:func:`cell_text`, :func:`is_formula_like`)
    :func:`cell_text` makes any text safe for a CSV or xlsx writer: lone surrogates and control
    characters (other than tab and line breaks inside the text) removed, and a text a spreadsheet
    would run as a formula (leading ``= + - @``, tab or carriage return) prefixed with ``'``.
"""
from __future__ import annotations

import math
import numbers
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from playbook.errors import PlaybookInputError, shown

__all__ = [
    "FORMULA_START", "MAX_ABS", "MAX_EXPONENT", "MAX_TEXT", "PLACES",
    "cell_text", "clean_line", "clean_multiline", "display_float", "is_formula_like", "printable",
    "normalize_name", "parse_number_text", "require_line", "require_name", "require_text",
    "same_name", "to_decimal", "to_float",
]

#: Largest magnitude any engine accepts (every real range is far below it).
MAX_ABS = Decimal("1e15")
#: Decimal places kept of a Decimal input (finer digits are rounded half-even; every engine
#: rounds far coarser, so this only bounds the size of the numbers carried around).
PLACES = 12
#: Longest number text accepted, characters (after trimming).
MAX_TEXT = 64
#: Largest exponent written in a number text (``1e15``, ``2.5E-3``).
MAX_EXPONENT = 30

_QUANTUM = Decimal(1).scaleb(-PLACES)
_NUMBER_RE = re.compile(
    r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][+-]?\d+)?\Z"
    r"|[+-]?\.\d+(?:[eE][+-]?\d+)?\Z")
_MINUS = {"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"}
_SPECIAL = frozenset({"nan", "+nan", "-nan", "snan", "inf", "+inf", "-inf", "infinity",
                      "+infinity", "-infinity", "∞", "+∞", "-∞"})


def _is_bool(value: object) -> bool:
    return isinstance(value, bool) or type(value).__name__ in ("bool", "bool_")  # numpy's too


def _is_real(value: object) -> bool:
    if _is_bool(value):
        return False
    return isinstance(value, (numbers.Real, Decimal))


def parse_number_text(text: str, field: str, label: str) -> Decimal:
    """A number typed as text (see the module doc for what is accepted) as a finite Decimal."""
    raw = text
    text = unicodedata.normalize("NFKC", text).strip()
    for minus, ascii_minus in _MINUS.items():
        text = text.replace(minus, ascii_minus)
    if not text:
        raise PlaybookInputError(field, f"请填写{label}")
    if len(text) > MAX_TEXT:
        raise PlaybookInputError(field, f"{label}须为数字,收到的文字过长({len(text)} 个字符)")
    if text.lower() in _SPECIAL:
        raise PlaybookInputError(field, f"{label}须为有限的数字,收到 {shown(raw)}")
    if not _NUMBER_RE.match(text):
        hint = "(千位分隔符须每三位一个,如 10,000)" if "," in text else ""
        raise PlaybookInputError(field, f"{label}须为数字{hint},收到 {shown(raw)}")
    mantissa, _, exponent = text.lower().partition("e")
    if exponent and len(exponent.lstrip("+-").lstrip("0")) > 2 or (
            exponent and abs(int(exponent)) > MAX_EXPONENT):
        raise PlaybookInputError(field, f"{label}超出可处理的范围(绝对值须小于 {MAX_ABS:.0e}),"
                                        f"收到 {shown(raw)}")
    return _bounded(Decimal(mantissa.replace(",", "") + (f"e{exponent}" if exponent else "")),
                    field, label, raw)


def _bounded(value: Decimal, field: str, label: str, raw: object) -> Decimal:
    if not value.is_finite():
        raise PlaybookInputError(field, f"{label}须为有限的数字,收到 {shown(raw)}")
    if abs(value) >= MAX_ABS:
        raise PlaybookInputError(field, f"{label}超出可处理的范围(绝对值须小于 {MAX_ABS:.0e}),"
                                        f"收到 {shown(raw)}")
    if value.as_tuple().exponent < -PLACES:  # type: ignore[operator]  # finite here: an int exponent
        value = value.quantize(_QUANTUM)
    if value == 0:  # no negative zero, no 0E-12
        value = abs(value) if value.as_tuple().exponent >= -2 else Decimal(0)  # type: ignore[operator]  # finite: an int exponent
    return value


def to_decimal(value: object, field: str, label: str) -> Decimal:
    """``value`` (number or text) as a finite Decimal with |x| < :data:`MAX_ABS`, at most
    :data:`PLACES` decimals, ``-0`` → ``0``; anything else → :class:`PlaybookInputError`."""
    if isinstance(value, str):
        return parse_number_text(value, field, label)
    if not _is_real(value):
        kind = "布尔值" if _is_bool(value) else ""
        raise PlaybookInputError(field, f"{label}须为数字,收到{kind} {shown(value)}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, numbers.Integral):
        try:
            as_int = int(value)
        except (TypeError, ValueError, OverflowError):
            raise PlaybookInputError(field, f"{label}须为数字,收到 {shown(value)}") from None
        if abs(as_int) >= 10 ** 15:
            raise PlaybookInputError(field, f"{label}超出可处理的范围(绝对值须小于 {MAX_ABS:.0e}),"
                                            f"收到 {shown(value)}")
        number = Decimal(as_int)
    else:
        try:
            as_float = float(value)  # type: ignore[arg-type]  # any other value: float() decides, errors caught
        except OverflowError:
            as_float = math.inf
        except (TypeError, ValueError, ArithmeticError):
            as_float = math.nan
        if not math.isfinite(as_float):
            bad = "超出可处理的范围" if math.isinf(as_float) else "须为有限的数字"
            raise PlaybookInputError(field, f"{label}{bad},收到 {shown(value)}")
        if isinstance(value, Fraction):
            number = Decimal(value.numerator) / Decimal(value.denominator)
        else:
            number = Decimal(repr(as_float))
    try:
        return _bounded(number, field, label, value)
    except InvalidOperation:  # pragma: no cover - bounded above
        raise PlaybookInputError(field, f"{label}须为数字,收到 {shown(value)}") from None


def to_float(value: object, field: str, label: str) -> float:
    """``value`` (number or text) as a finite float (same rules as :func:`to_decimal`)."""
    if isinstance(value, float) and math.isfinite(value) and abs(value) < 1e15:
        return value + 0.0  # -0.0 → 0.0
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10 ** 15:
        return float(value)
    return float(to_decimal(value, field, label)) + 0.0


def display_float(value: float, spec: str) -> str:
    """``format(value, spec)`` without a negative zero (``-0.0`` → ``0.0``)."""
    text = format(value, spec)
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]
    return text


# --------------------------------------------------------------------------- names and text
_SPACES = re.compile(r"\s+")


def _clean(text: str, keep: str = "") -> str:
    """``text`` without control (Cc, except ``keep``), format (Cf: zero-width, BOM, bidi marks,
    soft hyphen) and lone surrogate (Cs) characters."""
    return "".join(ch for ch in text
                   if ch in keep or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))


def normalize_name(text: str) -> str:
    """A person's name as stored and compared: NFKC, invisible/control characters removed, white
    space runs → one space, trimmed (``"张三\\u200b "`` → ``"张三"``, ``"ＡＢＣ"`` → ``"ABC"``)."""
    text = _SPACES.sub(" ", text)
    return _SPACES.sub(" ", _clean(unicodedata.normalize("NFKC", _clean(text)))).strip()


def same_name(a: object, b: object) -> bool:
    """Whether two names are one person after :func:`normalize_name`."""
    return isinstance(a, str) and isinstance(b, str) and normalize_name(a) == normalize_name(b)


def clean_line(text: str) -> str:
    """One-line label (session name …): NFC, invisible/control characters removed, white space
    runs → one space, trimmed; full-width punctuation kept."""
    text = _SPACES.sub(" ", text)
    return _SPACES.sub(" ", _clean(unicodedata.normalize("NFC", _clean(text)))).strip()


def clean_multiline(text: str) -> str:
    """Free text (notes): NFC, invisible/control characters removed except line breaks and tabs;
    ``\\r\\n``/``\\r`` → ``\\n``; trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _clean(unicodedata.normalize("NFC", _clean(text, "\n\t")), "\n\t").strip()


#: Characters that make a spreadsheet read a text cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula: it starts (after spaces and line
    breaks) with one of :data:`FORMULA_START` and is not a plain number such as ``-5.00``."""
    stripped = text.lstrip(" \n")
    return stripped.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(stripped.strip())


def cell_text(value: object) -> str:
    """Text safe for a CSV or xlsx cell: writer-breaking characters removed (lone surrogates,
    control characters other than tab and line break), and a formula-like text prefixed with ``'``."""
    text = _clean(str(value), "\n\t")
    if is_formula_like(text) or text.startswith(("\t", "\r")):
        text = "'" + text
    return text


def require_text(value: object, field: str, label: str, lo: int, hi: int, *,
                 multiline: bool = False) -> str:
    """``value`` if it is a str of ``lo``–``hi`` characters without control characters (with
    ``multiline``: line feed and tab allowed) or lone surrogates; else
    :class:`PlaybookInputError` naming ``label`` and the limit."""
    if not isinstance(value, str):
        raise PlaybookInputError(field, f"{label}须为文字,收到 {shown(value)}")
    if not lo <= len(value) <= hi:
        need = f"最多 {hi} 个字符" if lo == 0 else f"须为 {lo}–{hi} 个字符"
        raise PlaybookInputError(field, f"{label}{need},收到 {len(value)} 个字符")
    for ch in value:
        cat = unicodedata.category(ch)
        if cat == "Cs" or (cat == "Cc" and not (multiline and ch in "\n\t")):
            allowed = "(只允许换行和制表符)" if multiline else ""
            raise PlaybookInputError(field, f"{label}不能包含控制字符{allowed},收到 {ch!r}")
    return value


def _require_cleaned(value: object, field: str, label: str, hi: int, clean) -> str:
    """No control characters (refused), then ``clean``, then 1–``hi`` characters."""
    if isinstance(value, str) and len(value) > 4 * hi:
        raise PlaybookInputError(field, f"{label}须为 1–{hi} 个字符,收到 {len(value)} 个字符")
    require_text(value, field, label, 0, 4 * hi)
    text = clean(value)
    if not text:
        raise PlaybookInputError(field, f"{label}不能为空")
    return require_text(text, field, label, 1, hi)


def require_name(value: object, field: str, label: str, hi: int) -> str:
    """A person's name: no control characters (refused, as by the records store), then
    :func:`normalize_name`, then 1–``hi`` characters. Returns the normalised name."""
    return _require_cleaned(value, field, label, hi, normalize_name)


def require_line(value: object, field: str, label: str, hi: int) -> str:
    """A one-line label (session name): no control characters, then :func:`clean_line`, then
    1–``hi`` characters. Returns the cleaned text."""
    return _require_cleaned(value, field, label, hi, clean_line)


def printable(text: object) -> str:
    """Text safe to draw or print: control characters (except line feed and tab), zero-width
    and other format characters and lone surrogates removed (a chart's font renderer or a
    file writer cannot take them)."""
    return _clean(str(text), "\n\t")
