"""A static file server for the built book, with the MIME types its browser runtime needs."""
from __future__ import annotations

import functools
import http.server
from pathlib import Path

EXTRA_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".whl": "application/zip",
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",
}


class BookHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` with explicit types for modules and WebAssembly."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def log_message(self, format: str, *args: object) -> None:  # the stdlib's parameter name
        pass  # keep the terminal quiet; errors still reach the browser


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A threaded server for ``root`` (not yet serving; call ``serve_forever``)."""
    handler = functools.partial(BookHandler, directory=str(root))
    return http.server.ThreadingHTTPServer((host, port), handler)


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
