"""Compressed copies of the built site's large files, written at build time.

Beside every compressible file of at least :data:`MIN_BYTES` (``x.wasm``), the build writes
``x.wasm.gz`` (gzip, standard library), and ``x.wasm.br`` when the ``brotli`` module is
installed. A static host that supports precompressed files (nginx ``gzip_static on`` /
``brotli_static on``, Caddy ``file_server { precompressed br gzip }``, Apache MultiViews,
GitHub Pages-like CDNs that compress themselves need none of it) sends the copy with
``Content-Encoding``; :mod:`playbook.site.serve` does so for ``python -m playbook serve``.

A copy is kept only when it saves at least 10 %; an up-to-date copy (it carries its file's
modification time) is not rewritten, so an incremental build compresses only what changed. Copies whose file is gone
are removed.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from time import time_ns
from types import ModuleType

#: (Content-Encoding, file suffix), in the order a server prefers them.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
#: Files worth compressing: text, WebAssembly, fonts without their own compression, and the
#: Python standard library's zip (stored uncompressed so Pyodide can read it quickly).
SUFFIXES = frozenset({".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml", ".wasm",
                      ".ttf", ".otf", ".eot", ".map", ".py", ".ipynb", ".zip", ".tar", ".data", ".ico"})
MIN_BYTES = 1024
#: gzip level and brotli quality: nearly the smallest output at a small part of the highest
#: settings' time (brotli 11 takes a minute for the 9.6 MB WebAssembly file here, 5 takes 4 s
#: and gives 4 % more bytes).
GZIP_LEVEL, BROTLI_QUALITY = 6, 5


def _brotli() -> ModuleType | None:
    try:
        import brotli
    except ImportError:
        return None
    return brotli


def _candidates(site: Path) -> Iterable[Path]:
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            path = Path(dirpath, name)
            if path.suffix.lower() in SUFFIXES:
                yield path


def _write(target: Path, data: bytes, mtime_ns: int) -> None:
    # a temp name of its own: two identical files (one cache key) may be written at once
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.utime(tmp, ns=(mtime_ns, mtime_ns))  # the copy is current while the times agree
    os.replace(tmp, target)


def _compress(coding: str, data: bytes, cache: Path | None) -> bytes:
    """``data`` compressed; files seen before (the vendored runtime, on every build) come from
    ``cache``, named by their content's hash."""
    key = None
    if cache is not None and len(data) >= 64 * 1024:
        key = cache / f"{hashlib.sha256(data).hexdigest()}.{coding}{GZIP_LEVEL}{BROTLI_QUALITY}"
        if key.is_file():
            return key.read_bytes()
    if coding == "gzip":
        packed = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    else:
        brotli = _brotli()
        assert brotli is not None   # the callers skip "br" without the brotli module
        packed = brotli.compress(data, quality=BROTLI_QUALITY)
    if key is not None:
        key.parent.mkdir(parents=True, exist_ok=True)
        _write(key, packed, time_ns())
    return packed


def _one(path: Path, cache: Path | None) -> dict[str, int]:
    """Bring ``path``'s copies up to date; its byte counts as in :func:`precompress`."""
    stat = path.stat()
    totals = {"files": 1, "raw": stat.st_size, "gzip": 0, "br": 0}
    data: bytes | None = None
    for coding, suffix in ENCODINGS:
        target = path.with_name(path.name + suffix)
        if (coding == "br" and _brotli() is None) or stat.st_size < MIN_BYTES:
            target.unlink(missing_ok=True)
            totals[coding] += stat.st_size
            continue
        if target.exists() and target.stat().st_mtime_ns == stat.st_mtime_ns:
            totals[coding] += min(target.stat().st_size, stat.st_size)
            continue
        if data is None:
            data = path.read_bytes()
        packed = _compress(coding, data, cache)
        if len(packed) <= 0.9 * len(data):
            _write(target, packed, stat.st_mtime_ns)
            totals[coding] += len(packed)
        else:
            target.unlink(missing_ok=True)
            totals[coding] += len(data)
    return totals


def precompress(site: Path, *, cache: Path | None = None) -> dict[str, int]:
    """Write the compressed copies under ``site`` (large ones kept in ``cache`` too), on every
    CPU core (zlib and brotli release the GIL); returns byte counts (``files``: originals looked
    at, ``raw``/``gzip``/``br``: their sizes, the smaller of copy and original counted)."""
    totals = {"files": 0, "raw": 0, "gzip": 0, "br": 0}
    # largest first, so no core is left with one big file at the end
    paths = sorted(_candidates(site), key=lambda p: -p.stat().st_size)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for counts in pool.map(lambda p: _one(p, cache), paths):
            for key, value in counts.items():
                totals[key] += value
    # copies of files that no longer exist
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            for _, suffix in ENCODINGS:
                original = Path(dirpath, name[: -len(suffix)])
                if name.endswith(suffix) and original.suffix.lower() in SUFFIXES and not original.exists():
                    Path(dirpath, name).unlink()
    return totals


def is_copy(path: Path) -> bool:
    """A compressed copy written by :func:`precompress` (the original is beside it)."""
    return any(path.name.endswith(suffix) and path.with_name(path.name[: -len(suffix)]).is_file()
               for _, suffix in ENCODINGS)


def main(argv: list[str] | None = None) -> int:
    """``python -m playbook.site.precompress SITE [CACHE]``: scripts/serve.sh runs it in the
    background (the build skips it there, PLAYBOOK_PRECOMPRESS=0, so the first page comes sooner)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else Path("book/_build/html")
    totals = precompress(site, cache=Path(args[1]) if len(args) > 1 else None)
    print(f"压缩副本:{totals['files']} 个文件 {totals['raw'] / 1e6:.1f} MB → gzip {totals['gzip'] / 1e6:.1f} MB,"
          f"brotli {totals['br'] / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
