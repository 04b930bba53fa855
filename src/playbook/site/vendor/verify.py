"""Checking a downloaded browser asset against its pin (npm's sha512 integrity, PyPI's sha256), and
the error every step of vendoring raises (:class:`VendorError`, a Chinese message)."""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path


class VendorError(RuntimeError):
    """A browser asset could not be fetched or did not verify."""


def integrity_of(path: Path) -> str:
    """The npm-style sha512 integrity string of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_sha256(path: Path, expected: str) -> None:
    """Raise :class:`VendorError` unless ``path`` exists and has sha256 ``expected``."""
    if not path.exists():
        raise VendorError(f"文件不存在:{path}")
    got = sha256_of(path)
    if got != expected:
        raise VendorError(f"{path.name} 校验失败:期望 sha256 {expected},实际 {got}(文件可能被篡改或下载不完整)")
