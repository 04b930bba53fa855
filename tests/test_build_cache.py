"""Fast builds: the browser assets a checkout shares with the machine's other checkouts
(:func:`playbook.site.vendor.share`), and the quick first build ``scripts/serve.sh`` serves
while the full one runs (:func:`playbook.site.sphinxext.configure` with ``PLAYBOOK_QUICK=1``)."""
from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from playbook.site import sphinxext, vendor


def _put(root: Path, rel: str, data: bytes = b"x") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_shared_files_reach_a_new_checkout_and_only_those(tmp_path):
    store, cache = tmp_path / "store", tmp_path / "cache"
    _put(store, "npm/pyodide-314.0.7.tgz", b"tarball")
    _put(store, "wheels/comm-0.2.3-py3-none-any.whl", b"wheel")
    _put(store, "pyc/abc.stdlib.zip", b"pyc")
    _put(store, "lite/project/k1/playbook-0.1.0-py3-none-any.whl", b"project")
    _put(store, "static/pyodide/python_stdlib.zip", b"published: made per checkout")
    assert vendor.share(store, cache) == 4
    assert (cache / "npm/pyodide-314.0.7.tgz").read_bytes() == b"tarball"
    assert (cache / "lite/project/k1/playbook-0.1.0-py3-none-any.whl").read_bytes() == b"project"
    assert not (cache / "static").exists()
    assert not list(cache.rglob("*.tmp"))
    assert vendor.share(store, cache) == 0                 # nothing twice


def test_a_file_the_checkout_has_is_never_replaced(tmp_path):
    store, cache = tmp_path / "store", tmp_path / "cache"
    _put(store, "wheels/comm-0.2.3-py3-none-any.whl", b"other")
    _put(cache, "wheels/comm-0.2.3-py3-none-any.whl", b"mine")
    assert vendor.share(store, cache) == 0
    assert (cache / "wheels/comm-0.2.3-py3-none-any.whl").read_bytes() == b"mine"


def test_made_files_are_pruned_to_the_newest_few_old_enough(tmp_path):
    store = tmp_path / "store"
    keep = vendor.SHARED_KEEP["pyc/*.bundle.zip"]
    old = time.time() - 7200
    for i in range(keep + 3):
        path = _put(store, f"pyc/k{i:02d}.bundle.zip")
        os.utime(path, (old + i, old + i))
    fresh = _put(store, "pyc/new.bundle.zip")              # just written: kept whatever the count
    vendor.share(tmp_path / "empty", store)
    left = sorted(p.name for p in store.glob("pyc/*.bundle.zip"))
    assert fresh.name in left
    assert left == sorted([fresh.name] + [f"k{i:02d}.bundle.zip" for i in range(4, keep + 3)])


def test_shared_store_location_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(vendor.SHARED_ENV, "0")
    assert vendor.shared_store() is None
    monkeypatch.setenv(vendor.SHARED_ENV, str(tmp_path / "s"))
    assert vendor.shared_store() == tmp_path / "s"
    monkeypatch.delenv(vendor.SHARED_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert vendor.shared_store() == tmp_path / "xdg" / "playbook"


def test_an_unwritable_store_is_skipped_not_fatal(tmp_path, capsys):
    store = tmp_path / "store"
    _put(store, "wheels/comm-0.2.3-py3-none-any.whl")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    assert vendor.share(store, blocked) == 0
    assert "共享缓存不可用" in capsys.readouterr().out


@pytest.mark.parametrize("quick", [True, False])
def test_quick_build_executes_nothing_and_says_so(monkeypatch, tmp_path, quick):
    """``configure``'s first lines: the quick build turns execution off and shows the banner;
    the full build leaves both alone. (The asset steps after them are stopped at once.)"""
    class Stop(Exception):
        pass

    def stop(*args, **kwargs):
        raise Stop

    monkeypatch.setenv(sphinxext.QUICK_ENV, "1" if quick else "0")
    monkeypatch.setenv(vendor.SHARED_ENV, "0")
    monkeypatch.setattr(vendor, "ensure", stop)
    config = SimpleNamespace(nb_execution_mode="cache", html_theme_options={"show_navbar_depth": 1})
    app = SimpleNamespace(confdir=str(tmp_path / "book"))
    with pytest.raises(Stop):
        sphinxext.configure(app, config)  # type: ignore[arg-type]  # stand-ins for Sphinx's objects
    assert config.nb_execution_mode == ("off" if quick else "cache")
    assert config.html_theme_options["show_navbar_depth"] == 1
    assert ("announcement" in config.html_theme_options) is quick
    if quick:
        assert "后台" in config.html_theme_options["announcement"]


def test_status_line_promises_an_example_only_when_the_page_has_one():
    full = sphinxext.live_status_html("x = 1\nw", "../lite/notebooks/index.html?path=quote.ipynb")
    quick = sphinxext.live_status_html("x = 1\nw", "", example=False)
    assert "构建时生成的示例" in full and "在笔记本中打开" in full
    assert "构建时生成的示例" not in quick and "在笔记本中打开" not in quick
    assert 'data-code="x = 1\nw"' in quick
