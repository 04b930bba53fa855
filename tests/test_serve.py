"""Precompressed copies of the built site (playbook.site.precompress) and the server that sends
them (playbook.site.serve), as nginx's gzip_static would."""
from __future__ import annotations

import gzip
import http.client
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from playbook.site.precompress import is_copy, precompress
from playbook.site.serve import accepted, make_server

SCRIPT = ("function add(a, b) { return a + b; }\n" * 400).encode()   # 15 KB, compresses well
WASM = b"\0asm\x01\0\0\0" + bytes(range(256)) * 64                   # binary, compresses
NOISE = os.urandom(8000)                                             # does not compress


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "app.js").write_bytes(SCRIPT)
    (tmp_path / "core.wasm").write_bytes(WASM)
    (tmp_path / "tiny.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "noise.json").write_bytes(NOISE)
    (tmp_path / "photo.png").write_bytes(SCRIPT)        # not a compressible type
    (tmp_path / "index.html").write_text("<p>你好</p>" * 300, encoding="utf-8")
    return tmp_path


def test_copies_are_written_for_large_compressible_files_only(site: Path):
    totals = precompress(site)
    app = site / "js" / "app.js"
    assert gzip.decompress((site / "js" / "app.js.gz").read_bytes()) == SCRIPT
    assert brotli.decompress((site / "js" / "app.js.br").read_bytes()) == SCRIPT
    assert gzip.decompress((site / "core.wasm.gz").read_bytes()) == WASM
    for name in ("tiny.css", "noise.json", "photo.png"):      # too small, no gain, not text
        assert not (site / f"{name}.gz").exists() and not (site / f"{name}.br").exists(), name
    assert (site / "js" / "app.js.gz").stat().st_mtime_ns == app.stat().st_mtime_ns
    assert is_copy(site / "js" / "app.js.gz") and not is_copy(app)
    assert totals["files"] == 5 and totals["gzip"] < totals["raw"] and totals["br"] < totals["raw"]


def test_a_changed_file_gets_new_copies_and_a_removed_one_loses_them(site: Path):
    precompress(site)
    app = site / "js" / "app.js"
    changed = SCRIPT.replace(b"add", b"sum")
    app.write_bytes(changed)
    os.utime(app, ns=(1, 1))
    (site / "core.wasm").unlink()
    precompress(site)
    assert gzip.decompress((site / "js" / "app.js.gz").read_bytes()) == changed
    assert not (site / "core.wasm.gz").exists() and not (site / "core.wasm.br").exists()


def test_the_cache_gives_the_same_copies(site: Path, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    big = (site / "big.js")
    big.write_bytes(SCRIPT * 8)                               # ≥ 64 KB: cached
    precompress(site, cache=cache)
    assert len(list(cache.iterdir())) == 2                    # gzip and brotli
    first = (site / "big.js.br").read_bytes()
    (site / "big.js.br").unlink()
    (site / "big.js.gz").unlink()
    precompress(site, cache=cache)
    assert (site / "big.js.br").read_bytes() == first


@pytest.mark.parametrize(("header", "want"), [
    ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
    ("br;q=0, gzip;q=0.5", {"gzip"}),
    ("identity", {"identity"}),
    ("", set()),
    (None, set()),
    ("gzip;q=x", set()),
])
def test_accept_encoding(header, want):
    assert accepted(header) == want


@pytest.fixture
def server(site: Path) -> Iterator[tuple[str, int]]:
    precompress(site)
    httpd = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[:2]
    httpd.shutdown()
    httpd.server_close()


def get(address, path: str, method: str = "GET", **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPConnection(*address, timeout=10)
    conn.request(method, path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_server_sends_the_copy_the_browser_accepts(server):
    r, body = get(server, "/js/app.js", **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert r.status == 200 and r.getheader("Content-Encoding") == "br"
    assert brotli.decompress(body) == SCRIPT
    assert r.getheader("Content-Type") == "text/javascript"
    assert r.getheader("Vary") == "Accept-Encoding"
    assert int(r.getheader("Content-Length")) == len(body) < len(SCRIPT)

    r, body = get(server, "/core.wasm", **{"Accept-Encoding": "gzip"})
    assert r.getheader("Content-Encoding") == "gzip" and gzip.decompress(body) == WASM
    assert r.getheader("Content-Type") == "application/wasm"

    r, body = get(server, "/js/app.js", **{"Accept-Encoding": "br;q=0, gzip"})
    assert r.getheader("Content-Encoding") == "gzip"


def test_server_sends_the_file_itself_otherwise(server):
    r, body = get(server, "/js/app.js")
    assert r.status == 200 and r.getheader("Content-Encoding") is None and body == SCRIPT
    assert r.getheader("Vary") == "Accept-Encoding"       # a cache must not reuse it for gzip clients
    r, body = get(server, "/noise.json", **{"Accept-Encoding": "br, gzip"})
    assert r.getheader("Content-Encoding") is None and body == NOISE and r.getheader("Vary") is None
    r, body = get(server, "/js/app.js.gz")                  # the copy itself stays reachable as a file
    assert r.status == 200 and gzip.decompress(body) == SCRIPT
    r, body = get(server, "/missing.js", **{"Accept-Encoding": "br"})
    assert r.status == 404


def test_server_revalidates_and_answers_head(server, site: Path):
    r, _ = get(server, "/js/app.js", **{"Accept-Encoding": "br"})
    modified = r.getheader("Last-Modified")
    r, body = get(server, "/js/app.js", **{"Accept-Encoding": "br", "If-Modified-Since": modified})
    assert r.status == 304 and body == b""
    r, body = get(server, "/js/app.js", "HEAD", **{"Accept-Encoding": "gzip"})
    assert r.status == 200 and body == b"" and r.getheader("Content-Encoding") == "gzip"
    assert int(r.getheader("Content-Length")) == (site / "js" / "app.js.gz").stat().st_size


def test_identical_files_share_a_cache_key_without_racing(tmp_path):
    """A fresh clone's build stopped with FileNotFoundError: two identical large files (one cache
    key) were compressed at once and both threads wrote the same temp file."""

    site = tmp_path / "site"
    site.mkdir()
    body = ("var x = 1;\n" * 30000).encode()
    for i in range(16):
        (site / f"copy{i}.js").write_bytes(body)
    precompress(site, cache=tmp_path / "cache")
    assert all((site / f"copy{i}.js.gz").is_file() for i in range(16))
    assert not list((tmp_path / "cache").glob("*.tmp")) and not list(site.glob("*.tmp"))
