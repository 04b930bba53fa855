"""Build-time figures for the value-added sales chapter (增值业务, seed 003).

- :func:`process_diagram` draws the twelve-step service-centre process; the step names come
  from the knowledge-base note ``va-process`` (003 二), so diagram and text cannot drift apart.
- :func:`results_chart` draws the results table of 003 五(一) from :data:`RESULTS`.

Imports matplotlib only inside the functions.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from playbook import kb
from playbook.fonts import use_chinese_font
from playbook.views.plotting import bar_chart

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: 003 五(一): the year before the change and the two years after (July–June each).
PERIODS = ("实施前一年", "实施后第一年", "实施后第二年")
#: 003 五(一) results table; 万元 for money, % of new users for the share.
RESULTS = {
    "agency_fee": (117, 267, 386),        # 燃气保险代理费收入,万元
    "appliance_sales": (861, 1869, 2859),  # 燃气具销售收入,万元
    "share_buying_at_centre": (9, 13, 19),  # 到客服中心购买燃气具的用户比例,%
}
#: Year-on-year growth as printed in the seed (%), for the two years after the change.
SEED_GROWTH = {"agency_fee": (129.7, 44.5), "appliance_sales": (117.1, 53.0)}

# Where each step sits (column, row) and which stage it belongs to.
_POSITIONS = {1: (0, 0), 2: (1, 0), 3: (2, 0), 4: (3, 0),
              5: (3, 1), 6: (2, 1), 7: (1, 1), 8: (0, 1),
              9: (0, 2), 11: (1.55, 2), 12: (3, 2), 10: (0, 3)}
_STAGES = {"准备与通知(第 1–4 步)": ((1, 2, 3, 4), "#dfe7f1"),
           "签约与保险(第 5–7 步)": ((5, 6, 7), "#f6dcc0"),
           "燃气具销售与跟进(第 8–12 步)": ((8, 9, 10, 11, 12), "#d6e9d0")}


def _box_text(number: int, label: str) -> str:
    return f"{number}. " + label.replace(",", "\n")


def process_diagram() -> Figure:
    """The twelve steps of 003 二 as boxes and arrows, coloured by stage."""
    use_chinese_font()
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch, Patch

    steps = kb.load().get_as("va-process", kb.Note).details
    labels = {i + 1: d.label for i, d in enumerate(steps)}
    colour = {n: c for numbers, c in _STAGES.values() for n in numbers}

    fig, ax = plt.subplots(figsize=(7, 4.6), dpi=110)
    dx, dy, w, h = 1.8, 1.05, 1.5, 0.66
    boxes = {}
    for n, (col, row) in _POSITIONS.items():
        x, y = col * dx, -row * dy
        box = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                             facecolor=colour[n], edgecolor="#555555", linewidth=0.9)
        ax.add_patch(box)
        ax.text(x, y, _box_text(n, labels[n]), ha="center", va="center", fontsize=8.5)
        boxes[n] = (box, (x, y))

    def arrow(a: int, b: int, text: str = "", dashed: bool = False, below: bool = False) -> None:
        (pa, ca), (pb, cb) = boxes[a], boxes[b]
        ax.annotate("", xy=cb, xytext=ca,
                    arrowprops=dict(arrowstyle="-|>", color="#333333", lw=1.0, patchA=pa, patchB=pb,
                                    shrinkA=1, shrinkB=1, linestyle="--" if dashed else "-"))
        if text:
            mx, my = (ca[0] + cb[0]) / 2, (ca[1] + cb[1]) / 2
            ax.text(mx, my - 0.12 if below else my + 0.09, text, ha="center",
                    va="top" if below else "bottom", fontsize=8, color="#333333")

    for a, b in [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (8, 9)]:
        arrow(a, b)
    arrow(9, 11, "未当场购买")
    arrow(11, 12)
    arrow(9, 10)
    ax.text(boxes[9][1][0] + 0.1, (boxes[9][1][1] + boxes[10][1][1]) / 2, "当场购买",
            ha="left", va="center", fontsize=8, color="#333333")
    arrow(12, 10, "回访后回店购买", dashed=True, below=True)

    ax.set_xlim(-w / 2 - 0.1, 3 * dx + w / 2 + 0.1)
    ax.set_ylim(-3 * dy - h / 2 - 0.1, h / 2 + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.legend(handles=[Patch(facecolor=c, edgecolor="#555555", label=name)
                       for name, (_, c) in _STAGES.items()],
              loc="lower right", fontsize=8, frameon=False)
    ax.set_title("新居民用户到客服中心签约的十二步流程(003 二)", fontsize=11)
    fig.tight_layout()
    return fig


def results_chart() -> Figure:
    """Three panels: agency fees, appliance sales (万元) and share of users buying at the centre."""
    use_chinese_font()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(7, 3.1), dpi=110)
    short = ["实施前\n一年", "实施后\n第一年", "实施后\n第二年"]
    specs = [("agency_fee", "保险代理费收入", "万元", "{:g}", "#e08a2c"),
             ("appliance_sales", "燃气具销售收入", "万元", "{:g}", "#7aa974"),
             ("share_buying_at_centre", "到客服中心购买\n燃气具的用户比例", "%", "{:g}%", "#3b6ea5")]
    for ax, (key, title, unit, fmt, c) in zip(axes, specs, strict=True):
        bar_chart(short, list(RESULTS[key]), title=title, ylabel=unit, value_format=fmt,
                  colors=[c] * 3, ax=ax)
        ax.title.set_fontsize(9.5)
        ax.tick_params(axis="x", labelsize=8)
    fig.suptitle("签约方式调整前后的增值业务业绩(003 五(一))", fontsize=11)
    fig.tight_layout()
    return fig
