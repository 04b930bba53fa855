"""The built book: pages, Chinese search index, no CDN assets, and a real browser visit."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHAPTERS = ["chapters/communication", "chapters/objections"]
CDN = re.compile(r"cdn\.jsdelivr|cdnjs|unpkg\.com|googleapis|mybinder|cdn\.plot\.ly|polyfill\.io")


def _search_terms(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1: text.rindex(")")])
    return data["terms"]


def test_search_index_holds_chinese_words(site):
    terms = _search_terms(site)
    for word in ("异议", "客户", "说服", "异议处理"):
        assert word in terms, f"搜索索引缺少 “{word}”"
    multi = [t for t in terms if len(t) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in t)]
    assert len(multi) > 200, len(multi)


def test_no_page_loads_assets_from_a_cdn(site):
    offenders = []
    for page in site.rglob("*.html"):
        for line in page.read_text(encoding="utf-8").splitlines():
            if ("<script" in line or "<link" in line) and CDN.search(line):
                offenders.append(f"{page.relative_to(site)}: {line.strip()[:160]}")
    assert not offenders, offenders


def test_widget_page_uses_vendored_widget_manager(site):
    page = (site / "chapters" / "communication.html").read_text(encoding="utf-8")
    assert "_static/vendor/require.js" in page
    assert "_static/vendor/html-manager/embed-amd.js" in page
    assert "application/vnd.jupyter.widget-state+json" in page
    assert (site / "_static" / "vendor" / "html-manager" / "embed-amd.js").stat().st_size > 1_000_000


def test_chapters_render_knowledge_and_sources(site):
    for chapter in CHAPTERS:
        html = (site / f"{chapter}.html").read_text(encoding="utf-8")
        assert "来源" in html and "学习目标" in html and "本章小结" in html, chapter
        assert html.count('class="exercise') >= 3 or html.count("exercise admonition") >= 3, chapter


@pytest.mark.browser
def test_chapters_in_headless_chromium(served, browser):
    """Open the intro and both chapters as a reader would; nothing may leave 127.0.0.1."""
    from selenium.webdriver.common.by import By

    seen: list[str] = []
    for path in ["index.html"] + [f"{c}.html" for c in CHAPTERS]:
        browser.open(f"{served}/{path}")
        time.sleep(1.5)
        body = browser.driver.find_element(By.TAG_NAME, "body").text
        assert sum("\u4e00" <= c <= "\u9fff" for c in body) > 300, path
        browser.screenshot(Path(path).stem)
        seen += browser.drain_requests()
        assert not [e for e in browser.console_errors() if "favicon" not in e], path

    # the chart of the objection chapter is a real, loaded image
    browser.open(f"{served}/chapters/objections.html")
    time.sleep(1)
    images = browser.driver.find_elements(By.CSS_SELECTOR, "div.cell_output img")
    assert images and all(browser.driver.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 300", img) for img in images)

    # the static widget renders and switches pages without a kernel (jslink in the browser)
    browser.open(f"{served}/chapters/communication.html")
    deadline = time.time() + 20
    select = []
    while time.time() < deadline and not select:
        select = browser.driver.find_elements(By.CSS_SELECTOR, ".widget-dropdown select")
        time.sleep(0.3)
    assert select, "静态组件没有渲染"
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", select[0])
    options = select[0].find_elements(By.TAG_NAME, "option")
    before = browser.driver.find_element(By.CSS_SELECTOR, ".kb-widget-card h4").text
    options[3].click()
    time.sleep(0.5)
    visible = [h.text for h in browser.driver.find_elements(By.CSS_SELECTOR, ".kb-widget-card h4") if h.is_displayed()]
    assert visible == [options[3].text] and visible[0] != before
    browser.screenshot("communication-widget")
    seen += browser.drain_requests()

    outside = sorted({u for u in seen if u.startswith("http") and urlparse(u).hostname != "127.0.0.1"})
    assert not outside, outside


@pytest.mark.browser
def test_static_quiz_gives_feedback_without_a_kernel(served, browser):
    """Answer a drill question in the published page: the explanation appears only after answering."""
    from selenium.webdriver.common.by import By

    browser.open(f"{served}/chapters/objections.html")
    time.sleep(1)
    question = browser.driver.find_elements(By.CSS_SELECTOR, ".pb-quiz-q")[0]
    feedback = question.find_element(By.CSS_SELECTOR, ".pb-quiz-fb")
    body = browser.driver.find_element(By.TAG_NAME, "body").text
    assert not feedback.is_displayed() and "正确答案" not in body
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", question)
    options = question.find_elements(By.CSS_SELECTOR, ".pb-quiz-opt")
    options[0].click()
    time.sleep(0.3)
    assert feedback.is_displayed()
    verdict = feedback.find_element(By.CSS_SELECTOR, ".pb-quiz-verdict").text
    assert verdict in ("✓ 回答正确", "✗ 回答错误")
    right = [o for o in options if "pb-right" in o.get_attribute("class")]
    assert len(right) == 1                                   # the correct option is marked
    assert ("pb-wrong" in options[0].get_attribute("class")) == (verdict == "✗ 回答错误")
    browser.screenshot("objections-quiz")
    outside = [u for u in browser.drain_requests()
               if u.startswith("http") and urlparse(u).hostname != "127.0.0.1"]
    assert not outside, outside


@pytest.mark.browser
@pytest.mark.parametrize("page", ["quoting", "losses"])
def test_calculator_previews_show_their_number_fields(served, browser, page):
    from selenium.webdriver.common.by import By

    browser.open(f"{served}/chapters/{page}.html")
    deadline, visible = time.time() + 20, []
    while time.time() < deadline and len(visible) < 2:
        visible = [i for i in browser.driver.find_elements(By.CSS_SELECTOR, ".widget-text input")
                   if i.is_displayed()]
        time.sleep(0.3)
    assert len(visible) >= 2, f"{page}:计算器的数字输入框没有显示"
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", visible[0])
    browser.screenshot(f"{page}-calculator")
