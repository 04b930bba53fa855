"""Examples that run: every `>>>` example in the package's docstrings is executed here.

A module takes part when its source holds `>>>`; it is imported by name and run with
`doctest.testmod` (NORMALIZE_WHITESPACE | ELLIPSIS), so a docstring example that stops being true
fails this test with doctest's report. Every public engine module must carry at least one example:
the Usage block at the top of an engine is the first thing a reader copies.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import playbook

PACKAGE = Path(playbook.__file__).parent
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _modules() -> dict[str, Path]:
    """Dotted name → source file of every module of the package (packages as their __init__.py)."""
    found = {"playbook": PACKAGE / "__init__.py"}
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="playbook."):
        base = PACKAGE.joinpath(*info.name.split(".")[1:])
        path = base / "__init__.py" if info.ispkg else base.with_suffix(".py")
        if path.exists():
            found[info.name] = path
    return found


MODULES = _modules()
WITH_EXAMPLES = sorted(name for name, path in MODULES.items() if ">>>" in path.read_text(encoding="utf-8"))


def test_some_modules_have_examples() -> None:
    assert WITH_EXAMPLES, "no `>>>` example anywhere in src/playbook"


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    assert finder.find(module), f"{name}: `>>>` in the source but no docstring example doctest can find"
    results = doctest.testmod(module, optionflags=FLAGS, report=True, verbose=False)
    assert results.failed == 0, f"{name}: {results.failed} of {results.attempted} doctest examples failed"


def _public_engines() -> list[str]:
    return sorted(name for name in MODULES
                  if name.startswith("playbook.engines.") and not name.rsplit(".", 1)[1].startswith("_")
                  and not name.endswith("_data"))


@pytest.mark.parametrize("name", _public_engines())
def test_every_public_engine_has_a_runnable_example(name: str) -> None:
    assert name in WITH_EXAMPLES, f"{name}: add a `>>>` Usage example to its module docstring"
