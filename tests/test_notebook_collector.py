"""The text-notebook collector: finds MyST-NB notebooks and fails on a failing cell."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from playbook.site.pytest_notebooks import is_text_notebook

HEADER = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    # 测试
    """)


def cell(code: str) -> str:
    return f"\n```{{code-cell}} ipython3\n{code}\n```\n"


def test_recognises_only_text_notebooks(tmp_path):
    nb = tmp_path / "nb.md"
    nb.write_text(HEADER + cell("1 + 1"), encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# 普通页面\n", encoding="utf-8")
    assert is_text_notebook(nb) and not is_text_notebook(page)


def run_pytest(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "playbook.site.pytest_notebooks",
                           "--nbval-lax", "-c", "/dev/null", "--rootdir", str(folder), str(folder)],
                          capture_output=True, text=True, timeout=300)


def test_each_cell_runs_in_the_notebooks_own_folder(tmp_path):
    (tmp_path / "data.txt").write_text("42", encoding="utf-8")
    (tmp_path / "ok.md").write_text(HEADER + cell("x = open('data.txt').read()") + cell("assert x == '42'"),
                                    encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_a_failing_cell_fails_the_run(tmp_path):
    (tmp_path / "bad.md").write_text(HEADER + cell("1 / 0"), encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stdout
