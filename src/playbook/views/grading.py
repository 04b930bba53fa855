"""客户分级: an ipywidgets view over :func:`playbook.engines.grading.grade`.

The reader edits the customer list row by row (one card per customer: name, 客户经理, the five
1–5 ratings, the 002 §4.1 checks; add and delete), or pastes a table from Excel (tab-separated,
with its header), or uploads a CSV/xlsx (an ERP export with 年用量, 毛利, 回款天数, 最近进油 works:
those columns are banded into ratings by thresholds the reader can edit); sets the weights of
the five criteria of 000 §1.3, the A/B cut-offs and the pyramid's assumed shares. The view shows
the grades, the 客户金字塔 (HTML, no matplotlib: it also runs in the page), the customers the
002 §4.1 checks and 000 §9.5's 公共客户 rule flag, the month's visit load for those grades (004's
counts), a CSV download and next month's visit plan (one .ics per 客户经理). Runs in the page
(standard library + ipywidgets).

Usage::

    from playbook.views.grading import grading_tool
    grading_tool()
"""
from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets as w

from playbook import sheets
from playbook.engines import cadence
from playbook.engines import grading as engine
from playbook.errors import PlaybookInputError
from playbook.spreadsheet import csv_text
from playbook.views.common import data_link, error_box, labelled, leave_box_hint, note_box, table

__all__ = ["GradingTool", "grading_tool", "pyramid_html"]

#: Most rows the card editor shows; longer lists are edited as a table (paste or upload).
MAX_EDITOR_ROWS = 40
_RATING_OPTIONS = [("—", "")] + [(str(k), str(k)) for k in range(1, 6)]


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


def _next_month(today: date | None = None) -> tuple[int, int]:
    today = today or date.today()
    return (today.year + (today.month == 12), today.month % 12 + 1)


def _table_text(records: list[dict[str, object]]) -> str:
    """Records (canonical column names) back to CSV text, columns in the template's order."""
    used = [c for c in engine.CSV_TEMPLATE_COLUMNS + ("未进油月数",)
            if c in ("客户", *(k.column for k in engine.CRITERIA)) or any(str(r.get(c, "") or "").strip() for r in records)]
    return csv_text(used, [[r.get(c, "") if r.get(c) is not None else "" for c in used]
                           for r in records]).replace("\r\n", "\n")


class _Card(w.VBox):
    """One customer in the row editor."""

    def __init__(self, record: dict[str, object], on_change: Callable[[], object],
                 on_delete: Callable[[_Card], object]) -> None:
        self.record = dict(record)
        self.name = w.Text(value=str(record.get("客户", "") or ""), placeholder="客户名称",
                           layout=w.Layout(width="14em"))
        self.owner = w.Text(value=str(record.get("客户经理", "") or ""), placeholder="客户经理(可不填)",
                            layout=w.Layout(width="10em"))
        self.ratings = {}
        for c in engine.CRITERIA:
            raw = str(record.get(c.column, "") or "").strip()
            value = raw if raw in {"1", "2", "3", "4", "5"} else (str(int(float(raw))) if raw.replace(".", "", 1).isdigit()
                                                                 and 1 <= float(raw) <= 5 else "")
            self.ratings[c.column] = w.Dropdown(options=_RATING_OPTIONS, value=value, description=c.column,
                                                style={"description_width": "5em"}, layout=w.Layout(width="9em"))
        self.checks = {c.column: w.Checkbox(value=str(record.get(c.column, "") or "").strip() in ("是", "有", "√", "1", "y", "yes"),
                                            description=c.label, indent=False, layout=w.Layout(width="100%"))
                       for c in engine.CHECKS}
        flagged = sum(b.value for b in self.checks.values())
        box = w.Accordion([w.VBox(list(self.checks.values()))], selected_index=None)
        box.set_title(0, f"002 §4.1 检查项(已勾 {flagged} 项)")
        self.accordion = box
        delete = w.Button(description="删除", layout=w.Layout(width="5em"))
        delete.on_click(lambda _b: on_delete(self))
        super().__init__([w.HBox([self.name, self.owner, delete], layout=w.Layout(flex_flow="row wrap")),
                          w.HBox(list(self.ratings.values()), layout=w.Layout(flex_flow="row wrap")), box],
                         layout=w.Layout(border="1px solid #e3e3e3", padding="4px", margin="3px 0"))
        for control in (self.name, self.owner, *self.ratings.values(), *self.checks.values()):
            control.observe(lambda _c: on_change(), names="value")

    def values(self) -> dict[str, object]:
        out = dict(self.record)
        out["客户"] = self.name.value
        out["客户经理"] = self.owner.value
        out.update({k: d.value for k, d in self.ratings.items()})
        out.update({k: ("是" if b.value else "") for k, b in self.checks.items()})
        self.accordion.set_title(0, f"002 §4.1 检查项(已勾 {sum(b.value for b in self.checks.values())} 项)")
        return out


class GradingTool(w.VBox):
    """The grading tool; ``result`` holds the latest :class:`~playbook.engines.grading.Grading`."""

    def __init__(self, csv_text: str = engine.SAMPLE_CSV, *, upload: bool = True,
                 plan_month: tuple[int, int] | None = None, today: date | None = None, **kwargs: Any) -> None:
        self.today = today or date.today()
        self.plan_month = plan_month or _next_month(self.today)
        self.result: engine.Grading | None = None
        self.error: PlaybookInputError | None = None
        self._syncing = False
        self.table_text = w.Textarea(continuous_update=False, value=csv_text, layout=w.Layout(width="100%", height="11em"),
                                     placeholder="第一行是表头:客户,稳定性,价格敏感度,需求量,忠诚度,属性,…;"
                                                 "可以从 Excel 连表头一起复制粘贴")
        self.upload = w.FileUpload(accept=".csv,.xlsx,.txt", multiple=False, description="上传 CSV/xlsx",
                                   layout=w.Layout(width="12em"))
        self.upload.observe(self._uploaded_file, names="value")
        self.cards = w.VBox()
        self.add_button = w.Button(description="添加一位客户", layout=w.Layout(width="10em"))
        self.add_button.on_click(lambda _b: self._add_card())
        self.editor_note = w.HTML()
        editor = w.VBox([self.editor_note, self.cards, self.add_button])
        paste = w.VBox([w.HTML("粘贴整张表(从 Excel 连表头复制),或上传 CSV/xlsx。ERP 导出的“年用量、毛利、回款天数、"
                               "最近进油”列会按下面的分档折成评分。"), self.table_text, w.HTML(leave_box_hint()),
                        w.HBox([self.upload], layout=w.Layout(flex_flow="row wrap"))])
        self.tabs = w.Tab([editor, paste])
        self.tabs.set_title(0, "逐行编辑")
        self.tabs.set_title(1, "粘贴或上传表格")
        self.weights = {c.id: w.FloatText(value=1.0, description=c.label, style={"description_width": "7.5em"},
                                          layout=w.Layout(width="12em")) for c in engine.CRITERIA}
        self.a_cut = w.FloatText(value=engine.DEFAULT_CUTS[0], description="A 类分数线",
                                 style={"description_width": "6em"}, layout=w.Layout(width="11em"))
        self.b_cut = w.FloatText(value=engine.DEFAULT_CUTS[1], description="B 类分数线",
                                 style={"description_width": "6em"}, layout=w.Layout(width="11em"))
        self.shares = [w.FloatText(value=s * 100, description=f"{t}前 %", style={"description_width": "7em"},
                                   layout=w.Layout(width="12em"))
                       for s, t in zip(engine.ASSUMED_PYRAMID, engine.TIERS, strict=False)]  # 小客户 has no cut
        self.bands = {b.column: labelled(w.Text, f"{b.column}({b.unit})", 11, value=",".join(f"{x:g}" for x in b.thresholds))
                      for b in engine.DEFAULT_BANDS}
        self.credit_days = labelled(w.Text, "回款超过(天)算赊账", 4, value=f"{engine.DEFAULT_CREDIT_DAYS:g}")
        self.public_months = labelled(w.Text, "未进油满(月)划公共客户", 4, value=f"{engine.PUBLIC_AFTER_MONTHS}")
        self.summary = w.HTML()
        self.output = w.HTML()
        self.downloads = w.HTML()
        parts: list = [w.HTML("<b>客户名单</b>(评分 1–5,价格敏感度 5 = 最敏感;检查项勾选“是”)"), self.tabs,
                       w.HTML("<b>五项分类依据的权重</b>(000 §1.3;材料没有给权重,默认相等)"),
                       w.HBox(list(self.weights.values()), layout=w.Layout(flex_flow="row wrap")),
                       w.HBox([self.a_cut, self.b_cut], layout=w.Layout(flex_flow="row wrap")),
                       w.HTML("<b>客观数据的分档</b>(四个界限,从小到大;年用量越大需求量分越高,毛利越高价格敏感度分越低,"
                              "未进油月数越多稳定性分越低;本书假设,按公司情况改)"),
                       w.HBox([*self.bands.values(), self.credit_days, self.public_months],
                              layout=w.Layout(flex_flow="row wrap")),
                       w.HTML("<b>客户金字塔的累计比例</b>(前 1% 是材料的;其余是常见划分,本书假设,可改)"),
                       w.HBox(self.shares, layout=w.Layout(flex_flow="row wrap")),
                       self.summary, self.output, self.downloads]
        super().__init__(parts, layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        self.table_text.observe(lambda _c: self._text_changed(), names="value")
        for control in (self.a_cut, self.b_cut, *self.weights.values(), *self.shares, *self.bands.values(),
                        self.credit_days, self.public_months):
            control.observe(lambda _c: self.update(), names="value")
        self._build_cards()
        self.update()

    # ---------------------------------------------------------------- the row editor
    def _records(self) -> list[dict[str, object]] | None:
        try:
            return engine.read_table(self.table_text.value)
        except PlaybookInputError:
            return None

    def _build_cards(self) -> None:
        records = self._records()
        if records is None:
            self.cards.children = ()
            self.editor_note.value = "表格有误,请先在“粘贴或上传表格”中改正。"
            return
        if len(records) > MAX_EDITOR_ROWS:
            self.cards.children = ()
            self.add_button.layout.display = "none"
            self.editor_note.value = (f"名单有 {len(records)} 家,超过 {MAX_EDITOR_ROWS} 家时请在“粘贴或上传表格”中编辑"
                                      "(在 Excel 里改好再粘贴最方便)。")
            return
        self.add_button.layout.display = ""
        self.editor_note.value = ""
        self.cards.children = tuple(_Card(r, self._cards_changed, self._delete_card) for r in records)

    def _cards_changed(self) -> None:
        records = [card.values() for card in self.cards.children]
        self._syncing = True
        try:
            self.table_text.value = _table_text(records)
        finally:
            self._syncing = False
        self.update()

    def _add_card(self) -> None:
        blank: dict[str, object] = {"客户": f"新客户{len(self.cards.children) + 1}", **{c.column: "3" for c in engine.CRITERIA}}
        self.cards.children = (*self.cards.children, _Card(blank, self._cards_changed, self._delete_card))
        self._cards_changed()

    def _delete_card(self, card: _Card) -> None:
        self.cards.children = tuple(c for c in self.cards.children if c is not card)
        self._cards_changed()

    def _text_changed(self) -> None:
        if not self._syncing:
            self._build_cards()
            self.update()

    def _uploaded_file(self, change: dict[str, Any]) -> None:
        value = change["new"]
        files = list(value.values()) if isinstance(value, dict) else list(value)
        if not files:
            return
        try:
            rows = sheets.read_rows(bytes(files[0]["content"]), str(files[0]["name"]))
            text = csv_text(None, rows).replace("\r\n", "\n")
        except PlaybookInputError as err:
            self.result, self.error = None, err
            self.summary.value = error_box(err.message)
            self.output.value = self.downloads.value = ""
            return
        self.table_text.value = text

    # ---------------------------------------------------------------- grading
    def _bands(self) -> list[engine.Band]:
        out = []
        for b in engine.DEFAULT_BANDS:
            out.append(engine.band_from_text(b, self.bands[b.column].value))   # the engine reads the numbers
        return out

    def update(self) -> None:
        try:
            table_rows = engine.read_table(self.table_text.value)
            customers = engine.customers_from_rows(table_rows, bands=self._bands(), credit_days=self.credit_days.value,
                                                   today=self.today)
            r = engine.grade(customers, weights={k: v.value for k, v in self.weights.items()},
                             cuts=(self.a_cut.value, self.b_cut.value),
                             pyramid_shares=[s.value / 100 for s in self.shares],
                             public_after_months=self.public_months.value)
        except PlaybookInputError as err:
            self.result, self.error = None, err
            self.summary.value = error_box(err.message)
            self.output.value = self.downloads.value = ""
            return
        self.result, self.error = r, None
        counts = "、".join(f"{g} 类 {r.grade_counts[g]} 家" for g in engine.GRADES)
        load = {ch: sum(cadence.monthly_quota(g)[ch] * r.grade_counts[g] for g in engine.GRADES)
                for ch in cadence.CHANNELS}
        public = sum(c.public for c in r.customers)
        self.summary.value = (
            f'<div class="pb-grading-summary" style="padding:4px 0">共 {len(r.customers)} 家:{counts}。'
            f"按 004 的拜访次数,每月要上门拜访 {load['on_site']} 次、电话拜访 {load['phone']} 次、"
            f"短信/微信问候 {load['message']} 次(排到具体日期见拜访节奏计划)。"
            + (f"有 {public} 家已连续 {self.public_months.value} 个月以上未进油,可按 000 §9.5 公示并划归公共客户。"
               if public else "") + "</div>")
        flagged = [c for c in r.ranked() if c.warnings]
        basis = ("金字塔按 年用量 × 毛利(每年的毛利贡献)排位,即材料说的“带来最大价值”。" if r.ranked_by == "value"
                 else "金字塔按得分排位;表中有“年用量”和“毛利”两列时,改按每年的毛利贡献排位,更接近材料说的“带来最大价值”。")
        small = (f"名单只有 {len(r.customers)} 家:前 1% 也至少算 1 家,各层的比例只能作参考,整个公司的名单才看得出金字塔。"
                 if len(r.customers) < 100 else "")
        self.output.value = (
            pyramid_html(r) + f'<div style="color:#555;font-size:0.92em">{html.escape(basis + small)}</div>'
            + table(engine.OUTPUT_COLUMNS[:5] + ("风险数", "优质条数", "劣质条数", "客户经理", "公共客户"),
                    [row[:10] for row in engine.rows(r)], right=(0, 2, 5, 6, 7), max_rows=30)
            + ("<p><b>需要留意</b>(002 §4.1.2、000 §9.5)</p>" + "".join(
                note_box(f"{c.name}:" + ";".join(c.warnings)) for c in flagged[:15]) if flagged else ""))
        links = data_link(engine.to_csv(r), "text/csv;charset=utf-8", "客户分级结果.csv",
                          "下载分级结果(CSV)") + data_link(
            engine.template_csv(), "text/csv;charset=utf-8", "客户分级模板.csv", "下载空白模板(CSV)")
        year, month = self.plan_month
        book = [cadence.Customer(c.name, c.grade, None, c.owner) for c in r.customers if not c.public]
        sizes: dict[str, int] = {}
        for c in book:
            sizes[c.owner] = sizes.get(c.owner, 0) + 1
        if book and max(sizes.values()) > cadence.MAX_CUSTOMERS:
            links += note_box(f"有客户经理名下超过 {cadence.MAX_CUSTOMERS} 家客户,这里不生成拜访计划;"
                              "请在表中填“客户经理”列,按人分开排。")
        elif book:
            team = cadence.team_plan(book, year, month)
            for plan in team.plans.values():
                who = f"{plan.owner}:" if plan.owner else ""
                links += data_link(cadence.to_ics(plan), "text/calendar;charset=utf-8",
                                   f"{plan.title.replace(' ', '_')}.ics",
                                   f"下载{who}这些客户 {year} 年 {month} 月的拜访计划(.ics)")
            warnings = [w_ for plan in team.plans.values() for w_ in (*plan.warnings[:1], *plan.notes)]
            links += "".join(note_box(m) for m in dict.fromkeys(warnings))
        self.downloads.value = links


def grading_tool(csv_text: str = engine.SAMPLE_CSV, *, upload: bool = True,
                 plan_month: tuple[int, int] | None = None) -> GradingTool:
    """The grading widget (sample table pre-filled); ``plan_month`` is the month of the visit plan
    it offers for the graded customers (default: next month). ``upload`` is kept for older calls."""
    return GradingTool(csv_text, upload=upload, plan_month=plan_month)
