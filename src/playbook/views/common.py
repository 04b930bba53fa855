"""Small pieces the tool widgets share: download links as ``data:`` URLs (no server needed),
whole HTML pages for download carrying their font subset (:func:`page_for_download`), the Chinese
error box, plain HTML tables and bars (no matplotlib: they also run in the page)."""
from __future__ import annotations

import base64
import html
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from playbook.fonts import FONT_FILE
from playbook.fonts.embed import embed_font

#: The fontTools wheel the book's page loads (from ``_static/live/wheels/``) the first time a
#: reader downloads a page; pinned in :data:`playbook.site.vendor.ON_DEMAND_WHEELS` (a test checks).
FONT_WHEEL = "fonttools-4.68.0-py3-none-any.whl"
#: Marks a download link whose page still refers to the font by name: in the book's page,
#: ``playbook-live.js`` embeds the font subset when the reader clicks it
#: (:func:`embed_for_download`), so nothing is fetched or computed for readers who never download.
EMBED_ON_CLICK = "data-pb-embed-font"

BUTTON_CSS = ("display:inline-block;margin:4px 8px 4px 0;padding:4px 12px;border:1px solid #1f5fa8;"
              "border-radius:4px;color:#1f5fa8;text-decoration:none;font-size:0.95em")


def panel_layout() -> Any:
    """The layout of a framed panel (a drill, a scoring panel): a new one for each panel.

    No widget is made when a view module is imported: in the book's page it would open its comm
    before the page's widget bridge exists, and the page's Python memory snapshot
    (``playbook-live.js``) must hold no widget."""
    import ipywidgets as w

    return w.Layout(border="1px solid #ddd", padding="8px", width="100%")


def data_link(data: bytes, mime: str, filename: str, label: str) -> str:
    payload = base64.b64encode(data).decode("ascii")
    lazy = f" {EMBED_ON_CLICK}" if mime.startswith("text/html") and f'url("{FONT_FILE}")'.encode() in data else ""
    return (f'<a download="{html.escape(filename)}" href="data:{mime};base64,{payload}" '
            f'style="{BUTTON_CSS}" target="_blank"{lazy}>{html.escape(label)}</a>')


def _page_static() -> str | None:
    """The book page's ``_static/`` URL when this runs in the book's page (Pyodide, main thread,
    the live script present); None elsewhere (Jupyter, JupyterLite's worker, Node.js)."""
    if sys.platform != "emscripten":
        return None
    try:
        import js  # Pyodide only

        script = js.document.querySelector('script[src*="playbook-live"]')
        return str(script.src).rsplit("/", 1)[0] + "/" if script else None
    except Exception:  # noqa: BLE001 - a worker has no document
        return None


def page_for_download(page: str) -> str:
    """A whole HTML page (报价单, filled 检查表) as its download link should carry it: with the
    subset of the book's font it uses, so the one file shows Chinese on any machine. In Jupyter
    the font is embedded at once; in the book's page the page is returned as it is and its link
    is marked (:data:`EMBED_ON_CLICK`, set by :func:`data_link`) to be embedded on click."""
    return page if _page_static() is not None else embed_font(page)


_FONT: list[bytes] = []


async def embed_for_download(page: str) -> str:
    """In the book's page, when a reader clicks a marked download link: the page with its font
    subset. The font file and fontTools are fetched from the site once, on the first click."""
    static = _page_static()
    if static is None:
        return embed_font(page)
    try:
        import fontTools  # noqa: F401
    except ImportError:
        import pyodide_js  # type: ignore[import-not-found]  # Pyodide only

        await pyodide_js.loadPackage(static + "live/wheels/" + FONT_WHEEL)
    if not _FONT:
        from pyodide.http import pyfetch  # Pyodide only

        response = await pyfetch(static + FONT_FILE)
        _FONT.append(await response.bytes())
    return embed_font(page, _FONT[0])


def error_box(message: str, css_class: str = "pb-tool-error") -> str:
    """The engine's Chinese message for bad input, as every tool shows it."""
    return (f'<div class="{css_class}" style="color:#a61b1b;background:#fdecea;padding:6px 10px;'
            f'border-radius:4px">输入有误:{html.escape(message)}</div>')


#: Under the text boxes that recompute a tool when the reader leaves them (not on every key).
LEAVE_BOX_HINT = "改好后点一下框外(或按 Tab 键),结果随即更新。"


def leave_box_hint() -> str:
    """The :data:`LEAVE_BOX_HINT` line, small and grey, for an ``ipywidgets.HTML``."""
    return f'<div class="pb-leave-hint" style="color:#555;font-size:0.88em">{html.escape(LEAVE_BOX_HINT)}</div>'


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


def label_em(text: str) -> float:
    """The width in em a widget description needs to show whole: a Chinese or full-width character
    (and a bracket, which the book sets full width beside Chinese) is one em, any other about half."""
    return round(sum(1.0 if unicodedata.east_asian_width(c) in "WF" or c in "()" else 0.55 for c in text) + 0.5, 2)


def labelled(kind: Any, description: str, field_em: float, **kwargs: Any) -> Any:
    """An ipywidgets input (``kind``: ``w.Text``, ``w.FloatText`` …) whose description is never cut
    off: the label is as wide as its text and the field ``field_em`` wide after it."""
    import ipywidgets as w

    em = label_em(description)
    return kind(description=description, style={"description_width": f"{em:g}em"},
                layout=w.Layout(width=f"{em + field_em:g}em"), **kwargs)


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
