"""``python -m playbook dashboard`` and ``records`` in a subprocess against a seeded SQLite store."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.trainer import records

from playbook.trainer import roleplay


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_DB_URL"}
    env["PLAYBOOK_DATA_DIR"] = str(cwd / "data")
    return subprocess.run([sys.executable, "-m", "playbook", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[str, list[roleplay.SessionPlan]]:
    """A SQLite store with three sample sessions; one trainee renamed to ``<b>x</b>``."""
    folder = tmp_path_factory.mktemp("cli-dashboard")
    url = f"sqlite:///{folder / 'records.sqlite3'}"
    plans, sheets = roleplay.sample_history(seed=4)
    rename = {"张伟": "<b>x</b>"}
    with records.open_store(url) as store:
        for name in plans[0].trainees:
            store.add_trainee(rename.get(name, name))
        for s in sheets:
            store.save_sheet(roleplay.ScoreSheet(
                s.session, s.round_no, rename.get(s.trainee, s.trainee), rename.get(s.observer, s.observer),
                s.scenario_id, s.marks, s.notes, s.rating, s.scored_at))
    return url, plans


def test_dashboard_writes_html_xlsx_and_csv(seeded, tmp_path):
    url, plans = seeded
    out = tmp_path / "看板"
    done = run("dashboard", "--db", url, "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = ["dashboard.html", "NotoSansSC-GB2312.ttf", "records.xlsx", "records.csv", "skills.csv", "weakest.csv"]
    for name in names:
        assert (out / name).stat().st_size > 0, name
        assert str(out / name) in done.stdout
    assert "看板已生成" in done.stdout and "6 名学员,3 场,18 轮评分" in done.stdout
    page = (out / "dashboard.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 3
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "各技能通过率" in page and "下一步练什么" in page and "<script" not in page
    with open(out / "skills.csv", encoding="utf-8-sig", newline="") as f:
        assert "<b>x</b>" in {row[0] for row in csv.reader(f)}
    import openpyxl

    assert openpyxl.load_workbook(out / "records.xlsx").sheetnames == ["记录", "技能", "进度", "薄弱项"]


def test_dashboard_of_one_session(seeded, tmp_path):
    url, plans = seeded
    session = plans[1].session
    done = run("dashboard", "--db", url, "--session", session, "--out", "one", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 场,6 轮评分" in done.stdout
    assert session in (tmp_path / "one" / "dashboard.html").read_text(encoding="utf-8")


def test_unknown_session_is_a_chinese_error(seeded, tmp_path):
    url, plans = seeded
    done = run("dashboard", "--db", url, "--session", "没有这一场", "--out", "x", cwd=tmp_path)
    assert done.returncode == 1
    assert "无法生成看板" in done.stderr and "没有这一场" in done.stderr and plans[0].session in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x").exists()


def test_empty_store_is_a_chinese_error(tmp_path):
    from playbook.trainer.records import open_store

    open_store(f"sqlite:///{tmp_path / 'empty.sqlite3'}").close()
    done = run("dashboard", "--db", f"sqlite:///{tmp_path / 'empty.sqlite3'}", "--out", "x", cwd=tmp_path)
    assert done.returncode == 1
    assert "还没有评分记录" in done.stderr and "Traceback" not in done.stderr


def test_missing_store_is_not_created_by_a_read(tmp_path):
    """Issue 14: `--db sqlite:///typo` must not silently create an empty database."""
    typo = tmp_path / "typo.sqlite3"
    for command in (("dashboard", "--out", "x"), ("records", "trainees"), ("records", "sessions")):
        done = run(*command, "--db", f"sqlite:///{typo}", cwd=tmp_path)
        assert done.returncode == 1 and "不存在" in done.stderr and "Traceback" not in done.stderr
    assert not typo.exists()


def test_default_store_is_in_the_data_folder(tmp_path):
    done = run("dashboard", "--out", "x", cwd=tmp_path)
    assert done.returncode == 1 and "不存在" in done.stderr  # a read never creates the store
    assert str(tmp_path / "data" / "records.sqlite3") in done.stderr


def test_missing_out_and_bad_url_are_chinese_errors(tmp_path):
    done = run("dashboard", cwd=tmp_path)
    assert done.returncode == 1 and "--out" in done.stderr and "Traceback" not in done.stderr
    done = run("dashboard", "--db", "mysql://h/db", "--out", "x", cwd=tmp_path)
    assert done.returncode == 1 and "无法生成看板" in done.stderr and "Traceback" not in done.stderr


def test_records_lists_trainees_and_sessions(seeded, tmp_path):
    url, plans = seeded
    done = run("records", "trainees", "--db", url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "6 名" in done.stdout and "<b>x</b>" in done.stdout and "王芳" in done.stdout
    done = run("records", "sessions", "--db", url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for plan in plans:
        assert f"{plan.session}:6 轮评分" in done.stdout


def _drill_page_families(page: str) -> list[str]:
    """The families the live drill of a book page practises (read from the page's source)."""
    import re

    source = (Path(__file__).resolve().parents[1] / "book" / f"{page}.md").read_text(encoding="utf-8")
    fams = re.findall(r"drill_panel\(\[([^\]]*)\]", source)
    assert fams, f"{page} has no live drill"
    return re.findall(r"'([a-z_]+)'", fams[0])


@pytest.mark.parametrize("book_url", [None, "https://example.com/书/playbook"])
def test_dashboard_links_every_next_drill_to_its_page_in_the_book(seeded, tmp_path, site, book_url):
    """Each trainee's “建议下次先练” item links to the book's drill page, which opens on it."""
    import re
    from urllib.parse import parse_qs, unquote, urlsplit

    from playbook.engines import drills
    from playbook.views.drills import drill_panel
    from playbook.views.links import BOOK_URL, FAMILY_PAGES, FOCUS_CLASS

    url, plans = seeded
    out = tmp_path / "看板"
    extra = () if book_url is None else ("--book-url", book_url)
    done = run("dashboard", "--db", url, "--out", str(out), *extra, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (out / "dashboard.html").read_text(encoding="utf-8")
    next_part = page[page.index("下一步练什么"):]
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r"<a class='pb-drill-link' href='([^']+)'", next_part)]
    trainees = len(plans[0].trainees)
    assert len(hrefs) == trainees * 5, len(hrefs)  # every suggestion of every trainee
    root = BOOK_URL if book_url is None else book_url + "/"
    questions = {q.id: q for q in drills.all_questions()}
    for href in hrefs:
        assert href.startswith(root), href
        parts = urlsplit(href[len(root):])
        target = site / unquote(parts.path)
        assert target.is_file(), href  # an existing page of the built book
        item = parse_qs(parts.query)["item"][0]
        q = questions[item]
        assert parts.path == FAMILY_PAGES[q.family] + ".html"
        assert "pb-live" in target.read_text(encoding="utf-8")  # the page runs its drills live
        # What that page does with ?item=…: its drill opens on the question.
        panel = drill_panel(_drill_page_families(FAMILY_PAGES[q.family]), seed=0, focus=item)
        assert panel.children[0].question.id == item and FOCUS_CLASS in panel._dom_classes
