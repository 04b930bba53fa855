"""培训师工具 (trainer's console): thin views over roleplay, records and dashboard.

- :func:`session_console`: register a session's trainees in the records store, pick a group's
  card, score it with :func:`playbook.views.scoring.scoring_panel` straight into the store,
  and see how many groups are scored;
- :func:`dashboard_panel`: the team dashboard (:func:`playbook.trainer.dashboard.dashboard_html`, the
  same page ``python -m playbook dashboard`` writes) with buttons exporting ``records.xlsx`` and
  the CSV files.

ipywidgets is imported only inside the two widget functions. No business logic here: every number comes from :mod:`playbook.trainer.dashboard`; every text from the
records or the engines is HTML-escaped. Store and engine errors become Chinese messages.

Usage in a notebook::

    from playbook.trainer import records

    from playbook.trainer import roleplay
    from playbook.views.trainer import dashboard_panel, session_console
    plan = roleplay.plan_session(["张三", "李四", "王五"], rounds=3, seed=1, session="第一期")
    store = records.open_store()
    session_console(plan, store)
    dashboard_panel(store.sheets(session="第一期"))
"""
from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playbook.errors import PlaybookInputError
from playbook.trainer.roleplay import ROLES, RoundCard, ScoreSheet, SessionPlan
from playbook.trainer.dashboard import dashboard_html, default_export_dir
from playbook.typography import html_text

if TYPE_CHECKING:  # pragma: no cover

    from playbook.trainer.records import Store
    from playbook.views.scoring import ScoringPanel

__all__ = ["EMPTY_MESSAGE", "card_label", "session_console", "dashboard_panel"]

#: Shown instead of the dashboard while a session has no saved score sheets.
EMPTY_MESSAGE = ("还没有评分记录:先在上面的评分台为各组评分并点“保存评分”,"
                 "再重新运行这个单元格查看看板。")

_OK = "#1a7f37"
_BAD = "#b42318"
_ERROR_CSS = f"color:{_BAD};background:#fdecea;padding:6px 10px;border-radius:4px"
_INFO_CSS = "color:#1f3b57;background:#eef4fb;padding:6px 10px;border-radius:4px"


_t = html_text


def _message(text: str, *, error: bool = False) -> str:
    return f"<div style='{_ERROR_CSS if error else _INFO_CSS}'>{_t(text)}</div>"


def card_label(card: RoundCard) -> str:
    """``第 1 轮 · 第 1 组 · 客户经理 张三 · 观察员 李四`` (plain text, for a dropdown)."""
    return (f"第 {card.round_no} 轮 · 第 {card.group_no} 组 · {ROLES['salesperson']} {card.salesperson}"
            f" · {ROLES['observer']} {'、'.join(card.observers)}")


# --------------------------------------------------------------------------- widgets
def _store_error(err: BaseException) -> PlaybookInputError:
    """A store failure as the domain error (a domain error stays itself), for its Chinese message."""
    if isinstance(err, PlaybookInputError):
        return err
    return PlaybookInputError("store", code="store_unexpected", kind=type(err).__name__, reason=str(err)[:80])


def session_console(plan: SessionPlan, store: Store, *, allow_replace: bool = False) -> Any:
    """The trainer's scoring console for ``plan``, saving into ``store`` (see :class:`SessionConsole`).

    ``allow_replace``: the initial state of the “覆盖已保存的评分” box."""
    import ipywidgets as w

    from playbook.views.scoring import scoring_panel

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
            self.panel: ScoringPanel | None = None
            where = w.HTML(f"<span style='color:#555'>{_t(f'场次“{plan.session}” · 记录库 {store.url}')}</span>")
            self._register()
            self.picker.observe(lambda change: self._show(change["new"]), names="value")
            self._show(0)
            super().__init__([where, self.progress, self.picker, self.replace, self.message, self.holder])

        def _fail(self, err: BaseException) -> None:
            self.error = _store_error(err).message
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
                if err.code == "sheet_saved":  # a duplicate: say how to replace
                    raise PlaybookInputError("round_no", code="sheet_saved_page", where=f"场次“{sheet.session}”",
                                             round_no=sheet.round_no, trainee=sheet.trainee) from err
                raise  # the scoring panel shows its message
            except Exception as err:
                raise _store_error(err) from err
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
                    seed: int = 0, progress: dict | None = None) -> Any:
    """The team dashboard for ``sheets`` with export buttons (xlsx, CSV) writing into
    ``export_dir`` (default :func:`default_export_dir`). No sheets → a friendly message.
    ``progress`` (trainee → imported self-study progress, ``store.practice_progress()``) adds
    the self-study readiness and lets it rank the next drills."""
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
                    self.view.value = dashboard_html(self.sheets, seed=seed, progress=progress)
                except PlaybookInputError as err:
                    self._fail(f"无法生成看板:{err.message}")
            hint = w.HTML(f"<span style='color:#555'>{_t(f'导出到 {self.export_dir}')}</span>")
            super().__init__([self.view, w.HBox([self.xlsx_button, self.csv_button]), hint, self.output])

        def _fail(self, text: str) -> None:
            self.error = text
            self.output.value = _message(text, error=True)

        def export(self, kind: str) -> list[Path]:
            """Write ``records.xlsx`` (kind ``xlsx``) or the CSV files (``csv``); show the paths."""
            from playbook.trainer import dashboard

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
