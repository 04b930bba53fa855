"""现场检查表 (field checklists): 000 §9.3 卸油安全调查 and 001 拜访八步曲.

- ``unloading`` — the unloading-safety survey of a customer's site. 000 §9.3 names the
  company's 《卸油安全调查表》 but does not print it: the survey items here are the book's
  example (labelled so; the company's own form prevails), in the order an oil-safety trainer
  checks them: the tank, then *before unloading* (seal checked against the delivery note before
  it is broken, engine off, static-grounding clip, settling time, spare tank capacity against
  overfill, no unloading in thunderstorms), then *during* (supervision, closed unloading and
  vapour recovery where required), then the people. The account manager's four duties, the
  equipment a key customer may receive and the three principles for risky customers are the
  seed's, read from the knowledge base (``mnt-unloading-*``).
- ``visit`` — 001's eight steps of a visit (knowledge-base note ``work-visit-steps``) with the
  book's 检查要点 for each step (the table of ``work-methods.md``, kept equal by a test), and
  004 rules 12–17 (``rel-rules-info``) as the after-visit block.

Each item is answered 合格 / 不合格 (with a remedy and deadline) for a survey, or 已做 for a
task; the equipment list is a record, not a score. :func:`assess` counts what is answered and
lists what failed; :func:`to_html` renders a printable A4 page (the book's font,
``NotoSansSC-GB2312.ttf`` beside the page) with the header fields and the answers;
:class:`FilledForm` (:func:`form_to_json` / :func:`form_from_json`) keeps a filled form per
customer and date. Standard library only (runs in the reader's browser).

Usage (the unloading survey: one item passed, one failed with its remedy):

>>> from playbook.engines.checklists import FAIL, PASS, assess, checklist, progress
>>> c = checklist("unloading")
>>> first, second = c.scored[:2]
>>> p = progress(c, {first.id: PASS})
>>> p.done, p.total == len(c.scored), p.complete
(1, True, False)
>>> a = assess(c, {first.id: PASS, second.id: (FAIL, "本周内修复渗漏")})
>>> a.passed, a.failed, a.failures[0][1], a.warnings
(1, 1, '本周内修复渗漏', ())
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from playbook import kb as _kb
from playbook.errors import PlaybookInputError, guarded, renamed_keyword
from playbook.normalize import clean_line

if TYPE_CHECKING:
    import os
    from pathlib import Path

#: The book's font file (= :data:`playbook.fonts.FONT_FILE`; not imported: the page's bundle
#: leaves the ``fonts`` folder out, the font is published under ``_static/``).
FONT_FILE = "NotoSansSC-GB2312.ttf"

__all__ = ["Assessment", "Checklist", "FilledForm", "Item", "Progress", "assess", "checklist", "checklists",
           "form_from_json", "form_to_json", "progress", "to_html"]

#: Answers an item can take: a survey item (``assess``) 合格 / 不合格 / 不适用; a task (``tick``) 已做.
PASS, FAIL, NA, DONE = "pass", "fail", "na", "done"
ANSWER_LABELS = {PASS: "合格", FAIL: "不合格", NA: "不适用", DONE: "已做"}
#: Answers as given: item ids (each 已做 / 合格), or {item id: answer or (answer, remedy)}.
Answers = dict[str, str | Sequence[str]] | Iterable[str]


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]
    note: str = ""
    #: "assess" (合格 / 不合格 / 整改), "tick" (a task: 已做), "record" (what was given; not scored).
    mode: str = "assess"


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

    @property
    def scored(self) -> tuple[Item, ...]:
        """Items that count towards completion (not the equipment record)."""
        return tuple(i for s in self.sections if s.mode != "record" for i in s.items)

    def mode_of(self, item_id: str) -> str:
        return next(s.mode for s in self.sections if any(i.id == item_id for i in s.items))


#: The book's example survey items (000 §9.3 names the form, not its content), in checking order.
_SURVEY = (
    ("盛油装置(本书示例,以公司《卸油安全调查表》为准)", (
        "储油容器是规范的储油罐,不是塑料桶或临时容器",
        "储罐无渗漏、无严重锈蚀,有检测或验收记录",
        "进油口、量油口、通气管完好,通气管有阻火器",
        "储罐有静电接地装置,接地良好",
        "罐区远离明火和人员密集处",
        "按当地要求应有油气回收(密闭卸油)设施的,设施完好可用",
    )),
    ("卸油前:到场后、拆封前(本书示例)", (
        "核对罐车铅封完好、号码与提货单一致,拆封前拍照(铅封在卸油前核对,不是卸完再看)",
        "罐车熄火、拉好手刹、垫好轮挡,停靠处平整、便于紧急驶离",
        "卸油前接好罐车静电接地夹,卸完静置后再拆",
        "罐车到场后静置稳油(常见要求不少于 15 分钟,以公司规定为准),再计量、再卸油",
        "量油核对储罐空容,确认能容下本车油量后才卸,防止冒罐",
        "雷雨天气(有雷电)不卸油,正在卸的立即停止",
        "卸油胶管、接头、变径完好,与罐车接口匹配",
        "现场配有灭火器等消防器材,且在有效期内;有“严禁烟火”标志,无关人员不得靠近",
    )),
    ("卸油中(本书示例)", (
        "全程有人监护,接卸人员和司押人员不离开现场",
        "密闭卸油;有油气回收设施的,先接好油气回收管再卸油",
        "卸完关闭阀门、拆管,核对单据,双方签字",
    )),
    ("接卸人员(本书示例)", (
        "客户的接卸人员受过卸油安全培训",
        "卸油时穿防静电服装、戴安全帽",
    )),
)

#: The book's 检查要点 for each of the eight steps (work-methods.md's table; a test keeps them equal).
VISIT_POINTS = (
    "约好日期、时间、地点和见面的人;记下对方的职务",
    "仪容仪表、着装是否得体;名片、价格资料、计算器等是否带齐;客户可能提出哪些问题和异议,怎样回答",
    "与拜访对象再确认一次;算好路程时间,按时出发",
    "到客户办公场所门前,先礼貌敲门",
    "进入室内后耐心等待,不东张西望、不乱动",
    "问候、握手、递名片",
    "按导入、过渡、结论三个阶段推进;用 FAB 讲价值;认真对待异议",
    "告辞时约好下次拜访的时间或事由;回去后填写拜访记录",
)


def _note(base: _kb.KnowledgeBase, note_id: str) -> _kb.Note:
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
                            tuple(Item(f"u-duty-{j}", t) for j, t in enumerate(duties.points, 1)), mode="tick"))
    kit = [t for t in equipment.points if not t.startswith("本书提示")]
    tips = [t for t in equipment.points if t.startswith("本书提示")]
    sections.append(Section("大客户可赠送或借用的安全装备(000 §9.3,按公司审批)",
                            tuple(Item(f"u-kit-{j}", t) for j, t in enumerate(kit, 1)),
                            note=" ".join(["登记已赠送或借用的装备(不计入完成项);赠送或借用须按公司规定审批并登记。", *tips]),
                            mode="record"))
    return Checklist(
        id="unloading", title="卸油安全调查表",
        intro=("按 000 §9.3:客户经理按公司的《卸油安全调查表》评价客户的盛油装置,提出使用建议,"
               "培训客户接卸人员和承运商司押人员。材料没有印出调查表本身,前四部分是本书的示例,"
               "逐项判合格或不合格,不合格的写明整改措施和期限。"),
        fields=("客户", "地址", "调查日期", "客户经理", "客户确认签字"),
        sections=tuple(sections),
        principles_title=principles.name + "(000 §9.3)",
        principles=tuple(principles.points),
        source="000 §9.3")


def _visit(base: _kb.KnowledgeBase) -> Checklist:
    steps = _note(base, "work-visit-steps")
    info = _note(base, "rel-rules-info")
    items = tuple(Item(f"v{j}", f"{p.label}:{p.text} 检查要点:{VISIT_POINTS[j - 1]}")
                  for j, p in enumerate(steps.details, 1))
    return Checklist(
        id="visit", title="拜访八步曲检查表",
        intro="001 基础篇(十)的拜访八步曲:出门前、拜访中、告辞时逐项打勾;检查要点是本书对各步骤的具体化。"
              "拜访后对照 004 第 12–17 条,记下这次了解到的信息。",
        fields=("客户", "拜访对象", "拜访日期", "客户经理"),
        sections=(Section("拜访八步曲(001 基础篇(十))", items, mode="tick"),
                  Section("拜访后:信息收集(004 增进客情第 12–17 条)",
                          tuple(Item(f"vi{j}", t) for j, t in enumerate(info.points, 1)),
                          note="原文写给医药门店,这里的“一线员工”指客户单位里和我们打交道的人(如加油站的站长、计量员)。"
                               "了解到的内容记在客户档案里;家人情况只记对方愿意谈的,不打探隐私。",
                          mode="tick")),
        principles_title="",
        principles=(),
        source="001 基础篇(十);004 增进客情第 12–17 条")


_BUILDERS = {"unloading": _unloading, "visit": _visit}


@renamed_keyword("knowledge", "base")
def checklists(*, base: _kb.KnowledgeBase | None = None) -> tuple[Checklist, ...]:
    base = base or _kb.load()
    return tuple(b(base) for b in _BUILDERS.values())


@renamed_keyword("knowledge", "base")
def checklist(checklist_id: str, *, base: _kb.KnowledgeBase | None = None) -> Checklist:
    """``"unloading"`` (卸油安全调查表) or ``"visit"`` (拜访八步曲)."""
    if checklist_id not in _BUILDERS:
        raise PlaybookInputError("checklist_id", code="choice", label="检查表", allowed="unloading(卸油安全)、visit(拜访八步曲)",
                                 received=checklist_id)
    return _BUILDERS[checklist_id](base or _kb.load())


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    missing: tuple[str, ...]      # texts of the items not answered

    @property
    def complete(self) -> bool:
        return self.done == self.total


def _answers(c: Checklist, answers: Answers) -> dict[str, tuple[str, str]]:
    """``answers`` as {item id: (answer, remedy)}; a list of ids means 已做 / 合格 for each."""
    if isinstance(answers, dict):
        raw = answers
    else:
        raw = {k: (DONE if c.mode_of(k) != "assess" else PASS) if k in {i.id for i in c.items} else PASS
               for k in answers}
    ids = {i.id for i in c.items}
    unknown = set(raw) - ids
    if unknown:
        raise PlaybookInputError("checked", code="unknown_names", what="这些项目", where=f"检查表“{c.title}”",
                                 names='、'.join(sorted(map(str, unknown))))
    out = {}
    for k, v in raw.items():
        answer, remedy = (v, "") if isinstance(v, str) else (v[0], v[1] if len(v) > 1 else "")
        mode = c.mode_of(k)
        allowed = (PASS, FAIL, NA) if mode == "assess" else (DONE,)
        if answer in ("", None):
            continue
        if answer not in allowed:
            labels = "、".join(ANSWER_LABELS[a] for a in allowed)
            raise PlaybookInputError("answers", code="choice",
                                     label=f"“{next(i.text for i in c.items if i.id == k)[:20]}”的结果", allowed=labels,
                                     received=answer)
        out[k] = (answer, clean_line(str(remedy or ""))[:200])
    return out


@guarded("checked")
def progress(c: Checklist, checked: Answers) -> Progress:
    """How many scored items of ``c`` are answered (``checked``: item ids, or {id: answer})."""
    answered = _answers(c, checked)
    scored = c.scored
    done = sum(1 for i in scored if i.id in answered)
    return Progress(done, len(scored), tuple(i.text for i in scored if i.id not in answered))


@dataclass(frozen=True)
class Assessment:
    passed: int
    failed: int
    not_applicable: int
    done: int
    unanswered: int
    #: (item text, remedy) of each 不合格 item.
    failures: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


@guarded("answers")
def assess(c: Checklist, answers: Answers) -> Assessment:
    """Counts of 合格 / 不合格 / 不适用 / 已做 / not answered, and each failure with its remedy;
    a failure without a remedy is a warning (the form asks for 整改措施和期限)."""
    a = _answers(c, answers)
    count = {x: sum(1 for v, _ in a.values() if v == x) for x in (PASS, FAIL, NA, DONE)}
    failures = tuple((i.text, a[i.id][1]) for i in c.items if i.id in a and a[i.id][0] == FAIL)
    warnings = [f"不合格项“{t[:24]}”还没有写整改措施和期限" for t, r in failures if not r]
    return Assessment(count[PASS], count[FAIL], count[NA], count[DONE],
                      sum(1 for i in c.scored if i.id not in a), failures, tuple(warnings))


# ------------------------------------------------------------------ filled forms, per customer
@dataclass(frozen=True)
class FilledForm:
    """One filled checklist: which list, the header fields, the answers {id: (answer, remedy)}."""

    checklist_id: str
    fields: dict[str, str]
    answers: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def customer(self) -> str:
        return self.fields.get("客户", "").strip()

    def file_name(self) -> str:
        """``卸油安全调查表_某加油站_2026-12-07.json`` (characters unsafe in a file name removed)."""
        c = checklist(self.checklist_id)
        day = self.fields.get("调查日期") or self.fields.get("拜访日期") or ""
        safe = re.sub(r'[\\/:*?"<>|\s]+', "_", f"{c.title}_{self.customer or '未填客户'}_{day}".strip("_"))
        return safe[:120] + ".json"


FORM_VERSION = 1
MAX_FORM_BYTES = 200_000


def form_to_json(form: FilledForm) -> str:
    c = checklist(form.checklist_id)
    answers = _answers(c, form.answers)
    return json.dumps({"version": FORM_VERSION, "checklist": form.checklist_id,
                       "fields": {k: clean_line(str(form.fields.get(k, "")))[:100] for k in c.fields},
                       "answers": {k: list(v) for k, v in answers.items()}}, ensure_ascii=False, indent=1)


def form_from_json(text: str | bytes) -> FilledForm:
    """A saved form back (validated: known checklist, known items, allowed answers)."""
    if isinstance(text, bytes):
        if len(text) > MAX_FORM_BYTES:
            raise PlaybookInputError("form", code="checklist_form_size", high=MAX_FORM_BYTES // 1000)
        text = text.decode("utf-8-sig", errors="replace")
    try:
        data = json.loads(text)
    except (ValueError, TypeError):
        raise PlaybookInputError("form", code="checklist_form_json") from None
    if not isinstance(data, dict) or data.get("version") != FORM_VERSION:
        raise PlaybookInputError("form", code="checklist_form_version")
    c = checklist(str(data.get("checklist")))
    fields = {k: clean_line(str(v))[:100] for k, v in dict(data.get("fields") or {}).items() if k in c.fields}
    answers = _answers(c, {str(k): tuple(v) if isinstance(v, list) else v
                           for k, v in dict(data.get("answers") or {}).items()})
    return FilledForm(c.id, fields, answers)


def save_form(folder: str | os.PathLike[str], form: FilledForm) -> Path:
    """Write the form under ``folder/<客户>/`` atomically (Jupyter); returns the path."""
    from pathlib import Path

    from playbook.fileio import atomic_write

    customer = re.sub(r'[\\/:*?"<>|\s]+', "_", form.customer or "未填客户")[:60]
    return atomic_write(Path(folder) / customer / form.file_name(), form_to_json(form))


def forms_of(folder: str | os.PathLike[str], customer: str) -> list[FilledForm]:
    """Every saved form of a customer, oldest first by file name."""
    from pathlib import Path

    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", customer)[:60]
    place = Path(folder) / safe
    return [form_from_json(p.read_bytes()) for p in sorted(place.glob("*.json"))] if place.is_dir() else []


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
table.assess {{ border-collapse: collapse; width: 100%; margin: 1mm 0; }}
table.assess th, table.assess td {{ border: 1px solid #999; padding: 1mm 1.5mm; vertical-align: top; }}
table.assess th {{ background: #f2f2f2; font-weight: normal; }}
table.assess td.c {{ width: 11mm; text-align: center; font-weight: bold; }}
table.assess td:last-child {{ width: 45mm; }}
table.assess tr {{ break-inside: avoid; }}
.principles {{ border: 2px solid #a61b1b; padding: 2mm 4mm; margin-top: 4mm; break-inside: avoid; }}
.principles h2 {{ border: none; color: #a61b1b; margin-top: 0; }}
@media screen {{ body {{ max-width: 190mm; margin: 10mm auto; }} }}
"""


def _css_url(url: object) -> str:
    """A URL safe inside ``url("…")`` in a <style> block (N3): quotes, backslashes, angle brackets
    and line breaks percent-encoded, so it can neither end the string nor the style element."""
    from urllib.parse import quote

    return quote(str(url), safe="/:.-_~?=&%#+@,;!$*()'")


def to_html(c: Checklist, checked: Answers = (), fields: dict[str, str] | None = None, *,
            font_url: str = FONT_FILE) -> str:
    """A printable A4 page of the checklist (``font_url``: where the book's font is): the header
    fields, each survey item with 合格 / 不合格 / 整改措施和期限 columns, each task with a box
    (√/□, both in the font's GB2312 set), the rules in a red box; ``checked``: item ids or
    {id: answer or (answer, remedy)}."""
    answers = _answers(c, checked)
    values = fields or {}
    e = html.escape
    cells = [f"<td>{e(name)}:{e(str(values.get(name, '')))}</td>" for name in c.fields]
    rows = "".join("<tr>" + "".join(cells[i:i + 2]) + ("<td></td>" if len(cells[i:i + 2]) == 1 else "") + "</tr>"
                   for i in range(0, len(cells), 2))
    body = [f"<h1>{e(c.title)}</h1>", f'<p class="intro">{e(c.intro)}</p>',
            f'<table class="fields">{rows}</table>']
    if answers:
        a = assess(c, answers)
        parts = [f"已填 {len(c.scored) - a.unanswered} / {len(c.scored)} 项"]
        if a.passed or a.failed:
            parts.append(f"合格 {a.passed} 项,不合格 {a.failed} 项")
        body.append(f'<p class="note">{e(";".join(parts))}。</p>')
    for s_ in c.sections:
        body.append(f"<h2>{e(s_.title)}</h2>")
        if s_.note:
            body.append(f'<p class="note">{e(s_.note)}</p>')
        if s_.mode == "assess":
            head = "<tr><th>检查项</th><th>合格</th><th>不合格</th><th>整改措施和期限</th></tr>"
            trs = []
            for i in s_.items:
                ans, remedy = answers.get(i.id, ("", ""))
                mark = {PASS: ("√", "□"), FAIL: ("□", "√")}.get(ans, ("□", "□"))
                text = i.text + ("(不适用)" if ans == NA else "")
                trs.append(f"<tr><td>{e(text)}</td><td class=\"c\">{mark[0]}</td><td class=\"c\">{mark[1]}</td>"
                           f"<td>{e(remedy)}</td></tr>")
            body.append(f'<table class="assess">{head}{"".join(trs)}</table>')
        else:
            body.append('<ul class="checks">' + "".join(
                f'<li><span class="box">{"√" if i.id in answers else "□"}</span>{e(i.text)}</li>' for i in s_.items)
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
