"""The session as an Excel workbook (:func:`xlsx_bytes`), written with ``zipfile`` (openpyxl is
not in the page's Python); text cells are inline strings, never formulas."""
from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from playbook.engines import practice
from playbook.normalize import cell_text
from playbook.trainer.console.overview import SessionView
from playbook.trainer.roleplay.score_sheet import SKILLS, ScoreSheet


def _col(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(ref: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = _ILLEGAL_XML.sub("", cell_text(str(value)))  # never a formula: always an inline string
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml_escape(text)}</t></is></c>'


def _sheet_xml(rows: Sequence[Sequence[Any]]) -> str:
    body = "".join(f'<row r="{r}">' + "".join(_cell(f"{_col(c)}{r}", v) for c, v in enumerate(row, 1)) + "</row>"
                   for r, row in enumerate(rows, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/>'
            f"</sheetView></sheetViews><sheetData>{body}</sheetData></worksheet>")


def _workbook(tables: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> bytes:
    ns = "http://schemas.openxmlformats.org/"
    sheets = "".join(f'<sheet name="{_xml_escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, (n, _) in enumerate(tables, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{ns}officeDocument/2006/relationships/worksheet"'
                   f' Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(tables) + 1))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                        for i in range(1, len(tables) + 1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<Types xmlns="{ns}package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/'
                   f'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<Relationships xmlns="{ns}package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument"'
                   ' Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{ns}officeDocument/2006/relationships">'
                   f"<sheets>{sheets}</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<Relationships xmlns="{ns}package/2006/relationships">{rels}</Relationships>')
        for i, (_, rows) in enumerate(tables, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(rows))
    return buffer.getvalue()


def _pct(rate: float) -> float | None:
    return None if math.isnan(rate) else round(rate * 100, 1)


def xlsx_bytes(view: SessionView, sheets: Sequence[ScoreSheet]) -> bytes:
    """The session as an Excel workbook: 学员 (readiness and rates, %), 记录 (one row per check
    mark), 薄弱项. Text cells are inline strings, so nothing is ever read as a formula."""
    people: list[list[Any]] = [["学员", "状态", "对练轮次", "总体通过率%", *(f"{v}%" for v in SKILLS.values()), "自学作答", "自学到期",
               *(f"自学:{practice.FAMILY_LABELS[f]}" for f in practice.FAMILIES)]]
    word = {"green": "绿", "yellow": "黄", "red": "红"}
    for r in view.trainees:
        ready = {x.family: f"{word[x.colour]} {x.practised}/{x.total}" for x in r.readiness}
        people.append([r.name, word[r.colour], r.rounds, _pct(r.overall), *(_pct(r.skills[k]) for k in SKILLS),
                       r.answers, r.due, *(ready.get(f, "") for f in practice.FAMILIES)])
    marks: list[list[Any]] = [["场次", "轮次", "学员", "观察员", "情境", "技能", "检查项编号", "检查项", "是否通过", "评语", "总体印象", "评分时间"]]
    for s in sheets:
        for m in s.marks:
            marks.append([s.session, s.round_no, s.trainee, s.observer, s.scenario_id, SKILLS.get(m.skill, m.skill),
                          m.check_id, m.label, m.passed, s.notes, s.rating,
                          s.scored_at.strftime("%Y-%m-%d %H:%M") if s.scored_at else None])
    weak: list[list[Any]] = [["检查项编号", "检查项", "技能", "通过次数", "检查次数", "通过率%"]]
    weak += [[c.check_id, c.label, SKILLS.get(c.skill, c.skill), c.passed, c.total, _pct(c.rate)] for c in view.weakest]
    return _workbook([("学员", people), ("记录", marks), ("薄弱项", weak)])
