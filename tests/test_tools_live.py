"""The issue-15 tools run live in their chapters (headless Chromium): the build-time example is
replaced by the running app, a changed input recomputes, a bad input shows the Chinese message."""
from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

from tests.test_live import _wait_live

NOTEBOOKS = {"choosing-customers": "grading.ipynb", "relationships": "cadence.ipynb",
             "value-added": "value_added.ipynb", "maintenance": "checklists.ipynb"}
PAGES = {
    # page: (css of the app's answer, text expected first, input css, bad input, words of the error)
    "choosing-customers": (".pb-grading-summary", "共 8 家", ".widget-textarea textarea",
                           "客户,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,9,1,1,1,1", "稳定性"),
    "relationships": (".pb-cadence-head", "中秋(9-25)", ".widget-textarea textarea", "甲加油站,D", "级别"),
    "value-added": (".pb-commission-answer", "13,900.00", ".widget-text input", "很多", "保险销售额"),
    "maintenance": (".pb-checklist-status", "已完成 0 /", None, None, None),
    "work-methods": (".pb-checklist-status", "已完成 0 / 14", None, None, None),
}


#: Pages whose bad input is typed in a tab other than the first (the tab's title).
TABS = {"choosing-customers": "粘贴或上传表格"}


def _wait(predicate, timeout: float = 15) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.browser
@pytest.mark.parametrize("page", sorted(PAGES))
def test_tool_runs_in_its_chapter(served, browser, page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    answer_css, first, input_css, bad, words = PAGES[page]
    tab = TABS.get(page)
    browser.open(f"{served}/chapters/{page}.html")
    _wait_live(browser, 90)
    app = browser.driver.find_element(By.CSS_SELECTOR, ".pb-live-app")
    assert _wait(lambda: first in app.text), app.text[:300]
    cut = browser.driver.execute_script(  # a field's name shown whole, not cut off with “…”
        "return [...arguments[0].querySelectorAll('.widget-label')]"
        ".filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)", app)
    assert not cut, cut
    if tab:   # the input sits in a tab that is not the first one
        label = next(e for e in app.find_elements(By.CSS_SELECTOR, ".lm-TabBar-tab, .p-TabBar-tab") if tab in e.text)
        label.click()
    if input_css:
        field = next(e for e in app.find_elements(By.CSS_SELECTOR, input_css) if e.is_displayed())
        browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        field.send_keys(bad)
        field.send_keys(Keys.TAB)
        assert _wait(lambda: "输入有误" in app.text and words in app.text), app.text[:400]
    else:
        box = app.find_elements(By.CSS_SELECTOR, ".widget-checkbox input")[0]
        browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
        assert _wait(lambda: "已完成 1 /" in app.text)
    if page in NOTEBOOKS:
        link = browser.driver.find_element(By.CSS_SELECTOR, ".pb-live-status .pb-live-notebook")
        assert link.get_attribute("href").endswith(f"lite/notebooks/index.html?path={NOTEBOOKS[page]}")
    browser.screenshot(f"{page}-live-tool")
    outside = {u for u in browser.drain_requests() if u.startswith("http") and urlparse(u).hostname != "127.0.0.1"}
    assert not outside
