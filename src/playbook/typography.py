"""Chinese typography (standard library only): used by the book's pages and the printed cards."""
from __future__ import annotations

import html
import re

__all__ = ["chinese_typography", "html_text", "html_fragment_typography", "widget_state_typography",
           "cjk_emphasis", "match_brackets", "ZWSP"]

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d"  # CJK, CJK punctuation, full-width forms, “”
#: A line break between two CJK characters inside a paragraph (HTML would show it as a space).
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
#: ASCII punctuation written inside Chinese text → its full-width form.
_FULL_WIDTH = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01",
               "(": "\uff08", ")": "\uff09"}
_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])[,:;?!)]")
_BEFORE_CJK = re.compile(rf"[,;:?!(](?=[{_CJK}])")
_OPEN_CLOSE = re.compile(rf"\(([^()\n]*[{_CJK}][^()\n]*)\)")
#: A space between Chinese characters (or after/before Chinese punctuation): HTML shows it.
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
#: Zero-width space: lets Markdown close ``**`` right after Chinese punctuation (see
#: :func:`cjk_emphasis`); removed again from the rendered text.
ZWSP = "\u200b"
#: Punctuation (Unicode P* and the CJK brackets/quotes) next to which CommonMark's flanking
#: rules refuse to open or close ``**`` when the other side is a letter, as Chinese text is.
_PUNCT = re.compile(r"[\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40"
                    r"\uff5b-\uff65\u2010-\u2027\u2030-\u205e!-/:-@\[-`{-~]")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def chinese_typography(text: str, *, join_spaces: bool = True) -> str:
    """Chinese text as readers expect it: no line breaks inside sentences, full-width punctuation.

    Only punctuation touching a Chinese character changes (``14:00``, ``92#(Ⅴ)`` and Latin
    text stay as they are); a bracket pair enclosing Chinese text becomes ``（…）``.
    """
    text = text.replace(ZWSP, "")
    # until stable: ``(001 基础篇(一);…)`` needs the inner pair first, ``);`` the ``）`` first,
    # ``,\n开发`` the ``，`` first
    for _ in range(4):
        before = text
        if join_spaces:  # line breaks and spaces inside Chinese prose (not in labels, preformatted text)
            text = _CJK_BREAK.sub("", text)
            text = _CJK_SPACE.sub("", text)
        text = _OPEN_CLOSE.sub(lambda m: "\uff08" + m.group(1) + "\uff09", text)
        text = _AFTER_CJK.sub(lambda m: _FULL_WIDTH[m.group(0)], text)
        text = _BEFORE_CJK.sub(lambda m: _FULL_WIDTH[m.group(0)], text)
        if text == before:
            break
    return match_brackets(text)


def match_brackets(text: str) -> str:
    """Make each bracket pair one width: a pair of ``(`` and ``）`` (or ``（`` and ``)``), as
    typesetting a sentence piece by piece can leave, becomes ``（…）`` when it encloses Chinese."""
    chars = list(text)
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch in "(\uff08":
            stack.append(i)
        elif ch in ")\uff09" and stack:
            j = stack.pop()
            if {chars[j], ch} in ({"(", "\uff09"}, {"\uff08", ")"}) and re.search(f"[{_CJK}]", text[j + 1:i]):
                chars[j], chars[i] = "\uff08", "\uff09"
    return "".join(chars)


def _emphasis_line(line: str) -> str:
    # inline code spans keep their text: split them out, fix the rest, put them back
    spans: list[str] = []
    def hold(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    line = _CODE_SPAN.sub(hold, line)
    parts = line.split("**")
    if len(parts) >= 3:
        out = [parts[0]]
        for i, part in enumerate(parts[1:], 1):
            opening = i % 2 == 1            # the i-th ``**`` of the line opens when i is odd
            if opening and part and _PUNCT.match(part[0]) and i < len(parts) - 1:
                part = ZWSP + part          # ``的**「啰嗦」**``: opener followed by punctuation
            prev = out[-1]
            if not opening and prev and _PUNCT.match(prev[-1]):
                out[-1] = prev + ZWSP       # ``**启示：**下面``: closer after punctuation
            out.append(part)
        line = "**".join(out)
    return re.sub("\x00(\\d+)\x00", lambda m: spans[int(m.group(1))], line)


def cjk_emphasis(markdown: str) -> str:
    """Markdown whose ``**bold**`` works next to Chinese punctuation.

    CommonMark does not close ``**`` that follows punctuation and is followed by a letter
    (``**饮酒从来不是必须的。**客户经理…`` shows the raw asterisks), nor open one in the mirror
    case. A zero-width space on the inside of such a delimiter makes it flank correctly; the
    rendered text drops it again (:func:`chinese_typography`). Code fences and inline code
    are left alone.
    """
    if "**" not in markdown:
        return markdown
    lines, fence = markdown.split("\n"), ""
    for n, line in enumerate(lines):
        m = _FENCE.match(line)
        if m:
            mark = m.group(1)
            if not fence:
                fence = mark
                continue
            if mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark):].strip():
                fence = ""
                continue
        if not fence and "**" in line:
            lines[n] = _emphasis_line(line)
    return "\n".join(lines)


_HTML_VERBATIM = re.compile(r"(<(script|style|pre|code|textarea)\b.*?</\2\s*>)", re.S | re.I)
_HTML_TEXT = re.compile(r">([^<>]+)<")


def html_fragment_typography(text: str, *, join_spaces: bool = True) -> str:
    """:func:`chinese_typography` for the text between the tags of an HTML fragment (an output
    table, a widget's HTML), leaving scripts, styles, code and the tags themselves alone."""
    parts = _HTML_VERBATIM.split(">" + text + "<")
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 2:        # the tag name captured by the inner group
            continue
        if kind == 1:        # a verbatim element, as it is
            out.append(part)
            continue
        out.append(_HTML_TEXT.sub(lambda m: ">" + html.escape(
            chinese_typography(html.unescape(m.group(1)), join_spaces=join_spaces), quote=False) + "<", part))
    return "".join(out)[1:-1]


#: Widget state fields a reader sees as text (ipywidgets 8 names).
_WIDGET_TEXT_KEYS = ("description", "placeholder", "tooltip", "description_tooltip")


def widget_state_typography(model_name: str, state: dict) -> dict:
    """A widget's state with its visible texts typeset (labels, option labels, tab titles, the
    value of an HTML or Label widget); what the reader types (a Text's value) is left alone.
    Used for the widgets' build-time rendering in the book and for the live apps. Spaces stay:
    in a label such as 「成交价 元/吨」 the space separates the name from its unit."""
    out = dict(state)
    for key in _WIDGET_TEXT_KEYS:
        if isinstance(out.get(key), str):
            out[key] = chinese_typography(out[key], join_spaces=False)
    value = out.get("value")
    if isinstance(value, str):
        if model_name in ("HTMLModel", "HTMLMathModel"):
            out["value"] = html_fragment_typography(value, join_spaces=False)
        elif model_name == "LabelModel":
            out["value"] = chinese_typography(value, join_spaces=False)
    for key in ("_options_labels", "titles"):
        if isinstance(out.get(key), (list, tuple)):
            out[key] = [chinese_typography(v, join_spaces=False) if isinstance(v, str) else v for v in out[key]]
    if isinstance(out.get("_titles"), dict):
        out["_titles"] = {k: chinese_typography(v, join_spaces=False) if isinstance(v, str) else v for k, v in out["_titles"].items()}
    return out


def html_text(text: object) -> str:
    """User-visible text for HTML: Chinese punctuation, then escaped."""
    return html.escape(chinese_typography(str(text)))
