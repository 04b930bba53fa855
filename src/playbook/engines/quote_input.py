"""What a person types into the quote calculator's text boxes: a quote time
(:func:`parse_time`: ``2017-01-01 14:00``, ``2017/1/1``, ``2017年1月1日 14:00``) and a number
(:func:`parse_number`: thousands separators and full-width digits allowed). Only parses; the
ranges are checked by :func:`playbook.engines.quote.quote`.

Usage:

>>> from playbook.engines.quote_input import parse_number, parse_time
>>> parse_time("2017年1月1日 14:00")
datetime.datetime(2017, 1, 1, 14, 0)
>>> parse_number("１０,０００", "quantity", "数量"), parse_number(" ", "quantity", "数量")
(Decimal('10000'), None)

Standard library only — this module runs in the reader's browser (Pyodide).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from decimal import Decimal
from typing import Any

from playbook.errors import PlaybookInputError
from playbook.normalize import to_decimal


def _number(value: Any, field: str, label: str) -> Decimal:
    """A finite number as Decimal (:func:`playbook.normalize.to_decimal`: numpy/pandas scalars,
    Decimal, Fraction and text accepted; bool, NaN, ±inf, huge and malformed values refused)."""
    return to_decimal(value, field, label)


_TIME_RE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*分?)?\s*$")


def parse_time(text: str | None) -> datetime | None:
    """A quote time typed by a person: ``2017-01-01 14:00``, ``2017/1/1 14:00``,
    ``2017年1月1日 14:00`` or a date alone (00:00). Blank → ``None`` (now)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, str):
        # Full-width digits and colon, runs of spaces → one (also keeps the pattern linear).
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    match = _TIME_RE.match(text) if isinstance(text, str) and len(text) <= 40 else None
    if match is None:
        raise PlaybookInputError("at", code="quote_at_format", received=text)
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        raise PlaybookInputError("at", code="quote_at_invalid", received=text) from None


def parse_number(text: str | None, field: str, label: str, *, required: bool = False) -> Decimal | None:
    """A number typed into a text box (well-formed thousands separators such as ``10,000`` and
    full-width digits allowed; see :mod:`playbook.normalize`). Blank → ``None``, or a
    :class:`PlaybookInputError` asking for ``label`` when ``required``.

    Only parses; the range is checked by :func:`~playbook.engines.quote.quote`.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        if required:
            raise PlaybookInputError(field, code="required", label=label)
        return None
    return _number(text, field, label)
