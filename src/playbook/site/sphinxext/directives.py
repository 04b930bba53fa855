"""Knowledge-base directives: render knowledge-base items into book pages at build time.

Directives (MyST syntax shown)::

    :::{kb-table} customer_types
    :columns: name=类型, traits=特点, strategy=说服策略
    :filter: axis=content
    :::

    :::{kb-cards} communication_styles
    :body: method
    :::

    :::{kb-item} method-yes-if
    :::

    :::{kb-notes} objection-principles
    :::

Each directive turns items into MyST Markdown and lets the page's parser render it, so the
output is ordinary book content (tables, sphinx-design cards, admonitions) and needs no
kernel. Every rendered item shows its seed source. ``kb-cards``, ``kb-item`` and
``kb-notes`` create the link target ``kb-<id>`` for each item they render. ``kb-seedmap``
(the sources appendix), ``kb-glossary`` and ``kb-quiz`` (a static quiz from the drill banks)
render whole-book views of the same data.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from playbook import kb
from playbook.typography import cjk_emphasis

#: Chinese labels of item fields, used as headers and in full item views.
FIELD_LABELS = {
    "name": "名称", "source": "来源", "traits": "特点", "strategy": "说服策略",
    "key_points": "要点", "method": "沟通方法", "aim": "作用", "details": "具体内容",
    "description": "含义", "handling": "处理要点", "examples": "例子",
    "manifestations": "主要表现", "maps_to": "对应的类型", "when_to_use": "适用情形",
    "how": "做法", "example": "例子", "pattern": "句式", "suits": "适用的异议",
    "when": "适用情形", "text": "说明", "points": "要点", "order": "顺序", "axis": "分类维度",
    "see_also": "相关条目", "reason": "原因", "effective_label": "执行时间", "tiers": "客户类别",
    "standard": "执行标准", "kind": "品类", "category": "类别", "rule": "规范", "why": "原因",
    "problem": "问题(本书概括)", "response": "应对", "group": "类别", "pros": "优点", "cons": "缺点",
    "cost": "成本", "effort": "投入精力", "effect": "效果", "variants": "具体做法",
    "channel": "方式", "per_month_a": "A 类客户(次/月)", "per_month_b": "B 类客户(次/月)",
    "per_month_c": "C 类客户(次/月)",
}
VALUE_LABELS = {
    "nature": "按性质", "content": "按内容", "gasoline": "汽油", "diesel": "柴油",
    "appearance": "仪容仪表", "dress": "着装", "speech": "说话", "courtesy": "礼貌",
    "bearing": "举止", "business_card": "名片", "phone": "电话", "banquet": "宴请",
    "handshake": "握手", "car": "乘车", "on_site": "上门拜访", "message": "短信/微信",
}
#: Fields never shown in an item's full view (shown elsewhere or internal).
HIDDEN_FIELDS = {"id", "name", "source", "topic", "order"}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def md_escape(text: str) -> str:
    """Escape Markdown/MyST metacharacters so authored text renders literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def source_text(item: kb.Item) -> str:
    return "来源:" + "；".join(item.source)


def value_md(base: kb.KnowledgeBase, f: dataclasses.Field, value: Any, *, inline: bool = False) -> str:
    """One field's value as Markdown (a paragraph or a bullet list)."""
    if f.metadata.get("ref"):
        ids = value if isinstance(value, tuple) else (value,)
        names = [base.get(i).name for i in ids]
        return "、".join(md_escape(n) for n in names)
    if isinstance(value, tuple):
        parts = [(f"{md_escape(v.label)}:{md_escape(v.text)}" if isinstance(v, kb.Point) else md_escape(str(v)))
                 for v in value]
        if inline:
            return ";".join(parts)
        return "\n".join(f"- {p}" for p in parts)
    return md_escape(VALUE_LABELS.get(str(value), str(value)))


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """``"name=类型, traits=特点"`` → ``[("name", "类型"), ("traits", "特点")]``."""
    pairs = []
    for part in re.split(r"[,,]", text):
        part = part.strip()
        if not part:
            continue
        key, _, label = part.partition("=")
        pairs.append((key.strip(), label.strip() or FIELD_LABELS.get(key.strip(), key.strip())))
    return pairs


class _KbDirective(SphinxDirective):
    """Common machinery: look up items, render generated MyST into a container."""

    has_content = False
    required_arguments = 1

    @property
    def base(self) -> kb.KnowledgeBase:
        return kb.load()

    def collection_items(self, name: str) -> tuple[kb.Item, ...]:
        try:
            return self.base.collection(name)
        except KeyError as err:
            raise self.error(str(err.args[0])) from None

    def filtered(self, items: tuple[kb.Item, ...]) -> list[kb.Item]:
        spec = self.options.get("filter")
        if not spec:
            return list(items)
        key, _, wanted = spec.partition("=")
        key, wanted = key.strip(), wanted.strip()
        if items and key not in {f.name for f in dataclasses.fields(items[0])}:
            raise self.error(f"过滤字段 “{key}” 不存在")
        return [i for i in items if str(getattr(i, key)) == wanted]

    def render(self, markdown: str, classes: list[str]) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(kb.__file__).parent / kb.SNAPSHOT))
        container = nodes.container(classes=["kb", *classes])
        self.state.nested_parse(StringList(cjk_emphasis(markdown).splitlines(), source=self.get_source_info()[0]),
                                self.content_offset, container)
        return [container]

    def field_of(self, item: kb.Item, name: str) -> dataclasses.Field:
        for f in dataclasses.fields(item):
            if f.name == name:
                return f
        raise self.error(f"条目 “{item.id}” 没有字段 “{name}”")


class KbTable(_KbDirective):
    """A table of one collection's items, with chosen columns and a 来源 column."""

    option_spec = {"columns": directives.unchanged_required, "filter": directives.unchanged,
                   "widths": directives.unchanged, "numbered": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        items = self.filtered(self.collection_items(self.arguments[0]))
        if not items:
            raise self.error(f"集合 “{self.arguments[0]}” 中没有符合条件的条目")
        columns = parse_pairs(self.options.get("columns", "name=名称"))
        # ``:numbered: 第几条`` adds a first column 1, 2, 3 … so the text can cite rows by number
        numbered = self.options.get("numbered")
        header = ([numbered] if numbered else []) + [label for _, label in columns] + ["来源"]
        lines = ["```{list-table}", ":header-rows: 1", ":class: kb-table"]
        if "widths" in self.options:
            lines.append(f":widths: {self.options['widths']}")
        lines.append("")
        lines.append("* - " + "\n  - ".join(header))
        for n, item in enumerate(items, 1):
            cells = [str(n)] if numbered else []
            for key, _ in columns:
                text = value_md(self.base, self.field_of(item, key), getattr(item, key), inline=True)
                cells.append(f"**{text}**" if key == "name" else (text or "—"))
            cells.append("；".join(item.source))
            lines.append("* - " + "\n  - ".join(cells))
        lines.append("```")
        return self.render("\n".join(lines), ["kb-table-wrap"])


class KbCards(_KbDirective):
    """A grid of cards: item name, one body field, and the source."""

    option_spec = {"body": directives.unchanged, "filter": directives.unchanged,
                   "columns": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        items = self.filtered(self.collection_items(self.arguments[0]))
        body = self.options.get("body")
        n = self.options.get("columns", 2)
        lines = [f"`````{{grid}} 1 {n} {n} {n}", ":gutter: 2", ""]
        for item in items:
            lines += [f"(kb-{item.id})=", f"````{{grid-item-card}} {md_escape(item.name)}",
                      f":footer: {md_escape(source_text(item))}", ":class-footer: kb-source", ""]
            if body:
                lines += [value_md(self.base, self.field_of(item, body), getattr(item, body)), ""]
            lines += ["````", ""]
        lines.append("`````")
        return self.render("\n".join(lines), ["kb-cards"])


def item_markdown(base: kb.KnowledgeBase, item: kb.Item, *, fence: str = "````") -> list[str]:
    """One item in full: an admonition titled with its name, every shown field, its source."""
    lines = [f"(kb-{item.id})=", f"{fence}{{admonition}} {md_escape(item.name)}", ":class: kb-item", ""]
    fields = sorted(dataclasses.fields(item), key=lambda f: f.name == "see_also")  # related items last
    for f in fields:
        value = getattr(item, f.name)
        if f.name in HIDDEN_FIELDS or value in ((), "") or (f.type in (int, "int") and value == 0):
            continue
        label = FIELD_LABELS.get(f.name, f.name)
        rendered = value_md(base, f, value)
        if f.name == "text":
            lines += [rendered, ""]
        elif isinstance(value, tuple) and not f.metadata.get("ref"):
            lines += [f"**{label}**", "", rendered, ""]
        else:
            lines += [f"**{label}**:{rendered}", ""]
    lines += [f"<small class=\"kb-source\">{md_escape(source_text(item))}</small>", fence, ""]
    return lines


class KbItem(_KbDirective):
    """One item in full, by id."""

    def run(self) -> list[nodes.Node]:
        try:
            item = self.base.get(self.arguments[0])
        except KeyError as err:
            raise self.error(str(err.args[0])) from None
        return self.render("\n".join(item_markdown(self.base, item)), ["kb-item-wrap"])


class KbNotes(_KbDirective):
    """Every note of one topic, in authored order."""

    def run(self) -> list[nodes.Node]:
        notes = self.base.notes_on(self.arguments[0])
        if not notes:
            raise self.error(f"知识库中没有主题为 “{self.arguments[0]}” 的笔记")
        lines: list[str] = []
        for note in notes:
            lines += item_markdown(self.base, note)
        return self.render("\n".join(lines), ["kb-notes"])


def cites(source: str, section: str) -> bool:
    """Whether ``source`` (e.g. ``000 §9.2``) lies within ``section`` (e.g. ``000 §9``).

    ``000 §9.1`` contains ``000 §9.1`` and ``000 §9.1.2`` but not ``000 §9.10``.
    """
    if not source.startswith(section):
        return False
    rest = source[len(section):]
    return not rest or section.endswith(")") or not rest[0].isdigit()


class KbSeedMap(_KbDirective):
    """The sources appendix: every INDEX.md row, the chapters teaching it, and the
    knowledge-base items that cite that seed section (counted from their ``source`` fields)."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        items = [i for name in kb.collection_names() if name != "seed_parts"
                 for i in self.base.collection(name)]
        lines = ["```{list-table}", ":header-rows: 1", ":class: kb-table kb-seedmap", ":widths: 8 34 30 10 18", "",
                 "* - 材料\n  - 内容\n  - 讲授章节\n  - 知识库条目\n  - 说明"]
        for part in self.base.seed_parts:
            citing = sum(1 for i in items if any(cites(src, p) for src in i.source for p in part.source))
            docs = "、".join(f"{{doc}}`/{doc}`" for doc in part.taught_in) or "—(不收入)"
            cells = [part.seed, f"**{md_escape(part.name)}**({md_escape(';'.join(part.source))})",
                     docs, f"{citing} 条" if citing else "—", md_escape(part.note) or "—"]
            lines.append("* - " + "\n  - ".join(cells))
        lines.append("```")
        return self.render("\n".join(lines), ["kb-seedmap-wrap"])


def toc_documents(srcdir: Path) -> list[str]:
    """Documents of the book's ``_toc.yml`` in reading order (root first)."""
    import yaml  # build time only

    toc = yaml.safe_load((srcdir / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]
    for part in toc.get("parts", []):
        docs += [chapter["file"] for chapter in part.get("chapters", [])]
    return docs


class KbGlossary(_KbDirective):
    """The glossary (a Sphinx ``glossary``) in learning-path order: term, definition, where it is taught."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        order = {doc: i for i, doc in enumerate(toc_documents(Path(self.env.srcdir)))}
        terms = sorted(self.base.terms, key=lambda t: order.get(t.taught_in, len(order)))
        lines = ["```{glossary}", ""]
        for term in terms:
            lines.append(md_escape(term.name))
            text = md_escape(term.definition)
            if term.aliases:
                text += f"(材料中也叫:{'、'.join(md_escape(a) for a in term.aliases)})"
            lines.append(f"   {text}详见 {{doc}}`/{term.taught_in}`。")
            lines.append("")
        lines.append("```")
        return self.render("\n".join(lines), ["kb-glossary"])


class KbQuiz(_KbDirective):
    """A static, kernel-free quiz drawn (seeded) from the drill banks.

    ``:families:`` drill families (see ``playbook.engines.drills.FAMILIES``), ``:size:`` question
    count, ``:seed:`` for a stable selection, ``:title:``. Answers stay hidden until the
    reader picks an option (a small inline script; nothing is loaded from elsewhere).
    """

    required_arguments = 0
    option_spec = {"families": directives.unchanged, "size": directives.positive_int,
                   "seed": directives.nonnegative_int, "title": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from playbook.errors import PlaybookInputError
        from playbook.site.quizgen import quiz_html

        families = [f.strip() for f in self.options.get("families", "").split(",") if f.strip()] or None
        try:
            text = quiz_html(seed=self.options.get("seed", 0), size=self.options.get("size", 5),
                             families=families, title=self.options.get("title", "小测验"), base=self.base)
        except PlaybookInputError as err:
            raise self.error(err.message) from None
        self.env.note_dependency(str(Path(kb.__file__).parent / kb.SNAPSHOT))
        return [nodes.raw("", text, format="html")]
