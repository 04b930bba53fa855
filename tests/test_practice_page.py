"""The 我的练习 page (views.practice): due items, readiness, history, reset, export/import."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from playbook.engines import practice
from playbook.views.practice import PracticePage, when_text
from tests.test_practice import FakeStorage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _store():
    store = practice.BrowserStore(FakeStorage())
    store.record("drill-obj-price-1#method", practice.GOOD, at=T0)
    store.record("drill-obj-need-1#method", practice.AGAIN, at=T0)
    store.record("dialogue:dlg-x", practice.rating_for_outcome("won"), at=T0)
    return store


def test_page_shows_due_items_readiness_rules_and_history():
    page = PracticePage(_store(), now=T0 + timedelta(minutes=5))
    assert "今天到期:1 题" in page.overview.value
    assert page.items.value.count("<tr>") == 4  # header + three items
    assert "已到期" in page.items.value and "约 5 分钟后" in page.items.value
    for label in ("客户类型", "沟通风格", "异议处理", "FAB 介绍", "商务礼仪", "对练"):
        assert label in page.ready.value
    assert "pb-ready-red" in page.ready.value
    text = "".join(c.value for c in page.children if hasattr(c, "value") and isinstance(c.value, str))
    assert "绿色" in text and "黄色" in text and "红色" in text
    assert page.recent.value.count("✗") == 1 and page.recent.value.count("✓") == 2


def test_reset_needs_confirmation():
    store = _store()
    page = PracticePage(store, now=T0)
    page.reset_button.click()
    assert len(store.load()) == 3 and "确定要清空" in page.message.value
    page.cancel_button.click()
    assert len(store.load()) == 3
    page.reset_button.click()
    page.confirm_button.click()
    assert len(store.load()) == 0 and "已清空" in page.message.value


def test_export_needs_the_name_puts_it_in_the_file_name_and_import_merges_without_duplicates():
    store = _store()
    page = PracticePage(store, now=T0)
    assert page.export() == "" and "请先在“姓名”里填写你的姓名" in page.message.value
    assert "download=" not in page.export_link.value
    page.trainee.value = " 王小明 "
    text = page.export()
    assert json.loads(text)["trainee"] == "王小明" and len(json.loads(text)["reviews"]) == 3
    assert "download='王小明-练习进度-" in page.export_link.value
    assert "王小明" not in store.storage.getItem(practice.BROWSER_KEY)  # the name stays in the export
    other = PracticePage(practice.BrowserStore(FakeStorage()), now=T0)
    other.import_(text)
    other.import_(text)
    assert len(other.progress.reviews) == 3 and "新增 0 次" in other.message.value
    other.import_("不是文件")
    assert "无法读取" in other.message.value


def test_when_text():
    assert when_text(T0, T0 + timedelta(seconds=1)).startswith("已到期")
    assert when_text(T0 + timedelta(days=8), T0).startswith("约 8 天后(03-10 17:00)")


def test_import_by_file_picker_takes_several_files_at_once():
    text = PracticePage(_store(), now=T0)
    text.trainee.value = "王小明"
    exported = text.export()
    other = PracticePage(practice.BrowserStore(FakeStorage()), now=T0)
    other.upload.value = ({"name": "王小明-练习进度.json", "type": "application/json", "size": len(exported),
                           "content": memoryview(exported.encode("utf-8")), "last_modified": T0},
                          {"name": "坏.json", "type": "", "size": 3, "content": memoryview(b"\xff\xfe"),
                           "last_modified": T0})
    assert len(other.progress.reviews) == 3
    assert "坏.json" in other.message.value


def test_every_practised_item_links_to_its_drill():
    from playbook.views.links import FAMILY_PAGES

    page = PracticePage(_store(), now=T0 + timedelta(days=30))
    rows = page.items.value.count("<tr>") - 1
    assert rows == 3 and page.items.value.count("pb-drill-link") == rows
    assert page.due_list.value.count("pb-drill-link") == 3
    for state in practice.card_states(page.progress).values():
        assert f"{FAMILY_PAGES[state.family]}.html?item=" in page.items.value
