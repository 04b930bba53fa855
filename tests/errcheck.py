"""Assertions on the domain error's code and values (issue 28: tests compare codes and values,
never a substring of the Chinese sentence, which lives in ``playbook.errors.MESSAGES`` alone)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from playbook.errors import MESSAGE_MAX, MESSAGES, PlaybookInputError


def check(err: BaseException, code: str, field: str | None = None, **values: Any) -> PlaybookInputError:
    """``err`` is the domain error with ``code`` (and ``field``, and these ``values``), and its
    message is a whole sentence from MESSAGES (no placeholder left, within the length cap)."""
    assert isinstance(err, PlaybookInputError), repr(err)
    assert err.code == code, f"code {err.code!r}, expected {code!r}: {err.message}"
    assert code in MESSAGES, f"code {code!r} has no sentence in errors.MESSAGES"
    if field is not None:
        assert err.field == field, f"field {err.field!r}, expected {field!r}"
    for key, want in values.items():
        assert key in err.values, f"{code}: no value {key!r} in {sorted(err.values)}"
        assert err.values[key] == want, f"{code}: {key}={err.values[key]!r}, expected {want!r}"
    assert err.message and "{" not in err.message and len(err.message) <= MESSAGE_MAX, err.message
    return err


@contextmanager
def raises_code(code: str, field: str | None = None, **values: Any) -> Iterator[Any]:
    """``with raises_code("row_number", row=2, column="目标"): ...`` — like ``pytest.raises``,
    comparing the error's code, field and values instead of matching its prose."""
    with pytest.raises(PlaybookInputError) as info:
        yield info
    check(info.value, code, field, **values)
