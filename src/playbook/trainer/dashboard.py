"""The trainer's team dashboard over role-play score sheets (:class:`~playbook.trainer.roleplay.ScoreSheet`).

The parts live in :mod:`playbook.trainer.teamboard` (one job per module: ``tables``,
``suggestions``, ``charts``, ``exports``, ``pages``); this module is the one to import.
Everything here reads a ``Sequence[ScoreSheet]`` (what the records store returns):

- tables (pandas): :func:`marks_table` (one row per check mark), :func:`skill_table` (per trainee
  × skill family, share of checks passed, pooled over all marks), :func:`progress_table` (per
  trainee and session, in the order the sessions were held), :func:`weakest_checks` (the team's
  checks with the lowest pass rate);
- :func:`suggest_next`: the next spaced-practice drills for one trainee, mostly from the drill
  families of their weakest skills (role-play scores first, self-study readiness next), ordered
  by their FSRS practice progress (due first), each with a Chinese reason;
- self-study: :func:`self_study_html` shows each trainee's readiness per skill from the
  progress files they exported (:mod:`playbook.engines.practice`, imported with
  ``python -m playbook records import``), next to the role-play scores;
- charts (matplotlib, the bundled Chinese font): :func:`skill_chart`, :func:`progress_chart`,
  :func:`weak_checks_chart`; each returns a Figure already closed in pyplot, so a notebook shows it
  exactly once when it is the cell's value;
- :func:`summary_html`: compact HTML tables for notebooks, every text escaped;
- exports: :func:`export_csv` (UTF-8 with BOM) and :func:`export_xlsx`, written atomically; text
  that a spreadsheet would read as a formula (``= + - @``) stays text;
- the dashboard page: :func:`dashboard_html` (summary, charts as embedded PNG, next drills), shown
  by the trainer's notebook panel and written by ``python -m playbook dashboard``
  (:func:`write_dashboard`, :func:`export_all`).

Rates are shares 0–1 (``NaN`` where nothing was checked); a rate is pooled, i.e. passed marks /
all marks of that trainee (and skill, session), not an average of round scores. The team rate of a
skill is pooled over every trainee's marks too.

pandas, matplotlib and openpyxl are imported inside the functions that need them, so
``import playbook.trainer.dashboard`` stays light. Bad or empty input raises
:class:`~playbook.errors.PlaybookInputError` with a Chinese message.
"""
from __future__ import annotations

import warnings
from typing import Any

from playbook.trainer.teamboard.charts import (
    progress_chart, skill_chart, weak_checks_chart)
from playbook.trainer.teamboard.exports import (  # noqa: F401 - re-exported
    PROGRESS_HEADERS, RECORD_HEADERS, SKILL_HEADERS, WEAKEST_HEADERS, _csv_bytes, _record_rows, _weakest_rows, export_csv, export_xlsx, xlsx_bytes)
from playbook.trainer.teamboard.pages import (  # noqa: F401 - re-exported
    LOW_RATE, SUGGESTION_SIZE, charts_html, dashboard_document, dashboard_html, default_export_dir, export_all, figure_png, self_study_html, self_study_lines, suggestions_html, summary_html, write_dashboard)
from playbook.trainer.teamboard.options import (
    OptionChoice, dialogue_choices_html, option_choices, option_choices_html)
from playbook.trainer.teamboard.suggestions import (
    NextDrills, SkillGap, Suggestion, suggest_next)
from playbook.trainer.teamboard.tables import (  # noqa: F401 - re-exported
    LABELS, OVERALL, RANK_WEIGHTS, SKILL_COLORS, SKILL_FAMILIES, _check_sheets, chinese_columns, marks_table, progress_table, skill_table, weakest_checks)

__all__ = ['LABELS', 'SKILL_FAMILIES', 'NextDrills', 'SkillGap', 'Suggestion', 'chinese_columns', 'export_csv', 'export_xlsx', 'marks_table', 'progress_chart', 'progress_table', 'skill_chart', 'skill_table', 'suggest_next', 'summary_html', 'weak_checks_chart', 'weakest_checks', 'xlsx_bytes', 'figure_png', 'charts_html', 'suggestions_html', 'dashboard_html', 'dashboard_document', 'write_dashboard', 'export_all', 'default_export_dir', 'self_study_html', 'self_study_lines',
           'OptionChoice', 'option_choices', 'option_choices_html', 'dialogue_choices_html']

#: Names that moved out of this module: name → (module, attribute); reading one warns.
_MOVED = {"FORMULA_START": ("playbook.normalize", "FORMULA_START")}


def __getattr__(name: str) -> Any:
    """Forward a legacy name (``dashboard.FORMULA_START`` → :data:`playbook.normalize.FORMULA_START`)."""
    if name in _MOVED:
        import importlib

        module, attr = _MOVED[name]
        warnings.warn(f"playbook.trainer.dashboard.{name} moved to {module}.{attr}", DeprecationWarning,
                      stacklevel=2)
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
