"""The bundled CJK font (Noto Sans SC, GB2312 subset, SIL OFL 1.1, see ``OFL.txt``).

Foundation layer: standard library only (matplotlib is imported inside
:func:`use_chinese_font`). Pages, printed cards, the dashboard and every chart use this one font,
so Chinese renders on machines without a CJK font. Charts also fall back, glyph by glyph, to a
second bundled file (:data:`SUPPLEMENT_FILE`: the rest of CC-CEDICT's simplified characters, such
as the given names 喆 堃 玥) and then to a system CJK font; ``tools/make_font.py`` makes both files.
"""
from __future__ import annotations

import functools
from importlib import resources

FONT_FILE = "NotoSansSC-GB2312.ttf"
FONT_FAMILY = "Noto Sans SC"
#: The characters the first file lacks (family "Playbook SC Supplement"); charts only.
SUPPLEMENT_FILE = "NotoSansSC-Supplement.ttf"
#: CJK fonts of Windows, macOS and Linux that charts fall back to, glyph by glyph, for characters
#: the bundled GB2312 subset lacks (given names such as 王喆, 李堃, 张玥); only those installed
#: are named, so matplotlib never warns about a missing family.
SYSTEM_CJK_FONTS = ("Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Source Han Sans SC",
                    "Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Droid Sans Fallback")


@functools.cache
def _register(file: str = FONT_FILE) -> str | None:
    """Register a bundled font file with matplotlib; its family name, or None when this copy of
    the package leaves it out (the in-browser notebooks' copy has no supplement)."""
    from matplotlib import font_manager

    path = resources.files("playbook").joinpath("fonts", file)
    if not path.is_file():
        return None
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_chinese_font() -> str:
    """Register the bundled CJK font and make it matplotlib's default; returns its family name.

    Also turns matplotlib's mathtext off (``text.parse_math = False``): chart labels carry names
    and notes people typed, and a name like ``$x^$`` must be drawn as it is, not parsed as a
    formula (a parse error would break the whole chart). Characters the bundled subset lacks are
    drawn from the bundled supplement, then from an installed system CJK font
    (:data:`SYSTEM_CJK_FONTS`) where there is one.
    Called by every chart helper before it draws, so the settings hold even if a notebook reset
    the rcParams in between.
    """
    import matplotlib
    from matplotlib import font_manager

    family = _register() or FONT_FAMILY
    bundled = [name for name in (_register(SUPPLEMENT_FILE),) if name is not None]
    installed = {f.name for f in font_manager.fontManager.ttflist}
    fallbacks = [name for name in SYSTEM_CJK_FONTS if name in installed and name != family]
    # matplotlib falls back glyph by glyph across font.family (not across one generic's list)
    matplotlib.rcParams["font.family"] = [family, *bundled, *fallbacks, "sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the subset has no U+2212 minus
    matplotlib.rcParams["text.parse_math"] = False
    return family
