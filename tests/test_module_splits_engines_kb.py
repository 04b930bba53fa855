"""One job per module: cadence, forecast, grading, quote and the knowledge base's runtime were split
into parts; every public name is still importable from its old path (the same object), and the
parts run with the standard library only (browser). (No import cycle anywhere: tests/test_architecture.py.)"""
from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest

import playbook
from playbook import kb
from playbook.engines import (cadence, cadence_compare, cadence_export, cadence_input, cadence_planner, cadence_rules,
                              cadence_types, forecast, forecast_accuracy, forecast_frames, forecast_history,
                              forecast_method, grading, grading_input, grading_rules, quote, quote_input, quote_prices)
from playbook.kb import convert, items, knowledge_base, snapshot, training_items

PACKAGE = Path(playbook.__file__).parent

#: Old module → its parts.
PARTS = {
    cadence: (cadence_rules, cadence_types, cadence_planner, cadence_compare, cadence_export, cadence_input),
    forecast: (forecast_history, forecast_method, forecast_accuracy, forecast_frames),
    grading: (grading_rules, grading_input),
    quote: (quote_prices, quote_input),
    kb: (items, training_items, knowledge_base, convert, snapshot),
}


@pytest.mark.parametrize("module", list(PARTS), ids=lambda m: m.__name__)
def test_every_public_name_is_still_there(module):
    for name in module.__all__:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert getattr(module, name) is not None, name


@pytest.mark.parametrize("module", list(PARTS), ids=lambda m: m.__name__)
def test_a_re_exported_name_is_the_part_s_own_object(module):
    """Each name the old module lists comes from exactly one part (or is the old module's own)."""
    own = _defined_names(module)
    for name in module.__all__:
        homes = [part for part in PARTS[module] if name in vars(part)
                 and getattr(part, name) is getattr(module, name)]
        assert (name in own) != bool(homes), f"{module.__name__}.{name}: defined here and in {homes}, or nowhere"


def _defined_names(module) -> set[str]:
    """Names a module defines itself at its top level (functions, classes, assignments)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    out = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.Assign):
            out |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.add(node.target.id)
    return out


def test_some_moved_names_by_hand():
    assert cadence.plan is cadence_planner.plan and cadence.to_ics is cadence_export.to_ics
    assert cadence.parse_log is cadence_input.parse_log and cadence.compare is cadence_compare.compare
    assert cadence.Plan is cadence_types.Plan and cadence.QUOTAS is cadence_rules.QUOTAS
    assert forecast.split_target is forecast_frames.split_target
    assert forecast.parse_history is forecast_history.parse_history
    assert forecast.accuracy is forecast_accuracy.accuracy and forecast.mix_of is forecast_method.mix_of
    assert grading.read_table is grading_input.read_table and grading.CRITERIA is grading_rules.CRITERIA
    assert quote.product is quote_prices.product and quote.parse_time is quote_input.parse_time
    assert kb.load is snapshot.load and kb.KnowledgeBase is knowledge_base.KnowledgeBase
    assert kb.Dialogue is training_items.Dialogue and kb.Note is items.Note
    assert kb.KnowledgeError is convert.KnowledgeError


def test_the_parts_run_with_the_standard_library_only(run_stdlib_only):
    names = [m.__name__ for parts in PARTS.values() for m in parts]
    run_stdlib_only("import " + ", ".join(names) + "\n"
                    "from playbook.engines import cadence\n"
                    "assert cadence.to_csv(cadence.plan([('甲', 'A')], 2026, 9))\n")
