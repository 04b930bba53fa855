"""Chart of a two-month sales forecast (:func:`playbook.engines.forecast.two_month_forecast`):
grouped bars by item, one group per month, coloured by forecast type. matplotlib inside."""
from __future__ import annotations

from typing import TYPE_CHECKING

from playbook.fonts import use_chinese_font
from playbook.views.plotting import figure_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes


def forecast_chart(result: pd.DataFrame, *, unit: str = "", ax: Axes | None = None) -> Axes:
    """Bars of the forecast by item (all regions summed) for each month."""
    use_chinese_font()
    import matplotlib.pyplot as plt

    table = result.groupby(["月份", "品项"])["预估"].sum().unstack("品项")
    kinds = result.drop_duplicates("月份").set_index("月份")["预估类型"]
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.4), dpi=110)
    items = list(table.columns)
    width = 0.8 / max(1, len(table.index))
    colours = ("#e08a2c", "#3b6ea5", "#7aa55c", "#a5a5a5")
    for k, month in enumerate(table.index):
        xs = [i + (k - (len(table.index) - 1) / 2) * width for i in range(len(items))]
        bars = ax.bar(xs, table.loc[month], width=width * 0.95, color=colours[k % len(colours)],
                      label=f"{month}({kinds[month]})")
        ax.bar_label(bars, labels=[f"{v:,.1f}" for v in table.loc[month]], padding=2, fontsize=8)
    ax.set_xticks(range(len(items)), items)
    ax.set_ylabel(f"预估销量{unit}")
    ax.set_title("未来两个月的销售预估(各区域合计)")
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    figure_of(ax).tight_layout()
    return ax
