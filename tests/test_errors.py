"""Issue 28, errors with fields: the domain error carries a code and its values, the Chinese
sentence is composed in one place (errors.MESSAGES), the knowledge base raises the domain error,
there is no errors ↔ normalize cycle and one number check serves the package."""
from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

import playbook
from playbook import errors, normalize
from playbook.errors import MESSAGES, PlaybookInputError, UnknownItemError
from playbook.kb import load

SRC = Path(playbook.__file__).parent


def test_an_error_carries_its_code_and_values():
    err = PlaybookInputError("density20", code="range", label="标准密度 ρ20", low=610.6, high=1163.5,
                             unit="kg/m³", received=1200)
    assert (err.field, err.code) == ("density20", "range")
    assert err.values == {"label": "标准密度 ρ20", "low": 610.6, "high": 1163.5, "unit": "kg/m³",
                          "received": 1200}
    assert str(err) == err.message and "610.6" in err.message and "1200" in err.message


def test_every_code_renders_without_its_optional_values():
    for code in MESSAGES:
        text = errors.render(code, "f", {"label": "字段", "name": "a.csv", "low": 1, "high": 2, "received": 3,
                                         "length": 4, "line": 5, "item_id": "x", "allowed": "a", "missing": "m",
                                         "required": "r", "column": "c"})
        assert text and "{" not in text, code


def test_the_old_constructor_still_works():
    err = PlaybookInputError("x", "自己写的话")
    assert (err.code, err.message, err.field) == ("message", "自己写的话", "x")


def test_a_huge_received_value_never_breaks_the_message():
    err = PlaybookInputError("n", code="integer", label="数量", low=1, high=5, received=10 ** 5000)
    assert len(err.message) < 80


@pytest.mark.parametrize(("call", "code", "values"), [
    (lambda: normalize.require_number("abc", "t", "温度", -20, 50, "°C"), "number_range", {"low": -20, "high": 50}),
    (lambda: normalize.require_number(99, "t", "温度", -20, 50, "°C"), "range", {"received": 99, "unit": "°C"}),
    (lambda: normalize.require_int(True, "n", "轮次", 1, 10), "integer", {"low": 1, "high": 10}),
    (lambda: normalize.require_decimal("0", "q", "数量", Decimal(0), Decimal(5), "吨", low_open=True),
     "range_open", {"low": Decimal(0)}),
    (lambda: normalize.to_decimal("6,5", "s", "销售额"), "number", {"received": "6,5"}),
    (lambda: normalize.to_decimal("nan", "s", "销售额"), "not_finite", {}),
    (lambda: normalize.to_decimal(10 ** 20, "s", "销售额"), "too_large", {}),
    (lambda: normalize.require_text(5, "n", "姓名", 1, 5), "text_type", {"received": 5}),
    (lambda: normalize.require_name(" \u200b", "n", "姓名", 5), "empty", {}),
])
def test_number_and_text_checks_give_codes(call, code, values):
    with pytest.raises(PlaybookInputError) as info:
        call()
    assert info.value.code == code
    for key, value in values.items():
        assert info.value.values[key] == value


def test_the_knowledge_base_raises_the_domain_error_that_is_still_a_key_error():
    kb = load()
    with pytest.raises(UnknownItemError) as info:
        kb.get("no-such-id")
    assert isinstance(info.value, PlaybookInputError) and isinstance(info.value, KeyError)
    assert info.value.code == "unknown_item" and info.value.values["item_id"] == "no-such-id"
    with pytest.raises(KeyError):
        kb.get(10 ** 5000)
    with pytest.raises(UnknownItemError):
        kb.collection("nope")


def _playbook_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("playbook"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("playbook")}
    return found


def test_errors_imports_nothing_of_the_package():
    assert _playbook_imports(SRC / "errors.py") == set()


def test_one_number_check():
    """No module but normalize defines a range/number check of its own."""
    names = {"require_number", "require_int", "require_decimal", "_in_range", "to_decimal", "to_float"}
    for path in SRC.rglob("*.py"):
        if path.name == "normalize.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert not (defined & (names - {"_in_range"})), path
    quote = ast.parse((SRC / "engines" / "quote.py").read_text(encoding="utf-8"))
    body = next(n for n in quote.body if isinstance(n, ast.FunctionDef) and n.name == "_in_range")
    assert any(isinstance(n, ast.Name) and n.id == "require_decimal" for n in ast.walk(body))


def test_the_old_number_checks_in_errors_warn_and_forward():
    with pytest.warns(DeprecationWarning, match="normalize"):
        assert errors.require_number is normalize.require_number
    with pytest.warns(DeprecationWarning):
        assert errors.require_int is normalize.require_int


# --------------------------------------------------------------------------- the sentence lives in MESSAGES
#: Prose-form calls ``PlaybookInputError(field, text)`` that must stay, each with its reason.
#: (None today: a new one needs a reason here, or better a code in errors.MESSAGES.)
PROSE_ALLOWED: dict[tuple[str, str], str] = {}


def _error_calls() -> list[tuple[str, ast.Call]]:
    """Every call of the domain error or of a subclass defined anywhere in src/."""
    trees = {str(path.relative_to(SRC)): ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SRC.rglob("*.py"))}
    names = {"PlaybookInputError"}
    grown = True
    while grown:   # subclasses, and their subclasses
        found = {node.name for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                 and any(getattr(b, "id", getattr(b, "attr", None)) in names for b in node.bases)}
        grown = not found <= names
        names |= found
    assert {"UnknownItemError", "PrintError"} <= names
    calls = []
    for where, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in names:
                calls.append((where, node))
    return calls


def test_no_module_composes_its_own_error_sentence():
    """Every domain error raised in src/ gives a code (its sentence is in errors.MESSAGES); a call
    ``PlaybookInputError(field, "…")`` that writes its own prose fails here."""
    calls = _error_calls()
    assert len(calls) > 300  # the walk sees the package's raise sites
    prose = []
    for where, node in calls:
        if len(node.args) >= 2 or any(k.arg == "message" for k in node.keywords):
            if (where, ast.unparse(node.args[0]) if node.args else "") not in PROSE_ALLOWED:
                prose.append(f"{where}:{node.lineno}")
        elif where != "errors.py":
            assert any(k.arg == "code" for k in node.keywords), f"{where}:{node.lineno} gives no code"
    assert not prose, f"errors written as prose (give a code and values; sentence in errors.MESSAGES): {prose}"


def test_every_code_raised_in_src_has_its_sentence_and_its_values():
    """A literal code at a raise site is a key of MESSAGES, and the call passes every value its
    sentence names (the optional ones render empty), so no message shows a blank or a brace."""
    import re

    optional = {"hint", "unit", "blank", "kind", "reason", "note", "sp", "label", "where"}
    seen = set()
    for where, node in _error_calls():
        code = next((k.value for k in node.keywords if k.arg == "code"), None)
        if not isinstance(code, ast.Constant):
            continue
        seen.add(code.value)
        assert code.value in MESSAGES, f"{where}:{node.lineno}: code {code.value!r} not in errors.MESSAGES"
        if any(k.arg is None for k in node.keywords):   # **values: checked at run time
            continue
        given = {k.arg for k in node.keywords}
        needed = set(re.findall(r"\{(\w+)", MESSAGES[code.value])) - optional
        assert needed <= given, f"{where}:{node.lineno}: {code.value} needs {sorted(needed - given)}"
    assert len(seen) > 150
