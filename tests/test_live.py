"""Live apps: calculators and drills running in the reader's browser (Pyodide), offline.

Two levels:
- the comm bridge (:mod:`playbook.site.live`) in CPython, with a Python ``send`` standing in for
  the page: the same messages the browser gets, checked against the engines;
- the published book in headless Chromium with every host but 127.0.0.1 blocked: wait for
  the live app, change an input / answer a question, and compare with the engine.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

from playbook.typography import chinese_typography

from playbook.engines import drills, practice

from playbook.engines import quote

from playbook.views import quote_export

from playbook.site import live, vendor

QUOTE_CODE = """from datetime import datetime
from playbook.views.quote import quote_calculator

quote_calculator(at=datetime(2017, 1, 10, 9, 0))
"""


# ------------------------------------------------------------------ the bridge (CPython)
@pytest.fixture
def bridge(monkeypatch):
    """playbook.site.live installed with a recording ``send``; restores comm afterwards."""
    import comm

    from playbook.site import live

    monkeypatch.setattr(comm, "create_comm", comm.create_comm)
    monkeypatch.setenv("JUPYTER_WIDGETS_ECHO", "1")        # install() sets it; restored after
    sent: list[dict] = []
    live.install(lambda text: sent.append(json.loads(text)))
    return live, sent


def _instance(model_id: str):
    from ipywidgets.widgets.widget import _instances  # the registry Widget.widgets exposes

    return _instances[model_id]


def _spoken(**overrides) -> str:
    grade = quote.grade_choices()[0][1]
    args = dict(grade=grade, tier=quote.tier_choices()[0][1], quantity=10.0, unit="t",
                density20_kg_m3=quote.product(grade).density20_default, delivery="pickup",
                at=datetime(2017, 1, 10, 9, 0))
    args.update(overrides)
    # the page shows it in Chinese typography (the bridge typesets what the reader sees)
    return chinese_typography(quote_export.spoken(quote.quote(**args)), join_spaces=False)


def _html_values(messages: list[dict]) -> list[str]:
    return [m["data"]["state"]["value"] for m in messages
            if m["type"] in ("comm_open", "comm_msg") and isinstance(m["data"].get("state", {}).get("value"), str)]


def test_bridge_opens_every_widget_with_the_protocol_version(bridge):
    live, sent = bridge
    model_id = live.run_app(QUOTE_CODE)
    opens = [m for m in sent if m["type"] == "comm_open"]
    assert opens[-1]["comm_id"] == model_id                      # the root is opened last
    assert opens[-1]["data"]["state"]["_model_name"] == "VBoxModel"
    assert all(m["target_name"] == "jupyter.widget" and m["metadata"]["version"] == live.PROTOCOL_VERSION
               for m in opens)
    # children are referenced by model id, and every referenced model was opened first
    opened = {m["comm_id"] for m in opens}
    refs = {c[len("IPY_MODEL_"):] for m in opens for c in m["data"]["state"].get("children", [])}
    assert refs and refs <= opened
    assert any(_spoken() in html for html in _html_values(sent))


def test_a_changed_input_from_the_page_recomputes_with_the_engine(bridge):
    live, sent = bridge
    app = _instance(live.run_app(QUOTE_CODE))
    sent.clear()
    assert live.deliver(app.quantity.model_id, json.dumps(
        {"method": "update", "state": {"value": 30}, "buffer_paths": []}))
    expected = _spoken(quantity=30.0)
    assert expected != _spoken()
    assert any(expected in html for html in _html_values(sent))
    # a value out of range comes back as the Chinese message, not an exception
    sent.clear()
    live.deliver(app.density.model_id, json.dumps({"method": "update", "state": {"value": 900},
                                                   "buffer_paths": []}))
    assert any("输入有误" in h and "900" in h for h in _html_values(sent))


def test_a_click_from_the_page_reaches_the_drill(bridge):
    live, sent = bridge
    code = "from playbook.views.drills import drill_panel\ndrill_panel(['objection'], seed=3)\n"
    panel = _instance(live.run_app(code))
    choice = panel.children[0]
    shown = choice.shown   # the question on screen, its options in this showing's order
    live.deliver(choice.choice.model_id, json.dumps({"method": "update", "state": {"index": shown.answer},
                                                     "buffer_paths": []}))
    live.deliver(choice.submit_button.model_id, json.dumps({"method": "custom",
                                                            "content": {"event": "click"}}))
    assert "✓ 回答正确" in choice.feedback.value
    assert not live.deliver("no-such-comm", "{}")


def test_app_code_must_end_in_a_widget(bridge):
    live, _ = bridge
    with pytest.raises(ValueError, match="最后一行"):
        live.run_app("x = 1\n")
    with pytest.raises(TypeError, match="部件"):
        live.run_app("1 + 1\n")


# ------------------------------------------------------------------ the runtime bundle
def test_imported_modules_are_read_from_the_apps_code():
    assert live.imported_modules(QUOTE_CODE) == ["datetime", "playbook.views.quote"]
    assert live.imported_modules("import a.b, c as d\nfrom . import x\nif 1:\n    import e\nf()") == ["a.b", "c"]


def test_no_view_module_makes_a_widget_when_imported():
    """The page snapshots Python's memory after importing its apps' modules (playbook-live.js): a
    widget made at import would be in the snapshot with a comm the next page never opened.
    A fresh interpreter imports every view module the way the page does (live.preload)."""
    import pkgutil

    from playbook import views

    names = sorted(m.name for m in pkgutil.iter_modules(views.__path__))
    code = ("import sys\nfrom playbook.site import live\n"
            f"ok = live.preload([{', '.join(repr(f'import playbook.views.{n}') for n in names)}])\n"
            f"missing = [n for n in {names!r} if 'playbook.views.' + n not in sys.modules]\n"
            "print(ok, missing, len(live._pending))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "[]", "0"], out
    assert len(names) >= 12


def test_a_widget_made_while_preloading_reaches_the_page_once_installed(bridge, tmp_path, monkeypatch):
    live_module, sent = bridge
    (tmp_path / "pb_widget_at_import.py").write_text(
        "import ipywidgets\nBOX = ipywidgets.Layout(width='10px')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sent.clear()
    assert live_module.preload(["import pb_widget_at_import"]) is False   # no snapshot of this
    assert sent == []
    live_module.install(lambda text: sent.append(json.loads(text)))
    assert [m["type"] for m in sent] == ["comm_open"]
    assert sent[0]["data"]["state"]["_model_name"] == "LayoutModel"
    assert live_module._pending == []
    sys.modules.pop("pb_widget_at_import", None)


def test_an_app_that_fails_to_import_is_left_for_run_app_to_report(bridge):
    live_module, _ = bridge
    assert live_module.preload(["import playbook.views.no_such_view\nx()", "this is not python"]) is True
    with pytest.raises(ModuleNotFoundError):
        live_module.run_app("import playbook.views.no_such_view\nx()")


def test_after_restore_gives_the_page_its_own_random_numbers():
    import random

    random.seed(7)
    frozen = random.random()   # what every restored page would draw first without it
    random.seed(7)
    live.after_restore()
    assert random.random() != frozen


@pytest.mark.book   # reads the build's .cache/vendor: runs after the book is built
def test_bundle_holds_the_runtime_and_no_build_tooling():
    cache = Path(__file__).resolve().parents[1] / ".cache" / "vendor"   # prepared by the build
    if not (cache / "npm").exists():
        pytest.fail("浏览器端资源尚未准备:请用 bash scripts/test.sh 运行测试(它会先构建书)")
    static, version = vendor.live_bundle(cache)
    names = set(zipfile.ZipFile(static / vendor.LIVE_BUNDLE).namelist())
    # the apps ran under Pyodide at build time, so their modules come as bytecode alone
    for needed in ("playbook/site/live.pyc", "playbook/kb/kb.json", "playbook/views/quote.pyc",
                   "playbook/fonts/__init__.pyc", "playbook/engines/practice.pyc", "fsrs/__init__.pyc",
                   "typing_extensions.pyc", "ipywidgets/__init__.pyc", "traitlets/__init__.pyc",
                   "comm/__init__.pyc", "playbook/views/practice.pyc"):
        assert needed in names
    assert not {n for n in names if n.endswith(".py") or "__pycache__" in n}
    assert not {n for n in names if "/knowledge/" in n or n.endswith((".ttf", "OFL.txt"))
                or n.endswith(("kb/build.pyc", "pdfbook.pyc"))
                or n.startswith(("playbook/site/sphinxext/", "playbook/site/vendor/", "playbook/site/lite/"))}
    again, version2 = vendor.live_bundle(cache)         # deterministic: same bytes, same version
    assert version2 == version and len(version) == 12


def test_pinned_wheels_match_the_constraints():
    pins = dict(line.split("==") for line in
                (Path(__file__).parents[1] / "constraints.txt").read_text().split()
                if "==" in line)
    for w in vendor.WHEELS:
        assert pins.get(w.name) == w.version, w.name


def test_a_tampered_wheel_is_refused(tmp_path):
    pinned = vendor.WHEELS[-1]

    def download(wheels, dest):  # a mirror that serves the wrong bytes
        for w in wheels:
            (dest / w.file_name).write_bytes(b"not the wheel")

    with pytest.raises(vendor.VendorError, match="校验失败"):
        vendor.fetch_wheels([pinned], tmp_path, download=download)
    assert not (tmp_path / "wheels" / pinned.file_name).exists()  # never kept


# ------------------------------------------------------------------ the published book
def _wait_live(browser, timeout: float = 60) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        state = browser.driver.execute_script("return window.playbookLive || null")
        if state:
            assert state["ready"], f"浏览器中的 Python 没有启动:{state.get('error')};控制台错误:{browser.console_errors()}"
            return state
        time.sleep(0.2)
    labels = [e.text for e in browser.driver.find_elements("css selector", ".pb-live-label")]
    pytest.fail(f"在线应用 {timeout:g} 秒内没有就绪;状态:{labels};控制台错误:{browser.console_errors()}")


def _outside(browser, urls: list[str] | None = None) -> list[str]:
    """The requests (default: those since the browser's last drain) that left 127.0.0.1."""
    return sorted({u for u in (browser.drain_requests() if urls is None else urls)
                   if u.startswith("http") and urlparse(u).hostname != "127.0.0.1"})


def _quote_thirty_tonnes(browser, app) -> None:
    """Type 30 (tonnes) into the live quote calculator: the quote follows, from the engine."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def answer() -> str:  # the HTML widget re-renders its content on every change
        return app.find_element(By.CSS_SELECTOR, ".pb-quote-answer").text

    quantity = app.find_elements(By.CSS_SELECTOR, ".widget-text input")[0]
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", quantity)
    quantity.send_keys(Keys.CONTROL, "a")
    quantity.send_keys("30", Keys.ENTER)
    expected = _spoken(quantity=30.0)
    deadline = time.time() + 10
    while time.time() < deadline and expected not in answer():
        time.sleep(0.1)
    assert expected in answer()


@pytest.mark.browser
def test_quote_calculator_runs_in_the_browser(served, browser):
    from selenium.webdriver.common.by import By

    browser.open(f"{served}/chapters/quoting.html")
    status = browser.driver.find_element(By.CSS_SELECTOR, ".pb-live-status")
    _wait_live(browser)
    assert status.get_attribute("data-state") == "ready"
    app = browser.driver.find_element(By.CSS_SELECTOR, ".pb-live-app")
    assert _spoken() in app.find_element(By.CSS_SELECTOR, ".pb-quote-answer").text
    _quote_thirty_tonnes(browser, app)
    link = status.find_element(By.CSS_SELECTOR, ".pb-live-notebook")
    assert link.get_attribute("href").endswith("lite/notebooks/index.html?path=quote.ipynb")
    browser.screenshot("quote-live")
    assert not _outside(browser)
    assert not [e for e in browser.console_errors() if "favicon" not in e]


@pytest.mark.browser
def test_drill_runs_in_the_browser(served, browser):
    from selenium.webdriver.common.by import By

    browser.open(f"{served}/chapters/objections.html")
    _wait_live(browser)
    app = browser.driver.find_element(By.CSS_SELECTOR, ".pb-live-app")
    q = practice.make_session(3, size=5, families=["objection"]).questions[0]
    labels = app.find_elements(By.CSS_SELECTOR, ".widget-radio-box label")
    options = [chinese_typography(o, join_spaces=False) for o in q.options]         # as the page typesets them
    # the question's options, in the order of this showing (shuffled every time it is shown)
    assert sorted(lab.text for lab in labels) == sorted(options)
    pick = next(lab for lab in labels if lab.text != options[q.answer])
    wrong = options.index(pick.text)
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pick)
    pick.click()
    app.find_element(By.XPATH, ".//button[normalize-space()='提交']").click()
    deadline = time.time() + 10
    while time.time() < deadline and "回答错误" not in app.text:
        time.sleep(0.1)
    assert "✗ 回答错误" in app.text and options[q.answer] in app.text
    result = drills.check_choice(q, wrong)
    assert chinese_typography(result.explanation.splitlines()[0], join_spaces=False) in app.text
    browser.screenshot("objections-live-drill")
    assert not _outside(browser)


@pytest.mark.browser
def test_a_later_visit_does_not_read_python_twice(served, new_browser, tmp_path):
    """A first visit downloads Python's runtime with a progress bar (the page reads the files once
    for the bar, Pyodide again from the cache); a later visit finds them in the cache and leaves
    them to Pyodide alone, and the status line says Python is starting, not downloading."""
    fresh = new_browser(tmp_path)  # an empty cache, whatever this worker's browser visited before
    try:
        # every text the status line shows while the page starts, recorded from the page's first script
        fresh.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
          window.pbLabels = [];
          new MutationObserver(() => document.querySelectorAll('.pb-live-label')
              .forEach(l => window.pbLabels.push(l.textContent)))
            .observe(document, {subtree: true, childList: true, characterData: true});"""})
        requested: list[str] = []
        for page, first in (("losses", True), ("quoting", False)):
            fresh.open(f"{served}/chapters/{page}.html")
            state = _wait_live(fresh)
            assert state["fromCache"] is not first
            shown = fresh.driver.execute_script("return window.pbLabels")
            assert any("正在下载运行环境" in t and "%" in t for t in shown) is first, (page, sorted(set(shown)))
            # the first visit starts Python and stores its snapshot; the later one restores it
            # and, having imported the quoting page's modules too, stores the larger snapshot
            assert state["snapshot"] == ("started" if first else "restored")
            if first:
                assert _wait_snapshot_stored(fresh) is True
            requested += fresh.drain_requests()
        # each font from one URL: the widget bundle's two copies of the icon font's CSS name the same
        fonts = {u.split("?")[0] for u in requested if u.startswith("http") and ".woff" in u}
        assert fonts and len({u.rsplit("/", 1)[-1] for u in fonts}) == len(fonts), sorted(fonts)
        assert not _outside(fresh, requested)
    finally:
        fresh.quit()


def _wait_snapshot_stored(browser, timeout: float = 30) -> bool | None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        stored = browser.driver.execute_script("return window.playbookLive.snapshotStored")
        if stored is not None:
            return stored
        time.sleep(0.1)
    return None


@pytest.mark.browser
def test_a_snapshot_restores_working_apps_and_a_broken_one_is_replaced(served, browser):
    """The page restores Python from the snapshot an earlier live page stored, and its app
    answers; a snapshot that cannot be restored (damaged, or from another Pyodide build) is
    dropped: Python starts as usual and a good snapshot is stored again."""
    from selenium.webdriver.common.by import By

    page = f"{served}/chapters/quoting.html"
    browser.open(page)
    if _wait_live(browser)["snapshot"] == "started":  # this worker's first live page
        assert _wait_snapshot_stored(browser) is True
        browser.open(page)
        assert _wait_live(browser)["snapshot"] == "restored"
    _quote_thirty_tonnes(browser, browser.driver.find_element(By.CSS_SELECTOR, ".pb-live-app"))

    damaged = browser.driver.execute_async_script("""
      const done = arguments[arguments.length - 1];
      caches.open("playbook-live-snapshot").then(async cache => {
        const keys = await cache.keys();
        for (const key of keys) await cache.put(key, new Response(new Uint8Array(4096)));
        done(keys.length);
      }).catch(err => done(String(err)));""")
    assert damaged == 1
    browser.open(page)
    state = _wait_live(browser)
    assert state["snapshot"] == "started"
    assert _wait_snapshot_stored(browser) is True
    browser.open(page)
    assert _wait_live(browser)["snapshot"] == "restored"
    assert not [e for e in browser.console_errors() if "favicon" not in e]


@pytest.mark.book
def test_published_site_fits_the_budget_and_stays_offline(site):
    """≤ 60 MB with the runtime; the notebook site uses the shared core and never PyPI.
    (The printable book, playbook.pdf, is a separate download with its own bound: test_site_pdf.)
    The build's compressed copies (x.js.gz beside x.js) are other encodings of the same files, sent
    instead of them: they are counted on their own, against the same budget."""
    from playbook.site.precompress import is_copy

    files = [p for p in site.rglob("*") if p.is_file() and p.name != "playbook.pdf"]
    total = sum(p.stat().st_size for p in files if not is_copy(p))
    assert total <= 60e6, f"{total / 1e6:.1f} MB"
    copies = sum(p.stat().st_size for p in files if is_copy(p))
    assert 0 < copies <= 60e6, f"{copies / 1e6:.1f} MB"
    assert (site / "_static" / "pyodide" / "pyodide.asm.wasm").exists()
    fallbacks = [p.name for p in (site / "_static" / "vendor").rglob("*") if p.suffix in (".woff", ".ttf")]
    assert not fallbacks, fallbacks          # icon fonts beside their WOFF2: never fetched
    from playbook import fonts

    assert not (site / "_static" / fonts.SUPPLEMENT_FILE).exists()   # the charts' font, not the pages'
    assert not list((site / "lite").rglob("pyodide.asm.wasm"))          # not published twice
    config = json.loads((site / "lite" / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"]
    assert settings["disablePyPIFallback"] is True
    assert settings["pyodideUrl"].endswith("../_static/pyodide/pyodide.mjs")
    bundle = zipfile.ZipFile(site / "_static" / vendor.LIVE_BUNDLE).namelist()
    for module in ("playbook/views/quote", "ipywidgets/widgets/widget"):  # precompiled by Pyodide
        assert f"{module}.pyc" in bundle and f"{module}.py" not in bundle, module
    stdlib = set(zipfile.ZipFile(site / "_static" / "pyodide" / vendor.STDLIB).namelist())
    assert {"json/__init__.pyc", "_pyodide/_base.pyc", "decimal.pyc"} <= stdlib
    for app in ("quote", "loss", "drills"):                              # "在笔记本中打开" targets
        assert (site / "lite" / "files" / f"{app}.ipynb").exists()
    apps = {"quoting": 1, "losses": 1, "objections": 2, "communication": 2, "value": 1, "etiquette": 1,
            "dialogues": 1}  # objections, communication: the drill panel and a 对练 dialogue
    for page, count in apps.items():
        html = (site / "chapters" / f"{page}.html").read_text(encoding="utf-8")
        assert html.count('class="pb-live-status" data-state="loading"') == count, page
        assert "playbook-live.js" in html and "widget-view+json" in html, page  # example + runtime


def test_a_rewritten_stdlib_must_keep_every_original_entry(tmp_path):
    import zipfile

    original, compiled = tmp_path / "a.zip", tmp_path / "b.zip"
    with zipfile.ZipFile(original, "w") as z:
        z.writestr("json/__init__.py", "x = 1\n")
    header = b"\x2b\x0e\r\n\x01\0\0\0" + b"h" * 8
    with zipfile.ZipFile(compiled, "w") as z:
        z.writestr("json/__init__.py", "x = 1\n")
        z.writestr("json/__init__.pyc", header + b"code")
    assert vendor.verify_compiled_stdlib(original, compiled) == 1
    with zipfile.ZipFile(compiled, "w") as z:                  # a changed source is refused
        z.writestr("json/__init__.py", "x = 2\n")
        z.writestr("json/__init__.pyc", header + b"code")
    with pytest.raises(vendor.VendorError, match="校验失败"):
        vendor.verify_compiled_stdlib(original, compiled)
    with zipfile.ZipFile(compiled, "w") as z:                  # so is anything but bytecode
        z.writestr("json/__init__.py", "x = 1\n")
        z.writestr("evil.py", "import os\n")
    with pytest.raises(vendor.VendorError, match="校验失败"):
        vendor.verify_compiled_stdlib(original, compiled)


def test_a_file_uploaded_in_the_page_reaches_the_widget(bridge):
    import base64

    live, sent = bridge
    app = _instance(live.run_app("from playbook.views.cadence import cadence_planner\ncadence_planner(2026, 9)\n"))
    book = "客户,级别,客户经理\n甲加油站,A,王伟\n乙物流,B,李娜\n".encode("utf-8")
    state = {"value": [{"name": "名册.csv", "type": "text/csv", "size": len(book), "last_modified": 0}]}
    assert live.deliver(app.upload.model_id,
                        json.dumps({"method": "update", "state": state, "buffer_paths": [["value", 0, "content"]]}),
                        json.dumps([base64.b64encode(book).decode("ascii")]))
    assert app.error is None and set(app.team.plans) == {"王伟", "李娜"}


def test_the_bundle_ships_bytecode_in_place_of_compiled_sources():
    from playbook.site.vendor.bundle import sourceless

    entries = {"pkg/__init__.py": b"", "pkg/mod.py": b"x = 1", "pkg/data.json": b"{}", "top.py": b"y = 2",
               "pkg/raw.py": b"z = 3"}
    compiled = {"pkg/__pycache__/__init__.cpython-314.pyc": b"I", "pkg/__pycache__/mod.cpython-314.pyc": b"M",
                "__pycache__/top.cpython-314.pyc": b"T"}
    assert sourceless(entries, compiled) == {"pkg/__init__.pyc": b"I", "pkg/mod.pyc": b"M", "top.pyc": b"T",
                                             "pkg/data.json": b"{}", "pkg/raw.py": b"z = 3"}
    assert sourceless(entries, {}) == entries          # no Node.js at build time: sources as they are
