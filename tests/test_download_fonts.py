"""Downloaded HTML made in the page or in Jupyter (报价单 from the quote calculator, the filled
检查表) carries the subset of the book's font it uses: one file shows Chinese anywhere, as the
CLI's dashboard.html does (one function for all: playbook.fonts.embed.embed_font)."""
from __future__ import annotations

import base64
import io
import re
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from fontTools.ttLib import TTFont

from playbook.fonts import FONT_FILE
from playbook.site import vendor
from playbook.views import common
from playbook.views.checklists import checklist_widget
from playbook.views.quote import quote_calculator


def _page_of(link_html: str, stem: str) -> str:
    """The HTML page behind the download link whose file name ends with ``stem``."""
    for name, payload in re.findall(r'download="([^"]+)" href="data:text/html;charset=utf-8;base64,([^"]+)"', link_html):
        if name.endswith(stem):
            return base64.b64decode(payload).decode("utf-8")
    raise AssertionError(f"no {stem} link in {link_html[:300]}")


def _assert_carries_its_font(page: str) -> None:
    assert f'url("{FONT_FILE}")' not in page
    m = re.search(r"url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", page)
    assert m, "no embedded font"
    cmap = TTFont(io.BytesIO(base64.b64decode(m.group(1)))).getBestCmap()
    full = TTFont(str(Path(common.__file__).parents[1] / "fonts" / FONT_FILE)).getBestCmap()
    text = re.sub(r"url\(data:[^)]+\)", "", page)
    cjk = {ord(ch) for ch in text if "\u4e00" <= ch <= "\u9fff"} & set(full)
    assert cjk and cjk <= set(cmap), sorted(chr(c) for c in cjk - set(cmap))[:10]
    assert len(cmap) < len(full) / 3  # a subset, not the whole font


def test_quote_download_embeds_the_font_subset():
    calc = quote_calculator(at=datetime(2017, 1, 10, 9, 0))
    _assert_carries_its_font(_page_of(calc.downloads.value, ".html"))


def test_filled_checklist_download_embeds_the_font_subset_of_what_was_typed():
    cl = checklist_widget("unloading")
    field = next(iter(cl.fields.values()))
    field.value = "鑫源加油站"   # characters the blank form does not have
    page = _page_of(cl.downloads.value, ".html")
    assert "鑫源加油站" in page
    _assert_carries_its_font(page)


def test_the_page_loads_the_pinned_fonttools_wheel():
    pins = dict(line.split("==") for line in
                (Path(__file__).parents[1] / "constraints.txt").read_text().split() if "==" in line)
    [wheel] = [w for w in vendor.ON_DEMAND_WHEELS if w.name == "fonttools"]
    assert common.FONT_WHEEL == wheel.file_name and pins["fonttools"] == wheel.version


@pytest.mark.browser
def test_in_the_book_page_the_quote_download_carries_its_font(site, served, browser):
    """The live quote calculator (Pyodide) fetches nothing for the font at start-up; when the
    reader clicks the 报价单's HTML link, fontTools and the font come from the site, the link takes
    the embedded page and the download goes on; nothing leaves 127.0.0.1."""
    from tests.test_live import _outside, _wait_live

    assert (site / "_static" / vendor.ON_DEMAND_DIR / common.FONT_WHEEL).is_file()
    d = browser.driver
    browser.drain_requests()
    browser.open(f"{served}/chapters/quoting.html")
    _wait_live(browser)
    time.sleep(2)
    started = browser.drain_requests()
    assert not [u for u in started if common.FONT_WHEEL in u or u.endswith(FONT_FILE)], "字体或 fontTools 在打开页面时就下载了"
    link = d.execute_script("""
      return Array.from(document.querySelectorAll('.pb-live-app a[download$=".html"][data-pb-embed-font]'))
        .find(a => atob(a.href.split(',')[1]).length > 0 && a.download.startsWith('报价单'));""")
    assert link is not None, "报价单的 HTML 下载链接没有标记为点击时嵌入字体"
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    deadline = time.time() + 90
    page = ""
    while time.time() < deadline:
        href = d.execute_script("return arguments[0].hasAttribute('data-pb-embedded') && arguments[0].getAttribute('href')",
                                link)
        if href:
            page = base64.b64decode(unquote(href).split(",", 1)[1]).decode("utf-8")
            break
        time.sleep(0.5)
    _assert_carries_its_font(page)
    fetched = browser.drain_requests()
    assert [u for u in fetched if common.FONT_WHEEL in u] and [u for u in fetched if u.endswith(FONT_FILE)]
    outside = [u for u in started + fetched if u.startswith("http") and "//127.0.0.1" not in u]
    assert outside == [] and _outside(browser) == []
