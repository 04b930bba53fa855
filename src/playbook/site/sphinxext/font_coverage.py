"""Font coverage: the build fails when a page uses a character the bundled font cannot draw."""
from __future__ import annotations

import html
import re
from pathlib import Path

from sphinx.application import Sphinx

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
