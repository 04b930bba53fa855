"""Make the bundled chart font: Noto Sans SC Regular subset to GB2312 + punctuation.

Provenance: the npm package ``@expo-google-fonts/noto-sans-sc`` (OFL-1.1), file
``400Regular/NotoSansSC_400Regular.ttf``. Run once by a maintainer; the result and the
licence are committed in ``src/playbook/fonts/``:

    npm pack @expo-google-fonts/noto-sans-sc@0.4.3 && tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz
    python tools/make_font.py package/400Regular/NotoSansSC_400Regular.ttf
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "playbook" / "fonts" / "NotoSansSC-GB2312.ttf"


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


def main(source: str) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(gb2312_characters() + extra_characters())
    subprocess.run([sys.executable, "-m", "fontTools.subset", source, f"--text-file={f.name}",
                    f"--output-file={OUT}", "--layout-features=*", "--no-hinting",
                    "--name-IDs=*", "--name-legacy"], check=True)
    print(f"{OUT}: {OUT.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
