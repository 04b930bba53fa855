"""报价计算器 (quote calculator): an ipywidgets view over :func:`playbook.engines.quote.quote`.

Collects the inputs, calls the engine, renders the result (table, one sentence to read out,
download links for the 报价单 as HTML and CSV as ``data:`` URLs — no server needed). A bad input
shows the engine's Chinese message inline. No business logic here: parsing and validation are the
engine's (:func:`playbook.engines.quote.parse_number`, :func:`playbook.engines.quote.parse_time`), the wording of
the 报价单 is :mod:`playbook.views.quote_export`'s.

Usage in a notebook::

    from playbook.views.quote import quote_calculator
    quote_calculator()
"""
from __future__ import annotations

import html
from datetime import datetime
from typing import Any

import ipywidgets as w

from playbook import kb as _kb
from playbook.engines import quote as engine
from playbook.views import quote_export
from playbook.errors import PlaybookInputError, renamed_keyword
from playbook.views import show
from playbook.views.common import data_link, error_box, page_for_download

__all__ = ["QuoteCalculator", "quote_calculator"]

_STYLE = {"description_width": "7em"}
def _wide_layout() -> w.Layout:
    """A fresh layout per field: fields are shown/hidden one by one via ``layout.display``."""
    return w.Layout(width="22em")

def _narrow_layout() -> w.Layout:
    """A fresh layout per field: fields are shown/hidden one by one via ``layout.display``."""
    return w.Layout(width="16em")

class QuoteCalculator(w.VBox):
    """The calculator. Its input widgets are attributes (``grade``, ``tier``, ``quantity`` …)
    so a notebook or a test can set them; ``last_quote`` holds the latest quote (or ``None``)
    and ``error`` the latest input error (or ``None``)."""

    @renamed_keyword("knowledge", "base")
    def __init__(self, *, base: _kb.KnowledgeBase | None = None, at: datetime | None = None,
                 **kwargs: Any) -> None:
        self._base = base
        self._updating = False
        self.last_quote: engine.Quote | None = None
        self.error: PlaybookInputError | None = None

        grades = engine.grade_choices(base=base)
        tiers = engine.tier_choices(base=base)
        first = engine.product(grades[0][1], base=base)

        def box(cls: type[w.DOMWidget], description: str, **kw: Any) -> w.DOMWidget:
            kw.setdefault("layout", _wide_layout())
            return cls(description=description, style=_STYLE, **kw)

        self.grade = box(w.Dropdown, "油品", options=grades, value=grades[0][1])
        self.tier = box(w.Dropdown, "客户类别", options=tiers, value=tiers[0][1])
        self.quantity = box(w.FloatText, "数量", value=10.0, layout=_narrow_layout())
        self.unit = w.ToggleButtons(options=[("吨", "t"), ("升", "L")], value="t",
                                    style={"button_width": "4em"})
        self.conversion = w.ToggleButtons(
            options=[("标准密度 ρ20", "density"), ("吨升换算系数", "coefficient")], value="density",
            description="换算", style={"description_width": "7em", "button_width": "9em"})
        self.density = box(w.FloatText, "ρ20 kg/m³", value=first.density20_default, layout=_narrow_layout())
        self.coefficient = box(w.Text, "升/吨", value="", placeholder="如 1388", layout=_narrow_layout())
        self.delivery = box(w.Dropdown, "提货方式", value="pickup",
                            options=[("自提", "pickup"), ("配送 · 按吨计运费", "per_tonne"),
                                     ("配送 · 按吨公里计运费", "per_tonne_km")])
        self.freight_per_tonne = box(w.FloatText, "运价 元/吨", value=80.0, layout=_narrow_layout())
        self.freight_per_tonne_km = box(w.FloatText, "元/(吨·公里)", value=0.6, layout=_narrow_layout())
        self.distance = box(w.FloatText, "运距 公里", value=120.0, layout=_narrow_layout())
        self.retail_price = box(w.Text, "零售价 元/升", value="", placeholder="可不填,如 6.20")
        self.unit_price = box(w.Text, "成交价 元/吨", value="", placeholder="留空 = 按执行价")
        self.quote_time = box(w.Text, "报价时间",
                              value=f"{at:%Y-%m-%d %H:%M}" if at is not None else "",
                              placeholder="留空 = 现在;如 2017-01-10 09:00")

        self.answer = w.HTML()
        self.table = w.HTML()
        self.downloads = w.HTML()

        inputs = w.VBox([
            w.HBox([self.grade, self.tier]),
            w.HBox([self.quantity, self.unit]),
            w.HBox([self.conversion, self.density, self.coefficient]),
            w.HBox([self.delivery, self.freight_per_tonne, self.freight_per_tonne_km, self.distance]),
            w.HBox([self.retail_price, self.unit_price]),
            w.HBox([self.quote_time]),
        ])
        super().__init__([inputs, self.answer, self.table, self.downloads],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)

        for control in (self.tier, self.quantity, self.unit, self.density, self.coefficient,
                        self.freight_per_tonne, self.freight_per_tonne_km, self.distance,
                        self.retail_price, self.unit_price, self.quote_time):
            control.observe(self._changed, names="value")
        self.grade.observe(self._grade_changed, names="value")
        self.conversion.observe(self._mode_changed, names="value")
        self.delivery.observe(self._mode_changed, names="value")
        self._show_relevant()
        self.update()

    # ------------------------------------------------------------------ events
    def _changed(self, _change: object = None) -> None:
        if not self._updating:
            self.update()

    def _grade_changed(self, change: dict[str, Any]) -> None:
        # ρ20 ranges differ by grade (gasoline/diesel): start from the new grade's default.
        self._updating = True
        try:
            self.density.value = engine.product(change["new"], base=self._base).density20_default
        finally:
            self._updating = False
        self.update()

    def _mode_changed(self, _change: object = None) -> None:
        self._show_relevant()
        self.update()

    def _show_relevant(self) -> None:
        show(self.density, self.conversion.value == "density")
        show(self.coefficient, self.conversion.value == "coefficient")
        show(self.freight_per_tonne, self.delivery.value == "per_tonne")
        show(self.freight_per_tonne_km, self.delivery.value == "per_tonne_km")
        show(self.distance, self.delivery.value == "per_tonne_km")

    # ------------------------------------------------------------------ engine
    def inputs(self) -> dict:
        """The engine's keyword arguments from the current widget values (no validation here)."""
        args: dict = {
            "grade": self.grade.value, "tier": self.tier.value,
            "quantity": self.quantity.value, "unit": self.unit.value,
            "delivery": self.delivery.value,
            "unit_price_per_tonne": engine.parse_number(self.unit_price.value, "unit_price_per_tonne",
                                                        "成交单价(元/吨)"),
            "retail_price_per_litre": engine.parse_number(self.retail_price.value,
                                                          "retail_price_per_litre", "零售挂牌价(元/升)"),
            "at": engine.parse_time(self.quote_time.value),
            "base": self._base,
        }
        if self.conversion.value == "density":
            args["density20_kg_m3"] = self.density.value
        else:
            args["litres_per_tonne"] = engine.parse_number(self.coefficient.value, "litres_per_tonne",
                                                           "吨升换算系数(升/吨)", required=True)
        if self.delivery.value == "per_tonne":
            args["freight_per_tonne"] = self.freight_per_tonne.value
        elif self.delivery.value == "per_tonne_km":
            args["freight_per_tonne_km"] = self.freight_per_tonne_km.value
            args["distance_km"] = self.distance.value
        return args

    def update(self) -> None:
        """Recompute and redraw (called on every change)."""
        try:
            q = engine.quote(**self.inputs())
        except PlaybookInputError as err:
            self.last_quote, self.error = None, err
            self.answer.value = error_box(err.message, "pb-quote-error")
            self.table.value = ""
            self.downloads.value = ""
            return
        self.last_quote, self.error = q, None
        colour = "#a61b1b" if q.needs_approval else "#1d5e20"
        self.answer.value = (f'<div class="pb-quote-answer" style="font-size:1.05em;padding:6px 0;'
                             f'color:{colour}"><b>报价:</b>{html.escape(quote_export.spoken(q))}</div>')
        self.table.value = quote_export.html_table(q)
        stem = f"报价单_{q.grade_name}_{q.tier_name}_{q.quoted_at:%Y%m%d-%H%M}"
        csv = data_link(quote_export.csv_bytes(q), "text/csv;charset=utf-8", f"{stem}.csv",
                        "下载报价单(CSV,Excel 可打开)")
        # the 报价单 carries its font subset: one file shows Chinese on any machine
        page = page_for_download(quote_export.to_html(q))
        self.downloads.value = data_link(page.encode("utf-8"), "text/html;charset=utf-8",
                                         f"{stem}.html", "下载报价单(HTML,可打印)") + csv


@renamed_keyword("knowledge", "base")
def quote_calculator(*, base: _kb.KnowledgeBase | None = None,
                     at: datetime | None = None) -> QuoteCalculator:
    """The quote calculator widget; ``at`` pre-fills the quote time (default: blank = now)."""
    return QuoteCalculator(base=base, at=at)
