"""Sphinx extension: render knowledge-base items into book pages at build time.

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
``kb-notes`` create the link target ``kb-<id>`` for each item they render.

The extension also wires the book's offline and Chinese-search settings (see :func:`setup`).
"""
from __future__ import annotations

import dataclasses
import html
import json
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from playbook import fonts, kb
from playbook.typography import (ZWSP, chinese_typography, cjk_emphasis, html_fragment_typography,
                                 match_brackets, widget_state_typography)

logger = logging.getLogger(__name__)

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


#: Nodes whose text is code or markup, never Chinese prose to retypeset.
_VERBATIM = (nodes.literal_block, nodes.literal, nodes.raw, nodes.math, nodes.math_block,
             nodes.comment, nodes.substitution_definition)


def _prose_texts(block: nodes.Node) -> list[nodes.Text]:
    return [t for t in block.findall(nodes.Text)
            if not any(isinstance(a, _VERBATIM) for a in _ancestors(t, block))]


def _ancestors(node: nodes.Node, stop: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        if node is stop:
            return
        node = node.parent


def join_cjk_lines(app: Sphinx | None, doctree: nodes.document) -> None:
    """Apply :func:`chinese_typography` to every text of a page except code and raw HTML.

    Each text is fixed together with its neighbours in the same paragraph (title, table cell…):
    ``(见 {doc}`客户维护`)`` is three texts, and its brackets, the space after 见 and a line
    break before a link are only visible with the neighbouring characters.
    """
    blocks = [n for n in doctree.findall(nodes.TextElement)
              if not isinstance(n.parent, nodes.TextElement) and not isinstance(n, _VERBATIM)]
    for block in blocks:
        texts = _prose_texts(block)
        values = [t.astext() for t in texts]
        for i, text in enumerate(texts):
            before = "".join(values[:i]).rstrip(" \t\n")[-1:]
            after = "".join(values[i + 1:]).lstrip(" \t\n")[:1]
            fixed = chinese_typography(before + values[i] + after)
            fixed = fixed[len(before):len(fixed) - len(after)]
            if fixed != values[i]:
                replacement = nodes.Text(fixed)
                text.parent.replace(text, replacement)
                texts[i], values[i] = replacement, fixed  # the next text sees this one fixed (「）;」)
        # a bracket pair split over texts: ``(000 §9.5,见 {doc}`x`)`` → （…）
        joined = "".join(values)
        paired = match_brackets(joined)
        if paired != joined:
            at = 0
            for i in range(len(texts)):
                new = paired[at:at + len(values[i])]
                at += len(values[i])
                if new != values[i]:
                    current = texts[i]
                    replacement = nodes.Text(new)
                    current.parent.replace(current, replacement)
                    texts[i], values[i] = replacement, new
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            fixed = raw_html_typography(raw.astext())
            if fixed != raw.astext():
                raw.parent.replace(raw, nodes.raw(raw.rawsource, fixed, **raw.attributes))
    # texts outside paragraphs (rare: directly in a container)
    for text in list(doctree.findall(nodes.Text)):
        if ZWSP in text.astext():
            text.parent.replace(text, nodes.Text(text.astext().replace(ZWSP, "")))


def describe_images(app: Sphinx, doctree: nodes.document) -> None:
    """Alt text for every image: a chart a notebook cell drew has none (the page would show its
    file path to a screen reader and in search), so it is named after the section it illustrates.
    A cell can still give its own with ``mystnb: image: alt:`` metadata."""
    page = next(iter(doctree.findall(nodes.title)), None)
    page_title = page.astext() if page is not None else ""
    for image in doctree.findall(nodes.image):
        alt = image.get("alt", "")
        if alt and "/" not in alt and not alt.endswith((".png", ".svg", ".jpg")):
            continue
        section = image.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        title = section[0].astext() if section is not None and isinstance(section[0], nodes.title) else ""
        image["alt"] = chinese_typography(f"图表：{title}" + (f"（{page_title}）" if page_title and page_title != title else ""))


def raw_html_typography(text: str) -> str:
    """Chinese typography for an HTML output (see :func:`html_fragment_typography`)."""
    return html_fragment_typography(text)


def typeset_widget_state(app: Sphinx, doctree: nodes.document) -> None:
    """The page's build-time widget rendering with Chinese typography (the live apps get the
    same through :mod:`playbook.site.live`)."""
    import json

    from myst_nb.core.render import sanitize_script_content

    files = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {}).get("js_files", {})
    entry = files.get("ipywidgets_state")
    if not entry:
        return
    uri, kwargs = entry
    data = json.loads(kwargs["body"])
    for model in data.get("state", {}).values():
        model["state"] = widget_state_typography(model.get("model_name", ""), model.get("state", {}))
    files["ipywidgets_state"] = (uri, {**kwargs, "body": sanitize_script_content(json.dumps(data))})


def fix_emphasis(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: make ``**bold**`` next to Chinese punctuation parse (:func:`cjk_emphasis`)."""
    source[0] = cjk_emphasis(source[0])


# ------------------------------------------------------------------ live apps
#: Cell tag of a calculator or drill that runs in the reader's browser (``playbook-live.js``).
LIVE_TAG = "live-app"
#: Cell metadata key naming the app's notebook in the JupyterLite site (``lite/``), optional.
LIVE_NOTEBOOK = "live-notebook"


def _notebook_cells(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        import nbformat

        return nbformat.reads(text, as_version=4).cells
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(text).cells


def live_status_html(code: str, notebook_href: str = "", *, example: bool = True) -> str:
    """The status line of a live app; carries the app's code for ``playbook-live.js``.
    ``example``: the page shows the app as the build ran it (not in the quick build)."""
    link = (f'<a class="pb-live-notebook" href="{html.escape(notebook_href)}" target="_blank" '
            f'rel="noopener">在笔记本中打开 ↗</a>' if notebook_href else "")
    label = "正在准备浏览器中的运行环境" + ("\uff1b下面先显示构建时生成的示例。" if example else " …")
    return (f'<div class="pb-live-status" data-state="loading" role="status" '
            f'data-code="{html.escape(code, quote=True)}">'
            f'<span class="pb-live-label">{label}</span>'
            f'<progress max="100" value="0"></progress>{link}</div>')


def mark_live_apps(app: Sphinx, doctree: nodes.document) -> None:
    """Give every code cell tagged ``live-app`` its status line and source for the browser."""
    cells = [n for n in doctree.findall(nodes.container)
             if n.get("nb_element") == "cell_code"
             and LIVE_TAG in (n.get("cell_metadata") or {}).get("tags", [])]
    if not cells:
        return
    docname = app.env.docname
    sources = _notebook_cells(Path(app.env.doc2path(docname)))
    up = "../" * docname.count("/")
    for cell in cells:
        code = sources[cell["cell_index"]].source
        notebook = cell["cell_metadata"].get(LIVE_NOTEBOOK, "")
        # (the quick build has no notebook site: it comes with the full build)
        href = f"{up}lite/notebooks/index.html?path={notebook}" if notebook and not quick_build() else ""
        cell.insert(0, nodes.raw("", live_status_html(code, href, example=not quick_build()), format="html"))


def add_live_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: nodes.document | None) -> None:
    """Load ``playbook-live.js`` (and Pyodide, on demand) only on pages with a live app."""
    if doctree is None or not any(isinstance(n, nodes.raw) and "pb-live-status" in n.astext()
                                  for n in doctree.findall(nodes.raw)):
        return
    app.add_css_file("playbook-live.css")
    # The widget renderer: myst-nb loads it only on pages whose executed cells left widget
    # state. Without it (the quick build executes nothing) the live apps load it themselves.
    from myst_nb.sphinx_ import NbMetadataCollector

    if not any(key.startswith("ipywidgets_") for key in NbMetadataCollector.get_js_files(app.env, pagename)):
        from playbook.site.vendor import IPYWIDGETS_JS

        for path, attributes in IPYWIDGETS_JS.items():
            app.add_js_file(path, **attributes)  # type: ignore[arg-type]  # dashed HTML attributes
    app.add_js_file("playbook-live.js", loading_method="async",
                    **{"data-bundle": f"{_LIVE['bundle']}?v={_LIVE['version']}"})  # type: ignore[arg-type]  # a dashed HTML attribute: only as **{...}


_LIVE: dict[str, str] = {}


#: The printable book, written beside the site by :mod:`playbook.site.pdfbook`.
PDF_NAME = "playbook.pdf"


def add_download_menu(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: nodes.document | None) -> None:
    """The header's download menu: the whole book as a PDF, and printing this page."""
    buttons = context.get("header_buttons")
    if buttons is None or doctree is None:
        return
    pdf = context["pathto"](PDF_NAME, 1)
    buttons.insert(0, {
        "type": "group", "tooltip": "下载与打印", "icon": "fas fa-download", "label": "download-buttons",
        "buttons": [
            {"type": "link", "url": pdf, "text": "整本书 PDF", "tooltip": "下载整本书（PDF，可打印、离线阅读）",
             "icon": "fas fa-file-pdf", "label": "download-book-pdf-button"},
            {"type": "javascript", "javascript": "window.print()", "text": "打印本页",
             "tooltip": "打印本页（计算器印出示例，小测验附答案）", "icon": "fas fa-print",
             "label": "print-page-button"},
        ],
    })


# ------------------------------------------------------------------ configuration
def _repo_cache(app: Sphinx) -> Path:
    return Path(os.environ.get("PLAYBOOK_CACHE", Path(app.confdir).parent / ".cache"))


#: ``PLAYBOOK_QUICK=1``: the quick first build ``scripts/serve.sh`` serves while the full one runs
#: in the background: every page and the live apps, but the chapters' code is not executed (no
#: build-time tables, charts or app examples) and the notebook site is not built; a banner says so.
QUICK_ENV = "PLAYBOOK_QUICK"
QUICK_NOTICE = ("快速预览版:各章由代码生成的表格、图表和示例,以及“在笔记本中打开”,正在后台生成"
                "(通常几分钟),完成后本站自动换成完整版,届时刷新本页即可看到。页内的计算器和练习现在就能用。")


def quick_build() -> bool:
    """Whether this is the quick first build (see :data:`QUICK_ENV`)."""
    return os.environ.get(QUICK_ENV) == "1"


def configure(app: Sphinx, config: Config) -> None:
    """Offline assets and Chinese search, whatever directory the build runs from."""
    from playbook.site import vendor

    if quick_build():
        config.nb_execution_mode = "off"
        config.html_theme_options = {**(config.html_theme_options or {}), "announcement": QUICK_NOTICE}
    cache = _repo_cache(app) / "vendor"
    store = vendor.shared_store()
    if store is not None:
        vendor.share(store, cache)   # what another checkout on this machine already fetched or made
    static = vendor.ensure(cache)
    live_static, version = vendor.live_bundle(cache)
    _LIVE.update(bundle=vendor.LIVE_BUNDLE, version=version)
    config.html_static_path = [*config.html_static_path, str(static), str(live_static),
                               str(Path(__file__).parent / "web")]
    # The notebook site ("open as notebook", lite/) is left to the full build: the quick one
    # has no links to it (mark_live_apps).
    lite_site = None if quick_build() else _lite_site(app, static / "pyodide", cache)
    if lite_site is not None:
        config.html_extra_path = [*config.html_extra_path, str(lite_site)]
    config.nb_ipywidgets_js = vendor.IPYWIDGETS_JS
    # Sphinx resolves the jieba user dictionary relative to the *current* directory;
    # give it an absolute path into the package instead.
    options = dict(config.html_search_options or {})
    options["dict"] = str(Path(__file__).parent / "search_dict.txt")
    config.html_search_options = options
    _drop_thebe(app)
    # sphinx-book-theme's sidebar buttons with Chinese tooltips (templates/)
    config.templates_path = [str(Path(__file__).parent / "templates"), *config.templates_path]
    # Chinese text must render even on a reader's machine without CJK fonts: publish the
    # bundled Noto Sans SC subset; playbook.css uses it only after the local CJK fonts.
    config.html_static_path = [*config.html_static_path, str(Path(__file__).parents[1] / "fonts")]
    # the running case's dates and numbers ({{ sd_... }}), one data file, losses computed by the engine
    from playbook.site import running_case

    config.myst_substitutions = {**(config.myst_substitutions or {}),
                                 **running_case.book_substitutions(Path(app.srcdir))}
    woff2 = _woff2_font(cache)
    if woff2 is not None:  # playbook.css names it first: 1.14 MB instead of 1.49 MB (brotli TTF)
        config.html_static_path = [*config.html_static_path, str(woff2.parent)]
    if store is not None:
        vendor.share(cache, store)


def _woff2_font(cache: Path) -> Path | None:
    """The bundled font as WOFF2 (made once per font by fontTools, kept in ``cache``); None
    without the ``brotli`` module (the pages then use the TTF, the next source in playbook.css)."""
    import hashlib

    from playbook import fonts

    try:
        import brotli  # noqa: F401  (fontTools' WOFF2 writer needs it)
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    source = Path(fonts.__file__).parent / fonts.FONT_FILE
    key = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    out = cache / "woff2" / key / Path(fonts.FONT_FILE).with_suffix(".woff2").name
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(source)
        font.flavor = "woff2"
        tmp = out.with_suffix(".tmp")
        font.save(tmp)
        tmp.replace(out)
    return out


def _lite_site(app: Sphinx, pyodide_dir: Path, cache: Path) -> Path | None:
    """The "open as notebook" JupyterLite site for ``<book>/apps/*.ipynb``, published at
    ``lite/``; its kernel shares the live apps' Pyodide core (see :mod:`playbook.site.lite`).
    None when the book has no app notebooks."""
    from playbook.site import lite

    notebooks = sorted((Path(app.srcdir) / "apps").glob("*.ipynb"))
    if not notebooks:
        return None
    project = Path(__file__).resolve().parents[3]       # src layout: <project>/src/playbook/site
    lite_cache = cache / "lite"
    # pinned wheels live in one place (cache/wheels), shared with the live apps' bundle
    lite.prepare_pyodide_packages(pyodide_dir, cache)
    wheels = [*lite.widget_wheels(cache), lite.build_project_wheel(project, lite_cache)]
    site = cache / "lite-site"
    notebooks += lite.exercise_notebooks(sorted((project / "exercises").glob("*.ipynb")), lite_cache / "exercises")
    lite.build_lite(site / "lite", notebooks=notebooks, wheels=wheels,
                    pyodide_url="../_static/pyodide/pyodide.mjs", cache=lite_cache,
                    font_url="../_static/NotoSansSC-GB2312.ttf")
    return site


#: Published files no reader's browser asks for: legacy font formats (EOT, SVG fonts) beside
#: their WOFF2 versions, source maps (only developer tools open them), and the theme's Font
#: Awesome script, which no page loads (templates/layout.html). Dropping them keeps
#: the site, which carries the browser runtime, well under the 60 MB budget.
UNUSED_OUTPUT = ("_static/**/*.map", "lite/**/*.map", "_static/vendor/html-manager/*.eot",
                 "_static/vendor/html-manager/*.svg", "lite/build/*.eot", "lite/build/fa-*.svg",
                 "_static/scripts/fontawesome.js", "_static/scripts/fontawesome.js.LICENSE.txt",
                 # the charts' font supplement (1.3 MB): pages use the first subset only
                 f"_static/{fonts.SUPPLEMENT_FILE}")
#: Older font formats a browser fetches only when it cannot read WOFF2. Every browser that runs
#: the live apps (WebAssembly) reads WOFF2, so in a vendor folder that holds WOFF2 files the
#: WOFF/TTF copies of its icon fonts are never fetched (2.4 MB: the widget manager's icon fonts,
#: kept in three places for require.js, and the theme's Font Awesome).
FALLBACK_FONTS = (".woff", ".ttf")


# ------------------------------------------------------------------ search ranking
#: Written beside the search index: term → {page → how often the page uses it}, for every
#: term of the search dictionary (search_dict.txt). The index Sphinx writes only says whether a
#: page has a word; playbook-site.js adds this count to a result's score, so the page that
#: is about a term (异议处理 for 价格异议) ranks above one that mentions it once.
SEARCH_BOOST = "_static/pb-search-boost.js"


def search_terms() -> tuple[str, ...]:
    """The search dictionary's terms (first column of search_dict.txt), longest first."""
    text = (Path(__file__).parent / "search_dict.txt").read_text(encoding="utf-8")
    words = {line.split()[0] for line in text.splitlines() if line.strip()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def count_search_terms(app: Sphinx, doctree: nodes.document) -> None:
    """Remember how often this page uses each dictionary term (kept in the environment, so an
    incremental build still knows the pages it did not re-read)."""
    text = doctree.astext()
    counts = {t: text.count(t) for t in search_terms()}
    store = app.env.__dict__.setdefault("pb_term_counts", {})
    store[app.env.docname] = {t: n for t, n in counts.items() if n}


def _purge_term_counts(app: Sphinx, env: Any, docname: str) -> None:
    env.__dict__.setdefault("pb_term_counts", {}).pop(docname, None)


def write_search_boost(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    by_term: dict[str, dict[str, int]] = {}
    for doc, counts in sorted(app.env.__dict__.get("pb_term_counts", {}).items()):
        if doc not in app.env.found_docs:
            continue
        for term, n in counts.items():
            by_term.setdefault(term, {})[doc] = n
    target = Path(app.outdir) / SEARCH_BOOST
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("// Generated by playbook.site.sphinxext: how often each page uses each search term.\n"
                      f"window.PB_TERM_COUNTS = {json.dumps(by_term, ensure_ascii=False, sort_keys=True)};\n",
                      encoding="utf-8")


def prune_output(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for pattern in UNUSED_OUTPUT:
        for path in out.glob(pattern):
            path.unlink()
    for folder in {p.parent for p in (out / "_static" / "vendor").rglob("*.woff2")}:
        for path in folder.iterdir():
            if path.suffix in FALLBACK_FONTS:
                path.unlink()


def precompress_output(app: Sphinx, exception: Exception | None) -> None:
    """Write gzip (and brotli) copies of the site's large files for servers that send them
    (``playbook serve``, nginx ``gzip_static``; see :mod:`playbook.site.precompress`)."""
    if exception is not None or app.builder.format != "html" or os.environ.get("PLAYBOOK_PRECOMPRESS") == "0":
        return
    from playbook.site.precompress import precompress

    totals = precompress(Path(app.outdir), cache=_repo_cache(app) / "precompressed")
    logger.info(f"压缩副本:{totals['files']} 个文件 {totals['raw'] / 1e6:.1f} MB → "
                f"gzip {totals['gzip'] / 1e6:.1f} MB" + (f",brotli {totals['br'] / 1e6:.1f} MB"
                                                         if totals['br'] < totals['raw'] else ""))


#: Characters the page's ``@font-face`` serves from the bundled font (``unicode-range`` in
#: playbook.css); any other character falls back to the reader's fonts.
BUNDLED_RANGES = re.compile("[\u2000-\u206f\u2150-\u22ff\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_WIDGET_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)


def page_characters(text: str) -> set[str]:
    """Characters of one built page in the bundled font's ranges, widget texts included."""
    import json
    import unicodedata

    found = set(BUNDLED_RANGES.findall(html.unescape(text)))
    for state in _WIDGET_STATE.findall(text):  # widget labels and outputs, JSON-escaped
        found |= set(BUNDLED_RANGES.findall(json.dumps(json.loads(state), ensure_ascii=False)))
    # spaces and invisible format characters (ipywidgets' U+200B placeholder) draw no glyph
    return {ch for ch in found if unicodedata.category(ch) not in ("Cf", "Zs", "Zl", "Zp")}


def missing_glyphs(site: Path) -> dict[str, list[str]]:
    """Characters used on a built page that the bundled font lacks → the pages using them."""
    from fontTools.ttLib import TTFont  # build time only (matplotlib's dependency)

    from playbook import fonts

    font = Path(fonts.__file__).parent / fonts.FONT_FILE
    cmap = set(TTFont(font, lazy=True).getBestCmap())
    missing: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("lite/"):  # the JupyterLite site: its own UI, not the book's pages
            continue
        for ch in page_characters(page.read_text(encoding="utf-8")):
            if ord(ch) not in cmap:
                missing.setdefault(ch, []).append(rel)
    return missing


def check_font_coverage(app: Sphinx, exception: Exception | None) -> None:
    """Fail the build when a page uses a character the bundled font cannot draw (readers
    without a CJK font would see a blank box), naming the character and the pages."""
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.errors import ExtensionError

    missing = missing_glyphs(Path(app.outdir))
    if missing:
        lines = [f"「{ch}」(U+{ord(ch):04X}):{'、'.join(pages[:5])}" for ch, pages in sorted(missing.items())]
        raise ExtensionError("内置字体缺少以下字符(请运行 tools/make_font.py 重新生成字体子集):\n"
                             + "\n".join(lines))


def _drop_thebe(app: Sphinx) -> None:
    """Disconnect sphinx-thebe, which Jupyter Book 1 always loads.

    The book never uses Thebe (it needs a live Jupyter server). Left connected, it adds a
    script naming a CDN URL to every page, once per read pass, so a rebuild declares
    ``THEBE_JS_URL`` twice and the page logs a SyntaxError.
    """
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files
                              if not name.startswith("sphinx-thebe")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("kb-table", KbTable)
    app.add_directive("kb-cards", KbCards)
    app.add_directive("kb-item", KbItem)
    app.add_directive("kb-notes", KbNotes)
    app.add_directive("kb-seedmap", KbSeedMap)
    app.add_directive("kb-glossary", KbGlossary)
    app.add_directive("kb-quiz", KbQuiz)
    app.connect("config-inited", configure, priority=900)
    app.connect("source-read", fix_emphasis)
    # before Sphinx's title collector (priority 500), so the navigation shows the fixed titles
    app.connect("doctree-read", join_cjk_lines, priority=400)
    # again once cross-references carry their titles (``(见 {doc}`x`)`` reads 「（见客户维护）」)
    app.connect("doctree-resolved", lambda app, doctree, docname: join_cjk_lines(app, doctree))
    app.connect("doctree-read", mark_live_apps)
    app.connect("doctree-read", describe_images)
    app.connect("doctree-read", typeset_widget_state)
    app.connect("html-page-context", add_live_script)
    app.add_js_file("playbook-site.js", loading_method="defer")
    app.connect("html-page-context", add_download_menu, priority=502)  # after the theme's buttons
    app.connect("build-finished", prune_output)
    app.connect("doctree-read", count_search_terms)
    app.connect("env-purge-doc", _purge_term_counts)
    app.connect("build-finished", write_search_boost)
    app.add_js_file("pb-search-boost.js", loading_method="defer")
    app.connect("build-finished", check_font_coverage)
    app.connect("build-finished", precompress_output, priority=900)  # after every other writer
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
