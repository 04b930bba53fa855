"""The printable book (``playbook.pdf``, built with the site by ``scripts/build.sh``) and the
per-page print styles."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from playbook.site.pdfbook import PDF_NAME, _toc


def _pdf(site: Path):
    from pypdf import PdfReader

    path = site / PDF_NAME
    if not path.exists():
        pytest.fail(f"{path} 不存在:scripts/build.sh 在构建网页后打印整本书(需要 chromium)")
    return path, PdfReader(str(path))


@pytest.fixture(scope="module")
def book_pdf(site, printed_book):
    return _pdf(site)


@pytest.mark.book
def test_pdf_has_every_chapter_with_outline_and_page_numbers(site, book_pdf):
    path, reader = book_pdf
    chapters = _toc(site.parents[1])
    assert len(reader.pages) > 150, len(reader.pages)
    # the site's 60 MB budget; 10 MB since the 31 dialogues and the trainer console (8.2 MB measured)
    assert path.stat().st_size < 10e6, f"{path.stat().st_size / 1e6:.1f} MB"
    titles = [item.title for item in _flatten(reader.outline)]
    assert len(titles) >= len(chapters)
    for title in ("客户与客户关系", "报价与算账", "损耗与交付", "术语表"):
        assert any(title in t for t in titles), (title, titles)
    cover, toc = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    assert "销售作战手册" in cover and "目录" in toc
    # the table of contents gives page numbers, and the page it names starts that chapter
    starts = {item.title: reader.get_destination_page_number(item) for item in _flatten(reader.outline)}
    for title in ("客户与客户关系", "损耗与交付"):
        number = starts[title] + 1
        assert re.search(rf"(^|\D){number}(\D|$)", toc), (title, number)
        assert reader.pages[number - 1].extract_text().lstrip().split("\n")[1:3].count(title) or \
            title in reader.pages[number - 1].extract_text()[:80], title
    # every page carries its number in the footer
    for n in (5, 50, 120):
        assert re.search(rf"(^|\n)\s*{n}\s*($|\n)", reader.pages[n - 1].extract_text()), n


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


@pytest.mark.book
def test_pdf_embeds_the_cjk_font(book_pdf):
    _, reader = book_pdf
    fonts = {}
    for page in reader.pages[:40]:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            embedded = bool(desc) and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded or font.get("/Subtype") == "/Type3"
    assert any("NotoSansSC" in name for name in fonts), fonts
    assert all(fonts.values()), fonts


@pytest.mark.book
def test_pdf_prints_worked_examples_solutions_and_answer_keys(book_pdf):
    path, reader = book_pdf
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))   # PDFium reads a page's text in ms, pypdf in ~0.1 s
    pages = [page.get_textpage().get_text_range() for page in document]
    text = "\n".join(pages)
    assert text.count("本章练习解答") >= 15                   # solutions at each chapter's end
    assert "正在准备浏览器中的运行环境" not in text             # no live-app status lines
    assert "在笔记本中打开" not in text
    assert re.search(r"答案\s*\n?\s*1?\.?\s*[A-D]", text)      # quiz answer keys
    # the quoting calculator prints its build-time example: its fields and its answer
    starts = {item.title: reader.get_destination_page_number(item) for item in _flatten(reader.outline)}
    chapter_pages = sorted(starts.values())
    first = starts["报价与算账"]
    last = min([p for p in chapter_pages if p > first] or [len(reader.pages)])
    quoting = "\n".join(pages[first:last])
    assert "成交价" in quoting and "提货方式" in quoting and re.search(r"报价\s*[：:]", quoting)
    assert text.count("\u5570") >= 1                             # 啰 is drawn, not a blank


@pytest.mark.book
def test_pdf_is_linked_from_the_intro_and_every_page(site):
    intro = (site / "intro.html").read_text(encoding="utf-8")
    assert 'href="playbook.pdf"' in intro
    for page in ("chapters/customers.html", "chapters/quoting.html", "appendix/glossary.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert 'href="../playbook.pdf"' in html and "整本书 PDF" in html, page
        assert "window.print()" in html


@pytest.mark.browser
def test_print_styles_of_a_chapter(served, browser):
    """Printing one page: no live status or live copy, the worked example shows, quizzes show
    their answer key, tables show all columns."""
    b = browser
    b.open(f"{served}/chapters/objections.html")
    time.sleep(2)
    b.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = b.driver.execute_script("""
          const vis = s => Array.from(document.querySelectorAll(s)).some(e => e.getClientRects().length &&
                                                                      getComputedStyle(e).display !== 'none');
          return {status: vis('.pb-live-status'), live: vis('.pb-live-app'), example: vis('.cell_output'),
                  key: vis('.pb-quiz-key'), feedback: vis('.pb-quiz-fb'), hint: vis('.pb-scroll-hint.pb-on')};""")
        assert shown == {"status": False, "live": False, "example": True, "key": True, "feedback": False,
                         "hint": False}, shown
    finally:
        b.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.mark.browser
def test_nothing_in_the_printed_book_is_wider_than_the_page(site, served, browser):
    """One element wider than the A4 text column makes Chromium shrink *every* page of the PDF to
    fit it (a 1364 px plan table once shrank the whole book to about 80 %: 338 → 206 pages)."""
    from playbook.site import pdfbook

    html, _ = pdfbook.assemble(site, site.parents[1])          # book/_build/html → book
    page = site / "_test_print_width.htm"   # .htm: other workers' scans of *.html never meet it
    page.write_text(html, encoding="utf-8")
    d = browser.driver
    try:
        d.set_window_size(794, 1123)                         # A4 at 96 dpi
        browser.open(f"{served}/{page.name}")
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        time.sleep(3)
        wide = d.execute_script("""
            const W = document.documentElement.clientWidth, out = [];
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.right > W + 2) out.push(el.tagName + ' ' + (el.innerText || '').slice(0, 30));
            }
            return out.slice(0, 5);""")
        assert wide == [], wide
    finally:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        d.set_window_size(1280, 1600)
        page.unlink(missing_ok=True)


@pytest.mark.book
def test_no_figure_widget_output_or_table_that_fits_a_page_is_split_across_pages(book_pdf):
    """Every figure, image, chart, widget output and table no taller than A4's text block starts
    and ends on the same page of the printed book. The print marks each block
    (pdfbook.keep_whole) and refuses a split one; here the published file is read once more."""
    from playbook.site import pdfbook

    path, _ = book_pdf
    placed = pdfbook.blocks_on_pages(path.read_bytes())
    assert placed.kept >= 50 and placed.split == (), placed


@pytest.mark.browser
def test_a_block_split_across_pages_is_found(site, served, browser):
    """The marks can fail: a block that fits on a page but is let run over a page break is
    reported, and keep_whole() alone moves it to the next page; a longer table is split."""
    from playbook.site import pdfbook

    filler = round(pdfbook.PAGE_PX - 150)
    page = site / "_test_block_marks.htm"   # .htm: other workers' scans of *.html never meet it
    page.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 16mm 15mm 18mm 15mm; }} body {{ margin: 0; }}</style></head><body>
<div style="height:{filler}px">前文</div><figure style="height:400px;margin:0">图</figure>
<table><tr><td style="height:{round(pdfbook.PAGE_PX * 1.5)}px">长表</td></tr></table></body></html>""",
                    encoding="utf-8")
    d = browser.driver
    try:
        found = []
        for let_run in (False, True):
            browser.open(f"{served}/{page.name}")
            assert pdfbook.keep_whole(d) == (1, 1)
            if let_run:
                d.execute_script("document.querySelector('figure').style.setProperty("
                                 "'break-inside', 'auto', 'important')")
            found.append(pdfbook.blocks_on_pages(pdfbook._print(d)))
    finally:
        page.unlink(missing_ok=True)
    kept_whole, let_run = found
    assert (kept_whole.kept, kept_whole.tall, kept_whole.split, kept_whole.tall_split) == (1, 1, (), 1)
    assert let_run.split == (0,)
