"""Printable role-play cards: HTML structure and escaping, files written, PDF by Chromium, the CLI."""
from __future__ import annotations

import math
import re
from importlib import resources

import pytest

from playbook.trainer import cards

from playbook import cli

from playbook.trainer import roleplay

SIX = ["张三", "李四", "王五", "赵六", "钱七", "孙八"]
NASTY = '<b>&"'


def _sections(page: str, role: str) -> list[str]:
    return re.findall(rf'<section class="card {role}">(.*?)</section>', page, flags=re.DOTALL)


def test_one_card_per_role_per_group_per_round():
    plan = roleplay.plan_session(SIX, rounds=3, seed=7)
    page = cards.cards_html(plan)
    # 6 trainees → 2 groups of three; 3 rounds × 2 groups × 3 roles
    assert page.count('<section class="card ') == 3 * 2 * 3
    for role in ("salesperson", "customer", "observer"):
        assert len(_sections(page, role)) == 6
    for section in _sections(page, "customer"):
        assert "保密" in section and "不要给客户经理看" in section
    for section in _sections(page, "salesperson") + _sections(page, "observer"):
        assert "保密" not in section
    # 18 cards, four to a page
    assert page.count('<div class="page">') == math.ceil(18 / 4)
    for card in plan.cards:
        heading = re.compile(rf"第 {card.round_no} 轮 · 第 {card.group_no} 组 · 客户经理[:：]{card.salesperson}<")
        assert heading.search(page), card.salesperson


def test_every_check_appears_on_the_observer_card():
    plan = roleplay.plan_session(SIX, rounds=1, seed=2)
    observer = _sections(cards.cards_html(plan), "observer")
    for card, section in zip(plan.cards, observer):
        assert section.count("<li>") == len(card.checks)
        for label in roleplay.SKILLS.values():
            assert f"<h3>{label}</h3>" in section


def test_print_css_and_bundled_font():
    page = cards.cards_html(roleplay.plan_session(SIX, seed=1))
    assert "@page" in page and "size: A4" in page
    assert "break-inside: avoid" in page and "break-after: page" in page
    assert "@font-face" in page and f'url("{cards.FONT}")' in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "<script" not in page and "http" not in page  # self-contained, nothing to fetch


def test_all_text_is_escaped():
    plan = roleplay.plan_session(["张三", "李四", NASTY], rounds=3, seed=1, session="<script>alert(1)</script>")
    page = cards.cards_html(plan)
    assert NASTY not in page and "<script>" not in page
    assert "&lt;b&gt;&amp;&quot;" in page and "&lt;script&gt;" in page
    # the nasty name plays every role once: 3 card headings + 1 roster cell per round
    assert page.count("&lt;b&gt;&amp;&quot;") >= 3 + 3


def test_groups_of_four_name_both_observers():
    seven = ["甲", "乙", "丙", "丁", "戊", "己", "庚"]
    plan = roleplay.plan_session(seven, rounds=2, seed=3)
    page = cards.cards_html(plan)
    assert page.count('<section class="card ') == 2 * 2 * 3
    two = [c for c in plan.cards if len(c.observers) == 2]
    assert len(two) == 2
    for card in two:
        assert re.search(rf"观察员[:：]{card.observers[0]}、{card.observers[1]}<", page)


def test_write_cards_writes_page_and_font(tmp_path):
    plan = roleplay.plan_session(SIX, seed=1)
    written = cards.write_cards(plan, tmp_path / "out")
    assert [p.name for p in written] == ["cards.html", cards.FONT]
    font = resources.files("playbook").joinpath("fonts", cards.FONT).read_bytes()
    assert (tmp_path / "out" / cards.FONT).read_bytes() == font
    from playbook.fonts.embed import embed_font  # the page carries the subset of the font it uses

    assert (tmp_path / "out" / "cards.html").read_text(encoding="utf-8") == embed_font(cards.cards_html(plan))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(["cards.html", cards.FONT])


def test_missing_chromium_gives_install_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(cards, "find_chromium", lambda: None)
    with pytest.raises(cards.PrintError) as info:
        cards.write_cards(roleplay.plan_session(SIX, seed=1), tmp_path, pdf=True)
    assert (info.value.field, info.value.code) == ("pdf", "pdf_no_chromium")
    assert not (tmp_path / "cards.pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.skipif(cards.find_chromium() is None, reason="Chromium 未安装")
def test_pdf_is_printed_by_chromium(tmp_path):
    plan = roleplay.plan_session(SIX + ["周九"], rounds=3, seed=7)  # 7 → groups of 4 and 3
    written = cards.write_cards(plan, tmp_path, pdf=True)
    pdf = (tmp_path / "cards.pdf").read_bytes()
    assert written[-1] == tmp_path / "cards.pdf"
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    n_cards = 3 * 2 * 3
    assert pages >= 1 + math.ceil(n_cards / 4)  # roster page + four cards per page
    assert pages <= 1 + n_cards  # and not one page per line
    assert b"NotoSansSC" in pdf  # the bundled font is embedded
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ------------------------------------------------------------------ CLI
def test_cli_writes_cards_and_prints_the_roles(tmp_path, capsys):
    code = cli.main(["cards", "--trainees", "张三,李四,王五,赵六,钱七,孙八", "--rounds", "3", "--seed", "7",
                     "--session", "第一期", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert (tmp_path / "cards.html").exists() and (tmp_path / cards.FONT).exists()
    assert "cards.html" in out and "18 张卡片" in out
    for k in (1, 2, 3):
        assert f"第 {k} 轮" in out
    assert out.count("客户经理 ") == 6
    plan = roleplay.plan_session(SIX, rounds=3, seed=7, session="第一期")
    for card in plan.cards:
        assert f"第 {card.group_no} 组:客户经理 {card.salesperson} · 客户 {card.customer}" in out


def test_cli_count_makes_numbered_trainees(tmp_path, capsys):
    assert cli.main(["cards", "--count", "4", "--rounds", "1", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "4 名学员" in out and "学员4" in out


@pytest.mark.parametrize("args, words", [
    (["--count", "1"], ["--count", "2–60"]),
    (["--count", "六"], ["--count", "整数"]),
    (["--count", "6", "--rounds", "11"], ["--rounds", "1–10"]),
    (["--trainees", "张三,李四,张三"], ["张三", "重复"]),
    (["--trainees", "张三,李四", "--count", "2"], ["二者选一"]),
    ([], ["--trainees", "--count"]),
])
def test_cli_bad_input_is_a_chinese_message(tmp_path, capsys, args, words):
    assert cli.main(["cards", *args, "--out", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    assert captured.err.startswith("无法生成卡片")
    for word in words:
        assert word in captured.err
    assert not (tmp_path / "cards.html").exists()
