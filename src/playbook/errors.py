"""The one domain error type every engine raises for bad input, and the one place its Chinese
sentence is written.

An error carries *what* went wrong as data — a ``code`` and its values (``field``, ``label``,
``low``, ``high``, ``unit``, ``received`` …) — and :data:`MESSAGES` turns that into the sentence a
reader sees, as ``pint``'s errors do::

    >>> err = PlaybookInputError("density20", code="range", label="标准密度 ρ20",
    ...                          low=610.6, high=1163.5, unit="kg/m³", received=1200)
    >>> err.code, err.values["high"]
    ('range', 1163.5)
    >>> err.message
    '标准密度 ρ20 须在 610.6–1163.5 kg/m³ 之间,收到 1200'

Tests compare ``code`` and ``values``; only this module composes prose from them. The older form
``PlaybookInputError(field, message)`` still works (code ``"message"``), so code written before the
codes existed keeps running; new code gives a code.

Standard library only; imports nothing else of the package (``normalize`` imports this module,
never the other way round).
"""
from __future__ import annotations

import math
import numbers
import reprlib
import warnings
from decimal import Decimal
from typing import Any

__all__ = ["MESSAGES", "MESSAGE_MAX", "PlaybookInputError", "UnknownItemError", "as_real", "guarded", "render",
           "shown"]

#: Longest message a :class:`PlaybookInputError` carries (a longer one is cut with "…").
MESSAGE_MAX = 300

#: The Chinese sentence of each error code. Placeholders are the error's values; ``{received}``
#: is shown short and safe (:func:`shown`), numbers with ``:g``. Add a code here, never prose in
#: an engine.
MESSAGES: dict[str, str] = {
    # numbers (playbook.normalize)
    "required": "请填写{label}",
    "number": "{label}须为数字{hint},收到{kind} {received}",
    "number_range": "{label}{sp}须为 {low}–{high}{unit} 之间的数值{hint},收到 {received}",
    "not_finite": "{label}须为有限的数字,收到 {received}",
    "too_large": "{label}超出可处理的范围(绝对值须小于 1e+15),收到 {received}",
    "number_text_long": "{label}须为数字,收到的文字过长({length} 个字符)",
    "range": "{label}{sp}须在 {low}–{high}{unit} 之间{note},收到 {received}",
    "range_open": "{label}{sp}须大于 {low} 且不超过 {high}{unit}{note},收到 {received}",
    "integer": "{label}须为 {low}–{high} 之间的整数{blank},收到 {received}",
    # text (playbook.normalize)
    "text_type": "{label}须为文字,收到 {received}",
    "text_length": "{label}须为 {low}–{high} 个字符,收到 {length} 个字符",
    "text_too_long": "{label}最多 {high} 个字符,收到 {length} 个字符",
    "text_control": "{label}不能包含控制字符{hint},收到 {received}",
    "empty": "{label}不能为空",
    "choice": "{label}须为 {allowed} 之一,收到 {received}",
    # dates and times
    "date_type": "{label}须为日期(时间须带时区),收到 {received}",
    "date_future": "{label}不能晚于 {high}(不能是将来的时间),收到 {got}",
    "date_range": "{label}须在 {low} 至 {high} 之间,收到 {got}",
    # files a person hands in (playbook.spreadsheet, progress files)
    "file_type": "上传的内容须为文件的字节,收到 {kind}",
    "file_empty": "{name} 是空文件,或没有表头(第一行是空的)",
    "file_too_large": "{name} 太大(超过 {high} {unit}):请删去不需要的内容或拆成几个文件再上传",
    "file_too_many_rows": "{name} 的数据超过 {high:,} 行(表头除外):请拆成几个文件再上传",
    "file_too_many_columns": "{name} 的数据超过 {high} 列:请删去多余的列(或检查远处是否有被填过的单元格)",
    "file_field_too_long": "{name} 第 {line} 行有一格超过 {high:,} 个字符:请检查是否少了一个引号",
    "file_encoding": "无法识别 {name} 的文字编码:请另存为 UTF-8 或 GBK 编码的 CSV",
    "file_unreadable": "{name} 不是有效的 xlsx 文件(可能已损坏,或是改了扩展名的其他文件):"
                       "请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 再上传",
    "file_csv_broken": "{name} 第 {line} 行无法读取(CSV 格式有误,例如引号没有配对):请检查后再上传",
    "file_nul": "{name} 含有空字符(NUL),不是文字表格:请另存为 CSV 或 .xlsx 后再上传",
    "file_memory": "{name} 太大,无法读取:请拆成几个文件再上传",
    "progress_file": "进度文件{where}无法读取:{reason}。文件未被改动。",
    "progress_save": "进度文件{where}无法保存({reason}):这次的作答没有写入,之前的记录完好",
    "trainee_mismatch": "进度文件{where}是学员 “{named}” 的,与指定的学员 “{given}” 不符:请检查文件或 --trainee",
    "file_xls": "{name} 是旧版 Excel(.xls)文件,无法读取:请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再上传",
    "file_suffix": "只支持 CSV(.csv)或 Excel(.xlsx)文件,收到 {name}",
    "file_xlsx_unavailable": "这里无法读取 xlsx 文件:请在 Excel 中另存为 CSV 再上传",
    "no_rows": "{name}没有数据(只有表头或是空的)",
    "missing_columns": "{name}缺少列:{missing}(须有:{required})",
    "duplicate_column": "{name}的表头“{column}”出现了两次:请删去一列",
    # a public engine function called with arguments of the wrong shape (API type confusion)
    "arguments": "{function} 的参数类型或结构不对({reason}):请按说明传入数据",
    # the records store
    "store_time": "记录库中有一个无法识别的时间 {received}(可能被其他程序改过):请检查记录库",
    # the knowledge base
    "unknown_item": "知识库中没有 id 为 “{item_id}” 的条目",
    "unknown_collection": "知识库中没有名为 “{item_id}” 的集合;可用:{allowed}",
}


def _fmt(key: str, value: Any) -> str:
    if key == "received":
        return shown(value)
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) < 16:
        text = format(value.normalize(), "f")
        return text
    return str(value)


class _Values(dict):
    """Format mapping: missing optional placeholders (hint, unit, blank, kind, reason) are empty."""

    def __missing__(self, key: str) -> str:
        return ""


def render(code: str, field: str, values: dict[str, Any]) -> str:
    """The Chinese sentence of an error (:data:`MESSAGES`); ``label`` defaults to ``field``."""
    template = MESSAGES.get(code)
    if template is None:
        return str(values.get("message", code))
    data = _Values()
    for key, value in values.items():
        if key in ("high", "low") and isinstance(value, int) and ":," in template:
            data[key] = value          # keeps the thousands format spec working
        else:
            data[key] = _fmt(key, value)
    data.setdefault("label", field)
    label = str(data["label"])
    data["sp"] = " " if label and label[-1].isascii() else ""
    if values.get("unit"):
        data["unit"] = " " + str(values["unit"])
    try:
        return template.format_map(data)
    except (ValueError, KeyError, IndexError):  # a value that does not fit the spec
        return template.replace(":,}", "}").format_map(data)


class PlaybookInputError(ValueError):
    """Bad input to an engine.

    ``field`` names the offending input (English identifier, e.g. ``"density20"``); ``code``
    says what is wrong (a key of :data:`MESSAGES`) and ``values`` holds the facts (``label``,
    ``low``, ``high``, ``unit``, ``received`` …); ``message`` is the Chinese sentence shown to the
    reader, composed from them by :func:`render`. ``PlaybookInputError(field, message)`` (code
    ``"message"``) is the older form, still accepted.
    """

    def __init__(self, field: str, message: str | None = None, *, code: str | None = None,
                 **values: Any) -> None:
        if code is None:
            code = "message" if message is not None else "invalid"
        text = str(message) if message is not None else render(code, field, values)
        if len(text) > MESSAGE_MAX:
            text = text[:MESSAGE_MAX - 1] + "…"
        super().__init__(text)
        self.field = field
        self.code = code
        self.values = values
        self.message = text

    def __str__(self) -> str:
        return self.message


class UnknownItemError(PlaybookInputError, KeyError):
    """An id the knowledge base does not have: the domain error, and still a ``KeyError`` for
    callers written when :meth:`playbook.kb.KnowledgeBase.get` raised that."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


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


def guarded(field: str) -> Any:
    """Decorator for a public engine function: arguments of the wrong type or shape (``None``
    for a list, a 1-tuple for a pair, a forged state, an int with 5000 digits) become the domain
    error (code ``arguments``, naming the function), never a TypeError/KeyError/IndexError/
    ZeroDivisionError/OverflowError or the int-to-text limit's ValueError from deep inside.
    The engine's own checks still come first and give their specific code."""
    import functools

    def wrap(fn: Any) -> Any:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except PlaybookInputError:
                raise
            except (TypeError, AttributeError, IndexError, KeyError, ZeroDivisionError, OverflowError,
                    ValueError, RecursionError) as err:
                raise PlaybookInputError(field, code="arguments", function=fn.__name__,
                                         reason=type(err).__name__) from None
        return inner
    return wrap


#: The number checks moved to :mod:`playbook.normalize` (one number check for the package).
_MOVED = {"require_number": "playbook.normalize", "require_int": "playbook.normalize"}


def __getattr__(name: str) -> Any:
    """``errors.require_number`` / ``errors.require_int`` (legacy) → :mod:`playbook.normalize`, with a
    DeprecationWarning."""
    if name in _MOVED:
        import importlib

        warnings.warn(f"playbook.errors.{name} moved to {_MOVED[name]}.{name}", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
