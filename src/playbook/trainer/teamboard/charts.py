"""The dashboard's charts (matplotlib, the bundled Chinese font); each returns a closed Figure."""
from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from playbook.normalize import printable
from playbook.trainer.roleplay.score_sheet import SKILLS, ScoreSheet
from playbook.trainer.teamboard.suggestions import _pct
from playbook.trainer.teamboard.tables import (
    OVERALL,
    SKILL_COLORS,
    _check_sheets,
    _known_trainee,
    _marks_of,
    _rates,
    _session_order,
    progress_table,
    skill_table,
    weakest_checks,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure



# --------------------------------------------------------------------------- charts
def _pyplot() -> Any:
    from playbook.fonts import use_chinese_font

    use_chinese_font()
    import matplotlib.pyplot as plt

    return plt


def _finish(fig: Figure, plt: Any) -> Figure:
    """Tight layout and close in pyplot: the returned figure is shown once (as a cell's value)."""
    fig.tight_layout()
    plt.close(fig)
    return fig


def _wrap(text: str, width: int) -> str:
    """Text for a chart label: printable (see :func:`playbook.normalize.printable`), wrapped."""
    text = printable(text)
    return "\n".join(textwrap.wrap(text, width)) or text


def _style_percent_axis(ax: Any, *, top: float = 112) -> None:
    ax.set_ylim(0, top)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("通过率(%)")
    ax.spines[["top", "right"]].set_visible(False)


def _percent_label(value: float) -> str:
    return "未评" if math.isnan(value) else f"{value * 100:.0f}%"


def skill_chart(sheets: Sequence[ScoreSheet], trainee: str | None = None) -> Figure:
    """Share of checks passed per skill (0–100 %): grouped bars per trainee, or one trainee's
    bars with the team average marked."""
    items = _check_sheets(sheets)
    table = skill_table(items)
    plt = _pyplot()
    labels = list(SKILLS.values())
    if trainee is not None:
        name = _known_trainee(items, trainee)
        fig, ax = plt.subplots(figsize=(5.8, 3.6), dpi=110)
        values = [table.loc[name, s] for s in SKILLS]
        bars = ax.bar(labels, [0 if math.isnan(v) else v * 100 for v in values], color="#3b6ea5", width=0.55)
        ax.bar_label(bars, labels=[_percent_label(v) for v in values], padding=3)
        team = _rates(_marks_of(items))
        ax.scatter(labels, [math.nan if math.isnan(team[s]) else team[s] * 100 for s in SKILLS],
                   marker="_", s=900, linewidths=2, color="#c0392b", zorder=3, label="团队平均")
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), markerscale=0.4)
        ax.set_title(f"{_wrap(name, 40)} 各技能通过率")
    else:
        names = list(table.index)
        fig, ax = plt.subplots(figsize=(max(5.8, 1.6 * len(names) + 2), 3.8), dpi=110)
        width = 0.8 / len(SKILLS)
        for i, (skill, label) in enumerate(SKILLS.items()):
            values = list(table[skill])
            xs = [k + (i - (len(SKILLS) - 1) / 2) * width for k in range(len(names))]
            bars = ax.bar(xs, [0 if math.isnan(v) else v * 100 for v in values], width=width * 0.95,
                          color=SKILL_COLORS[i % len(SKILL_COLORS)], label=label)
            ax.bar_label(bars, labels=[_percent_label(v) for v in values], padding=2, fontsize=6.5)
        ax.set_xticks(range(len(names)), labels=[_wrap(n, 12) for n in names])
        ax.legend(frameon=False, fontsize=8, ncol=len(SKILLS), loc="upper center",
                  bbox_to_anchor=(0.5, -0.1))
        ax.set_title("各学员技能通过率")
    _style_percent_axis(ax)
    return _finish(fig, plt)


def progress_chart(sheets: Sequence[ScoreSheet], trainee: str | None = None) -> Figure:
    """Share of checks passed over the sessions (in the order held): one line per trainee
    (overall), or one trainee's overall and per-skill lines."""
    items = _check_sheets(sheets)
    table = progress_table(items)
    sessions = [s for s, _ in _session_order(items)]
    where = {s: i for i, s in enumerate(sessions)}
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(max(5.8, 1.1 * len(sessions) + 2.5), 3.8), dpi=110)
    if trainee is not None:
        name = _known_trainee(items, trainee)
        mine = table[table["trainee"] == name]
        xs = [where[s] for s in mine["session"]]
        for i, (skill, label) in enumerate(SKILLS.items()):
            ax.plot(xs, mine[skill] * 100, marker="o", linewidth=1, linestyle="--",
                    color=SKILL_COLORS[i % len(SKILL_COLORS)], label=label)
        ax.plot(xs, mine[OVERALL] * 100, marker="o", linewidth=2.4, color="#222222", label="总体")
        ax.set_title(f"{_wrap(name, 40)} 各场次通过率")
    else:
        for name, rows in table.groupby("trainee", sort=True):
            ax.plot([where[s] for s in rows["session"]], rows[OVERALL] * 100, marker="o", linewidth=1.8,
                    label=_wrap(str(name), 20))
        ax.set_title("各学员总体通过率(按场次)")
    ax.set_xticks(range(len(sessions)), labels=[_wrap(s, 10) for s in sessions])
    ax.set_xlim(-0.5, len(sessions) - 0.5)
    ax.set_xlabel("场次(按时间先后)")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _style_percent_axis(ax, top=105)
    return _finish(fig, plt)


def weak_checks_chart(sheets: Sequence[ScoreSheet], n: int = 5, *, min_count: int = 2) -> Figure:
    """Horizontal bars: the team's ``n`` weakest checks (see :func:`weakest_checks`), weakest on top."""
    table = weakest_checks(sheets, n, min_count=min_count)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.6 * max(len(table), 2) + 1.3), dpi=110)
    if table.empty:
        ax.text(0.5, 0.5, f"没有被检查过 {min_count} 次以上的检查项", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
    else:
        ys = range(len(table))
        ax.barh(ys, table["rate"] * 100, color="#c0392b", height=0.6)
        for y, row in zip(ys, table.itertuples(), strict=True):
            ax.text(row.rate * 100 + 1.5, y, f"{row.passed}/{row.total} {_pct(row.rate)}  {row.skill_label}",
                    va="center", fontsize=8)
        ax.set_yticks(list(ys), labels=[_wrap(label, 16) for label in table["label"]])
        ax.invert_yaxis()
        ax.set_xlim(0, 130)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel("通过率(%)")
        ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("团队最薄弱的检查项")
    return _finish(fig, plt)
