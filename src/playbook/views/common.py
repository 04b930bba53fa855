"""Small pieces the tool widgets share: download links as ``data:`` URLs (no server needed),
whole HTML pages for download carrying their font subset (:class:`FontEmbedder`), the Chinese
error box, plain HTML tables and bars (no matplotlib: they also run in the page)."""
from __future__ import annotations

import base64
import html
import sys
from collections.abc import Callable, Iterable, Sequence

from playbook.fonts import FONT_FILE
from playbook.fonts.embed import embed_font

#: The fontTools wheel the book's page loads (from ``_static/live/wheels/``) the first time it
#: embeds a font subset; pinned in :data:`playbook.site.vendor.ON_DEMAND_WHEELS` (a test checks).
FONT_WHEEL = "fonttools-4.68.0-py3-none-any.whl"
#: Seconds the page waits after the last change before it embeds (typing does not subset per key).
EMBED_DELAY_S = 0.6

BUTTON_CSS = ("display:inline-block;margin:4px 8px 4px 0;padding:4px 12px;border:1px solid #1f5fa8;"
              "border-radius:4px;color:#1f5fa8;text-decoration:none;font-size:0.95em")


def data_link(data: bytes, mime: str, filename: str, label: str) -> str:
    payload = base64.b64encode(data).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};base64,{payload}" '
            f'style="{BUTTON_CSS}" target="_blank">{html.escape(label)}</a>')


def _page_static() -> str | None:
    """The book page's ``_static/`` URL when running in the book's page (Pyodide, main thread,
    the live script present); None elsewhere (Jupyter, JupyterLite's worker, Node.js)."""
    if sys.platform != "emscripten":
        return None
    try:
        import js  # Pyodide only

        script = js.document.querySelector('script[src*="playbook-live"]')
        return str(script.src).rsplit("/", 1)[0] + "/" if script else None
    except Exception:  # noqa: BLE001 - a worker has no document
        return None


_FONT: list[bytes] = []


async def _page_font(static: str) -> bytes:
    """The book's font file, fetched once from the site; fontTools loaded once from its wheel."""
    try:
        import fontTools  # noqa: F401
    except ImportError:
        import pyodide_js  # type: ignore[import-not-found]  # Pyodide only

        await pyodide_js.loadPackage(static + "live/wheels/" + FONT_WHEEL)
    if not _FONT:
        from pyodide.http import pyfetch  # Pyodide only

        response = await pyfetch(static + FONT_FILE)
        _FONT.append(await response.bytes())
    return _FONT[0]


class FontEmbedder:
    """Makes a whole HTML page for download carry the subset of the book's font it uses
    (:func:`playbook.fonts.embed.embed_font`), so the one file shows Chinese on any machine.

    In Jupyter the page comes back embedded at once. In the book's page the font and fontTools
    are fetched from the site on first use, so the page comes back as it is and ``ready`` gets
    the embedded page a moment later (only for the latest call: a newer change supersedes it)."""

    def __init__(self) -> None:
        self._generation = 0
        #: The last scheduled browser task (tests await it).
        self.pending: object = None

    def __call__(self, page: str, ready: Callable[[str], None]) -> str:
        self._generation += 1
        static = _page_static()
        if static is None:
            return embed_font(page)
        import asyncio

        generation = self._generation

        async def later() -> None:
            await asyncio.sleep(EMBED_DELAY_S)
            if generation != self._generation:
                return
            try:
                font = await _page_font(static)
                embedded = embed_font(page, font)
            except Exception:  # noqa: BLE001 - offline or blocked: the link keeps the plain page
                return
            if generation == self._generation:
                ready(embedded)

        self.pending = asyncio.ensure_future(later())
        return page


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
