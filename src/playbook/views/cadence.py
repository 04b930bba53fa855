"""拜访节奏计划: an ipywidgets view over :func:`playbook.engines.cadence.plan`.

The reader lists customers (名称,级别[,生日]) and events, picks the month, can change the
seed's monthly counts (004 is the pharmacy trade's norm); the view shows what cannot be met,
the plan day by day, and download links for the calendar file (.ics, importable into phone
calendars) and a CSV. Runs in the page (standard library + ipywidgets).

Usage (the planner opens on the sample customers and shows their month):

>>> from playbook.views.cadence import cadence_planner
>>> tool = cadence_planner(2026, 9)
>>> tool.error, tool.plan.required
(None, {'on_site': 26, 'phone': 14, 'message': 14})
"""
from __future__ import annotations

import html
from collections import defaultdict

import ipywidgets as w

from playbook.engines import cadence as engine
from playbook.errors import PlaybookInputError
from playbook.spreadsheet import write_rows
from playbook.views.common import data_link, error_box, note_box, table

__all__ = ["CadencePlanner", "cadence_planner", "xlsx_bytes"]


def xlsx_bytes(p: engine.Plan) -> bytes | None:
    """The plan as an Excel workbook (openpyxl; in Jupyter), or None where openpyxl is missing."""
    try:
        import io

        import openpyxl
    except ImportError:
        return None
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = f"{p.year}-{p.month:02d}"
    # Every cell through the one writer: a customer named "=cmd|' /C calc'!A0" stays text.
    write_rows(sheet, [engine.CSV_HEADER, *engine.rows(p)], start_row=1)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()

SAMPLE_CUSTOMERS = "甲加油站,A,9-3\n乙加油站,A\n丙物流公司,B\n丁建工集团,B\n戊矿业,C\n己加油站,C"
SAMPLE_EVENTS = "9-12,丙物流公司,纪念日"
_WEEK = "一二三四五六日"


class CadencePlanner(w.VBox):
    """The planner; ``plan`` holds the latest :class:`~playbook.engines.cadence.Plan` (or ``None``)
    and ``error`` the latest input error."""

    def __init__(self, year: int = 2026, month: int = 9, *, customers: str = SAMPLE_CUSTOMERS,
                 events: str = SAMPLE_EVENTS, **kwargs) -> None:
        self.plan: engine.Plan | None = None
        self.error: PlaybookInputError | None = None
        style = {"description_width": "6em"}
        self.customers = w.Textarea(value=customers, description="客户名单", style=style,
                                    placeholder="每行一位:名称,级别(A/B/C),生日(月-日,可不填)",
                                    layout=w.Layout(width="100%", max_width="32em", height="9em"))
        self.events = w.Textarea(value=events, description="纪念日等", style=style,
                                 placeholder="每行一件:月-日,客户,类型(纪念日 / 慰问 / 其他)",
                                 layout=w.Layout(width="100%", max_width="32em", height="4em"))
        self.year = w.IntText(value=year, description="年", style={"description_width": "2em"},
                              layout=w.Layout(width="8em"))
        self.month = w.Dropdown(options=[(f"{m} 月", m) for m in range(1, 13)], value=month,
                                layout=w.Layout(width="6em"))
        self.cap = w.IntText(value=engine.DEFAULT_MAX_ON_SITE_PER_DAY, description="每天最多实地拜访",
                             style={"description_width": "8em"}, layout=w.Layout(width="12em"))
        # each count carries its own grade label, so it still reads right when a phone stacks the row
        self.quota = {(g, ch): w.IntText(value=engine.QUOTAS[g][ch], description=f"{g} 类",
                                         style={"description_width": "2.5em"}, layout=w.Layout(width="7.5em"))
                      for g in engine.GRADES for ch in engine.CHANNELS}
        grid = [w.Label("每月次数(按客户级别)")]
        grid += [w.HBox([w.Label(label, layout=w.Layout(width="6em"))]
                        + [self.quota[(g, ch)] for g in engine.GRADES]) for ch, label in
                 (("on_site", "实地拜访"), ("phone", "电话拜访"), ("message", "短信问候"))]
        self.status = w.HTML()
        self.summary = w.HTML()
        self.days = w.HTML()
        self.downloads = w.HTML()
        super().__init__([self.customers, self.events,
                          w.HBox([self.year, self.month, self.cap], layout=w.Layout(flex_flow="row wrap")),
                          w.VBox(grid), self.status, self.summary, self.downloads, self.days],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        for control in (self.customers, self.events, self.year, self.month, self.cap, *self.quota.values()):
            control.observe(lambda _c: self.update(), names="value")
        self.update()

    def update(self) -> None:
        try:
            customers = engine.parse_customers(self.customers.value)
            events = engine.parse_events(self.events.value, self.year.value)
            quotas = {g: {ch: self.quota[(g, ch)].value for ch in engine.CHANNELS} for g in engine.GRADES}
            p = engine.plan(customers, self.year.value, self.month.value, events=events, quotas=quotas,
                            max_on_site_per_day=self.cap.value)
        except PlaybookInputError as err:
            self.plan, self.error = None, err
            self.status.value = error_box(err.message)
            self.summary.value = self.days.value = self.downloads.value = ""
            return
        self.plan, self.error = p, None
        first, last = engine.cn_calendar.covered_years()
        notes = [] if first <= p.year <= last else [
            f"法定节假日数据只到 {last} 年;{p.year} 年按周一至周五为工作日排,调休请自行调整。"]
        festivals = engine.festivals_in(p.year, p.month)
        head = (f"{p.year} 年 {p.month} 月共 {len(p.working_days)} 个工作日;"
                + ("本月节日:" + "、".join(f"{n}({d.month}-{d.day})" for n, d in festivals) + "。"
                   if festivals else "本月没有春节、端午、中秋。"))
        self.status.value = (f'<div class="pb-cadence-head" style="padding:4px 0">{html.escape(head)}</div>'
                             + "".join(note_box(m) for m in (*p.warnings, *notes)))
        self.summary.value = table(("方式", "规则要求(例行)", "已排(例行)", "节日/生日/纪念日"),
                                   [(label, p.required[ch], p.planned[ch],
                                     sum(1 for v in p.visits if v.channel == ch and v.reason != "例行"))
                                    for ch, label in engine.CHANNELS.items()], right=(1, 2, 3))
        by_day: dict = defaultdict(lambda: defaultdict(list))
        for v in p.visits:
            tag = v.customer if v.reason == "例行" else f"{v.customer}({v.reason})"
            by_day[v.day][v.channel].append(tag)
        rows = [(f"{d.month}-{d.day}", f"周{_WEEK[d.weekday()]}", "、".join(by_day[d]["on_site"]),
                 "、".join(by_day[d]["phone"]), "、".join(by_day[d]["message"])) for d in sorted(by_day)]
        self.days.value = table(("日期", "星期", "实地拜访", "电话拜访", "短信问候"), rows)
        stem = f"拜访计划_{p.year}-{p.month:02d}"
        self.downloads.value = (data_link(engine.to_ics(p), "text/calendar;charset=utf-8", f"{stem}.ics",
                                          "下载日历文件(.ics,可导入手机日历)")
                                + data_link(engine.to_csv(p), "text/csv;charset=utf-8", f"{stem}.csv",
                                            "下载计划表(CSV,Excel 可打开)"))
        workbook = xlsx_bytes(p)
        if workbook is not None:
            self.downloads.value += data_link(
                workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                f"{stem}.xlsx", "下载计划表(xlsx)")


def cadence_planner(year: int = 2026, month: int = 9, **kwargs) -> CadencePlanner:
    """The visit-cadence planner widget for a month (sample customers pre-filled)."""
    return CadencePlanner(year, month, **kwargs)
