"""Issue 26, by class: every spreadsheet a person uploads goes through one reader that caps the
sheet's real extent (not its declared dimension), and every exported cell goes through one writer
that neutralises formulas. The tests walk every module of each class (attack report N1, N5, N25,
N27, N38)."""
from __future__ import annotations

import ast
import csv
import io
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import playbook
from playbook import spreadsheet
from playbook.engines import cadence, forecast, grading, loss_files
from playbook.engines.quote import quote
from playbook.errors import PlaybookInputError
from playbook.normalize import FORMULA_START, cell_text, is_formula_like
from playbook.trainer import dashboard
from playbook.trainer.roleplay import CheckMark, ScoreSheet

openpyxl = pytest.importorskip("openpyxl")

SRC = Path(playbook.__file__).parent
CST = timezone(timedelta(hours=8))


def xlsx(rows, far: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far:
        sheet[far] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GRADING_HEADER = list(grading.REQUIRED_COLUMNS)
FORECAST_HEADER = ["月份", "区域", "品项", "销量"]
LOSS_HEADER = ["司机", "承运商", "运距"]

#: Every reader of uploaded tables: (name, function of (bytes, filename), a valid header).
READERS = [
    ("grading", lambda data, name: grading.read_table(data, name), GRADING_HEADER),
    ("forecast", lambda data, name: forecast.read_history((data, name)), FORECAST_HEADER),
    ("loss", lambda data, name: loss_files.read_deliveries(data, name), LOSS_HEADER),
]


def code_of(call, *args) -> str:
    with pytest.raises(PlaybookInputError) as info:
        call(*args)
    assert info.value.message and len(info.value.message) <= 300
    return info.value.code


# --------------------------------------------------------------------------- reading
@pytest.mark.parametrize(("name", "read", "header"), READERS, ids=[r[0] for r in READERS])
def test_the_xlsx_bomb_is_refused_by_every_reader(name, read, header):
    """N5: one cell at XFD1048576 declared the sheet 17 billion cells; the readers walked them."""
    bomb = xlsx([header], far="XFD1048576")
    assert len(bomb) < 10_000
    assert code_of(read, bomb, "c.xlsx") == "file_too_many_rows"
    wide = xlsx([header], far="XFD2")
    assert code_of(read, wide, "c.xlsx") == "file_too_many_columns"


@pytest.mark.parametrize(("name", "read", "header"), READERS, ids=[r[0] for r in READERS])
@pytest.mark.parametrize(("data", "filename", "code"), [
    (b"", "a.csv", "file_empty"),
    (b"\xef\xbb\xbf", "a.csv", "file_empty"),                       # BOM only (N25)
    (b'"\xe7\x94\xb2,1,2\n', "a.csv", "file_empty"),                 # no closing quote: one odd field
    (b"garbage" * 50, "a.xlsx", "file_unreadable"),                  # N25
    ("客户,稳定性\n甲,3\n".encode(), "a.xlsx", "file_unreadable"),   # a CSV renamed .xlsx (N25)
    (b"PK\x03\x04" + b"\x00" * 200, "a.xlsx", "file_unreadable"),
    (b"a,b\n" + b"x" * 200_000 + b",1\n", "a.csv", "file_field_too_long"),   # N27
    (b"a,b\n1,\x002\n", "a.csv", "file_nul"),
    (b"a,b\n", "a.xls", "file_xls"),
    (b"a,b\n", "a.pdf", "file_suffix"),
    (b"\x81\x30\x81", "a.csv", None),                                # a broken GB18030 byte run
])
def test_a_bad_file_is_the_domain_error_of_every_reader(name, read, header, data, filename, code):
    got = code_of(read, data, filename)
    if code is not None:
        if code == "file_empty" and got != "file_empty":   # header present but wrong: columns missing
            assert got in ("header_missing", "missing_columns", "file_empty", "no_rows")
        else:
            assert got == code


def test_not_bytes_is_refused():
    assert code_of(spreadsheet.read_rows, "客户,稳定性", "a.csv") == "file_type"
    assert code_of(forecast.read_history, (b"x",)) == "file_type"       # N30
    assert code_of(forecast.read_history, None) == "file_type"


def test_rows_past_the_limit_are_refused_in_csv_too(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 5)
    data = ("a,b\n" + "1,2\n" * 5).encode()
    assert code_of(spreadsheet.read_rows, data, "a.csv") == "file_too_many_rows"
    assert len(spreadsheet.read_rows(("a,b\n" + "1,2\n" * 4).encode(), "a.csv")) == 5


def test_a_real_table_reads_the_same_from_csv_and_xlsx():
    rows = [["客户", "稳定性"], ["甲", 3], ["乙", None]]
    from_xlsx = spreadsheet.read_rows(xlsx(rows), "t.xlsx")
    from_csv = spreadsheet.read_rows("客户,稳定性\n甲,3\n乙,\n".encode("gbk"), "t.csv")
    assert from_xlsx == [("客户", "稳定性"), ("甲", 3), ("乙", None)]
    assert from_csv == [("客户", "稳定性"), ("甲", "3"), ("乙", "")]


def test_the_bomb_stays_within_200_mb_of_address_space():
    """N5, memory: the grading, forecast and loss readers refuse the bomb under RLIMIT_AS."""
    code = textwrap.dedent("""
        import io, resource, openpyxl
        import pandas  # loaded before the cap: what is measured is the reading
        from playbook.engines import forecast, grading, loss_files
        from playbook.errors import PlaybookInputError
        book = openpyxl.Workbook(); sheet = book.active
        sheet.append(["客户", "月份", "区域", "品项", "销量", "司机"]); sheet["XFD1048576"] = "x"
        buf = io.BytesIO(); book.save(buf); data = buf.getvalue()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        used = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (used + 200 * 2**20, hard))
        for read in (lambda: grading.read_table(data, "c.xlsx"), lambda: forecast.read_history((data, "c.xlsx")),
                     lambda: loss_files.read_deliveries(data, "c.xlsx")):
            try:
                read()
            except PlaybookInputError as err:
                print(err.code)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["file_too_many_rows"] * 3


def _calls(path: Path, names: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
            if name in names or f"{owner}.{name}" in names:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {owner + '.' if owner else ''}{name}")
    return found


def test_no_module_reads_a_spreadsheet_on_its_own():
    """Every reader goes through playbook.spreadsheet.read_rows (a new module cannot reopen N5)."""
    readers = {"read_csv", "read_excel", "load_workbook", "csv.reader", "csv.DictReader"}
    found = [c for p in SRC.rglob("*.py") if p.name != "spreadsheet.py" for c in _calls(p, readers)]
    assert found == []


# --------------------------------------------------------------------------- writing
HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠x",
           "\xa0=1+1", "\u3000=1+1", "\u2003+A1", " \n=1", "\u200b=1", "=HYPERLINK(\"http://evil.example\")"]


def test_cell_text_neutralises_every_prefix():
    """N38: NBSP and ideographic spaces before '=' were left alone."""
    for text in HOSTILE:
        assert cell_text(text).startswith("'"), repr(text)
        assert is_formula_like(text) or text.startswith(("\t", "\r")), repr(text)
    for text in ("-5.00", "+3", "张三", "a=b", "100%", ""):
        assert not cell_text(text).startswith("'"), repr(text)
    assert {"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"} <= set(FORMULA_START)


def _bad_csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row if cell and _live(cell)]


def _live(cell: str) -> bool:
    return not cell.startswith("'") and is_formula_like(cell)


def _bad_xlsx_cells(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    bad = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and _live(cell.value)):
                    bad.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
    return bad


def _sheets(name: str) -> list[ScoreSheet]:
    return [ScoreSheet(session=name, round_no=r, trainee=name, observer="培训师", scenario_id=name,
                       marks=(CheckMark(name, "fab", name, True), CheckMark("c2", "objection", name, False)),
                       notes=name, scored_at=datetime(2026, 3, 2, 9, r, tzinfo=CST)) for r in (1, 2)]


def _exports(text: str) -> dict[str, tuple[str, bytes]]:
    """Every export of the package, each holding ``text`` wherever a reader's text can go."""
    from playbook.views import cadence as cadence_view
    from playbook.views import quote_export

    q = quote(grade="grade-0", tier="tier-key", quantity=30, unit_price_per_tonne=6600,
              at=datetime(2026, 1, 10, 9, 0))
    plan = cadence.plan([cadence.Customer(text, "A", (9, 3))], 2026, 9,
                        events=[cadence.Event(text, __import__("datetime").date(2026, 9, 12), "anniversary")])
    graded = grading.grade(grading.customers_from_rows(
        [dict(zip(grading.REQUIRED_COLUMNS, [text, 5, 2, 5, 4, 5]))]))
    out = {
        "quote.csv": ("csv", quote_export.csv_bytes(q, customer=text)),
        "quote.xlsx": ("xlsx", quote_export.xlsx_bytes(q, customer=text)),
        "cadence.csv": ("csv", cadence.to_csv(plan)),
        "cadence.xlsx": ("xlsx", cadence_view.xlsx_bytes(plan)),
        "grading.csv": ("csv", grading.to_csv(graded)),
        "dashboard.xlsx": ("xlsx", dashboard.xlsx_bytes(_sheets(text))),
    }
    from playbook.trainer.teamboard import exports
    items = _sheets(text)
    out["dashboard records.csv"] = ("csv", exports._csv_bytes(exports.RECORD_HEADERS, exports._record_rows(items)))
    out["dashboard weakest.csv"] = ("csv", exports._csv_bytes(exports.WEAKEST_HEADERS, exports._weakest_rows(items)))
    return out


EXPORTERS = list(_exports("甲").keys())


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "\xa0=1+1", "\u3000@SUM(A1)", "＋1", "-1+2"])
def test_every_exporter_neutralises_formulas(text):
    """N1: the planner's xlsx stored customer names as live formulas."""
    exports = _exports(text)
    assert sorted(exports) == sorted(EXPORTERS)
    for name, (kind, data) in exports.items():
        bad = _bad_csv_cells(data) if kind == "csv" else _bad_xlsx_cells(data)
        assert bad == [], name
        cells = ([c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row] if kind == "csv" else
                 [c.value for sh in openpyxl.load_workbook(io.BytesIO(data)).worksheets for row in sh.iter_rows()
                  for c in row])
        assert any(isinstance(c, str) and c.startswith("'") for c in cells), name   # there, neutralised


def test_no_module_writes_a_spreadsheet_on_its_own():
    """Every CSV or xlsx writer goes through playbook.spreadsheet (csv_bytes / csv_text /
    write_rows / write_cell): no csv.writer and no worksheet.append outside it."""
    found = [c for p in SRC.rglob("*.py") if p.name != "spreadsheet.py"
             for c in _calls(p, {"csv.writer", "csv.DictWriter"})]
    assert found == []
    appends = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if _calls(path, {"Workbook", "openpyxl.Workbook"}) and path.name != "spreadsheet.py":
            appends += _calls(path, {"sheet.append", "ws.append", "worksheet.append", "book.append"})
            assert "playbook.spreadsheet import" in text, path
    assert appends == []
