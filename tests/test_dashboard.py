"""The trainer's team dashboard (playbook.trainer.dashboard): tables, suggestions, charts, HTML, exports.

The records are built by hand; every expected number is worked out in the comments.
"""
from __future__ import annotations

import csv
import io
import math
import subprocess
import sys
import warnings
from datetime import datetime, timedelta, timezone

import pytest

from playbook.trainer import dashboard

from playbook.engines import drills, leitner
from playbook.errors import PlaybookInputError
from tests.errcheck import raises_code
from playbook.trainer.roleplay import SKILLS, CheckMark, ScoreSheet

CST = timezone(timedelta(hours=8))
CHECKS = {  # check id → (skill, label)
    "chk-listen": ("persuasion", "是否先倾听客户的需求?"),
    "chk-style": ("persuasion", "是否按客户的沟通风格调整说法?"),
    "chk-no-argue": ("objection", "是否没有和客户争辩?"),
    "chk-method": ("objection", "是否用了合适的异议处理方法?"),
    "chk-fab": ("fab", "是否讲清了特征、优点和利益?"),
    "chk-greet": ("etiquette", "是否主动问候并自我介绍?"),
    "chk-card": ("etiquette", "是否双手递送名片?"),
}
FIRST, SECOND = "新员工第一期", "复训"          # by name 复训 sorts first; by time it is second


def marks(**passed: bool) -> tuple[CheckMark, ...]:
    """``marks(listen=True, no_argue=False)`` → CheckMarks of the checks above."""
    out = []
    for key, ok in passed.items():
        check_id = "chk-" + key.replace("_", "-")
        skill, label = CHECKS[check_id]
        out.append(CheckMark(check_id, skill, label, ok))
    return tuple(out)


def sheet(session: str, round_no: int, trainee: str, day: int, hour: int, minute: int = 0, *,
          observer: str = "赵老师", notes: str = "", rating: int | None = 3, **passed: bool) -> ScoreSheet:
    return ScoreSheet(session, round_no, trainee, observer, f"card-{round_no}", marks(**passed), notes, rating,
                      datetime(2026, 11, day, hour, minute, tzinfo=CST))


@pytest.fixture
def sheets() -> list[ScoreSheet]:
    # Listed out of time order on purpose: the second session first, 李四's earliest sheet last.
    return [
        sheet(SECOND, 1, "张三", 30, 9, no_argue=True, method=True, greet=True, fab=False),
        sheet(SECOND, 1, "李四", 30, 10, no_argue=False, method=True, greet=True, style=True),
        sheet(SECOND, 2, "王五", 30, 11, listen=True, fab=True, greet=False, no_argue=True, card=False,
              notes="递名片时单手,要改"),
        sheet(FIRST, 1, "张三", 23, 9, 30, listen=True, no_argue=False, method=True, greet=True),
        sheet(FIRST, 2, "张三", 23, 10, 30, listen=True, no_argue=False, fab=True),
        sheet(FIRST, 1, "李四", 23, 9, listen=False, style=True, no_argue=False, method=False, greet=True),
    ]


NASTY = "<script>alert(1)</script>"


@pytest.fixture
def nasty() -> list[ScoreSheet]:
    """User text that must neither run in HTML nor become a spreadsheet formula."""
    evil = (CheckMark("-2+3", "objection", "@SUM(1,2)", False), CheckMark("-2+3", "objection", "@SUM(1,2)", True))
    return [ScoreSheet("=1+1", 1, NASTY, '=HYPERLINK("http://x","y")', "+card", evil,
                       notes="+cmd|' /C calc'!A0 <b>粗</b>", rating=None,
                       scored_at=datetime(2026, 12, 1, 9, 0, tzinfo=CST))]


# ----------------------------------------------------------------------------- tables
def test_skill_table_pools_marks_over_rounds(sheets):
    t = dashboard.skill_table(sheets)
    assert list(t.columns) == [*SKILLS, "overall", "rounds"]
    assert list(t.index) == sorted(["张三", "李四", "王五"])
    # 张三 objection: round 1 ✗✓, round 2 ✗, 复训 ✓✓ → 3 of 5 = 0.6 (mean of rounds would be 0.5)
    assert t.loc["张三", "objection"] == pytest.approx(0.6)
    assert t.loc["张三", "persuasion"] == 1.0                       # listen ✓✓
    assert t.loc["张三", "fab"] == pytest.approx(0.5)               # ✓ then ✗
    assert t.loc["张三", "etiquette"] == 1.0
    assert t.loc["张三", "overall"] == pytest.approx(8 / 11)        # 3/4 + 2/3 + 3/4 marks
    assert t.loc["张三", "rounds"] == 3
    # 李四: persuasion ✗✓✓ = 2/3, objection ✗✗✗✓ = 1/4, FAB never checked, etiquette ✓✓
    assert t.loc["李四", "persuasion"] == pytest.approx(2 / 3)
    assert t.loc["李四", "objection"] == pytest.approx(0.25)
    assert math.isnan(t.loc["李四", "fab"])
    assert t.loc["李四", "overall"] == pytest.approx(5 / 9)
    # 王五: one round, etiquette greet ✗ card ✗ → 0, overall 3 of 5 = 0.6
    assert t.loc["王五", "etiquette"] == 0.0
    assert t.loc["王五", "overall"] == pytest.approx(0.6)
    assert t.loc["王五", "rounds"] == 1
    chinese = dashboard.chinese_columns(t)
    assert list(chinese.columns) == ["说服与沟通", "异议处理", "FAB 介绍", "商务礼仪", "总体", "轮次"]
    assert chinese.index.name == "学员"


def test_progress_table_orders_sessions_by_their_first_score(sheets):
    p = dashboard.progress_table(sheets)
    assert list(zip(p["trainee"], p["session"])) == [
        ("张三", FIRST), ("张三", SECOND), ("李四", FIRST), ("李四", SECOND), ("王五", SECOND)]
    first = p.iloc[0]
    # the session started with 李四's round at 09:00, though it is listed last
    assert first["started"] == datetime(2026, 11, 23, 9, 0, tzinfo=CST)
    assert first["rounds"] == 2
    assert first["overall"] == pytest.approx(5 / 7)                 # 3 of 4, then 2 of 3
    assert first["objection"] == pytest.approx(1 / 3)               # ✗✓ then ✗
    second = p.iloc[1]
    assert second["overall"] == pytest.approx(0.75)
    assert second["objection"] == 1.0 and second["fab"] == 0.0
    assert math.isnan(second["persuasion"])                         # not checked in 复训
    assert p.iloc[2]["overall"] == pytest.approx(0.4) and p.iloc[3]["overall"] == pytest.approx(0.75)


def test_weakest_checks_order_ties_and_min_count(sheets):
    w = dashboard.weakest_checks(sheets, n=5)
    # no-argue 2/6, fab 2/3, listen 3/4 and method 3/4 (tie → by id), greet 4/5; style 2/2 cut by n;
    # card is seen once only (min_count 2)
    assert list(w["check_id"]) == ["chk-no-argue", "chk-fab", "chk-listen", "chk-method", "chk-greet"]
    top = w.iloc[0]
    assert (top["label"], top["skill"], top["skill_label"]) == ("是否没有和客户争辩?", "objection", "异议处理")
    assert (top["passed"], top["total"]) == (2, 6) and top["rate"] == pytest.approx(1 / 3)
    assert dashboard.weakest_checks(sheets, n=None, min_count=1)["check_id"][0] == "chk-card"   # 0 of 1
    assert len(dashboard.weakest_checks(sheets, n=None)) == 6
    # same rate, more marks first: method 3/4 + ✓✓✓✗ = 6/8 now goes before listen 3/4
    extra = sheets + [sheet(FIRST, r, "王五", 23, 11, r, method=ok) for r, ok in ((3, True), (4, True),
                                                                              (5, True), (6, False))]
    order = list(dashboard.weakest_checks(extra, n=None)["check_id"])
    assert order == ["chk-no-argue", "chk-fab", "chk-method", "chk-listen", "chk-greet", "chk-style"]


def test_tables_do_not_depend_on_record_order(sheets):
    a = dashboard.weakest_checks(sheets, n=None)
    b = dashboard.weakest_checks(list(reversed(sheets)), n=None)
    assert a.equals(b)
    assert dashboard.skill_table(sheets).equals(dashboard.skill_table(list(reversed(sheets))))
    assert dashboard.progress_table(sheets).equals(dashboard.progress_table(list(reversed(sheets))))


# ------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("call", [
    dashboard.skill_table, dashboard.progress_table, dashboard.weakest_checks, dashboard.summary_html,
    dashboard.skill_chart, lambda s: dashboard.export_csv(s, "/nonexistent/never-written"),
    lambda s: dashboard.suggest_next(s, "张三"),
])
def test_empty_input_is_a_chinese_error(call):
    with raises_code("board_no_sheets", "sheets"):
        call([])


def test_wrong_records_and_unknown_skill(sheets):
    with raises_code("wrong_type", "sheets", label="第 2 条评分记录", received="dict"):
        dashboard.skill_table([sheets[0], {"trainee": "张三"}])
    odd = ScoreSheet("x", 1, "张三", "赵老师", "c", (CheckMark("c1", "closing", "是否促成?", True),))
    with raises_code("board_unknown_skill", "skill", skill="closing"):
        dashboard.skill_table([odd])
    with pytest.raises(PlaybookInputError) as err:
        dashboard.weakest_checks(sheets, n=0)
    assert err.value.field == "n"


# ------------------------------------------------------------------------ suggestions
def test_suggestion_starts_with_the_weakest_family(sheets):
    nxt = dashboard.suggest_next(sheets, "李四", size=10, seed=3)
    # 李四: objection 25 % < persuasion 67 % < etiquette 100 %; FAB never checked → last
    assert [g.skill for g in nxt.ranking] == ["objection", "persuasion", "etiquette", "fab"]
    assert nxt.ranking[0].reason == "异议处理 通过率 25%,低于团队平均 50%"    # team: 5 of 10
    assert nxt.ranking[1].reason == "说服与沟通 通过率 67%,低于团队平均 83%"  # team: 5 of 6
    assert nxt.ranking[2].reason == "商务礼仪 通过率 100%,高于团队平均 67%"  # team: 4 of 6
    assert "还没有" in nxt.ranking[3].reason
    families = [q.family for q in nxt.session.questions]
    assert len(families) == 10 and families[0] == "objection"
    # quotas 4:2:1:1 of 10 → 5 objection, 3 persuasion, 1 etiquette, 1 FAB, weakest first
    assert families[:5] == ["objection"] * 5
    assert all(f in ("customer_type", "communication_style") for f in families[5:8])
    assert families[8:] == ["etiquette", "fab"]
    assert nxt.suggestions[0].reason == nxt.ranking[0].reason
    assert [s.question for s in nxt.suggestions] == list(nxt.session.questions)
    assert len({q.id for q in nxt.session.questions}) == 10
    again = dashboard.suggest_next(sheets, "李四", size=10, seed=3)
    assert again.session == nxt.session                             # deterministic


def test_suggestion_follows_leitner_progress(sheets):
    pool = dashboard.suggest_next(sheets, "李四", size=10, seed=3).session.questions
    objection_known, objection_missed = pool[0].id, pool[1].id
    etiquette = [q.id for q in drills.all_questions(seed=3, families=["etiquette"])]
    progress = leitner.new_progress("李四")
    for _ in range(5):                                              # → box 5: known
        progress = leitner.record(progress, objection_known, True)
    progress = leitner.record(progress, objection_missed, False)     # → box 1
    progress = leitner.record(progress, etiquette[-1], False)        # → box 1
    nxt = dashboard.suggest_next(sheets, "李四", progress=progress, size=10, seed=3)
    ids = [q.id for q in nxt.session.questions]
    # answered wrong first (weakest skill's first), the known question left out
    assert ids[:2] == [objection_missed, etiquette[-1]]
    assert objection_known not in ids
    assert "上次答错" in nxt.suggestions[1].reason and nxt.suggestions[1].skill == "etiquette"
    assert [q.family for q in nxt.session.questions].count("objection") == 5


def test_suggestion_errors(sheets):
    with raises_code("board_unknown_trainee", "trainee", trainee="赵六") as err:
        dashboard.suggest_next(sheets, "赵六")
    assert "张三" in err.value.values["listed"].split("、")
    with pytest.raises(PlaybookInputError) as err:
        dashboard.suggest_next(sheets, "李四", progress=leitner.new_progress("张三"))
    assert err.value.field == "progress"
    with pytest.raises(PlaybookInputError) as err:
        dashboard.suggest_next(sheets, "李四", size=0)
    assert err.value.field == "size"


# ----------------------------------------------------------------------------- charts
def _draw(fig) -> tuple[list[str], int]:
    """All texts of the figure and the number of missing-glyph warnings while drawing it."""
    from matplotlib.text import Text

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    texts = [t.get_text() for t in fig.findobj(Text)]
    return texts, sum("missing from font" in str(w.message) for w in caught)


@pytest.fixture
def agg():
    import matplotlib

    matplotlib.use("Agg")


def test_glyph_check_can_fail(agg):
    """Control: a character outside the bundled font is reported, so the checks below can fail."""
    from playbook.fonts import use_chinese_font

    use_chinese_font()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("\U00020000")
    plt.close(fig)
    assert _draw(fig)[1] > 0


def test_skill_chart(agg, sheets):
    texts, missing = _draw(dashboard.skill_chart(sheets))
    assert missing == 0
    assert {"各学员技能通过率", "通过率(%)", "张三", "李四", "王五", *SKILLS.values()} <= set(texts)
    assert "60%" in texts and "未评" in texts                      # 张三 objection; 李四 FAB
    one = dashboard.skill_chart(sheets, trainee="李四")
    texts, missing = _draw(one)
    assert missing == 0
    assert {"李四 各技能通过率", "团队平均", "25%", *SKILLS.values()} <= set(texts)
    assert [round(p.get_height()) for p in one.axes[0].patches] == [67, 25, 0, 100]


def test_progress_chart(agg, sheets):
    fig = dashboard.progress_chart(sheets)
    texts, missing = _draw(fig)
    assert missing == 0
    assert {"各学员总体通过率(按场次)", FIRST, SECOND, "张三", "场次(按时间先后)"} <= set(texts)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == [FIRST, SECOND]
    lines = {line.get_label(): list(line.get_ydata()) for line in fig.axes[0].get_lines()}
    assert lines["张三"] == pytest.approx([500 / 7, 75])
    texts, missing = _draw(dashboard.progress_chart(sheets, trainee="张三"))
    assert missing == 0 and {"张三 各场次通过率", "总体", "异议处理"} <= set(texts)


def test_weak_checks_chart(agg, sheets):
    fig = dashboard.weak_checks_chart(sheets, n=3)
    texts, missing = _draw(fig)
    assert missing == 0
    assert "团队最薄弱的检查项" in texts and "是否没有和客户争辩?" in texts
    assert "2/6 33%  异议处理" in texts
    assert [round(p.get_width()) for p in fig.axes[0].patches] == [33, 67, 75]
    texts, missing = _draw(dashboard.weak_checks_chart(sheets[:1], n=3))   # nothing seen twice
    assert missing == 0 and any("没有被检查过" in t for t in texts)


# ------------------------------------------------------------------------------ HTML
def test_summary_html_escapes_user_text(sheets, nasty):
    page = dashboard.summary_html(sheets + nasty)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;粗&lt;/b&gt;" in page and "递名片时单手,要改" in page
    assert "4 名学员,3 场,7 轮评分" in page
    assert "异议处理" in page and "60%" in page


# ---------------------------------------------------------------------------- exports
def _read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                           # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_export_csv(sheets, tmp_path):
    paths = dashboard.export_csv(sheets, tmp_path / "导出")
    assert [p.name for p in paths] == ["records.csv", "skills.csv", "weakest.csv"]
    records = _read_csv(paths[0])
    assert records[0] == ["场次", "轮次", "学员", "观察员", "情境", "技能", "检查项编号", "检查项", "是否通过",
                          "评语", "总体印象", "评分时间"]
    assert len(records) == 1 + 25                                     # 4+4+5+4+3+5 marks
    assert records[1] == [SECOND, "1", "张三", "赵老师", "card-1", "异议处理", "chk-no-argue",
                          "是否没有和客户争辩?", "是", "", "3", "2026-11-30 09:00:00+08:00"]
    assert records[11][9] == "递名片时单手,要改"
    skills = {row[0]: row for row in _read_csv(paths[1])}
    assert skills["学员"] == ["学员", "说服与沟通", "异议处理", "FAB 介绍", "商务礼仪", "总体", "轮次"]
    assert skills["张三"] == ["张三", "100%", "60%", "50%", "100%", "72.7%", "3"]   # 8/11 = 72.7 %
    assert skills["李四"][1:5] == ["66.7%", "25%", "", "100%"]
    weakest = _read_csv(paths[2])
    assert weakest[0] == ["检查项编号", "检查项", "技能", "通过次数", "检查次数", "通过率"]
    assert weakest[1] == ["chk-no-argue", "是否没有和客户争辩?", "异议处理", "2", "6", "33.3%"]
    assert len(weakest) == 1 + 6                                      # chk-card seen once: left out


def test_csv_is_formula_safe(nasty, tmp_path):
    records = _read_csv(dashboard.export_csv(nasty, tmp_path)[0])
    row = records[1]
    assert row[:5] == ["'=1+1", "1", NASTY, '\'=HYPERLINK("http://x","y")', "'+card"]
    assert row[6:8] == ["'-2+3", "'@SUM(1,2)"]
    assert row[9].startswith("'+cmd") and row[10] == ""              # no rating → empty


def test_export_xlsx(sheets, nasty, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = dashboard.export_xlsx(sheets + nasty, tmp_path / "看板.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["记录", "技能", "进度", "薄弱项"]
    records = wb["记录"]
    assert [c.value for c in records[1]] == ["场次", "轮次", "学员", "观察员", "情境", "技能", "检查项编号",
                                             "检查项", "是否通过", "评语", "总体印象", "评分时间"]
    assert records.max_row == 1 + 25 + 2
    assert records["L2"].value == datetime(2026, 11, 30, 9, 0)        # wall-clock time
    evil = records[records.max_row]
    for cell in (evil[0], evil[3], evil[4], evil[6], evil[7], evil[9]):
        assert cell.data_type == "s", cell.coordinate                 # text, never a formula
    # text, and prefixed with ' as in the CSV, so even a copy-paste into a cell never runs it
    assert evil[0].value == "'=1+1" and evil[7].value == "'@SUM(1,2)" and evil[2].value == NASTY
    skills = wb["技能"]
    rows = {row[0].value: row for row in skills.iter_rows(min_row=2)}
    assert rows["张三"][2].value == pytest.approx(0.6) and rows["张三"][2].number_format == "0.0%"
    assert rows["张三"][5].value == pytest.approx(8 / 11) and rows["张三"][6].value == 3
    assert rows["李四"][3].value is None                              # FAB never checked
    progress = wb["进度"]
    assert [c.value for c in progress[1]] == ["学员", "场次", "开始时间", "轮次", "总体", *SKILLS.values()]
    zhang = [r for r in progress.iter_rows(min_row=2) if r[0].value == "张三"]
    assert [r[1].value for r in zhang] == [FIRST, SECOND]               # in the order held
    assert zhang[0][4].value == pytest.approx(5 / 7) and zhang[0][4].number_format == "0.0%"
    assert zhang[0][2].value == datetime(2026, 11, 23, 9, 0)
    weakest = wb["薄弱项"]
    assert [c.value for c in weakest[2]] == ["chk-no-argue", "是否没有和客户争辩?", "异议处理", 2, 6,
                                             pytest.approx(1 / 3)]
    assert weakest["F2"].number_format == "0.0%"


def test_exports_are_atomic(sheets, tmp_path, monkeypatch):
    import os

    target = tmp_path / "看板.xlsx"
    dashboard.export_xlsx(sheets, target)
    before = target.read_bytes()

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        dashboard.export_xlsx(sheets[:2], target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["看板.xlsx"]    # no temp file left


def test_import_stays_light():
    code = ("import sys, playbook.trainer.dashboard; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'openpyxl', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_untimed_round_without_marks(sheets, tmp_path):
    """A round scored without checks and without a time: counted, never a crash, sorted last."""
    blank = ScoreSheet("补考", 1, "张三", "赵老师", "card-9", (), notes="只录了评语")
    data = sheets + [blank]
    skills = dashboard.skill_table(data)
    assert skills.loc["张三", "rounds"] == 4 and skills.loc["张三", "overall"] == pytest.approx(8 / 11)
    zhang = dashboard.progress_table(data).query("trainee == '张三'")
    assert list(zhang["session"]) == [FIRST, SECOND, "补考"]
    assert math.isnan(zhang.iloc[2]["overall"])
    records = _read_csv(dashboard.export_csv(data, tmp_path)[0])
    assert records[-1] == ["补考", "1", "张三", "赵老师", "card-9", "", "", "", "", "只录了评语", "", ""]
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(dashboard.export_xlsx(data, tmp_path / "看板.xlsx"))
    last = list(wb["进度"].iter_rows(values_only=True))[3]
    assert last[:4] == ("张三", "补考", None, 1) and last[4] is None
    assert "只录了评语" in dashboard.summary_html(data, notes=1)
    assert "只录了评语" not in dashboard.summary_html(data, notes=0)
