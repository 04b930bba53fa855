"""The trainees' exercise notebooks as published in the notebook site: copies named
``exercises-<name>`` that open with a cell installing the package from the site."""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

#: The first code cell of a notebook run in the notebook site: install the package from the site.
BOOTSTRAP = ("# 在浏览器里(JupyterLite)运行时,从本站安装练习用到的包;在普通 Jupyter 中已安装,跳过。\n"
             "import sys\n"
             "if sys.platform == \"emscripten\":\n"
             "    import piplite\n"
             "    await piplite.install([\"ipywidgets\", \"playbook\"])")
#: The trainees' exercise notebooks are published under this prefix (``exercises-drills.ipynb``):
#: the book's app notebooks have names of their own (``drills.ipynb``) in the same flat folder.
EXERCISE_PREFIX = "exercises-"


def exercise_notebooks(sources: Sequence[Path], folder: Path) -> list[Path]:
    """Copies of the repository's ``exercises/*.ipynb`` for the notebook site, named
    ``exercises-<name>`` and opening with the :data:`BOOTSTRAP` cell (unless they have it)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sources:
        nb = json.loads(src.read_text(encoding="utf-8"))
        codes = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
        if not codes or "piplite" not in "".join(codes[0].get("source", [])):
            first = next((i for i, c in enumerate(nb["cells"]) if c.get("cell_type") == "code"), len(nb["cells"]))
            nb["cells"].insert(first, {"cell_type": "code", "execution_count": None, "id": "playbook-bootstrap",
                                       "metadata": {}, "outputs": [], "source": BOOTSTRAP.splitlines(keepends=True)})
        target = folder / f"{EXERCISE_PREFIX}{src.name}"
        text = json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        out.append(target)
    return out
