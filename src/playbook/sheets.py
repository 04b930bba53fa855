"""Tables a person hands in to the manager's tools: rows keyed by their header, held to a tool's limits.

The bytes are read by :mod:`playbook.spreadsheet` (the one reader: size, unpacked size and the
sheet's real extent capped, CSV in UTF-8 or GBK, tab-separated when pasted from Excel); this
module trims blank cells and rows, holds a table to :data:`MAX_ROWS` × :data:`MAX_COLUMNS`, and
:func:`records` keys rows by the header, accepts each column's usual aliases, and names the
missing columns, the ones it did find, and the row of each problem.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from playbook import spreadsheet
from playbook.errors import PlaybookInputError

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "read_rows", "read_text", "records"]

#: Largest file accepted (bytes).
MAX_BYTES = 8 * 1024 * 1024
#: Most data rows read from one table (the header not counted).
MAX_ROWS = 20_000
#: Most columns read from one table.
MAX_COLUMNS = 60

Cell = object


def _trim(rows: Iterable[Sequence[Cell]]) -> list[list[Cell]]:
    """Rows with surrounding blanks removed: empty trailing cells and wholly empty rows."""
    out = []
    for row in rows:
        cells = ["" if v is None else (v.strip() if isinstance(v, str) else v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            out.append(cells)
    return out


def _check_extent(rows: list[list[Cell]], max_rows: int, max_columns: int) -> list[list[Cell]]:
    if len(rows) > max_rows + 1:
        raise PlaybookInputError("file", code="file_too_many_rows", name="表格", high=max_rows, received=len(rows) - 1)
    widest = max((len(r) for r in rows), default=0)
    if widest > max_columns:
        raise PlaybookInputError("file", code="file_too_many_columns", name="表格", high=max_columns, received=widest)
    return rows


def read_text(text: str, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS,
              typed: bool = True) -> list[list[Cell]]:
    """Rows of a CSV/TSV text or an Excel paste (tab-separated), blanks trimmed. ``typed`` text
    (a text box) may use the full-width comma as a separator; a file's may not (there it is part
    of a name). Parsed by :func:`playbook.spreadsheet.read_text` (the one reader)."""
    rows = _trim(spreadsheet.read_text(str(text).replace("\r\n", "\n").replace("\r", "\n"), typed=typed))
    return _check_extent(rows, max_rows, max_columns)


def read_rows(data: bytes, filename: str = "table.csv", *, max_rows: int = MAX_ROWS,
              max_columns: int = MAX_COLUMNS) -> list[list[Cell]]:
    """Rows of an uploaded file: xlsx/xlsm (first sheet) or CSV/TSV/TXT in UTF-8 or GBK, read by
    :func:`playbook.spreadsheet.read_rows` (size, unpacked size and real extent capped there),
    blanks trimmed and held to this tool's limits."""
    if str(filename).lower().endswith(".tsv"):
        filename = str(filename)[:-4] + ".txt"
    rows = _trim(spreadsheet.read_rows(data, filename))
    return _check_extent(rows, max_rows, max_columns)


def records(rows: Sequence[Sequence[Cell]], columns: Mapping[str, Sequence[str]], *,
            required: Sequence[str] = ()) -> list[dict[str, Cell]]:
    """Rows keyed by column: ``columns`` maps each column's name to the header spellings it accepts
    (its own name first). Missing ``required`` columns are named, with the header actually found."""
    if not rows:
        raise PlaybookInputError("file", code="file_empty", name="表格")
    header = [str(h).strip().replace(" ", "") for h in rows[0]]
    where: dict[str, int] = {}
    for name, spellings in columns.items():
        for spelling in (name, *spellings):
            if spelling in header:
                where[name] = header.index(spelling)
                break
    missing = [c for c in required if c not in where]
    if missing:
        seen = "、".join(h for h in header if h) or "(空)"
        raise PlaybookInputError("file", code="header_missing", missing="、".join(missing), found=seen)
    out = []
    for row in rows[1:]:
        out.append({name: (row[i] if i < len(row) else "") for name, i in where.items()})
    return out
