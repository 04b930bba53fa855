"""A static file server for the built book, with the MIME types its browser runtime needs.

The build writes a compressed copy beside every large text or WebAssembly file (``x.wasm.gz``
next to ``x.wasm``, see :mod:`playbook.site.precompress`). This server sends that copy, with
``Content-Encoding`` and ``Vary: Accept-Encoding``, to browsers that accept the encoding, as
nginx's ``gzip_static on`` (or Apache's MultiViews, Caddy's ``precompressed``) does on a
static host. Nothing is compressed on the fly.
"""
from __future__ import annotations

import email.utils
import functools
import http.server
import io
import os
from pathlib import Path
from typing import BinaryIO

from playbook.site.precompress import ENCODINGS

EXTRA_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".whl": "application/zip",
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",
}


def accepted(header: str | None) -> set[str]:
    """Content codings a request's ``Accept-Encoding`` allows (``q=0`` excludes one)."""
    out: set[str] = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name and q > 0:
            out.add(name)
    return out


class BookHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` with explicit types for modules and WebAssembly, and the
    build's precompressed copies for browsers that accept them."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = self.translate_path(self.path)
        if os.path.isfile(path):
            for coding, suffix in ENCODINGS:
                if coding in accepted(self.headers.get("Accept-Encoding")) and os.path.isfile(path + suffix):
                    return self._send_encoded(path, path + suffix, coding)
        return super().send_head()

    def _send_encoded(self, path: str, encoded: str, coding: str) -> io.BytesIO | BinaryIO | None:
        try:
            f = open(encoded, "rb")  # returned to the caller, closed by it
        except OSError:
            return super().send_head()
        try:
            stat = os.fstat(f.fileno())
            modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
            since = self.headers.get("If-Modified-Since")
            if since and "If-None-Match" not in self.headers and since == modified:
                f.close()
                self.send_response(http.HTTPStatus.NOT_MODIFIED)
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return None
            self.send_response(http.HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(stat.st_size))
            self.send_header("Last-Modified", modified)
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return f
        except Exception:
            f.close()
            raise

    def end_headers(self) -> None:
        # Plain responses of files that have a compressed copy vary by Accept-Encoding too.
        buffer = getattr(self, "_headers_buffer", None)  # private in http.server; absent before headers
        if buffer is not None and not any(b"Vary:" in line for line in buffer):
            path = self.translate_path(self.path)
            if any(os.path.isfile(path + suffix) for _, suffix in ENCODINGS):
                self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # "format" is the stdlib name
        pass  # keep the terminal quiet; errors still reach the browser


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A threaded server for ``root`` (not yet serving; call ``serve_forever``)."""
    handler = functools.partial(BookHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``root`` until interrupted."""
    server = make_server(root, host, port)
    print(f"销售作战手册已在 http://{host}:{port}/ 上提供(按 Ctrl+C 停止)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\n已停止。")
    finally:
        server.server_close()
