"""A customer table for 客户分级: :func:`read_table` reads a CSV (UTF-8 or GBK), an xlsx
(openpyxl, in Jupyter) or an Excel paste into rows through :mod:`playbook.sheets` (size and
extent capped) and checks the columns; :func:`customers_from_rows` turns the rows into
:class:`~playbook.engines.grading_rules.Customer` records (ratings typed, or banded from 年用量,
毛利, 最近进油 / 未进油月数; 回款天数 against the credit limit; the 是/否 checks), errors naming
row and column; the column template and a sample table.

Usage (one row; 需求量 left blank is banded from 年用量 = 600 t):

>>> from playbook.engines.grading_input import customers_from_rows
>>> row = {"客户": "甲油站", "稳定性": "5", "价格敏感度": "2", "需求量": "", "年用量": "600",
...        "忠诚度": "5", "属性": "4", "回款天数": "90"}
>>> c = customers_from_rows([row])[0]
>>> c.ratings["volume"], sorted(c.checks)
(3.0, ['risk_finance'])

Standard library only except the xlsx reader.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from playbook.engines.grading_rules import (_CHECK_BY_COLUMN, CHECKS, CRITERIA, DEFAULT_BANDS, DEFAULT_CREDIT_DAYS,
                                            OBJECTIVE_COLUMNS, Band, Customer)
from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import clean_line, require_number, to_float

_YES = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对"}
_NO = {"", "否", "无", "n", "no", "false", "0", "×", "不"}


def _rating(text: object, field: str, label: str, row: int) -> float:
    # Through normalize only: a TRUE cell is not the rating 1 (N19), "1,5" is not 15.
    raw = str(text if text is not None else "").strip()
    if raw == "":
        raise PlaybookInputError(field, code="row_empty", where="", row=row, column=label)
    try:
        value = to_float(text, field, label)        # full-width digits, numpy scalars …
    except PlaybookInputError:
        raise PlaybookInputError(field, code="row_number", where="", row=row, column=label, low=1, high=5,
                                 received=raw[:20]) from None
    return require_number(value, field, f"第 {row} 行“{label}”", 1, 5, "")


def _objective(value: object, label: str, row: int, hi: float) -> float | None:
    """An objective cell as a number 0–hi (None when blank); errors name the row and column."""
    if value is None or str(value).strip() == "":
        return None
    try:
        x = to_float(value, label, label)
    except PlaybookInputError:
        raise PlaybookInputError(label, code="row_number", where="", row=row, column=label, low=0, high=hi,
                                 received=str(value)[:20]) from None
    return require_number(x, label, f"第 {row} 行“{label}”", 0, hi, "")


def months_between(last: date, today: date) -> int:
    """Whole months from ``last`` to ``today`` (2026-09-15 → 2026-12-14: 2; → 12-15: 3)."""
    months = (today.year - last.year) * 12 + today.month - last.month
    return max(0, months - (1 if today.day < last.day else 0))


def _last_purchase(value: object, row: int, today: date) -> float | None:
    import datetime as dt

    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value).strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").replace("日", "")
        parts = [p for p in text.split("-") if p]
        try:
            y, m = int(parts[0]), int(parts[1])
            d = int(parts[2]) if len(parts) > 2 else 1
            value = dt.date(y, m, d)
        except (ValueError, IndexError):
            raise PlaybookInputError("最近进油", code="grading_delivery_date", row=row, received=str(value)[:20]) from None
    if value > today:
        raise PlaybookInputError("最近进油", code="grading_future_delivery", row=row, got=value, today=today)
    return float(months_between(value, today))


def band_from_text(base: Band, text: str) -> Band:
    """``base`` with the thresholds typed in a box (``30,60,120,240``; full-width comma or 、 too);
    the numbers are read by :func:`check_bands` (through :mod:`playbook.normalize`)."""
    raw = str(text).replace("\uff0c", ",").replace("、", ",")
    parts = [x.strip() for x in raw.split(",") if x.strip()]
    if len(parts) != 4:
        raise PlaybookInputError("bands", code="grading_bands_text", column=base.column,
                                 example=','.join(f'{x:g}' for x in base.thresholds), received=text)
    return Band(base.column, base.criterion, base.unit, tuple(parts), base.higher_rating_when_higher)  # type: ignore[arg-type]  # raw text; check_bands reads the numbers


def check_bands(bands: Iterable[Band] | None) -> tuple[Band, ...]:
    """Bands with ascending thresholds ≥ 0, or the Chinese error naming the column."""
    out = []
    for b in (DEFAULT_BANDS if bands is None else tuple(bands)):
        t = tuple(require_number(x, "bands", f"“{b.column}”的分档界限", 0, 1e9, b.unit) for x in b.thresholds)
        if len(t) != 4 or any(t[i] >= t[i + 1] for i in range(3)):
            raise PlaybookInputError("bands", code="grading_bands", column=b.column, received=b.thresholds)
        out.append(Band(b.column, b.criterion, b.unit, t, b.higher_rating_when_higher))
    return tuple(out)


@guarded("rows")
def customers_from_rows(rows: Iterable[Mapping[str, object]], *, bands: Iterable[Band] | None = None,
                        credit_days: object = DEFAULT_CREDIT_DAYS, today: date | None = None) -> list[Customer]:
    """Customers from table rows keyed by the Chinese headers: 客户; the five ratings 稳定性,
    价格敏感度, 需求量, 忠诚度, 属性 (1–5), any of which may instead come from an objective column
    (年用量, 毛利, 最近进油 or 未进油月数; ``bands``); optional 回款天数, 客户经理 and the 是/否 columns
    of :data:`CHECKS`. Errors name row and column."""
    import datetime as dt

    today = today or dt.date.today()
    bands = check_bands(bands)
    band_for = {b.criterion: b for b in bands}
    limit = require_number(credit_days, "credit_days", "视为赊账的回款天数", 0, 3650, "天")
    out: list[Customer] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):           # row 1 is the header
        name = clean_line(str(row.get("客户") or ""))
        if not name:
            if not any(str(v or "").strip() for v in row.values()):
                continue                             # blank line
            raise PlaybookInputError("客户", code="row_empty", where="", row=n, column="客户")
        if name in seen:
            raise PlaybookInputError("客户", code="duplicate", where=f"第 {n} 行的", what="客户名称", name=name)
        seen.add(name)
        volume = _objective(row.get("年用量"), "年用量", n, 1e9)
        margin = _objective(row.get("毛利"), "毛利", n, 1e6)
        idle = _objective(row.get("未进油月数"), "未进油月数", n, 1200)
        last = _last_purchase(row.get("最近进油"), n, today)
        idle = last if last is not None else idle
        facts = {"年用量": volume, "毛利": margin, "未进油月数": idle}
        ratings = {}
        for c in CRITERIA:
            raw = row.get(c.column)
            band = band_for.get(c.id)
            fact = facts.get(band.column) if band is not None else None
            if (raw is None or str(raw).strip() == "") and band is not None and fact is not None:
                ratings[c.id] = band.rating(fact)
            else:
                ratings[c.id] = _rating(raw, c.id, c.column, n)
        checks = set()
        for column, check in _CHECK_BY_COLUMN.items():
            answer = row.get(column)
            if not answer:
                continue
            answer = str(answer).strip().lower()
            if answer in _YES:
                checks.add(check.id)
            elif answer not in _NO:
                raise PlaybookInputError(check.id, code="choice", label=f"第 {n} 行“{column}”", allowed="是、否",
                                         received=answer)
        days = _objective(row.get("回款天数"), "回款天数", n, 3650)
        if days is not None and days > limit:
            checks.add("risk_finance")
        value = volume * margin if volume is not None and margin is not None else None
        out.append(Customer(name, ratings, frozenset(checks), clean_line(str(row.get("客户经理") or "")), idle, value))
    if not out:
        raise PlaybookInputError("客户", code="grading_no_rows")
    return out


REQUIRED_COLUMNS = ("客户", *(c.column for c in CRITERIA))
CSV_TEMPLATE_COLUMNS = ("客户", "客户经理", *(c.column for c in CRITERIA), "年用量", "毛利", "回款天数", "最近进油",
                        *(c.column for c in CHECKS))


#: Header spellings each column accepts (ERP exports and Excel pastes vary).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "客户": ("客户名称", "名称", "客户名"), "客户经理": ("业务员", "销售", "负责人", "归属"),
    "年用量": ("年用量(吨)", "年销量", "年购油量", "用量"), "毛利": ("毛利(元/吨)", "吨毛利", "单吨毛利"),
    "回款天数": ("回款期", "账期", "账期(天)"), "最近进油": ("最近进油日期", "最后进油", "最近购买", "最近下单"),
    "未进油月数": ("未购买月数",),
}


def read_table(data: bytes | str, filename: str = "customers.csv") -> list[dict[str, object]]:
    """Rows of a CSV/TSV (UTF-8 or GBK), an xlsx's first sheet, or text pasted from Excel
    (tab-separated), keyed by the header row (:mod:`playbook.sheets`: size and extent capped);
    checks that 客户 and, for each criterion, its rating or its objective column are there."""
    from playbook import sheets

    values = sheets.read_text(data) if isinstance(data, str) else sheets.read_rows(data, filename)
    if not values:
        raise PlaybookInputError("file", code="file_empty", name="客户表")
    columns = {c: COLUMN_ALIASES.get(c, ()) for c in ("客户", "客户经理", *(c.column for c in CRITERIA),
                                                      *OBJECTIVE_COLUMNS, *(c.column for c in CHECKS))}
    names = [str(h).strip().replace(" ", "") for h in values[0]]
    twice = sorted({h for h in names if h and names.count(h) > 1})
    if twice:
        raise PlaybookInputError("file", code="duplicate_column", name="表格", column=twice[0][:30])
    header = set(names)
    found = {name for name, spellings in columns.items() if name in header or header & set(spellings)}
    objective_for = {b.criterion: b.column for b in DEFAULT_BANDS}
    missing = []
    for c in CRITERIA:
        alt = objective_for.get(c.id)
        if c.column in found or (alt and (alt in found or (alt == "未进油月数" and "最近进油" in found))):
            continue
        missing.append(c.column + (f"(或“{alt}”)" if alt else ""))
    if "客户" not in found:
        missing.insert(0, "客户")
    if missing:
        seen = "、".join(str(h) for h in values[0] if str(h).strip()) or "(空)"
        raise PlaybookInputError("file", code="header_missing", missing="、".join(missing), found=seen)
    return sheets.records(values, columns)


def template_csv() -> bytes:
    """An empty CSV template with every column (UTF-8 with BOM, for Excel)."""
    return ("\ufeff" + ",".join(CSV_TEMPLATE_COLUMNS) + "\r\n").encode("utf-8")


#: A small sample list (fictional customers) for the widget and the chapter.
SAMPLE_CSV = """客户,稳定性,价格敏感度,需求量,忠诚度,属性,赊账欠款,额外要求,扰乱市场,可能流失,需求足,盈利信誉好,服务成本低,关系良好,长期伙伴,买少要求多,不讲信誉,分散精力
华东物流公司,5,2,5,4,5,,,,,是,是,,是,是,,,
某水泥厂,4,3,5,3,4,是,是,,,是,,,,,,,
城西民营加油站,4,4,3,3,4,,,,,,,是,是,,,,
某建工集团,3,4,5,2,3,是,,,是,是,,,,,,,
县城个体加油点,2,5,1,2,2,,,,,,,,,,是,,
新开业加油站,3,2,2,4,4,,,,,,是,是,是,是,,,
某调油商,2,5,4,1,1,,是,是,是,,,,,,,是,
农机合作社,4,3,2,5,3,,,,,,是,是,是,,,,
"""
