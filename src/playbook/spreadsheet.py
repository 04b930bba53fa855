"""The one reader and the one writer of spreadsheet files (CSV and Excel .xlsx).

Every table a trainee or trainer uploads (customer grading, sales history, delivery audit …) is
read by :func:`read_rows`, and every table the package lets someone download goes out through
:func:`csv_bytes`, :func:`write_rows` or :func:`write_cell`. A new reader or exporter that uses
these cannot reopen the two holes they close (``tests/test_spreadsheet.py`` walks every module):

Reading (:func:`read_rows`)
    The file's size is capped (:data:`MAX_BYTES`), and so is what an .xlsx unpacks to
    (:data:`MAX_UNZIPPED`, from the zip directory, which :mod:`zipfile` enforces while reading).
    A sheet is walked with openpyxl in read-only mode after dropping its *declared* dimension
    (a 5 KB file can declare ``A1:XFD1048576``, 17 billion cells): only rows and cells that are
    in the file are produced, and the walk stops with a Chinese message as soon as the data goes
    past :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS` columns. CSV is decoded as UTF-8 (with or
    without BOM) or GB18030 (⊃ GBK ⊃ GB2312); a field of any length, a broken quote or a NUL
    byte is a :class:`~playbook.errors.PlaybookInputError`, never a parser exception. The result
    is a list of rows (the header first), each a tuple of cell values: text (``str``), numbers
    and dates from xlsx as openpyxl gives them, ``None`` for an empty cell.

Writing (:func:`csv_bytes`, :func:`write_cell`, :func:`write_rows`)
    Every text cell goes through :func:`playbook.normalize.cell_text`: a text a spreadsheet
    program would evaluate (leading ``= + - @``, tab, carriage return, their full-width forms,
    also after leading spaces, no-break or ideographic spaces) is stored with a leading ``'``;
    in xlsx every text cell is also typed as a string, never a formula.

Standard library only, except openpyxl, imported inside the xlsx functions (Jupyter, build).
"""
from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from playbook.errors import PlaybookInputError
from playbook.normalize import cell_text

__all__ = [
    "MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "MAX_UNZIPPED", "XLSX_SUFFIXES", "CSV_SUFFIXES",
    "csv_bytes", "csv_text", "decode_text", "read_rows", "read_text", "write_cell", "write_rows",
]

#: Largest uploaded file, bytes.
MAX_BYTES = 20 * 1024 * 1024
#: Largest total an .xlsx may unpack to, bytes (its XML parts).
MAX_UNZIPPED = 120 * 1024 * 1024
#: Most rows a table may have, header included.
MAX_ROWS = 100_001
#: Most columns a table may have.
MAX_COLUMNS = 100
#: Longest text in one CSV field, characters.
MAX_FIELD = 10_000

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")

Row = tuple[Any, ...]


def _name(filename: object) -> str:
    text = str(filename)
    return text if len(text) <= 60 else text[:57] + "…"


def _too_many_rows(shown: str) -> PlaybookInputError:
    return PlaybookInputError("file", code="file_too_many_rows", name=shown, high=MAX_ROWS - 1)


def _too_many_columns(shown: str) -> PlaybookInputError:
    return PlaybookInputError("file", code="file_too_many_columns", name=shown, high=MAX_COLUMNS)


def decode_text(data: bytes, shown: str = "文件") -> str:
    """CSV bytes as text: UTF-8 (BOM or not), else GB18030; else the domain error."""
    for encoding in ("utf-8-sig", "gb18030"):      # GB18030 ⊃ GBK ⊃ GB2312
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlaybookInputError("file", code="file_encoding", name=shown)


def _read_csv(data: bytes, shown: str) -> list[Row]:
    return _parse_text(decode_text(data, shown), shown)


def read_text(text: object, *, typed: bool = True, shown: str = "粘贴的表格") -> list[Row]:
    """The rows of a table pasted into a text box (a paste from Excel is tab-separated) or typed
    as CSV, with the same caps as a file. ``typed`` text may use the full-width comma as a
    separator (in a file it is part of a name)."""
    if not isinstance(text, str):
        raise PlaybookInputError("file", code="file_type", name=shown, kind=type(text).__name__)
    if typed and "\t" not in next((ln for ln in text.splitlines() if ln.strip()), ""):
        text = text.replace("\uff0c", ",")
    return _parse_text(text, shown)


def _parse_text(text: str, shown: str) -> list[Row]:
    """CSV text → rows (tab-separated when the first non-blank line has a tab: an Excel paste)."""
    if "\x00" in text:
        raise PlaybookInputError("file", code="file_nul", name=shown)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=False, delimiter="\t" if "\t" in first else ",")
    old = csv.field_size_limit()
    try:
        csv.field_size_limit(MAX_FIELD)
        for row in reader:
            if len(rows) >= MAX_ROWS:
                if any(cell.strip() for cell in row):
                    raise _too_many_rows(shown)
                continue
            if len(row) > MAX_COLUMNS:
                if any(cell.strip() for cell in row[MAX_COLUMNS:]):
                    raise _too_many_columns(shown)
                row = row[:MAX_COLUMNS]
            rows.append(tuple(row))
    except csv.Error as err:
        if "field larger" in str(err):
            raise PlaybookInputError("file", code="file_field_too_long", name=shown, high=MAX_FIELD,
                                     line=reader.line_num) from None
        raise PlaybookInputError("file", code="file_csv_broken", name=shown, line=reader.line_num) from None
    finally:
        csv.field_size_limit(old)
    return rows


def _present(value: object) -> bool:
    return value is not None and value != ""


def _sheet_rows(book: Any, sheet: Any, shown: str) -> list[Row]:
    """The rows present in a read-only sheet's XML, gaps filled with empty rows, refused as soon
    as a value lies past :data:`MAX_ROWS` or :data:`MAX_COLUMNS` (openpyxl's own iterator would
    first produce every empty row up to there: a million for a cell in the last row)."""
    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        source = sheet._get_source()
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - another openpyxl
        return _sheet_rows_public(sheet, shown)
    rows: list[Row] = []
    with source:
        for index, cells in parser.parse():
            if index > MAX_ROWS:
                if any(_present(c.get("value")) for c in cells):
                    raise _too_many_rows(shown)
                continue
            width = 0
            for cell in cells:
                if cell["column"] > MAX_COLUMNS:
                    if _present(cell.get("value")):
                        raise _too_many_columns(shown)
                elif _present(cell.get("value")):
                    width = max(width, cell["column"])
            values: list[Any] = [None] * width
            for cell in cells:
                if cell["column"] <= width:
                    values[cell["column"] - 1] = cell.get("value")
            while len(rows) < index - 1:
                rows.append(())
            rows.append(tuple(values))
    return rows


def _sheet_rows_public(sheet: Any, shown: str) -> list[Row]:  # pragma: no cover - fallback
    sheet.reset_dimensions()
    rows: list[Row] = []
    for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if index > MAX_ROWS:
            if any(_present(v) for v in row):
                raise _too_many_rows(shown)
            continue
        if len(row) > MAX_COLUMNS:
            if any(_present(v) for v in row[MAX_COLUMNS:]):
                raise _too_many_columns(shown)
            row = row[:MAX_COLUMNS]
        rows.append(tuple(row))
    return rows


def _read_xlsx(data: bytes, shown: str) -> list[Row]:
    try:
        import openpyxl
    except ImportError:
        raise PlaybookInputError("file", code="file_xlsx_unavailable", name=shown) from None
    unreadable = PlaybookInputError("file", code="file_unreadable", name=shown)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError):
        raise unreadable from None
    if unpacked > MAX_UNZIPPED:
        raise PlaybookInputError(
            "file", code="file_too_large", name=shown, high=MAX_UNZIPPED // 2**20, unit="MB")
    rows: list[Row] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.active
            if sheet is None or not hasattr(sheet, "reset_dimensions"):
                raise unreadable
            # The declared dimension (<dimension ref="A1:XFD1048576"/>) may be a lie: walk only the
            # rows and cells that are in the file, and stop at the first one past the limits.
            rows = _sheet_rows(book, sheet, shown)
        finally:
            book.close()
    except PlaybookInputError:
        raise
    except MemoryError:
        raise PlaybookInputError("file", code="file_memory", name=shown) from None
    except Exception:  # noqa: BLE001 - any damage in the file is the uploader's input error
        raise unreadable from None
    # Trailing empty rows (formatting only) are not data.
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()
    return rows


def read_rows(data: object, filename: object) -> list[Row]:
    """The rows of an uploaded CSV or .xlsx (first sheet), header first; see the module doc.

    ``data`` is the file's bytes, ``filename`` its name (the suffix decides the format).
    Raises :class:`~playbook.errors.PlaybookInputError` (field ``"file"``) for an empty, too
    large, damaged or unsupported file, or data past :data:`MAX_ROWS` × :data:`MAX_COLUMNS`.
    """
    shown = _name(filename)
    if isinstance(data, memoryview | bytearray):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise PlaybookInputError("file", code="file_type", name=shown, kind=type(data).__name__)
    if not data or not data.strip():
        raise PlaybookInputError("file", code="file_empty", name=shown)
    if len(data) > MAX_BYTES:
        raise PlaybookInputError("file", code="file_too_large", name=shown, high=MAX_BYTES // 2**20, unit="MB")
    lower = str(filename).lower()
    if lower.endswith(".xls"):
        raise PlaybookInputError("file", code="file_xls", name=shown)
    if lower.endswith(XLSX_SUFFIXES):
        rows = _read_xlsx(data, shown)
    elif lower.endswith(CSV_SUFFIXES) or "." not in lower.rsplit("/", 1)[-1]:
        rows = _read_csv(data, shown)
    else:
        raise PlaybookInputError("file", code="file_suffix", name=shown)
    if not rows or not any(_present(v) for v in rows[0]):
        raise PlaybookInputError("file", code="file_empty", name=shown)
    width = len(rows[0])
    return [row + (None,) * (width - len(row)) if len(row) < width else row for row in rows]


# --------------------------------------------------------------------------- writing
def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, Decimal):
        return format(abs(value) if value == 0 else value, "f")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return cell_text(value)


def csv_text(headers: Sequence[object] | None, rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (CRLF lines); every text cell through :func:`~playbook.normalize.cell_text`,
    numbers as plain numbers (``-0`` → ``0``), dates ISO, ``None`` empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if headers is not None:
        writer.writerow([_csv_value(h) for h in headers])
    writer.writerows([_csv_value(v) for v in row] for row in rows)
    return buffer.getvalue()


def csv_bytes(headers: Sequence[object] | None, rows: Iterable[Sequence[Any]], *, bom: bool = True) -> bytes:
    """:func:`csv_text` as UTF-8 with BOM (so Excel shows the Chinese), or without."""
    return csv_text(headers, rows).encode("utf-8-sig" if bom else "utf-8")


def write_cell(cell: Any, value: Any) -> Any:
    """Put ``value`` into an openpyxl cell: text through :func:`~playbook.normalize.cell_text`
    and typed as a string (never a formula); numbers, dates and ``None`` as they are."""
    if isinstance(value, str) or not isinstance(value, (int, float, Decimal, date, type(None))):
        cell.value = cell_text(value)
        cell.data_type = "s"
    elif isinstance(value, float) and math.isnan(value):
        cell.value = None
    elif isinstance(value, Decimal) and value == 0:
        cell.value = abs(value)
    else:
        cell.value = value
    return cell


def write_rows(sheet: Any, rows: Iterable[Sequence[Any]], *, start_row: int | None = None) -> None:
    """Append ``rows`` to an openpyxl worksheet, every cell through :func:`write_cell`."""
    r = (sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1) \
        if start_row is None else start_row
    for row in rows:
        for c, value in enumerate(row, start=1):
            write_cell(sheet.cell(row=r, column=c), value)
        r += 1
