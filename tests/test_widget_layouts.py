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


def _table_tools():
    from playbook.views.cadence import cadence_planner
    from playbook.views.forecast import forecast_tool
    from playbook.views.grading import grading_tool
    from playbook.views.value_added import payroll_sheet

    return {"grading": grading_tool, "cadence": cadence_planner, "forecast": forecast_tool, "payroll": payroll_sheet}


@pytest.mark.parametrize("name", ["grading", "cadence", "forecast", "payroll"])
def test_a_pasted_table_is_recomputed_once_not_per_keystroke(name):
    """Attack report N7: 2,000 pasted customers re-graded on every keystroke took 2.2 s each.
    Every multi-line box whose change recomputes the tool reports its value when the reader
    leaves it (continuous_update off), not on each key."""
    root = _table_tools()[name]()
    boxes = [x for x in _walk(root) if isinstance(x, w.Textarea) and x._trait_notifiers.get("value", {}).get("change")]
    assert boxes, "没有找到会触发重算的多行输入框"
    assert [x.continuous_update for x in boxes] == [False] * len(boxes)
    from playbook.views.common import LEAVE_BOX_HINT

    assert any(LEAVE_BOX_HINT in x.value for x in _walk(root) if isinstance(x, w.HTML))   # and says so
