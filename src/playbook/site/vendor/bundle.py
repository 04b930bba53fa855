"""The live apps' runtime bundle: the pinned wheels (without tests), this package's runtime files
and their bytecode in one deterministic zip the page unpacks into Pyodide's ``site-packages``,
with the on-demand wheels published beside it."""
from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

from playbook.site.vendor.bytecode import compile_bytecode
from playbook.site.vendor.verify import sha256_of
from playbook.site.vendor.wheels import ON_DEMAND_DIR, ON_DEMAND_WHEELS, WHEELS, fetch_wheels

#: Parts of the ``playbook`` package the browser does not need (build tooling, fonts, YAML sources).
#: Of the site machinery only the in-page bridge (site/live.py) runs in the browser. The
#: ``playbook.fonts`` module itself is kept (charts import it); the page has the font already.
#: A folder named in ``LIVE_EXCLUDE_DIRS`` is left out wherever it is (``sphinxext``: the Sphinx
#: extension; ``vendor``: this vendoring code; ``lite``: the notebook site's builder).
LIVE_EXCLUDE_DIRS = ("knowledge", "__pycache__", "templates", "sphinxext", "vendor", "lite")
LIVE_EXCLUDE_SUFFIXES = (".ttf",)
LIVE_EXCLUDE_FILES = ("kb/build.py", "site/pytest_notebooks.py",
                      "site/headless.py", "site/serve.py", "site/quizgen.py",
                      "site/pdfbook.py", "fonts/OFL.txt",
                      "site/search_dict.txt", "site/web/playbook-live.js", "site/web/playbook-live.css",
                      "site/web/playbook-site.js")
LIVE_BUNDLE = "live/playbook-live.zip"


def _zip_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=9)  # deflate's best: 33 kB less on the wire than its default


def _package_files() -> list[tuple[str, Path]]:
    """(archive name, file) for every runtime file of the ``playbook`` package."""
    root = Path(__file__).parents[2]
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if (path.is_dir() or path.suffix in (".pyc", *LIVE_EXCLUDE_SUFFIXES) or rel.as_posix() in LIVE_EXCLUDE_FILES
                or any(part in LIVE_EXCLUDE_DIRS for part in rel.parts)):
            continue
        out.append((f"playbook/{rel.as_posix()}", path))
    return out



def sourceless(entries: dict[str, bytes], bytecode: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle's files with each compiled module shipped as bytecode only: ``pkg/__pycache__/
    mod.cpython-314.pyc`` becomes ``pkg/mod.pyc`` in place of ``pkg/mod.py`` (Python imports a
    lone ``.pyc`` beside the package's other files). The sources are a quarter of the bundle on the
    wire and the page never reads them; a module without bytecode keeps its source."""
    out = dict(entries)
    for name, data in bytecode.items():
        folder, _, file = name.rpartition("__pycache__/")
        source = f"{folder}{file.split('.', 1)[0]}.py"
        if source in out:
            del out[source]
            out[source + "c"] = data
    return out


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(entries):
            _zip_entry(zf, name, entries[name])
    return buf.getvalue()


def live_bundle(cache: Path) -> tuple[Path, str]:
    """Build the runtime zip for the browser (deterministic; rewritten only when it changes):
    the pinned wheels (without tests) and this package's runtime files, each module as bytecode
    where Pyodide could compile it (:func:`sourceless`); and
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
    data = _zip(sourceless(entries, compile_bytecode(cache, _zip(entries))))
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
