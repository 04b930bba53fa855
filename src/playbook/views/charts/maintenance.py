"""Build-time figures for the customer-maintenance chapters (客户维护、客情关系).

The numbers come from the knowledge base (``visit_cadence``, 004 增进客情 第 1–3 条), so the
chart and the tables in the book always agree. Imports matplotlib only inside the functions.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from playbook import kb
from playbook.fonts import use_chinese_font
from playbook.views.plotting import figure_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Chinese label of each channel, in the order the chart shows them.
CHANNEL_LABELS = {"on_site": "上门拜访", "phone": "电话拜访", "message": "短信、QQ 等"}
CHANNEL_COLORS = {"on_site": "#3b6ea5", "phone": "#e08a2c", "message": "#7aa974"}
CLASSES = ("A", "B", "C")


def cadence_table(base: kb.KnowledgeBase | None = None) -> dict[str, dict[str, int]]:
    """Contacts per month: ``{channel: {"A": n, "B": n, "C": n}}`` from ``visit_cadence``."""
    base = base or kb.load()
    return {
        item.channel: {"A": item.per_month_a, "B": item.per_month_b, "C": item.per_month_c}
        for item in base.visit_cadence
    }


def cadence_chart(ax: Axes | None = None) -> Axes:
    """Grouped bars: contacts per month by channel for A/B/C customers (004 第 1–3 条)."""
    use_chinese_font()
    import matplotlib.pyplot as plt

    table = cadence_table()
    channels = [c for c in CHANNEL_LABELS if c in table]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6), dpi=110)
    width = 0.8 / len(channels)
    for i, channel in enumerate(channels):
        xs = [k + (i - (len(channels) - 1) / 2) * width for k in range(len(CLASSES))]
        values = [table[channel][c] for c in CLASSES]
        bars = ax.bar(xs, values, width=width * 0.92, color=CHANNEL_COLORS[channel],
                      label=CHANNEL_LABELS[channel])
        ax.bar_label(bars, labels=[str(v) for v in values], padding=2, fontsize=9)
    totals = [sum(table[ch][c] for ch in channels) for c in CLASSES]
    ax.set_xticks(range(len(CLASSES)),
                  [f"{c} 类客户\n(每月合计 {t} 次)" for c, t in zip(CLASSES, totals, strict=True)])
    ax.set_ylabel("每月次数(次)")
    ax.set_ylim(0, max(max(v.values()) for v in table.values()) * 1.25)
    ax.set_title("A/B/C 类客户每月联系次数(004 增进客情 第 1–3 条)")
    ax.legend(frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    figure_of(ax).tight_layout()
    return ax


def monthly_workload(customers: dict[str, int], base: kb.KnowledgeBase | None = None) -> dict[str, int]:
    """Contacts per month by channel for a portfolio, e.g. ``{"A": 3, "B": 6, "C": 10}``.

    Returns ``{channel: total contacts per month}``; classes missing from ``customers`` count 0.
    """
    table = cadence_table(base)
    return {channel: sum(per_class[c] * customers.get(c, 0) for c in CLASSES)
            for channel, per_class in table.items()}
