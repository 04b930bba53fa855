"""销售预估: a Jupyter widget over :func:`playbook.engines.forecast.two_month_forecast`
(pandas + matplotlib, so Jupyter only, not the page).

Upload a sales history (CSV/xlsx: 月份, 区域, 品项, 销量[, 缺货]) or edit the sample, set the
growth rate and the revision level; the view shows next two months by region and item and a
chart.

Usage::

    from playbook.views.forecast import forecast_tool
    forecast_tool()
"""
from __future__ import annotations

import ipywidgets as w

from playbook.engines import forecast as engine
from playbook.errors import PlaybookInputError
from playbook.views.common import error_box

__all__ = ["SAMPLE_HISTORY", "ForecastTool", "forecast_tool"]

SAMPLE_HISTORY = """月份,区域,品项,销量,缺货
2026-01,甲区,品项A,48,否
2026-01,甲区,品项B,32,否
2026-01,甲区,品项C,20,否
2026-01,乙区,品项A,30,否
2026-01,乙区,品项B,20,否
2026-01,乙区,品项C,10,否
2026-02,甲区,品项A,60,是
2026-02,甲区,品项B,36,是
2026-02,甲区,品项C,4,是
2026-02,乙区,品项A,33,否
2026-02,乙区,品项B,21,否
2026-02,乙区,品项C,6,否
"""


class ForecastTool(w.VBox):
    def __init__(self, history: str = SAMPLE_HISTORY, **kwargs) -> None:
        self.result = None
        self.error: PlaybookInputError | None = None
        self._uploaded: tuple[bytes, str] | None = None
        self.history = w.Textarea(value=history, layout=w.Layout(width="100%", height="12em"))
        self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="上传 CSV/xlsx")
        self.growth = w.FloatText(value=10.0, description="增长率 %", style={"description_width": "6em"},
                                  layout=w.Layout(width="11em"))
        self.level = w.FloatText(value=95.0, description="修正达成 %", style={"description_width": "6em"},
                                 layout=w.Layout(width="11em"))
        self.exclude = w.Checkbox(value=False, description="平均占比时剔除标记缺货的月份", indent=False)
        self.message = w.HTML()
        self.table = w.HTML()
        self.chart = w.Output()
        super().__init__([w.HTML("<b>销售历史</b>(月份,区域,品项,销量,缺货)"), self.history, self.upload,
                          w.HBox([self.growth, self.level, self.exclude], layout=w.Layout(flex_flow="row wrap")),
                          self.message, self.table, self.chart],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        self.upload.observe(self._uploaded_file, names="value")
        for control in (self.history, self.growth, self.level, self.exclude):
            control.observe(lambda _c: self.update(), names="value")
        self.update()

    def _uploaded_file(self, change) -> None:
        if change["new"]:
            f = change["new"][0]
            self._uploaded = (bytes(f["content"]), f["name"])
            self.update()

    def update(self) -> None:
        source = self._uploaded or (self.history.value.encode("utf-8"), "历史.csv")
        self.chart.clear_output()
        try:
            result = engine.two_month_forecast(source, growth=self.growth.value / 100,
                                               revision_level=self.level.value / 100,
                                               exclude_stockout=self.exclude.value)
        except PlaybookInputError as err:
            self.result, self.error = None, err
            self.message.value = error_box(err.message)
            self.table.value = ""
            return
        self.result, self.error = result, None
        basis = result.drop_duplicates("月份")[["月份", "预估类型", "占比依据"]]
        self.message.value = "<br>".join(f"{r.月份}:{r.预估类型},品项占比依据 {r.占比依据}"
                                         for r in basis.itertuples())
        pivot = result.pivot_table(index=["月份", "区域"], columns="品项", values="预估", aggfunc="sum")
        pivot["合计"] = pivot.sum(axis=1)
        self.table.value = pivot.round(2).to_html(border=0)
        with self.chart:
            import matplotlib.pyplot as plt

            from playbook.views.charts.forecast import forecast_chart

            forecast_chart(result)
            plt.show()


def forecast_tool(history: str = SAMPLE_HISTORY) -> ForecastTool:
    return ForecastTool(history)
