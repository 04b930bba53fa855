"""The built book on a phone (390 px) and on a desktop, in headless Chromium.

Navigation buttons open the menus, calculators show every field inside the screen, wide tables
scroll in their own box with a hint, practice panels never overlap and use the book's fonts,
search snippets show glossary definitions but never quiz answers, one search box on a desktop.
"""
from __future__ import annotations

import time

import pytest

from tests.test_live import _wait_live

pytestmark = pytest.mark.browser

PHONE = 390


def _viewport(browser, width: int, height: int = 844) -> None:
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


@pytest.fixture
def phone(browser):
    _viewport(browser, PHONE)
    yield browser
    browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture
def desktop(browser):
    _viewport(browser, 1280, 1000)
    yield browser
    browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _js(browser, script: str, *args):
    return browser.driver.execute_script(script, *args)


def _wait(browser, script: str, timeout: float = 30, *args):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = _js(browser, script, *args)
        if value:
            return value
        time.sleep(0.3)
    return _js(browser, script, *args)


def _visible_button(browser, selector: str):
    return _js(browser, """
      return Array.from(document.querySelectorAll(arguments[0])).find(b => {
        const r = b.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
          getComputedStyle(b).visibility !== 'hidden'; }) || null;""", selector)


# ------------------------------------------------------------------ navigation
@pytest.mark.parametrize("page", ["intro.html", "chapters/customers.html", "chapters/quoting.html",
                                  "appendix/glossary.html"])
def test_menu_and_page_contents_open_on_a_phone(served, phone, page):
    b = phone
    b.open(f"{served}/{page}")
    time.sleep(1)
    menu = _visible_button(b, ".primary-toggle")
    assert menu is not None, f"{page}:手机上看不到目录按钮"
    assert menu.get_attribute("title") == "全书目录" or menu.get_attribute("data-bs-original-title") == "全书目录"
    menu.click()
    opened = _wait(b, "const d = document.getElementById('pst-primary-sidebar-modal');"
                      "return d && d.open && d.querySelectorAll('a.reference').length;", 5)
    assert opened and opened >= 20, f"{page}:点击 ☰ 后全书目录没有打开"
    links = [a for a in b.driver.find_elements("css selector", "#pst-primary-sidebar-modal a.reference")
             if a.is_displayed()]
    assert len(links) >= 20
    if page == "chapters/customers.html":
        b.screenshot("phone-menu-open")
    _js(b, "document.getElementById('pst-primary-sidebar-modal').close()")
    toc = _visible_button(b, ".secondary-toggle")
    if _js(b, "return document.querySelectorAll('article.bd-article section section').length") >= 2:
        assert toc is not None, f"{page}:手机上看不到本页目录按钮"
        toc.click()
        assert toc.get_attribute("title") == "本页目录" or toc.get_attribute("data-bs-original-title") == "本页目录"
        assert _wait(b, "const d = document.getElementById('pst-secondary-sidebar-modal');"
                        "return d && d.open && d.querySelectorAll('a').length > 0;", 5), \
            f"{page}:点击本页目录按钮没有反应"
        _js(b, "document.getElementById('pst-secondary-sidebar-modal').close()")


# ------------------------------------------------------------------ calculators
_FIELDS = """
  const out = [];
  for (const box of document.querySelectorAll(arguments[0] + ' .widget-inline-hbox')) {
    const label = box.querySelector('.widget-label');
    const input = box.querySelector('input, select, textarea');
    if (!label || !input || !label.textContent.trim()) continue;
    const r = input.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;          // a field of another mode
    out.push([label.textContent.trim(), Math.round(r.left), Math.round(r.right), Math.round(r.width)]);
  }
  return out;"""


def _live_ready(browser, timeout: float = 90) -> bool:
    """The page's live apps started (the shared wait: a failed start or a timeout fails with the page's error)."""
    return bool(_wait_live(browser, timeout)["ready"])


@pytest.mark.parametrize("page,labels", [
    ("quoting", ["数量", "成交价 元/吨", "零售价 元/升", "报价时间"]),
    ("losses", ["皮重 kg", "发油油温 °C", "计量容差 kg"]),
])
def test_calculators_fit_a_phone(served, phone, page, labels):
    b = phone
    b.open(f"{served}/chapters/{page}.html")
    assert _live_ready(b), f"{page}:浏览器中的计算器没有启动"
    fields = _js(b, _FIELDS, ".pb-live-app")
    names = [f[0] for f in fields]
    for label in labels:
        assert label in names, (label, names)
    width = _js(b, "return document.documentElement.clientWidth")
    outside = [f for f in fields if f[1] < 0 or f[2] > width or f[3] < 60]
    assert not outside, f"{page}:这些输入框超出屏幕或太窄:{outside}"
    assert _js(b, "return document.scrollingElement.scrollWidth") <= width + 1, "整页出现了横向滚动"
    _js(b, "document.querySelector('.pb-live-app').scrollIntoView({block: 'start'})")
    time.sleep(0.3)
    b.screenshot(f"phone-{page}-calculator")


def _choose(browser, container: str, text: str) -> None:
    """Pick the dropdown option or toggle button showing ``text`` in the live app."""
    done = _js(browser, """
      const root = document.querySelector(arguments[0]);
      for (const sel of root.querySelectorAll('select')) {
        const opt = Array.from(sel.options).find(o => o.textContent.includes(arguments[1]));
        if (opt) { sel.value = opt.value; sel.dispatchEvent(new Event('change', {bubbles: true})); return true; }
      }
      const btn = Array.from(root.querySelectorAll('button')).find(x => x.textContent.includes(arguments[1]));
      if (btn) { btn.click(); return true; }
      return false;""", container, text)
    assert done, text
    time.sleep(1)


@pytest.mark.parametrize("page,modes,label", [
    ("quoting", ["按吨公里"], "运距 公里"),
    ("losses", ["按质量", "量油"], "收油 ρ20 kg/m³"),   # shipped by mass, received by volume
])
def test_desktop_modes_show_every_field(served, desktop, page, modes, label):
    b = desktop
    b.open(f"{served}/chapters/{page}.html")
    assert _live_ready(b)
    for mode in modes:
        _choose(b, ".pb-live-app", mode)
    mode = " + ".join(modes)
    fields = {f[0]: f for f in _js(b, _FIELDS, ".pb-live-app")}
    assert label in fields, (label, list(fields))
    right = _js(b, "return document.querySelector('.pb-live-app').getBoundingClientRect().right")
    assert fields[label][2] <= right + 1, f"{page}:{mode} 模式下 “{label}” 被截断"


# ------------------------------------------------------------------ tables
def test_wide_tables_scroll_with_a_hint_on_a_phone(served, phone):
    b = phone
    b.open(f"{served}/chapters/objections.html")
    time.sleep(1.5)
    info = _js(b, """
      const boxes = Array.from(document.querySelectorAll('.bd-content .pst-scrollable-table-container'));
      return boxes.map(box => {
        const hint = box.previousElementSibling;
        const cells = Array.from(box.querySelectorAll('td')).map(td => td.getBoundingClientRect().width);
        return {over: box.scrollWidth > box.clientWidth + 2,
                hint: !!hint && hint.classList.contains('pb-scroll-hint') && hint.offsetHeight > 0,
                narrowest: Math.min(...cells)};
      });""")
    assert info and any(t["over"] for t in info)
    for table in info:
        assert table["hint"] == table["over"], table      # a hint exactly where the table scrolls
        assert table["narrowest"] >= 80, table             # at least 5–6 characters per line
    assert _js(b, "return document.scrollingElement.scrollWidth <= document.documentElement.clientWidth + 1")
    box = b.driver.find_element("css selector", ".pb-scroll-hint.pb-on")
    _js(b, "arguments[0].scrollIntoView({block: 'start'})", box)
    b.screenshot("phone-wide-table")


# ------------------------------------------------------------------ practice panels (issue 12 item 4)
_OVERLAPS = """
  const root = document.querySelector('.pb-live-app');
  const boxes = Array.from(root.querySelectorAll('.widget-radio-box label, .widget-button'))
      .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
  const bad = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], c = boxes[j];
    const x = Math.min(a.right, c.right) - Math.max(a.left, c.left);
    const y = Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top);
    if (x > 1 && y > 1) bad.push([i, j]);
  }
  const text = Array.from(root.querySelectorAll('.widget-radio-box label')).filter(l => l.offsetHeight)
      .map(l => [l.scrollHeight <= l.clientHeight + 1, l.offsetHeight]);
  return {count: boxes.length, bad: bad, fits: text.every(t => t[0]), multi: text.some(t => t[1] > 30)};"""

_FONTS = """
  const book = getComputedStyle(document.body).fontFamily;
  const root = document.querySelector('.pb-live-app');
  const els = Array.from(root.querySelectorAll(
      '.lm-TabBar-tabLabel, .widget-label, .widget-radio-box label, button, .widget-html-content'))
      .filter(e => e.textContent.trim());
  return {book: book, off: els.filter(e => getComputedStyle(e).fontFamily !== book)
      .map(e => [e.textContent.trim().slice(0, 12), getComputedStyle(e).fontFamily])};"""


#: Boxes of a live app that scroll or clip sideways (their content is wider than they are).
_SIDE_SCROLL = """return [...document.querySelectorAll('.pb-live-app *')]
  .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 2 && getComputedStyle(e).overflowX !== 'visible')
  .map(e => [e.className.toString().slice(0, 60), e.clientWidth, e.scrollWidth]);"""


@pytest.mark.parametrize("width", [1280, PHONE])
def test_practice_options_never_overlap_and_use_the_book_font(served, browser, width):
    b = browser
    _viewport(b, width, 1000)
    try:
        b.open(f"{served}/chapters/communication.html")
        assert _live_ready(b)
        panel = b.driver.find_element("css selector", ".pb-live-app")
        _js(b, "arguments[0].scrollIntoView({block: 'start'})", panel)
        result = _js(b, _OVERLAPS)
        assert result["count"] >= 4 and not result["bad"] and result["fits"], result
        if width == PHONE:
            assert result["multi"], "手机上长选项应当换行"
        fonts = _js(b, _FONTS)
        assert "Playbook Noto Sans SC" in fonts["book"]
        assert not fonts["off"], fonts["off"][:5]
        tabs = [t.text for t in b.driver.find_elements("css selector", ".pb-live-app .lm-TabBar-tabLabel")]
        assert "选择题" in tabs and "自由作答" in tabs
        b.screenshot(f"practice-{width}")
        free = [t for t in b.driver.find_elements("css selector", ".pb-live-app .lm-TabBar-tab") if "自由作答" in t.text]
        _js(b, "arguments[0].scrollIntoView({block: 'center'})", free[0])
        free[0].click()  # a real pointer press: the tab bar does not listen to a scripted click
        _wait(b, "return [...document.querySelectorAll('.pb-live-app textarea')].some(e => e.offsetParent)", 10)
        assert not _js(b, _SIDE_SCROLL), _js(b, _SIDE_SCROLL)  # no box of the panel scrolls sideways
    finally:
        b.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# ------------------------------------------------------------------ search
def _snippets(browser, served: str, query: str) -> list[tuple[str, str]]:
    browser.open(f"{served}/search.html?q={query}")
    _wait(browser, "return document.querySelectorAll('#search-results li p.context').length > 0 || "
                   "(document.querySelector('#search-results h2') || {}).textContent === '搜索结果'", 20)
    time.sleep(2)
    return [(li.find_element("css selector", "a").text,
             (li.find_elements("css selector", "p.context") or [None])[0].text
             if li.find_elements("css selector", "p.context") else "")
            for li in browser.driver.find_elements("css selector", "#search-results li")]


def test_glossary_hits_show_the_definition(served, desktop):
    results = _snippets(desktop, served, "异议")
    glossary = [s for title, s in results if s.startswith("异议：") or s.startswith("异议:")]
    assert glossary, results[:5]
    assert len(glossary[0]) > 10


def test_snippets_hold_page_text_not_page_chrome(served, desktop):
    results = _snippets(desktop, served, "异议")
    assert results
    for _, snippet in results:
        assert "打印本页" not in snippet and "整本书 PDF" not in snippet, snippet[:80]


def test_quiz_answers_stay_out_of_snippets(served, desktop):
    results = _snippets(desktop, served, "正确答案")
    assert not any("正确答案" in s for _, s in results), results[:5]
    results = _snippets(desktop, served, "解答")
    assert results
    assert not any("答案" in s and "pb-quiz" in s for _, s in results)


def test_one_search_box_on_a_desktop(served, desktop):
    desktop.open(f"{served}/chapters/customers.html")
    time.sleep(1)
    shown = _js(desktop, """return Array.from(document.querySelectorAll(
        '.search-button-field, .bd-search, .search-button')).filter(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
        getComputedStyle(e).visibility !== 'hidden'; }).length""")
    assert shown == 1, shown
