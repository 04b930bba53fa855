"""Atomic writes keep the usual file permissions (a published or shared file must stay readable)."""
from __future__ import annotations

import os

from playbook.fileio import atomic_write


def test_new_file_gets_the_umask_mode_not_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        path = atomic_write(tmp_path / "a.html", "<p>卡片</p>")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    assert path.read_text(encoding="utf-8") == "<p>卡片</p>"


def test_replacing_keeps_the_existing_mode(tmp_path):
    path = tmp_path / "records.json"
    path.write_text("{}")
    path.chmod(0o600)
    atomic_write(path, b"[]")
    assert path.stat().st_mode & 0o777 == 0o600 and path.read_bytes() == b"[]"
    assert [p.name for p in tmp_path.iterdir()] == ["records.json"]      # no temp file left
