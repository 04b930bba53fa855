"""Make the bundled font: Noto Sans SC Regular subset to GB2312 + punctuation + every CJK
character the project's own text uses (book pages, knowledge base, code strings, notebooks)
and the seeds use (so new pages written from them rarely need a new subset).

The book's build fails when a page uses a character this subset lacks
(``playbook.site.sphinxext.check_font_coverage``, naming the character and the page): then
run this tool again and commit the new subset.

Provenance: the npm package ``@expo-google-fonts/noto-sans-sc`` (OFL-1.1), file
``400Regular/NotoSansSC_400Regular.ttf``. Run once by a maintainer; the result and the
licence are committed in ``src/playbook/fonts/``:

    npm pack @expo-google-fonts/noto-sans-sc@0.4.3 && tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz
    python tools/make_font.py package/400Regular/NotoSansSC_400Regular.ttf

``--supplement`` makes the second bundled file, ``NotoSansSC-Supplement.ttf`` (family
"Playbook SC Supplement"): every simplified character of CC-CEDICT (the PyPI package ``zhon``
2.1.1, ``zhon.cedict.simplified``) the first file lacks, so charts draw rare given names
(王喆, 李堃, 张玥, …) without a system CJK font. Charts fall back to it glyph by glyph; the book's
pages do not load it (their text is checked against the first file)::

    pip install zhon==2.1.1
    python tools/make_font.py --supplement package/400Regular/NotoSansSC_400Regular.ttf
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from playbook import fonts  # noqa: E402 - standard library only; after the path is set

OUT = ROOT / "src" / "playbook" / "fonts" / fonts.FONT_FILE
SUPPLEMENT = OUT.with_name(fonts.SUPPLEMENT_FILE)
SUPPLEMENT_FAMILY = "Playbook SC Supplement"


def gb2312_characters() -> str:
    """Every character of GB2312 (rows 0xA1–0xF7, cells 0xA1–0xFE)."""
    chars = []
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def extra_characters() -> str:
    """ASCII, Latin-1, general punctuation, CJK symbols, full-width forms, units used in charts."""
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF),
              (0x2150, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF)]
    return "".join(chr(c) for lo, hi in ranges for c in range(lo, hi + 1)) + "ρα°‰³²℃"


ROOT = Path(__file__).resolve().parents[1]
#: CJK ranges the page's @font-face serves from this font (``unicode-range`` in playbook.css).
CJK = re.compile("[\u2000-\u206f\u2150-\u22ff\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
TEXT_SUFFIXES = {".md", ".py", ".json", ".yaml", ".yml", ".ipynb", ".txt", ".js", ".css", ".html"}
SKIP_DIRS = {".venv", "_build", ".cache", ".git", "node_modules", "__pycache__", ".jupyter_cache"}


def project_characters(root: Path = ROOT) -> str:
    """Every CJK-range character in the project's text files and in the seeds beside it."""
    found: set[str] = set()
    places = [p for p in root.rglob("*") if p.suffix in TEXT_SUFFIXES and not SKIP_DIRS & set(p.parts)]
    places += sorted((root.parent / "shared" / "seeds").glob("*"))
    for path in places:
        if path.is_file():
            found |= set(CJK.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return "".join(sorted(found))


def _subset(source: str, text: str, out: Path) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    subprocess.run([sys.executable, "-m", "fontTools.subset", source, f"--text-file={f.name}",
                    f"--output-file={out}", "--layout-features=*", "--no-hinting",
                    "--name-IDs=*", "--name-legacy"], check=True)
    print(f"{out}: {out.stat().st_size / 1e6:.2f} MB")


def supplement_characters() -> str:
    """CC-CEDICT's simplified CJK characters (``zhon``) that the first bundled file lacks."""
    from fontTools.ttLib import TTFont
    from zhon import cedict  # maintainer tool only: pip install zhon==2.1.1

    have = set(TTFont(str(OUT)).getBestCmap())
    return "".join(sorted(c for c in set(cedict.simplified)
                          if ("\u3400" <= c <= "\u9fff" or "\U00020000" <= c <= "\U0002ffff") and ord(c) not in have))


def rename(path: Path, family: str) -> None:
    """Give the font its own family name (so it never stands in for Noto Sans SC by name)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    names = {1: family, 4: family, 6: family.replace(" ", "") + "-Regular", 16: family, 17: "Regular"}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    font.save(str(path))


def main(argv: list[str]) -> int:
    if argv[0] == "--supplement":
        _subset(argv[1], supplement_characters(), SUPPLEMENT)
        rename(SUPPLEMENT, SUPPLEMENT_FAMILY)
        return 0
    _subset(argv[0], gb2312_characters() + extra_characters() + project_characters(), OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
