"""Shared fixtures: the built book, a local server for it, headless Chromium."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
SHOTS = ROOT / "book" / "_build" / "screenshots"


@pytest.fixture(scope="session")
def site() -> Path:
    """The built book; the test command builds it before running pytest."""
    if not (SITE / "index.html").exists():
        pytest.fail("书尚未构建:请用 bash scripts/test.sh 运行测试(它会先构建书)")
    return SITE


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The built book served on 127.0.0.1 (a free port) for the session."""
    from playbook.serve import make_server

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


class Browser:
    """Headless Debian Chromium via selenium; every host but 127.0.0.1 is unresolvable."""

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        self.profile = tempfile.mkdtemp(prefix="playbook-chromium-")
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1600", f"--user-data-dir={self.profile}",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.requested: list[str] = []

    def open(self, url: str) -> None:
        self.driver.get(url)

    def drain_requests(self) -> list[str]:
        """URLs the page asked for since the last call (from the performance log)."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self.requested.append(message["params"]["request"]["url"])
        urls, self.requested = self.requested, []
        return urls

    def console_errors(self) -> list[str]:
        return [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    def screenshot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def quit(self) -> None:
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        pytest.fail("缺少 Debian 的 chromium / chromium-driver:bash scripts/test.sh 会自动安装")
    b = Browser()
    yield b
    b.quit()
