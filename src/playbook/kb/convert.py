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
