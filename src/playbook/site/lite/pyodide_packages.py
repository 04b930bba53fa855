"""The kernel's packages in the shared Pyodide core: the pure wheels the JupyterLite kernel loads
from the Pyodide lockfile (micropip, IPython and its dependencies, jedi).

The npm package ``pyodide`` ships no wheels, and the wheels its lockfile names are Pyodide's own
rebuilds, whose sha256 differ from PyPI's; so the same versions are taken from PyPI, pinned by
sha256 here, and the lockfile is rewritten to them and pruned to the packages that are actually
present (:func:`prepare_pyodide_packages`).
"""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from playbook.site.lite.common import PYODIDE_PYTHON, PYODIDE_VERSION, LiteError, say
from playbook.site.vendor import Downloader, Wheel, check_sha256, fetch_wheels, pip_download, sha256_of

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

LOCKFILE = "pyodide-lock.json"
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", LOCKFILE)


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
    say(f"Pyodide 内核所需的 {len(wheels)} 个包已就绪({total / 1e6:.1f} MB),{LOCKFILE} 已改写并校验。")
