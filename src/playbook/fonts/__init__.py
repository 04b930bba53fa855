"""The bundled CJK font (Noto Sans SC, GB2312 subset, SIL OFL 1.1, see ``OFL.txt``).

Foundation layer: standard library only (matplotlib is imported inside
:func:`use_chinese_font`). Pages, printed cards, the dashboard and every chart use this one font,
so Chinese renders on machines without a CJK font.
"""
from __future__ import annotations

import functools
from importlib import resources

FONT_FILE = "NotoSansSC-GB2312.ttf"
FONT_FAMILY = "Noto Sans SC"


@functools.cache
def _register() -> str:
    from matplotlib import font_manager

    path = resources.files("playbook").joinpath("fonts", FONT_FILE)
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_chinese_font() -> str:
    """Register the bundled CJK font and make it matplotlib's default; returns its family name.

    Also turns matplotlib's mathtext off (``text.parse_math = False``): chart labels carry names
    and notes people typed, and a name like ``$x^$`` must be drawn as it is, not parsed as a
    formula (a parse error would break the whole chart). Called by every chart helper before it
    draws, so the settings hold even if a notebook reset the rcParams in between.
    """
    import matplotlib

    family = _register()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the subset has no U+2212 minus
    matplotlib.rcParams["text.parse_math"] = False
    return family
