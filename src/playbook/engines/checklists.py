"""现场检查表 (field checklists): 000 §9.3 卸油安全调查 and 001 拜访八步曲.

- ``unloading`` — the unloading-safety survey of a customer's site. 000 §9.3 names the
  company's 《卸油安全调查表》 but does not print it: the survey items here are the book's
  example (labelled so; the company's own form prevails); the four duties, the equipment a key
  customer may receive and the three principles for risky customers are the seed's, read from
  the knowledge base (``mnt-unloading-*``).
- ``visit`` — 001's eight steps of a visit (knowledge-base note ``work-visit-steps``).

:func:`progress` counts what is ticked; :func:`to_html` renders a printable A4 page (the
book's font, ``NotoSansSC-GB2312.ttf`` beside the page, local CJK fonts as fallback) with the
ticks and the header fields filled in. Standard library only (runs in the reader's browser).

Usage:

>>> from playbook.engines import checklists
>>> c = checklists.checklist("visit")
>>> c.title, len(c.items)
('拜访八步曲检查表', 8)
>>> done = checklists.progress(c, ["v1", "v2"])
>>> done.done, done.total, done.missing[0]
(2, 8, 'c) 确认:出发前与拜访对象再确认一次,算好时间出发。')
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from playbook import kb as _kb
from playbook.errors import PlaybookInputError, shown, guarded

#: The book's font file (= :data:`playbook.fonts.FONT_FILE`; not imported: the page's bundle
#: leaves the ``fonts`` folder out, the font is published under ``_static/``).
FONT_FILE = "NotoSansSC-GB2312.ttf"

__all__ = ["Checklist", "Item", "Progress", "checklist", "checklists", "progress", "to_html"]


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]
    note: str = ""


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    intro: str
    fields: tuple[str, ...]          # header fields to fill in (客户、日期 …)
    sections: tuple[Section, ...]
    principles_title: str
    principles: tuple[str, ...]      # printed as rules, not ticked
    source: str

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)


#: The book's example survey items (000 §9.3 names the form, not its content).
_SURVEY = (
    ("盛油装置(本书示例,以公司《卸油安全调查表》为准)", (
        "储油容器是规范的储油罐,不是塑料桶或临时容器",
        "储罐无渗漏、无严重锈蚀,有检测或验收记录",
        "进油口、量油口、通气管完好,通气管有阻火器",
        "储罐有静电接地装置,接地良好",
        "罐区远离明火和人员密集处",
    )),
    ("卸油条件(本书示例)", (
        "卸油胶管、接头、变径完好,与罐车接口匹配",
        "罐车停靠处平整、便于进出,卸油时能熄火停稳",
        "现场配有灭火器等消防器材,且在有效期内",
        "现场有“严禁烟火”标志,无关人员不得靠近",
    )),
    ("接卸人员(本书示例)", (
        "客户的接卸人员受过卸油安全培训",
        "卸油时穿防静电服装、戴安全帽",
        "卸油全程有人监护,卸完核对铅封和单据",
    )),
)


def _note(base: _kb.KnowledgeBase, note_id: str):
    found = [n for n in base.notes if n.id == note_id]
    if not found:   # pragma: no cover - the knowledge-base tests keep these ids
        raise KeyError(note_id)
    return found[0]


def _unloading(base: _kb.KnowledgeBase) -> Checklist:
    duties = _note(base, "mnt-unloading-assessment")
    equipment = _note(base, "mnt-unloading-equipment")
    principles = _note(base, "mnt-unloading-principles")
    sections = [Section(title, tuple(Item(f"u{k}-{j}", t) for j, t in enumerate(texts, 1)))
                for k, (title, texts) in enumerate(_SURVEY, 1)]
    sections.append(Section("客户经理要做的事(000 §9.3)",
                            tuple(Item(f"u-duty-{j}", t) for j, t in enumerate(duties.points, 1))))
    kit = [t for t in equipment.points if not t.startswith("本书提示")]
    tips = [t for t in equipment.points if t.startswith("本书提示")]
    sections.append(Section("大客户可赠送或借用的安全装备(000 §9.3,按公司审批)",
                            tuple(Item(f"u-kit-{j}", t) for j, t in enumerate(kit, 1)),
                            note=" ".join(["勾选已落实的装备;赠送或借用须按公司规定审批并登记。", *tips])))
    return Checklist(
        id="unloading", title="卸油安全调查表",
        intro=("按 000 §9.3:客户经理按公司的《卸油安全调查表》评价客户的盛油装置,提出使用建议,"
               "培训客户接卸人员和承运商司押人员。材料没有印出调查表本身,前三部分是本书的示例。"),
        fields=("客户", "地址", "调查日期", "客户经理", "客户确认签字"),
        sections=tuple(sections),
        principles_title=principles.name + "(000 §9.3)",
        principles=tuple(principles.points),
        source="000 §9.3")


def _visit(base: _kb.KnowledgeBase) -> Checklist:
    steps = _note(base, "work-visit-steps")
    return Checklist(
        id="visit", title="拜访八步曲检查表",
        intro="001 基础篇(十)的拜访八步曲:出门前、拜访中、告辞时逐项打勾。",
        fields=("客户", "拜访对象", "拜访日期", "客户经理"),
        sections=(Section("拜访八步曲(001 基础篇(十))",
                          tuple(Item(f"v{j}", f"{p.label}:{p.text}") for j, p in enumerate(steps.details, 1))),),
        principles_title="",
        principles=(),
        source="001 基础篇(十)")


_BUILDERS = {"unloading": _unloading, "visit": _visit}


def checklists(*, knowledge: _kb.KnowledgeBase | None = None) -> tuple[Checklist, ...]:
    base = knowledge or _kb.load()
    return tuple(b(base) for b in _BUILDERS.values())


def checklist(checklist_id: str, *, knowledge: _kb.KnowledgeBase | None = None) -> Checklist:
    """``"unloading"`` (卸油安全调查表) or ``"visit"`` (拜访八步曲)."""
    if checklist_id not in _BUILDERS:
        raise PlaybookInputError("checklist_id", f"检查表须为 unloading(卸油安全)或 visit(拜访八步曲),收到 {shown(checklist_id)}")
    return _BUILDERS[checklist_id](knowledge or _kb.load())


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    missing: tuple[str, ...]      # texts of the items not ticked

    @property
    def complete(self) -> bool:
        return self.done == self.total


@guarded("checked")
def progress(c: Checklist, checked) -> Progress:
    """How many items of ``c`` are ticked (``checked``: item ids)."""
    ids = {i.id for i in c.items}
    ticked = set(checked)
    unknown = ticked - ids
    if unknown:
        raise PlaybookInputError("checked", f"检查表“{c.title}”中没有这些项目:{'、'.join(sorted(map(str, unknown)))}")
    return Progress(len(ticked), len(ids), tuple(i.text for i in c.items if i.id not in ticked))


_CSS = """
@font-face {{ font-family: "Playbook Sans SC"; src: url("{font_url}") format("truetype"); }}
@page {{ size: A4; margin: 15mm 14mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: "Playbook Sans SC", "Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
       sans-serif; font-size: 10.5pt; line-height: 1.5; color: #111; margin: 0; }}
h1 {{ font-size: 16pt; margin: 0 0 2mm; }}
h2 {{ font-size: 11.5pt; margin: 4mm 0 1mm; border-bottom: 1px solid #999; }}
.intro, .note, .src {{ color: #444; font-size: 9pt; margin: 1mm 0; }}
table.fields {{ border-collapse: collapse; width: 100%; margin: 2mm 0; }}
table.fields td {{ border: 1px solid #777; padding: 1.5mm 2mm; width: 25%; }}
ul.checks {{ list-style: none; padding-left: 0; margin: 1mm 0; }}
ul.checks li {{ padding: 0.8mm 0 0.8mm 7mm; text-indent: -7mm; break-inside: avoid; }}
.box {{ display: inline-block; width: 5mm; font-weight: bold; }}
.principles {{ border: 2px solid #a61b1b; padding: 2mm 4mm; margin-top: 4mm; break-inside: avoid; }}
.principles h2 {{ border: none; color: #a61b1b; margin-top: 0; }}
@media screen {{ body {{ max-width: 190mm; margin: 10mm auto; }} }}
"""


def _css_url(url: object) -> str:
    """A URL safe inside ``url("…")`` in a <style> block (N3): quotes, backslashes, angle brackets
    and line breaks percent-encoded, so it can neither end the string nor the style element."""
    from urllib.parse import quote

    return quote(str(url), safe="/:.-_~?=&%#+@,;!$*()'")


def to_html(c: Checklist, checked=(), fields: dict[str, str] | None = None, *,
            font_url: str = FONT_FILE) -> str:
    """A printable A4 page of the checklist (``font_url``: where the book's font is), ticks (√/□, both in the font's GB2312 set) and header fields filled in."""
    prog = progress(c, checked)
    ticked = set(checked)
    values = fields or {}
    e = html.escape
    cells = [f"<td>{e(name)}:{e(str(values.get(name, '')))}</td>" for name in c.fields]
    rows = "".join("<tr>" + "".join(cells[i:i + 2]) + ("<td></td>" if len(cells[i:i + 2]) == 1 else "") + "</tr>"
                   for i in range(0, len(cells), 2))
    body = [f"<h1>{e(c.title)}</h1>", f'<p class="intro">{e(c.intro)}</p>',
            f'<table class="fields">{rows}</table>',
            f'<p class="note">已完成 {prog.done} / {prog.total} 项。</p>']
    for s in c.sections:
        body.append(f"<h2>{e(s.title)}</h2>")
        if s.note:
            body.append(f'<p class="note">{e(s.note)}</p>')
        body.append('<ul class="checks">' + "".join(
            f'<li><span class="box">{"√" if i.id in ticked else "□"}</span>{e(i.text)}</li>' for i in s.items)
            + "</ul>")
    if c.principles:
        body.append(f'<div class="principles"><h2>{e(c.principles_title)}</h2><ol>'
                    + "".join(f"<li>{e(p)}</li>" for p in c.principles) + "</ol></div>")
    body.append(f'<p class="src">来源:{e(c.source)};《销售作战手册》。</p>')
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(c.title)}</title>'
            f"<style>{_CSS.format(font_url=_css_url(font_url))}</style></head><body>{''.join(body)}</body></html>")


#: Where the book publishes the blank print pages (beside ``_static/NotoSansSC-GB2312.ttf``).
PRINT_FOLDER = "_static/checklists"


def print_page(c: Checklist) -> str:
    """The blank print page the book publishes at ``_static/checklists/<id>.html``."""
    return to_html(c, font_url=f"../{FONT_FILE}")


if __name__ == "__main__":  # pragma: no cover - regenerates the book's print pages
    from pathlib import Path

    from playbook.fileio import atomic_write

    folder = Path(__file__).resolve().parents[3] / "book" / PRINT_FOLDER
    for item in checklists():
        print(atomic_write(folder / f"{item.id}.html", print_page(item)))
