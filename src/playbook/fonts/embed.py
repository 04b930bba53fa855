"""Embed, in one HTML file, the part of the bundled Chinese font that file uses.

:func:`embed_font` replaces the page's ``url("NotoSansSC-GB2312.ttf")`` with a ``data:`` URL of
the font cut down to the characters on the page (fontTools' subsetter), so one file sent by
e-mail or chat shows Chinese on any machine, CJK font or not. Typically 30–150 kB instead of
the 2.6 MB font. Without fontTools the page is returned unchanged (it then needs the font
file beside it, which :func:`playbook.fileio.write_html_with_font` still writes).

In the book's page the font file is not in the package (the page fetches the published copy
and passes its bytes as ``font``; :mod:`playbook.views.common`). Subsets are cached by the set
of characters, so re-rendering a page whose characters did not change costs nothing.
"""
from __future__ import annotations

import base64
import functools
import io
from importlib import resources

from playbook.fonts import FONT_FILE

__all__ = ["subset_font", "embed_font"]


@functools.cache
def _font_bytes() -> bytes:
    return resources.files("playbook").joinpath("fonts", FONT_FILE).read_bytes()


def subset_font(text: str, font: bytes | None = None) -> bytes | None:
    """The bundled font (or the TrueType ``font`` given) reduced to the characters of ``text``
    (TrueType), or None without fontTools."""
    try:
        from fontTools import subset  # noqa: F401 - checked here, used in _subset
    except ImportError:
        return None
    return _subset("".join(sorted(set(text))), font)


@functools.lru_cache(maxsize=16)
def _subset(chars: str, font: bytes | None) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    loaded = subset.load_font(io.BytesIO(_font_bytes() if font is None else font), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes={ord(ch) for ch in chars} | set(range(0x20, 0x7F)))
    sub.subset(loaded)
    out = io.BytesIO()
    loaded.save(out)
    return out.getvalue()


def embed_font(page: str, font: bytes | None = None) -> str:
    """``page`` with its reference to the bundled font replaced by an embedded subset (of
    ``font``, the font file's bytes, when given: in the page, where the package has no font)."""
    needle = f'url("{FONT_FILE}")'
    if needle not in page:
        return page
    data = subset_font(page, font)
    if data is None:
        return page
    return page.replace(needle, "url(data:font/ttf;base64," + base64.b64encode(data).decode("ascii") + ")")
