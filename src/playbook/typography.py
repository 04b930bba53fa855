"""Chinese typography (standard library only): used by the book's pages and the printed cards."""
from __future__ import annotations

import html
import re

__all__ = ["chinese_typography", "html_text"]

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d"  # CJK, CJK punctuation, full-width forms, “”
#: A line break between two CJK characters inside a paragraph (HTML would show it as a space).
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
#: ASCII punctuation written inside Chinese text → its full-width form.
_FULL_WIDTH = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01",
               "(": "\uff08", ")": "\uff09"}
_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])[,:;?!)]")
_BEFORE_CJK = re.compile(rf"[,;(](?=[{_CJK}])")
_OPEN_CLOSE = re.compile(rf"\(([^()\n]*[{_CJK}][^()\n]*)\)")


def chinese_typography(text: str) -> str:
    """Chinese text as readers expect it: no line breaks inside sentences, full-width punctuation.

    Only punctuation touching a Chinese character changes (``14:00``, ``92#(Ⅴ)`` and Latin
    text stay as they are); a bracket pair enclosing Chinese text becomes ``（…）``.
    """
    text = _CJK_BREAK.sub("", text)
    text = _OPEN_CLOSE.sub(lambda m: "\uff08" + m.group(1) + "\uff09", text)
    text = _AFTER_CJK.sub(lambda m: _FULL_WIDTH[m.group(0)], text)
    return _BEFORE_CJK.sub(lambda m: _FULL_WIDTH[m.group(0)], text)


def html_text(text: object) -> str:
    """User-visible text for HTML: Chinese punctuation, then escaped."""
    return html.escape(chinese_typography(str(text)))
