"""Vendored browser assets, fetched from the npm registry at build time and cached.

The book must work offline, so nothing is loaded from a CDN at read time. Each package is
pinned by version *and* by the registry's sha512 integrity; a tarball that does not match is
refused. Files land in ``<cache>/static/vendor/…``, which the Sphinx extension adds to
``html_static_path`` (so they are published as ``_static/vendor/…``). A second build finds
them in the cache and downloads nothing.
"""
from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
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
)

#: What myst-nb's ``nb_ipywidgets_js`` should load instead of its CDN defaults.
IPYWIDGETS_JS = {
    "vendor/require.js": {},
    "vendor/html-manager/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/vendor/npm/",
                                         "data-jupyter-widgets-cdn-only": ""},
}


class VendorError(RuntimeError):
    """A browser asset could not be fetched or did not verify."""


def integrity_of(path: Path) -> str:
    """The npm-style sha512 integrity string of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _stamp(cache: Path, asset: NpmAsset) -> Path:
    return cache / "stamps" / f"{asset.tarball}.ok"


def ensure(cache: Path) -> Path:
    """Make sure every asset is in ``cache``; returns the folder to add to ``html_static_path``."""
    static = cache / "static"
    for asset in ASSETS:
        if _stamp(cache, asset).exists():
            continue
        _fetch(asset, cache, static / "vendor")
    return static


def _fetch(asset: NpmAsset, cache: Path, vendor: Path) -> None:
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
