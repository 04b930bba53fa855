"""销售作战手册 (the sales playbook): knowledge base, engines and views for sales training.

The package is grouped by role; imports point down this list, never up
(``tests/test_architecture.py`` keeps it so)::

    errors fileio typography fonts   foundation: standard library only, used by all;
    normalize spreadsheet            one gate per kind of input (numbers, names, dates;
                                     uploaded tables and exported cells)
    kb/          the knowledge base: YAML (authored) → validation (kb.build) → kb.json → runtime
    engines/     pure engines (quote, petroleum, loss, drills …); the browser-side ones
                 import only the standard library
    trainer/     role-play plans, score records, printed cards, the team dashboard
    views/       ipywidgets views (one module per tool, no business logic), charts, exports
    exercises/   the checks behind the trainees' exercise notebooks
    site/        building and publishing the book: Sphinx extension, vendored browser assets,
                 the in-page Python bridge (site.live), the notebook site, headless browser,
                 static server, the pytest plugin for text notebooks
    cli          ``python -m playbook`` (may use everything)

``import playbook`` stays light: nothing below is imported until used. Book pages and
trainees may type the short form for engines and trainer tools, e.g.
``from playbook import quote`` (= ``playbook.engines.quote``).
"""
from __future__ import annotations

import importlib
from types import ModuleType

__version__ = "0.1.0"

#: Short names a page or a trainee types → the module they stand for.
SHORT_NAMES = {
    "quote": "playbook.engines.quote",
    "petroleum": "playbook.engines.petroleum",
    "loss": "playbook.engines.loss",
    "drills": "playbook.engines.drills",
    "judge": "playbook.engines.judge",
    "dialogue": "playbook.engines.dialogue",
    "practice": "playbook.engines.practice",
    "grading": "playbook.engines.grading",
    "cadence": "playbook.engines.cadence",
    "value_added": "playbook.engines.value_added",
    "forecast": "playbook.engines.forecast",
    "checklists": "playbook.engines.checklists",
    "roleplay": "playbook.trainer.roleplay",
    "records": "playbook.trainer.records",
    "cards": "playbook.trainer.cards",
    "dashboard": "playbook.trainer.dashboard",
}


def __getattr__(name: str) -> ModuleType:
    """``from playbook import quote`` imports :mod:`playbook.engines.quote` on first use."""
    target = SHORT_NAMES.get(name)
    if target is None:
        raise AttributeError(f"module 'playbook' has no attribute {name!r}")
    module = importlib.import_module(target)
    globals()[name] = module
    return module


def __dir__() -> list[str]:
    return sorted([*globals(), *SHORT_NAMES])
