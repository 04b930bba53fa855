"""培训师工具 (trainer's console): thin views over roleplay, records and dashboard.

- :func:`session_console`: register a session's trainees in the records store, pick a group's
  card, score it with :func:`playbook.widgets.scoring.scoring_panel` straight into the store,
  and see how many groups are scored;
- :func:`dashboard_panel`: the team dashboard (summary tables, the three charts as PNG, next
  drills per trainee) with buttons exporting ``records.xlsx`` and the CSV files;
- :func:`dashboard_document`: the same dashboard as one self-contained HTML page (the CLI's
  ``python -m playbook dashboard`` writes it).

ipywidgets is imported only by the two widget functions, so the HTML helpers work without it.
No business logic here: every number comes from :mod:`playbook.dashboard`; every text from the
records or the engines is HTML-escaped. Store and engine errors become Chinese messages.

Usage in a notebook::

    from playbook import records, roleplay
    from playbook.widgets.trainer import dashboard_panel, session_console
    plan = roleplay.plan_session(["张三", "李四", "王五"], rounds=3, seed=1, session="第一期")
    store = records.open_store()
    session_console(plan, store)
    dashboard_panel(store.sheets(session="第一期"))
"""
from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playbook.errors import PlaybookInputError
from playbook.roleplay import ROLES, RoundCard, ScoreSheet, SessionPlan
from playbook.typography import chinese_typography

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from playbook.records import Store

__all__ = [
    "EMPTY_MESSAGE", "FONT", "card_label", "figure_png", "charts_html", "suggestions_html",
    "dashboard_html", "dashboard_document", "write_dashboard", "export_all", "default_export_dir",
    "session_console", "dashboard_panel",
]

#: Shown instead of the dashboard while a session has no saved score sheets.
EMPTY_MESSAGE = ("还没有评分记录:先在上面的评分台为各组评分并点“保存评分”,"
                 "再重新运行这个单元格查看看板。")
#: How many suggested drill questions to list per trainee.
SUGGESTION_SIZE = 5

_OK = "#1a7f37"
_BAD = "#b42318"
_ERROR_CSS = f"color:{_BAD};background:#fdecea;padding:6px 10px;border-radius:4px"
_INFO_CSS = "color:#1f3b57;background:#eef4fb;padding:6px 10px;border-radius:4px"


def _t(text: object) -> str:
    """User-visible text: Chinese punctuation, then HTML-escaped."""
    return html.escape(chinese_typography(str(text)))


def _message(text: str, *, error: bool = False) -> str:
    return f"<div style='{_ERROR_CSS if error else _INFO_CSS}'>{_t(text)}</div>"


def card_label(card: RoundCard) -> str:
    """``第 1 轮 · 第 1 组 · 客户经理 张三 · 观察员 李四`` (plain text, for a dropdown)."""
    return (f"第 {card.round_no} 轮 · 第 {card.group_no} 组 · {ROLES['salesperson']} {card.salesperson}"
            f" · {ROLES['observer']} {'、'.join(card.observers)}")


# --------------------------------------------------------------------------- HTML views
def figure_png(fig: Figure) -> str:
    """A matplotlib figure as a ``data:image/png;base64,…`` URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def charts_html(sheets: Sequence[ScoreSheet]) -> str:
    """The three dashboard charts (skills, progress, weakest checks) as embedded PNG images."""
    from playbook import dashboard

    charts = (("各学员技能通过率", dashboard.skill_chart(sheets)),
              ("各学员总体通过率(按场次)", dashboard.progress_chart(sheets)),
              ("团队最薄弱的检查项", dashboard.weak_checks_chart(sheets)))
    return "".join(f'<p><img src="{figure_png(fig)}" alt="{_t(alt)}" style="max-width:100%"></p>'
                   for alt, fig in charts)


def _context(context: str) -> str:
    """The first line of a question's situation (e.g. ``客户:…``), greyed, or ""."""
    first = context.strip().split("\n")[0] if context else ""
    return f" <span style='color:#555'>({_t(first)})</span>" if first else ""


def suggestions_html(sheets: Sequence[ScoreSheet], *, size: int = SUGGESTION_SIZE, seed: int = 0) -> str:
    """Per trainee: skills weakest first with the reason, then the suggested next drills."""
    from playbook import dashboard, drills

    parts = ['<div class="pb-next">']
    for name in sorted({s.trainee for s in sheets}):
        nxt = dashboard.suggest_next(sheets, name, size=size, seed=seed)
        gaps = "".join(f"<li>{_t(g.reason)}</li>" for g in nxt.ranking)
        asks = "".join(
            f"<li>[{_t(drills.FAMILY_LABELS.get(s.question.family, s.question.family))}] "
            f"{_t(s.question.prompt)}{_context(s.question.context)}</li>" for s in nxt.suggestions)
        parts.append(f"<h5>{_t(name)}</h5><p>{_t('技能由弱到强:')}</p><ol>{gaps}</ol>"
                     f"<p>{_t(f'建议下次先练这 {len(nxt.suggestions)} 道题(练习本 exercises/drills.ipynb):')}"
                     f"</p><ol>{asks}</ol>")
    parts.append("</div>")
    return "".join(parts)


def dashboard_html(sheets: Sequence[ScoreSheet], *, seed: int = 0) -> str:
    """Summary tables, the three charts and the next drills as one HTML fragment.

    No sheets → :class:`PlaybookInputError` (the dashboard module's Chinese message)."""
    from playbook import dashboard

    return (dashboard.summary_html(sheets)
            + f"<h4>{_t('图表')}</h4>" + charts_html(sheets)
            + f"<h4>{_t('下一步练什么')}</h4>" + suggestions_html(sheets, seed=seed))


#: The bundled Chinese font (the one the printed cards use), written next to ``dashboard.html``.
FONT = "NotoSansSC-GB2312.ttf"
_PAGE_CSS = """
@font-face { font-family: "Playbook Sans SC"; src: local("Noto Sans CJK SC"), local("Microsoft YaHei"),
             local("PingFang SC"), url("%s") format("truetype"); }
body { font-family: "Playbook Sans SC", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif;
       max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; line-height: 1.5; }
h1 { font-size: 1.5em; } h4 { margin: 1.4em 0 0.4em; } h5 { margin: 1em 0 0.2em; font-size: 1em; }
.meta { color: #555; }
""" % FONT


def dashboard_document(sheets: Sequence[ScoreSheet], *, title: str, source: str = "", seed: int = 0) -> str:
    """A self-contained HTML page of :func:`dashboard_html` (charts embedded, all text escaped)."""
    body = dashboard_html(sheets, seed=seed)
    made = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    meta = f"生成时间 {made}" + (f" · 记录库 {source}" if source else "")
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_t(title)}</title><style>{_PAGE_CSS}</style></head>"
            f"<body><h1>{_t(title)}</h1><p class=\"meta\">{_t(meta)}</p>{body}</body></html>\n")


def write_dashboard(sheets: Sequence[ScoreSheet], out_dir: str | os.PathLike[str], *, title: str,
                    source: str = "", seed: int = 0) -> list[Path]:
    """``dashboard.html`` (:func:`dashboard_document`) and the Chinese font it falls back to,
    written atomically into ``out_dir``; returns the written paths (the page first)."""
    from importlib import resources

    from playbook.fileio import atomic_write

    folder = Path(out_dir)
    page = dashboard_document(sheets, title=title, source=source, seed=seed)
    font = resources.files("playbook").joinpath("fonts", FONT).read_bytes()
    return [atomic_write(folder / "dashboard.html", page), atomic_write(folder / FONT, font)]


def default_export_dir() -> Path:
    """``<records data folder>/exports`` (see :func:`playbook.records.default_data_dir`)."""
    from playbook.records import default_data_dir

    return default_data_dir() / "exports"


def export_all(sheets: Sequence[ScoreSheet], out_dir: str | os.PathLike[str]) -> list[Path]:
    """``records.xlsx`` and the CSV files of the dashboard into ``out_dir``; the written paths."""
    from playbook import dashboard

    folder = Path(out_dir)
    return [dashboard.export_xlsx(sheets, folder / "records.xlsx"), *dashboard.export_csv(sheets, folder)]


# --------------------------------------------------------------------------- widgets
def _store_error(err: BaseException) -> str:
    """A Chinese message for a store failure (domain errors keep their own message)."""
    if isinstance(err, PlaybookInputError):
        return err.message
    return f"记录库出错({type(err).__name__}: {err}),请稍后再试或联系管理员检查记录库"


def session_console(plan: SessionPlan, store: Store, *, allow_replace: bool = False) -> Any:
    """The trainer's scoring console for ``plan``, saving into ``store`` (see :class:`SessionConsole`).

    ``allow_replace``: the initial state of the “覆盖已保存的评分” box."""
    import ipywidgets as w

    from playbook.widgets.scoring import scoring_panel

    class SessionConsole(w.VBox):
        """Attributes a test can drive: ``picker`` (Dropdown of card indexes), ``replace``
        (Checkbox), ``panel`` (the current ScoringPanel), ``progress`` and ``message`` (HTML);
        ``error`` holds the latest store error (Chinese) or None."""

        def __init__(self) -> None:
            self.plan, self.store = plan, store
            self.error: str | None = None
            self.message = w.HTML()
            self.progress = w.HTML()
            self.picker = w.Dropdown(options=[(card_label(c), i) for i, c in enumerate(plan.cards)],
                                     value=0, description="选择小组", style={"description_width": "5em"},
                                     layout=w.Layout(width="36em"))
            self.replace = w.Checkbox(value=allow_replace, description="覆盖已保存的评分", indent=False)
            self.holder = w.Box(layout=w.Layout(width="100%"))
            self.panel = None
            where = w.HTML(f"<span style='color:#555'>{_t(f'场次“{plan.session}” · 记录库 {store.url}')}</span>")
            self._register()
            self.picker.observe(lambda change: self._show(change["new"]), names="value")
            self._show(0)
            super().__init__([where, self.progress, self.picker, self.replace, self.message, self.holder])

        def _fail(self, err: BaseException) -> None:
            self.error = _store_error(err)
            self.message.value = _message(self.error, error=True)

        def _register(self) -> None:
            try:
                for name in plan.trainees:
                    store.add_trainee(name)
            except Exception as err:  # noqa: BLE001 - shown as a message, never a traceback
                self._fail(err)
            self.refresh()

        def _save(self, sheet: ScoreSheet) -> None:
            try:
                store.save_sheet(sheet, replace=self.replace.value)
            except PlaybookInputError as err:
                if err.field == "round_no" and "已保存过" in err.message:  # a duplicate: say how to replace
                    raise PlaybookInputError("round_no", (
                        f"场次“{sheet.session}”第 {sheet.round_no} 轮客户经理“{sheet.trainee}”的评分已保存过;"
                        "如要用这次的评分覆盖它,请勾选“覆盖已保存的评分”后再点“保存评分”")) from err
                raise  # the scoring panel shows its message
            except Exception as err:  # noqa: BLE001
                raise PlaybookInputError("store", _store_error(err)) from err
            finally:
                self.refresh()

        def _show(self, index: int) -> None:
            self.panel = scoring_panel(plan.cards[index], save=self._save)
            self.holder.children = (self.panel,)

        def scored(self) -> set[tuple[int, str]]:
            """(round, salesperson) of this session's saved sheets."""
            return {(s.round_no, s.trainee) for s in store.sheets(session=plan.session)}

        def refresh(self) -> None:
            """Update the line ``已评分 n/m 组`` from the store."""
            try:
                done = self.scored()
            except Exception as err:  # noqa: BLE001
                self._fail(err)
                return
            n = sum((c.round_no, c.salesperson) in done for c in plan.cards)
            todo = [f"第 {c.round_no} 轮第 {c.group_no} 组" for c in plan.cards
                    if (c.round_no, c.salesperson) not in done]
            rest = f";还没评分:{'、'.join(todo[:6])}{' 等' if len(todo) > 6 else ''}" if todo else ";全部完成"
            self.progress.value = f"<b>{_t(f'已评分 {n}/{len(plan.cards)} 组')}</b>{_t(rest)}"

    return SessionConsole()


def dashboard_panel(sheets: Sequence[ScoreSheet], *, export_dir: str | os.PathLike[str] | None = None,
                    seed: int = 0) -> Any:
    """The team dashboard for ``sheets`` with export buttons (xlsx, CSV) writing into
    ``export_dir`` (default :func:`default_export_dir`). No sheets → a friendly message."""
    import ipywidgets as w

    class DashboardPanel(w.VBox):
        """``view`` (HTML), ``xlsx_button``/``csv_button``, ``output`` (HTML with the written
        paths); ``written`` the latest written paths, ``error`` the latest message or None."""

        def __init__(self) -> None:
            self.sheets = list(sheets or ())
            self.export_dir = Path(export_dir) if export_dir is not None else default_export_dir()
            self.written: list[Path] = []
            self.error: str | None = None
            self.view = w.HTML()
            self.output = w.HTML()
            self.xlsx_button = w.Button(description="导出 Excel(.xlsx)", layout=w.Layout(width="auto"))
            self.csv_button = w.Button(description="导出 CSV", layout=w.Layout(width="auto"))
            self.xlsx_button.on_click(lambda _: self.export("xlsx"))
            self.csv_button.on_click(lambda _: self.export("csv"))
            if not self.sheets:
                self.view.value = _message(EMPTY_MESSAGE)
                self.xlsx_button.disabled = self.csv_button.disabled = True
            else:
                try:
                    self.view.value = dashboard_html(self.sheets, seed=seed)
                except PlaybookInputError as err:
                    self._fail(f"无法生成看板:{err.message}")
            hint = w.HTML(f"<span style='color:#555'>{_t(f'导出到 {self.export_dir}')}</span>")
            super().__init__([self.view, w.HBox([self.xlsx_button, self.csv_button]), hint, self.output])

        def _fail(self, text: str) -> None:
            self.error = text
            self.output.value = _message(text, error=True)

        def export(self, kind: str) -> list[Path]:
            """Write ``records.xlsx`` (kind ``xlsx``) or the CSV files (``csv``); show the paths."""
            from playbook import dashboard

            if not self.sheets:
                self._fail(EMPTY_MESSAGE)
                return []
            try:
                if kind == "xlsx":
                    written = [dashboard.export_xlsx(self.sheets, self.export_dir / "records.xlsx")]
                else:
                    written = dashboard.export_csv(self.sheets, self.export_dir)
            except PlaybookInputError as err:
                self._fail(f"导出失败:{err.message}")
                return []
            except OSError as err:
                self._fail(f"导出失败:无法写入 {self.export_dir}({err.strerror or err})")
                return []
            self.written, self.error = written, None
            items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in written)
            self.output.value = f"<p style='color:{_OK}'><b>{_t('已导出:')}</b></p><ul>{items}</ul>"
            return written

    return DashboardPanel()
