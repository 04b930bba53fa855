"""Chinese typography of every page: the source's emphasis before parsing, then each page's
texts, raw HTML and build-time widget state (see :mod:`playbook.typography` for the rules)."""
from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes
from sphinx.application import Sphinx

from playbook.typography import (ZWSP, chinese_typography, cjk_emphasis, html_fragment_typography,
                                 match_brackets, widget_state_typography)

#: Nodes whose text is code or markup, never Chinese prose to retypeset.
_VERBATIM = (nodes.literal_block, nodes.literal, nodes.raw, nodes.math, nodes.math_block,
             nodes.comment, nodes.substitution_definition)


def _prose_texts(block: nodes.Node) -> list[nodes.Text]:
    return [t for t in block.findall(nodes.Text)
            if not any(isinstance(a, _VERBATIM) for a in _ancestors(t, block))]


def _ancestors(node: nodes.Node, stop: nodes.Node) -> Iterator[nodes.Node]:
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
