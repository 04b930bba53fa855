"""Benchmark: live apps in the published book (issue 7). Targets: first calculator
interactive ≤ 8 s cold and ≤ 3 s with the browser cache warm; published site ≤ 60 MB.

Run after building the book: ``.venv/bin/python benchmarks/bench_live.py [rounds]``.

- **cold**: a fresh Chromium profile (empty cache) opens the page; **warm**: the same browser
  opens it again. The time is from navigation start to the live widget being on the page and
  answering (``window.playbookLive.sincePageOpen``, set by ``playbook-live.js`` after the view
  is displayed), with the stages inside it (download, Python start, bundle, app, view).
- **baseline**: the same page's ``load`` event in the same run, i.e. what the static page
  costs; the ratio shows what the browser runtime adds on this (noisy) machine.
- **size**: the published site in total and by component; the budget counts what pages can load
  (the printable book, playbook.pdf, is a separate download and is listed apart).
Every host but 127.0.0.1 is blocked; requests that leave it are counted and reported.
"""
from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

from playbook.site.headless import Browser
from playbook.site.serve import make_server

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
PAGES = ("chapters/quoting.html", "chapters/losses.html", "chapters/objections.html")
TARGET_COLD_S, TARGET_WARM_S, TARGET_SITE_MB = 8.0, 3.0, 60.0
#: Published components: (label, path under the site, or None for "everything else").
COMPONENTS = (
    ("Pyodide 核心(_static/pyodide,不含包)", "_static/pyodide", "core"),
    ("Pyodide 包(笔记本内核用的 wheel)", "_static/pyodide", "wheels"),
    ("JupyterLite 笔记本(lite/)", "lite", None),
    ("运行包(_static/live)", "_static/live", None),
    ("部件渲染器与 require.js(_static/vendor)", "_static/vendor", None),
    ("中文字体(NotoSansSC 子集)", "_static/NotoSansSC-GB2312.ttf", None),
    ("图片(_images)", "_images", None),
    ("整本书 PDF(playbook.pdf,单独下载,不计入页面预算)", "playbook.pdf", None),
)
PDF_LABEL = COMPONENTS[-1][0]


def _size(path: Path, part: str | None = None) -> int:
    if path.is_file():
        return path.stat().st_size
    files = [p for p in path.rglob("*") if p.is_file()] if path.exists() else []
    if part == "core":
        files = [p for p in files if p.suffix != ".whl"]
    elif part == "wheels":
        files = [p for p in files if p.suffix == ".whl"]
    return sum(p.stat().st_size for p in files)


def sizes() -> list[tuple[str, float]]:
    total = _size(SITE)
    rows = [(label, _size(SITE / rel, part) / 1e6) for label, rel, part in COMPONENTS]
    rows.append(("页面、搜索索引与主题(其余)", total / 1e6 - sum(mb for _, mb in rows)))
    rows.append(("合计", total / 1e6))
    pdf = _size(SITE / "playbook.pdf") / 1e6
    rows.append(("合计(不含 PDF:读者打开网页时可能下载的全部)", total / 1e6 - pdf))
    return rows


def _wait_ready(browser: Browser, timeout: float = 60) -> dict:
    end = time.time() + timeout
    while time.time() < end:
        state = browser.driver.execute_script("return window.playbookLive || null")
        if state:
            return state
        time.sleep(0.05)
    raise TimeoutError("在线计算器在 60 秒内没有就绪")


def open_page(browser: Browser, url: str) -> tuple[dict, float]:
    browser.open(url)
    state = _wait_ready(browser)
    if not state.get("ready"):
        raise RuntimeError(f"{url}:{state.get('error')}")
    load = browser.driver.execute_script(
        "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd / 1000;")
    return state, load


def main(rounds: int = 3) -> int:
    server = make_server(SITE, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failed = False
    external: list[str] = []
    for page in PAGES:
        cold, warm, loads, stages, warm_stages = [], [], [], [], []
        for _ in range(rounds):
            browser = Browser(ROOT / "book" / "_build" / "screenshots")
            try:
                state, load = open_page(browser, f"{base}/{page}")
                cold.append(state["sincePageOpen"])
                loads.append(load)
                stages.append(state["stages"])
                state, _ = open_page(browser, f"{base}/{page}")
                warm.append(state["sincePageOpen"])
                warm_stages.append(state["stages"])
                external += [u for u in browser.drain_requests()
                             if u.startswith("http") and not u.startswith(base)]
            finally:
                browser.quit()
        c, w, b = statistics.median(cold), statistics.median(warm), statistics.median(loads)
        ok = c <= TARGET_COLD_S and w <= TARGET_WARM_S
        failed |= not ok
        print(f"{page}:首个计算器可用 冷启动 {c:.2f} s(目标 ≤ {TARGET_COLD_S:g})、"
              f"缓存已热 {w:.2f} s(目标 ≤ {TARGET_WARM_S:g}){'' if ok else '  ✗ 未达标'}")
        print(f"    基线:同一页面的 load 事件 {b:.2f} s;冷启动为基线的 {c / b:.1f} 倍,热启动 {w / b:.1f} 倍;"
              f"各次 冷 {[round(x, 2) for x in cold]} 热 {[round(x, 2) for x in warm]}")
        for label, runs in (("冷启动", stages), ("热启动", warm_stages)):
            last = runs[len(runs) // 2]
            print(f"    {label}各阶段(自脚本开始,累计秒):"
                  + ",".join(f"{k} {v:.2f}" for k, v in sorted(last.items(), key=lambda kv: kv[1])))
    print("已发布网站的大小:")
    for label, mb in sizes():
        print(f"    {label:<36} {mb:7.2f} MB")
    total = sizes()[-1][1]   # the budget is for what pages load; the PDF is a separate download
    if total > TARGET_SITE_MB:
        failed = True
        print(f"    ✗ 超过 {TARGET_SITE_MB:g} MB")
    print(f"离开 127.0.0.1 的请求:{len(external)} 个" + (f":{external[:5]}" if external else ""))
    server.shutdown()
    return 1 if failed or external else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
