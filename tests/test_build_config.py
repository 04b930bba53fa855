"""The book's build settings turn a missing-glyph chart into a build failure (with a control)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).with_name("jupyter-book")
PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# 图表

```{{code-cell}} ipython3
import matplotlib.pyplot as plt
{setup}
plt.title("异议与成交率")
plt.show()
```
"""


def build(tmp_path: Path, setup: str) -> subprocess.CompletedProcess:
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(ROOT / "book" / "_config.yml", book)
    shutil.copytree(ROOT / "book" / "_static", book / "_static")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (book / "index.md").write_text(PAGE.format(setup=setup), encoding="utf-8")
    env = {**os.environ, "PLAYBOOK_CACHE": str(ROOT / ".cache")}
    return subprocess.run([str(JB), "build", str(book), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.book
def test_missing_glyph_fails_the_build(tmp_path):
    result = build(tmp_path, setup="")
    assert result.returncode != 0
    # the glyph warning goes to the cell's stderr, which the config turns into a build warning
    assert "[mystnb.stderr]" in result.stdout + result.stderr


@pytest.mark.book
def test_bundled_font_builds_cleanly(tmp_path):
    result = build(tmp_path, setup="from playbook.fonts import use_chinese_font; use_chinese_font()")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
