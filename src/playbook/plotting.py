"""Charts with Chinese text: registers the bundled Noto Sans SC subset with matplotlib.

The font (``fonts/NotoSansSC-GB2312.ttf``, SIL OFL 1.1, see ``fonts/OFL.txt``) covers GB2312
plus punctuation, so every chart label in the book renders real glyphs. Import this module
(or call :func:`use_chinese_font`) before drawing; every chart helper here does it for you.
"""
from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

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


def bar_chart(labels: list[str], values: list[float], *, title: str, ylabel: str,
              value_format: str = "{:g}", colors: list[str] | None = None,
              ax: Axes | None = None) -> Axes:
    """A labelled bar chart with the value printed on each bar."""
    use_chinese_font()
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 3.4), dpi=110)
    bars = ax.bar(labels, values, color=colors or "#3b6ea5", width=0.55)
    ax.bar_label(bars, labels=[value_format.format(v) for v in values], padding=3)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, max(values) * 1.18)
    ax.figure.tight_layout()
    return ax


def objection_success_chart(ax: Axes | None = None) -> Axes:
    """002 §4.3.1: deals closed 64 % when the customer raised objections, 54 % when not."""
    return bar_chart(["客户提出异议", "客户没有异议"], [64, 54], title="异议与成交率(002 §4.3.1)",
                     ylabel="成交率(%)", value_format="{:g}%", colors=["#3b6ea5", "#a5a5a5"], ax=ax)
