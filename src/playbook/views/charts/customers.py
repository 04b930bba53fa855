"""Build-time figures for the chapter on choosing and grading customers (选择与分级客户).

:func:`customer_pyramid` draws the 客户金字塔 of 002 §4.4.2. The layers come from the
knowledge-base note ``cust-pyramid`` (its ``details``, top layer first), so the figure and the
text of the chapter cannot drift apart. The seed is cut off in the middle of the second layer;
the figure shows the two layers it gives and marks the rest as missing instead of inventing it.

Imports matplotlib only inside the functions.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from playbook import kb
from playbook.fonts import use_chinese_font

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

PYRAMID_NOTE = "cust-pyramid"

#: Short captions for the figure, keyed by layer name (the full text is in the knowledge base).
CAPTIONS = {
    "重要客户": "也称 VIP 客户:能给企业带来最大价值的\n前 1% 的客户;其多少决定企业的市场竞争地位",
    "主要客户": "大量或中度使用者;对价格的敏感度比较高,\n创造的利润和价值没有重要客户高",
}
#: Fill colours from the top layer down.
COLOURS = ("#c0392b", "#e08a2c")
MISSING_LABEL = "其余层次\n(材料在此中断,未给出)"


def pyramid_layers(base: kb.KnowledgeBase | None = None) -> list[tuple[str, str]]:
    """The layers the seed gives, top first: ``[(name, description), …]`` from ``cust-pyramid``."""
    base = base or kb.load()
    note = base.get_as(PYRAMID_NOTE, kb.Note)
    return [(d.label, d.text) for d in note.details]


def customer_pyramid() -> Figure:
    """The customer pyramid of 002 §4.4.2: the two layers the seed describes, the rest greyed out."""
    use_chinese_font()
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    layers = pyramid_layers()
    fig, ax = plt.subplots(figsize=(6.8, 4.2), dpi=110)
    height, half_base = 1.0, 0.62
    # Band boundaries (fractions of the height, from the apex down): the given layers, then the gap.
    bounds = [1.0, 0.68, 0.44, 0.0]

    def half_width(y: float) -> float:
        return half_base * (1 - y / height)

    def band(y_top: float, y_bottom: float) -> list[tuple[float, float]]:
        return [(-half_width(y_bottom), y_bottom), (half_width(y_bottom), y_bottom),
                (half_width(y_top), y_top), (-half_width(y_top), y_top)]

    for i, (name, _) in enumerate(layers):
        y_top, y_bottom = bounds[i], bounds[i + 1]
        ax.add_patch(Polygon(band(y_top, y_bottom), closed=True, facecolor=COLOURS[i % len(COLOURS)],
                             edgecolor="white", linewidth=1.5))
        y_mid = y_bottom + 0.07 if i == 0 else (y_top + y_bottom) / 2
        ax.text(0, y_mid, name, ha="center", va="center", color="white",
                fontsize=10 if i == 0 else 11)
        caption = CAPTIONS.get(name, "")
        if caption:
            x_edge = half_width(y_mid) + 0.01
            ax.annotate(caption, xy=(x_edge, y_mid), xytext=(0.62, y_mid), fontsize=8.5,
                        va="center", ha="left",
                        arrowprops={"arrowstyle": "-", "color": "#777777", "linewidth": 0.8})
    # What the seed leaves out: shown, but marked as missing.
    y_top, y_bottom = bounds[len(layers)], bounds[-1]
    ax.add_patch(Polygon(band(y_top, y_bottom), closed=True, facecolor="#eeeeee",
                         edgecolor="#999999", linewidth=1.0, linestyle="--", hatch="//"))
    ax.text(0, (y_top + y_bottom) / 2, MISSING_LABEL, ha="center", va="center",
            fontsize=9.5, color="#555555",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#bbbbbb"})
    # Value axis: the higher the layer, the more value the customers bring.
    ax.annotate("", xy=(-0.80, 0.98), xytext=(-0.80, 0.02),
                arrowprops={"arrowstyle": "->", "color": "#3b6ea5", "linewidth": 1.4})
    ax.text(-0.86, 0.5, "给企业带来的价值越高", rotation=90, ha="center", va="center",
            fontsize=9, color="#3b6ea5")
    ax.set_xlim(-0.95, 1.55)
    ax.set_ylim(-0.04, 1.06)
    ax.set_aspect("auto")
    ax.axis("off")
    ax.set_title("“客户金字塔”分级模型(002 §4.4.2;材料只给出最上面两层)", fontsize=11)
    fig.tight_layout()
    return fig
