"""现场检查表: an interactive checklist over :mod:`playbook.engines.checklists`.

Tick the items, fill in the header (客户、日期 …); the view counts what is done, lists what is
missing and offers the filled-in page for printing (A4). The blank print page is published with
the book (``_static/checklists/<id>.html``, in the book's font). Runs in the page.

Usage (``"unloading"`` or ``"visit"``):

>>> from playbook.views.checklists import checklist_widget
>>> sheet = checklist_widget("unloading")
>>> len(sheet.boxes)
21
"""
from __future__ import annotations

import html

import ipywidgets as w

from playbook.engines import checklists as engine
from playbook.errors import PlaybookInputError
from playbook.views.common import data_link, error_box

__all__ = ["ChecklistWidget", "checklist_widget"]


class ChecklistWidget(w.VBox):
    def __init__(self, checklist_id: str = "unloading", *, print_href: str = "", **kwargs) -> None:
        self.checklist = engine.checklist(checklist_id)
        self.fields = {name: w.Text(description=name, style={"description_width": "6em"},
                                    layout=w.Layout(width="17em")) for name in self.checklist.fields}
        # The checkbox's own description would be cut with "…" on a phone: the text goes in an
        # HTML beside it, which wraps.
        self.boxes = {item.id: w.Checkbox(value=False, description="", indent=False,
                                          layout=w.Layout(width="1.8em", flex="0 0 auto"))
                      for item in self.checklist.items}
        self.rows = {item.id: w.HBox([self.boxes[item.id], w.HTML(html.escape(item.text),
                                                                  layout=w.Layout(flex="1 1 auto"))],
                                     layout=w.Layout(align_items="flex-start"))
                     for item in self.checklist.items}
        self.status = w.HTML()
        self.downloads = w.HTML()
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
        parts += [self.status, self.downloads]
        super().__init__(parts, layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        for control in (*self.fields.values(), *self.boxes.values()):
            control.observe(lambda _c: self.update(), names="value")
        self.update()

    @property
    def checked(self) -> list[str]:
        return [k for k, box in self.boxes.items() if box.value]

    def update(self) -> None:
        try:
            p = engine.progress(self.checklist, self.checked)
            page = engine.to_html(self.checklist, self.checked, {k: v.value for k, v in self.fields.items()})
        except PlaybookInputError as err:
            self.status.value = error_box(err.message)
            return
        missing = "" if p.complete else (
            "<br><small>还没做到:" + html.escape(";".join(p.missing[:6]))
            + ("……" if len(p.missing) > 6 else "") + "</small>")
        colour = "#1d5e20" if p.complete else "#8a5a00"
        self.status.value = (f'<div class="pb-checklist-status" style="color:{colour};padding:4px 0">'
                             f"已完成 {p.done} / {p.total} 项。{missing}</div>")
        name = self.fields.get("客户")
        stem = f"{self.checklist.title}_{name.value.strip() or '未填客户'}" if name else self.checklist.title
        blank = (f'<a href="{html.escape(self.print_href)}" target="_blank" style="margin-left:4px">'
                 "打开空白表(A4,打印用)</a>" if self.print_href else "")
        self.downloads.value = data_link(page.encode("utf-8"), "text/html;charset=utf-8", f"{stem}.html",
                                         "下载已填写的检查表(HTML,可打印)") + blank


def checklist_widget(checklist_id: str = "unloading", *, print_href: str = "") -> ChecklistWidget:
    """The interactive checklist (``"unloading"`` or ``"visit"``); ``print_href`` links the blank A4 page."""
    return ChecklistWidget(checklist_id, print_href=print_href)
