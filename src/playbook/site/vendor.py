"""Vendored browser assets, fetched from the npm registry at build time and cached.

The book must work offline, so nothing is loaded from a CDN at read time. Each package is
pinned by version *and* by the registry's hash (npm: sha512 integrity; PyPI: sha256); a file
that does not match is refused. Files land in ``<cache>/static/…``, which the Sphinx extension
adds to ``html_static_path`` (published as ``_static/vendor/…`` and ``_static/pyodide/…``). A
second build finds them in the cache and downloads nothing.

The browser runtime (:mod:`playbook.site.live`) needs, besides Pyodide's core from npm, pure wheels
from PyPI (ipywidgets, traitlets, comm; fsrs and typing_extensions for spaced practice). :func:`live_bundle` packs them with this
package's runtime files into one zip the page unpacks into Pyodide's ``site-packages``.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NpmAsset:
    """Files taken from one pinned npm package."""

    package: str
    version: str
    integrity: str  # the registry's ``dist.integrity`` (sha512, base64)
    #: member path inside the tarball (prefix ``package/``) → path under ``vendor/``
    files: tuple[tuple[str, str], ...]
    #: file names (last path part) not to publish
    exclude: tuple[str, ...] = ()
    #: folder under the static root the files are published in
    dest: str = "vendor"

    @property
    def tarball(self) -> str:
        return f"{self.package.lstrip('@').replace('/', '-')}-{self.version}.tgz"


ASSETS = (
    NpmAsset("requirejs", "2.3.8",
             "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
             (("package/require.js", "require.js"),)),
    # The AMD bundle carries @jupyter-widgets/base, controls and output; the font files are
    # the icon fonts its CSS refers to by relative URL.
    NpmAsset("@jupyter-widgets/html-manager", "1.0.15",
             "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
             (("package/dist/", "html-manager/"),),
             exclude=("embed.js", "libembed-amd.js", "embed.js.LICENSE.txt")),
    # Python 3.14 for the browser: only the core (no package wheels are used).
    NpmAsset("pyodide", "314.0.7",
             "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A==",
             tuple((f"package/{name}", name) for name in (
                 "pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm",
                 "python_stdlib.zip", "pyodide-lock.json")),
             dest="pyodide"),
)


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
#: Parts of this package the browser does not need (build tooling, the font files, YAML sources).
#: Of the site machinery only the in-page bridge (site/live.py) runs in the browser. The
#: ``playbook.fonts`` module itself is kept (charts import it); the page has the font already.
#: A folder named in ``LIVE_EXCLUDE_DIRS`` is left out wherever it is (``sphinxext``: the Sphinx
#: extension's package).
LIVE_EXCLUDE_DIRS = ("knowledge", "__pycache__", "templates", "sphinxext")
LIVE_EXCLUDE_SUFFIXES = (".ttf",)
LIVE_EXCLUDE_FILES = ("kb/build.py", "site/vendor.py", "site/pytest_notebooks.py",
                      "site/lite.py", "site/headless.py", "site/serve.py", "site/quizgen.py",
                      "site/pdfbook.py", "fonts/OFL.txt",
                      "site/search_dict.txt", "site/web/playbook-live.js", "site/web/playbook-live.css",
                      "site/web/playbook-site.js")
LIVE_BUNDLE = "live/playbook-live.zip"

#: The widget bundle finds its icon fonts relative to require.js's ``baseUrl`` under these
#: module paths; the fonts are copied there and ``require-config.js`` sets the ``baseUrl``.
AMD_FONT_DIRS = ("@jupyter-widgets", "@jupyter-widgets/html-manager/dist")
FONT_SUFFIXES = (".woff2", ".woff", ".ttf")
REQUIRE_CONFIG_JS = """// Generated by playbook.site.vendor: resolve widget modules and their fonts inside the book.
(function () {
  var here = document.currentScript.src;
  require.config({baseUrl: here.slice(0, here.lastIndexOf("/") + 1) + "amd/"});
})();
"""

#: What myst-nb's ``nb_ipywidgets_js`` should load instead of its CDN defaults.
#: Deferred (in this order, before DOMContentLoaded): the 3.6 MB widget manager no longer holds up
#: the page's first paint; it still draws the build-time widgets and is ready for the live apps.
IPYWIDGETS_JS = {
    "vendor/require.js": {"defer": "defer"},
    "vendor/require-config.js": {"defer": "defer"},
    "vendor/html-manager/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/vendor/npm/",
                                         "data-jupyter-widgets-cdn-only": "", "defer": "defer"},
}


class VendorError(RuntimeError):
    """A browser asset could not be fetched or did not verify."""


#: What :func:`share` copies between a checkout's cache and the machine's shared cache: downloads
#: (checked against their pinned hashes wherever they are used) and files named by the hash of
#: everything they are made from (bytecode, the WOFF2 font, the project's wheel), so a file
#: found under its name is the file this checkout would make.
SHARED = ("npm/*.tgz", "wheels/*.whl", "pyc/*.bundle.zip", "pyc/*.stdlib.zip", "woff2/*/*.woff2",
          "lite/project/*/*.whl")
#: Made files (one per version of the sources) kept in the shared cache: the newest few.
SHARED_KEEP = {"pyc/*.bundle.zip": 6, "pyc/*.stdlib.zip": 6, "lite/project/*/*.whl": 6}
SHARED_ENV = "PLAYBOOK_SHARED_CACHE"


def shared_store() -> Path | None:
    """The machine's shared cache for browser assets, like pip's: ``$PLAYBOOK_SHARED_CACHE``,
    else ``$XDG_CACHE_HOME/playbook``, else ``~/.cache/playbook``; None when
    ``PLAYBOOK_SHARED_CACHE=0`` (every checkout then fetches and makes everything itself)."""
    chosen = os.environ.get(SHARED_ENV)
    if chosen == "0":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "playbook"


def share(source: Path, dest: Path) -> int:
    """Copy the :data:`SHARED` files ``dest`` lacks from ``source`` (a hard link where the file
    system allows, else a copy; each lands under its name in one rename, so a concurrent build
    never sees half a file). Files are never changed in place, only replaced. Returns how many
    were copied; a cache that cannot be written is skipped (the build then just fetches)."""
    copied = 0
    for pattern in SHARED:
        for path in source.glob(pattern):
            target = dest / path.relative_to(source)
            if target.exists():
                continue
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, tmp)
                except OSError:
                    shutil.copyfile(path, tmp)
                os.replace(tmp, target)
                copied += 1
            except OSError as err:
                try:
                    tmp.unlink(missing_ok=True)
                except OSError:
                    pass
                print(f"[playbook] 共享缓存不可用({err}),跳过。", flush=True)
                return copied
    _prune(dest)
    return copied


def _prune(cache: Path, *, min_age_s: float = 3600) -> None:
    """Keep the newest :data:`SHARED_KEEP` made files of each kind (older than an hour only:
    a build running now may be about to use the others)."""
    import time

    for pattern, keep in SHARED_KEEP.items():
        files = sorted(cache.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            if time.time() - old.stat().st_mtime > min_age_s:
                old.unlink(missing_ok=True)


def integrity_of(path: Path) -> str:
    """The npm-style sha512 integrity string of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _stamp(cache: Path, asset: NpmAsset) -> Path:
    return cache / "stamps" / f"{asset.tarball}.ok"


def ensure(cache: Path) -> Path:
    """Make sure every asset is in ``cache``; returns the folder to add to ``html_static_path``."""
    static = cache / "static"
    vendor = static / "vendor"
    for asset in ASSETS:
        if _stamp(cache, asset).exists():
            continue
        _fetch(asset, cache, static / asset.dest)
    (vendor / "require-config.js").write_text(REQUIRE_CONFIG_JS, encoding="utf-8")
    for sub in AMD_FONT_DIRS:
        target = vendor / "amd" / sub
        target.mkdir(parents=True, exist_ok=True)
        for font in (vendor / "html-manager").iterdir():
            if font.suffix in FONT_SUFFIXES and not (target / font.name).exists():
                shutil.copyfile(font, target / font.name)
    return static


def _fetch(asset: NpmAsset, cache: Path, vendor: Path) -> None:  # vendor: the asset's folder
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("构建需要 npm 来获取离线网页资源(require.js、ipywidgets 渲染器);"
                          "请安装 Node.js/npm 后重试(Debian:apt-get install -y npm)。")
    downloads = cache / "npm"
    downloads.mkdir(parents=True, exist_ok=True)
    tarball = downloads / asset.tarball
    if not tarball.exists():
        print(f"[playbook] 正在从 npm 获取 {asset.package}@{asset.version} …", flush=True)
        subprocess.run([npm, "pack", f"{asset.package}@{asset.version}", "--silent"],
                       cwd=downloads, check=True, stdout=subprocess.DEVNULL)
    got = integrity_of(tarball)
    if got != asset.integrity:
        tarball.unlink()
        raise VendorError(f"{asset.package}@{asset.version} 校验失败:期望 {asset.integrity},实际 {got}")
    with tarfile.open(tarball) as tar, tempfile.TemporaryDirectory(dir=cache) as tmp:
        for member_prefix, target in asset.files:
            members = [m for m in tar.getmembers()
                       if m.isfile() and m.name.startswith(member_prefix) and not m.name.endswith(".map")
                       and m.name.rsplit("/", 1)[-1] not in asset.exclude]
            if not members:
                raise VendorError(f"{asset.tarball} 中没有 {member_prefix}")
            tar.extractall(tmp, members=members, filter="data")
            for m in members:
                dest = vendor / target / m.name[len(member_prefix):] if target.endswith("/") else vendor / target
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(tmp) / m.name, dest)
    stamp = _stamp(cache, asset)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(asset.integrity)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------ pinned wheels
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


def check_sha256(path: Path, expected: str) -> None:
    """Raise :class:`VendorError` unless ``path`` exists and has sha256 ``expected``."""
    if not path.exists():
        raise VendorError(f"文件不存在:{path}")
    got = sha256_of(path)
    if got != expected:
        raise VendorError(f"{path.name} 校验失败:期望 sha256 {expected},实际 {got}(文件可能被篡改或下载不完整)")


def _zip_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def _package_files() -> list[tuple[str, Path]]:
    """(archive name, file) for every runtime file of this package."""
    root = Path(__file__).parents[1]
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if (path.is_dir() or path.suffix in (".pyc", *LIVE_EXCLUDE_SUFFIXES) or rel.as_posix() in LIVE_EXCLUDE_FILES
                or any(part in LIVE_EXCLUDE_DIRS for part in rel.parts)):
            continue
        out.append((f"playbook/{rel.as_posix()}", path))
    return out


#: Compiles Python to bytecode in Pyodide itself (Node.js runs it at build time), so the
#: reader's browser does not compile on every start. The npm core's ``python_stdlib.zip`` holds
#: sources only: compiling the standard-library modules the apps import cuts Python's start
#: from about 2 s to under 1 s on a warm cache; the bundle's own modules save another 0.2 s.
#: Bytecode is "unchecked-hash" (no source timestamps), next to the unchanged sources.
PYC_COMPILE_JS = r"""// Generated by playbook.site.vendor:
// node <this> <pyodide dir/> <stdlib.zip> <bundle.zip> <bundle-pyc.zip> <stdlib-pyc.zip>
import {readFileSync, renameSync, writeFileSync} from "node:fs";
const [indexURL, stdlibPath, bundlePath, bundleOut, stdlibOut] = process.argv.slice(2);
const {loadPyodide} = await import(indexURL + "pyodide.mjs");
// Start from the original standard library (the published one may already hold bytecode).
const py = await loadPyodide({indexURL, stdLibURL: stdlibPath, packages: []});
py.FS.writeFile("/tmp/stdlib.zip", readFileSync(stdlibPath));
py.FS.writeFile("/tmp/bundle.zip", readFileSync(bundlePath));
py.runPython(`
import compileall, importlib.util, io, marshal, os, py_compile, sys, zipfile

def pyc(source, name):
    code = compile(source, name, "exec", dont_inherit=True)
    return (importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little")
            + importlib.util.source_hash(source) + marshal.dumps(code))

zipfile.ZipFile("/tmp/bundle.zip").extractall("/tmp/site")
assert compileall.compile_dir("/tmp/site", quiet=1,
                              invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
with zipfile.ZipFile("/tmp/bundle-pyc.zip", "w") as z:
    for root, _, files in sorted(os.walk("/tmp/site")):
        for f in sorted(files):
            if f.endswith(".pyc"):
                path = os.path.join(root, f)
                z.write(path, os.path.relpath(path, "/tmp/site"))

# Which standard-library modules do the apps need? Run them (a dummy page end) and look.
sys.path.insert(0, "/tmp/site")
import playbook.site.live as live
live.install(lambda text: None)
live.run_app("from datetime import datetime\\nfrom playbook.views.quote import quote_calculator\\nquote_calculator(at=datetime(2017, 1, 10, 9, 0))\\n")
live.run_app("from playbook.views.loss import loss_calculator\\nloss_calculator()\\n")
live.run_app("from playbook.views.drills import drill_panel\\ndrill_panel(['objection'], seed=3)\\n")
live.run_app("from playbook.views.dialogue import dialogue_player\\ndialogue_player(picker=True)\\n")
live.run_app("from playbook.views.practice import practice_page\\npractice_page()\\n")
live.run_app("from playbook.views.grading import grading_tool\\ngrading_tool()\\n")
live.run_app("from playbook.views.cadence import cadence_planner\\ncadence_planner(2026, 9)\\n")
live.run_app("from playbook.views.value_added import commission_calculator\\ncommission_calculator(100_000)\\n")
live.run_app("from playbook.views.checklists import checklist_widget\\nchecklist_widget('unloading')\\n")
prefix = os.path.dirname(os.__file__) + "/"
used = {m.__file__[len(prefix):].removesuffix("c") for m in list(sys.modules.values())
        if (getattr(m, "__file__", None) or "").startswith(prefix)
        and m.__file__.endswith((".py", ".pyc"))}
src = zipfile.ZipFile("/tmp/stdlib.zip")
with zipfile.ZipFile("/tmp/stdlib-pyc.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for info in src.infolist():
        data = src.read(info)
        z.writestr(info, data)
        if info.filename in used:
            entry = zipfile.ZipInfo(info.filename + "c", date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, pyc(data, info.filename))
`);
// Each output appears under its name only when complete (the names are the cache's keys).
writeFileSync(bundleOut + ".tmp", py.FS.readFile("/tmp/bundle-pyc.zip"));
writeFileSync(stdlibOut + ".tmp", py.FS.readFile("/tmp/stdlib-pyc.zip"));
renameSync(bundleOut + ".tmp", bundleOut);
renameSync(stdlibOut + ".tmp", stdlibOut);
"""
#: Where the npm core's original standard library is kept (the published one gets bytecode).
STDLIB = "python_stdlib.zip"
#: The apps import about 160 standard-library modules; far fewer means the scan went wrong.
MIN_STDLIB_PYC = 100


def _original_stdlib(cache: Path) -> Path:
    """The npm package's own ``python_stdlib.zip``, extracted once from the verified tarball."""
    path = cache / "pyodide-original" / STDLIB
    if not path.exists():
        asset = next(a for a in ASSETS if a.package == "pyodide")
        with tarfile.open(cache / "npm" / asset.tarball) as tar:
            data = tar.extractfile(f"package/{STDLIB}").read()  # type: ignore[union-attr]  # a regular file: never None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path


def verify_compiled_stdlib(original: Path, compiled: Path) -> int:
    """Check a rewritten standard library: every original entry byte-identical, every added
    entry a ``.pyc`` beside its ``.py``, all with one magic number and unchecked-hash flags.
    Returns the number of ``.pyc`` files; raises :class:`VendorError` otherwise."""
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(compiled) as b:
        before = {i.filename: a.read(i) for i in a.infolist()}
        after = {i.filename: b.read(i) for i in b.infolist()}
    changed = [n for n, data in before.items() if after.get(n) != data]
    added = set(after) - set(before)
    strays = [n for n in added if not (n.endswith(".pyc") and n[:-1] in before)]
    headers = {after[n][:8] for n in added}
    if changed or strays or len(headers) > 1 or any(h[4:8] != b"\x01\0\0\0" for h in headers):
        raise VendorError(f"改写后的 {STDLIB} 校验失败:改动 {changed[:3]},多余 {strays[:3]},文件头 {headers}")
    return len(added)


def _bytecode(cache: Path, sources: bytes) -> dict[str, bytes]:
    """``__pycache__`` files for the bundle's modules, and (as a side effect) the published
    ``python_stdlib.zip`` with bytecode for the modules the apps import; both compiled by
    Pyodide under Node.js and cached by the inputs' hash. Without Node.js, or if compiling
    fails, the runtime still works from sources, only slower to start."""
    stdlib = _original_stdlib(cache)
    # the script too: it decides which modules get bytecode (the key names a shared file)
    key = hashlib.sha256(sources + stdlib.read_bytes() + PYC_COMPILE_JS.encode()).hexdigest()[:16]
    folder = cache / "pyc"
    bundle_pyc, stdlib_pyc = folder / f"{key}.bundle.zip", folder / f"{key}.stdlib.zip"
    published = cache / "static" / "pyodide" / STDLIB
    if not (bundle_pyc.exists() and stdlib_pyc.exists()):
        node = shutil.which("node")
        if node is None:
            print("[playbook] 未找到 Node.js:运行环境不含预编译字节码(浏览器中启动较慢)。", flush=True)
            shutil.copyfile(stdlib, published)
            return {}
        print("[playbook] 正在预编译浏览器端 Python 字节码(Pyodide + Node.js)…", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        script, source_zip = folder / "compile.mjs", folder / f"{key}.src.zip"
        script.write_text(PYC_COMPILE_JS, encoding="utf-8")
        source_zip.write_bytes(sources)
        done = subprocess.run([node, str(script), f"{(cache / 'static' / 'pyodide').resolve()}/",
                               str(stdlib), str(source_zip), str(bundle_pyc), str(stdlib_pyc)],
                              capture_output=True, text=True, timeout=600)
        source_zip.unlink()
        if done.returncode != 0 or not (bundle_pyc.exists() and stdlib_pyc.exists()):
            print(f"[playbook] 预编译字节码失败,改用源码:{done.stderr.strip()[-300:]}", flush=True)
            shutil.copyfile(stdlib, published)
            return {}
        count = verify_compiled_stdlib(stdlib, stdlib_pyc)
        if count < MIN_STDLIB_PYC:
            raise VendorError(f"只为 {count} 个标准库模块生成了字节码(应不少于 {MIN_STDLIB_PYC}):"
                              "应用导入的模块没有被正确识别")
        print(f"[playbook] 字节码已生成并校验:标准库 {count} 个模块。", flush=True)
    if not published.exists() or published.read_bytes() != stdlib_pyc.read_bytes():
        shutil.copyfile(stdlib_pyc, published)
    with zipfile.ZipFile(bundle_pyc) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(entries):
            _zip_entry(zf, name, entries[name])
    return buf.getvalue()


def live_bundle(cache: Path) -> tuple[Path, str]:
    """Build the runtime zip for the browser (deterministic; rewritten only when it changes):
    the pinned wheels (without tests), this package's runtime files, and their bytecode; and
    publish the :data:`ON_DEMAND_WHEELS` beside it.

    Returns the static folder to publish (it holds :data:`LIVE_BUNDLE`) and the bundle's
    short sha256, used as a cache-busting version in its URL.
    """
    entries: dict[str, bytes] = {}
    for path in fetch_wheels(WHEELS, cache).values():
        with zipfile.ZipFile(path) as whl:
            for name in whl.namelist():
                if "/tests/" not in name and not name.endswith("/RECORD"):
                    entries[name] = whl.read(name)
    for name, path in _package_files():
        entries[name] = path.read_bytes()
    data = _zip({**entries, **_bytecode(cache, _zip(entries))})
    static = cache / "live-static"
    for wheel, path in zip(ON_DEMAND_WHEELS, fetch_wheels(ON_DEMAND_WHEELS, cache).values(), strict=True):
        published = static / ON_DEMAND_DIR / wheel.file_name
        if not published.exists() or sha256_of(published) != wheel.sha256:
            published.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, published)
    target = static / LIVE_BUNDLE
    if not target.exists() or target.read_bytes() != data:
        from playbook.fileio import atomic_write

        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
    return static, hashlib.sha256(data).hexdigest()[:12]
