"""Smoke test and figures for the "open as notebook" site (JupyterLite at ``lite/``).

Assembles a throw-away site — ``_static/pyodide/`` (npm ``pyodide`` core + the kernel's
packages, :func:`playbook.site.lite.prepare_pyodide_packages`) and ``lite/``
(:func:`playbook.site.lite.build_lite`) — serves it on 127.0.0.1 with the book's server, opens
``lite/notebooks/index.html?path=<notebook>`` in headless Chromium with every other host
unresolvable, runs all cells, waits for the widget, changes one input and checks that the
result changes. Prints the timings and sizes; saves a screenshot.

    .venv/bin/python benchmarks/lite_smoke.py [--site DIR] [--notebook quote.ipynb] [--shot /tmp/lite-shot.png]

Slow (tens of seconds) and needs npm, PyPI (first run only) and Chromium: not part of the test
suite.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

from playbook.site import lite
from playbook.site.serve import BookHandler
from playbook.site.vendor import integrity_of

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "lite"
PYODIDE_NPM = ("pyodide", lite.PYODIDE_VERSION,
               "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A==")
CORE_SKIP = (".map", ".d.ts", ".md", "package.json", "console.html", "console-v2.html")
#: What each notebook shows, and one input to change: (CSS of a widget that must appear,
#: label of a numeric input, new value).
CHECKS = {
    "quote.ipynb": ("数量", "37"),
    "loss.ipynb": ("毛重 kg", "31000"),
    "drills.ipynb": (None, None),
}


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def pyodide_core(dest: Path) -> None:
    """The npm package's core files in ``dest`` (what the book publishes at _static/pyodide/)."""
    name, version, integrity = PYODIDE_NPM
    tgz = CACHE / "npm" / f"{name}-{version}.tgz"
    if not tgz.exists():
        tgz.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=tgz.parent, check=True,
                       stdout=subprocess.DEVNULL)
    if integrity_of(tgz) != integrity:
        raise SystemExit(f"{tgz} 校验失败")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tgz) as tar:
        for m in tar.getmembers():
            base = m.name.rsplit("/", 1)[-1]
            if m.isfile() and m.name.count("/") == 1 and not base.endswith(CORE_SKIP):
                (dest / base).write_bytes(tar.extractfile(m).read())


def assemble(site: Path) -> None:
    if site.exists():
        shutil.rmtree(site)
    pyodide_dir = site / "_static" / "pyodide"
    pyodide_core(pyodide_dir)
    lite.prepare_pyodide_packages(pyodide_dir, CACHE)
    wheels = [*lite.widget_wheels(CACHE), lite.build_project_wheel(ROOT, CACHE)]
    notebooks = sorted((ROOT / "book" / "apps").glob("*.ipynb"))
    (CACHE / "lite-build.json").unlink(missing_ok=True)  # the site folder is new: always build
    font = ROOT / "src" / "playbook" / "fonts" / "NotoSansSC-GB2312.ttf"  # published by the book in _static/
    shutil.copyfile(font, site / "_static" / font.name)
    lite.build_lite(site / "lite", notebooks=notebooks, wheels=wheels,
                    pyodide_url="../_static/pyodide/pyodide.mjs", cache=CACHE,
                    font_url=f"../_static/{font.name}")
    (site / "index.html").write_text('<!doctype html><meta charset="utf-8"><title>lite smoke</title>'
                                     '<a href="lite/notebooks/index.html?path=quote.ipynb">笔记本</a>\n',
                                     encoding="utf-8")


class RecordingHandler(BookHandler):
    """The book's handler (same MIME types), recording every request, workers' included."""

    log: list[tuple[str, int, int]] = []

    def send_response(self, code: int, message: str | None = None) -> None:
        self._code = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        size = 0
        if getattr(self, "_code", 0) == 200:
            target = Path(self.translate_path(self.path))
            size = target.stat().st_size if target.is_file() else 0
        RecordingHandler.log.append((self.path, getattr(self, "_code", 0), size))
        super().end_headers()


def serve(site: Path, port: int):
    import functools
    import http.server

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             functools.partial(RecordingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(site: Path, notebook: str, shot: Path, port: int) -> int:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from playbook.site.headless import Browser

    server = serve(site, port)
    browser = Browser(shot.parent)
    driver = browser.driver
    ok = True
    try:
        t0 = time.perf_counter()
        browser.open(f"http://127.0.0.1:{port}/lite/notebooks/index.html?path={notebook}")
        wait = WebDriverWait(driver, 120, poll_frequency=0.2)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")) >= 3)
        t_notebook = time.perf_counter() - t0
        # JupyterLite's kernel-log indicator turns "success" once the Pyodide kernel has started
        # (or "error" if it failed), and the notebook's kernel status stops saying "Connecting".
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-KernelStatus-success, .jp-KernelStatus-error")
                   and "Connecting" not in d.find_element(By.CSS_SELECTOR, ".jp-NotebookKernelStatus").text)
        if driver.find_elements(By.CSS_SELECTOR, ".jp-KernelStatus-error"):
            print("[lite-smoke] 内核启动失败")
        t_kernel = time.perf_counter() - t0
        # Select the first cell and press Shift+Enter once per cell (JupyterLab's own shortcut).
        cells = driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")
        cells[0].click()
        keys = ActionChains(driver).key_down(Keys.SHIFT)
        for _ in cells:
            keys = keys.send_keys(Keys.ENTER)
        keys.key_up(Keys.SHIFT).perform()
        widget_css = ".jp-OutputArea .jupyter-widgets, .jp-OutputArea .widget-box"
        WebDriverWait(driver, 180, poll_frequency=0.2).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, widget_css)
            or d.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output[data-mime-type*='error']"))
        errors = driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output[data-mime-type*='error']")
        if errors:
            print("[lite-smoke] 单元格出错:\n" + errors[0].text)
            ok = False
        t_widget = time.perf_counter() - t0
        time.sleep(1.0)
        label, value = CHECKS.get(notebook, (None, None))
        changed = None
        def outputs() -> str:
            return "\n".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea"))

        if ok and label:
            before = outputs()
            field = driver.execute_script(
                "const labels=[...document.querySelectorAll('.jp-OutputArea .widget-label')];"
                "const l=labels.find(x=>x.textContent.trim()===arguments[0]);"
                "return l ? l.parentElement.querySelector('input') : null;", label)
            if field is None:
                print(f"[lite-smoke] 找不到输入框 “{label}”")
                ok = False
            else:
                field.click()
                field.send_keys(Keys.CONTROL, "a")
                field.send_keys(value, Keys.ENTER)
                t1 = time.perf_counter()
                try:
                    WebDriverWait(driver, 20, poll_frequency=0.1).until(
                        lambda d: outputs() != before)
                    changed = time.perf_counter() - t1
                except Exception:
                    ok = False
                    print(f"[lite-smoke] 改动 “{label}” 后结果没有变化")
        elif ok and notebook == "drills.ipynb":
            # Pick the first option and press 提交: the feedback (对/错, rule, source) appears.
            radios = driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea .widget-radio-box input")
            submit = [b for b in driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea button")
                      if b.text.strip() == "提交"]
            before = outputs()
            if radios and submit:
                radios[0].click()
                submit[0].click()
                t1 = time.perf_counter()
                try:
                    WebDriverWait(driver, 20).until(lambda d: outputs() != before)
                    changed = time.perf_counter() - t1
                except Exception:
                    print("[lite-smoke] 提交答案后没有反馈")
            else:
                print("[lite-smoke] 找不到选项或“提交”按钮")
        driver.execute_script("document.querySelector('.jp-OutputArea .jupyter-widgets, .jp-OutputArea')"
                              "?.scrollIntoView()")
        time.sleep(0.5)
        shot.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(shot))

        outside = [u for u in browser.drain_requests()
                   if u.startswith(("http:", "https:", "ws:", "wss:"))
                   and not u.startswith(("http://127.0.0.1", "ws://127.0.0.1"))]
        failed = [(p, c) for p, c, _ in RecordingHandler.log if c >= 400]
        fetched = sum(s for _, _, s in RecordingHandler.log)
        fetched_pyodide = sum(s for p, _, s in RecordingHandler.log if p.startswith("/_static/pyodide/"))
        pyodide_dir = site / "_static" / "pyodide"
        lock_mb = sum(p.stat().st_size for p in pyodide_dir.glob("*.whl"))
        print(f"[lite-smoke] 笔记本:{notebook}")
        print(f"[lite-smoke] 打开 → 笔记本显示:{t_notebook:.1f} s;→ 内核就绪:{t_kernel:.1f} s;"
              f"→ 部件显示(含运行单元格):{t_widget:.1f} s")
        if changed is not None:
            print(f"[lite-smoke] 改动输入 → 结果更新:{changed:.2f} s")
        print(f"[lite-smoke] lite/ 大小:{mb(tree_size(site / 'lite'))};_static/pyodide/:"
              f"{mb(tree_size(pyodide_dir))}(其中内核用的包 {mb(lock_mb)})")
        print(f"[lite-smoke] 浏览器共请求 {len(RecordingHandler.log)} 个文件,{mb(fetched)}"
              f"(其中 Pyodide {mb(fetched_pyodide)});失败 {len(failed)} 个;访问外部地址 {len(outside)} 个")
        for path, code in failed[:10]:
            print(f"    {code} {path}")
        for url in outside[:10]:
            print(f"    外部:{url}")
        severe = browser.console_errors()
        for message in severe[:10]:
            print(f"    控制台错误:{message[:300]}")
        print(f"[lite-smoke] 截图:{shot}")
        ok = ok and not outside and changed is not None
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()
    print("[lite-smoke] " + ("通过" if ok else "失败"))
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="已组装好的站点目录(含 _static/pyodide 与 lite);不给则临时组装")
    parser.add_argument("--notebook", default="quote.ipynb")
    parser.add_argument("--shot", type=Path, default=Path("/tmp/lite-shot.png"))
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path("/tmp/lite-work/smoke-site")
        assemble(site)
    return run(site, args.notebook, args.shot, args.port)


if __name__ == "__main__":
    sys.exit(main())
