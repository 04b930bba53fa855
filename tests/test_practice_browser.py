"""Acceptance in headless Chromium on the built book: answers on 异议处理 survive a reload and
show on 我的练习 with their due dates; the export loads into a fresh records store and shows in
``python -m playbook dashboard``."""
from __future__ import annotations

import json
import time

import pytest

from playbook.engines import drills, practice
from playbook.typography import chinese_typography
from tests.test_cli_dashboard import run
from tests.test_live import _outside, _wait_live


def _wait_text(app, text: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and text not in app.text:
        time.sleep(0.1)
    assert text in app.text


@pytest.mark.browser
def test_practice_is_remembered_and_handed_to_the_trainer(served, browser, clear_storage, tmp_path):
    # the browser is shared by the session's tests: start from no stored progress, leave none
    clear_storage(practice.BROWSER_KEY)
    try:
        _remembered_and_handed_over(served, browser, tmp_path)
    finally:
        clear_storage(practice.BROWSER_KEY)


def _remembered_and_handed_over(served, browser, tmp_path):
    from selenium.webdriver.common.by import By

    d = browser.driver
    browser.open(f"{served}/chapters/objections.html")
    _wait_live(browser)
    app = d.find_element(By.CSS_SELECTOR, ".pb-live-app")
    questions = practice.make_session(3, size=5, families=["objection"]).questions[:3]
    picks = [q.answer if k != 1 else (q.answer + 1) % len(q.options) for k, q in enumerate(questions)]
    for k, (q, pick) in enumerate(zip(questions, picks)):
        _wait_text(app, chinese_typography(q.prompt, join_spaces=False))   # as the page typesets it
        labels = app.find_elements(By.CSS_SELECTOR, ".widget-radio-box label")
        shown = [lab.text for lab in labels]           # in this showing's own (shuffled) order
        typeset = [chinese_typography(o, join_spaces=False) for o in q.options]
        assert sorted(shown) == sorted(typeset)
        label = labels[shown.index(typeset[pick])]
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()
        app.find_element(By.XPATH, ".//button[normalize-space()='提交']").click()
        _wait_text(app, "回答正确" if pick == q.answer else "回答错误")
        if k == 1:
            browser.screenshot("practice-1-objections-answered")
        app.find_element(By.XPATH, ".//button[normalize-space()='下一题']").click()
    stored = d.execute_script(f"return window.localStorage.getItem('{practice.BROWSER_KEY}')")
    saved, _ = practice.from_json(stored)
    assert {r.item: r.correct for r in saved.reviews} == {q.id: p == q.answer for q, p in zip(questions, picks)}
    assert {r.item: r.choice for r in saved.reviews} == {q.id: q.option_ids[p] for q, p in zip(questions, picks)}

    # 换一组: a new set without reloading
    first = app.find_element(By.CSS_SELECTOR, ".widget-radio-box").text
    app.find_element(By.XPATH, ".//button[normalize-space()='换一组']").click()
    deadline = time.time() + 30
    while time.time() < deadline and app.find_element(By.CSS_SELECTOR, ".widget-radio-box").text == first:
        time.sleep(0.1)
    assert app.find_element(By.CSS_SELECTOR, ".widget-radio-box").text != first

    d.refresh()
    _wait_live(browser)
    browser.open(f"{served}/practice.html")
    _wait_live(browser)
    page = d.find_element(By.CSS_SELECTOR, ".pb-live-app")
    _wait_text(page, "已练题目")
    items = page.find_element(By.CSS_SELECTOR, ".pb-practice-items")
    rows = items.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 3
    for q in questions:
        assert chinese_typography(practice.item_title(q.id), join_spaces=False) in items.text
    assert "约 10 分钟后" in items.text and ("约 1 分钟后" in items.text or "已到期" in items.text)
    assert "1/1" in items.text and "0/1" in items.text
    assert "pb-ready-" in page.get_attribute("innerHTML") and "绿色" in page.text
    d.execute_script("arguments[0].scrollIntoView({block: 'start'})", items)
    browser.screenshot("practice-2-my-practice")
    d.set_window_size(390, 1400)
    time.sleep(0.5)
    browser.screenshot("practice-3-my-practice-390px")
    d.set_window_size(1280, 1600)

    name = page.find_element(By.CSS_SELECTOR, ".widget-text input")
    name.send_keys("王小明")
    page.find_element(By.XPATH, ".//button[normalize-space()='导出进度文件']").click()
    _wait_text(page, "下载 王小明-练习进度")
    text = page.find_element(By.CSS_SELECTOR, "textarea").get_attribute("value")
    deadline = time.time() + 30
    while time.time() < deadline and '"trainee": "王小明"' not in text:
        time.sleep(0.1)
        text = page.find_element(By.CSS_SELECTOR, "textarea").get_attribute("value")
    exported = json.loads(text)
    assert exported["trainee"] == "王小明" and len(exported["reviews"]) == 3
    link = page.find_element(By.CSS_SELECTOR, "a.pb-practice-download")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    browser.screenshot("practice-4-exported")
    assert "王小明" not in d.execute_script(f"return window.localStorage.getItem('{practice.BROWSER_KEY}')")
    assert not _outside(browser)

    f = tmp_path / "王小明-练习进度.json"
    f.write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    done = run("records", "import", str(f), "--db", db, cwd=tmp_path)
    assert done.returncode == 0 and "新增 3 次作答" in done.stdout, done.stderr
    board = run("dashboard", "--db", db, "--out", "board", cwd=tmp_path)
    assert board.returncode == 0, board.stderr
    assert "王小明:自学作答 3 次" in board.stdout and "异议处理" in board.stdout
    (browser.shots / "practice-dashboard-output.txt").write_text(done.stdout + board.stdout, encoding="utf-8")
    browser.open((tmp_path / "board" / "dashboard.html").as_uri())
    browser.screenshot("practice-5-dashboard")
