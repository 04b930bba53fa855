"""Typography over the whole built site: what a reader sees on every page.

No raw Markdown markers, Chinese punctuation where the text is Chinese, no stray spaces inside
Chinese sentences, matched brackets, navigation titles that match the headings, and every
character drawable by the bundled font.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from playbook.site.sphinxext import missing_glyphs
from playbook.typography import cjk_emphasis, chinese_typography

pytestmark = pytest.mark.book

CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
#: elements whose text is code, not prose (or not shown)
_SKIP = {"script", "style", "pre", "code", "kbd", "samp", "textarea", "svg", "math", "template"}


class _Text(HTMLParser):
    """The prose text of the main article, one string per block (p, li, td, h1…)."""

    BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption",
              "caption", "div", "section", "article", "blockquote", "summary", "small", "br", "button"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []   # (tag, skips, is main)
        self.blocks: list[str] = [""]

    def _state(self) -> tuple[bool, bool]:
        return (any(s for _, s, _ in self.stack), any(m for _, _, m in self.stack))

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag in self.BLOCKS:
            self.blocks.append("")
        if tag in self.VOID:
            return
        skips = tag in _SKIP or "highlight" in cls.split() or "pb-quiz-key" in cls
        self.stack.append((tag, skips, tag == "main"))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in self.BLOCKS:
            self.blocks.append("")

    def handle_data(self, data):
        skipping, in_main = self._state()
        if in_main and not skipping:
            self.blocks[-1] += data


def blocks(page: Path) -> list[str]:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return [b for b in parser.blocks if b.strip()]


def book_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html"))
            if not p.relative_to(site).as_posix().startswith(("lite/", "_static/", "_"))
            and p.name not in ("search.html", "genindex.html")]


def _offenders(site: Path, pattern: re.Pattern[str]) -> list[str]:
    found = []
    for page in book_pages(site):
        for block in blocks(page):
            for m in pattern.finditer(block):
                found.append(f"{page.relative_to(site)}: …{block[max(0, m.start() - 12):m.end() + 12]}…")
    return found


# ------------------------------------------------------------------ unit: the render-time fixes
def test_bold_after_chinese_punctuation_parses():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for source in ("- **饮酒从来不是必须的。**客户经理自己", "不要说**「啰嗦」**这种话",
                   "**标准状态(20 °C):**体积"):
        html = md.render(cjk_emphasis(source))
        assert "**" not in html and "<strong>" in html, html
    # code is left alone
    assert cjk_emphasis("```\na = 2**3。**x\n```") == "```\na = 2**3。**x\n```"
    assert cjk_emphasis("见 `**。**x`") == "见 `**。**x`"


def test_spaces_and_brackets_between_chinese_are_fixed():
    assert chinese_typography("开发客户、 报价算账") == "开发客户、报价算账"
    assert chinese_typography("(见 客户维护)") == "\uff08见客户维护\uff09"
    assert chinese_typography("A 类客户 3 次") == "A 类客户 3 次"


def test_cross_reference_brackets_are_fixed_across_nodes():
    from docutils import nodes

    from playbook.site.sphinxext import join_cjk_lines

    doc = nodes.document(None, None)
    para = nodes.paragraph("", "", nodes.Text("运价(000 §9.5,见 "),
                           nodes.reference("", "", nodes.inline("", "客户维护")), nodes.Text(");下一句,\n开发"))
    doc += para
    join_cjk_lines(None, doc)
    assert para.astext() == "运价\uff08000 §9.5\uff0c见客户维护\uff09\uff1b下一句\uff0c开发"


def test_font_check_names_the_character_and_the_page(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "a.html").write_text("<p>说话不要啰嗦，也不要龘</p>", encoding="utf-8")
    state = '{"state": {"m": {"state": {"description": "\\u9f98"}}}}'
    (tmp_path / "b.html").write_text(
        f'<script type="application/vnd.jupyter.widget-state+json">{state}</script>', encoding="utf-8")
    assert missing_glyphs(tmp_path) == {"\u9f98": ["b.html", "chapters/a.html"]}


# ------------------------------------------------------------------ the built site
def test_site_has_pages(site):
    assert len(book_pages(site)) >= 20


def test_no_raw_markdown_markers(site):
    # a quotation of the seeds may show their literal asterisks (“**公司”: a redacted name)
    found = []
    for page in book_pages(site):
        for block in blocks(page):
            if re.search(r"\*\*|(?<![\w*])__\S", re.sub(r"“[^”]*”", "", block)):
                found.append(f"{page.relative_to(site)}: {block[:80]}")
    assert not found, "页面中有未渲染的 Markdown 标记:\n" + "\n".join(found[:20])


def test_half_width_punctuation_never_touches_chinese(site):
    pattern = re.compile(rf"[{CJK}][,;:?!)]|[,;(][{CJK}]")
    found = _offenders(site, pattern)
    assert not found, f"{len(found)} 处半角标点:" + "\n".join(found[:20])


def test_no_spaces_inside_chinese_text(site):
    pattern = re.compile(rf"[{CJK}][ \t\n]+[{CJK}]")
    found = _offenders(site, pattern)
    assert not found, f"{len(found)} 处中文之间的空格:" + "\n".join(found[:20])


def test_brackets_are_matched(site):
    found = []
    for page in book_pages(site):
        for block in blocks(page):
            depth = 0
            for ch in block:
                depth += {"\uff08": 1, "\uff09": -1}.get(ch, 0)
                if depth < 0:
                    break
            if depth != 0 or "(见" in block or "见 " in block and re.search(rf"见 [{CJK}]", block):
                found.append(f"{page.relative_to(site)}: {block[:80]}")
    assert not found, f"{len(found)} 处括号不配对:" + "\n".join(found[:20])


def test_navigation_titles_match_headings(site):
    """The sidebar's link to a page reads exactly like the page's own heading."""
    intro = (site / "intro.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="reference internal" href="(chapters/[^"#]+\.html)">([^<]+)</a>', intro)
    assert len(links) >= 20
    for href, title in links:
        page = (site / href).read_text(encoding="utf-8")
        article = page[page.index('<article class="bd-article"'):]
        h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", article, re.S)
        assert h1, href
        heading = re.sub(r"<[^>]+>", "", h1.group(1)).strip()
        assert title.strip() == heading, (href, title, heading)
        assert not re.search(rf"[{CJK}][:,;]", title), title


def test_every_character_is_in_the_bundled_font(site):
    missing = missing_glyphs(site)
    assert not missing, {ch: pages[:3] for ch, pages in missing.items()}
    # 啰 (「啰嗦」) is used by the book and drawn by the font
    assert any("啰" in p.read_text(encoding="utf-8") for p in book_pages(site))


def test_images_have_meaningful_alt_text(site):
    import re

    bad = []
    for page in site.rglob("*.html"):
        if page.relative_to(site).as_posix().startswith("lite/"):
            continue
        for alt in re.findall(r'<img[^>]*?alt="([^"]*)"', page.read_text(encoding="utf-8")):
            if not alt.strip() or "/" in alt or alt.endswith((".png", ".svg", ".jpg")):
                bad.append((page.name, alt))
    assert not bad, bad[:10]


def test_widget_texts_use_chinese_punctuation(site):
    """The build-time rendering of every widget (labels, options, tab titles, HTML outputs)."""
    import json

    state_re = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)
    pattern = re.compile(rf"[{CJK}][,;:?!)]|[,;:?!(][{CJK}]")
    found, checked = [], 0
    for page in book_pages(site):
        for body in state_re.findall(page.read_text(encoding="utf-8")):
            for model in json.loads(body)["state"].values():
                st = model["state"]
                texts = [st.get(k) for k in ("description", "placeholder", "tooltip")]
                texts += list(st.get("_options_labels") or []) + list(st.get("titles") or [])
                if model["model_name"] in ("HTMLModel", "LabelModel"):
                    value = re.sub(r"<(script|style|pre|code)\b.*?</\1>", "", st.get("value") or "", flags=re.S)
                    texts += re.findall(r">([^<>]+)<", f">{value}<")
                for text in filter(None, texts):
                    checked += 1
                    for m in pattern.finditer(text):
                        found.append(f"{page.name}: …{text[max(0, m.start() - 10):m.end() + 10]}…")
    assert checked > 100
    assert not found, f"{len(found)} 处:" + "\n".join(found[:15])
