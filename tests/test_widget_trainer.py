"""The trainer's console and dashboard widgets, driven headless against a real SQLite store."""
from __future__ import annotations

import csv

import pytest

w = pytest.importorskip("ipywidgets")
openpyxl = pytest.importorskip("openpyxl")

from playbook.trainer import records

from playbook.trainer import roleplay
from playbook.views.trainer import EMPTY_MESSAGE, card_label, dashboard_panel, session_console

SIX = ["张三", "李四", "王五", "赵六", "钱七", "孙八"]


@pytest.fixture
def plan():
    return roleplay.plan_session(SIX, rounds=3, seed=1, session="2026-03-02 第一期")


@pytest.fixture
def store(tmp_path):
    with records.open_store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as s:
        yield s


def test_console_registers_trainees_and_lists_every_card(plan, store):
    console = session_console(plan, store)
    assert [t.name for t in store.trainees()] == list(plan.trainees)
    session_console(plan, store)  # idempotent
    assert len(store.trainees()) == 6
    labels = [label for label, _ in console.picker.options]
    assert len(labels) == len(plan.cards) == 6
    first = plan.cards[0]
    assert labels[0] == (f"第 1 轮 · 第 1 组 · 客户经理 {first.salesperson} · 观察员 {'、'.join(first.observers)}")
    assert labels[0] == card_label(first)
    assert "已评分 0/6 组" in console.progress.value
    assert console.error is None


def test_pick_tick_save_lands_in_the_store(plan, store):
    console = session_console(plan, store)
    console.picker.value = 3
    card = plan.cards[3]
    assert console.panel.card == card
    ticked = [c.id for c in card.checks[:4]]
    for cid in ticked:
        console.panel.checks[cid].value = True
    console.panel.notes.value = "开场自然"
    console.panel.rating.value = 4
    console.panel.save_button.click()
    saved = store.sheets(session=plan.session)
    assert len(saved) == 1
    sheet = saved[0]
    assert (sheet.round_no, sheet.trainee, sheet.observer) == (card.round_no, card.salesperson, card.observers[0])
    assert [m.check_id for m in sheet.marks if m.passed] == ticked
    assert sheet.rating == 4 and sheet.notes == "开场自然"
    assert "已保存" in console.panel.feedback.value
    assert f"通过 4/{len(card.checks)} 项" in console.panel.feedback.value
    assert "已评分 1/6 组" in console.progress.value


def test_duplicate_save_is_refused_in_chinese_and_replace_box_replaces(plan, store):
    console = session_console(plan, store)
    panel = console.panel
    panel.save_button.click()
    assert len(store.sheets()) == 1 and store.sheets()[0].passed == 0
    first_check = plan.cards[0].checks[0].id
    panel.checks[first_check].value = True
    panel.save_button.click()
    shown = panel.feedback.value
    assert "评分未保存" in shown and "已保存过" in shown and "覆盖已保存的评分" in shown
    assert "Traceback" not in shown and panel.error
    assert store.sheets()[0].passed == 0
    console.replace.value = True
    panel.save_button.click()
    assert panel.error is None and "已保存" in panel.feedback.value
    sheets = store.sheets()
    assert len(sheets) == 1 and sheets[0].passed == 1
    assert "已评分 1/6 组" in console.progress.value


def test_store_failure_is_a_chinese_message(plan, store):
    console = session_console(plan, store)
    store.close()
    console.panel.save_button.click()
    shown = console.panel.feedback.value
    assert "评分未保存" in shown and "记录库已关闭" in shown and "Traceback" not in shown
    assert console.error and "记录库已关闭" in console.message.value


def test_scores_three_rounds_and_builds_the_dashboard(plan, store, tmp_path):
    console = session_console(plan, store)
    for i, card in enumerate(plan.cards):
        console.picker.value = i
        for c in card.checks[: 3 + i]:
            console.panel.checks[c.id].value = True
        console.panel.save_button.click()
        assert console.panel.error is None, console.panel.error
    assert "已评分 6/6 组" in console.progress.value and "全部完成" in console.progress.value
    panel = dashboard_panel(store.sheets(session=plan.session), export_dir=tmp_path / "exports")
    view = panel.view.value
    assert panel.error is None
    assert "各技能通过率" in view and view.count('src="data:image/png;base64,') == 3
    assert "下一步练什么" in view and "技能由弱到强" in view
    for name in {c.salesperson for c in plan.cards}:
        assert name in view


def test_dashboard_without_sheets_is_a_friendly_message(tmp_path):
    panel = dashboard_panel([], export_dir=tmp_path)
    assert "还没有评分记录" in panel.view.value and panel.view.value.count("<img") == 0
    assert panel.xlsx_button.disabled and panel.csv_button.disabled
    assert panel.export("csv") == [] and panel.error == EMPTY_MESSAGE
    assert not list(tmp_path.iterdir())


def test_export_buttons_write_readable_xlsx_and_csv(tmp_path):
    plans, sheets = roleplay.sample_history(seed=2, sessions=2)
    out = tmp_path / "导出"
    panel = dashboard_panel(sheets, export_dir=out)
    panel.xlsx_button.click()
    assert panel.error is None and [p.name for p in panel.written] == ["records.xlsx"]
    assert str(out / "records.xlsx") in panel.output.value
    book = openpyxl.load_workbook(out / "records.xlsx")
    assert book.sheetnames == ["记录", "技能", "进度", "薄弱项"]
    rows = list(book["记录"].iter_rows(values_only=True))
    assert rows[0][:3] == ("场次", "轮次", "学员")
    assert len(rows) - 1 == sum(len(s.marks) for s in sheets)
    panel.csv_button.click()
    assert sorted(p.name for p in panel.written) == ["records.csv", "skills.csv", "weakest.csv"]
    with open(out / "skills.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0][0] == "学员" and sorted(r[0] for r in table[1:]) == sorted(plans[0].trainees)
    assert "已导出" in panel.output.value


def test_dashboard_escapes_names(tmp_path):
    plan = roleplay.plan_session(["<b>x</b>", "李四", "王五"], rounds=3, seed=3)
    sheets = roleplay.simulate_sheets(plan, seed=3)
    view = dashboard_panel(sheets, export_dir=tmp_path).view.value
    assert "&lt;b&gt;x&lt;/b&gt;" in view and "<b>x</b>" not in view


def test_default_export_dir_is_under_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("PLAYBOOK_DATA_DIR", str(tmp_path))
    panel = dashboard_panel([])
    assert panel.export_dir == tmp_path / "exports"
