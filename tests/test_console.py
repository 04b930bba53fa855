"""The 培训师 page's console (engine :mod:`playbook.trainer.console`, view
:mod:`playbook.views.console`) in CPython: plan, score, reload, collect, view, export, and the
export loaded by ``python -m playbook records import`` then shown by ``dashboard``."""
from __future__ import annotations

import html
import io
import json
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from playbook.engines import drills, practice
from playbook.errors import PlaybookInputError
from playbook.trainer import console, records, roleplay
from tests.errcheck import raises_code
from tests.test_cli_dashboard import run

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)  # in the past: answers dated in the future are refused
NAMES = ["张三", "李四", "王五", "赵六"]


def progress_file(name: str, n: int, *, seed: int = 0) -> str:
    """A 我的练习 export with ``n`` answers to real drill questions (first one wrong)."""
    qs = practice.make_session(seed, size=n).questions
    p = practice.Progress()
    for k, q in enumerate(qs):
        p = practice.review(p, q.id, practice.AGAIN if k == 0 else practice.GOOD, at=NOW - timedelta(days=1, minutes=k))
    return practice.to_json(p, trainee=name, exported_at=NOW)


def make(storage, tmp_path, tag="a", **kw):
    from playbook.views.console import TrainerConsole

    return TrainerConsole(storage, path=tmp_path / f"{tag}.sqlite3", now=NOW, **kw)


def plan_and_score(c, rounds_to_score=2):
    c.session.value = "2027-03-02 第一期"
    c.trainees.value = "\n".join(NAMES)
    c.rounds.value, c.seed.value = 2, 5
    plan = c.make_plan()
    assert plan is not None and len(plan.cards) == 2 * len(roleplay.group_sizes(len(NAMES)))
    scored = []
    for i, card in enumerate(plan.cards):
        if card.round_no > rounds_to_score:
            break
        c.picker.value = i
        ids = list(c.panel.checks)
        for cid in ids[: (len(ids) + i) // 2]:
            c.panel.checks[cid].value = True
        c.panel.notes.value = f"第 {card.round_no} 轮备注"
        sheet = c.panel.submit()
        assert sheet is not None, c.panel.error
        scored.append(sheet)
    return plan, scored


def test_plan_scores_survive_a_reload_and_a_scored_group_shows_its_scores(tmp_path):
    storage = practice.MemoryStorage()
    c = make(storage, tmp_path)
    plan, scored = plan_and_score(c)
    assert f"已评分 {len(scored)}/{len(plan.cards)} 组" in c.score_progress.value
    assert "iframe" in c.cards.value and console.DB_KEY in storage.items and "打印卡片" in c.cards.value
    # a reload: a new console (a new in-page file) over the same browser storage
    again = make(storage, tmp_path, "b")
    assert again.plan is not None and again.plan.cards == plan.cards
    again.picker.value = 0
    first = scored[0]
    ticked = {cid for cid, box in again.panel.checks.items() if box.value}
    assert ticked == {m.check_id for m in first.marks if m.passed}
    assert again.panel.notes.value == first.notes and "已评过分" in again.panel.feedback.value
    # saving it again without "覆盖" is refused with the way out; with it, replaced
    assert again.panel.submit() is None and "覆盖已保存的评分" in again.panel.error
    again.replace.value = True
    assert again.panel.submit() is not None


def test_collect_counts_the_same_file_once_and_names_bad_files(tmp_path):
    c = make(practice.MemoryStorage(), tmp_path)
    plan_and_score(c, 1)
    a, b = progress_file("张三", 6, seed=1), progress_file("李四", 4, seed=2)
    got = c.import_files([("张三.json", a.encode()), ("李四.json", b.encode()), ("张三(副本).json", a.encode()),
                          ("坏.json", b"{not json"), ("图.png", b"\x89PNG\x00\xff")])
    assert [(r.kind, r.added) for r in got] == [("progress", 6), ("progress", 4), ("progress", 0)]
    log = c.import_log.value
    assert "已导入过" in log and "坏.json" in log and "不是有效的 JSON" in log and "图.png" in log
    # an observer's score file from another phone, imported twice: counted once
    other = make(practice.MemoryStorage(), tmp_path, "phone")
    other.session.value, other.trainees.value = c.session.value, c.trainees.value
    other.rounds.value, other.seed.value = 2, 5
    other.make_plan()
    card_index = next(i for i, k in enumerate(other.plan.cards) if k.round_no == 2)
    other.picker.value = card_index
    next(iter(other.panel.checks.values())).value = True
    assert other.panel.submit() is not None
    text = other.download_scores()
    assert "下载 评分-" in other.scores_link.value
    r1, r2 = c.import_files([("评分.json", text.encode()), ("评分.json", text.encode())])
    assert (r1.kind, r1.added, r2.added) == ("scores", 1, 0)
    # a different score for a round already stored is refused, not silently merged
    with c.saved.open() as store:
        mine = store.sheets()[0]
    changed = json.loads(console.scores_text([mine]))
    changed["sheets"][0]["marks"][0][3] = not changed["sheets"][0]["marks"][0][3]
    assert c.import_files([("改过.json", json.dumps(changed).encode())]) == []
    assert "和已保存的不同" in c.import_log.value


def test_session_view_states_its_rule_and_colours_by_it(tmp_path):
    c = make(practice.MemoryStorage(), tmp_path)
    plan_and_score(c)
    c.import_files([("张三.json", progress_file("张三", 5).encode())])
    v = c.session_view()
    assert [r.name for r in v.trainees][: len(NAMES)] == list(c.plan.trainees)
    for r in v.trainees:
        red_skill = any(x.colour == "red" for x in r.readiness)
        if not r.rounds:
            assert r.colour == ("yellow" if r.readiness and not red_skill else "red")
        elif r.overall < console.YELLOW_RATE:
            assert r.colour == "red"
        elif r.overall < console.GREEN_RATE or red_skill:
            assert r.colour == "yellow"
        else:
            assert r.colour == "green"
    zhang = next(r for r in v.trainees if r.name == "张三")
    assert zhang.answers == 5 and len(zhang.readiness) == len(practice.FAMILIES)
    c.show_view()
    shown = c.view.value
    assert all(html.escape(rule) in shown for rule in console.READY_RULES.values())
    assert "团队最弱的技能" in shown and "对练各选项" in shown and "待裁定" in shown


def test_option_statistics_and_unsure_answers_come_from_the_given_engines(tmp_path):
    seen = {}

    def stats(files):
        seen["stats"] = {k: [json.loads(t)["trainee"] for t in v] for k, v in files.items()}
        return [{"对练": "d1", "选项": "A", "次数": 3}]

    def unsure(progress):
        return "<p class='u'>待裁定 1 条</p>"

    c = make(practice.MemoryStorage(), tmp_path, option_stats=stats, unsure=unsure)
    plan_and_score(c, 1)
    c.import_files([("张三.json", progress_file("张三", 3).encode())] * 2)
    assert len(c.shelf.texts()["张三"]) == 1
    c.show_view()
    assert seen["stats"] == {"张三": ["张三"]} and "<p class='u'>待裁定 1 条</p>" in c.view.value and "d1" in c.view.value
    plain = make(practice.MemoryStorage(), tmp_path, "p", option_stats=None, unsure=None)
    plain.option_stats = plain.unsure = None
    plain.show_view()
    assert plain.view.value.count("还没有装进本手册") == 2


def test_export_loads_with_records_import_and_shows_in_the_dashboard(tmp_path):
    c = make(practice.MemoryStorage(), tmp_path)
    plan, scored = plan_and_score(c)
    c.import_files([("张三.json", progress_file("张三", 5).encode()), ("李四.json", progress_file("李四", 3, seed=4).encode())])
    text, book = c.export()
    assert "培训记录-2027-03-02-第一期-" in c.export_links.value and ".xlsx" in c.export_links.value
    data = json.loads(text)
    assert data["format"] == console.EXPORT_FORMAT and len(data["sheets"]) == len(scored)
    assert set(data["practice"]) == {"张三", "李四"}
    f = tmp_path / "培训记录.json"
    f.write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    done = run("records", "import", str(f), "--db", db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"新增 {len(scored) + 8} 条记录" in done.stdout
    again = run("records", "import", str(f), "--db", db, cwd=tmp_path)
    assert again.returncode == 0 and "已导入过" in again.stdout
    with records.open_store(db) as store:
        assert sorted((s.round_no, s.trainee, s.passed) for s in store.sheets()) == \
            sorted((s.round_no, s.trainee, s.passed) for s in scored)
        assert {k: len(v.reviews) for k, v in store.practice_progress().items()} == {"张三": 5, "李四": 3}
    board = run("dashboard", "--db", db, "--out", "board", cwd=tmp_path)
    assert board.returncode == 0, board.stderr
    assert "张三:自学作答 5 次" in board.stdout and (tmp_path / "board" / "dashboard.html").exists()
    # the workbook opens in openpyxl, text stays text
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(book))
    assert wb.sheetnames == ["学员", "记录", "薄弱项"]
    people = [[c.value for c in row] for row in wb["学员"].iter_rows()]
    assert people[0][0] == "学员" and {r[0] for r in people[1:]} >= set(NAMES)
    assert wb["记录"].max_row == 1 + sum(len(s.marks) for s in scored)


def test_xlsx_never_writes_a_formula():
    view = console.SessionView("s", (console.TraineeRow("=HYPERLINK(1)", "red", 0, float("nan"),
                                                        dict.fromkeys(roleplay.SKILLS, float("nan")), (), 0, 0),),
                               (), {}, None, None)
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(console.xlsx_bytes(view, [])))
    cell = wb["学员"]["A2"]
    assert cell.data_type == "s" and not str(cell.value).startswith("=")


def test_bad_plans_and_bad_storage_give_chinese_messages(tmp_path):
    c = make(practice.MemoryStorage(), tmp_path)
    c.trainees.value = "张三"
    assert c.make_plan() is None and "学员" in c.plan_message.value
    storage = practice.MemoryStorage()
    storage.setItem(console.DB_KEY, "不是 base64!")
    with raises_code("console_store_corrupt", "store"):
        console.SavedRecords(storage, path=tmp_path / "x.sqlite3")
    assert console.split_names("张三, 李四、王五\n\n赵六;") == ["张三", "李四", "王五", "赵六"]


def test_clear_forgets_everything_after_confirmation(tmp_path):
    storage = practice.MemoryStorage()
    c = make(storage, tmp_path)
    plan_and_score(c, 1)
    c.ask_clear()
    assert "确定要清空" in c.message.value
    c.clear()
    fresh = make(storage, tmp_path, "z")
    assert fresh.plan is None
    with fresh.saved.open() as store:
        assert store.sheets() == []


def test_engine_runs_without_the_heavy_packages(run_stdlib_only):
    run_stdlib_only("""
import tempfile, pathlib
from playbook.trainer import console
from playbook.engines import practice
s = console.SavedRecords(practice.MemoryStorage(), path=pathlib.Path(tempfile.mkdtemp()) / 'r.sqlite3')
plan = console.PlanSpec('第一期', ('张三', '李四', '王五'), 1, 1).plan()
from playbook.trainer import roleplay
card = plan.cards[0]
sheet = roleplay.score_round(card, [c.id for c in card.checks][:2], observer=card.observers[0])
with s.open() as store:
    for name in plan.trainees:
        store.add_trainee(name)
    store.save_sheet(sheet)
    v = console.session_view(store, '第一期', trainees=plan.trainees)
    assert v.next_drills[card.salesperson].suggestions
    console.xlsx_bytes(v, [])
    console.export_text(store)
""")


def test_the_engines_of_other_modules_are_wired_when_present(tmp_path, monkeypatch):
    """At merge, engines.practice.unsure_answers and engines.dialogue.choice_stats are found by
    name; until then the view shows a placeholder (see the test above)."""
    from types import SimpleNamespace

    from playbook.engines import dialogue
    from playbook.views import console as view

    got = {}

    def unsure_answers(progresses, *, decided=()):
        got["unsure"] = {k: len(p.reviews) for k, p in progresses.items()}
        return [SimpleNamespace(trainee="张三", title="题", answer="<b>回答</b>", item="x", at=NOW)]

    def choice_stats(logs, *, min_plays=10, rare=0.05):
        got["logs"] = list(logs)
        return (SimpleNamespace(dialogue="d", node="n", option="n.best", kind="best", chosen=1, right=1,
                                share=1.0, unpicked=False),)

    monkeypatch.setattr(practice, "unsure_answers", unsure_answers, raising=False)
    monkeypatch.setattr(dialogue, "choice_stats", choice_stats, raising=False)
    c = make(practice.MemoryStorage(), tmp_path)
    assert c.unsure is not None and c.option_stats is not None
    plan_and_score(c, 1)
    c.import_files([("张三.json", progress_file("张三", 4).encode())])
    c.show_view()
    assert got["unsure"] == {"张三": 4} and got["logs"] == []
    assert "&lt;b&gt;回答&lt;/b&gt;" in c.view.value and "n.best" in c.view.value


def test_file_picker_imports_several_files_and_starts_afresh(tmp_path):
    c = make(practice.MemoryStorage(), tmp_path)
    plan_and_score(c, 1)
    files = [("张三.json", progress_file("张三", 3)), ("李四.json", progress_file("李四", 2, seed=3))]
    c.upload.value = tuple({"name": n, "type": "application/json", "size": len(t), "content": memoryview(t.encode()),
                            "last_modified": NOW} for n, t in files)
    assert c.upload.value == () and "导入 2 个文件" in c.import_log.value
    assert c.import_log.value.count("新增") == 2
