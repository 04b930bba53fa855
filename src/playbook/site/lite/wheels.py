"""The wheels piplite serves in the notebook site: the project's own (pure) wheel, built from the
sources and cached, and the pinned ipywidgets wheels (checked against the labextension that is
published)."""
from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playbook.fonts import SUPPLEMENT_FILE
from playbook.site.lite.common import LiteError, installed_version, say
from playbook.site.vendor import Downloader, Wheel, fetch_wheels, pip_download

#: Wheels served by piplite (not in the Pyodide lockfile). ``jupyterlab_widgets`` must be the
#: version whose JavaScript half (the venv's labextension) goes into the site.
WIDGET_WHEELS: tuple[Wheel, ...] = (
    Wheel("comm", "0.2.3", "comm-0.2.3-py3-none-any.whl",
          "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417"),
    Wheel("ipywidgets", "8.1.9", "ipywidgets-8.1.9-py3-none-any.whl",
          "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d"),
    Wheel("jupyterlab_widgets", "3.0.17", "jupyterlab_widgets-3.0.17-py3-none-any.whl",
          "40ac1e9955acf116c4d995d9bfa082d86ad9ec6d91c4f134827cf5e0a5eb75e0"),
    # playbook's one runtime dependency (spaced practice) and its own dependency.
    Wheel("fsrs", "6.3.2", "fsrs-6.3.2-py3-none-any.whl",
          "bc55066c821164b1cff6d75b17a3ed8e86cfd45789e3d775cfcb895319ce9ba4"),
    Wheel("typing_extensions", "4.16.0", "typing_extensions-4.16.0-py3-none-any.whl",
          "481caa481374e813c1b176ada14e97f1f67a4539ce9cfeb3f350d78d6370c2e8"),
)

#: Package files the in-browser notebooks' copy leaves out: the charts' font supplement (1.3 MB;
#: the browser's Python has no matplotlib, and ``playbook.fonts`` does without it).
LITE_LEAVE_OUT = (SUPPLEMENT_FILE,)


def build_project_wheel(source: Path, cache: Path) -> Path:
    """Build the project's wheel (pure) into ``cache/project``; reused while sources are unchanged.

    The sources (``pyproject.toml``, ``README.md``, ``src/``) are copied to a scratch folder
    first, so the build leaves nothing (``build/``, ``*.egg-info``) in the working tree.
    """
    names = ("pyproject.toml", "README.md", "LICENSE")
    parts = [source / n for n in names if (source / n).exists()]
    parts += sorted(p for p in (source / "src").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts and p.name not in LITE_LEAVE_OUT
                    and not any(part.endswith(".egg-info") for part in p.parts))
    digest = hashlib.sha256()
    for p in parts:
        digest.update(p.relative_to(source).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    key = digest.hexdigest()[:16]
    out = cache / "project" / key
    found = sorted(out.glob("*.whl")) if out.exists() else []
    if found:
        return found[0]
    say("正在构建 playbook 的 wheel(浏览器端安装用)…")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        tree = Path(tmp) / "src-tree"
        for p in parts:
            dest = tree / p.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dest)
        built = Path(tmp) / "dist"
        # uv (pinned in constraints.txt, as bootstrap uses it) keeps its build environment
        # cached: about 6 s instead of pip's 28 s on a loaded machine; pip is the fallback.
        result = None
        if importlib.util.find_spec("uv") is not None:
            result = subprocess.run([sys.executable, "-m", "uv", "build", "--quiet", "--wheel",
                                     "--out-dir", str(built), str(tree)], capture_output=True, text=True)
        if result is None or result.returncode != 0:
            shutil.rmtree(built, ignore_errors=True)
            result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                                     "-w", str(built), str(tree)], capture_output=True, text=True)
        if result.returncode != 0:
            raise LiteError("构建 playbook 的 wheel 失败:\n" + (result.stderr.strip() or result.stdout.strip()))
        wheels = sorted(built.glob("*-py3-none-any.whl"))
        if len(wheels) != 1:
            raise LiteError(f"构建结果应是一个纯 Python wheel,实际:{[w.name for w in built.iterdir()]}")
        for old in (cache / "project").glob("*"):  # wheels of earlier sources
            shutil.rmtree(old, ignore_errors=True)
        out.mkdir(parents=True, exist_ok=True)
        shutil.move(wheels[0], out / wheels[0].name)
    return out / wheels[0].name


def widget_wheels(cache: Path, *, download: Downloader = pip_download) -> list[Path]:
    """The piplite wheels for ipywidgets (checked against the labextension that is published)."""
    for wheel in WIDGET_WHEELS:
        if wheel.name == "jupyterlab_widgets":
            installed = installed_version("jupyterlab_widgets")
            if installed != wheel.version:
                raise LiteError(f"环境中的 jupyterlab_widgets 是 {installed},浏览器端固定的是 {wheel.version};"
                                "两端版本必须一致,请同步 playbook.site.lite.WIDGET_WHEELS 与 constraints.txt。")
    files = fetch_wheels(WIDGET_WHEELS, cache, download=download)
    return [files[w.name] for w in WIDGET_WHEELS]
