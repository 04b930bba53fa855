"""Shared fixtures: the built book, a local server for it, headless Chromium."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from playbook.site.headless import Browser

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
SHOTS = ROOT / "book" / "_build" / "screenshots"


@pytest.fixture(autouse=True)
def _practice_file(tmp_path_factory, monkeypatch) -> None:
    """Practice panels save answers to PLAYBOOK_PRACTICE_FILE: never the tester's own file."""
    monkeypatch.setenv("PLAYBOOK_PRACTICE_FILE", str(tmp_path_factory.mktemp("practice") / "practice.json"))


@pytest.fixture(scope="session")
def site() -> Path:
    """The built book; the test command builds it before running pytest."""
    if not (SITE / "index.html").exists():
        pytest.fail("书尚未构建:请用 bash scripts/test.sh 运行测试(它会先构建书)")
    return SITE


@pytest.fixture(scope="session")
def printed_book(site: Path) -> Path:
    """The printable book's path once printed. scripts/test.sh prints it (scripts/pdf.sh) in the
    background while the tests run and names that process in PLAYBOOK_PDF_PID: wait until it
    has written the file or ended (the test then fails on the missing file)."""
    from playbook.site.pdfbook import PDF_NAME

    path = site / PDF_NAME
    pid = int(os.environ.get("PLAYBOOK_PDF_PID") or 0)
    end = time.monotonic() + 900
    while pid and not path.exists() and time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(1)
    return path




@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The built book served on 127.0.0.1 (a free port) for the session."""
    from playbook.site.serve import make_server

    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


#: Packages with no pure wheel for the browser (Pyodide): browser-side code must not need them.
BLOCKED_IN_BROWSER = ("pydantic", "pydantic_core", "yaml", "numpy", "pandas", "matplotlib", "ipywidgets")

_BLOCKER = f"""
import sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {BLOCKED_IN_BROWSER!r}:
            raise ImportError('blocked in the browser: ' + name)
sys.meta_path.insert(0, _Block())
"""
_LEAK_CHECK = f"""
_heavy = sorted(m for m in sys.modules if m.split('.')[0] in {BLOCKED_IN_BROWSER!r})
assert not _heavy, _heavy
print('ok')
"""


@pytest.fixture
def run_stdlib_only():
    """Run Python code in a fresh interpreter where the browser-unavailable packages cannot be
    imported; fails the test unless the code runs and none of them got imported."""

    def run(code: str) -> None:
        out = subprocess.run([sys.executable, "-c", _BLOCKER + code + _LEAK_CHECK],
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip().endswith("ok")

    return run


#: V8 flags for the tests' Chromium: keep WebAssembly on its baseline compiler (Liftoff). Each live
#: page starts Pyodide afresh, and V8 otherwise recompiles its hot functions with its optimizing
#: compiler on every load, work a short test page never pays back: 16 live page loads took 35.9 s
#: of CPU instead of 42.4 s, and were ready sooner (2026-12-07, two interleaved runs). Behaviour is
#: the same; ``benchmarks/bench_live.py`` measures without it, as a reader's browser runs.
TEST_JS_FLAGS = ("--no-wasm-tier-up",)


@pytest.fixture(scope="session")
def new_browser() -> Callable[[Path], Browser]:
    """A factory for a headless Chromium with an empty profile, as the tests run it (the caller quits it)."""
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        pytest.fail("缺少 Debian 的 chromium / chromium-driver:bash scripts/test.sh 会自动安装")
    return lambda shots: Browser(shots, js_flags=TEST_JS_FLAGS)


@pytest.fixture(scope="session")
def browser(new_browser) -> Iterator[Browser]:
    b = new_browser(SHOTS)
    yield b
    b.quit()


@pytest.fixture
def clear_storage(served, browser) -> Callable[..., None]:
    """Remove these keys from the served book's local storage, from a page that starts no Python
    (the introduction): a test that needs a clean start or leaves none behind then opens its live
    page once, instead of opening it, clearing and reloading it."""
    def clear(*keys: str) -> None:
        browser.open(f"{served}/intro.html")
        assert not browser.driver.find_elements("css selector", ".pb-live-status"), "简介页不应启动 Python"
        for key in keys:
            browser.driver.execute_script("window.localStorage.removeItem(arguments[0])", key)
    return clear
