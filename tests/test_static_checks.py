"""The code checks itself: `ruff` (lint) and `mypy` (types) over src/, both clean.

Their settings live in pyproject.toml ([tool.ruff], [tool.mypy]); both tools are pinned in the `test`
extra, so the test venv has them. Each check runs as a subprocess of this interpreter and fails with
the tool's own report, so the failing line and its error code are in the pytest output. A remaining
`# type: ignore[code]` must say why on its line (mypy's `warn_unused_ignores` removes stale ones).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "playbook"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)


def test_ruff_clean() -> None:
    pytest.importorskip("ruff", reason="ruff is in the test extra: pip install -e '.[test]'")
    done = _run("ruff", "check", "--no-fix", "--output-format", "concise", "src")
    assert done.returncode == 0, f"ruff check src:\n{done.stdout}{done.stderr}"


def test_mypy_clean() -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extra: pip install -e '.[test]'")
    done = _run("mypy")  # files, strictness and third-party overrides: [tool.mypy] in pyproject.toml
    assert done.returncode == 0, f"mypy:\n{done.stdout}{done.stderr}"


IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def test_every_type_ignore_names_its_code_and_reason() -> None:
    """`# type: ignore[code]  # why`: a bare ignore hides every error on the line, an unexplained one
    cannot be judged when the code around it changes."""
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = IGNORE.search(line)
            if found and (not found["codes"] or not found["rest"].strip().lstrip("#").strip()):
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bad, "type: ignore without [code] and a reason:\n" + "\n".join(bad)
