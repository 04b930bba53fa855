"""拜访节奏计划: an ipywidgets view over :func:`playbook.engines.cadence.plan`.

The reader lists customers (名称,级别[,生日]) and events, picks the month, can change the
seed's monthly counts (004 is the pharmacy trade's norm); the view shows what cannot be met,
the plan day by day, and download links for the calendar file (.ics, importable into phone
calendars) and a CSV. Runs in the page (standard library + ipywidgets).

Usage::

    from playbook.views.cadence import cadence_planner
    cadence_planner(2026, 9)
"""
from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from playbook import sheets
from playbook.engines import cadence as engine
from playbook.errors import PlaybookInputError
from playbook.spreadsheet import write_rows
from playbook.views.common import data_link, error_box, leave_box_hint, note_box, table

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
SAMPLE_LOG = "9-1,甲加油站,上门\n9-2,丙物流公司,电话\n9-3,甲加油站,微信"
_WEEK = "一二三四五六日"
_ALL = "(全部客户经理)"


def _upload_files(value: dict[str, dict[str, Any]] | Sequence[dict[str, Any]]) -> list[tuple[str, bytes]]:
    """(name, content) of a FileUpload's value (ipywidgets 8: a tuple of dicts)."""
    items = value.values() if isinstance(value, dict) else value
    return [(str(f.get("name", "")), bytes(f.get("content", b""))) for f in items]


class CadencePlanner(w.VBox):
    """The planner; ``plan`` holds the plan shown (or ``None``), ``team`` the team plan and
    ``error`` the latest input error."""

    def __init__(self, year: int = 2026, month: int = 9, *, customers: str = SAMPLE_CUSTOMERS,
                 events: str = SAMPLE_EVENTS, months: int = 1, log: str = "", **kwargs: Any) -> None:
        self.plan: engine.Plan | None = None
        self.team: engine.TeamPlan | None = None
        self.error: PlaybookInputError | None = None
        self._book: list[engine.Customer] | None = None     # an uploaded customer book
        style = {"description_width": "6em"}
        self.customers = w.Textarea(continuous_update=False, value=customers, description="客户名单", style=style,
                                    placeholder="每行一位:名称,级别(A/B/C),生日(月-日,可不填),客户经理(可不填);"
                                                "也可以从 Excel 连表头一起复制粘贴",
                                    layout=w.Layout(width="100%", max_width="36em", height="9em"))
        self.upload = w.FileUpload(accept=".csv,.xlsx,.txt", multiple=False,
                                   description="上传客户名册(CSV/xlsx)", layout=w.Layout(width="16em"))
        self.events = w.Textarea(continuous_update=False, value=events, description="纪念日等", style=style,
                                 placeholder="每行一件:月-日,客户,类型(纪念日 / 慰问 / 其他);每年重复",
                                 layout=w.Layout(width="100%", max_width="36em", height="4em"))
        self.year = w.IntText(value=year, description="年", style={"description_width": "2em"},
                              layout=w.Layout(width="8em"))
        self.month = w.Dropdown(options=[(f"{m} 月", m) for m in range(1, 13)], value=month,
                                layout=w.Layout(width="6em"))
        self.months = w.Dropdown(options=[(f"排 {k} 个月", k) for k in range(1, engine.MAX_MONTHS + 1)],
                                 value=months, layout=w.Layout(width="8em"))
        self.cap = w.IntText(value=engine.DEFAULT_MAX_ON_SITE_PER_DAY, description="每天最多上门拜访",
                             style={"description_width": "8em"}, layout=w.Layout(width="12em"))
        # each count carries its own grade label, so it still reads right when a phone stacks the row
        self.quota = {(g, ch): w.IntText(value=engine.QUOTAS[g][ch], description=f"{g} 类",
                                         style={"description_width": "2.5em"}, layout=w.Layout(width="7.5em"))
                      for g in engine.GRADES for ch in engine.CHANNELS}
        grid = [w.Label("每月次数(按客户级别)")]
        grid += [w.HBox([w.Label(label, layout=w.Layout(width="7em"))]
                        + [self.quota[(g, ch)] for g in engine.GRADES], layout=w.Layout(flex_flow="row wrap"))
                 for ch, label in engine.CHANNELS.items()]
        self.rep = w.Dropdown(options=[_ALL], value=_ALL, description="查看", style={"description_width": "3em"},
                              layout=w.Layout(width="16em", display="none"))
        self.status = w.HTML()
        self.capacity = w.HTML()
        self.summary = w.HTML()
        self.days = w.HTML()
        self.downloads = w.HTML()
        self.visit_log = w.Textarea(continuous_update=False, value=log, description="拜访记录", style=style,
                              placeholder="每行一次:月-日,客户,方式(上门 / 电话 / 短信 / 微信);用来对照计划",
                              layout=w.Layout(width="100%", max_width="36em", height="5em"))
        self.actual = w.HTML()
        super().__init__([self.customers, self.upload, self.events, w.HTML(leave_box_hint()),
                          w.HBox([self.year, self.month, self.months, self.cap], layout=w.Layout(flex_flow="row wrap")),
                          w.VBox(grid), self.status, self.capacity, self.rep, self.summary, self.downloads,
                          self.days, w.HTML("<b>计划与实际</b>"), self.visit_log, self.actual],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        for control in (self.customers, self.events, self.year, self.month, self.months, self.cap,
                        *self.quota.values()):
            control.observe(lambda _c: self.update(), names="value")
        self.rep.observe(lambda _c: self.show(), names="value")
        self.visit_log.observe(lambda _c: self.show_actual(), names="value")
        self.upload.observe(self._uploaded, names="value")
        self.update()

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = _upload_files(change["new"])
        if not files:
            return
        name, data = files[0]
        try:
            self._book = engine.customers_from_table(sheets.read_rows(data, name))
        except PlaybookInputError as err:
            self._fail(err)
            return
        self.customers.value = "\n".join(
            ",".join(x for x in (c.name, c.grade, f"{c.birthday[0]}-{c.birthday[1]}" if c.birthday else "", c.owner)
                     if x is not None) for c in self._book)

    def _fail(self, err: PlaybookInputError) -> None:
        self.plan, self.team, self.error = None, None, err
        self.status.value = error_box(err.message)
        self.capacity.value = self.summary.value = self.days.value = self.downloads.value = self.actual.value = ""

    def _customers(self) -> list[engine.Customer]:
        text = self.customers.value
        first = text.lstrip().split("\n", 1)[0].replace("\t", ",").replace("\uff0c", ",").split(",")[0].strip()
        if first in ("客户", *engine.BOOK_COLUMNS["客户"]):
            return engine.customers_from_table(sheets.read_text(text))    # a table with its header row
        return engine.parse_customers(text)

    def update(self) -> None:
        try:
            customers = self._customers()
            events = engine.parse_events(self.events.value)
            quotas = {g: {ch: self.quota[(g, ch)].value for ch in engine.CHANNELS} for g in engine.GRADES}
            team = engine.team_plan(customers, self.year.value, self.month.value, months=self.months.value,
                                    events=events, quotas=quotas, max_on_site_per_day=self.cap.value)
        except PlaybookInputError as err:
            self._fail(err)
            return
        self.team, self.error = team, None
        reps = list(team.plans)
        many = len(reps) > 1
        options = reps if many else [_ALL]
        keep = self.rep.value if self.rep.value in options else options[0]
        self.rep.options = options
        self.rep.value = keep
        self.rep.layout.display = "" if many else "none"
        self.capacity.value = self._capacity_html(team) if many else ""
        self.show()

    @staticmethod
    def _capacity_html(team: engine.TeamPlan) -> str:
        rows = [(r.owner, r.customers, f"{r.grades['A']}/{r.grades['B']}/{r.grades['C']}", r.working_days,
                 r.capacity, r.required, f"{r.load:.0%}", r.short) for r in team.capacity]
        return ("<b>团队工作量</b>(上门能力 = 工作日 × 每天上限;超过 100% 的人需要减客户或请同事分担)"
                + table(("客户经理", "客户数", "A/B/C", "工作日", "上门能力", "需上门", "负荷", "排不下"),
                        rows, right=(1, 3, 4, 5, 6, 7)))

    def show(self) -> None:
        if self.team is None:
            return
        p = self.team.plans.get(self.rep.value) or next(iter(self.team.plans.values()))
        self.plan = p
        festivals = [(n, d) for y, m in p.months for n, d in engine.festivals_in(y, m)]
        months = "、".join(f"{y} 年 {m} 月" for y, m in p.months)
        head = (f"{p.owner + ':' if p.owner else ''}{months}共 {len(p.working_days)} 个工作日;"
                + ("节日:" + "、".join(f"{n}({d.month}-{d.day})" for n, d in festivals)
                   + "(上门拜访排在节前一周的工作日,问候在节日当天)。" if festivals else "没有春节、端午、中秋。"))
        self.status.value = (f'<div class="pb-cadence-head" style="padding:4px 0">{html.escape(head)}</div>'
                             + "".join(note_box(m) for m in (*p.warnings, *p.notes)))
        self.summary.value = table(("方式", "规则要求(例行)", "已排(例行)", "节日/生日/纪念日"),
                                   [(label, p.required[ch], p.planned[ch],
                                     sum(1 for v in p.visits if v.channel == ch and v.reason != "例行"))
                                    for ch, label in engine.CHANNELS.items()], right=(1, 2, 3))
        by_day: dict = defaultdict(lambda: defaultdict(list))
        for v in p.visits:
            tag = v.customer if v.reason == "例行" else f"{v.customer}({v.reason})"
            by_day[v.day][v.channel].append(tag)
        rows = [(f"{d.month}-{d.day}", f"周{_WEEK[d.weekday()]}" + ("(调休上班)" if d.weekday() >= 5 and d in p.working_days else ""),
                 "、".join(by_day[d]["on_site"]), "、".join(by_day[d]["phone"]), "、".join(by_day[d]["message"]))
                for d in sorted(by_day)]
        self.days.value = table(("日期", "星期", "上门拜访", "电话拜访", "短信/微信问候"), rows, wrap=(2, 3, 4))
        links = []
        plans = list(self.team.plans.values())
        for q in plans:
            stem = q.title.replace(" ", "_")
            who = f"{q.owner}的" if q.owner else ""
            links.append(data_link(engine.to_ics(q), "text/calendar;charset=utf-8", f"{stem}.ics",
                                   f"下载{who}日历文件(.ics,可导入手机日历)"))
        stem = p.title.replace(" ", "_")
        links.append(data_link(engine.to_csv(p), "text/csv;charset=utf-8", f"{stem}.csv", "下载计划表(CSV,Excel 可打开)"))
        workbook = xlsx_bytes(p)
        if workbook is not None:
            links.append(data_link(workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                   f"{stem}.xlsx", "下载计划表(xlsx)"))
        self.downloads.value = "".join(links)
        self.show_actual()

    def show_actual(self) -> None:
        if self.plan is None:
            return
        if not self.visit_log.value.strip():
            self.actual.value = ('<div style="color:#555">把实际做过的拜访逐行填进“拜访记录”'
                                 "(或从 Excel 粘贴),这里按客户列出计划与完成情况。</div>")
            return
        try:
            log = engine.parse_log(self.visit_log.value, self.plan.year)
            rows = engine.compare(self.plan, log)
        except PlaybookInputError as err:
            self.actual.value = error_box(err.message)
            return
        self.actual.value = table(engine.COMPARE_HEADER, rows, right=range(2, 10), max_rows=60)


def cadence_planner(year: int = 2026, month: int = 9, **kwargs: Any) -> CadencePlanner:
    """The visit-cadence planner widget (sample customers pre-filled)."""
    return CadencePlanner(year, month, **kwargs)
