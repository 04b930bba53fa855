"""销售预估: an ipywidgets view over :func:`playbook.engines.forecast.forecast_rows` (standard
library, so it runs in the page as well as in Jupyter).

Paste a sales history from Excel or upload it (CSV/xlsx: 月份, 区域, 品项, 销量[, 缺货]), set the
growth rate and the revision level, optionally enter the company's own region targets and last
months' forecasts; the view shows the next two months by region and item with the basis of each
mix and the source of each target, an HTML bar chart, the forecast against what was sold, and
a CSV download (which can be pasted back next month as 过去的预估).

Usage::

    from playbook.views.forecast import forecast_tool
    forecast_tool()
"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from playbook import sheets
from playbook.engines import forecast as engine
from playbook.errors import PlaybookInputError
from playbook.normalize import require_number
from playbook.views.common import data_link, error_box, leave_box_hint, table

__all__ = ["SAMPLE_HISTORY", "ForecastTool", "forecast_tool", "forecast_bars"]

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

SAMPLE_TARGETS = ""
_COLOURS = ("#e08a2c", "#3b6ea5")


def forecast_bars(rows: list[engine.Forecast], unit: str = "") -> str:
    """Bars by item (all regions summed), one colour per month: the page's chart (no matplotlib)."""
    months = sorted({f.month for f in rows})
    items = sorted({f.item for f in rows})
    sums = {(m, i): sum(f.qty for f in rows if f.month == m and f.item == i) for m in months for i in items}
    kinds = {f.month: f.kind for f in rows}
    top = max(sums.values(), default=0) or 1
    out = ['<div class="pb-forecast-chart" style="margin:6px 0">']
    out.append("".join(f'<span style="display:inline-block;margin-right:12px"><span style="display:inline-block;'
                       f'width:0.9em;height:0.9em;background:{_COLOURS[k % 2]}"></span> {html.escape(m)}'
                       f"({html.escape(kinds[m])})</span>" for k, m in enumerate(months)))
    for i in items:
        out.append(f'<div style="margin:4px 0"><div>{html.escape(i)}</div>')
        for k, m in enumerate(months):
            v = sums[(m, i)]
            out.append(f'<div style="display:flex;align-items:center;gap:6px"><span style="display:inline-block;'
                       f'height:0.9em;width:{v / top * 14:.2f}em;background:{_COLOURS[k % 2]}"></span>'
                       f"<span>{v:,.2f}{html.escape(unit)}</span></div>")
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


class ForecastTool(w.VBox):
    """``result`` holds the latest list of :class:`~playbook.engines.forecast.Forecast` (or None)."""

    def __init__(self, history: str = SAMPLE_HISTORY, **kwargs: Any) -> None:
        self.result: list[engine.Forecast] | None = None
        self.error: PlaybookInputError | None = None
        self._uploaded: tuple[bytes, str] | None = None
        wide = w.Layout(width="100%", max_width="36em", height="12em")
        self.history = w.Textarea(continuous_update=False, value=history, layout=wide,
                                  placeholder="第一行是表头:月份,区域,品项,销量,缺货;可以从 Excel 连表头复制粘贴")
        self.upload = w.FileUpload(accept=".csv,.xlsx,.txt", multiple=False, description="上传销售历史(CSV/xlsx)",
                                   layout=w.Layout(width="16em"))
        self.growth = w.Text(value="10", description="增长率 %", style={"description_width": "6em"},
                             layout=w.Layout(width="11em"))
        self.level = w.Text(value="95", description="修正达成 %", style={"description_width": "6em"},
                            layout=w.Layout(width="11em"))
        self.exclude = w.Checkbox(value=False, description="修正预估也剔除标记缺货的月份", indent=False)
        self.targets = w.Textarea(continuous_update=False, value=SAMPLE_TARGETS, layout=w.Layout(width="100%", max_width="36em", height="5em"),
                                  placeholder="公司下达的区域目标(可不填):月份,区域,目标,如 2026-04,甲区,120")
        self.past = w.Textarea(continuous_update=False, value="", layout=w.Layout(width="100%", max_width="36em", height="5em"),
                               placeholder="过去的预估(可不填):月份,区域,品项,预估;可以把上个月下载的预估表粘贴进来")
        self.message = w.HTML()
        self.table = w.HTML()
        self.chart = w.HTML()
        self.downloads = w.HTML()
        self.accuracy = w.HTML()
        super().__init__([w.HTML("<b>销售历史</b>(月份,区域,品项,销量,缺货)"), self.history, w.HTML(leave_box_hint()), self.upload,
                          w.HBox([self.growth, self.level, self.exclude], layout=w.Layout(flex_flow="row wrap")),
                          w.HTML("<b>公司下达的区域目标</b>(填了就用,不填按去年同月或近几个月推算)"), self.targets,
                          self.message, self.table, self.chart, self.downloads,
                          w.HTML("<b>预估与实际</b>"), self.past, self.accuracy],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        self.upload.observe(self._uploaded_file, names="value")
        for control in (self.history, self.growth, self.level, self.exclude, self.targets, self.past):
            control.observe(lambda _c: self.update(), names="value")
        self.update()

    def _uploaded_file(self, change: dict[str, Any]) -> None:
        value = change["new"]
        files = list(value.values()) if isinstance(value, dict) else list(value)
        if files:
            self._uploaded = (bytes(files[0]["content"]), str(files[0]["name"]))
            self.update()

    def _fail(self, err: PlaybookInputError) -> None:
        self.result, self.error = None, err
        self.message.value = error_box(err.message)
        self.table.value = self.chart.value = self.downloads.value = self.accuracy.value = ""

    def update(self) -> None:
        try:
            if self._uploaded is not None:
                rows = sheets.read_rows(*self._uploaded)
            else:
                rows = sheets.read_text(self.history.value)
            records = engine.parse_history(rows)
            growth = require_number(self.growth.value, "growth", "增长率", -90, 1000, "%") / 100
            level = require_number(self.level.value, "level", "修正达成比例", 50, 150, "%") / 100
            own = engine.parse_targets(self.targets.value)
            result = engine.forecast_rows(records, growth=growth, revision_level=level,
                                          exclude_stockout=self.exclude.value, targets=own)
        except PlaybookInputError as err:
            self._fail(err)
            return
        self.result, self.error = result, None
        notes: dict[tuple[str, str], set[str]] = {}
        for f in result:
            notes.setdefault((f.month, f.kind), set()).add(f"{f.region}:{f.basis};目标 {f.target_source}")
        self.message.value = "".join(
            f'<div class="pb-forecast-basis"><b>{html.escape(m)} {html.escape(k)}</b>:'
            + ";".join(html.escape(x) for x in sorted(v)) + "</div>" for (m, k), v in sorted(notes.items()))
        items = sorted({f.item for f in result})
        grid: dict[tuple[str, str], dict[str, float]] = {}
        for f in result:
            grid.setdefault((f.month, f.region), {})[f.item] = f.qty
        body = [(m, r, *(f"{row.get(i, 0):,.2f}" for i in items), f"{sum(row.values()):,.2f}")
                for (m, r), row in sorted(grid.items())]
        self.table.value = table(("月份", "区域", *items, "合计"), body, right=range(2, 3 + len(items)))
        self.chart.value = forecast_bars(result)
        self.downloads.value = data_link(engine.to_csv(result), "text/csv;charset=utf-8", "销售预估.csv",
                                         "下载预估表(CSV,下个月可粘贴回“过去的预估”)")
        if not self.past.value.strip():
            self.accuracy.value = ('<div style="color:#555">把过去几个月的预估(月份,区域,品项,预估)粘贴在上面,'
                                   "这里与销售历史中的实际销量对照,算出误差和误差率。</div>")
            return
        try:
            past, mape = engine.accuracy(self.past.value, records)
        except PlaybookInputError as err:
            self.accuracy.value = error_box(err.message)
            return
        if not past:
            self.accuracy.value = '<div style="color:#555">过去的预估中没有与销售历史对得上的月份、区域和品项。</div>'
            return
        summary = ";".join(f"{m} 平均误差率 {v:.1%}" for m, v in mape.items())
        self.accuracy.value = (f'<div class="pb-forecast-accuracy">{html.escape(summary)}</div>'
                               + table(engine.ACCURACY_HEADER, past, right=(3, 4, 5, 6), max_rows=60))


def forecast_tool(history: str = SAMPLE_HISTORY) -> ForecastTool:
    return ForecastTool(history)
