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
from decimal import Decimal
from typing import Any

import ipywidgets as w

from playbook.engines import value_added as engine
from playbook.errors import PlaybookInputError
from playbook.normalize import cell_text
from playbook.spreadsheet import write_rows
from playbook.views.common import bars, data_link, error_box, leave_box_hint, note_box, table

__all__ = ["CommissionCalculator", "PayrollSheet", "commission_calculator", "payroll_csv", "payroll_sheet",
           "payroll_xlsx"]


def _yuan(x: object) -> str:   # a number: Decimal, int or float (a sheet cell)
    return f"{x:,.2f}"


def _pct(rate: Decimal | float) -> str:
    return f"{rate * 100:.1f}%".replace(".0%", "%")


class CommissionCalculator(w.VBox):
    """The calculator; ``sales``, ``scheme`` and ``station`` are its inputs, ``result`` the latest
    :class:`~playbook.engines.value_added.CommissionResult` (or ``None``), ``error`` the latest error."""

    def __init__(self, sales: float = 100_000.0, **kwargs: Any) -> None:
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


# ------------------------------------------------------------------ per-person sheet (editable schemes)
SAMPLE_PEOPLE = "姓名,销售额\n王伟,35万\n李娜,70万\n张强,52万\n刘洋,18万\n陈静,41万"


def _num(d: Decimal) -> str:
    """A Decimal as plain text without trailing zeros: 10.00 → 10, 0.20 → 0.2."""
    text = format(d.normalize(), "f")
    return text


def _cell(value: object) -> object:
    """A cell for an exported sheet: numbers stay numbers, every text is formula-neutralised."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return cell_text(value)


def _sheet_rows(p: engine.Payroll) -> list[list[object]]:
    rows: list[list[object]] = [list(engine.PAYROLL_HEADER)]
    rows += [list(r) for r in engine.payroll_rows(p)]
    if p.departments:
        rows += [[], ["部门奖金池", "比例", "金额"]]
        rows += [[label, f"{_num(rate * 100)}%", amount] for label, rate, amount in p.departments]
    rows += [[], ["方案", p.plan.name], ["说明", p.plan.source or "自定义方案"]]
    rows += [["提示", w_] for w_ in p.warnings]
    return rows


def payroll_xlsx(p: engine.Payroll) -> bytes | None:
    """The sheet as an xlsx for payroll (openpyxl; in Jupyter), every text cell neutralised
    against formulas; None where openpyxl is missing (the page: use the CSV)."""
    try:
        import io

        from openpyxl import Workbook
    except ImportError:
        return None
    book = Workbook()
    sheet = book.active
    sheet.title = "提成表"
    # Every cell through the one writer (playbook.spreadsheet): text typed as text, never a formula.
    write_rows(sheet, [[_cell(v) for v in row] for row in _sheet_rows(p)], start_row=1)
    for row in sheet.iter_rows(min_row=2, max_row=len(p.rows) + 2, min_col=2, max_col=7):
        for c in row:
            c.number_format = "#,##0.00"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def payroll_csv(p: engine.Payroll) -> bytes:
    """The sheet as CSV (UTF-8 with BOM), every cell through :func:`cell_text`."""
    from playbook.spreadsheet import csv_bytes

    return csv_bytes(None, _sheet_rows(p))


class PayrollSheet(w.VBox):
    """Editable scheme (from a preset) and a per-person sheet; ``result`` is the latest
    :class:`~playbook.engines.value_added.Payroll` (or None)."""

    def __init__(self, people: str = SAMPLE_PEOPLE, preset: str = "example-oil", **kwargs: Any) -> None:
        self.result: engine.Payroll | None = None
        self.error: PlaybookInputError | None = None
        style = {"description_width": "7em"}
        self.preset = w.Dropdown(options=[(p.name, p.id) for p in engine.PAY_PLANS.values()], value=preset,
                                 description="从预设开始", style=style, layout=w.Layout(width="100%", max_width="36em"))
        self.base = w.Text(description="底薪 元", style=style, layout=w.Layout(width="16em"))
        self.tiers = w.Text(description="提成档位", style=style, layout=w.Layout(width="100%", max_width="36em"),
                            placeholder="起点:比例,如 0:1%, 30万:1.5%, 60万:2%(超额累进)")
        self.pools = w.Text(description="奖金池", style=style, layout=w.Layout(width="100%", max_width="36em"),
                            placeholder="名称:比例;名称后加 * 表示按销售额分给个人,如 团队奖金池*:0.2%")
        self.cap = w.Text(description="个人封顶 元", style=style, layout=w.Layout(width="16em"),
                          placeholder="不封顶留空")
        self.total_cap = w.Text(description="合计上限 %", style=style, layout=w.Layout(width="16em"),
                                placeholder="占销售额,如 20;不设留空")
        self.people = w.Textarea(continuous_update=False, value=people, description="人员销售额", style=style,
                                 layout=w.Layout(width="100%", max_width="36em", height="8em"),
                                 placeholder="每行一人:姓名,销售额(元,可写“35万”);可以从 Excel 粘贴")
        self.answer = w.HTML()
        self.sheet = w.HTML()
        self.downloads = w.HTML()
        super().__init__([self.preset, w.HBox([self.base, self.cap, self.total_cap], layout=w.Layout(flex_flow="row wrap")),
                          self.tiers, self.pools, self.people, w.HTML(leave_box_hint()), self.answer, self.sheet, self.downloads],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        self.preset.observe(lambda _c: self._load_preset(), names="value")
        for control in (self.base, self.tiers, self.pools, self.cap, self.total_cap, self.people):
            control.observe(lambda _c: self.update(), names="value")
        self._load_preset()

    def _load_preset(self) -> None:
        plan = engine.PAY_PLANS[self.preset.value]
        self._loading = True
        self.base.value = _num(plan.base)
        self.tiers.value = ", ".join(f"{_num(t.above)}:{_num(t.rate * 100)}%" for t in plan.tiers)
        self.pools.value = "; ".join(f"{p.label}{'*' if p.split else ''}:{_num(p.rate * 100)}%" for p in plan.pools)
        self.cap.value = "" if plan.cap is None else _num(plan.cap)
        self.total_cap.value = "" if plan.total_cap_rate is None else _num(plan.total_cap_rate * 100)
        self._loading = False
        self.update()

    def _plan(self) -> engine.PayPlan:
        preset = engine.PAY_PLANS[self.preset.value]
        return engine.plan_from_text(preset.name, self.base.value, self.tiers.value, self.pools.value,
                                     self.cap.value, self.total_cap.value, preset.source)

    def update(self) -> None:
        if getattr(self, "_loading", False):
            return
        try:
            p = engine.payroll(engine.parse_people(self.people.value), self._plan())
        except PlaybookInputError as err:
            self.result, self.error = None, err
            self.answer.value = error_box(err.message)
            self.sheet.value = self.downloads.value = ""
            return
        self.result, self.error = p, None
        self.answer.value = (f'<div class="pb-payroll-answer" style="padding:4px 0">共 {len(p.rows)} 人,销售额合计 '
                             f"{_yuan(p.team_sales)} 元;提成合计(含部门奖金池){_yuan(p.commissions)} 元"
                             f"({_pct(p.commissions / p.team_sales) if p.team_sales else '—'})。</div>"
                             + "".join(note_box(m) for m in p.warnings))
        rows = [(r[0], *(_yuan(x) for x in r[1:])) for r in engine.payroll_rows(p)]
        dept = (table(("部门奖金池", "比例", "金额 元"), [(lbl, _pct(r), _yuan(a)) for lbl, r, a in p.departments],
                      right=(1, 2)) if p.departments else "")
        self.sheet.value = table(engine.PAYROLL_HEADER, rows, right=range(1, 7)) + dept
        links = data_link(payroll_csv(p), "text/csv;charset=utf-8", "提成表.csv", "下载提成表(CSV)")
        book = payroll_xlsx(p)
        if book is not None:
            links += data_link(book, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               "提成表.xlsx", "下载工资表(xlsx)")
        self.downloads.value = links


def payroll_sheet(people: str = SAMPLE_PEOPLE, preset: str = "example-oil") -> PayrollSheet:
    """The per-person commission sheet with an editable scheme (presets: the seed's two, and the
    book's example for an oil sales team)."""
    return PayrollSheet(people, preset)
