"""What the environment decides about a build: the quick or the full one, and where the
checkout's cache of browser assets and compressed copies lives."""
from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx


def repo_cache(app: Sphinx) -> Path:
    """The checkout's build cache: ``$PLAYBOOK_CACHE``, else ``.cache`` beside the book's folder."""
    return Path(os.environ.get("PLAYBOOK_CACHE", Path(app.confdir).parent / ".cache"))


#: ``PLAYBOOK_QUICK=1``: the quick first build ``scripts/serve.sh`` serves while the full one runs
#: in the background: every page and the live apps, but the chapters' code is not executed (no
#: build-time tables, charts or app examples) and the notebook site is not built; a banner says so.
QUICK_ENV = "PLAYBOOK_QUICK"
QUICK_NOTICE = ("快速预览版:各章由代码生成的表格、图表和示例,以及“在笔记本中打开”,正在后台生成"
                "(通常几分钟),完成后本站自动换成完整版,届时刷新本页即可看到。页内的计算器和练习现在就能用。")


def quick_build() -> bool:
    """Whether this is the quick first build (see :data:`QUICK_ENV`)."""
    return os.environ.get(QUICK_ENV) == "1"
