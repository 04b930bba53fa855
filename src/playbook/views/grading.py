"""客户分级: an ipywidgets view over :func:`playbook.engines.grading.grade`.

The reader edits the customer table (CSV text; in Jupyter also an uploaded CSV/xlsx), sets the
weights of the five criteria of 000 §1.3, the A/B cut-offs and the pyramid's assumed shares;
the view shows the grades, the 客户金字塔 (HTML, no matplotlib: it also runs in the page), the
customers the 002 §4.1 checks flag, the month's visit load for those grades (004's counts) and a
CSV download. Runs in the page (standard library + ipywidgets).

Usage (``upload=True`` in Jupyter: with a file upload button; it opens on the sample table):

>>> from playbook.views.grading import grading_tool
>>> tool = grading_tool(upload=True)
>>> tool.error, tool.result.grade_counts
(None, {'A': 1, 'B': 5, 'C': 2})
"""
from __future__ import annotations


import ipywidgets as w

from playbook.engines import cadence
from playbook.engines import grading as engine
from playbook.errors import PlaybookInputError
from playbook.views.common import data_link, error_box, note_box, table

__all__ = ["GradingTool", "grading_tool", "pyramid_html"]

_TIER_COLOURS = ("#c0392b", "#e08a2c", "#d4b94a", "#9bb7d4")


def pyramid_html(result: engine.Grading) -> str:
    """The 客户金字塔 as stacked, centred bars (top tier narrowest), with counts and shares."""
    shares = (result.pyramid_shares[0], result.pyramid_shares[1] - result.pyramid_shares[0],
              result.pyramid_shares[2] - result.pyramid_shares[1], 1 - result.pyramid_shares[2])
    out = ['<div class="pb-pyramid" style="max-width:26em;margin:6px 0">']
    for k, tier in enumerate(engine.TIERS):
        width = 30 + 70 * k / 3
        source = (f"前 {shares[0] * 100:g}%(材料原文:前 1%)" if k == 0
                  else f"{shares[k] * 100:g}%(本书假设)")
        out.append(
            f'<div style="margin:2px auto;width:{width:.0f}%;min-width:12em;max-width:100%;background:{_TIER_COLOURS[k]};color:{"#fff" if k == 0 else "#111"};'
            f'text-align:center;padding:3px 0;border-radius:3px;font-size:0.9em">'
            f"{tier} {result.tier_counts[tier]} 家<br><small>{source}</small></div>")
    out.append("</div>")
    return "".join(out)


class GradingTool(w.VBox):
    """The grading tool; ``result`` holds the latest :class:`~playbook.engines.grading.Grading`."""

    def __init__(self, csv_text: str = engine.SAMPLE_CSV, *, upload: bool = False,
                 plan_month: tuple[int, int] = (2026, 9), **kwargs) -> None:
        self.plan_month = plan_month
        self.result: engine.Grading | None = None
        self.error: PlaybookInputError | None = None
        self._uploaded: tuple[bytes, str] | None = None
        self.table_text = w.Textarea(value=csv_text, layout=w.Layout(width="100%", height="11em"),
                                     placeholder="第一行是表头:客户,稳定性,价格敏感度,需求量,忠诚度,属性,…")
        self.weights = {c.id: w.FloatText(value=1.0, description=c.label, style={"description_width": "7.5em"},
                                          layout=w.Layout(width="12em")) for c in engine.CRITERIA}
        self.a_cut = w.FloatText(value=engine.DEFAULT_CUTS[0], description="A 类分数线",
                                 style={"description_width": "6em"}, layout=w.Layout(width="11em"))
        self.b_cut = w.FloatText(value=engine.DEFAULT_CUTS[1], description="B 类分数线",
                                 style={"description_width": "6em"}, layout=w.Layout(width="11em"))
        self.shares = [w.FloatText(value=s * 100, description=f"{t}前 %", style={"description_width": "7em"},
                                   layout=w.Layout(width="12em"))
                       for s, t in zip(engine.ASSUMED_PYRAMID, engine.TIERS, strict=False)]
        self.summary = w.HTML()
        self.output = w.HTML()
        self.downloads = w.HTML()
        parts: list = [w.HTML("<b>客户表</b>(可直接修改;评分 1–5,价格敏感度 5 = 最敏感;检查列填“是”或留空)"),
                       self.table_text]
        if upload:
            self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="上传 CSV/xlsx")
            self.upload.observe(self._uploaded_file, names="value")
            parts.append(self.upload)
        parts += [w.HTML("<b>五项分类依据的权重</b>(000 §1.3;材料没有给权重,默认相等)"),
                  w.HBox(list(self.weights.values()), layout=w.Layout(flex_flow="row wrap")),
                  w.HBox([self.a_cut, self.b_cut], layout=w.Layout(flex_flow="row wrap")),
                  w.HTML("<b>客户金字塔的累计比例</b>(前 1% 是材料的;其余是常见划分,本书假设,可改)"),
                  w.HBox(self.shares, layout=w.Layout(flex_flow="row wrap")),
                  self.summary, self.output, self.downloads]
        super().__init__(parts, layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        for control in (self.table_text, self.a_cut, self.b_cut, *self.weights.values(), *self.shares):
            control.observe(lambda _c: self.update(), names="value")
        self.update()

    def _uploaded_file(self, change) -> None:
        files = change["new"]
        if files:
            f = files[0]
            self._uploaded = (bytes(f["content"]), f["name"])
            self.update()

    def update(self) -> None:
        try:
            if self._uploaded is not None:
                table_rows = engine.read_table(*self._uploaded)
            else:
                table_rows = engine.read_table(self.table_text.value.encode("utf-8"), "表格.csv")
            customers = engine.customers_from_rows(table_rows)
            r = engine.grade(customers, weights={k: v.value for k, v in self.weights.items()},
                             cuts=(self.a_cut.value, self.b_cut.value),
                             pyramid_shares=[s.value / 100 for s in self.shares])
        except PlaybookInputError as err:
            self.result, self.error = None, err
            self.summary.value = error_box(err.message)
            self.output.value = self.downloads.value = ""
            return
        self.result, self.error = r, None
        counts = "、".join(f"{g} 类 {r.grade_counts[g]} 家" for g in engine.GRADES)
        load = {ch: sum(cadence.monthly_quota(g)[ch] * r.grade_counts[g] for g in engine.GRADES)
                for ch in cadence.CHANNELS}
        self.summary.value = (
            f'<div class="pb-grading-summary" style="padding:4px 0">共 {len(r.customers)} 家:{counts}。'
            f"按 004 的拜访次数,每月要实地拜访 {load['on_site']} 次、电话 {load['phone']} 次、"
            f"短信问候 {load['message']} 次(排到具体日期见拜访节奏计划)。</div>")
        flagged = [c for c in r.ranked() if c.warnings]
        self.output.value = (
            pyramid_html(r)
            + table(engine.OUTPUT_COLUMNS[:5] + ("风险数", "优质条数", "劣质条数"),
                    [row[:8] for row in engine.rows(r)], right=(0, 2, 5, 6, 7), max_rows=30)
            + ("<p><b>需要留意</b>(002 §4.1.2)</p>" + "".join(
                note_box(f"{c.name}:" + ";".join(c.warnings)) for c in flagged[:15]) if flagged else ""))
        links = data_link(engine.to_csv(r), "text/csv;charset=utf-8", "客户分级结果.csv",
                          "下载分级结果(CSV)") + data_link(
            engine.template_csv(), "text/csv;charset=utf-8", "客户分级模板.csv", "下载空白模板(CSV)")
        year, month = self.plan_month
        if len(r.customers) <= cadence.MAX_CUSTOMERS:
            plan = cadence.plan([(c.name, c.grade) for c in r.customers], year, month)
            links += data_link(cadence.to_ics(plan), "text/calendar;charset=utf-8",
                               f"拜访计划_{year}-{month:02d}.ics", f"下载这些客户 {year} 年 {month} 月的拜访计划(.ics)")
            if plan.warnings:
                links += note_box(plan.warnings[0])
        self.downloads.value = links


def grading_tool(csv_text: str = engine.SAMPLE_CSV, *, upload: bool = False,
                 plan_month: tuple[int, int] = (2026, 9)) -> GradingTool:
    """The grading widget (sample table pre-filled); ``upload=True`` adds a file upload (Jupyter);
    ``plan_month`` is the month of the visit plan it offers for the graded customers."""
    return GradingTool(csv_text, upload=upload, plan_month=plan_month)
