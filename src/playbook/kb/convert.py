"""Plain data (a dict from JSON or YAML) → a frozen item dataclass, every field checked against
its type hint; a bad field raises :class:`KnowledgeError` naming the file, the item and the field.
The snapshot loader and the build-time validator (:mod:`playbook.kb.build`) share this one
converter.

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Literal


class KnowledgeError(ValueError):
    """Invalid knowledge data; names the file, the item and the field."""

    def __init__(self, file: str, item: str, field_name: str, problem: str) -> None:
        self.file, self.item, self.field, self.problem = file, item, field_name, problem
        super().__init__(f"{file}: 条目 “{item}” 的字段 “{field_name}”:{problem}")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def build_item(cls: type, data: Any, *, file: str, item: str, path: str = "") -> Any:
    """Build a frozen dataclass ``cls`` from plain data (a dict from JSON or YAML).

    Checks unknown and missing fields and every field's type; raises
    :class:`KnowledgeError` naming ``file``, ``item`` and the field's dotted path.
    """
    if not path:  # a whole item: the compiled converter, and this checking walk only to name a fault
        try:
            return _compiled(cls)(data)
        except _Invalid:
            pass
    where = path or "(条目本身)"
    if not isinstance(data, dict):
        raise KnowledgeError(file, item, where, f"应为键值映射,实际是 {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise KnowledgeError(file, item, f"{path}.{unknown[0]}" if path else unknown[0],
                             f"未知字段;允许的字段:{', '.join(fields)}")
    values = {}
    for name, f in fields.items():
        dotted = f"{path}.{name}" if path else name
        if name not in data:
            has_default = (f.default is not dataclasses.MISSING
                           or f.default_factory is not dataclasses.MISSING)
            if not has_default:
                raise KnowledgeError(file, item, dotted, "缺少必填字段")
            continue
        values[name] = _convert(_hints(cls)[name], data[name], file=file, item=item, path=dotted)
    return cls(**values)


def _convert(hint: Any, value: Any, *, file: str, item: str, path: str) -> Any:
    origin = typing.get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build_item(hint, value, file=file, item=item, path=path)
    if origin is tuple:
        element = typing.get_args(hint)[0]
        if isinstance(value, str) and element is str:
            value = [value]  # a single string where a list is expected
        if not isinstance(value, (list, tuple)):
            raise KnowledgeError(file, item, path, f"应为列表,实际是 {type(value).__name__}")
        return tuple(_convert(element, v, file=file, item=item, path=f"{path}[{i}]")
                     for i, v in enumerate(value))
    if origin is Literal:
        allowed = typing.get_args(hint)
        if value not in allowed:
            raise KnowledgeError(file, item, path, f"取值 {value!r} 不在允许值 {allowed} 之中")
        return value
    if origin in (typing.Union, types.UnionType):
        raise TypeError(f"unsupported annotation {hint!r}")  # keep the models simple
    if hint is bool:
        if not isinstance(value, bool):
            raise KnowledgeError(file, item, path, f"应为 true 或 false,实际是 {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise KnowledgeError(file, item, path, f"应为数值,实际是 {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise KnowledgeError(file, item, path, f"应为整数,实际是 {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str) or not value.strip():
            raise KnowledgeError(file, item, path, f"应为非空文本,实际是 {value!r}")
        return value.strip()
    raise TypeError(f"unsupported annotation {hint!r}")


class _Invalid(Exception):
    """Raised by a compiled converter on any value :func:`build_item` would refuse; the caller then
    runs the checking walk, which names the file, item and field."""


@functools.cache
def _compiled(hint: Any) -> Callable[[Any], Any]:
    """A converter for one type hint, built once: the same checks and results as
    :func:`build_item`/:func:`_convert` without tracking where a value sits (which only a fault
    needs). Loading the snapshot in the reader's browser converts about 16,000 values per page."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = [(f.name, _compiled(_hints(hint)[f.name]),
                   f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
                  for f in dataclasses.fields(hint)]
        names = frozenset(name for name, _, _ in fields)
        cls = hint

        def item(value: Any) -> Any:
            if not isinstance(value, dict) or not names.issuperset(value):
                raise _Invalid
            values = {}
            for name, convert, required in fields:
                if name in value:
                    values[name] = convert(value[name])
                elif required:
                    raise _Invalid
            return cls(**values)
        return item
    origin = typing.get_origin(hint)
    if origin is tuple:
        element = typing.get_args(hint)[0]
        convert = _compiled(element)
        wrap_text = element is str

        def sequence(value: Any) -> Any:
            if wrap_text and isinstance(value, str):
                value = [value]
            if not isinstance(value, (list, tuple)):
                raise _Invalid
            return tuple(convert(v) for v in value)
        return sequence
    if origin is Literal:
        allowed = typing.get_args(hint)

        def choice(value: Any) -> Any:
            if value not in allowed:
                raise _Invalid
            return value
        return choice
    if hint is bool:
        return lambda value: value if isinstance(value, bool) else _refuse()
    if hint is float:
        return lambda value: float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
            else _refuse()
    if hint is int:
        return lambda value: value if isinstance(value, int) and not isinstance(value, bool) else _refuse()
    if hint is str:
        return lambda value: value.strip() if isinstance(value, str) and value.strip() else _refuse()
    raise TypeError(f"unsupported annotation {hint!r}")


def _refuse() -> typing.NoReturn:
    raise _Invalid
