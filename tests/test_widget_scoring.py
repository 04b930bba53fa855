"""The observer's scoring widget, driven headless: tick, save, score shown, errors in Chinese."""
from __future__ import annotations

import pytest

w = pytest.importorskip("ipywidgets")

from playbook.trainer import roleplay
from playbook.views.scoring import scoring_panel

SIX = ["张三", "李四", "王五", "赵六", "钱七", "孙八"]


@pytest.fixture(scope="module")
def card():
    return roleplay.plan_session(SIX, rounds=3, seed=7).cards[0]


def test_one_checkbox_per_check_grouped_by_skill(card):
    panel = scoring_panel(card)
    assert list(panel.checks) == [c.id for c in card.checks]
    assert [b.description for b in panel.checks.values()] == [c.label for c in card.checks]
    # skill headings come before their checks, in SKILLS order
    order = [x.value for x in panel.children if isinstance(x, w.HTML)]
    headings = [v for v in order if v.startswith("<b>") and any(s in v for s in roleplay.SKILLS.values())]
    assert headings == [f"<b>{label}</b>" for label in roleplay.SKILLS.values()]
    assert panel.observer.value == card.observers[0]


def test_save_scores_the_ticked_checks(card):
    saved = []
    panel = scoring_panel(card, save=saved.append, observer="培训师")
    ticked = ["rubric-objection-no-argue", "rubric-fab-structure", "rubric-fab-no-exaggeration"]
    for cid in ticked:
        panel.checks[cid].value = True
    panel.rating.value = 4
    panel.notes.value = "开场<script>太快"
    panel.save_button.click()
    assert len(saved) == 1
    sheet = saved[0]
    assert isinstance(sheet, roleplay.ScoreSheet)
    assert [m.check_id for m in sheet.marks if m.passed] == ticked
    assert len(sheet.marks) == len(card.checks)
    assert (sheet.trainee, sheet.observer, sheet.round_no, sheet.scenario_id) == (
        card.salesperson, "培训师", 1, card.scenario_id)
    assert sheet.rating == 4 and sheet.notes == "开场<script>太快"
    assert sheet.scored_at is not None and sheet.scored_at.utcoffset() is not None
    shown = panel.feedback.value
    assert f"通过 3/{len(card.checks)} 项" in shown and "已保存" in shown
    assert "FAB 介绍:2/3" in shown
    assert "&lt;script&gt;" in shown and "<script>" not in shown
    assert panel.sheet == sheet and panel.error is None


def test_without_save_the_sheet_is_kept_in_memory(card):
    panel = scoring_panel(card)
    panel.save_button.click()
    assert len(panel.saved) == 1 and panel.saved[0].passed == 0
    assert f"通过 0/{len(card.checks)} 项" in panel.feedback.value


@pytest.mark.parametrize("observer, word", [("  ", "观察员"), (None, "被评分的学员本人")])
def test_bad_input_shows_a_chinese_message(card, observer, word):
    saved = []
    panel = scoring_panel(card, save=saved.append)
    panel.observer.value = card.salesperson if observer is None else observer
    panel.save_button.click()
    assert saved == []
    assert "无法评分" in panel.feedback.value and word in panel.feedback.value
    assert "Traceback" not in panel.feedback.value and panel.sheet is None


def test_a_failing_save_is_reported_not_raised(card):
    def broken(sheet):
        raise RuntimeError("记录库已锁定")

    panel = scoring_panel(card, save=broken)
    panel.checks[card.checks[0].id].value = True
    panel.save_button.click()
    assert "评分未保存" in panel.feedback.value and "记录库已锁定" in panel.feedback.value
    assert f"通过 1/{len(card.checks)} 项" in panel.feedback.value  # the score is still shown
    assert panel.sheet is None and "记录库已锁定" in panel.error
