"""Browse knowledge-base items in a widget that also works in the static web book.

The selector and the pages are linked in the browser (``jslink``), not through a Python
callback, so the widget stays interactive in published HTML where no kernel runs.
"""
from __future__ import annotations

import html

import ipywidgets as w

from playbook import kb


def _card(item: kb.CustomerType) -> str:
    points = "".join(f"<li>{html.escape(p)}</li>" for p in item.key_points)
    return (
        f"<div class='kb-widget-card'><h4 style='margin:0.2em 0'>{html.escape(item.name)}</h4>"
        f"<p><b>特点:</b>{html.escape(item.traits)}</p>"
        f"<p><b>说服策略:</b>{html.escape(item.strategy)}</p>"
        f"<p><b>要点:</b></p><ul>{points}</ul>"
        f"<p style='color:#666;font-size:0.85em'>来源:{html.escape(';'.join(item.source))}</p></div>"
    )


def customer_type_browser(base: kb.KnowledgeBase | None = None) -> w.VBox:
    """A dropdown of the ten customer types showing each one's traits and strategy."""
    base = base or kb.load()
    types = base.customer_types
    choose = w.Dropdown(options=[t.name for t in types], index=0,
                        description="客户类型", style={"description_width": "initial"})
    pages = w.Stack([w.HTML(_card(t)) for t in types], selected_index=0)
    w.jslink((choose, "index"), (pages, "selected_index"))  # synced traits, linked in the browser
    return w.VBox([choose, pages], layout=w.Layout(border="1px solid #ddd", padding="8px"))
