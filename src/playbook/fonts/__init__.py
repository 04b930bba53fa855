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
def use_chinese_font() -> str:
    """Register the bundled CJK font and make it matplotlib's default; returns its family name."""
    import matplotlib
    from matplotlib import font_manager

    path = resources.files("playbook").joinpath("fonts", FONT_FILE)
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the subset has no U+2212 minus
    return family
