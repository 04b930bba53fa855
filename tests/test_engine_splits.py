"""Issue 28, one job per module: the dialogue engine was split into parts (bank, state, moves,
diagnosis, debrief, scorecard, trainer statistics); every public name is still importable from its
old path as the very same object, and the parts import each other without a cycle."""
from __future__ import annotations

import ast
import importlib
import warnings
from pathlib import Path

import pytest

from playbook.engines import (
    dialogue,
    dialogue_bank,
    dialogue_debrief,
    dialogue_diagnosis,
    dialogue_play,
    dialogue_scorecard,
    dialogue_state,
    dialogue_stats,
)

DIALOGUE_PARTS = [dialogue_bank, dialogue_state, dialogue_play, dialogue_diagnosis, dialogue_debrief,
                  dialogue_scorecard, dialogue_stats]


@pytest.mark.parametrize(("module", "parts"), [(dialogue, DIALOGUE_PARTS)], ids=lambda m: getattr(m, "__name__", ""))
def test_every_public_name_is_still_there_and_is_the_parts_object(module, parts):
    homes = {name: part for part in parts for name in part.__all__}
    for name in module.__all__:
        with warnings.catch_warnings():
            warnings.simplefilter("error")          # a public name never warns
            value = getattr(module, name)
        if name in homes:
            assert value is getattr(homes[name], name), name
    # every public name of a part is reachable from the old module too
    assert set(homes) <= set(module.__all__) | set(dir(module))


def test_the_dialogue_parts_are_the_same_objects():
    assert dialogue.State is dialogue_state.State
    assert dialogue.start is dialogue_play.start and dialogue.say is dialogue_play.say
    assert dialogue.VERDICTS is dialogue_play.VERDICTS and dialogue.HELD_BACK is dialogue_state.HELD_BACK
    assert dialogue._nodes is dialogue_state._nodes                 # the view and the cards read these
    assert dialogue._diagnose_item is dialogue_state._diagnose_item
    assert dialogue.diagnose is dialogue_diagnosis.diagnose
    assert dialogue.debrief is dialogue_debrief.debrief and dialogue.scorecard is dialogue_scorecard.scorecard
    assert dialogue.choice_stats is dialogue_stats.choice_stats and dialogue.get is dialogue_bank.get


def _sibling_imports(module) -> set[str]:
    """The ``playbook.engines`` modules ``module`` imports (anywhere in its source)."""
    source = Path(module.__file__).read_text(encoding="utf-8")
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("playbook.engines."):
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.module == "playbook.engines":
            found |= {f"playbook.engines.{a.name}" for a in node.names}
    return found


@pytest.mark.parametrize("prefix", ["playbook.engines.dialogue"])
def test_the_parts_import_each_other_without_a_cycle(prefix):
    folder = Path(dialogue.__file__).parent
    names = sorted(f"playbook.engines.{p.stem}" for p in folder.glob("*.py")
                   if f"playbook.engines.{p.stem}".startswith(prefix))
    graph = {n: {m for m in _sibling_imports(importlib.import_module(n)) if m in names} for n in names}
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " → ".join((*path, node))
        if node in done:
            return
        for nxt in graph[node]:
            visit(nxt, (*path, node))
        done.add(node)

    for n in names:
        visit(n, ())
    assert len(names) >= 8
