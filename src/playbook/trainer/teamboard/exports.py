"""The dashboard's CSV and XLSX exports (text never a formula, written atomically)."""
from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from playbook.fileio import atomic_write
from playbook.spreadsheet import csv_bytes, write_cell, write_rows
from playbook.trainer.roleplay.score_sheet import SKILLS, ScoreSheet
from playbook.trainer.teamboard.tables import (
    OVERALL,
    _check_sheets,
    _mark_rows,
    _weakest,
    progress_table,
    skill_table,
)

# --------------------------------------------------------------------------- export
RECORD_HEADERS = ["场次", "轮次", "学员", "观察员", "情境", "技能", "检查项编号", "检查项", "是否通过",
                  "评语", "总体印象", "评分时间"]
SKILL_HEADERS = ["学员", *SKILLS.values(), "总体", "轮次"]
PROGRESS_HEADERS = ["学员", "场次", "开始时间", "轮次", "总体", *SKILLS.values()]
WEAKEST_HEADERS = ["检查项编号", "检查项", "技能", "通过次数", "检查次数", "通过率"]


class _Rate(float):
    """A share 0–1 that is written as a percentage."""


def _record_rows(items: Sequence[ScoreSheet]) -> list[list[Any]]:
    return [[session, round_no, trainee, observer, scenario, skill_label, check_id, label,
             None if passed is None else ("是" if passed else "否"), notes, rating, scored_at]
            for (session, round_no, trainee, observer, scenario, _skill, skill_label, check_id, label,
                 passed, notes, rating, scored_at) in _mark_rows(items)]


def _skill_rows(items: Sequence[ScoreSheet]) -> list[list[Any]]:
    table = skill_table(items)
    return [[name, *(_Rate(table.loc[name, s]) for s in (*SKILLS, OVERALL)), int(table.loc[name, "rounds"])]
            for name in table.index]


def _progress_rows(items: Sequence[ScoreSheet]) -> list[list[Any]]:
    import pandas as pd

    return [[r.trainee, r.session, None if pd.isna(r.started) else r.started, int(r.rounds), _Rate(r.overall),
             *(_Rate(getattr(r, s)) for s in SKILLS)]
            for r in progress_table(items).itertuples()]


def _weakest_rows(items: Sequence[ScoreSheet]) -> list[list[Any]]:
    return [[w["check_id"], w["label"], w["skill_label"], w["passed"], w["total"], _Rate(w["rate"])]
            for w in _weakest(items, None, 2)]


def _csv_cell(value: Any) -> Any:
    if isinstance(value, _Rate):
        if math.isnan(value):
            return None
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return value   # the one writer (playbook.spreadsheet) does text, numbers and dates


def _csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return csv_bytes(headers, ([_csv_cell(v) for v in row] for row in rows))


def export_csv(sheets: Sequence[ScoreSheet], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``records.csv`` (one row per check mark), ``skills.csv`` (per trainee and skill) and
    ``weakest.csv`` (checks marked at least twice, weakest first) into ``out_dir``.

    UTF-8 with BOM (Excel shows the Chinese), Chinese headers, rates as ``75%`` (Excel reads them
    as numbers), each file written atomically. Text starting with ``= + - @`` gets a leading
    ``'`` so that a spreadsheet never runs it as a formula.
    """
    items = _check_sheets(sheets)
    files = {
        "records.csv": _csv_bytes(RECORD_HEADERS, _record_rows(items)),
        "skills.csv": _csv_bytes(SKILL_HEADERS, _skill_rows(items)),
        "weakest.csv": _csv_bytes(WEAKEST_HEADERS, _weakest_rows(items)),
    }
    folder = Path(out_dir)
    return [atomic_write(folder / name, data) for name, data in files.items()]


_ILLEGAL_XLSX = re.compile(r"[\000-\010\013\014\016-\037]")


def _zone(at: datetime) -> str:
    """``UTC+08:00`` for an aware datetime, "" for a naive one."""
    offset = at.utcoffset()
    if offset is None:
        return ""
    minutes = round(offset.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _fill_sheet(ws: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float]) -> None:
    """Header row (bold, frozen) and rows; text always stored as text, rates as percentages."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    write_rows(ws, [headers], start_row=1)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, _Rate):
                if not math.isnan(value):
                    cell.value = float(value)
                    cell.number_format = "0.0%"
            elif isinstance(value, datetime):
                # Excel has no time zones: the round's local wall-clock time, its zone in the format.
                cell.value = value.replace(tzinfo=None)
                cell.number_format = f'yyyy-mm-dd hh:mm "{_zone(value)}"' if _zone(value) else "yyyy-mm-dd hh:mm"
            else:
                write_cell(cell, value)  # text never a formula, whatever it starts with
    ws.freeze_panes = "A2"
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width


def xlsx_bytes(sheets: Sequence[ScoreSheet]) -> bytes:
    """The dashboard as an Excel workbook: sheets 记录, 技能, 进度, 薄弱项 (needs openpyxl)."""
    items = _check_sheets(sheets)
    from openpyxl import Workbook

    wb = Workbook()
    records = wb.active
    records.title = "记录"
    _fill_sheet(records, RECORD_HEADERS, _record_rows(items), [18, 6, 10, 10, 16, 12, 16, 30, 8, 30, 8, 17])
    _fill_sheet(wb.create_sheet("技能"), SKILL_HEADERS, _skill_rows(items), [12, 12, 12, 12, 12, 10, 6])
    _fill_sheet(wb.create_sheet("进度"), PROGRESS_HEADERS, _progress_rows(items), [12, 18, 17, 6, 10, 12, 12, 12, 12])
    _fill_sheet(wb.create_sheet("薄弱项"), WEAKEST_HEADERS, _weakest_rows(items), [16, 34, 12, 9, 9, 9])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_xlsx(sheets: Sequence[ScoreSheet], path: str | os.PathLike[str]) -> Path:
    """Write :func:`xlsx_bytes` to ``path`` atomically; returns the path."""
    return atomic_write(path, xlsx_bytes(sheets))
