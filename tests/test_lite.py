"""playbook.site.lite: the Pyodide lockfile rewrite and its verification, offline, with tiny fixtures.

The browser run (JupyterLite in headless Chromium) is benchmarks/lite_smoke.py, not a test.
"""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from playbook.site import lite
from playbook.site.lite import LiteError, Wheel

ROOT = Path(__file__).resolve().parents[1]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


CONTENT = {"alpha": b"alpha wheel bytes", "beta-gamma": b"beta-gamma wheel bytes"}
PINS = (
    Wheel("alpha", "1.0", "alpha-1.0-py3-none-any.whl", _sha(CONTENT["alpha"])),
    Wheel("beta-gamma", "2.0", "beta_gamma-2.0-py3-none-any.whl", _sha(CONTENT["beta-gamma"])),
)


def _entry(name: str, file_name: str, depends: list[str]) -> dict:
    return {"depends": depends, "file_name": file_name, "imports": [name.replace("-", "_")],
            "install_dir": "site", "name": name, "package_type": "package",
            "sha256": "0" * 64, "unvendored_tests": True, "version": "1.0"}


def _lock() -> dict:
    return {"info": {"abi_version": "2026_0", "arch": "wasm32", "platform": "emscripten_5_0_3", "python": "3.14.2"},
            "packages": {
                "alpha": _entry("alpha", "alpha-1.0-py3-none-any.whl", ["beta_gamma"]),  # unnormalised, as Pyodide writes
                "beta-gamma": _entry("beta_gamma", "beta_gamma-2.0-py3-none-any.whl", []),
                "numpy": _entry("numpy", "numpy-2.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl", []),
            }}


@pytest.fixture
def core(tmp_path: Path) -> Path:
    folder = tmp_path / "pyodide"
    folder.mkdir()
    (folder / "pyodide-lock.json").write_text(json.dumps(_lock()), encoding="utf-8")
    (folder / "pyodide.mjs").write_text("// core", encoding="utf-8")
    return folder


class FakeDownloader:
    """Writes the fixture wheels (or tampered bytes) instead of calling pip; counts calls."""

    def __init__(self, tamper: str | None = None) -> None:
        self.calls: list[list[str]] = []
        self.tamper = tamper

    def __call__(self, wheels, dest: Path) -> None:
        self.calls.append([w.name for w in wheels])
        for w in wheels:
            data = b"evil" if w.name == self.tamper else CONTENT[w.name]
            (dest / w.file_name).write_bytes(data)


def test_prepare_rewrites_lock_and_copies_wheels(core: Path, tmp_path: Path) -> None:
    download = FakeDownloader()
    lite.prepare_pyodide_packages(core, tmp_path / "cache", wheels=PINS, download=download)
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert set(lock["packages"]) == {"alpha", "beta-gamma"}  # numpy had no file: dropped
    assert lock["info"]["python"] == "3.14.2"
    for pin in PINS:
        entry = lock["packages"][pin.name]
        assert (entry["file_name"], entry["sha256"], entry["version"]) == (pin.file_name, pin.sha256, pin.version)
        assert (core / pin.file_name).read_bytes() == CONTENT[pin.name]
    assert lock["packages"]["alpha"]["depends"] == ["beta_gamma"]
    assert lite.verify_lock(core) == sum(len(v) for v in CONTENT.values())
    # every file the rewritten lock names exists next to it
    assert all((core / e["file_name"]).exists() for e in lock["packages"].values())


def test_second_run_downloads_nothing(core: Path, tmp_path: Path) -> None:
    download = FakeDownloader()
    lite.prepare_pyodide_packages(core, tmp_path / "cache", wheels=PINS, download=download)
    lite.prepare_pyodide_packages(core, tmp_path / "cache", wheels=PINS, download=download)
    assert download.calls == [["alpha", "beta-gamma"]]


def test_tampered_download_is_refused(core: Path, tmp_path: Path) -> None:
    lock_before = (core / "pyodide-lock.json").read_text(encoding="utf-8")
    with pytest.raises(LiteError, match="beta_gamma-2.0-py3-none-any.whl 校验失败"):
        lite.prepare_pyodide_packages(core, tmp_path / "cache", wheels=PINS, download=FakeDownloader("beta-gamma"))
    assert not (tmp_path / "cache" / "wheels" / "beta_gamma-2.0-py3-none-any.whl").exists()
    assert (core / "pyodide-lock.json").read_text(encoding="utf-8") == lock_before


def test_tampered_cache_is_fetched_again(core: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    lite.prepare_pyodide_packages(core, cache, wheels=PINS, download=FakeDownloader())
    (cache / "wheels" / "alpha-1.0-py3-none-any.whl").write_bytes(b"corrupt")
    download = FakeDownloader()
    lite.fetch_wheels(PINS, cache, download=download)
    assert download.calls == [["alpha"]]
    assert (cache / "wheels" / "alpha-1.0-py3-none-any.whl").read_bytes() == CONTENT["alpha"]


def test_verify_refuses_tampered_or_missing_files(core: Path, tmp_path: Path) -> None:
    lite.prepare_pyodide_packages(core, tmp_path / "cache", wheels=PINS, download=FakeDownloader())
    (core / "alpha-1.0-py3-none-any.whl").write_bytes(b"tampered")
    with pytest.raises(LiteError, match="校验失败"):
        lite.verify_lock(core)
    (core / "alpha-1.0-py3-none-any.whl").unlink()
    with pytest.raises(LiteError, match="不在"):
        lite.verify_lock(core)


def test_verify_refuses_a_wrong_sha256_in_the_lock(core: Path, tmp_path: Path) -> None:
    lite.prepare_pyodide_packages(core, tmp_path / "cache", wheels=PINS, download=FakeDownloader())
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock["packages"]["alpha"]["sha256"] = "f" * 64
    (core / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    with pytest.raises(LiteError, match="期望 sha256 f{64}"):
        lite.verify_lock(core)


def test_verify_refuses_paths_outside_the_folder(core: Path) -> None:
    lock = _lock()
    lock["packages"] = {"alpha": {**lock["packages"]["alpha"], "file_name": "../alpha.whl"}}
    (core / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    with pytest.raises(LiteError, match="文件名不合法"):
        lite.verify_lock(core)


def test_rewrite_needs_every_dependency_and_entry() -> None:
    with pytest.raises(LiteError, match="alpha 依赖的 beta_gamma"):
        lite.rewrite_lock(_lock(), PINS[:1])
    with pytest.raises(LiteError, match="没有 delta"):
        lite.rewrite_lock(_lock(), (*PINS, Wheel("delta", "1", "delta-1-py3-none-any.whl", "0" * 64)))


def test_rewrite_refuses_another_python() -> None:
    lock = _lock()
    lock["info"]["python"] = "3.13.2"
    with pytest.raises(LiteError, match="Python 3.13.2"):
        lite.rewrite_lock(lock, PINS)


def test_missing_core_is_explained(tmp_path: Path) -> None:
    with pytest.raises(LiteError, match="没有 pyodide-lock.json"):
        lite.prepare_pyodide_packages(tmp_path, tmp_path / "cache", wheels=PINS, download=FakeDownloader())


@pytest.mark.parametrize("table", [lite.KERNEL_WHEELS, lite.WIDGET_WHEELS])
def test_pinned_tables_are_consistent(table) -> None:
    names = [lite.canonical(w.name) for w in table]
    assert len(names) == len(set(names))
    for w in table:
        assert re.fullmatch(r"[0-9a-f]{64}", w.sha256), w
        stem = re.sub(r"[-_.]+", "_", w.name).lower()
        assert w.file_name.lower().startswith(f"{stem}-{w.version}-"), w
        assert w.file_name.endswith("-none-any.whl"), w  # pure wheels only: nothing else runs in Pyodide


def test_kernel_settings_point_at_the_shared_core() -> None:
    settings = lite.kernel_settings("../_static/pyodide/pyodide.mjs")
    # JupyterLite rebases only "./…" URLs onto the lite/ folder
    assert settings == {"pyodideUrl": "./../_static/pyodide/pyodide.mjs", "disablePyPIFallback": True}
    assert lite.kernel_settings("/book/_static/pyodide/pyodide.mjs")["pyodideUrl"] == "/book/_static/pyodide/pyodide.mjs"
    with pytest.raises(LiteError, match="pyodide.mjs"):
        lite.kernel_settings("../_static/pyodide/pyodide.js")


def test_contents_listing(tmp_path: Path) -> None:
    (tmp_path / "quote.ipynb").write_text("{}", encoding="utf-8")
    listing = lite._contents_listing(["quote.ipynb"], tmp_path)
    assert listing["type"] == "directory" and listing["path"] == ""
    (item,) = listing["content"]
    assert (item["name"], item["path"], item["type"], item["size"]) == ("quote.ipynb", "quote.ipynb", "notebook", 2)


@pytest.mark.parametrize("name, call", [("quote", "quote_calculator()"), ("loss", "loss_calculator()"),
                                        ("drills", "ChoiceDrill(practice.make_session(seed=1, size=5).questions)")])
def test_app_notebooks(name: str, call: str) -> None:
    nb = json.loads((ROOT / "book" / "apps" / f"{name}.ipynb").read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert 'await piplite.install(["ipywidgets", "playbook"])' in code[0]
    assert code[-1].rstrip().endswith(call)
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_project_wheel_builds_into_a_cache_folder_that_does_not_exist_yet(tmp_path):
    """A fresh clone has no cache folder: building the wheel must create it (seen on a fresh clone)."""
    root = Path(__file__).resolve().parents[1]
    wheel = lite.build_project_wheel(root, tmp_path / "new" / "lite")
    assert wheel.name.startswith("playbook-") and wheel.suffix == ".whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "playbook/fonts/NotoSansSC-GB2312.ttf" in names          # downloads embed it in the notebooks
    assert not [n for n in names if n.endswith(lite.LITE_LEAVE_OUT)]  # the charts' supplement stays out
