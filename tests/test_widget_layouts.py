"""Widgets that show/hide fields one by one must not share Layout objects between fields."""
from __future__ import annotations

import ipywidgets as w
import pytest


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _calculators():
    from playbook.views.loss import loss_calculator
    from playbook.views.quote import quote_calculator

    return {"quote": quote_calculator, "loss": loss_calculator}


@pytest.mark.parametrize("name", ["quote", "loss"])
def test_no_two_inputs_share_a_layout(name):
    first, second = _calculators()[name](), _calculators()[name]()
    inputs = [x for root in (first, second) for x in _walk(root)
              if isinstance(x, (w.FloatText, w.Text, w.IntText, w.BoundedFloatText))]
    assert len(inputs) >= 4
    layouts = [id(x.layout) for x in inputs]
    assert len(layouts) == len(set(layouts)), "输入框共用了同一个 Layout:隐藏一个会把其他的一起隐藏"


@pytest.mark.parametrize("name", ["quote", "loss"])
def test_default_view_shows_number_inputs(name):
    root = _calculators()[name]()
    shown = [x for x in _walk(root) if isinstance(x, w.FloatText) and x.layout.display != "none"]
    assert len(shown) >= 2
