"""Views: ipywidgets (one module per tool: ``quote``, ``loss``, ``drills``, ``scoring``,
``trainer``, ``kb_browser``), charts (``charts``, ``plotting``) and exports (``quote_export``).
A view collects inputs, calls one engine function and shows the result or the engine's Chinese
error message; no business logic here.

May import: the foundation modules, :mod:`playbook.kb`, :mod:`playbook.engines` and
:mod:`playbook.trainer`; never ``site`` or ``cli``.
"""


def show(widget, visible: bool) -> None:
    """Show or hide one widget (its own ``layout``: never share a Layout between fields)."""
    widget.layout.display = None if visible else "none"
