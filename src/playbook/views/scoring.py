"""观察员评分 (observer scoring): an ipywidgets view over :func:`playbook.trainer.roleplay.score_round`.

One checkbox per check of the round's observer card, grouped by skill; notes, an optional
overall rating and a save button. Saving scores the round with the engine, hands the
:class:`~playbook.trainer.roleplay.ScoreSheet` to ``save`` (e.g. a records store's save; without one the
sheets are kept in ``panel.saved``) and shows the score and why. Bad input and a failing save
show a Chinese message, never a traceback. No business logic here.

Usage in a notebook::

    from playbook.trainer import roleplay
    from playbook.views.scoring import scoring_panel
    plan = roleplay.plan_session(["张三", "李四", "王五"], seed=7)
    scoring_panel(plan.cards[0])
"""
from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as w

from playbook.trainer import roleplay as engine
from playbook.errors import PlaybookInputError
from playbook.views.common import panel_layout

__all__ = ["ScoringPanel", "scoring_panel", "explanation_html"]

_OK = "#1a7f37"
_BAD = "#b42318"
_ERROR_CSS = f"color:{_BAD};background:#fdecea;padding:6px 10px;border-radius:4px"


def _e(text: object) -> str:
    return html.escape(str(text)).replace("\n", "<br>")


def explanation_html(result: engine.Explanation) -> str:
    """The round's score as HTML: total, per skill, then each check ✓/✗ with why and source."""
    skills = "".join(f"<li>{_e(engine.SKILLS[s])}:{p}/{n}</li>" for s, (p, n) in result.by_skill.items())
    rows = []
    for c in result.checks:
        mark, color = ("✓", _OK) if c.passed else ("✗", _BAD)
        why = (f"<br><span style='color:#555;font-size:0.9em'>{_e(c.why)}"
               f"(来源:{_e(';'.join(c.source))})</span>") if c.why else ""
        rows.append(f"<li style='list-style:none'><b style='color:{color}'>{mark}</b> {_e(c.label)}{why}</li>")
    extra = (f"<p>总体评价:{result.rating} 分(1–5)</p>" if result.rating is not None else "")
    extra += f"<p>备注:{_e(result.notes)}</p>" if result.notes else ""
    return (f"<p><b>客户经理 {_e(result.trainee)}:通过 {result.passed}/{result.total} 项"
            f"({result.score:.0%})</b> · 观察员 {_e(result.observer)}</p>"
            f"<ul>{skills}</ul><ul style='padding-left:0.5em'>{''.join(rows)}</ul>{extra}")


class ScoringPanel(w.VBox):
    """The observer's form for one round. ``checks`` maps check id → Checkbox; ``observer``,
    ``notes``, ``rating`` and ``save_button`` are attributes so a test can drive it. ``sheet``
    holds the latest saved sheet, ``error`` the latest message, ``saved`` the sheets kept when
    no ``save`` callable is given."""

    def __init__(self, card: engine.RoundCard, *, save: Callable[[engine.ScoreSheet], object] | None = None,
                 observer: str = "", **kwargs: Any) -> None:
        self.card = card
        self._save = save
        self.saved: list[engine.ScoreSheet] = []
        self.sheet: engine.ScoreSheet | None = None
        self.error: str | None = None
        self.observer = w.Text(value=observer or card.observers[0], description="观察员",
                               style={"description_width": "5em"}, layout=w.Layout(width="20em"))
        self.checks: dict[str, w.Checkbox] = {}
        parts: list[w.Widget] = []
        for skill, checks in card.observer_card.by_skill().items():
            parts.append(w.HTML(f"<b>{_e(engine.SKILLS[skill])}</b>"))
            for c in checks:
                box = w.Checkbox(value=False, description=c.label, indent=False,
                                 tooltip=c.why, style={"description_width": "initial"},
                                 layout=w.Layout(width="100%"))
                self.checks[c.id] = box
                parts.append(box)
        self.notes = w.Textarea(placeholder="备注:做得好的地方、要改进的地方……",
                                layout=w.Layout(width="100%", height="4em"))
        lo, hi = engine.RATING_RANGE
        self.rating = w.Dropdown(options=[("不打分", 0), *((f"{i} 分", i) for i in range(lo, hi + 1))],
                                 value=0, description="总体评价", style={"description_width": "5em"},
                                 layout=w.Layout(width="14em"))
        self.save_button = w.Button(description="保存评分", button_style="primary")
        self.feedback = w.HTML()
        self.save_button.on_click(lambda _: self.submit())
        title = (f"<b>第 {card.round_no} 轮 · 第 {card.group_no} 组</b> · 客户经理 {_e(card.salesperson)}"
                 f"(客户由 {_e(card.customer)} 扮演)")
        super().__init__([w.HTML(title), self.observer, *parts, self.notes, self.rating,
                          self.save_button, self.feedback], layout=panel_layout(), **kwargs)

    def ticked(self) -> list[str]:
        """Ids of the ticked checks."""
        return [cid for cid, box in self.checks.items() if box.value]

    def _fail(self, message: str) -> None:
        self.error = message
        self.feedback.value = f"<div style='{_ERROR_CSS}'>{_e(message)}</div>"

    def submit(self) -> engine.ScoreSheet | None:
        """Score the round, save it, show the score and why (or a Chinese message)."""
        try:
            sheet = engine.score_round(self.card, self.ticked(), observer=self.observer.value,
                                       notes=self.notes.value, rating=self.rating.value or None,
                                       scored_at=datetime.now().astimezone())
        except PlaybookInputError as err:
            self._fail(f"无法评分:{err.message}")
            return None
        shown = explanation_html(engine.explain(sheet, self.card))
        try:
            if self._save is None:
                self.saved.append(sheet)
            else:
                self._save(sheet)
        except PlaybookInputError as err:
            self._fail(f"评分未保存:{err.message}")
            self.feedback.value += shown
            return None
        except Exception as err:  # noqa: BLE001 - any store failure becomes a message, not a traceback
            self._fail(f"评分未保存:{err or type(err).__name__}。请检查记录库后再点“保存评分”。")
            self.feedback.value += shown
            return None
        self.sheet, self.error = sheet, None
        self.feedback.value = f"<p style='color:{_OK}'><b>已保存。</b></p>{shown}"
        return sheet


def scoring_panel(card: engine.RoundCard, *, save: Callable[[engine.ScoreSheet], object] | None = None,
                  observer: str = "") -> ScoringPanel:
    """The observer's scoring form for one round card (see :class:`ScoringPanel`)."""
    return ScoringPanel(card, save=save, observer=observer)
