"""ipywidgets views over the engines and the knowledge base; no business logic here."""


def show(widget, visible: bool) -> None:
    """Show or hide one widget (its own ``layout``: never share a Layout between fields)."""
    widget.layout.display = None if visible else "none"
