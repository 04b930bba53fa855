"""Small charts with Chinese text (the font is registered by :mod:`playbook.fonts`).

The font (``fonts/NotoSansSC-GB2312.ttf``, SIL OFL 1.1, see ``fonts/OFL.txt``) covers GB2312
plus punctuation, so every chart label in the book renders real glyphs. Import this module
(or call :func:`use_chinese_font`) before drawing; every chart helper here does it for you.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from playbook.fonts import FONT_FAMILY, FONT_FILE, use_chinese_font  # noqa: F401 (re-exported)


def figure_of(ax: Axes) -> Figure:
    """The figure ``ax`` is drawn on (``ax.figure`` is typed Figure | SubFigure; charts here use no
    subfigures, so the root figure is the one to lay out, save or close)."""
    figure = ax.get_figure(root=True)
    if figure is None:
        raise ValueError("the axes belong to no figure")
    return figure


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
    figure_of(ax).tight_layout()
    return ax


def objection_success_chart(ax: Axes | None = None) -> Axes:
    """002 §4.3.1: deals closed 64 % when the customer raised objections, 54 % when not."""
    return bar_chart(["客户提出异议", "客户没有异议"], [64, 54], title="异议与成交率(002 §4.3.1)",
                     ylabel="成交率(%)", value_format="{:g}%", colors=["#3b6ea5", "#a5a5a5"], ax=ax)
