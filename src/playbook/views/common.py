"""Small pieces the tool widgets share: download links as ``data:`` URLs (no server needed),
the Chinese error box, plain HTML tables and bars (no matplotlib: they also run in the page)."""
from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence

BUTTON_CSS = ("display:inline-block;margin:4px 8px 4px 0;padding:4px 12px;border:1px solid #1f5fa8;"
              "border-radius:4px;color:#1f5fa8;text-decoration:none;font-size:0.95em")


def data_link(data: bytes, mime: str, filename: str, label: str) -> str:
    payload = base64.b64encode(data).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};base64,{payload}" '
            f'style="{BUTTON_CSS}" target="_blank">{html.escape(label)}</a>')


def error_box(message: str, css_class: str = "pb-tool-error") -> str:
    """The engine's Chinese message for bad input, as every tool shows it."""
    return (f'<div class="{css_class}" style="color:#a61b1b;background:#fdecea;padding:6px 10px;'
            f'border-radius:4px">输入有误:{html.escape(message)}</div>')


def note_box(message: str, colour: str = "#8a5a00", background: str = "#fff6e0") -> str:
    return (f'<div class="pb-tool-note" style="color:{colour};background:{background};padding:6px 10px;'
            f'border-radius:4px;margin:4px 0">{html.escape(message)}</div>')


def table(header: Sequence[str], rows: Iterable[Sequence[object]], *, right: Iterable[int] = (),
          max_rows: int | None = None, wrap: Iterable[int] = ()) -> str:
    """A plain, horizontally scrollable HTML table (numbers right-aligned by column index; the
    ``wrap`` columns wrap their text instead of widening the table)."""
    right = set(right)
    wrap = set(wrap)
    rows = list(rows)
    shown = rows if max_rows is None else rows[:max_rows]
    cell = "border-bottom:1px solid #ddd;padding:3px 8px;white-space:nowrap"

    def td(i: int, v: object, tag: str = "td") -> str:
        align = "text-align:right;" if i in right else "text-align:left;"
        style = cell.replace("white-space:nowrap", "white-space:normal;min-width:8em") if i in wrap else cell
        return f'<{tag} style="{align}{style}">{html.escape(str(v))}</{tag}>'

    head = "".join(td(i, h, "th") for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(td(i, v) for i, v in enumerate(r)) + "</tr>" for r in shown)
    more = (f'<p style="color:#555;font-size:0.9em">(共 {len(rows)} 行,这里显示前 {len(shown)} 行;'
            "完整结果请下载。)</p>" if len(shown) < len(rows) else "")
    return (f'<div style="overflow-x:auto;max-width:100%"><table style="border-collapse:collapse;'
            f'font-size:0.92em"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{more}')


def bars(items: Sequence[tuple[str, float, str]], *, unit: str = "", width_em: float = 14) -> str:
    """Horizontal bars (label, value, colour) scaled to the largest value."""
    top = max((v for _, v, _ in items), default=0) or 1
    out = []
    for label, value, colour in items:
        length = max(0.0, value) / top * width_em
        out.append(f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
                   f'<span style="flex:0 0 8em;text-align:right">{html.escape(label)}</span>'
                   f'<span style="display:inline-block;height:1em;width:{length:.2f}em;background:{colour}"></span>'
                   f'<span>{html.escape(f"{value:,.2f}".rstrip("0").rstrip(".") + unit)}</span></div>')
    return "".join(out)
