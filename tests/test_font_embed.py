"""Downloaded HTML (dashboard.html, cards.html) carries the font subset it needs: one file
shows Chinese on a machine without a CJK font."""
from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from playbook.fileio import write_html_with_font
from playbook.fonts import FONT_FILE
from playbook.fonts.embed import embed_font
from playbook.trainer import roleplay
from playbook.trainer.cards import cards_html


def _embedded(page: str) -> TTFont:
    m = re.search(r"url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", page)
    assert m, "no embedded font"
    return TTFont(io.BytesIO(base64.b64decode(m.group(1))))


def test_cards_page_embeds_every_chinese_character_it_shows(tmp_path):
    plan = roleplay.plan_session(["张三", "李四", "王五"], rounds=1, seed=2)
    page = cards_html(plan)
    written = write_html_with_font(tmp_path, "cards.html", page)
    text = written[0].read_text(encoding="utf-8")
    assert f'url("{FONT_FILE}")' not in text
    font = _embedded(text)
    cmap = font.getBestCmap()
    cjk = {ch for ch in page if "\u4e00" <= ch <= "\u9fff"}
    full = TTFont(str(written[1])).getBestCmap()
    assert cjk and {ch for ch in cjk if ord(ch) in full} <= {chr(c) for c in cmap}
    assert len(cmap) < len(full) / 3  # a subset, not the whole font
    assert len(text) < 1_000_000


def test_a_page_without_the_font_reference_is_unchanged():
    assert embed_font("<p>没有字体</p>") == "<p>没有字体</p>"
