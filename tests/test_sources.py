"""The book covers the seed material: every INDEX.md row is taught somewhere, every chapter is complete."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from playbook import kb
from playbook.site.sphinxext import toc_documents

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
INDEX = ROOT.parent / "shared" / "seeds" / "INDEX.md"
NOISE = re.compile(r"展开阅读全文|doczj|物業經理人|物业经理人|青青青|无码|婬|滿橙禮品|满橙礼品|金蝶|"
                   r"微服务开发手册|www\.kimberlysbi|第\d+/\d+页")


def index_rows() -> list[tuple[str, str]]:
    """(seed, sha1 key of the first cell) of every table row of INDEX.md."""
    if not INDEX.exists():
        pytest.fail(f"找不到 {INDEX}:测试需要 ../shared/seeds/INDEX.md(CI 中与仓库并列)")
    rows, seed = [], None
    for line in INDEX.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"## (00\d)", line):
            seed = m.group(1)
        elif line.startswith("|") and not line.startswith("|---") and not line.startswith("| seed part"):
            cell = line.strip().strip("|").split("|")[0].strip()
            rows.append((seed, hashlib.sha1(cell.encode("utf-8")).hexdigest()[:10]))
    return rows


def toc_files() -> list[str]:
    return toc_documents(BOOK)


def test_every_index_row_is_in_the_sources_map():
    parts = kb.load().seed_parts
    mapped = {(p.seed, p.index_key) for p in parts}
    missing = [row for row in index_rows() if row not in mapped]
    assert not missing, f"INDEX.md 中这些行没有出现在 seed_index.yaml 中:{missing}"
    assert len(parts) == len(index_rows())


def test_every_index_row_is_taught_by_a_chapter_in_the_book():
    in_book = set(toc_files())
    for part in kb.load().seed_parts:
        if not part.taught_in:
            assert part.note, f"{part.id}:没有章节讲授,必须在 note 中说明原因"
            continue
        for doc in part.taught_in:
            assert doc in in_book, f"{part.id}:{doc} 不在 book/_toc.yml 中"
            assert (BOOK / f"{doc}.md").exists(), f"{part.id}:缺少 {doc}.md"


CHAPTER_SECTIONS = ("## 学习目标", "## 本章小结", "## 本章来源")


@pytest.mark.parametrize("doc", [d for d in toc_files() if d.startswith("chapters/")])
def test_every_chapter_has_objectives_summary_exercises_and_sources(doc):
    text = (BOOK / f"{doc}.md").read_text(encoding="utf-8")
    for heading in CHAPTER_SECTIONS:
        assert heading in text, f"{doc} 缺少 “{heading}”"
    exercises = len(re.findall(r"^[:`]{3,}\{exercise\}", text, flags=re.M))
    solutions = len(re.findall(r"^[:`]{3,}\{solution\}", text, flags=re.M))
    assert exercises >= 3 and solutions >= exercises, (doc, exercises, solutions)


def test_no_seed_noise_in_book_or_knowledge():
    hits = []
    for folder in (BOOK, ROOT / "src" / "playbook" / "knowledge", ROOT / "exercises"):
        for path in folder.rglob("*"):
            if "_build" in path.parts or path.suffix not in {".md", ".yaml", ".ipynb", ".yml"}:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if NOISE.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}")
    assert not hits, hits


def test_every_glossary_term_links_to_a_chapter_in_the_book():
    in_book = set(toc_files())
    terms = kb.load().terms
    assert len(terms) >= 30
    for term in terms:
        assert term.taught_in in in_book, f"{term.id}:{term.taught_in} 不在 book/_toc.yml 中"
    names = [t.name for t in terms]
    assert len(names) == len(set(names)), "术语重复"


def test_section_containment_used_by_the_sources_map():
    from playbook.site.sphinxext import cites

    assert cites("000 §9.1", "000 §9.1") and cites("000 §9.1.2", "000 §9.1")
    assert not cites("000 §9.10", "000 §9.1")
    assert cites("001 基础篇(五)3.2", "001 基础篇(五)") and not cites("001 提高篇(十一)1", "001 提高篇(十)")
    assert cites("004 增进客情 第1条", "004 增进客情")
