"""A saved score sheet as an HTML fragment (the records store's view); every text is escaped."""
from __future__ import annotations

import html

from playbook.trainer.roleplay import RATING_RANGE, SKILLS, ScoreSheet

__all__ = ["sheet_html"]


def sheet_html(sheet: ScoreSheet) -> str:
    """A score sheet as an HTML fragment; every text from the sheet is escaped."""
    e = lambda value: html.escape(str(value), quote=True)  # noqa: E731
    rating = "—" if sheet.rating is None else f"{sheet.rating} / {RATING_RANGE[1]}"
    when = "—" if sheet.scored_at is None else sheet.scored_at.strftime("%Y-%m-%d %H:%M %Z").strip()
    rows = "".join(
        f'<tr class="{"pass" if m.passed else "fail"}"><td>{"✓" if m.passed else "✗"}</td>'
        f"<td>{e(SKILLS.get(m.skill, m.skill))}</td><td>{e(m.label)}</td></tr>"
        for m in sheet.marks)
    notes = e(sheet.notes).replace("\n", "<br>") if sheet.notes else "—"
    return (
        '<div class="playbook-scoresheet">'
        f"<h4>{e(sheet.session)} · 第 {e(sheet.round_no)} 轮 · {e(sheet.trainee)}</h4>"
        "<dl>"
        f"<dt>观察员</dt><dd>{e(sheet.observer)}</dd>"
        f"<dt>场景卡</dt><dd>{e(sheet.scenario_id)}</dd>"
        f"<dt>通过</dt><dd>{sheet.passed} / {len(sheet.marks)}</dd>"
        f"<dt>总体印象</dt><dd>{e(rating)}</dd>"
        f"<dt>评分时间</dt><dd>{e(when)}</dd>"
        "</dl>"
        f"<table><thead><tr><th>结果</th><th>技能</th><th>检查项</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>备注:{notes}</p>"
        "</div>"
    )
