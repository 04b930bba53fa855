"""Reading a table a person hands in: a CSV/TSV file, an xlsx workbook, or text pasted from Excel.

One gate for every tool that takes a customer list, a visit log or a sales history
(../shared/DESIGN.md, "one gate per kind of input"):

- the file's size is capped (:data:`MAX_BYTES`) before anything is parsed;
- an xlsx is read with openpyxl in read-only mode and only up to :data:`MAX_ROWS` rows and
  :data:`MAX_COLUMNS` columns past the header: a sheet whose declared dimension is
  ``A1:XFD1048576`` is never iterated to its declared end, and a sheet with data past the limit is
  refused with a Chinese message instead of being read for minutes;
- text is decoded as UTF-8 (with or without BOM) or GB18030 (⊃ GBK, what Chinese Excel saves);
- the separator is the tab when the header line has one (a paste from Excel), otherwise the
  comma (ASCII or full-width);
- :func:`records` keys rows by the header, accepts each column's usual aliases, and names the
  missing columns, the ones it did find, and the row of each problem.

openpyxl is imported only for xlsx (Jupyter; in the page a Chinese message asks for CSV).
Standard library otherwise.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from playbook.errors import PlaybookInputError

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "read_rows", "read_text", "records"]

#: Largest file accepted (bytes).
MAX_BYTES = 8 * 1024 * 1024
#: Most data rows read from one table (the header not counted).
MAX_ROWS = 20_000
#: Most columns read from one table.
MAX_COLUMNS = 60

Cell = object


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):      # GB18030 ⊃ GBK ⊃ GB2312
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlaybookInputError("file", "无法识别文件编码:请另存为 UTF-8 或 GBK 编码的 CSV")


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
        raise PlaybookInputError("file", f"表格的行数须在 1–{max_rows} 行之间(不含表头),收到 {len(rows) - 1} 行以上:请分批上传")
    widest = max((len(r) for r in rows), default=0)
    if widest > max_columns:
        raise PlaybookInputError("file", f"表格的列数须在 1–{max_columns} 列之间,收到 {widest} 列以上:请删去无关的列")
    return rows


def read_text(text: str, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS,
              typed: bool = True) -> list[list[Cell]]:
    """Rows of a CSV/TSV text or an Excel paste (tab-separated), blanks trimmed. ``typed`` text
    (a text box) may use the full-width comma as a separator; a file's may not (there it is part
    of a name)."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > max_rows + 200:       # generous for blank lines, still bounded
        lines = lines[:max_rows + 200]
    first = next((line for line in lines if line.strip()), "")
    if "\t" in first:
        delimiter = "\t"
    else:
        delimiter = ","
        if typed:
            lines = [line.replace("\uff0c", ",") for line in lines]     # full-width comma
    rows = _trim(csv.reader(lines, delimiter=delimiter))
    return _check_extent(rows, max_rows, max_columns)


def _xlsx_rows(data: bytes, max_rows: int, max_columns: int) -> list[list[Cell]]:
    try:
        import openpyxl
    except ImportError:
        raise PlaybookInputError("file", "这里无法读取 xlsx 文件:请在 Excel 中另存为 CSV(或直接复制粘贴表格)") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:   # noqa: BLE001 - any damage in the file is the user's input error
        raise PlaybookInputError("file", "无法读取这个 xlsx 文件:文件可能已损坏,请在 Excel 中另存后再试") from None
    try:
        sheet = book.active
        # Never trust the declared dimension (it may say XFD1048576): read one row and one
        # column past the limits and refuse if anything is there.
        raw = sheet.iter_rows(min_row=1, max_row=max_rows + 2, max_col=max_columns + 1, values_only=True)
        rows = _trim(raw)
    except Exception:   # noqa: BLE001
        raise PlaybookInputError("file", "无法读取这个 xlsx 文件的第一个工作表") from None
    finally:
        book.close()
    return _check_extent(rows, max_rows, max_columns)


def read_rows(data: bytes, filename: str = "table.csv", *, max_rows: int = MAX_ROWS,
              max_columns: int = MAX_COLUMNS) -> list[list[Cell]]:
    """Rows of an uploaded file: xlsx/xlsm (first sheet) or CSV/TSV/TXT in UTF-8 or GBK."""
    if len(data) > MAX_BYTES:
        raise PlaybookInputError("file", f"文件须小于 {MAX_BYTES // (1024 * 1024)} MB,收到 {len(data) / 1048576:.1f} MB")
    if not data:
        raise PlaybookInputError("file", "文件是空的")
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _xlsx_rows(data, max_rows, max_columns)
    if filename.lower().endswith(".xls"):
        raise PlaybookInputError("file", "不支持旧版 .xls 文件:请在 Excel 中另存为 .xlsx 或 CSV")
    return read_text(_decode(data), max_rows=max_rows, max_columns=max_columns, typed=False)


def records(rows: Sequence[Sequence[Cell]], columns: Mapping[str, Sequence[str]], *,
            required: Sequence[str] = ()) -> list[dict[str, Cell]]:
    """Rows keyed by column: ``columns`` maps each column's name to the header spellings it accepts
    (its own name first). Missing ``required`` columns are named, with the header actually found."""
    if not rows:
        raise PlaybookInputError("file", "表格是空的:第一行须是表头")
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
        raise PlaybookInputError("file", f"表头缺少列:{'、'.join(missing)}。找到的表头是:{seen}"
                                         "(第一行须是表头;从 Excel 粘贴时请连表头一起复制)")
    out = []
    for row in rows[1:]:
        out.append({name: (row[i] if i < len(row) else "") for name, i in where.items()})
    return out
