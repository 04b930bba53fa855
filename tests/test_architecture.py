"""The package's layout is its architecture (../shared/DESIGN.md): data → pure engines → thin views,
the site machinery apart. Imports point down the layers, never up; this test reads every module's
imports (top level and inside functions) and names each import that points the wrong way."""
from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

import playbook

PACKAGE = Path(playbook.__file__).parent

#: Layer of each part of the package; a module may import its own layer and the ones below.
LAYERS = {
    "playbook": 0, "playbook.errors": 0, "playbook.fileio": 0, "playbook.typography": 0,
    "playbook.normalize": 0, "playbook.spreadsheet": 0, "playbook.sheets": 0,
    "playbook.fonts": 0,
    "playbook.kb": 1,
    "playbook.engines": 2,
    "playbook.trainer": 3,
    "playbook.views": 4, "playbook.exercises": 4,
    "playbook.site": 5,
    "playbook.cli": 6, "playbook.__main__": 6,
}


def layer_of(module: str) -> tuple[str, int]:
    """(part, layer) of a dotted module name inside the package: the longest matching prefix."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in LAYERS:
            return prefix, LAYERS[prefix]
    raise KeyError(f"{module} belongs to no layer: add its part to LAYERS")


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for each ``playbook`` module imported anywhere in ``source``; short names
    (``from playbook import quote``) are resolved through :data:`playbook.SHORT_NAMES`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "playbook"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against this module's package
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "playbook":
                continue
            for alias in node.names:
                full = f"{target}.{alias.name}"
                if target == "playbook" and alias.name in playbook.SHORT_NAMES:
                    found.append((node.lineno, playbook.SHORT_NAMES[alias.name]))
                else:
                    try:
                        layer_of(full)
                        found.append((node.lineno, full))
                    except KeyError:
                        found.append((node.lineno, target))
    return found


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """Imports of ``module`` that point up the layers, each as a readable line."""
    part, layer = layer_of(module)
    out = []
    for line, target in imported_modules(source, module, is_package):
        try:
            to_part, to_layer = layer_of(target)
        except KeyError:
            out.append(f"{module}:{line} imports {target}, which belongs to no layer")
            continue
        if to_layer > layer:
            out.append(f"{module}:{line} imports {target} ({to_part}, layer {to_layer}) "
                       f"from {part} (layer {layer})")
    return out


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer():
    assert len(MODULES) > 30
    for path in MODULES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down_the_layers(path):
    assert violations(path.read_text(encoding="utf-8"), module_name(path),
                      path.name == "__init__.py") == []


@pytest.mark.parametrize(("module", "source"), [
    ("playbook.engines.quote", "from playbook.views import quote as w\n"),
    ("playbook.engines.drills", "def f():\n    from playbook.site import sphinxext\n"),
    ("playbook.engines.loss", "import playbook.views.charts.loss\n"),
    ("playbook.kb", "from playbook import quote\n"),              # short name of an engine
    ("playbook.trainer.records", "from ..views import scoring\n"),
    ("playbook.engines.quote", "from ..site.live import run_app\n"),
    ("playbook.views.quote", "from playbook.cli import main\n"),
])
def test_a_wrong_import_is_named(module, source):
    found = violations(source, module)
    assert len(found) == 1 and module in found[0]


@pytest.mark.parametrize(("module", "source"), [
    ("playbook.views.quote", "from playbook.engines import quote\nfrom playbook import kb\n"),
    ("playbook.engines.loss", "from playbook.engines import petroleum\nfrom playbook.errors import shown\n"),
    ("playbook.site.sphinxext", "from playbook.views import drills\nfrom playbook.trainer import cards\n"),
    ("playbook.trainer.records", "from .roleplay import SKILLS\n"),
])
def test_a_right_import_passes(module, source):
    assert violations(source, module) == []


def test_short_names_import_the_engines():
    from playbook import quote
    from playbook.engines import quote as full
    assert quote is full
    with pytest.raises(ImportError):
        from playbook import no_such_module  # noqa: F401


# ---------------------------------------------------------------------------- deprecated names
@functools.cache
def moved_names() -> dict[str, set[str]]:
    """Module → its names that moved elsewhere: every module with a module-level ``_MOVED`` table
    (read through a DeprecationWarning forwarder; old notebooks only, never the package itself)."""
    import importlib

    out: dict[str, set[str]] = {}
    for path in MODULES:
        if "_MOVED" not in path.read_text(encoding="utf-8"):
            continue
        name = module_name(path)
        table = getattr(importlib.import_module(name), "_MOVED", None)
        if isinstance(table, dict):
            out[name] = set(table)
    return out


def deprecated_uses(source: str, moved: dict[str, set[str]]) -> list[str]:
    """``from M import old`` and ``m.old`` (``m`` bound to ``M`` by an import) in ``source``."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                if a.name in moved.get(node.module, ()):
                    out.append(f"{node.lineno}: from {node.module} import {a.name}")
                if f"{node.module}.{a.name}" in moved:
                    aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            aliases.update({a.asname: a.name for a in node.names if a.asname and a.name in moved})
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases \
                and node.attr in moved[aliases[node.value.id]]:
            out.append(f"{node.lineno}: {node.value.id}.{node.attr} ({aliases[node.value.id]})")
    return out


def test_deprecated_names_are_found():
    moved = moved_names()
    assert "require_number" in moved["playbook.errors"]
    assert "score_free_text" in moved["playbook.engines.drills"]
    assert len(deprecated_uses("from playbook.errors import require_number\n", moved)) == 1
    assert len(deprecated_uses("from playbook.engines import drills\ndrills.score_free_text(t, a)\n", moved)) == 1
    assert deprecated_uses("from playbook.normalize import require_number\n"
                           "from playbook.engines import drills\ndrills.free_text_tasks()\n", moved) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_uses_a_deprecated_name(path):
    """The package imports a moved name from its new home, never through the forwarder."""
    assert deprecated_uses(path.read_text(encoding="utf-8"), moved_names()) == []


def import_graph(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Module → the package modules it imports anywhere (a name imported from a module counts as
    that module), from ``{module: (source, is_package)}``."""
    def owner(target: str) -> str | None:
        parts = target.split(".")
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in sources:
                return ".".join(parts[:n])
        return None

    graph: dict[str, set[str]] = {}
    for module, (source, is_package) in sources.items():
        found = {owner(t) for _, t in imported_modules(source, module, is_package)}
        graph[module] = {m for m in found if m and m != module}
    return graph


def test_no_import_cycle():
    """No module imports, even inside a function, a module that leads back to it."""
    import graphlib

    sources = {module_name(p): (p.read_text(encoding="utf-8"), p.name == "__init__.py") for p in MODULES}
    graph = import_graph(sources)
    assert sum(map(len, graph.values())) > 200   # the graph was read
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the cycle


def test_an_import_cycle_is_found():
    import graphlib

    graph = import_graph({"playbook.errors": ("from playbook.normalize import clean\n", False),
                          "playbook.normalize": ("def f():\n    from playbook import errors\n", False)})
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter(graph).prepare()


#: A module over this many lines must name its one job in LONG_MODULES (issue 28: one job per
#: module, visible in the package's layout).
LONG_LINES = 500
LONG_MODULES = {
    "playbook.engines.petroleum": "the petroleum measurement tables (GB/T 1885): three routes (15 °C, 20 °C, "
                                  "60 °F) over one constants table, the 20 °C route computed through the 15 °C one",
    "playbook.trainer.records": "the score-records store (class Store): transactions, migrations applied on open, "
                                "look-alike names; backends, URLs and validation live in trainer.recordstore",
}


def test_a_long_module_names_its_one_job():
    long = {module_name(p): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > LONG_LINES}
    assert len(MODULES) > 100   # the package was read
    unnamed = {m: n for m, n in long.items() if m not in LONG_MODULES}
    assert not unnamed, f"split these along their jobs, or name the one job in LONG_MODULES: {unnamed}"
    assert set(LONG_MODULES) <= set(long), f"no longer long: {set(LONG_MODULES) - set(long)}"
