"""The written site, finished: files no reader's browser asks for are removed, and the large
files get gzip (and brotli) copies for servers that send them."""
from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from playbook.site.sphinxext.build_env import repo_cache

logger = logging.getLogger(__name__)

#: Published files no reader's browser asks for: legacy font formats (EOT, SVG fonts) beside
#: their WOFF2 versions, source maps (only developer tools open them), and the theme's Font
#: Awesome script, which no page loads (templates/layout.html). Dropping them keeps
#: the site, which carries the browser runtime, well under the 60 MB budget.
UNUSED_OUTPUT = ("_static/**/*.map", "lite/**/*.map", "_static/vendor/html-manager/*.eot",
                 "_static/vendor/html-manager/*.svg", "lite/build/*.eot", "lite/build/fa-*.svg",
                 "_static/scripts/fontawesome.js", "_static/scripts/fontawesome.js.LICENSE.txt")
#: Older font formats a browser fetches only when it cannot read WOFF2. Every browser that runs
#: the live apps (WebAssembly) reads WOFF2, so in a vendor folder that holds WOFF2 files the
#: WOFF/TTF copies of its icon fonts are never fetched (2.4 MB: the widget manager's icon fonts,
#: kept in three places for require.js, and the theme's Font Awesome).
FALLBACK_FONTS = (".woff", ".ttf")


def prune_output(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for pattern in UNUSED_OUTPUT:
        for path in out.glob(pattern):
            path.unlink()
    for folder in {p.parent for p in (out / "_static" / "vendor").rglob("*.woff2")}:
        for path in folder.iterdir():
            if path.suffix in FALLBACK_FONTS:
                path.unlink()


def precompress_output(app: Sphinx, exception: Exception | None) -> None:
    """Write gzip (and brotli) copies of the site's large files for servers that send them
    (``playbook serve``, nginx ``gzip_static``; see :mod:`playbook.site.precompress`)."""
    if exception is not None or app.builder.format != "html" or os.environ.get("PLAYBOOK_PRECOMPRESS") == "0":
        return
    from playbook.site.precompress import precompress

    totals = precompress(Path(app.outdir), cache=repo_cache(app) / "precompressed")
    logger.info(f"压缩副本:{totals['files']} 个文件 {totals['raw'] / 1e6:.1f} MB → "
                f"gzip {totals['gzip'] / 1e6:.1f} MB" + (f",brotli {totals['br'] / 1e6:.1f} MB"
                                                         if totals['br'] < totals['raw'] else ""))
