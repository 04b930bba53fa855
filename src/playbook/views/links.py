"""Links from "practise next" lists (我的练习, the trainer's console, the dashboard) straight
to the drill that practises an item, opened on that question or dialogue.

A link is ``chapters/objections.html?item=<item id>``: the chapter whose live drill covers the
item's family (:data:`FAMILY_PAGES`). On that page the drill panel (or dialogue player) reads
the ``item`` parameter (:func:`requested_item`), puts that question first (a free-text task:
opens its tab; a dialogue: loads it) and marks itself ``pb-focus``; the page script scrolls to it.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import parse_qs, quote

from playbook.engines import practice

__all__ = ["FAMILY_PAGES", "BOOK_URL", "book_drill_url", "drill_href", "drill_link", "requested_item",
           "FOCUS_CLASS"]

#: Practice family → the book page (without ``.html``, from the book's root) whose live drill has it.
FAMILY_PAGES: dict[str, str] = {
    "customer_type": "chapters/communication",
    "communication_style": "chapters/communication",
    "objection": "chapters/objections",
    "fab": "chapters/value",
    "etiquette": "chapters/etiquette",
    "dialogue": "chapters/dialogues",
}
#: The class a widget that took the requested item carries (the page scrolls to it).
FOCUS_CLASS = "pb-focus"
#: Where ``python -m playbook serve`` (and ``bash scripts/serve.sh``) serves the book: the
#: default book address of the links in the CLI's ``dashboard.html`` (``--book-url``).
BOOK_URL = "http://127.0.0.1:8000/"


def drill_href(item: str, family: str = "", *, root: str = "") -> str | None:
    """The URL of the drill for ``item`` (a question, free-text task or ``dialogue:<id>``),
    relative to the book's root plus ``root`` (``"../"`` from a chapter); None when no page has it."""
    fam = family or practice.family_of(item)
    page = FAMILY_PAGES.get(fam)
    if page is None:
        return None
    return f"{root}{page}.html?item={quote(item, safe='')}"


def book_drill_url(book_url: str | None = None) -> Callable[[str, str], str | None]:
    """``(item, family) → URL`` of the drill in the book published at ``book_url`` (the book's
    root: ``http://127.0.0.1:8000/``, ``https://…/playbook/``, or ``""`` for links relative to a
    page in the book's root folder; None: :data:`BOOK_URL`). The same scheme as the in-page
    console's links."""
    root = str(BOOK_URL if book_url is None else book_url)
    if root and not root.endswith("/"):
        root += "/"

    def url(item: str, family: str = "") -> str | None:
        return drill_href(item, family, root=root)

    return url


def drill_link(item: str, family: str = "", *, root: str = "", label: str = "去练习 →") -> str:
    """``<a class="pb-drill-link" href=…>去练习 →</a>``, or "" when no page has the item."""
    href = drill_href(item, family, root=root)
    if href is None:
        return ""
    return f"<a class='pb-drill-link' href='{html.escape(href, quote=True)}'>{html.escape(label)}</a>"


def requested_item() -> str | None:
    """The ``item`` the page was opened for (the in-page Python reads the address), else None."""
    try:
        import js  # Pyodide only

        search = str(js.location.search or "")
    except Exception:  # noqa: BLE001 - CPython, Node.js at build time
        return None
    values = parse_qs(search.lstrip("?")).get("item")
    return values[0] if values and values[0] else None
