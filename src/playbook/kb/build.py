"""Build the knowledge-base snapshot: YAML → validation → ``kb/kb.json``.

Authoring-time only (needs PyYAML). Every error names the file, the item and the field.
Checks, on top of each field's type (done by :func:`playbook.kb.build_item`):

- ids match ``kb.ID_PATTERN`` and are unique across the whole base;
- every item names at least one seed source of the form ``002 §4.3.5``;
- every reference field (``see_also``, ``maps_to`` …) resolves to an item of the right collection;
- every role-play dialogue passes :func:`playbook.kb.dialogues.check` (reachable nodes, every
  path ends, explanations and sources, best path wins, no win through a bad practice);
- no multiple-choice bank can be won by an option's form: a guesser that always takes the
  longest, shortest, politest option, the one with most sentences or the one in a fixed place
  (:mod:`playbook.kb.guessers`) beats chance by at most 10 points (:func:`playbook.kb.banks.check`);
- every bad-practice pattern of the judge compiles and never matches an empty answer, kinds are
  unique, and every rubric check's ``covers`` names one of them;
- a collection may be split over several files (each chapter's material in its own file).
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from playbook import kb
from playbook.kb import banks, dialogues

PACKAGE_DIR = Path(__file__).resolve().parent
KNOWLEDGE_DIR = PACKAGE_DIR / "knowledge"
SNAPSHOT_PATH = PACKAGE_DIR / kb.SNAPSHOT


def read_yaml(directory: Path = KNOWLEDGE_DIR) -> dict[str, list[tuple[str, Any]]]:
    """Raw items of every ``*.yaml`` file: collection name → [(file name, item data)]."""
    import yaml

    # libyaml's safe loader when PyYAML has it (its wheels do): the same data, six times faster
    # than the pure-Python one (1.2 s → 0.2 s for the knowledge base here)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    collections: dict[str, list[tuple[str, Any]]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # a safe loader
        if not isinstance(data, dict):
            raise kb.KnowledgeError(path.name, "(文件)", "(顶层)", "顶层应为“集合名: 条目列表”的映射")
        for name, items in data.items():
            if name not in kb.collection_names():
                raise kb.KnowledgeError(path.name, "(文件)", name,
                                        f"未知集合;可用:{', '.join(kb.collection_names())}")
            if not isinstance(items, list):
                raise kb.KnowledgeError(path.name, "(文件)", name, "集合应为条目列表")
            collections.setdefault(name, []).extend((path.name, item) for item in items)
    return collections


def validate(raw: dict[str, list[tuple[str, Any]]]) -> kb.KnowledgeBase:
    """Validate raw collections and return the typed knowledge base."""
    built: dict[str, tuple[kb.Item, ...]] = {}
    origin: dict[str, tuple[str, str]] = {}  # id → (file, collection)
    for name, entries in raw.items():
        cls = kb.item_class(name)
        out = []
        for index, (file, data) in enumerate(entries):
            label = str(data.get("id", f"#{index + 1}")) if isinstance(data, dict) else f"#{index + 1}"
            item = kb.build_item(cls, data, file=file, item=label)
            _check_item(item, file)
            if item.id in origin:
                raise kb.KnowledgeError(file, item.id, "id",
                                        f"id 重复:已在 {origin[item.id][0]} 中使用")
            origin[item.id] = (file, name)
            out.append(item)
        built[name] = tuple(out)
    base = kb.KnowledgeBase(**built)  # type: ignore[arg-type]  # each collection's items were built from its own field's type just above
    for items in built.values():
        for item in items:
            _check_refs(item, item, origin, origin[item.id][0], "")
    for c in base.bad_practice_classes:
        _check_patterns(c, origin[c.id][0])
    kinds = [c.kind for c in base.bad_practice_classes]
    if len(set(kinds)) != len(kinds):
        raise kb.KnowledgeError("judge.yaml", "(bad_practice_classes)", "kind", "kind 重复")
    for check in base.rubric_checks:
        for i, kind in enumerate(check.covers):
            if base.bad_practice_classes and kind not in kinds:
                raise kb.KnowledgeError(origin[check.id][0], check.id, f"covers[{i}]",
                                        f"不当做法 “{kind}” 不存在;可选:{'、'.join(kinds)}")
    for d in base.dialogues:
        problems = dialogues.check(d)
        if problems:
            raise kb.KnowledgeError(origin[d.id][0], d.id, "nodes", ";".join(problems))
    check_banks(base)
    problems = dialogues.check_guessers(base.dialogues, base=base)
    if problems and base.dialogues:
        raise kb.KnowledgeError(origin[base.dialogues[0].id][0], "dialogues", "replies", ";".join(problems))
    return base


def check_banks(base: kb.KnowledgeBase) -> None:
    """Fail (naming bank and guesser) when a form-only guesser wins a question bank."""
    leaks = banks.check(base)
    if leaks:
        raise kb.KnowledgeError("drills.yaml", "(题库)", "options",
                                "选项的形式泄露了答案(只看长短、位置、语气或句数就能猜对),"
                                "请改写选项:" + ";".join(leaks))


def _check_patterns(cls: kb.BadPracticeClass, file: str) -> None:
    """Every pattern of a bad-practice class compiles and finds nothing in an empty answer."""
    import re

    if not cls.patterns:
        raise kb.KnowledgeError(file, cls.id, "patterns", "至少要有一个正则表达式")
    for i, pattern in enumerate(cls.patterns):
        try:
            compiled = re.compile(pattern)
        except re.error as e:
            raise kb.KnowledgeError(file, cls.id, f"patterns[{i}]", f"正则表达式无效:{e}") from None
        if compiled.search(""):
            raise kb.KnowledgeError(file, cls.id, f"patterns[{i}]", "正则表达式会匹配空文本")
    if cls.unless:
        try:
            re.compile(cls.unless)
        except re.error as e:
            raise kb.KnowledgeError(file, cls.id, "unless", f"正则表达式无效:{e}") from None


def _check_item(item: kb.Item, file: str) -> None:
    if not kb.ID_PATTERN.match(item.id):
        raise kb.KnowledgeError(file, item.id, "id", "id 只能用小写英文字母、数字、下划线和连字符,并以字母开头")
    if not item.source:
        raise kb.KnowledgeError(file, item.id, "source", "缺少来源:请注明种子文件和章节,例如 “002 §4.3.5”")
    for i, src in enumerate(item.source):
        if not kb.SOURCE_PATTERN.match(src):
            raise kb.KnowledgeError(file, item.id, f"source[{i}]",
                                    f"来源 “{src}” 格式不对:应为“种子编号 章节”,例如 “002 §4.3.5”")


def _check_refs(top: kb.Item, obj: Any, origin: dict[str, tuple[str, str]], file: str, path: str) -> None:
    """Walk ``obj`` (an item or a nested point) and check every reference field."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        dotted = f"{path}.{f.name}" if path else f.name
        target = f.metadata.get("ref")
        if target:
            ids = value if isinstance(value, tuple) else (value,)
            for i, ref_id in enumerate(ids):
                where = f"{dotted}[{i}]" if isinstance(value, tuple) else dotted
                if ref_id == "" and not isinstance(value, tuple) and f.default == "":
                    continue  # an optional single reference left empty
                if ref_id not in origin:
                    raise kb.KnowledgeError(file, top.id, where, f"引用的条目 “{ref_id}” 不存在")
                if target != "*" and origin[ref_id][1] != target:
                    raise kb.KnowledgeError(file, top.id, where,
                                            f"引用的条目 “{ref_id}” 属于 {origin[ref_id][1]},应属于 {target}")
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                if dataclasses.is_dataclass(v):
                    _check_refs(top, v, origin, file, f"{dotted}[{i}]")
        elif dataclasses.is_dataclass(value):
            _check_refs(top, value, origin, file, dotted)


def snapshot_text(base: kb.KnowledgeBase) -> str:
    """The snapshot's JSON text for a validated base (stable: sorted by collection order)."""
    collections = {
        name: [_plain(item) for item in getattr(base, name)]
        for name in kb.collection_names()
        if getattr(base, name)
    }
    data = {"format": kb.SNAPSHOT_FORMAT, "collections": collections}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _plain(obj: Any) -> Any:
    """Dataclass → dict without fields left at their default, so the snapshot stays small."""
    if dataclasses.is_dataclass(obj):
        out = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            default = f.default if f.default is not dataclasses.MISSING else dataclasses.MISSING
            if value == default:
                continue
            out[f.name] = _plain(value)
        return out
    if isinstance(obj, tuple):
        return [_plain(v) for v in obj]
    return obj


def build(directory: Path = KNOWLEDGE_DIR, snapshot: Path = SNAPSHOT_PATH) -> kb.KnowledgeBase:
    """Validate the YAML and (re)write the snapshot if its text changed."""
    base = validate(read_yaml(directory))
    text = snapshot_text(base)
    if not snapshot.exists() or snapshot.read_text(encoding="utf-8") != text:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        tmp = snapshot.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(snapshot)
    return base


def is_stale(directory: Path = KNOWLEDGE_DIR, snapshot: Path = SNAPSHOT_PATH) -> bool:
    """True when the snapshot does not match what the YAML builds."""
    text = snapshot_text(validate(read_yaml(directory)))
    return not snapshot.exists() or snapshot.read_text(encoding="utf-8") != text
