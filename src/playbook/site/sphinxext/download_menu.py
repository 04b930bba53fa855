"""The header's download menu on every page: the whole book as a PDF, and printing the page."""
from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from playbook.site.pdfbook import PDF_NAME  # the printable book, written beside the site


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
