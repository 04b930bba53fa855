"""Build a preview of some chapters against the planned learning path, warnings as errors.

    .venv/bin/python tools/preview.py chapters/etiquette chapters/value  [--out /tmp/preview-x]

Copies book/ to a scratch folder, writes the planned table of contents (tools/toc_plan.yml)
with a one-line placeholder for every planned page that does not exist yet, and runs
``jupyter-book build -W -n --keep-going``. Only the named chapters are checked for real;
the placeholders exist so that {doc} links to planned chapters resolve.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def planned_files(toc: dict) -> list[str]:
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("chapters", nargs="+")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    out = Path(a.out or f"/tmp/preview-{Path(a.chapters[0]).name}")
    src = out / "book"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "book", src, ignore=shutil.ignore_patterns("_build"))
    toc = yaml.safe_load((ROOT / "tools" / "toc_plan.yml").read_text(encoding="utf-8"))
    for f in planned_files(toc):
        page = src / f"{f}.md"
        if not page.exists():
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {Path(f).name}\n\n(占位页,预览用)\n", encoding="utf-8")
    (src / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True), encoding="utf-8")
    cmd = [str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", str(src), "-W", "-n", "--keep-going"]
    print("运行:", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, env={**__import__("os").environ, "PLAYBOOK_CACHE": str(ROOT / ".cache")})
    print(f"预览:{src / '_build' / 'html'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
