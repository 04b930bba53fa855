"""Self-study progress files into the records store (``records import``) and the dashboard."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from playbook.engines import practice
from playbook.errors import PlaybookInputError
from playbook.trainer import dashboard, records, roleplay
from tests.test_cli_dashboard import run
from tests.test_records import count, db_url  # noqa: F401 - the SQLite / PostgreSQL fixture

T0 = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def _export(trainee: str | None = "王小明", n: int = 3) -> str:
    p = practice.Progress()
    items = ["drill-obj-price-1#method", "drill-obj-need-1#method", "drill-obj-time-1#nature",
             "dialogue:dlg-x"]
    for i in range(n):
        p = practice.review(p, items[i % len(items)], practice.AGAIN if i == 1 else practice.GOOD,
                            at=T0 + timedelta(minutes=i), seconds=10.0 + i)
    return practice.to_json(p, trainee=trainee)


def test_import_is_one_transaction_per_file_and_idempotent(db_url):  # noqa: F811
    text = _export(n=4)
    with records.open_store(db_url) as store:
        assert store.schema_version() == records.LATEST_VERSION == 7
        assert store.import_practice(text) == ("王小明", 4)
        assert store.import_practice(text) == ("王小明", 0)  # the same file again: nothing changes
        assert count(db_url, "practice_reviews") == 4
        back = store.practice_progress()["王小明"]
        assert back == practice.from_json(text)[0]
        assert [t.name for t in store.trainees()] == ["王小明"]
        # a later export holds the old answers and one more: only the new one is added
        later = practice.review(back, "drill-obj-price-1#method", practice.GOOD, at=T0 + timedelta(days=2))
        assert store.import_practice(practice.to_json(later, trainee="王小明"))[1] == 1
        # a file without a name needs --trainee; a broken file adds nothing
        with pytest.raises(PlaybookInputError) as e:
            store.import_practice(_export(trainee=None))
        assert e.value.field == "trainee"
        assert store.import_practice(_export(trainee=None), trainee="李四")[1] == 3
        bad = json.loads(text)
        bad["reviews"].append({"id": "zzz", "item": "q", "rating": 9, "at": "2026-01-01T00:00:00+00:00"})
        with pytest.raises(PlaybookInputError):
            store.import_practice(json.dumps(bad), trainee="赵六")
        assert "赵六" not in {t.name for t in store.trainees()}
        assert count(db_url, "practice_reviews") == 8


def test_cli_import_then_dashboard_shows_self_study(tmp_path):
    f = tmp_path / "王小明-练习进度.json"
    f.write_text(_export(n=3), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    first = run("records", "import", str(f), "--db", db, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "新增 3 次作答" in first.stdout
    again = run("records", "import", str(f), "--db", db, cwd=tmp_path)
    assert "新增 0 次作答" in again.stdout and again.returncode == 0
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    bad = run("records", "import", str(broken), "--db", db, cwd=tmp_path)
    assert bad.returncode == 1 and "无法读取" in bad.stderr and "Traceback" not in bad.stderr
    board = run("dashboard", "--db", db, "--out", "board", cwd=tmp_path)
    assert board.returncode == 0, board.stderr
    assert "王小明:自学作答 3 次" in board.stdout and "异议处理" in board.stdout
    page = (tmp_path / "board" / "dashboard.html").read_text(encoding="utf-8")
    assert "自学掌握情况" in page and "王小明" in page and "绿色" in page


def test_dashboard_ranks_next_drills_from_roleplay_and_self_study():
    plans, sheets = roleplay.sample_history(seed=4)
    name = sheets[0].trainee
    base = dashboard.suggest_next(sheets, name, size=10, seed=3, now=T0)
    first = base.session.questions[0]
    # one question answered wrong a day ago is due now: it comes first, with its reason
    target = next(q for q in base.session.questions[3:] if q.family in base.ranking[0].families)
    p = practice.review(practice.Progress(), target.id, practice.AGAIN, at=T0 - timedelta(days=1))
    nxt = dashboard.suggest_next(sheets, name, progress=p, size=10, seed=3, now=T0)
    assert nxt.session.questions[0].id == target.id != first.id
    assert "上次答错" in nxt.suggestions[0].reason and "自学:" in nxt.suggestions[0].reason
    html = dashboard.dashboard_html(sheets, progress={name: p})
    assert "自学掌握情况" in html and "pb-self-study" in html


def _dialogue_export(trainee: str = "王小明") -> tuple[str, list[tuple[str, ...]]]:
    """A progress file with three plays of one dialogue: the best path twice, then a path
    that starts with the first node's worst reply."""
    from playbook.engines import dialogue

    d = dialogue.all_dialogues()[0]
    best = tuple(dialogue.option_id(d, node, i) for node, i in dialogue.best_path(d).choices)
    first = d.nodes[0]
    worst = min(range(len(first.replies)), key=lambda i: ("bad", "weak", "mismatch", "best").index(first.replies[i].kind))
    other = (dialogue.option_id(d, first.id, worst),)
    paths = [best, best, other]
    p = practice.Progress()
    for i, path in enumerate(paths):
        p = practice.review(p, practice.DIALOGUE_PREFIX + d.id, practice.GOOD if path == best else practice.AGAIN,
                            at=T0 + timedelta(minutes=i), choices=path)
    return practice.to_json(p, trainee=trainee), paths


def test_import_stores_dialogue_choices_once_and_the_dashboard_counts_them_from_the_store(db_url):  # noqa: F811
    from playbook.engines import dialogue
    from playbook.typography import html_text

    text, paths = _dialogue_export()
    with records.open_store(db_url) as store:
        assert store.import_practice(text) == ("王小明", 3)
        assert count(db_url, "practice_choices") == sum(len(p) for p in paths)
        assert store.import_practice(text) == ("王小明", 0)
        assert count(db_url, "practice_choices") == sum(len(p) for p in paths)  # re-import: nothing twice
        back = store.practice_progress()
    assert [r.choices for r in back["王小明"].reviews] == paths
    assert back["王小明"] == practice.from_json(text)[0]
    # the dashboard's per-option statistics, from what the store gave back
    page = dashboard.dashboard_html([], progress=back)
    d = dialogue.all_dialogues()[0]
    assert "对练选项统计" in page and html_text(d.name) in page and "作答 3 次" in page
    first_best = paths[0][0]
    stat = {s.option: s for s in dialogue.choice_stats(back["王小明"].reviews, min_plays=3) if s.dialogue == d.id}
    assert stat[first_best].chosen == 2 and stat[paths[2][0]].chosen == 1
    say = next(r.say for i, r in enumerate(d.nodes[0].replies) if dialogue.option_id(d, d.nodes[0].id, i) == first_best)
    row = page[page.index(html_text(say)):].split("</tr>")[0]
    assert "<td class='num'>2</td><td class='num'>67%</td><td class='num'>2</td>" in row


def test_reimport_fills_in_the_choices_of_answers_imported_before_the_table_existed(db_url):  # noqa: F811
    text, paths = _dialogue_export()
    assert records.migrate(db_url, target=6) == 6
    from tests.test_records import raw

    with raw(db_url) as conn:   # what a version-6 import kept: the answers, not the paths
        conn.execute("INSERT INTO trainees (name, team, created_at) VALUES (?, ?, ?)",
                     ("王小明", "", "2026-01-01T00:00:00.000000+00:00"))
        for r in practice.from_json(text)[0].reviews:
            conn.execute("INSERT INTO practice_reviews (trainee, review_id, item, family, rating, correct,"
                         " reviewed_at, migrated, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         ("王小明", r.id, r.item, r.family, r.rating, r.correct,
                          r.at.isoformat(timespec="microseconds"), False, "2026-01-01T00:00:00.000000+00:00"))
    with records.open_store(db_url) as store:
        assert store.schema_version() == 7
        assert [r.choices for r in store.practice_progress()["王小明"].reviews] == [(), (), ()]
        assert store.import_practice(text) == ("王小明", 0)
        assert [r.choices for r in store.practice_progress()["王小明"].reviews] == paths


def test_cli_import_then_dashboard_shows_dialogue_choices(tmp_path):
    text, _ = _dialogue_export()
    f = tmp_path / "王小明-练习进度.json"
    f.write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert run("records", "import", str(f), "--db", db, cwd=tmp_path).returncode == 0
    f.unlink()  # the dashboard reads the store, not the file
    board = run("dashboard", "--db", db, "--out", "board", cwd=tmp_path)
    assert board.returncode == 0, board.stderr
    page = (tmp_path / "board" / "dashboard.html").read_text(encoding="utf-8")
    assert "对练选项统计" in page and "作答 3 次" in page
