"""增值业务提成计算器: an ipywidgets view over :func:`playbook.engines.value_added.commission`.

The reader types a month's (or year's) insurance sales, picks the scheme (and whether the
first-line employee works at a 服务站); the view shows every line, the total, the group's
ceiling and what is left of the 40 % agency fee, as a table and as bars. Both schemes side by
side below. Runs in the page (standard library + ipywidgets).

Usage (it opens on 100 000 元 of sales under the second scheme):

>>> from playbook.views.value_added import commission_calculator
>>> tool = commission_calculator()
>>> tool.error, tool.result.total
(None, Decimal('13900.00'))
"""
from __future__ import annotations

import html

import ipywidgets as w

from playbook.engines import value_added as engine
from playbook.errors import PlaybookInputError
from playbook.views.common import bars, error_box, table

__all__ = ["CommissionCalculator", "commission_calculator"]


def _yuan(x) -> str:
    return f"{x:,.2f}"


def _pct(rate) -> str:
    return f"{rate * 100:.1f}%".replace(".0%", "%")


class CommissionCalculator(w.VBox):
    """The calculator; ``sales``, ``scheme`` and ``station`` are its inputs, ``result`` the latest
    :class:`~playbook.engines.value_added.CommissionResult` (or ``None``), ``error`` the latest error."""

    def __init__(self, sales: float = 100_000.0, **kwargs) -> None:
        self.result: engine.CommissionResult | None = None
        self.error: PlaybookInputError | None = None
        style = {"description_width": "7em"}
        self.sales = w.Text(value=f"{sales:g}", description="保险销售额 元", style=style,
                            layout=w.Layout(width="20em"))
        self.scheme = w.ToggleButtons(options=[(s.name, s.id) for s in engine.schemes()], value="second",
                                      style={"button_width": "13em"})
        self.station = w.Checkbox(value=False, description="一线员工在服务站(第二次方案按 3%)", indent=False,
                                  layout=w.Layout(width="auto"))
        self.answer = w.HTML()
        self.detail = w.HTML()
        self.compare = w.HTML()
        super().__init__([w.HBox([self.sales], layout=w.Layout(flex_flow="row wrap")), self.scheme,
                          self.station, self.answer, self.detail, self.compare],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        for control in (self.sales, self.scheme, self.station):
            control.observe(lambda _c: self.update(), names="value")
        self.update()

    def _sales_value(self) -> str:
        """The box's text as typed: the engine reads it through :mod:`playbook.normalize`
        (thousands separators, full-width digits, 万)."""
        return self.sales.value

    def update(self) -> None:
        sales = self._sales_value()
        try:
            r = engine.commission(sales, self.scheme.value, service_station=self.station.value)
            other = engine.commission(sales, "first" if self.scheme.value == "second" else "second",
                                      service_station=self.station.value)
        except PlaybookInputError as err:
            self.result, self.error = None, err
            self.answer.value = error_box(err.message)
            self.detail.value = self.compare.value = ""
            return
        self.result, self.error = r, None
        self.answer.value = (
            f'<div class="pb-commission-answer" style="padding:6px 0"><b>{html.escape(r.scheme.name)}</b>:'
            f"代理费 {_yuan(r.agency_fee)} 元(销售额 × 40%),提成合计 {_yuan(r.total)} 元"
            f"({_pct(r.total_rate)}),其中一线 {_yuan(r.first_line)} 元、二线 {_yuan(r.second_line)} 元;"
            f"代理费余下 {_yuan(r.remainder)} 元。</div>")
        rows = [(ln.label, "一线" if ln.line == "first" else "二线", _pct(ln.rate), _yuan(ln.amount), ln.note)
                for ln in r.lines]
        rows += [("提成合计", "", _pct(r.total_rate), _yuan(r.total), ""),
                 ("集团规定上限(代理费的 50%)", "", "20%", _yuan(r.group_cap), ""),
                 ("代理费(销售额 × 40%)", "", "40%", _yuan(r.agency_fee), ""),
                 ("代理费余下", "", _pct(engine.AGENCY_FEE_RATE - r.total_rate), _yuan(r.remainder), "")]
        self.detail.value = (table(("提成对象", "一线/二线", "比例(占销售额)", "金额 元", "材料备注"), rows,
                                   right=(2, 3))
                             + bars([("一线员工", float(r.first_line), "#1f5fa8"),
                                     ("二线合计", float(r.second_line), "#e08a2c"),
                                     ("代理费余下", float(r.remainder), "#7aa55c")], unit=" 元"))
        self.compare.value = (
            f'<p style="color:#444;font-size:0.92em">对比{html.escape(other.scheme.name)}:提成合计 '
            f"{_yuan(other.total)} 元({_pct(other.total_rate)}),代理费余下 {_yuan(other.remainder)} 元。"
            "提成是公司政策,经工资发放;任何个人之间的“返点”都不是提成。</p>")


def commission_calculator(sales: float = 100_000.0) -> CommissionCalculator:
    """The commission calculator widget, pre-filled with ``sales`` 元."""
    return CommissionCalculator(sales)
