"""Chinese typography in the built pages: no spaces inside sentences, full-width punctuation."""
from __future__ import annotations

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from playbook.site.sphinxext import join_cjk_lines
from playbook.typography import chinese_typography

COMMA, COLON, LPAREN, RPAREN = "\uff0c", "\uff1a", "\uff08", "\uff09"


def test_punctuation_touching_chinese_becomes_full_width():
    assert chinese_typography("学完本章,你应当能够:") == f"学完本章{COMMA}你应当能够{COLON}"
    assert chinese_typography("分类(购油稳定性、需求量)") == f"分类{LPAREN}购油稳定性、需求量{RPAREN}"
    assert chinese_typography("来源:002 §4.3.5") == f"来源{COLON}002 §4.3.5"


def test_numbers_grades_and_latin_text_are_left_alone():
    for text in ("14:00", "92#(Ⅴ) 6700 元/吨", "English, words: ok (x)", "3.5 ‰"):
        assert chinese_typography(text) == text


def test_line_breaks_inside_chinese_are_removed_but_code_is_untouched():
    doc = new_document("<test>", get_default_settings(Parser))
    Parser().parse("内容\n来自五份材料 and\nEnglish words\n\n::\n\n  代码,\n  保留\n", doc)
    join_cjk_lines(None, doc)
    para = doc.next_node(nodes.paragraph).astext()
    assert "内容来自五份材料" in para and "and\nEnglish" in para
    assert doc.next_node(nodes.literal_block).astext() == "代码,\n保留"


def test_built_pages_use_chinese_punctuation(site):
    html = (site / "intro.html").read_text(encoding="utf-8")
    assert "内容来自" in html and "内容\n来自" not in html
    assert html.count(COMMA) > 10 and "用这本书" in html
