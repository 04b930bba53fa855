"""The whole book as one PDF, printed by headless Chromium from the built HTML site.

Build time only (BeautifulSoup, pypdf, selenium). ``python -m playbook.site.pdfbook`` after the
HTML build (``scripts/build.sh`` runs it) writes ``<site>/playbook.pdf``:

1. one print page is assembled from every page of ``_toc.yml`` in reading order: a cover, a table
   of contents, then each page's article (ids and links rewritten so they stay inside the one
   document); each chapter's exercise solutions move to a 「本章练习解答」 section at its end;
   live apps keep their build-time worked example (the static widget output) and lose the
   status line; each quiz keeps its answer key (printed, never shown on screen);
2. Chromium renders it (widgets drawn by the vendored widget manager, the bundled CJK font)
   and prints it to A4 with page numbers in the footer;
3. the printed links of the table of contents tell on which page each chapter starts: the page
   numbers are written into the table of contents and the book is printed again; pypdf adds
   the outline (bookmarks) by part and chapter.
"""
from __future__ import annotations

import base64
import html
import io
import posixpath
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag
    from pypdf import PdfReader
    from selenium.webdriver.remote.webdriver import WebDriver

PDF_NAME = "playbook.pdf"
#: ``.htm``: the print page exists only while the book prints, which scripts/test.sh does while
#: the tests scan the site's ``*.html`` pages; they must not meet it (or see it vanish).
PRINT_PAGE = "_playbook_print.htm"
TITLE = "销售作战手册"

_FOOTER = ('<div style="width:100%;text-align:center;font-size:9px;color:#555;'
           'font-family:DejaVu Sans,sans-serif"><span class="pageNumber"></span></div>')

_BOOK_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html, body { background: #fff !important; }
body { font-family: var(--pst-font-family-base); font-size: 10.5pt; line-height: 1.6; }
.bd-content, .bd-article-container, .bd-article { max-width: none !important; padding: 0 !important; margin: 0 !important; }
.pb-cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.pb-cover h1 { font-size: 34pt; margin: 0 0 .4em; border: none; }
.pb-cover p { font-size: 13pt; color: #444; margin: .3em 0; }
.pb-toc { break-after: page; }
.pb-toc h1 { font-size: 20pt; }
.pb-toc .pb-toc-part { font-weight: bold; margin: .7em 0 .2em; }
.pb-toc a { display: flex; color: inherit !important; text-decoration: none; margin: .12em 0 .12em 1.2em; }
.pb-toc a .pb-dots { flex: 1; border-bottom: 1px dotted #888; margin: 0 .4em .35em; }
.pb-toc a .pb-page { min-width: 2.2em; text-align: right; }
/* second pass: only the page numbers of the table of contents, laid over the first print */
html.pb-numbers-only, .pb-numbers-only body, .pb-numbers-only body * {
  background: transparent !important; border-color: transparent !important; }
.pb-numbers-only body * { visibility: hidden !important; text-decoration: none !important; }
.pb-numbers-only .pb-toc .pb-page { visibility: visible !important; }
.pb-numbers-only .pb-chapter { display: none !important; }
.pb-chapter { break-before: page; }
.pb-part-title { font-size: 11pt; color: #666; margin: 0 0 .3em; }
.pb-solutions { border-top: 2px solid #999; margin-top: 2em; padding-top: .5em; }
.pb-solutions .solution { display: block !important; }
.pb-solutions .solution > * { display: block !important; }
.toggle-hidden, .dropdown > :not(.admonition-title) { display: block !important; visibility: visible !important; }
button.toggle-button, .toggle-button { display: none !important; }
.pb-quiz-fb { display: none !important; }
.pb-quiz-key { display: block !important; }
.pb-quiz-opt { border: none !important; padding: 1px 0 !important; margin: 0 !important; }
a { color: #1f4f8a; text-decoration: none; }
/* shadows would be printed as one raster image each (hundreds of MB-scale JPEGs) */
html[data-theme] { --pst-color-shadow: transparent !important; --sd-color-shadow: transparent !important; }
html body *, html body *::before, html body *::after, html body div:is(.admonition, .topic, .sidebar, .sd-card, .highlight, .cell_input, .dropdown), html body div.sd-card.sd-sphinx-override:is(.sd-shadow-sm, .sd-shadow-md, .sd-shadow-lg) { box-shadow: none !important; text-shadow: none !important; filter: none !important; }
.cell_input, div.highlight, tr, .pb-quiz-q, .sd-card { break-inside: avoid; }
/* figures, images, charts, widget outputs and tables: kept whole when they fit on a page
   (keep_whole() measures them and sets break-inside on each) */
pre, code { white-space: pre-wrap !important; word-break: break-word; }
"""

#: The A4 text block in CSS px (96 px/in) for the ``@page`` margins above: 180 × 263 mm.
COLUMN_PX = (210 - 15 - 15) / 25.4 * 96
PAGE_PX = (297 - 16 - 18) / 25.4 * 96
#: What is never split across pages when it fits on one: figures, images, charts (SVG), widget
#: outputs, tables (the outermost match; a table inside a widget output goes with the output).
KEEP_WHOLE = "figure, img, svg, .cell_output, table, .pb-chart"
#: keep_whole() also leaves an anchor at the top ("s") and bottom ("e") of each block:
#: ``pb-keep-s12``/``pb-keep-e12`` for a block that fits on a page, ``pb-tall-…`` for a longer one.
#: Hidden links point at them, so Chromium prints each as a named destination with its page, and
#: :func:`blocks_on_pages` reads from the printed PDF whether a block was split.
_KEEP_WHOLE_JS = """
  const sel = arguments[0], limit = arguments[1];
  let kept = 0, tall = 0;
  const links = document.createElement('div');
  links.className = 'pb-block-marks';
  links.style.display = 'none';
  for (const el of document.querySelectorAll(sel)) {
    if (el.parentElement && el.parentElement.closest(sel)) continue;
    const h = el.getBoundingClientRect().height;
    if (!h) continue;
    const fits = h <= limit;
    el.style.setProperty('break-inside', fits ? 'avoid' : 'auto', 'important');
    const kind = fits ? 'keep' : 'tall', number = fits ? kept++ : tall++;
    // an image or SVG holds no children: its parent carries the marks
    const host = ['IMG', 'svg', 'SVG'].includes(el.tagName) ? el.parentElement : el;
    if (getComputedStyle(host).position === 'static') host.style.position = 'relative';
    for (const [side, edge] of [['s', 'top'], ['e', 'bottom']]) {
      const mark = document.createElement('a');
      mark.id = `pb-${kind}-${side}${number}`;
      mark.style.cssText = `position:absolute;left:0;${edge}:0;width:0;height:2px;overflow:hidden`;
      host.appendChild(mark);
      const link = document.createElement('a');
      link.href = '#' + mark.id;
      links.appendChild(link);
    }
  }
  document.body.appendChild(links);
  return [kept, tall];
"""


@dataclass(frozen=True)
class BlockPages:
    """Where the printed PDF put the blocks keep_whole() marked: how many fit on a page
    (``kept``) or are longer (``tall``), and the numbers of fitting blocks split across pages."""

    kept: int
    tall: int
    split: tuple[int, ...]
    tall_split: int


def named_pages(reader: PdfReader) -> dict[str, int]:
    """Page index (0-based) of each named destination of a printed PDF: Chromium prints an
    element's id as one when a link on the page points to it."""
    named: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        try:
            number = reader.get_destination_page_number(dest)
        except Exception:  # noqa: BLE001 - a destination without a page
            continue
        if number is not None:
            named[str(name)] = number
    return named


def blocks_on_pages(pdf: bytes | dict[str, int]) -> BlockPages:
    """Read the block marks keep_whole() left in a printed PDF (or in its :func:`named_pages`)."""
    if isinstance(pdf, bytes):
        from pypdf import PdfReader

        pdf = named_pages(PdfReader(io.BytesIO(pdf)))
    pages: dict[tuple[str, int], dict[str, int]] = {}
    for name, page in pdf.items():
        m = re.fullmatch(r"/?pb-(keep|tall)-([se])(\d+)", name)
        if m:
            pages.setdefault((m.group(1), int(m.group(3))), {})[m.group(2)] = page
    whole = [(n, at) for (kind, n), at in pages.items() if kind == "keep"]
    if any(len(at) != 2 for at in pages.values()):
        raise RuntimeError("打印出的 PDF 缺少部分图表、表格的位置标记:无法核对是否跨页")
    return BlockPages(kept=len(whole), tall=len(pages) - len(whole),
                      split=tuple(sorted(n for n, at in whole if at["s"] != at["e"])),
                      tall_split=sum(at["s"] != at["e"] for (kind, _), at in pages.items() if kind == "tall"))


#: Elements no printed page needs.
_DROP = (".headerlink", ".pb-live-status", ".pb-live-app", ".pb-scroll-hint", "script:not([type])",
         'script[type="text/javascript"]', ".toggle-button", ".prev-next-area", ".bd-footer-article",
         ".pb-print-hide", "button.copybtn")


@dataclass
class Chapter:
    docname: str
    title: str
    part: str
    anchor: str
    states: list[str] = field(default_factory=list)


def slug(docname: str) -> str:
    return "pb-" + re.sub(r"[^A-Za-z0-9]+", "-", docname).strip("-")


def _toc(book: Path) -> list[tuple[str, str]]:
    """``(docname, part caption)`` in reading order; the root page has no part."""
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    out = [(toc["root"], "")]
    for part in toc.get("parts", []):
        out += [(c["file"], part.get("caption", "")) for c in part.get("chapters", [])]
    return out


def _rewrite(article: Tag, docname: str, known: set[str]) -> None:
    """Prefix ids with the page's slug and point links at the one document."""
    prefix = slug(docname) + "--"
    here = posixpath.dirname(docname)
    for el in article.find_all(id=True):
        el["id"] = prefix + str(el["id"])   # id, src and href are single-valued (str) in bs4
    for el in article.find_all(["img", "source"], src=True):
        src = str(el["src"])
        if not re.match(r"^[a-z]+:", src):
            el["src"] = posixpath.normpath(posixpath.join(here, src))
    for a in article.find_all("a", href=True):
        href = str(a["href"])
        if re.match(r"^[a-z]+:", href):
            continue
        path, _, frag = href.partition("#")
        if not path:
            a["href"] = f"#{prefix}{frag}" if frag else f"#{slug(docname)}"
            continue
        target = posixpath.normpath(posixpath.join(here, path))
        doc = target[:-5] if target.endswith(".html") else None
        if doc in known:
            a["href"] = f"#{slug(doc)}--{frag}" if frag else f"#{slug(doc)}"
        else:  # a file of the site (a download): keep it relative to the site root
            a["href"] = target + (f"#{frag}" if frag else "")


def _move_solutions(article: Tag, soup: BeautifulSoup) -> None:
    from bs4.element import AttributeValueList

    solutions = article.select("div.solution")
    if not solutions:
        return
    box = soup.new_tag("section", attrs={"class": "pb-solutions"})
    head = soup.new_tag("h2")
    head.string = "本章练习解答"
    box.append(head)
    for sol in solutions:
        classes = [c for c in sol.get_attribute_list("class") if c not in ("dropdown", "toggle-hidden")]
        sol["class"] = AttributeValueList(classes)
        box.append(sol.extract())
    article.append(box)


def assemble(site: Path, book: Path) -> tuple[str, list[Chapter]]:
    """The print page (HTML text, relative to the site root) and the chapters it holds."""
    from bs4 import BeautifulSoup

    entries = _toc(book)
    known = {doc for doc, _ in entries}
    chapters: list[Chapter] = []
    bodies: list[str] = []
    styles: list[str] = []
    for docname, part in entries:
        page = site / f"{docname}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select('link[rel="stylesheet"]'):
            href = posixpath.normpath(posixpath.join(posixpath.dirname(docname), str(link["href"]).split("?")[0]))
            if href not in styles and "playbook-live" not in href:
                styles.append(href)
        article = soup.select_one("article.bd-article") or soup.select_one('[role="main"]')
        if article is None:
            raise RuntimeError(f"{page}: 找不到正文")
        h1 = article.find("h1")
        title = h1.get_text(" ", strip=True).rstrip("#").strip() if h1 else docname
        chapter = Chapter(docname, title, part, slug(docname))
        chapter.states = [s.string or "" for s in soup.select('script[type="application/vnd.jupyter.widget-state+json"]')]
        for selector in _DROP:
            for el in article.select(selector):
                el.decompose()
        _move_solutions(article, soup)
        _rewrite(article, docname, known)
        article.name = "section"
        article["class"] = "pb-chapter bd-article"
        article["id"] = chapter.anchor
        if part:
            label = soup.new_tag("p", attrs={"class": "pb-part-title"})
            label.string = part
            article.insert(0, label)
        chapters.append(chapter)
        bodies.append(str(article))

    toc_lines, last_part = [], None
    for ch in chapters:
        if ch.part != last_part and ch.part:
            toc_lines.append(f'<div class="pb-toc-part">{html.escape(ch.part)}</div>')
        last_part = ch.part
        toc_lines.append(f'<a href="#{ch.anchor}"><span>{html.escape(ch.title)}</span>'
                         f'<span class="pb-dots"></span><span class="pb-page" data-for="{ch.anchor}"></span></a>')
    cover = (f'<section class="pb-cover"><h1>{TITLE}</h1><p>油品批发销售新员工培训读本</p>'
             f'<p>销售培训组 · {time.strftime("%Y 年 %m 月")}</p>'
             f'<p style="margin-top:3em;font-size:10pt">含全部章节、图表、练习解答与小测验答案；'
             f'书中的计算器以构建时的示例呈现，在线版可以直接操作。</p></section>')
    toc = f'<nav class="pb-toc"><h1>目录</h1>{"".join(toc_lines)}</nav>'
    states = "".join(f'<script type="application/vnd.jupyter.widget-state+json">{s}</script>'
                     for ch in chapters for s in ch.states)
    links = "".join(f'<link rel="stylesheet" href="{html.escape(h)}">' for h in styles)
    widgets = ('<script src="_static/vendor/require.js"></script>'
               '<script src="_static/vendor/require-config.js"></script>'
               '<script data-jupyter-widgets-cdn-only="" data-jupyter-widgets-cdn="_static/vendor/npm/" '
               'src="_static/vendor/html-manager/embed-amd.js"></script>') if states else ""
    text = (f'<!DOCTYPE html><html lang="zh-CN" data-theme="light"><head><meta charset="utf-8">'
            f'<title>{TITLE}</title>{links}<style>{_BOOK_CSS}</style>{states}{widgets}</head>'
            f'<body><div class="bd-content"><main class="bd-article-container" role="main">'
            f'{cover}{toc}{"".join(bodies)}</main></div></body></html>')
    return text, chapters


def _wait_rendered(driver: WebDriver, timeout: float = 90) -> None:
    """Until every widget view is drawn, every image loaded and the fonts are ready."""
    script = """
      const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
      const drawn = document.querySelectorAll('.widget-subarea').length;
      const imgs = Array.from(document.images).every(i => i.complete);
      return [views, drawn, imgs, document.fonts.status];
    """
    deadline = time.time() + timeout
    while True:
        views, drawn, imgs, fonts = driver.execute_script(script)
        if drawn >= views and imgs and fonts == "loaded":
            return
        if time.time() > deadline:
            raise RuntimeError(f"打印页没有渲染完:部件 {drawn}/{views},图片加载 {imgs},字体 {fonts}")
        time.sleep(0.5)


def keep_whole(driver: WebDriver) -> tuple[int, int]:
    """Lay the page out as printed (print media, the A4 text column's width), then mark each
    :data:`KEEP_WHOLE` block that fits on one page ``break-inside: avoid`` and each taller one
    ``auto`` (a table longer than a page is split where it must, not pushed to a fresh page
    first). Returns (blocks kept whole, blocks taller than a page)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": round(COLUMN_PX), "height": round(PAGE_PX), "deviceScaleFactor": 1,
                            "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        kept, tall = driver.execute_script(_KEEP_WHOLE_JS, KEEP_WHOLE, PAGE_PX - 2)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return kept, tall


def _print(driver: WebDriver, **options: object) -> bytes:
    settings = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": True,
                "headerTemplate": "<div></div>", "footerTemplate": _FOOTER, "generateDocumentOutline": False, "generateTaggedPDF": False}
    settings.update(options)
    result = driver.execute_cdp_cmd("Page.printToPDF", settings)
    return base64.b64decode(result["data"])


def _link_pages(reader: PdfReader, named: dict[str, int], anchors: list[str]) -> dict[str, int]:
    """Page index (0-based) each table-of-contents link of the printed PDF points to.

    Chromium prints an internal link as a link annotation with an explicit destination or a
    named one (the element's id, in ``named``: :func:`named_pages`); the links appear in the
    order of ``anchors``.
    """
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)
               if page.indirect_reference is not None}
    found: dict[str, int] = {}
    for anchor in anchors:
        if anchor in named:
            found[anchor] = named[anchor]
    if len(found) == len(anchors):
        return found
    targets: list[int] = []
    for page in reader.pages[:12]:  # the table of contents is at the front
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if dest is None and annot.get("/A") is not None:
                dest = annot["/A"].get("/D")
            if dest is None:
                continue
            if isinstance(dest, str) or not hasattr(dest, "__getitem__"):
                if str(dest) in named:
                    targets.append(named[str(dest)])
                continue
            ref = dest[0]
            if hasattr(ref, "idnum") and ref.idnum in page_of:
                targets.append(page_of[ref.idnum])
    for anchor, number in zip(anchors, targets, strict=False):
        found.setdefault(anchor, number)
    return found


def _check_overlay(overlay: PdfReader) -> None:
    """The page-number overlay must hold the numbers and nothing that paints over the page
    beneath it (a background fill would hide the table of contents)."""
    from pypdf.generic import ContentStream

    for n, page in enumerate(overlay.pages):
        ops = {op for _, op in ContentStream(page.get_contents(), overlay).operations}
        painted = ops & {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"Do", b"sh"}
        if painted:
            raise RuntimeError(f"目录页码层第 {n + 1} 页含有填充或图像({sorted(painted)}),会盖住目录")
        text = page.extract_text()
        if not re.fullmatch(r"[\d\s]*", text):
            raise RuntimeError(f"目录页码层第 {n + 1} 页含有页码以外的文字:{text[:60]!r}")


def build_pdf(site: Path, book: Path, out: Path | None = None, *, log: Callable[[str], object] = print) -> Path:
    """Print the built ``site`` (of the book in ``book``) to ``out`` (``<site>/playbook.pdf``)."""
    import threading

    from pypdf import PdfReader, PdfWriter

    from playbook.site.headless import Browser
    from playbook.site.serve import make_server

    started = time.perf_counter()
    out = out or site / PDF_NAME
    text, chapters = assemble(site, book)
    page = site / PRINT_PAGE
    page.write_text(text, encoding="utf-8")
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    browser = Browser(site.parent / "pdf-shots")
    try:
        browser.open(f"http://127.0.0.1:{server.server_address[1]}/{PRINT_PAGE}")
        _wait_rendered(browser.driver)
        kept, tall = keep_whole(browser.driver)
        log(f"打印页已渲染({time.perf_counter() - started:.0f} 秒;图表、部件输出和表格 {kept} 个不跨页,"
            f"{tall} 个长于一页)")
        first = _print(browser.driver)
        log(f"第一遍打印完成({time.perf_counter() - started:.0f} 秒,{len(first) / 1e6:.1f} MB)")
        reader = PdfReader(io.BytesIO(first))
        named = named_pages(reader)
        placed = blocks_on_pages(named)
        if (placed.kept, placed.tall) != (kept, tall):
            raise RuntimeError(f"PDF 里的位置标记({placed.kept} + {placed.tall} 个)与页面上的块"
                               f"({kept} + {tall} 个)对不上")
        if placed.split:
            raise RuntimeError(f"{len(placed.split)} 个能放进一页的图表、部件输出或表格被分在两页"
                               f"(编号 {list(placed.split[:10])})")
        log(f"核对:{placed.kept} 个能放进一页的块都在同一页;{placed.tall} 个长于一页的块中 "
            f"{placed.tall_split} 个跨页")
        pages = _link_pages(reader, named, [c.anchor for c in chapters])
        missing = [c.docname for c in chapters if c.anchor not in pages]
        if missing:
            raise RuntimeError(f"目录链接没有指向页码:{missing}")
        # page numbers of the table of contents: printed alone (same layout, chapters hidden)
        # and laid over the first print's front pages, whose links stay as they are
        front = min(pages.values())
        browser.driver.execute_script(
            "for (const [a, n] of Object.entries(arguments[0]))"
            " document.querySelector(`.pb-page[data-for='${a}']`).textContent = n + 1;"
            "document.documentElement.classList.add('pb-numbers-only');", pages)
        numbers = _print(browser.driver, pageRanges=f"1-{front}", displayHeaderFooter=False,
                         printBackground=False)
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()
        page.unlink(missing_ok=True)

    overlay = PdfReader(io.BytesIO(numbers))
    _check_overlay(overlay)
    writer = PdfWriter(clone_from=reader)
    for n in range(min(front, len(overlay.pages))):
        writer.pages[n].merge_page(overlay.pages[n])
    parents: dict[str, Any] = {}  # outline items (pypdf IndirectObject)
    for ch in chapters:
        parent = None
        if ch.part:
            if ch.part not in parents:
                parents[ch.part] = writer.add_outline_item(title=ch.part, page_number=pages[ch.anchor])
            parent = parents[ch.part]
        writer.add_outline_item(title=ch.title, page_number=pages[ch.anchor], parent=parent)
    writer.add_metadata({"/Title": TITLE, "/Author": "销售培训组", "/Subject": "油品批发销售新员工培训读本"})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    from playbook.fileio import atomic_write

    atomic_write(out, buffer.getvalue())
    log(f"{out}: {len(reader.pages)} 页,{out.stat().st_size / 1e6:.1f} MB,"
        f"用时 {time.perf_counter() - started:.0f} 秒")
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[3]
    site = Path(argv[0]) if argv else root / "book" / "_build" / "html"
    book = Path(argv[1]) if len(argv) > 1 else root / "book"
    # scripts/serve.sh prints in the background and stops the print with SIGTERM when the server
    # stops: leave through the finally blocks, which close the headless browser.
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    build_pdf(site, book)
    return 0


if __name__ == "__main__":
    sys.exit(main())
