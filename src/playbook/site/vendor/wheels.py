"""The pinned pure wheels of the browser runtime (ipywidgets, traitlets, comm, fsrs,
typing_extensions; fontTools on demand), downloaded by pip for the browser's Python with
``--require-hashes`` and kept verified in ``<cache>/wheels``."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from playbook.site.vendor.verify import VendorError, check_sha256, sha256_of

#: The Python of the browser runtime (Pyodide 314): wheels are chosen for it.
BROWSER_PYTHON = "3.14"


@dataclass(frozen=True)
class Wheel:
    """One pure wheel pinned by version and the sha256 of the file PyPI serves."""

    name: str  # project name as pip and the Pyodide lockfile spell it (lockfile key)
    version: str
    file_name: str
    sha256: str

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


#: The browser runtime's wheels (same versions as ``constraints.txt``; a test checks).
WHEELS = (
    Wheel("ipywidgets", "8.1.9", "ipywidgets-8.1.9-py3-none-any.whl",
          "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d"),
    Wheel("traitlets", "5.16.1", "traitlets-5.16.1-py3-none-any.whl",
          "f775618166caa0396c8e337099240f2bd3e5e917d203b2e6fbe21a58d3cb1f6b"),
    Wheel("comm", "0.2.3", "comm-0.2.3-py3-none-any.whl",
          "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417"),
    # Spaced practice (playbook.engines.practice): the FSRS scheduler and its one dependency.
    Wheel("fsrs", "6.3.2", "fsrs-6.3.2-py3-none-any.whl",
          "bc55066c821164b1cff6d75b17a3ed8e86cfd45789e3d775cfcb895319ce9ba4"),
    Wheel("typing_extensions", "4.16.0", "typing_extensions-4.16.0-py3-none-any.whl",
          "481caa481374e813c1b176ada14e97f1f67a4539ce9cfeb3f350d78d6370c2e8"),
)
#: Wheels the page loads only when a reader needs them (not in the start-up bundle), published
#: under ``_static/live/wheels/``: fontTools, to embed the font subset a downloaded HTML page
#: (报价单, filled 检查表) uses (:func:`playbook.views.common.embed_for_download`, on the reader's click).
ON_DEMAND_WHEELS = (
    Wheel("fonttools", "4.68.0", "fonttools-4.68.0-py3-none-any.whl",
          "d76f8fdcb6936f5e1045a0c9dd721a4bf11112e60d1e243bfa1d39f06a8b3104"),
)
ON_DEMAND_DIR = "live/wheels"


Downloader = Callable[[Sequence[Wheel], Path], None]


def pip_download(wheels: Sequence[Wheel], dest: Path) -> None:
    """Download ``wheels`` (pure, for the browser's Python) into ``dest`` with pip.

    pip uses the machine's own index configuration (mirrors included); ``--require-hashes``
    makes it refuse any file whose sha256 is not the pinned one.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as req:
        req.writelines(f"{w.requirement} --hash=sha256:{w.sha256}\n" for w in wheels)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
             "--only-binary=:all:", "--python-version", BROWSER_PYTHON, "--platform", "any",
             "--implementation", "py", "--abi", "none", "-d", str(dest), "-r", req.name],
            capture_output=True, text=True)
    finally:
        os.unlink(req.name)
    if result.returncode != 0:
        raise VendorError("下载浏览器端 Python 包失败(需要能访问 PyPI 或本机配置的镜像):\n"
                        + (result.stderr.strip() or result.stdout.strip()))


def fetch_wheels(wheels: Sequence[Wheel], cache: Path, *, download: Downloader = pip_download) -> dict[str, Path]:
    """Make sure every pinned wheel is in ``cache/wheels``, verified; name → path.

    A cached file with the wrong sha256 is deleted and fetched again; a freshly downloaded
    one with the wrong sha256 is refused.
    """
    store = cache / "wheels"
    store.mkdir(parents=True, exist_ok=True)
    missing = []
    for wheel in wheels:
        path = store / wheel.file_name
        if path.exists() and sha256_of(path) != wheel.sha256:
            path.unlink()
        if not path.exists():
            missing.append(wheel)
    if missing:
        print(f"[playbook] 正在下载 {len(missing)} 个浏览器端 Python 包:{'、'.join(w.requirement for w in missing)} …", flush=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            download(missing, Path(tmp))
            for wheel in missing:
                got = Path(tmp) / wheel.file_name
                if not got.exists():
                    raise VendorError(f"下载后找不到 {wheel.file_name}(pip 选了别的文件?)")
                check_sha256(got, wheel.sha256)
                shutil.move(got, store / wheel.file_name)
    return {wheel.name: store / wheel.file_name for wheel in wheels}
