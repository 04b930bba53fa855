"""Field checklists (playbook.engines.checklists): 000 §9.3 unloading safety, 001 拜访八步曲."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from playbook import checklists
from playbook.errors import PlaybookInputError

ROOT = Path(__file__).resolve().parents[1]


def test_visit_checklist_is_001s_eight_steps():
    c = checklists.checklist("visit")
    assert len(c.items) == 8
    assert c.items[0].text.startswith("a) 约") and c.items[-1].text.endswith("预约下次拜访。")


def test_unloading_checklist_has_the_three_principles_and_labels_the_example():
    c = checklists.checklist("unloading")
    assert c.principles == ("不规范的装油设备,尽量不卖。", "如果卖了,我们不负责卸油。",
                            "客户要按我们的程序卸油,并且要签字确认,以便划清责任。")
    assert "本书示例" in c.sections[0].title and "没有印出调查表" in c.intro
    kit = next(s for s in c.sections if "安全装备" in s.title)
    assert [i.text for i in kit.items][:2] == ["卸油胶管", "变径"]


def test_progress_and_printable_page():
    c = checklists.checklist("unloading")
    ids = [i.id for i in c.items]
    p = checklists.progress(c, ids[:3])
    assert (p.done, p.total, p.complete) == (3, len(ids), False)
    page = checklists.to_html(c, ids[:3], {"客户": "某加油站"})
    assert page.count("√") == 3 and page.count("□") == len(ids) - 3
    assert "size: A4" in page and "NotoSansSC-GB2312.ttf" in page and "某加油站" in page
    with pytest.raises(PlaybookInputError) as err:
        checklists.progress(c, ["nope"])
    assert err.value.field == "checked" and "没有这些项目" in err.value.message


def test_font_file_name_is_the_books():
    from playbook.fonts import FONT_FILE
    assert checklists.FONT_FILE == FONT_FILE


def test_published_print_pages_are_current():
    for c in checklists.checklists():
        page = ROOT / "book" / "_static" / "checklists" / f"{c.id}.html"
        assert page.read_text(encoding="utf-8") == checklists.print_page(c), (
            f"{page} is stale: run python -m playbook.engines.checklists")


def test_browser_side_engines_import_with_only_the_standard_library():
    code = textwrap.dedent("""
        import sys
        for name in ("yaml", "pydantic", "numpy", "pandas", "matplotlib", "openpyxl", "icalendar",
                     "chinese_calendar", "lunardate", "playbook.fonts"):   # fonts/: not in the page's bundle
            sys.modules[name] = None
        from datetime import datetime, timezone
        import playbook.engines.grading as g, playbook.engines.cadence as c
        import playbook.engines.value_added as v, playbook.engines.checklists as k
        p = c.plan([("甲", "A"), ("乙", "C")], 2026, 9)
        assert c.to_ics(p, stamp=datetime(2026, 9, 1, tzinfo=timezone.utc)).startswith(b"BEGIN:VCALENDAR")
        g.grade(g.customers_from_rows(g.read_table("客户,稳定性,价格敏感度,需求量,忠诚度,属性\\n甲,1,2,3,4,5\\n".encode())))
        v.commission(100, "first"); k.to_html(k.checklist("visit"))
        from playbook.views.grading import grading_tool
        from playbook.views.cadence import cadence_planner
        from playbook.views.value_added import commission_calculator
        from playbook.views.checklists import checklist_widget
        from playbook.views.forecast import forecast_tool
        import playbook.engines.forecast as f, playbook.sheets
        assert f.forecast_rows(f.parse_history("月份,区域,品项,销量\\n2026-01,甲,A,1\\n2026-02,甲,A,2\\n"))
        assert grading_tool().result and cadence_planner().plan and commission_calculator().result
        assert forecast_tool().result
        checklist_widget("visit")
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
