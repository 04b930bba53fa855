"""Build-time figures for the etiquette chapter (商务礼仪, seed 001 基础篇(五)).

- :func:`seating_chart` draws the banquet seating of 001 基础篇(五)4.3: the host (邀请人) sits
  in the middle of the side farthest from the door, the assistant opposite; 主宾/副主宾 sit on
  the host's right/left, the third/fourth guests on the assistant's right/left.

"Right" and "left" are the seated person's own, facing the table. The host faces the door, so
the host's right is the viewer's left; the assistant faces away from the door, so the
assistant's right is the viewer's right. :data:`SEATS` encodes that once.

Imports matplotlib only inside the function.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from playbook.fonts import use_chinese_font

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: Seat label, angle on the table in degrees (90 = top, far from the door), fill colour.
SEATS: tuple[tuple[str, float, str], ...] = (
    ("主座\n邀请人", 90, "#e08a2c"),
    ("主宾", 150, "#3b6ea5"),     # host's right hand = viewer's left
    ("副主宾", 30, "#6f96c4"),    # host's left hand = viewer's right
    ("助理", 270, "#7aa974"),
    ("第三位", 330, "#a9c7e3"),   # assistant's right hand = viewer's right
    ("第四位", 210, "#a9c7e3"),   # assistant's left hand = viewer's left
)


def seating_chart() -> Figure:
    """The six seats of 001 基础篇(五)4.3 around a round table, with the door at the bottom."""
    use_chinese_font()
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

    fig, ax = plt.subplots(figsize=(6.4, 5.6), dpi=110)
    ax.add_patch(Circle((0, 0), 1.0, facecolor="#f3efe6", edgecolor="#8a7a5c", linewidth=1.2))
    ax.text(0, 0, "餐桌", ha="center", va="center", fontsize=11, color="#8a7a5c")

    radius, w, h = 1.52, 0.78, 0.5
    for label, angle, colour in SEATS:
        x, y = radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle))
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h,
                                    boxstyle="round,pad=0.02,rounding_size=0.1",
                                    facecolor=colour, edgecolor="#444444", linewidth=0.9))
        ax.text(x, y, label, ha="center", va="center", fontsize=9.5,
                color="white" if colour in ("#e08a2c", "#3b6ea5", "#7aa974") else "#222222")

    # the door, below the assistant
    ax.add_patch(Rectangle((-0.45, -2.62), 0.9, 0.14, facecolor="#8a7a5c", edgecolor="none"))
    ax.text(0, -2.72, "门口", ha="center", va="top", fontsize=10)

    note: dict[str, Any] = {"fontsize": 8.5, "color": "#333333"}
    ax.annotate("距离门口最远的正中央,\n由邀请人(埋单的人)就座", xy=(0.42, 1.55), xytext=(1.25, 2.2),
                ha="left", va="center", arrowprops=dict(arrowstyle="-", color="#777777", lw=0.8), **note)
    ax.annotate("主座的对面", xy=(-0.42, -1.55), xytext=(-1.9, -2.2), ha="center", va="center",
                arrowprops=dict(arrowstyle="-", color="#777777", lw=0.8), **note)
    ax.text(-2.3, 0.2, "邀请人的右侧:主宾\n助理的左侧:第四位", ha="center", va="center", **note)
    ax.text(2.3, 0.2, "邀请人的左侧:副主宾\n助理的右侧:第三位", ha="center", va="center", **note)
    ax.text(0, -3.15, "左、右均以就座者本人面向餐桌时的方向为准:\n邀请人面向门口,他的右手边在图的左侧;助理背向门口,他的右手边在图的右侧。",
            ha="center", va="top", fontsize=8, color="#555555")

    ax.set_xlim(-3.2, 3.2)
    ax.set_ylim(-3.75, 2.55)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("商务宴请的座次(001 基础篇(五)4.3)", fontsize=12)
    fig.tight_layout()
    return fig
