"""现场检查表: an interactive checklist over :mod:`playbook.engines.checklists`.

Fill in the header (客户、日期 …); judge each survey item 合格 / 不合格 / 不适用 (a 不合格 item asks
for the remedy and deadline), tick the tasks, record the equipment given. The view counts what is
answered, lists the failures, and offers the filled page for printing (A4) and the form as a
file to keep per customer (JSON; load it back to see or continue it). The blank print page is
published with the book (``_static/checklists/<id>.html``). Runs in the page.

Usage (``"unloading"`` or ``"visit"``):

>>> from playbook.views.checklists import checklist_widget
>>> sheet = checklist_widget("unloading")
>>> from playbook.engines.checklists import checklist
>>> len(sheet.choices) + len(sheet.boxes) == len(checklist("unloading").items)   # one control per item
True
"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from playbook.engines import checklists as engine
from playbook.errors import PlaybookInputError
from playbook.views.common import data_link, error_box, note_box, page_for_download

__all__ = ["ChecklistWidget", "checklist_widget"]

_CHOICES = [("—", ""), ("合格", engine.PASS), ("不合格", engine.FAIL), ("不适用", engine.NA)]


class ChecklistWidget(w.VBox):
    def __init__(self, checklist_id: str = "unloading", *, print_href: str = "", **kwargs: Any) -> None:
        self.checklist = engine.checklist(checklist_id)
        self._loading = False
        self.fields = {name: w.Text(description=name, style={"description_width": "6em"},
                                    layout=w.Layout(width="17em")) for name in self.checklist.fields}
        self.boxes: dict[str, w.Checkbox] = {}
        self.choices: dict[str, w.Dropdown] = {}
        self.remedies: dict[str, w.Text] = {}
        self.rows = {}
        for section in self.checklist.sections:
            for item in section.items:
                text = w.HTML(html.escape(item.text), layout=w.Layout(flex="1 1 16em"))
                if section.mode == "assess":
                    self.choices[item.id] = w.Dropdown(options=_CHOICES, value="", layout=w.Layout(width="6.5em"))
                    self.remedies[item.id] = w.Text(placeholder="整改措施和期限", layout=w.Layout(width="92%", display="none"))
                    self.rows[item.id] = w.VBox([w.HBox([self.choices[item.id], text],
                                                        layout=w.Layout(align_items="flex-start")),
                                                 self.remedies[item.id]])
                else:
                    # the checkbox's own description would be cut with "…" on a phone: the text goes beside it
                    self.boxes[item.id] = w.Checkbox(value=False, description="", indent=False,
                                                     layout=w.Layout(width="1.8em", flex="0 0 auto"))
                    self.rows[item.id] = w.HBox([self.boxes[item.id], text], layout=w.Layout(align_items="flex-start"))
        self.status = w.HTML()
        self.downloads = w.HTML()
        self.load = w.FileUpload(accept=".json", multiple=False, description="载入保存的表(JSON)",
                                 layout=w.Layout(width="14em"))
        self.print_href = print_href
        parts: list = [w.HTML(f"<b>{html.escape(self.checklist.title)}</b>:{html.escape(self.checklist.intro)}"),
                       w.HBox(list(self.fields.values()), layout=w.Layout(flex_flow="row wrap"))]
        for section in self.checklist.sections:
            parts.append(w.HTML(f"<b>{html.escape(section.title)}</b>"
                                + (f"<br><small>{html.escape(section.note)}</small>" if section.note else "")))
            parts += [self.rows[i.id] for i in section.items]
        if self.checklist.principles:
            parts.append(w.HTML(
                '<div style="border:2px solid #a61b1b;padding:4px 10px;margin:6px 0">'
                f"<b>{html.escape(self.checklist.principles_title)}</b><ol>"
                + "".join(f"<li>{html.escape(p)}</li>" for p in self.checklist.principles) + "</ol></div>"))
        parts += [self.status, self.downloads, self.load]
        super().__init__(parts, layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        for control in (*self.fields.values(), *self.boxes.values(), *self.choices.values(), *self.remedies.values()):
            control.observe(lambda _c: self.update(), names="value")
        self.load.observe(self._loaded, names="value")
        self.update()

    @property
    def answers(self) -> dict[str, tuple[str, str]]:
        out = {k: (d.value, self.remedies[k].value) for k, d in self.choices.items() if d.value}
        out.update({k: (engine.DONE, "") for k, b in self.boxes.items() if b.value})
        return out

    @property
    def checked(self) -> list[str]:
        return list(self.answers)

    def form(self) -> engine.FilledForm:
        return engine.FilledForm(self.checklist.id, {k: v.value for k, v in self.fields.items()}, self.answers)

    def _loaded(self, change: dict[str, Any]) -> None:
        value = change["new"]
        files = list(value.values()) if isinstance(value, dict) else list(value)
        if not files:
            return
        try:
            form = engine.form_from_json(bytes(files[0]["content"]))
            if form.checklist_id != self.checklist.id:
                raise PlaybookInputError("form", code="checklist_other_form",
                                         other=engine.checklist(form.checklist_id).title, title=self.checklist.title)
        except PlaybookInputError as err:
            self.status.value = error_box(err.message)
            return
        self._loading = True
        try:
            for k, box in self.fields.items():
                box.value = form.fields.get(k, "")
            for k, d in self.choices.items():
                d.value, self.remedies[k].value = form.answers.get(k, ("", ""))
            for k, b in self.boxes.items():
                b.value = k in form.answers
        finally:
            self._loading = False
        self.update()

    def update(self) -> None:
        if self._loading:
            return
        for k, d in self.choices.items():
            self.remedies[k].layout.display = "" if d.value == engine.FAIL else "none"
        try:
            answers = self.answers
            p = engine.progress(self.checklist, answers)
            a = engine.assess(self.checklist, answers)
            page = engine.to_html(self.checklist, answers, {k: v.value for k, v in self.fields.items()})
            saved = engine.form_to_json(self.form())
        except PlaybookInputError as err:
            self.status.value = error_box(err.message)
            return
        missing = "" if p.complete else (
            "<br><small>还没填:" + html.escape(";".join(t.split(" 检查要点")[0][:30] for t in p.missing[:6]))
            + ("……" if len(p.missing) > 6 else "") + "</small>")
        colour = "#1d5e20" if p.complete and not a.failed else "#8a5a00"
        verdict = f"合格 {a.passed} 项,不合格 {a.failed} 项。" if self.choices else ""
        self.status.value = (f'<div class="pb-checklist-status" style="color:{colour};padding:4px 0">'
                             f"已完成 {p.done} / {p.total} 项。{verdict}{missing}</div>"
                             + "".join(note_box(m) for m in a.warnings[:5]))
        form = self.form()
        stem = form.file_name().removesuffix(".json")
        blank = (f'<a href="{html.escape(self.print_href)}" target="_blank" style="margin-left:4px">'
                 "打开空白表(A4,打印用)</a>" if self.print_href else "")
        rest = data_link(saved.encode("utf-8"), "application/json", f"{stem}.json",
                         "保存本次填写(按客户存档,可再载入)") + blank
        # the filled 检查表 carries its font subset: one file shows Chinese on any machine
        filled = page_for_download(page)
        self.downloads.value = data_link(filled.encode("utf-8"), "text/html;charset=utf-8", f"{stem}.html",
                                         "下载已填写的检查表(HTML,可打印)") + rest


def checklist_widget(checklist_id: str = "unloading", *, print_href: str = "") -> ChecklistWidget:
    """The interactive checklist (``"unloading"`` or ``"visit"``); ``print_href`` links the blank A4 page."""
    return ChecklistWidget(checklist_id, print_href=print_href)
