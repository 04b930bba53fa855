"""Chart of the delivery-loss audit (:func:`playbook.engines.loss.audit`): excess loss by driver."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from playbook.engines.loss import AuditResult
from playbook.errors import PlaybookInputError
from playbook.normalize import require_int
from playbook.fonts import use_chinese_font
from playbook.views.plotting import figure_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["driver_loss_chart"]


def driver_loss_chart(result: AuditResult, *, ax: Axes | None = None, top: int = 40) -> Axes:
    """Bar chart: mean excess loss (‰ over the GB/T 11085 allowance) by driver, flagged in red.

    Shows the ``top`` drivers with the highest mean (all if fewer), the peer median and the
    flagging line (median + z_threshold × spread). Horizontal bars, highest first: driver names
    read level at a normal size however many drivers there are (the figure grows in height).
    """
    if not isinstance(result, AuditResult):
        raise PlaybookInputError("result", code="wrong_type", label="", expected="传入 audit() 的结果", received=result)
    top = require_int(top, "top", "显示的司机人数(top)", 1, 10_000)
    use_chinese_font()
    import matplotlib.pyplot as plt

    data = result.by_driver.sort_values("mean_excess_permille", ascending=False).head(top)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.8, max(3.2, 1.6 + 0.24 * len(data))), dpi=110)
    colors = ["#c0392b" if f else "#3b6ea5" for f in data["flagged"]]
    ax.barh(range(len(data)), data["mean_excess_permille"], color=colors, height=0.7)
    ax.set_yticks(range(len(data)))
    ax.set_yticklabels(list(data.index), fontsize=9)
    ax.invert_yaxis()  # the highest first
    med, scale = result.peer_median_excess_permille, result.peer_scale_permille
    if math.isfinite(med):
        ax.axvline(med, color="#555555", linewidth=1, linestyle="--", label=f"同行中位数 {med:.2f}‰")
        if math.isfinite(scale):
            line = med + result.z_threshold * scale
            ax.axvline(line, color="#c0392b", linewidth=1, linestyle=":",
                       label=f"预警线（稳健 z = {result.z_threshold:g}）")
    ax.axvline(0.0, color="black", linewidth=0.6)
    ax.set_xlabel("平均超定额损耗（‰）")
    ax.set_title("各司机平均损耗（扣除 GB/T 11085 运输定额；红色 = 预警）", fontsize=10)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    figure_of(ax).tight_layout()
    return ax
