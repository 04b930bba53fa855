"""Benchmark: live apps in the published book (issues 7 and 27).

Targets (issue 27): the first live page ≤ 12 MB on the wire from the project's own server
(``playbook serve``), and the quoting and losses calculators interactive ≤ 2.0 s cold and
≤ 1.0 s warm; published site ≤ 60 MB.

Run after building the book::

    .venv/bin/python benchmarks/bench_live.py [--rounds 5] [--site LABEL=PATH ...] [--markdown]

- **cold**: a fresh Chromium profile (empty cache) opens the page; **warm**: the same browser
  opens it again. The time is from navigation start to every live app of the page being on the
  page and answering (``window.playbookLive.sincePageOpen``, set by ``playbook-live.js`` after
  the views are displayed), with the stages inside it.
- **wire**: bytes the cold visit received until then (Chromium's ``encodedDataLength`` of every
  response, headers included: compressed bytes when the server sent a compressed copy).
- **baseline**: the same page's ``load`` event in the same run (what the static page costs); the
  ratios to it are steadier than the seconds on a shared, noisy machine.
- Several ``--site`` options (e.g. ``before=/tmp/before/book/_build/html``) are measured in the
  same run, round by round in turn, each served by :mod:`playbook.site.serve`, so their figures
  compare under the same load.
- **size**: the published site in total and by component (compressed copies apart).
Every host but 127.0.0.1 is blocked; requests that leave it are counted and reported.
Medians of the rounds are printed; ``--markdown`` adds the table the README quotes.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

from playbook.site.headless import Browser
from playbook.site.precompress import is_copy
from playbook.site.serve import make_server

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
#: (label, page): the two calculators, a drill (objections also has a dialogue) and a dialogue.
PAGES = (("报价与算账", "chapters/quoting.html"), ("损耗与交付", "chapters/losses.html"),
         ("异议处理(练习)", "chapters/objections.html"), ("对练(对话)", "chapters/dialogues.html"))
TARGETED = {"chapters/quoting.html", "chapters/losses.html"}
TARGET_COLD_S, TARGET_WARM_S, TARGET_WIRE_MB, TARGET_SITE_MB = 2.0, 1.0, 12.0, 60.0
#: Published components: (label, path under the site, part).
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


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.is_file() and not is_copy(p)] if path.exists() else []


def _size(path: Path, part: str | None = None) -> int:
    files = _files(path)
    if part == "core":
        files = [p for p in files if p.suffix != ".whl"]
    elif part == "wheels":
        files = [p for p in files if p.suffix == ".whl"]
    return sum(p.stat().st_size for p in files)


def sizes(site: Path) -> list[tuple[str, float]]:
    total = _size(site)
    rows = [(label, _size(site / rel, part) / 1e6) for label, rel, part in COMPONENTS]
    rows.append(("页面、搜索索引与主题(其余)", total / 1e6 - sum(mb for _, mb in rows)))
    rows.append(("合计", total / 1e6))
    copies = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and is_copy(p))
    rows.append(("压缩副本(.gz/.br,代替原文件发送)", copies / 1e6))
    pdf = _size(site / "playbook.pdf") / 1e6
    rows.append(("合计(不含 PDF 与压缩副本:读者打开网页时可能下载的全部)", total / 1e6 - pdf))
    return rows


def _wait_ready(browser: Browser, timeout: float = 300) -> dict:
    end = time.time() + timeout
    while time.time() < end:
        state = browser.driver.execute_script("return window.playbookLive || null")
        if state:
            return state
        time.sleep(0.05)
    raise TimeoutError(f"在线应用在 {timeout:g} 秒内没有就绪")


def _wire_bytes(browser: Browser, base: str) -> tuple[int, list[str]]:
    """Bytes received from ``base`` (and URLs requested) since the last call, from the
    performance log; Chromium's own pages (the new-tab page's chrome:// files) are not counted."""
    urls: dict[str, str] = {}
    done: dict[str, int] = {}
    for entry in browser.driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif message.get("method") == "Network.loadingFinished":
            done[params["requestId"]] = int(params.get("encodedDataLength") or 0)
    total = sum(n for rid, n in done.items() if urls.get(rid, "").startswith(base))
    return total, list(urls.values())


def open_page(browser: Browser, url: str) -> tuple[dict, float]:
    browser.open(url)
    state = _wait_ready(browser)
    if not state.get("ready"):
        raise RuntimeError(f"{url}:{state.get('error')}")
    load = browser.driver.execute_script(
        "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd / 1000;")
    return state, load


class Served:
    """A built site on 127.0.0.1 (a free port), served by playbook.site.serve."""

    def __init__(self, label: str, site: Path) -> None:
        self.label, self.site = label, site
        self.server = make_server(site, "127.0.0.1", 0)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def visit(served: Served, page: str) -> dict:
    """One cold and one warm visit of ``page`` in a fresh browser."""
    browser = Browser(ROOT / "book" / "_build" / "screenshots")
    # Pyodide runs on the page's main thread: on a loaded machine a poll can wait long for it
    browser.driver.set_script_timeout(300)
    try:
        _wire_bytes(browser, served.base)
        state, load = open_page(browser, f"{served.base}/{page}")
        time.sleep(0.3)  # let the requests that finished with the app reach the log
        wire, urls = _wire_bytes(browser, served.base)
        cold = {"t": state["sincePageOpen"], "load": load, "stages": state["stages"], "wire": wire}
        state, _ = open_page(browser, f"{served.base}/{page}")
        _, more = _wire_bytes(browser, served.base)
        external = [u for u in urls + more if u.startswith("http") and not u.startswith(served.base)]
        return {"cold": cold, "warm": state["sincePageOpen"], "warm_stages": state["stages"],
                "external": external}
    finally:
        browser.quit()


def summarize(page: str, served: list, results: dict, table: list) -> bool:
    """Print one page's medians (and add its rows to ``table``); False when the last site
    misses a target."""
    names = dict((p, label) for label, p in PAGES)
    failed = False
    for s in served:
        runs = results.get((s.label, page), [])
        if not runs:
            failed = True
            continue
        cold = [r["cold"]["t"] for r in runs]
        warm = [r["warm"] for r in runs]
        loads = [r["cold"]["load"] for r in runs]
        wire = [r["cold"]["wire"] / 1e6 for r in runs]
        c, w, b, mb = (statistics.median(x) for x in (cold, warm, loads, wire))
        ok = (page not in TARGETED or (c <= TARGET_COLD_S and w <= TARGET_WARM_S)) and mb <= TARGET_WIRE_MB
        if s is served[-1]:
            failed |= not ok
        table.append((names.get(page, page), s.label, mb, c, w, b))
        print(f"[{s.label}] {page}:传输 {mb:.1f} MB(目标 ≤ {TARGET_WIRE_MB:g})、可操作 冷启动 {c:.2f} s、"
              f"缓存已热 {w:.2f} s" + (f"(目标 ≤ {TARGET_COLD_S:g} / ≤ {TARGET_WARM_S:g})" if page in TARGETED else "")
              + ("" if ok else "  ✗ 未达标"))
        print(f"    基线:同一页面的 load 事件 {b:.2f} s;冷启动为基线的 {c / b:.1f} 倍,热启动 {w / b:.1f} 倍;"
              f"各次 冷 {[round(x, 2) for x in cold]} 热 {[round(x, 2) for x in warm]}")
        middle = sorted(runs, key=lambda r: r["cold"]["t"])[len(runs) // 2]
        for label, stages in (("冷启动", middle["cold"]["stages"]), ("热启动", middle["warm_stages"])):
            print(f"    {label}各阶段(自脚本开始,累计秒):"
                  + ",".join(f"{k} {v:.2f}" for k, v in sorted(stages.items(), key=lambda kv: kv[1])))
    return not failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--site", action="append", default=[],
                        help="LABEL=PATH of a built site (default: this checkout's book)")
    parser.add_argument("--pages", nargs="*", default=[p for _, p in PAGES])
    parser.add_argument("--markdown", action="store_true", help="also print the README's table")
    args = parser.parse_args(argv)
    sites = [tuple(s.split("=", 1)) if "=" in s else (s, s) for s in args.site] or [("本次构建", str(SITE))]
    for label, path in sites:
        missing = [p for p in args.pages if not (Path(path) / p).is_file()]
        if missing:  # a page that is not there would only time out, 300 s a visit
            parser.error(f"{label} 里没有这些页面:{'、'.join(missing)}(页面写站内路径,例如 "
                         f"{'、'.join(p for _, p in PAGES)})")
    served = [Served(label, Path(path)) for label, path in sites]
    results: dict[tuple[str, str], list[dict]] = {}
    failed = False
    external: list[str] = []
    failures: list[tuple[str, str, str]] = []
    table: list[tuple] = []
    try:
        for page in args.pages:
            for _ in range(args.rounds):
                for s in served:  # in turn, so every site meets the same load
                    try:
                        run = visit(s, page)
                    except Exception as err:  # one failed visit is reported, the others still count
                        print(f"[{s.label}] {page}:这一次没有就绪:{err}".splitlines()[0], flush=True)
                        failures.append((s.label, page, str(err).splitlines()[0]))
                        continue
                    results.setdefault((s.label, page), []).append(run)
                    external += run["external"]
            failed |= not summarize(page, served, results, table)
    finally:
        for s in served:
            s.close()

    for s in served:
        print(f"[{s.label}] 已发布网站的大小:")
        rows = sizes(s.site)
        for label, mb in rows:
            print(f"    {label:<36} {mb:7.2f} MB")
        if s is served[-1] and rows[-1][1] > TARGET_SITE_MB:
            failed = True
            print(f"    ✗ 超过 {TARGET_SITE_MB:g} MB")
    print(f"离开 127.0.0.1 的请求:{len(external)} 个" + (f":{external[:5]}" if external else ""))
    if failures:
        failed = True
        print(f"没有就绪的访问:{len(failures)} 次:{failures}")
    if args.markdown:
        print(f"\n| 页面 | 构建 | 首次传输 | 冷启动到可操作 | 缓存已热 | 基线(load 事件) |\n|---|---|---|---|---|---|")
        for name, label, mb, c, w, b in table:
            print(f"| {name} | {label} | {mb:.1f} MB | {c:.2f} s | {w:.2f} s | {b:.2f} s |")
        print(f"\n(`benchmarks/bench_live.py --rounds {args.rounds}`,各 {args.rounds} 次的中位数)")
    return 1 if failed or external else 0


if __name__ == "__main__":
    sys.exit(main())
