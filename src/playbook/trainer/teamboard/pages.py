"""The dashboard as HTML: summary tables, charts as PNG, next drills, self-study, the page."""
from __future__ import annotations

import base64
import html
import io
import math
import os
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from playbook.engines import drills, practice
from playbook.errors import PlaybookInputError
from playbook.fonts import FONT_FILE
from playbook.trainer.roleplay.score_sheet import SKILLS, ScoreSheet
from playbook.trainer.teamboard.charts import (
    progress_chart,
    skill_chart,
    weak_checks_chart,
)
from playbook.trainer.teamboard.exports import export_csv, export_xlsx
from playbook.trainer.teamboard.options import dialogue_choices_html, option_choices_html
from playbook.trainer.teamboard.suggestions import _COLOUR_WORD, _pct, suggest_next
from playbook.trainer.teamboard.tables import (
    LABELS,
    OVERALL,
    _check_count,
    _check_sheets,
    _session_order,
    _time_key,
    _weakest,
    skill_table,
)
from playbook.typography import html_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from playbook.kb import KnowledgeBase


# --------------------------------------------------------------------------- HTML
_CSS = """
.pb-dashboard table { border-collapse: collapse; margin: 0.3em 0 1em; font-size: 0.9em; }
.pb-dashboard th, .pb-dashboard td { border: 1px solid #bbb; padding: 2px 8px; }
.pb-dashboard th { background: #f2f2f2; text-align: left; }
.pb-dashboard td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pb-dashboard td.low { color: #a61b1b; font-weight: 600; }
"""
#: Pass rates below this are highlighted in the HTML summary.
LOW_RATE = 0.6


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[tuple[str, str]]]) -> str:
    """Rows of (text, css class) cells; every text escaped."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="{e(cls)}">{e(text)}</td>' if cls else f"<td>{e(text)}</td>"
                                    for text, cls in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _rate_cell(rate: float) -> tuple[str, str]:
    if math.isnan(rate):
        return "—", "num"
    return _pct(rate), "num low" if rate < LOW_RATE else "num"


def summary_html(sheets: Sequence[ScoreSheet], *, n: int = 5, notes: int = 10) -> str:
    """A compact HTML summary for notebooks: skill table, weakest checks, latest notes.

    Every text (names, labels, notes) is HTML-escaped. ``notes``: how many of the latest
    non-empty observer notes to show.
    """
    items = _check_sheets(sheets)
    _check_count(n, "n", "检查项数量")
    if isinstance(notes, bool) or not isinstance(notes, int) or notes < 0:
        raise PlaybookInputError("notes", code="not_integer", label="评语条数", kind="非负", received=notes)
    skills = skill_table(items)
    names = list(skills.index)
    parts = [f'<div class="pb-dashboard"><style>{_CSS}</style>',
             f"<p>{len(names)} 名学员,{len(_session_order(items))} 场,{len(items)} 轮评分</p>",
             "<h4>各技能通过率</h4>",
             _html_table([LABELS["trainee"], *SKILLS.values(), LABELS[OVERALL], LABELS["rounds"]],
                         [[(name, ""), *(_rate_cell(skills.loc[name, s]) for s in (*SKILLS, OVERALL)),
                           (str(int(skills.loc[name, "rounds"])), "num")] for name in names])]
    weakest = _weakest(items, n, 2)
    parts.append("<h4>团队最薄弱的检查项</h4>")
    if weakest:
        parts.append(_html_table(["检查项", "技能", "通过/检查", "通过率"],
                                 [[(w["label"], ""), (w["skill_label"], ""), (f"{w['passed']}/{w['total']}", "num"),
                                   _rate_cell(w["rate"])] for w in weakest]))
    else:
        parts.append("<p>还没有被检查过 2 次以上的检查项。</p>")
    noted = sorted((s for s in items if s.notes.strip()), key=lambda s: _time_key(s.scored_at))
    noted = noted[len(noted) - notes:] if notes else []
    if noted:
        parts.append("<h4>最近的评语</h4>")
        parts.append(_html_table(["场次", "轮次", "学员", "观察员", "评语"],
                                 [[(s.session, ""), (str(s.round_no), "num"), (s.trainee, ""),
                                   (s.observer, ""), (s.notes, "")] for s in reversed(noted)]))
    parts.append("</div>")
    return "".join(parts)


#: How many suggested drill questions to list per trainee.
SUGGESTION_SIZE = 5
_t = html_text

#: ``(item id, family) → URL of the drill that opens on it`` (None: no page has it). The CLI
#: passes :func:`playbook.views.links.book_drill_url` of the book's address (``--book-url``).
DrillUrl = Callable[[str, str], "str | None"]


def _drill_link(drill_url: DrillUrl | None, item: str, family: str) -> str:
    """`` <a class="pb-drill-link" href=…>去练习 →</a>`` for a suggested item, or ""."""
    href = drill_url(item, family) if drill_url is not None else None
    if not href:
        return ""
    return f" <a class='pb-drill-link' href='{html.escape(href, quote=True)}'>{_t('去练习 →')}</a>"


# --------------------------------------------------------------------------- the dashboard page
def figure_png(fig: Figure) -> str:
    """A matplotlib figure as a ``data:image/png;base64,…`` URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def charts_html(sheets: Sequence[ScoreSheet]) -> str:
    """The three dashboard charts (skills, progress, weakest checks) as embedded PNG images."""
    charts = (("各学员技能通过率", skill_chart(sheets)),
              ("各学员总体通过率(按场次)", progress_chart(sheets)),
              ("团队最薄弱的检查项", weak_checks_chart(sheets)))
    return "".join(f'<p><img src="{figure_png(fig)}" alt="{_t(alt)}" style="max-width:100%"></p>'
                   for alt, fig in charts)


def _context(question: drills.Question) -> str:
    """The question's situation (e.g. ``客户:…``), greyed, or ""."""
    return f" <span style='color:#555'>({_t(question.situation)})</span>" if question.situation else ""


def self_study_lines(progress: dict[str, practice.Progress], *, now: datetime | None = None,
                     base: KnowledgeBase | None = None) -> list[str]:
    """One plain line per trainee: answers, items due, and the colour of each skill."""
    when = now if now is not None else datetime.now(timezone.utc)
    totals = practice.item_totals(base=base)
    lines = []
    for name in sorted(progress):
        p = progress[name]
        ready = practice.readiness(p, totals, now=when, known=practice.known_items())
        due = len(practice.due_items(p, when))
        colours = ",".join(f"{r.label}{_COLOUR_WORD[r.colour]}({r.practised}/{r.total})" for r in ready)
        lines.append(f"{name}:自学作答 {len(p.reviews)} 次,到期 {due} 题;{colours}")
    return lines


def self_study_html(progress: dict[str, practice.Progress], *, now: datetime | None = None,
                    base: KnowledgeBase | None = None) -> str:
    """Per trainee × skill: the self-study readiness colour with practised / total items, the
    answers and the items due (from their exported progress files); the colour rules below."""
    when = now if now is not None else datetime.now(timezone.utc)
    if not progress:
        return f"<p>{_t('还没有导入学员的自学进度文件(python -m playbook records import 文件…)。')}</p>"
    totals = practice.item_totals(base=base)
    colours = {"green": "#1a7f37", "yellow": "#b58100", "red": "#b42318"}
    head = "".join(f"<th>{_t(practice.FAMILY_LABELS[f])}</th>" for f in practice.FAMILIES)
    rows = []
    for name in sorted(progress):
        p = progress[name]
        cells = "".join(
            f"<td><span style='color:{colours[r.colour]};font-weight:bold'>● {_COLOUR_WORD[r.colour]}</span>"
            f" {r.practised}/{r.total}</td>" for r in practice.readiness(p, totals, now=when, known=practice.known_items()))
        rows.append(f"<tr><td>{_t(name)}</td><td>{len(p.reviews)}</td>"
                    f"<td>{len(practice.due_items(p, when))}</td>{cells}</tr>")
    rules = "".join(f"<li>{_t(practice.READINESS_RULES[k])}</li>" for k in ("green", "yellow", "red", "firm"))
    return (f"<table class='pb-self-study'><thead><tr><th>{_t('学员')}</th><th>{_t('作答次数')}</th>"
            f"<th>{_t('到期')}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<ul class='meta'>{rules}</ul>")


def suggestions_html(sheets: Sequence[ScoreSheet], *, size: int = SUGGESTION_SIZE, seed: int = 0,
                     progress: dict[str, practice.Progress] | None = None,
                     drill_url: DrillUrl | None = None) -> str:
    """Per trainee: skills weakest first with the reason, then the suggested next drills
    (ranked from the role-play scores and, where imported, the trainee's self-study), each
    linked to the book's drill opened on it when ``drill_url`` is given."""
    parts = ['<div class="pb-next">']
    for name in sorted({s.trainee for s in sheets}):
        nxt = suggest_next(sheets, name, size=size, seed=seed, progress=(progress or {}).get(name))
        gaps = "".join(f"<li>{_t(g.reason)}</li>" for g in nxt.ranking)
        asks = "".join(
            f"<li>[{_t(drills.FAMILY_LABELS.get(s.question.family, s.question.family))}] "
            f"{_t(s.question.prompt)}{_context(s.question)}"
            f"{_drill_link(drill_url, s.question.id, s.question.family)}</li>" for s in nxt.suggestions)
        where = "点“去练习”在书中打开该题" if drill_url is not None else "练习本 exercises/drills.ipynb"
        parts.append(f"<h5>{_t(name)}</h5><p>{_t('技能由弱到强:')}</p><ol>{gaps}</ol>"
                     f"<p>{_t(f'建议下次先练这 {len(nxt.suggestions)} 道题({where}):')}"
                     f"</p><ol>{asks}</ol>")
    parts.append("</div>")
    return "".join(parts)


def dashboard_html(sheets: Sequence[ScoreSheet], *, seed: int = 0,
                   progress: dict[str, practice.Progress] | None = None,
                   drill_url: DrillUrl | None = None) -> str:
    """Summary tables, the three charts, self-study readiness (when ``progress``, trainee →
    practice progress, is given) and the next drills (linked with ``drill_url``) as one HTML fragment.

    No sheets and no progress → :class:`PlaybookInputError` (the dashboard module's Chinese
    message); progress only → the self-study section alone."""
    study = (f"<h4>{_t('自学掌握情况(我的练习)')}</h4>" + self_study_html(progress)
             + option_choices_html(progress) + dialogue_choices_html(progress)) if progress else ""
    if not sheets and progress:
        return study
    return (summary_html(sheets) + study
            + f"<h4>{_t('图表')}</h4>" + charts_html(sheets)
            + f"<h4>{_t('下一步练什么')}</h4>"
            + suggestions_html(sheets, seed=seed, progress=progress, drill_url=drill_url))


_PAGE_CSS = """
@font-face { font-family: "Playbook Sans SC"; src: local("Noto Sans CJK SC"), local("Microsoft YaHei"),
             local("PingFang SC"), url("{FONT_FILE}") format("truetype"); }
body { font-family: "Playbook Sans SC", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif;
       max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; line-height: 1.5; }
h1 { font-size: 1.5em; } h4 { margin: 1.4em 0 0.4em; } h5 { margin: 1em 0 0.2em; font-size: 1em; }
.meta { color: #555; }
""".replace("{FONT_FILE}", FONT_FILE)


def dashboard_document(sheets: Sequence[ScoreSheet], *, title: str, source: str = "", seed: int = 0,
                       progress: dict[str, practice.Progress] | None = None,
                       drill_url: DrillUrl | None = None) -> str:
    """A self-contained HTML page of :func:`dashboard_html` (charts embedded, all text escaped)."""
    body = dashboard_html(sheets, seed=seed, progress=progress, drill_url=drill_url)
    made = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    meta = f"生成时间 {made}" + (f" · 记录库 {source}" if source else "")
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_t(title)}</title><style>{_PAGE_CSS}</style></head>"
            f"<body><h1>{_t(title)}</h1><p class=\"meta\">{_t(meta)}</p>{body}</body></html>\n")


def write_dashboard(sheets: Sequence[ScoreSheet], out_dir: str | os.PathLike[str], *, title: str,
                    source: str = "", seed: int = 0,
                    progress: dict[str, practice.Progress] | None = None,
                    drill_url: DrillUrl | None = None) -> list[Path]:
    """``dashboard.html`` (:func:`dashboard_document`) and the Chinese font it falls back to,
    written atomically into ``out_dir``; returns the written paths (the page first)."""
    from playbook.fileio import write_html_with_font

    page = dashboard_document(sheets, title=title, source=source, seed=seed, progress=progress,
                              drill_url=drill_url)
    return write_html_with_font(out_dir, "dashboard.html", page)


def default_export_dir() -> Path:
    """``<records data folder>/exports`` (see :func:`playbook.trainer.records.default_data_dir`)."""
    from playbook.trainer.records import default_data_dir

    return default_data_dir() / "exports"


def export_all(sheets: Sequence[ScoreSheet], out_dir: str | os.PathLike[str]) -> list[Path]:
    """``records.xlsx`` and the CSV files of the dashboard into ``out_dir``; the written paths."""
    folder = Path(out_dir)
    return [export_xlsx(sheets, folder / "records.xlsx"), *export_csv(sheets, folder)]
