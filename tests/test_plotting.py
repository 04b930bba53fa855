"""Chinese chart text renders with real glyphs (no matplotlib "Glyph … missing" warnings)."""
from __future__ import annotations

import io
import subprocess
import sys
import textwrap

DRAW = textwrap.dedent("""
    import io, warnings, matplotlib
    matplotlib.use("Agg")
    warnings.simplefilter("always")
    {setup}
    import matplotlib.pyplot as plt
    with warnings.catch_warnings(record=True) as caught:
        fig, ax = plt.subplots()
        ax.set_title({title!r})
        fig.savefig(io.BytesIO(), format="png")
    print(sum("missing from font" in str(w.message) for w in caught))
""")


TITLE = "异议与成交率 64% 损耗‰ ρ20 kg/m³ 92#(Ⅴ)"


def _missing_glyph_warnings(setup: str, title: str = TITLE) -> int:
    out = subprocess.run([sys.executable, "-c", DRAW.format(setup=setup, title=title)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip())


def test_default_font_really_lacks_chinese_glyphs():
    """Control: without the bundled font the same drawing warns (so the next test can fail)."""
    assert _missing_glyph_warnings("") > 0


def test_bundled_font_has_every_glyph():
    assert _missing_glyph_warnings("from playbook.fonts import use_chinese_font; use_chinese_font()") == 0


RARE_NAMES = "王喆 李堃 张玥"   # attack report N33: given names outside GB2312


def _system_font(path, family: str, chars: str) -> None:
    """A tiny TrueType font named like a system CJK font, with a square for each of ``chars``."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def square():
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0)), pen.lineTo((100, 800)), pen.lineTo((900, 800)), pen.lineTo((900, 0))
        pen.closePath()
        return pen.glyph()

    names = [".notdef", *(f"g{i}" for i in range(len(chars)))]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"g{i}" for i, c in enumerate(chars)})
    fb.setupGlyf({n: square() for n in names})
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))


def _bundled_cmap() -> set[int]:
    from pathlib import Path

    from fontTools.ttLib import TTFont

    from playbook import fonts

    folder = Path(fonts.__file__).parent
    return set(TTFont(str(folder / fonts.FONT_FILE)).getBestCmap()) | set(
        TTFont(str(folder / fonts.SUPPLEMENT_FILE)).getBestCmap())


def test_rare_given_names_are_drawn_with_the_bundled_fonts_alone():
    """Attack report N33: 王喆, 李堃, 张玥 … were empty boxes in the dashboard's PNG charts. The
    GB2312 subset lacks them (control); with the bundled supplement the chart has every glyph."""
    only_first = ("import matplotlib; from playbook import fonts; fonts.use_chinese_font(); "
                  "matplotlib.rcParams['font.family'] = [fonts._register()]")
    assert _missing_glyph_warnings(only_first, RARE_NAMES) > 0
    assert _missing_glyph_warnings("from playbook.fonts import use_chinese_font; use_chinese_font()",
                                   RARE_NAMES + " 赵赟 刘昇 陈祎 孙珺 周璟 吴旻 郑彧") == 0


def test_characters_no_bundled_font_has_are_drawn_from_a_system_cjk_font(tmp_path):
    """Where the machine has a CJK font (here a stand-in named like Linux's WenQuanYi), the chart
    draws from it what neither bundled file has (traditional forms such as 龜 鬱 齣)."""
    chars = "".join(c for c in "龜鬱齣灣" if ord(c) not in _bundled_cmap())
    assert len(chars) >= 2
    font = tmp_path / "wqy.ttf"
    _system_font(font, "WenQuanYi Zen Hei", chars)
    use = "from playbook.fonts import use_chinese_font; use_chinese_font()"
    assert _missing_glyph_warnings(use, chars) > 0          # control: the bundled files lack them
    with_font = f"from matplotlib import font_manager; font_manager.fontManager.addfont({str(font)!r}); {use}"
    assert _missing_glyph_warnings(with_font, chars) == 0


def test_objection_chart_values():
    import matplotlib

    matplotlib.use("Agg")
    from playbook.views.plotting import objection_success_chart

    ax = objection_success_chart()
    heights = [p.get_height() for p in ax.patches]
    assert heights == [64, 54]                      # 002 §4.3.1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["客户提出异议", "客户没有异议"]
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"
