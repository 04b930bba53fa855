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

Answers (:func:`answer_text`)
    Every text the free-text judge reads (a trainee's answer, and the judge's own phrases) goes
    through :func:`answer_text` once: capped at :data:`MAX_ANSWER` characters, NFKC, format
    characters (Cf: zero-width, soft hyphen, bidi, word joiner) and other invisible characters
    removed, traditional and variant characters folded to simplified (table generated from
    opencc-purepy: ``t2s_data``). Linear in the length of the text.

Exported cells (:func:`cell_text`, :func:`is_formula_like`)
    :func:`cell_text` makes any text safe for a CSV or xlsx writer: lone surrogates and control
    characters (other than tab and line breaks inside the text) removed, and a text a spreadsheet
    would run as a formula (leading ``= + - @`` or their full-width forms, tab or carriage return,
    also after leading spaces of any kind — no-break, ideographic — or invisible characters)
    prefixed with ``'``. Every CSV and xlsx export goes through :mod:`playbook.spreadsheet`, which
    applies it to every text cell.
"""
from __future__ import annotations

import functools
import math
import numbers
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from collections.abc import Callable
from typing import Literal, overload

from playbook.errors import PlaybookInputError, as_real, shown

__all__ = [
    "FORMULA_START", "MAGNITUDES", "MAX_ABS", "MAX_ANSWER", "MAX_EXPONENT", "MAX_TEXT", "PLACES", "answer_text",
    "cell_text", "clean_line", "clean_multiline", "display_float", "is_formula_like", "printable",
    "normalize_name", "parse_number_text", "require_decimal", "require_int", "require_line", "require_name",
    "require_number", "require_text", "EARLIEST", "FUTURE_SLACK", "require_date", "require_moment",
    "same_name", "name_key", "to_decimal", "to_float",
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
        raise PlaybookInputError(field, code="required", label=label)
    if len(text) > MAX_TEXT:
        raise PlaybookInputError(field, code="number_text_long", label=label, length=len(text))
    if text.lower() in _SPECIAL:
        raise PlaybookInputError(field, code="not_finite", label=label, received=raw)
    if not _NUMBER_RE.match(text):
        hint = "(千位分隔符须每三位一个,如 10,000)" if "," in text else ""
        raise PlaybookInputError(field, code="number", label=label, hint=hint, received=raw)
    mantissa, _, exponent = text.lower().partition("e")
    if exponent and len(exponent.lstrip("+-").lstrip("0")) > 2 or (
            exponent and abs(int(exponent)) > MAX_EXPONENT):
        raise PlaybookInputError(field, code="too_large", label=label, received=raw)
    return _bounded(Decimal(mantissa.replace(",", "") + (f"e{exponent}" if exponent else "")),
                    field, label, raw)


def _bounded(value: Decimal, field: str, label: str, raw: object) -> Decimal:
    if not value.is_finite():
        raise PlaybookInputError(field, code="not_finite", label=label, received=raw)
    if abs(value) >= MAX_ABS:
        raise PlaybookInputError(field, code="too_large", label=label, received=raw)
    if value.as_tuple().exponent < -PLACES:  # type: ignore[operator]  # finite (checked above): an int exponent
        value = value.quantize(_QUANTUM)
    if value == 0:  # no negative zero, no 0E-12
        value = abs(value) if value.as_tuple().exponent >= -2 else Decimal(0)  # type: ignore[operator]  # finite: an int exponent
    return value


#: Chinese magnitude words a typed amount may end with (``12万`` = 120000), for the boxes that
#: allow them (``to_decimal(..., words=MAGNITUDES)``).
MAGNITUDES = {"万": 10_000, "亿": 100_000_000}


def to_decimal(value: object, field: str, label: str, *, words: dict[str, int] | None = None) -> Decimal:
    """``value`` (number or text) as a finite Decimal with |x| < :data:`MAX_ABS`, at most
    :data:`PLACES` decimals, ``-0`` → ``0``; anything else → :class:`PlaybookInputError`.
    ``words``: magnitude words allowed after a typed number (e.g. :data:`MAGNITUDES`)."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        for word, factor in (words or {}).items():
            if text.endswith(word) and len(text) > len(word):
                return _bounded(parse_number_text(text[:-len(word)], field, label) * factor, field, label, value)
        return parse_number_text(value, field, label)
    if not _is_real(value):
        kind = "布尔值" if _is_bool(value) else ""
        raise PlaybookInputError(field, code="number", label=label, kind=kind, received=value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, numbers.Integral):
        try:
            as_int = int(value)
        except (TypeError, ValueError, OverflowError):
            raise PlaybookInputError(field, code="number", label=label, received=value) from None
        if abs(as_int) >= 10 ** 15:
            raise PlaybookInputError(field, code="too_large", label=label, received=value)
        number = Decimal(as_int)
    else:
        try:
            as_float = float(value)  # type: ignore[arg-type]  # any other value: float() decides, errors caught
        except OverflowError:
            as_float = math.inf
        except (TypeError, ValueError, ArithmeticError):
            as_float = math.nan
        if not math.isfinite(as_float):
            code = "too_large" if math.isinf(as_float) else "not_finite"
            raise PlaybookInputError(field, code=code, label=label, received=value)
        if isinstance(value, Fraction):
            number = Decimal(value.numerator) / Decimal(value.denominator)
        else:
            number = Decimal(repr(as_float))
    try:
        return _bounded(number, field, label, value)
    except InvalidOperation:  # pragma: no cover - bounded above
        raise PlaybookInputError(field, code="number", label=label, received=value) from None


def to_float(value: object, field: str, label: str) -> float:
    """``value`` (number or text) as a finite float (same rules as :func:`to_decimal`)."""
    if isinstance(value, float) and math.isfinite(value) and abs(value) < 1e15:
        return value + 0.0  # -0.0 → 0.0
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10 ** 15:
        return float(value)
    return float(to_decimal(value, field, label)) + 0.0


def _range_error(field: str, label: str, low: object, high: object, unit: str, received: object, *,
                 low_open: bool = False, note: str = "") -> PlaybookInputError:
    return PlaybookInputError(field, code="range_open" if low_open else "range", label=label, low=low,
                              high=high, unit=unit, received=received, note=note)


def require_decimal(value: object, field: str, label: str, low: Decimal, high: Decimal, unit: str = "", *,
                    low_open: bool = False, note: str = "") -> Decimal:
    """``value`` (number or text, as :func:`to_decimal`) as a Decimal in [low, high] (``low_open``:
    (low, high]); else :class:`PlaybookInputError` code ``range``/``range_open`` with the bounds."""
    number = to_decimal(value, field, label)
    if (number <= low if low_open else number < low) or number > high:
        raise _range_error(field, label, low, high, unit, number, low_open=low_open, note=note)
    return number


def require_number(value: object, field: str, label: str, lo: float, hi: float, unit: str = "") -> float:
    """``value`` (number or text) as a finite float in [lo, hi], or :class:`PlaybookInputError`:
    code ``number_range`` (not a number) or ``range`` (outside), with ``low``, ``high``, ``unit``,
    ``received``. The package's one range check for floats (:func:`require_decimal` for money)."""
    x: float | None
    if isinstance(value, str):
        try:
            x = to_float(value, field, label)
        except PlaybookInputError:
            hint = "(千位分隔符须每三位一个)" if "," in value or "，" in value else ""
            raise PlaybookInputError(field, code="number_range", label=label, low=lo, high=hi, unit=unit,
                                     hint=hint, received=value) from None
    else:
        x = as_real(value)
    if x is None:
        raise PlaybookInputError(field, code="number_range", label=label, low=lo, high=hi, unit=unit,
                                 received=value)
    x += 0.0  # no negative zero
    if not math.isfinite(x) or not lo <= x <= hi:
        raise _range_error(field, label, lo, hi, unit, value)
    return x


@overload
def require_int(value: object, field: str, label: str, lo: int, hi: int, *,
                optional: Literal[False] = False) -> int: ...
@overload
def require_int(value: object, field: str, label: str, lo: int, hi: int, *,
                optional: bool) -> int | None: ...
def require_int(value: object, field: str, label: str, lo: int, hi: int, *,
                optional: bool = False) -> int | None:
    """``value`` as an int in [lo, hi] (bools refused; numpy integers accepted), or
    :class:`PlaybookInputError` code ``integer`` with ``low``, ``high``, ``received``; with
    ``optional``, None is allowed and returned."""
    if value is None and optional:
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, int)):
        value = int(value)  # a numpy/pandas integer is an integer too
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise PlaybookInputError(field, code="integer", label=label, low=lo, high=hi,
                                 blank="或留空" if optional else "", received=value)
    return int(value)


# --------------------------------------------------------------------------- dates
#: Earliest moment a record (an answer, a score) may carry: nothing here predates it.
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
#: How far in the future a recorded moment may lie (clock skew between a reader's device and
#: the trainer's): one day.
FUTURE_SLACK = timedelta(days=1)


def _when(value: datetime) -> str:
    """A moment as shown in a message: ``2026-12-08 04:15 UTC`` (or its own offset if not UTC)."""
    try:
        text = value.isoformat(sep=" ", timespec="minutes")
    except (ValueError, OverflowError):  # pragma: no cover
        return shown(value)
    return text[:-6] + " UTC" if text.endswith("+00:00") else text


def require_moment(value: object, field: str, label: str, *, low: datetime = EARLIEST,
                   high: datetime | None = None) -> datetime:
    """A recorded moment: a timezone-aware :class:`~datetime.datetime` between ``low`` and
    ``high`` (default: now + :data:`FUTURE_SLACK`), returned in UTC. Anything else (naive, not a
    datetime, year 1 at +14:00, 9999-12-28) → :class:`PlaybookInputError` code ``date_type``,
    ``date_future`` or ``date_range``, so no stored moment can overflow a later calculation."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise PlaybookInputError(field, code="date_type", label=label, received=value)
    top = high if high is not None else datetime.now(timezone.utc) + FUTURE_SLACK
    try:
        at = value.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise PlaybookInputError(field, code="date_range", label=label, low=_when(low), high=_when(top),
                                 got=_when(value)) from None
    if at > top:
        code = "date_future" if high is None else "date_range"
        raise PlaybookInputError(field, code=code, label=label, low=_when(low), high=_when(top), got=_when(at))
    if at < low:
        raise PlaybookInputError(field, code="date_range", label=label, low=_when(low), high=_when(top), got=_when(at))
    return at


def require_date(value: object, field: str, label: str, low: date, high: date) -> date:
    """A calendar date (not a datetime) in [low, high], else :class:`PlaybookInputError`
    (code ``date_type`` or ``date_range``)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise PlaybookInputError(field, code="date_type", label=label, received=value)
    if not low <= value <= high:
        raise PlaybookInputError(field, code="date_range", label=label, low=low.isoformat(),
                                 high=high.isoformat(), got=value.isoformat())
    return value


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


def name_key(text: object) -> str:
    """The identity of a person's name, one key for every look-alike spelling of it: NFKC
    (full-width ``ＡＢＣ`` → ``ABC``), format characters removed (zero-width, BOM, bidi marks, soft
    hyphen), traditional folded to simplified (``張偉`` → ``张伟``, the judge's table), white space
    removed and case folded. Every store compares names by this key and keeps the first stored
    spelling for display, so ``张伟`` and ``張偉`` are one trainee.

    >>> name_key("張\u200b偉") == name_key("张伟") == name_key(" 张 伟 ")
    True
    >>> name_key("Ｌｉ Ｎａ") == name_key("li na")
    True
    """
    if not isinstance(text, str):
        return ""
    return _SPACES.sub("", normalize_name(text).translate(_fold_table())).casefold()


def same_name(a: object, b: object) -> bool:
    """Whether two names are one person (the same :func:`name_key`)."""
    return isinstance(a, str) and isinstance(b, str) and name_key(a) == name_key(b)


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


def _lead_blank(ch: str) -> bool:
    """White space or an invisible character a spreadsheet may skip before a formula: spaces
    of every kind (no-break U+00A0, ideographic U+3000, U+2000–U+200A …), line breaks, format
    characters (zero-width space, BOM …)."""
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Cf")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula: it starts (after any white space
    or invisible characters, :func:`_lead_blank`) with one of :data:`FORMULA_START` (ASCII or
    full-width ``= + - @``, tab, carriage return) and is not a plain number such as ``-5.00``."""
    if text[:1] in ("\t", "\r"):
        return True
    i = 0
    while i < len(text) and _lead_blank(text[i]) and text[i] not in "\t\r":
        i += 1
    stripped = text[i:]
    return stripped.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(stripped.strip())


def cell_text(value: object) -> str:
    """Text safe for a CSV or xlsx cell: writer-breaking characters removed (lone surrogates,
    control characters other than tab and line break), and a formula-like text prefixed with ``'``."""
    raw = str(value)
    text = _clean(raw, "\n\t")
    if is_formula_like(text) or is_formula_like(raw) or text.startswith(("\t", "\r")):
        text = "'" + text
    return text


def require_text(value: object, field: str, label: str, lo: int, hi: int, *,
                 multiline: bool = False) -> str:
    """``value`` if it is a str of ``lo``–``hi`` characters without control characters (with
    ``multiline``: line feed and tab allowed) or lone surrogates; else
    :class:`PlaybookInputError` naming ``label`` and the limit."""
    if not isinstance(value, str):
        raise PlaybookInputError(field, code="text_type", label=label, received=value)
    if not lo <= len(value) <= hi:
        raise PlaybookInputError(field, code="text_too_long" if lo == 0 else "text_length", label=label,
                                 low=lo, high=hi, length=len(value))
    for ch in value:
        cat = unicodedata.category(ch)
        if cat == "Cs" or (cat == "Cc" and not (multiline and ch in "\n\t")):
            allowed = "(只允许换行和制表符)" if multiline else ""
            raise PlaybookInputError(field, code="text_control", label=label, hint=allowed, received=ch)
    return value


def _require_cleaned(value: object, field: str, label: str, hi: int, clean: Callable[[str], str]) -> str:
    """No control characters (refused), then ``clean``, then 1–``hi`` characters."""
    if isinstance(value, str) and len(value) > 4 * hi:
        raise PlaybookInputError(field, code="text_length", label=label, low=1, high=hi, length=len(value))
    text = clean(require_text(value, field, label, 0, 4 * hi))
    if not text:
        raise PlaybookInputError(field, code="empty", label=label)
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


# --------------------------------------------------------------------------- answers
#: Longest answer the judge reads, characters (a spoken answer is two or three sentences; the
#: rest of a longer text is not read, so no input can make the judge slow).
MAX_ANSWER = 2000
_INVISIBLE = ("Cf", "Cs", "Co", "Cc")


def _visible(text: str) -> str:
    """``text`` without format (Cf), surrogate, private-use and control characters (tab and line
    breaks kept)."""
    if text.replace("\n", "").replace("\t", "").isprintable():  # the common case, at C speed
        return text
    return "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in _INVISIBLE)


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    from playbook.t2s_data import SIMPLIFIED, TRADITIONAL

    return str.maketrans(TRADITIONAL, SIMPLIFIED)


def answer_text(text: str, *, cap: int = MAX_ANSWER) -> str:
    """An answer as the judge reads it: the first ``cap`` characters, NFKC (full-width ？％１ →
    ?%1), invisible characters removed (``回\\u200b扣`` → ``回扣``), traditional folded to simplified
    (``紅包`` → ``红包``, ``囘扣`` → ``回扣``). White space is kept. Linear in ``len(text)``.

    >>> answer_text("另外給您一點回\u200b扣。")
    '另外给您一点回扣。'
    """
    if not isinstance(text, str):
        raise PlaybookInputError("answer", code="wrong_type", label="回答", expected="文字", received=text)
    # invisible characters first (they must not use up the cap), on a bounded slice
    head = _visible(text[:cap * 4].replace("\r", "\n"))[:cap * 2]
    return _visible(unicodedata.normalize("NFKC", head)).translate(_fold_table())[:cap]
