"""Alt text for the images of a page (charts drawn by notebook cells have none)."""
from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from playbook.typography import chinese_typography


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
