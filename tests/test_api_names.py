"""Issue 28: one name for one thing in the public API. The knowledge-base parameter is ``base=``
everywhere (it was ``knowledge=`` in the quote and checklist engines); the old keyword still works,
with a DeprecationWarning, so old notebooks keep running."""
from __future__ import annotations

import ast
import importlib
import inspect
import warnings
from pathlib import Path

import pytest

import playbook
from playbook import kb
from playbook.engines import checklists, quote
from playbook.views import quote as quote_view

SRC = Path(playbook.__file__).parent


def test_no_function_in_src_takes_a_knowledge_parameter():
    """Walks every module: a parameter for the knowledge base is called ``base`` (the name most
    engines used), never ``knowledge``."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
                if "knowledge" in names:
                    found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert not found, found


@pytest.mark.parametrize("call", [
    lambda **kw: quote.product("92#", **kw),
    lambda **kw: quote.grade_choices(**kw),
    lambda **kw: quote.tier_choices(**kw),
    lambda **kw: quote.customer_tier("大客户", **kw),
    lambda **kw: quote.litres_per_tonne_range("92#", **kw),
    lambda **kw: checklists.checklist("visit", **kw),
    lambda **kw: checklists.checklists(**kw),
])
def test_the_old_knowledge_keyword_warns_and_is_forwarded(call):
    base = kb.load()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = call(base=base)
    with pytest.warns(DeprecationWarning, match="base="):
        old = call(knowledge=base)
    assert old == new
    with pytest.raises(TypeError):
        call(knowledge=base, base=base)


def test_the_quote_calculator_takes_base_and_still_knowledge():
    pytest.importorskip("ipywidgets")
    base = kb.load()
    assert quote_view.quote_calculator(base=base).grade.options
    with pytest.warns(DeprecationWarning):
        assert quote_view.quote_calculator(knowledge=base).grade.options


def test_every_public_engine_with_a_base_parameter_spells_it_base():
    """Signature check through inspect on the public engines (the decorator keeps the signature)."""
    import pkgutil

    import playbook.engines

    names = [m.name for m in pkgutil.iter_modules(playbook.engines.__path__)]
    assert {"quote", "quote_prices", "practice_store", "dialogue_play", "cadence_planner"} <= set(names)
    for name in names:
        module = importlib.import_module(f"playbook.engines.{name}")
        for attr in dir(module):
            fn = getattr(module, attr)
            if inspect.isfunction(fn) and fn.__module__ == module.__name__ and not attr.startswith("_"):
                assert "knowledge" not in inspect.signature(fn).parameters, f"{name}.{attr}"
