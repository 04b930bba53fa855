"""The "open as notebook" site: a JupyterLite notebook-only app published at ``lite/``.

Two halves, both offline and cached:

- :func:`prepare_pyodide_packages` adds to the *shared* Pyodide core (published once, at
  ``_static/pyodide/``) the pure wheels the JupyterLite kernel loads from the Pyodide
  lockfile (micropip, IPython and its dependencies, jedi). The npm package ``pyodide`` ships
  no wheels, and the wheels its lockfile names are Pyodide's own rebuilds, whose sha256 differ
  from PyPI's; so the same versions are taken from PyPI, pinned by sha256 here, and the
  lockfile is rewritten to them and pruned to the packages that are actually present.
- :func:`build_lite` runs ``jupyterlite_core build`` for the ``notebooks`` app only, with the
  book's notebooks as contents and the browser-side wheels (ipywidgets, comm,
  jupyterlab_widgets, the project's own wheel) served by piplite, PyPI fallback disabled, and
  the kernel pointed at the shared core (it is not copied into ``lite/``).

A reader opens ``lite/notebooks/index.html?path=quote.ipynb``; nothing is fetched from any
host but the book's own.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from playbook.fonts import SUPPLEMENT_FILE
from playbook.site.vendor import (BROWSER_PYTHON, Downloader, VendorError, Wheel, check_sha256, fetch_wheels,
                             pip_download, sha256_of)

#: Versions this module is written against (the kernel's settings and worker code differ
#: between releases; 0.8.7 of the kernel conflicts with core 0.8.6).
JUPYTERLITE_CORE_VERSION = "0.8.6"
PYODIDE_KERNEL_VERSION = "0.8.6"
#: The Pyodide core the packages below are pinned for (npm ``pyodide``; Python 3.14).
PYODIDE_VERSION = "314.0.7"
PYODIDE_PYTHON = BROWSER_PYTHON
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: Bump when the build recipe below changes, so cached sites are rebuilt.
RECIPE = "2"


#: The notebook site or its Pyodide packages could not be prepared (Chinese message): the
#: same failure as any other browser asset's.
LiteError = VendorError


#: Lockfile packages the 0.8.6 kernel loads at start-up: ``micropip`` (loaded directly), then
#: ``piplite.install("ipython", "jedi")`` resolves to lockfile entries with these dependencies
#: (``depends`` of ipython, jedi, stack-data, prompt-toolkit, asttokens, matplotlib-inline).
#: Same versions as the 314.0.7 lockfile; sha256 of the PyPI files.
KERNEL_WHEELS: tuple[Wheel, ...] = (
    Wheel("micropip", "0.11.1", "micropip-0.11.1-py3-none-any.whl",
          "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3"),
    Wheel("ipython", "9.12.0", "ipython-9.12.0-py3-none-any.whl",
          "0f2701e8ee86e117e37f50563205d36feaa259d2e08d4a6bc6b6d74b18ce128d"),
    Wheel("asttokens", "3.0.1", "asttokens-3.0.1-py3-none-any.whl",
          "15a3ebc0f43c2d0a50eeafea25e19046c68398e487b9f1f5b517f7c0f40f976a"),
    Wheel("decorator", "5.2.1", "decorator-5.2.1-py3-none-any.whl",
          "d316bb415a2d9e2d2b3abcc4084c6502fc09240e292cd76a76afc106a1c8e04a"),
    Wheel("executing", "2.2.1", "executing-2.2.1-py2.py3-none-any.whl",
          "760643d3452b4d777d295bb167ccc74c64a81df23fb5e08eff250c425a4b2017"),
    Wheel("matplotlib-inline", "0.2.1", "matplotlib_inline-0.2.1-py3-none-any.whl",
          "d56ce5156ba6085e00a9d54fead6ed29a9c47e215cd1bba2e976ef39f5710a76"),
    Wheel("prompt-toolkit", "3.0.52", "prompt_toolkit-3.0.52-py3-none-any.whl",
          "9aac639a3bbd33284347de5ad8d68ecc044b91a762dc39b7c21095fcd6a19955"),
    Wheel("pure-eval", "0.2.3", "pure_eval-0.2.3-py3-none-any.whl",
          "1db8e35b67b3d218d818ae653e27f06c3aa420901fa7b081ca98cbedc874e0d0"),
    Wheel("pygments", "2.20.0", "pygments-2.20.0-py3-none-any.whl",
          "81a9e26dd42fd28a23a2d169d86d7ac03b46e2f8b59ed4698fb4785f946d0176"),
    Wheel("six", "1.17.0", "six-1.17.0-py2.py3-none-any.whl",
          "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274"),
    Wheel("stack-data", "0.6.3", "stack_data-0.6.3-py3-none-any.whl",
          "d5558e0c25a4cb0853cddad3d77da9891a08cb85dd9f9f91b9f8cd66e511e695"),
    Wheel("traitlets", "5.14.3", "traitlets-5.14.3-py3-none-any.whl",
          "b74e89e397b1ed28cc831db7aea759ba6640cb3de13090ca145426688ff1ac4f"),
    Wheel("wcwidth", "0.6.0", "wcwidth-0.6.0-py3-none-any.whl",
          "1a3a1e510b553315f8e146c54764f4fb6264ffad731b3d78088cdb1478ffbdad"),
    Wheel("jedi", "0.19.2", "jedi-0.19.2-py2.py3-none-any.whl",
          "a8ef22bde8490f57fe5c7681a3c83cb58874daf72b4784de3cce5b6ef6edb5b9"),
    Wheel("parso", "0.8.6", "parso-0.8.6-py2.py3-none-any.whl",
          "2c549f800b70a5c4952197248825584cb00f033b29c692671d3bf08bf380baff"),
)

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

#: Labextensions (from the venv's ``share/jupyter/labextensions``) the site needs; others
#: installed there (e.g. jupytext's) are left out.
LABEXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager")

#: Front-end plugins that only produce 404s in a notebooks-only site.
DISABLED_PLUGINS = ["@jupyter-notebook/notebook-extension:tab-icon"]

LOCKFILE = "pyodide-lock.json"
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", LOCKFILE)


def _say(message: str) -> None:
    print(f"[playbook] {message}", flush=True)


# ------------------------------------------------------------------ the Pyodide lockfile
def canonical(name: str) -> str:
    """A project name as Pyodide and pip compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def rewrite_lock(lock: dict, wheels: Sequence[Wheel]) -> dict:
    """The lockfile with entries for exactly ``wheels``, pointing at the PyPI files.

    Each entry keeps its ``depends``/``imports`` and gets the wheel's ``file_name``,
    ``sha256`` and ``version``. Every other entry is dropped: the published core holds no
    other file, and a lockfile promising packages that would 404 only turns "no such
    package" into a network error. Raises if a wheel has no entry or the entry's
    dependencies are not all among ``wheels``.
    """
    packages = lock.get("packages")
    if not isinstance(packages, dict):
        raise LiteError(f"{LOCKFILE} 格式不对:没有 packages")
    python = str(lock.get("info", {}).get("python", ""))
    if not python.startswith(PYODIDE_PYTHON + "."):
        raise LiteError(f"{LOCKFILE} 是 Python {python or '?'} 的,这些包是为 Python {PYODIDE_PYTHON} "
                        f"(Pyodide {PYODIDE_VERSION})固定的;请同步更新 playbook.site.lite 中的版本表。")
    by_name = {canonical(key): key for key in packages}
    kept: dict[str, dict] = {}
    for wheel in wheels:
        key = by_name.get(canonical(wheel.name))
        if key is None:
            raise LiteError(f"{LOCKFILE} 中没有 {wheel.name}:Pyodide 版本与 playbook.site.lite 的版本表不一致。")
        kept[key] = {**packages[key], "file_name": wheel.file_name, "sha256": wheel.sha256,
                     "version": wheel.version, "unvendored_tests": False}
    present = {canonical(key) for key in kept}
    for name, entry in kept.items():
        absent = [dep for dep in entry.get("depends", []) if canonical(dep) not in present]
        if absent:
            raise LiteError(f"{name} 依赖的 {'、'.join(absent)} 不在要提供的包中;请把它们加入版本表。")
    return {**lock, "packages": kept}


def verify_lock(pyodide_dir: Path) -> int:
    """Check that every file the lockfile names is in ``pyodide_dir`` with its sha256.

    Returns the total size in bytes of those files.
    """
    lock_path = pyodide_dir / LOCKFILE
    try:
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LiteError(f"找不到 {lock_path}") from None
    except json.JSONDecodeError as err:
        raise LiteError(f"{lock_path} 不是合法的 JSON:{err}") from None
    total = 0
    for name, entry in lock.get("packages", {}).items():
        file_name = entry.get("file_name", "")
        if not file_name or "/" in file_name or "\\" in file_name or file_name.startswith("."):
            raise LiteError(f"{LOCKFILE} 中 {name} 的文件名不合法:{file_name!r}")
        path = pyodide_dir / file_name
        if not path.exists():
            raise LiteError(f"{LOCKFILE} 引用的 {file_name}({name})不在 {pyodide_dir} 中")
        check_sha256(path, entry.get("sha256", ""))
        total += path.stat().st_size
    return total


def prepare_pyodide_packages(pyodide_dir: Path, cache: Path, *, wheels: Sequence[Wheel] = KERNEL_WHEELS,
                             download: Downloader = pip_download) -> None:
    """Add the kernel's lockfile packages to the Pyodide core in ``pyodide_dir``.

    ``pyodide_dir`` holds the npm package's core files (``pyodide.mjs``, ``pyodide.asm.*``,
    ``python_stdlib.zip``, ``pyodide-lock.json``). The pinned wheels are fetched into
    ``cache/wheels`` (once), copied next to the core, and the lockfile is rewritten to name
    exactly them (see :func:`rewrite_lock`) and verified. Safe to run again on a prepared
    folder.
    """
    lock_path = pyodide_dir / LOCKFILE
    if not lock_path.exists():
        raise LiteError(f"{pyodide_dir} 中没有 {LOCKFILE}:请先准备 Pyodide 核心文件(npm pyodide@{PYODIDE_VERSION})")
    files = fetch_wheels(wheels, cache, download=download)
    lock = rewrite_lock(json.loads(lock_path.read_text(encoding="utf-8")), wheels)
    for wheel in wheels:
        dest = pyodide_dir / wheel.file_name
        if not dest.exists() or sha256_of(dest) != wheel.sha256:
            shutil.copyfile(files[wheel.name], dest)
    tmp = lock_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(lock, ensure_ascii=False), encoding="utf-8")
    tmp.replace(lock_path)
    total = verify_lock(pyodide_dir)
    _say(f"Pyodide 内核所需的 {len(wheels)} 个包已就绪({total / 1e6:.1f} MB),{LOCKFILE} 已改写并校验。")


# ------------------------------------------------------------------ the project's own wheel
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
    _say("正在构建 playbook 的 wheel(浏览器端安装用)…")
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
            installed = _version("jupyterlab_widgets")
            if installed != wheel.version:
                raise LiteError(f"环境中的 jupyterlab_widgets 是 {installed},浏览器端固定的是 {wheel.version};"
                                "两端版本必须一致,请同步 playbook.site.lite.WIDGET_WHEELS 与 constraints.txt。")
    files = fetch_wheels(WIDGET_WHEELS, cache, download=download)
    return [files[w.name] for w in WIDGET_WHEELS]


# ------------------------------------------------------------------ the JupyterLite site
def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def kernel_settings(pyodide_url: str) -> dict:
    """The kernel's ``litePluginSettings`` for a Pyodide core at ``pyodide_url``.

    ``pyodide_url`` is relative to the ``lite/`` folder (``../_static/pyodide/pyodide.mjs``)
    or absolute. JupyterLite rebases a setting ending in ``Url`` only when it starts with
    ``./`` (onto the folder of the ``jupyter-lite.json`` naming it); any other relative URL
    would be taken relative to the app page (``lite/notebooks/``). So a relative URL is
    written as ``./<url>``. The 0.8.6 kernel imports the ES module ``pyodide.mjs`` in a
    module worker; the classic ``pyodide.js`` cannot load there.
    """
    if not pyodide_url.endswith("/pyodide.mjs") and pyodide_url != "pyodide.mjs":
        raise LiteError(f"pyodide_url 应指向 pyodide.mjs(jupyterlite-pyodide-kernel "
                        f"{PYODIDE_KERNEL_VERSION} 以 ES 模块加载 Pyodide),实际:{pyodide_url}")
    absolute = pyodide_url.startswith(("/", "http://", "https://"))
    url = pyodide_url if absolute or pyodide_url.startswith("./") else "./" + pyodide_url
    return {"pyodideUrl": url, "disablePyPIFallback": True}


def _contents_listing(names: Iterable[str], files: Path) -> dict:
    """A Jupyter Contents API model of the root folder (what jupyter_server would write)."""

    def stamp(path: Path) -> str:
        return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat().replace("+00:00", "Z")

    content = []
    for name in sorted(names):
        path = files / name
        content.append({
            "name": name, "path": name, "type": "notebook" if name.endswith(".ipynb") else "file",
            "format": None, "mimetype": None if name.endswith(".ipynb") else "text/plain",
            "content": None, "size": path.stat().st_size, "writable": True,
            "created": stamp(path), "last_modified": stamp(path), "hash": None, "hash_algorithm": None,
        })
    return {"name": "", "path": "", "type": "directory", "format": "json", "mimetype": None,
            "content": content, "size": None, "writable": True, "created": stamp(files),
            "last_modified": stamp(files), "hash": None, "hash_algorithm": None}


def _inputs_key(notebooks: Sequence[Path], wheels: Sequence[Path], pyodide_url: str) -> str:
    digest = hashlib.sha256()
    versions = {d: _version(d) for d in ("jupyterlite-core", "jupyterlite-pyodide-kernel", "jupyterlab_widgets")}
    digest.update(json.dumps({"recipe": RECIPE, "versions": versions, "pyodide_url": pyodide_url},
                             sort_keys=True).encode())
    for path in [*notebooks, *wheels]:
        digest.update(path.name.encode() + b"\0" + sha256_of(path).encode() + b"\0")
    return digest.hexdigest()


#: Chinese text in the app on machines without a CJK font: the book's bundled Noto Sans SC
#: subset, after the reader's own CJK fonts and only for CJK characters (as in playbook.css).
#: JupyterLite has no custom-CSS setting, so the app page links this file.
CJK_CSS = """/* Generated by playbook.site.lite: Chinese text even without a local CJK font. */
@font-face {{
  font-family: "Playbook Noto Sans SC";
  src: local("Noto Sans SC"), local("Noto Sans CJK SC"), url("{font_url}") format("truetype");
  unicode-range: U+2000-206F, U+2150-22FF, U+3000-303F, U+3400-9FFF, U+FF00-FFEF;
  font-display: swap;
}}
:root:root {{
  --jp-ui-font-family: system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial,
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", "Playbook Noto Sans SC", sans-serif, "Apple Color Emoji", "Segoe UI Emoji";
  --jp-content-font-family: var(--jp-ui-font-family);
  --jp-code-font-family-default: menlo, consolas, "DejaVu Sans Mono", monospace, "Noto Sans CJK SC",
    "Microsoft YaHei", "Playbook Noto Sans SC";
}}
/* form controls do not inherit the page's font */
.jupyter-widgets :is(select, input, textarea) {{ font-family: var(--jp-ui-font-family); }}
"""
CJK_CSS_NAME = "playbook-lite.css"


def _link_css(output: Path, font_url: str) -> None:
    """Write :data:`CJK_CSS` (``font_url`` relative to ``lite/``) and link it from every app page."""
    (output / CJK_CSS_NAME).write_text(CJK_CSS.format(font_url=font_url), encoding="utf-8")
    for page in output.glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        if "</head>" not in text or CJK_CSS_NAME in text:
            continue
        link = f'<link rel="stylesheet" href="../{CJK_CSS_NAME}">\n  </head>'
        page.write_text(text.replace("</head>", link, 1), encoding="utf-8")


#: The first code cell of a notebook run in the notebook site: install the package from the site.
BOOTSTRAP = ("# 在浏览器里(JupyterLite)运行时,从本站安装练习用到的包;在普通 Jupyter 中已安装,跳过。\n"
             "import sys\n"
             "if sys.platform == \"emscripten\":\n"
             "    import piplite\n"
             "    await piplite.install([\"ipywidgets\", \"playbook\"])")
#: The trainees' exercise notebooks are published under this prefix (``exercises-drills.ipynb``):
#: the book's app notebooks have names of their own (``drills.ipynb``) in the same flat folder.
EXERCISE_PREFIX = "exercises-"


def exercise_notebooks(sources: Sequence[Path], folder: Path) -> list[Path]:
    """Copies of the repository's ``exercises/*.ipynb`` for the notebook site, named
    ``exercises-<name>`` and opening with the :data:`BOOTSTRAP` cell (unless they have it)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sources:
        nb = json.loads(src.read_text(encoding="utf-8"))
        codes = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
        if not codes or "piplite" not in "".join(codes[0].get("source", [])):
            first = next((i for i, c in enumerate(nb["cells"]) if c.get("cell_type") == "code"), len(nb["cells"]))
            nb["cells"].insert(first, {"cell_type": "code", "execution_count": None, "id": "playbook-bootstrap",
                                       "metadata": {}, "outputs": [], "source": BOOTSTRAP.splitlines(keepends=True)})
        target = folder / f"{EXERCISE_PREFIX}{src.name}"
        text = json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        out.append(target)
    return out


def build_lite(out_dir: Path, *, notebooks: Sequence[Path], wheels: Sequence[Path], pyodide_url: str,
               cache: Path, font_url: str | None = None) -> Path:
    """Build the notebook-only JupyterLite site into ``out_dir`` (published as ``lite/``).

    ``notebooks`` become the site's files (open one with ``notebooks/index.html?path=<name>``);
    ``wheels`` are served by piplite (``await piplite.install(...)`` / ``%pip install``), with
    no fallback to PyPI; the kernel loads Pyodide from ``pyodide_url`` (see
    :func:`kernel_settings`), so the core is not copied here. Skipped when the inputs
    (notebooks, wheels, tool versions, URLs) are those of the last build. Returns ``out_dir``.

    ``font_url`` (relative to ``lite/``, e.g. ``../_static/NotoSansSC-GB2312.ttf``): a CJK font
    the app falls back to when the reader has none (see :data:`CJK_CSS`).
    """
    for dist, wanted in (("jupyterlite-core", JUPYTERLITE_CORE_VERSION),
                         ("jupyterlite-pyodide-kernel", PYODIDE_KERNEL_VERSION)):
        got = _version(dist)
        if got != wanted:
            raise LiteError(f"需要 {dist}=={wanted}(当前:{got or '未安装'});"
                            "请运行 pip install -c constraints.txt -e '.[book]'。")
    settings = kernel_settings(pyodide_url)
    names = [p.name for p in notebooks]
    if len(set(names)) != len(names):
        raise LiteError(f"笔记本文件名重复:{names}")
    key = _inputs_key(notebooks, wheels, f"{pyodide_url} {font_url}")
    stamp = cache / "lite-build.json"
    out_dir = Path(out_dir)
    if stamp.exists() and (out_dir / "notebooks" / "index.html").exists():
        previous = json.loads(stamp.read_text(encoding="utf-8"))
        if previous.get("key") == key and previous.get("out_dir") == str(out_dir.resolve()):
            _say(f"笔记本版应用(lite/)未变,跳过构建:{out_dir}")
            return out_dir

    labext_root = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    extensions = [labext_root / name for name in LABEXTENSIONS]
    for ext in extensions:
        if not (ext / "package.json").exists():
            raise LiteError(f"找不到 JupyterLab 扩展 {ext}:请安装 book 依赖(jupyterlite-pyodide-kernel、ipywidgets)。")

    _say(f"正在构建笔记本版应用(JupyterLite,{len(notebooks)} 个笔记本,{len(wheels)} 个 wheel)…")
    started = time.perf_counter()
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix="lite-build-") as tmp:
        lite_dir = Path(tmp) / "src"
        output = Path(tmp) / "out"
        (lite_dir / "pypi").mkdir(parents=True)
        for wheel in wheels:
            shutil.copyfile(wheel, lite_dir / "pypi" / wheel.name)
        config = {"jupyter-lite-schema-version": 0,
                  "jupyter-config-data": {
                      "appName": "销售作战手册 · 笔记本",
                      "litePluginSettings": {KERNEL_PLUGIN: settings},
                      # Only the notebooks app is built: the default favicon is the (absent)
                      # lab app's, and this plugin asks for Jupyter Server's static/favicons.
                      "faviconUrl": "./notebooks/favicon.ico",
                      "disabledExtensions": DISABLED_PLUGINS}}
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(config, ensure_ascii=False, indent=2),
                                                   encoding="utf-8")
        command = [sys.executable, "-m", "jupyterlite_core", "build",
                   "--apps", "notebooks", "--no-sourcemaps", "--no-unused-shared-packages",
                   "--ignore-sys-prefix",
                   *(f"--LiteBuildConfig.federated_extensions={ext}" for ext in extensions),
                   "--lite-dir", str(lite_dir), "--output-dir", str(output)]
        env = {k: v for k, v in os.environ.items() if k not in ("JUPYTERLITE_PYODIDE_URL", "JUPYTERLITE_OUTPUT_DIR")}
        result = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise LiteError("jupyter lite build 失败:\n" + (result.stdout[-3000:] + result.stderr[-3000:]).strip())

        # Contents: jupyterlite indexes them with jupyter_server, which the book does not
        # otherwise need; the listing of one flat folder is written here instead.
        files = output / "files"
        files.mkdir(exist_ok=True)
        for nb in notebooks:
            shutil.copyfile(nb, files / nb.name)
        api = output / "api" / "contents"
        api.mkdir(parents=True, exist_ok=True)
        (api / "all.json").write_text(json.dumps(_contents_listing(names, files), ensure_ascii=False, indent=1),
                                      encoding="utf-8")
        lite_json = output / "jupyter-lite.json"
        final = json.loads(lite_json.read_text(encoding="utf-8"))
        data = final.setdefault("jupyter-config-data", {})
        data["contentsAllJsonFile"] = "all.json"
        kernel = data.get("litePluginSettings", {}).get(KERNEL_PLUGIN, {})
        if kernel.get("pyodideUrl") != settings["pyodideUrl"] or not kernel.get("disablePyPIFallback"):
            raise LiteError(f"生成的 jupyter-lite.json 中内核设置不对:{kernel}")
        lite_json.write_text(json.dumps(final, ensure_ascii=False, indent=2), encoding="utf-8")
        if font_url:
            _link_css(output, font_url)
        # The app's own build configuration files are of no use to a reader.
        for leftover in output.glob("rspack.config*.js"):
            leftover.unlink()
        if (output / "static" / "pyodide").exists():
            raise LiteError("构建结果中出现了 Pyodide 核心副本(static/pyodide),应只引用共享的核心。")

        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(output, out_dir)
    stamp.write_text(json.dumps({"key": key, "out_dir": str(out_dir.resolve())}), encoding="utf-8")
    size = sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file())
    _say(f"笔记本版应用已生成:{out_dir}({size / 1e6:.1f} MB,用时 {time.perf_counter() - started:.0f} 秒)")
    return out_dir
