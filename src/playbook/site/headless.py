"""Headless Debian Chromium (``/usr/bin/chromium`` + ``chromedriver``) driven by selenium.

Used by the book's browser tests and the live-app benchmark. Every host but 127.0.0.1 is
unresolvable, so a page that tries to reach the internet fails visibly; the performance log
records every request the page made. Selenium is imported only here.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path


class Browser:
    """Headless Debian Chromium via selenium; every host but 127.0.0.1 is unresolvable."""

    def __init__(self, shots: Path, *, js_flags: tuple[str, ...] = ()) -> None:
        """``js_flags``: V8 flags for this browser (``--js-flags``), e.g. the tests' cheaper
        WebAssembly compilation (``tests/conftest.py``); none for measuring what a reader gets."""
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
        if js_flags:
            options.add_argument("--js-flags=" + " ".join(js_flags))
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.requested: list[str] = []
        self.shots = shots

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
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def quit(self) -> None:
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)
