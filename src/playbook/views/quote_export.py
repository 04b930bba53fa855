"""报价单 (printed quotation) from a :class:`~playbook.engines.quote.Quote`: HTML, CSV and Excel.

The labels of every line live here (the view), once, and all three formats plus the
calculator widget use them:

- :func:`lines` — the quote as (key, 项目, 数值, 单位) rows, values still ``Decimal``/``str``;
- :func:`spoken` — one sentence a salesperson can read out to the customer;
- :func:`html_table` (a fragment, used by the widget) and :func:`to_html` (a whole printable
  A4 document with print CSS and a Chinese font stack; every text is HTML-escaped);
- :func:`to_csv` / :func:`csv_bytes` (UTF-8 **with BOM**, so Excel opens the Chinese correctly);
- :func:`xlsx_bytes` (openpyxl, imported only there — not available in the browser runtime);
- :func:`write_html`, :func:`write_csv`, :func:`write_xlsx` write files atomically
  (temporary file in the same folder, then :func:`os.replace`).

Each format shows the price sheet's effective time, the customer tier, the litre/tonne
convention and the VAT split. Standard library only at import time.
"""
from __future__ import annotations

import html
import io
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from playbook.fileio import atomic_write
from playbook.fonts import FONT_FILE
from playbook.fonts.embed import embed_font
from playbook.engines.quote import Quote
from playbook.normalize import printable
from playbook.spreadsheet import csv_text, write_rows

__all__ = ["Line", "csv_bytes", "html_table", "lines", "spoken", "to_csv", "to_html",
           "write_csv", "write_html", "write_xlsx", "xlsx_bytes"]

TITLE = "报价单"
FONT_STACK = ('"Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", '
              '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", "Playbook Sans SC", sans-serif')

DELIVERY_LABELS = {"pickup": "自提", "per_tonne": "配送(按吨计运费)",
                   "per_tonne_km": "配送(按吨公里计运费)"}


@dataclass(frozen=True, slots=True)
class Line:
    """One row of the 报价单. ``value`` is ``Decimal`` for numbers, ``str`` for text."""

    key: str
    label: str
    value: Decimal | str
    unit: str = ""
    #: Number kind for formatting: ``money`` (2 places, thousands separators), ``tonnes``
    #: (3 places), ``litres`` (whole), ``plain`` (as is) or ``text``.
    kind: str = "text"


def _set(value: Decimal | None) -> Decimal:
    """A field the quote sets for this delivery mode / retail comparison (typed optional)."""
    if value is None:
        raise ValueError("quote field expected for this quote is None")
    return value


def _plain(value: Decimal) -> str:
    if value == 0:
        value = abs(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt(line_or_value: Line | Decimal, kind: str = "money") -> str:
    """Display text of a number: money ``170,160.00``, tonnes ``30.000``, litres ``35,976``."""
    if isinstance(line_or_value, Line):
        value, kind = line_or_value.value, line_or_value.kind
    else:
        value = line_or_value
    if isinstance(value, str) or kind == "text":
        return str(value)
    if value == 0:
        value = abs(value)  # never "-0.00"
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "tonnes":
        return f"{value:,.3f}"
    if kind == "litres":
        return f"{value:,.0f}"
    return _plain(value)


def _delivery_text(q: Quote) -> str:
    if q.delivery == "per_tonne":
        text = f"配送,运价 {_plain(_set(q.freight_per_tonne))} 元/吨"
        if q.distance_km is not None:
            text += f",运距 {_plain(q.distance_km)} 公里"
        return text
    if q.delivery == "per_tonne_km":
        return (f"配送,运价 {_plain(_set(q.freight_per_tonne_km))} 元/(吨·公里) × "
                f"运距 {_plain(_set(q.distance_km))} 公里")
    return "自提(不计运费)"


def _price_control(q: Quote) -> str:
    if q.needs_approval:
        return (f"低于{q.tier_name}执行价 {fmt(q.shortfall_per_tonne)} 元/吨,合计让价 "
                f"{fmt(q.shortfall_total)} 元:须报批,批准前不得向客户承诺此价")
    if q.above_tier_price:
        return f"高于{q.tier_name}执行价 {fmt(q.unit_price_per_tonne - q.tier_price_per_tonne)} 元/吨,可执行"
    return f"按{q.tier_name}执行价"


def _effective_text(q: Quote) -> str:
    """The label as printed; where the sheet masks the date (``*``), also the time the system uses."""
    if "*" in q.sheet_effective_label:
        at = q.sheet_effective_at.replace("T", " ")
        return f"{q.sheet_effective_label}(原单日期打码,系统按 {at} 起执行)"
    return q.sheet_effective_label


def lines(q: Quote) -> list[Line]:
    """The 报价单's rows, in print order."""
    out = [
        Line("sheet", "价格执行单", q.sheet_name),
        Line("effective", "执行时间", _effective_text(q)),
        Line("quoted_at", "报价时间", f"{q.quoted_at:%Y-%m-%d %H:%M}"),
        Line("tier", "客户类别", q.tier_name),
        Line("grade", "油品", f"{q.grade_name}({q.standard})"),
        Line("tonnes", "数量(吨)", q.tonnes, "吨", "tonnes"),
        Line("litres", "数量(升,20 °C 标准体积)", q.litres, "升", "litres"),
        Line("convention", "吨升换算口径", q.convention),
        Line("tier_price_per_tonne", f"{q.tier_name}执行价(含税)", q.tier_price_per_tonne, "元/吨", "money"),
        Line("unit_price_per_tonne", "成交单价(含税)", q.unit_price_per_tonne, "元/吨", "money"),
        Line("price_control", "价格控制", _price_control(q)),
        Line("goods_amount", "货款(含税)", q.goods_amount, "元", "money"),
        Line("delivery", "提货方式", _delivery_text(q)),
        Line("freight_amount", "运费(含税)", q.freight_amount, "元", "money"),
        Line("total_gross", "含税合计", q.total_gross, "元", "money"),
        Line("total_net", "其中:不含税金额", q.total_net, "元", "money"),
        Line("total_vat", f"其中:增值税({_plain(q.vat_rate * 100)}%)", q.total_vat, "元", "money"),
        Line("delivered_price_per_tonne", "送到价(含运费)", q.delivered_price_per_tonne, "元/吨", "money"),
        Line("goods_price_per_litre", "折合每升(不含运费)", q.goods_price_per_litre, "元/升", "money"),
        Line("delivered_price_per_litre", "折合每升(含运费)", q.delivered_price_per_litre, "元/升", "money"),
    ]
    if q.retail_price_per_litre is not None:
        out += [
            Line("retail_price_per_litre", "零售挂牌价", q.retail_price_per_litre, "元/升", "money"),
            Line("saving_per_litre", "每升比零售价节省", _set(q.saving_per_litre), "元/升", "money"),
            Line("saving_total", "合计比零售价节省", _set(q.saving_total), "元", "money"),
        ]
    out.append(Line("rounding", "取整规则", q.rounding))
    return out


def spoken(q: Quote) -> str:
    """One sentence to read out to the customer."""
    qty = (f"{_plain(q.quantity)} 吨" if q.unit == "t"
           else f"{fmt(q.quantity, 'litres')} 升(约 {fmt(q.tonnes, 'tonnes')} 吨)")
    if q.delivery == "pickup":
        freight = "自提"
    elif q.delivery == "per_tonne_km":
        freight = f"送到 {_plain(_set(q.distance_km))} 公里外,运费 {fmt(q.freight_amount)} 元"
    else:
        freight = f"配送,运费 {fmt(q.freight_amount)} 元"
    text = (f"{q.grade_name} {qty},单价 {fmt(q.unit_price_per_tonne)} 元/吨,{freight},"
            f"含税合计 {fmt(q.total_gross)} 元(不含税 {fmt(q.total_net)} 元,增值税 "
            f"{fmt(q.total_vat)} 元),折合每升 {fmt(q.delivered_price_per_litre)} 元")
    if q.saving_per_litre is not None:
        if q.saving_per_litre >= 0:
            text += f",比加油站挂牌价每升省 {fmt(q.saving_per_litre)} 元,这一单共省 {fmt(_set(q.saving_total))} 元"
        else:
            text += f",比加油站挂牌价每升贵 {fmt(-q.saving_per_litre)} 元"
    text += "。"
    if q.needs_approval:
        text = (f"【须报批】此价低于{q.tier_name}执行价 {fmt(q.tier_price_per_tonne)} 元/吨,"
                f"批准前不能报给客户。拟报:" + text)
    return text


# ----------------------------------------------------------------------------- HTML
_TABLE_CSS = """
.pb-quote { border-collapse: collapse; width: 100%; font-size: 10.5pt; }
.pb-quote th, .pb-quote td { border: 1px solid #999; padding: 4px 8px; vertical-align: top; }
.pb-quote th { background: #f2f2f2; text-align: left; font-weight: 600; width: 34%; }
.pb-quote td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pb-quote tr.total th, .pb-quote tr.total td { font-weight: 700; border-top: 2px solid #333; }
.pb-quote tr.warn td, .pb-quote tr.warn th { background: #fdecea; color: #a61b1b; }
.pb-quote td.unit { color: #555; white-space: nowrap; width: 10%; }
"""


def html_table(q: Quote) -> str:
    """The quote as an HTML ``<table class="pb-quote">`` (with its own ``<style>``); all text escaped."""
    e = html.escape
    rows = []
    for line in lines(q):
        classes = []
        if line.key == "total_gross":
            classes.append("total")
        if line.key == "price_control" and q.needs_approval:
            classes.append("warn")
        cls = f' class="{" ".join(classes)}"' if classes else ""
        if line.kind == "text":
            cells = f'<td colspan="2">{e(str(line.value))}</td>'
        else:
            cells = f'<td class="num">{e(fmt(line))}</td><td class="unit">{e(line.unit)}</td>'
        rows.append(f'<tr{cls} data-key="{e(line.key)}"><th>{e(line.label)}</th>{cells}</tr>')
    return (f"<style>{_TABLE_CSS}</style>"
            f'<table class="pb-quote"><tbody>{"".join(rows)}</tbody></table>')


def _free_text(value: object) -> str:
    """The customer or note typed by a person, printable (control characters and lone
    surrogates would break the file writers), at most 200 characters."""
    return printable("" if value is None else value).strip()[:200]


def to_html(q: Quote, *, customer: str = "", note: str = "") -> str:
    """A whole printable 报价单 (A4, print CSS, Chinese font stack); every text escaped."""
    e = html.escape
    customer, note = _free_text(customer), _free_text(note)
    head = f"<p class=\"meta\">客户:{e(customer)}</p>" if customer else ""
    extra = f"<p class=\"note\">备注:{e(note)}</p>" if note else ""
    approval = ('<p class="warn">本报价低于执行价,须报批;批准前仅供内部审核,不得向客户承诺。</p>'
                if q.needs_approval else "")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(TITLE)} · {e(q.grade_name)} · {e(q.tier_name)}</title>
<style>
@font-face {{ font-family: "Playbook Sans SC"; src: url("{FONT_FILE}") format("truetype"); }}
@page {{ size: A4 portrait; margin: 18mm 16mm 20mm; }}
html {{ font-family: {FONT_STACK}; color: #111; font-size: 10.5pt; }}
body {{ max-width: 178mm; margin: 0 auto; padding: 8mm 0; line-height: 1.5; }}
h1 {{ font-size: 18pt; text-align: center; letter-spacing: 0.5em; margin: 0 0 4mm; }}
.meta, .note, .say {{ margin: 2mm 0; }}
.say {{ border-left: 3px solid #333; padding-left: 3mm; }}
.warn {{ color: #a61b1b; font-weight: 700; }}
.sign {{ margin-top: 12mm; display: flex; justify-content: space-between; }}
{_TABLE_CSS}
@media print {{
  body {{ padding: 0; max-width: none; }}
  .pb-quote tr {{ page-break-inside: avoid; break-inside: avoid; }}
  .pb-quote th, .pb-quote tr.warn td, .pb-quote tr.warn th {{
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
</style>
</head>
<body>
<h1>{e(TITLE)}</h1>
{head}{approval}
{html_table(q).split("</style>", 1)[1]}
<p class="say">{e(spoken(q))}</p>
{extra}
<div class="sign"><span>报价人:__________</span><span>审核:__________</span><span>日期:__________</span></div>
</body>
</html>
"""


# ------------------------------------------------------------------------------ CSV
def _csv_value(line: Line) -> str:
    if isinstance(line.value, str):
        return line.value
    return _plain_number(line.value)


def _plain_number(value: Decimal) -> str:
    return format(abs(value) if value == 0 else value, "f")


def to_csv(q: Quote, *, customer: str = "") -> str:
    """CSV text (项目, 数值, 单位); numbers unformatted (``170160.00``) so they parse back.

    Every text cell goes through :func:`playbook.normalize.cell_text`: a text that a spreadsheet
    would run as a formula (the customer's name ``=HYPERLINK(…)``) gets a leading ``'``."""
    customer = _free_text(customer)
    rows: list[list[object]] = []
    if customer:
        rows.append(["客户", customer, ""])
    rows += [[line.label, _csv_value(line), line.unit] for line in lines(q)]
    rows.append(["报价口径", spoken(q), ""])
    return csv_text(["项目", "数值", "单位"], rows)


def csv_bytes(q: Quote, *, customer: str = "") -> bytes:
    """The CSV as UTF-8 with BOM (Excel then opens the Chinese correctly)."""
    return to_csv(q, customer=customer).encode("utf-8-sig")


# ----------------------------------------------------------------------------- xlsx
_NUMBER_FORMATS = {"money": "#,##0.00", "tonnes": "#,##0.000", "litres": "#,##0"}


def _append(ws: object, values: list[object]) -> None:
    """A row where every text is a text cell, never a formula (:func:`playbook.spreadsheet.write_rows`)."""
    write_rows(ws, [values])


def xlsx_bytes(q: Quote, *, customer: str = "") -> bytes:
    """The 报价单 as an Excel workbook (needs openpyxl); numbers are stored as numbers, every
    text as text (formula-like text prefixed with ``'``, as in the CSV)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    customer = _free_text(customer)
    wb = Workbook()
    ws = wb.active
    ws.title = TITLE
    _append(ws, [TITLE])
    ws["A1"].font = Font(size=14, bold=True)
    if customer:
        _append(ws, ["客户", customer])
    _append(ws, ["项目", "数值", "单位"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for line in lines(q):
        value = line.value
        _append(ws, [line.label, value, line.unit])
        cell = ws.cell(row=ws.max_row, column=2)
        if isinstance(value, Decimal):
            cell.number_format = _NUMBER_FORMATS.get(line.kind, "General")
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if line.key == "total_gross":
            for c in ws[ws.max_row]:
                c.font = Font(bold=True)
    _append(ws, ["报价口径", spoken(q)])
    ws.cell(row=ws.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 10
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- files


def write_html(q: Quote, path: str | os.PathLike[str], *, customer: str = "", note: str = "") -> Path:
    """Write the printable HTML 报价单 to ``path`` (atomically), carrying the subset of the
    book's font it uses (one file shows Chinese anywhere)."""
    return atomic_write(path, embed_font(to_html(q, customer=customer, note=note)).encode("utf-8"))


def write_csv(q: Quote, path: str | os.PathLike[str], *, customer: str = "") -> Path:
    """Write the CSV 报价单 (UTF-8 with BOM) to ``path`` (atomically)."""
    return atomic_write(path, csv_bytes(q, customer=customer))


def write_xlsx(q: Quote, path: str | os.PathLike[str], *, customer: str = "") -> Path:
    """Write the Excel 报价单 to ``path`` (atomically; needs openpyxl)."""
    return atomic_write(path, xlsx_bytes(q, customer=customer))
