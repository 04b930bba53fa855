"""Acceptance in headless Chromium on the built book: the whole trainer flow on the 培训师工作台
page (plan, score two rounds, collect two trainees' progress files, see the session, export),
then the export loaded by ``records import`` into a fresh store and shown by ``dashboard``;
and every “practise next” link (我的练习, the trainer's view) opens a live drill on its item.
Screenshots of each step at 1280 px and 390 px."""
from __future__ import annotations

import base64
import io
import json
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from playbook.engines import dialogue, drills, practice
from playbook.trainer import console, records
from tests.test_cli_dashboard import run
from tests.test_live import _outside, _wait_live

NAMES = ["张三", "李四", "王五", "赵六"]
#: Copies of the screenshots for the issue (besides book/_build/screenshots).
SHOTS = Path("/work/wt/shots/console25")


def _wait(pred, timeout: float = 30, what: str = ""):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = pred()
        if got:
            return got
        time.sleep(0.15)
    pytest.fail(f"等待超时:{what}")


def _shots(browser, name: str, target=None) -> None:
    """The step at 1280 px and at 390 px (phone width)."""
    d = browser.driver
    for width, height in ((1280, 1000), (390, 1400)):
        d.set_window_size(width, height)
        time.sleep(0.6)
        if target is not None:
            d.execute_script("arguments[0].scrollIntoView({block: 'start'})", target)
            time.sleep(0.2)
        path = browser.screenshot(f"console-{name}-{width}")
        if SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            shutil.copyfile(path, SHOTS / path.name)
    d.set_window_size(1280, 1000)


def _visible(app, css: str):
    return [e for e in app.find_elements("css selector", css) if e.is_displayed()]


def _button(app, text: str):
    got = [b for b in app.find_elements("xpath", f".//button[normalize-space()='{text}']") if b.is_displayed()]
    assert got, text
    return got[0]


def _click(d, el) -> None:
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def _tab(d, app, title: str) -> None:
    # Waited for: right after a resize (the screenshots' 390 px → 1280 px) the tab bar is laid out
    # again, and until then its tabs' text reads empty.
    tab = _wait(lambda: next((t for t in app.find_elements("css selector", ".lm-TabBar-tab, .p-TabBar-tab")
                              if title in t.text), None), timeout=10, what=f"“{title}”标签")
    _click(d, tab)
    time.sleep(0.3)


def _file_input(d, app):
    """The file picker's input: the widget keeps it out of the page and clicks it to open the
    system's dialog; here the click puts it into the page instead, for selenium to fill."""
    d.execute_script("""
      if (!window.pbCatchFileInput) {
        window.pbCatchFileInput = true;
        const click = HTMLInputElement.prototype.click;
        HTMLInputElement.prototype.click = function () {
          if (this.type === "file") { this.classList.add("pb-test-file"); if (!this.isConnected) document.body.appendChild(this); return; }
          return click.call(this);
        };
      }
      document.querySelectorAll("input.pb-test-file").forEach(function (e) { e.classList.remove("pb-test-file"); });""")
    button = next(b for b in app.find_elements("css selector", ".widget-upload, button") if b.is_displayed()
                  and "选择文件" in b.text)
    _click(d, button)
    return _wait(lambda: d.find_elements("css selector", "input.pb-test-file"), what="文件选择框")[0]


def _progress_file(folder: Path, name: str, n: int, seed: int) -> Path:
    now = datetime.now(timezone.utc)
    p = practice.Progress()
    for k, q in enumerate(practice.make_session(seed, size=n).questions):
        p = practice.review(p, q.id, practice.AGAIN if k % 3 == 0 else practice.GOOD, at=now - timedelta(days=2, minutes=k))
    f = folder / f"{name}-练习进度-{now:%Y%m%d}.json"
    f.write_text(practice.to_json(p, trainee=name, exported_at=now), encoding="utf-8")
    return f


#: What the trainer's console and the practice keep in the browser's local storage.
KEYS = (console.DB_KEY, console.PLAN_KEY, practice.BROWSER_KEY)


@pytest.mark.browser
def test_trainer_flow_in_the_page(served, browser, clear_storage, tmp_path):
    clear_storage(*KEYS)  # the browser is shared by the session's tests: start from nothing, leave nothing
    try:
        _flow(served, browser, tmp_path)
    finally:
        clear_storage(*KEYS)


def _flow(served, browser, tmp_path):
    from selenium.webdriver.support.ui import Select

    d = browser.driver
    browser.open(f"{served}/trainer.html")
    _wait_live(browser)
    app = d.find_element("css selector", ".pb-live-app")
    # 1 plan
    session = _visible(app, ".widget-text input")[0]
    session.clear()
    session.send_keys("2027-03-02 第一期")
    _visible(app, "textarea")[0].send_keys("\n".join(NAMES))
    from selenium.webdriver.common.keys import Keys

    rounds = _visible(app, "input[type='number']")[0]
    rounds.send_keys(Keys.CONTROL, "a")
    rounds.send_keys("2", Keys.ENTER)
    _click(d, _button(app, "生成分组与卡片"))
    _wait(lambda: "已生成" in app.text and "4 名学员" in app.text and "2 轮" in app.text, what="分组")
    frame = app.find_element("css selector", "iframe.pb-console-cards")
    d.switch_to.frame(frame)
    cards = d.find_element("tag name", "body").text
    assert "情景模拟分组表" in cards and "保密" in cards
    d.switch_to.default_content()
    _shots(browser, "1-plan", app)

    # 2 score two rounds (the first group of each), then re-open the first one
    _tab(d, app, "评分")
    picker = Select(_visible(app, "select")[0])
    labels = [o.text for o in picker.options]
    firsts = [next(i for i, t in enumerate(labels) if t.startswith(f"第 {r} 轮")) for r in (1, 2)]
    ticked_first = []
    for k, index in enumerate(firsts):
        picker.select_by_index(index)
        time.sleep(0.5)
        boxes = _visible(app, ".widget-checkbox input")[1:]  # [0] is 覆盖已保存的评分
        for box in boxes[: 3 + k]:
            _click(d, box)
        if k == 0:
            ticked_first = [b.is_selected() for b in boxes]
        _click(d, _button(app, "保存评分"))
        _wait(lambda: "已保存。" in app.text, what="保存评分")
        if k == 0:
            _shots(browser, "2-scored", app)
    _wait(lambda: "已评分 2/" in app.text, what="已评分 2 组")
    picker.select_by_index(firsts[0])
    _wait(lambda: "这一组已评过分" in app.text, what="重开已评分的组")
    assert [b.is_selected() for b in _visible(app, ".widget-checkbox input")[1:]] == ticked_first
    _shots(browser, "3-reopened", app)

    # 3 collect: two trainees' progress files at once, then one of them again
    files = [_progress_file(tmp_path, NAMES[0], 6, 1), _progress_file(tmp_path, NAMES[1], 4, 2)]
    _tab(d, app, "收集")
    picker_input = _file_input(d, app)
    picker_input.send_keys("\n".join(str(f) for f in files))
    _wait(lambda: app.text.count("新增") >= 2, what="导入两个进度文件")
    _file_input(d, app).send_keys(str(files[0]))
    _wait(lambda: "已导入过" in app.text, what="重复导入")
    _shots(browser, "4-collected", app)

    # 4 the session
    _tab(d, app, "查看")
    _wait(lambda: "学员准备情况" in app.text, what="查看")
    view = app.find_element("css selector", ".pb-console-ready")
    for name in NAMES:
        assert name in view.text
    assert "状态怎么定" in app.text and "团队最弱的技能" in app.text and "待裁定" in app.text
    assert app.find_elements("css selector", ".pb-console-view a.pb-drill-link")
    d.set_window_size(390, 1400)
    _wait(lambda: app.find_elements("css selector", ".pb-console-view .pb-scroll-hint.pb-on"), what="表格较宽的提示")
    d.set_window_size(1280, 1000)
    _shots(browser, "5-session", app.find_element("css selector", ".pb-console-view"))

    # 5 export
    _tab(d, app, "导出")
    _click(d, _button(app, "生成导出文件"))
    link = _wait(lambda: [a for a in app.find_elements("css selector", "a[download$='.json']")], what="导出")[0]
    xlsx = app.find_element("css selector", "a[download$='.xlsx']")
    filename = link.get_attribute("download")
    assert "第一期" in filename and filename.endswith(".json")
    text = base64.b64decode(link.get_attribute("href").split(",", 1)[1]).decode("utf-8")
    book = base64.b64decode(xlsx.get_attribute("href").split(",", 1)[1])
    _shots(browser, "6-export", app)
    data = json.loads(text)
    assert data["format"] == console.EXPORT_FORMAT and len(data["sheets"]) == 2
    assert set(data["practice"]) == set(NAMES[:2])
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(book)).sheetnames == ["学员", "记录", "薄弱项"]

    # the work survives a reload
    d.refresh()
    _wait_live(browser)
    app = d.find_element("css selector", ".pb-live-app")
    _wait(lambda: "本机保存了 2 轮评分、2 名学员" in app.text, what="刷新后记录还在")
    assert not _outside(browser)

    # 6 records import into a fresh store, then dashboard
    f = tmp_path / filename
    f.write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    done = run("records", "import", str(f), "--db", db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with records.open_store(db) as store:
        assert len(store.sheets()) == 2 and set(store.practice_progress()) == set(NAMES[:2])
    board = run("dashboard", "--db", db, "--out", "board", cwd=tmp_path)
    assert board.returncode == 0, board.stderr
    assert f"{NAMES[0]}:自学作答 6 次" in board.stdout
    (browser.shots / "console-records-import-dashboard.txt").write_text(done.stdout + board.stdout, encoding="utf-8")
    browser.open((tmp_path / "board" / "dashboard.html").as_uri())
    _shots(browser, "7-dashboard")


def _follow(browser, href: str) -> None:
    """Open a practise-next link; the drill it lands on is live and shows that item."""
    from playbook.typography import chinese_typography

    d = browser.driver
    browser.open(href)
    _wait_live(browser)
    item = parse_qs(urlsplit(href).query)["item"][0]
    focus = _wait(lambda: d.find_elements("css selector", ".pb-live-app .pb-focus"), what=f"{item} 的练习")[0]
    if item.startswith(practice.DIALOGUE_PREFIX):
        d_ = dialogue.get(item.removeprefix(practice.DIALOGUE_PREFIX)) if hasattr(dialogue, "get") else None
        select = focus.find_element("css selector", "select")
        assert select.get_attribute("value") or d_ is None
        return
    q = next((q for q in drills.all_questions(seed=0) if q.id == item), None)
    if q is not None:
        want = chinese_typography(q.prompt, join_spaces=False)
    else:
        task = next(t for t in drills.free_text_tasks() if t.id == item)
        want = chinese_typography(task.prompt, join_spaces=False)[:12]
    _wait(lambda: want in focus.text, what=f"{item} 的题目")


@pytest.mark.browser
def test_every_practise_next_link_opens_a_live_drill(served, browser, clear_storage, tmp_path):
    d = browser.driver
    clear_storage(*KEYS)
    try:
        now = datetime.now(timezone.utc)
        p = practice.Progress()
        for family in drills.FAMILIES:
            q = drills.all_questions(families=[family])[-1]
            p = practice.review(p, q.id, practice.AGAIN, at=now - timedelta(days=3))
        task = drills.free_text_tasks(families=["objection"])[0]
        p = practice.review(p, task.id, practice.AGAIN, at=now - timedelta(days=3))
        p = practice.review(p, practice.DIALOGUE_PREFIX + dialogue.all_dialogues()[-1].id, practice.AGAIN,
                            at=now - timedelta(days=3))
        d.execute_script("window.localStorage.setItem(arguments[0], arguments[1])", practice.BROWSER_KEY,
                         practice.to_json(p))
        browser.open(f"{served}/practice.html")
        _wait_live(browser)
        app = d.find_element("css selector", ".pb-live-app")
        _wait(lambda: app.find_elements("css selector", ".pb-practice-due a.pb-drill-link"), what="到期题的链接")
        due = [a.get_attribute("href") for a in app.find_elements("css selector", ".pb-practice-due a.pb-drill-link")]
        listed = [a.get_attribute("href") for a in app.find_elements("css selector", ".pb-practice-items a.pb-drill-link")]
        assert len(due) == len(p.reviews) and sorted(due) == sorted(listed)
        _shots(browser, "8-practice-links", app.find_element("css selector", ".pb-practice-due"))
        for href in dict.fromkeys(due):
            _follow(browser, href)
        browser.screenshot("console-9-link-landed")
    finally:
        clear_storage(*KEYS)


@pytest.mark.browser
def test_phone_polish(served, browser):
    """At 390 px: widget controls are at least 44 px tall, toggle labels are whole, 回到顶部 is
    not over any control, widget tables get the 表格较宽 hint, screen-reader labels are Chinese."""
    d = browser.driver
    d.set_window_size(390, 1400)
    try:
        browser.open(f"{served}/chapters/losses.html")
        _wait_live(browser)
        app = d.find_element("css selector", ".pb-live-app")
        time.sleep(0.5)
        small = d.execute_script("""
          return Array.from(arguments[0].querySelectorAll('button, .lm-TabBar-tab, select, input[type=text], input[type=number]'))
            .filter(e => e.offsetParent !== null).map(e => [e.textContent.trim(), e.getBoundingClientRect().height])
            .filter(p => p[1] < 44);""", app)
        assert small == []
        cut = d.execute_script("""
          return Array.from(arguments[0].querySelectorAll('.widget-toggle-button'))
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);""", app)
        toggles = app.find_elements("css selector", ".widget-toggle-button")
        assert toggles and cut == []
        top = d.find_elements("css selector", "#pst-back-to-top")
        assert not top or not top[0].is_displayed()
        d.execute_script("arguments[0].scrollIntoView({block: 'start'})", toggles[0])
        time.sleep(0.3)
        browser.screenshot("console-10-phone-losses")
        shutil.copyfile(browser.shots / "console-10-phone-losses.png", SHOTS / "console-10-phone-losses-390.png") \
            if SHOTS.exists() else None
        english = d.execute_script("""
          return Array.from(document.querySelectorAll('[aria-label]')).map(e => e.getAttribute('aria-label'))
            .filter(v => /^[A-Za-z ]+$/.test(v));""")
        assert english == []
    finally:
        d.set_window_size(1280, 1000)


@pytest.mark.browser
def test_search_ranks_the_page_about_a_term_first(served, browser):
    """价格异议: the page that explains it (异议处理) comes before pages that mention it once."""
    d = browser.driver
    browser.open(f"{served}/search.html?q=价格异议")
    links = _wait(lambda: [a for a in d.find_elements("css selector", "#search-results ul.search li a")
                           if a.get_attribute("href")], timeout=60, what="搜索结果")
    first = links[0].get_attribute("href")
    assert "chapters/objections.html" in first, [a.get_attribute("href") for a in links[:5]]



@pytest.mark.browser
def test_search_ranks_every_page_with_the_term_above_every_page_without_it(site, served, browser):
    """价格异议: the results that contain the whole term come first; a page that only has 价格
    and 异议 apart (or one of them) never ranks above a page that has 价格异议."""
    import re

    d = browser.driver
    browser.open(f"{served}/search.html?q=价格异议")
    _wait(lambda: d.find_elements("css selector", "#search-results ul.search li a"), timeout=60, what="搜索结果")
    _wait(lambda: "找到" in d.find_element("css selector", "#search-results").text
          or d.find_elements("css selector", "#search-results p.search-summary"), timeout=60, what="搜索完成")
    hrefs = [a.get_attribute("href") for a in d.find_elements("css selector", "#search-results ul.search li > a")]
    pages = list(dict.fromkeys(urlsplit(h).path.split(f"{urlsplit(served).path}/", 1)[-1].lstrip("/")
                               for h in hrefs if h))
    assert len(pages) >= 3, pages

    def has_term(page: str) -> bool:
        text = (site / page).read_text(encoding="utf-8")
        main = text[text.find('<article'):text.rfind('</article>')] or text
        return "价格异议" in re.sub(r"<[^>]+>", "", main)

    marks = [has_term(p) for p in pages]
    first_without = marks.index(False) if False in marks else len(marks)
    assert all(marks[:first_without]) and not any(marks[first_without:]), list(zip(pages, marks))
    # every page of the book that has the term is found, above any that has not
    holding = {str(f.relative_to(site)) for f in site.glob("*/*.html") if has_term(str(f.relative_to(site)))}
    assert len(holding) >= 3 and holding <= set(pages[:first_without]), sorted(holding - set(pages))


def test_search_term_counts_are_published_for_every_dictionary_term(site):
    from playbook.site.sphinxext import SEARCH_BOOST, search_terms

    text = (site / SEARCH_BOOST).read_text(encoding="utf-8")
    counts = json.loads(text[text.index("=") + 1:].strip().rstrip(";"))
    assert set(counts) <= set(search_terms()) and "价格异议" in counts
    price = counts["价格异议"]
    assert price["chapters/objections"] > price.get("chapters/industrial-selling", 0) >= 1
