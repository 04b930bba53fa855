"""Views: ipywidgets (one module per tool: ``quote``, ``loss``, ``drills``, ``scoring``,
``trainer``, ``kb_browser``), charts (``charts``, ``plotting``) and exports (``quote_export``).
A view collects inputs, calls one engine function and shows the result or the engine's Chinese
error message; no business logic here.

May import: the foundation modules, :mod:`playbook.kb`, :mod:`playbook.engines` and
:mod:`playbook.trainer`; never ``site`` or ``cli``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets as w


def show(widget: w.DOMWidget, visible: bool) -> None:
    """Show or hide one widget (its own ``layout``: never share a Layout between fields)."""
    widget.layout.display = None if visible else "none"
