"""“Practise next” links: every practice item has a page whose live drill opens on it."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playbook.engines import dialogue, drills, practice
from playbook.views.drills import drill_panel
from playbook.views.links import FAMILY_PAGES, FOCUS_CLASS, drill_href

BOOK = Path(__file__).resolve().parents[1] / "book"


def _page_families() -> dict[str, set[str]]:
    """Book page → the families its live drill_panel practises (read from the page source)."""
    out: dict[str, set[str]] = {}
    for md in (BOOK / "chapters").glob("*.md"):
        for fams in re.findall(r"drill_panel\(\[([^\]]*)\]", md.read_text(encoding="utf-8")):
            out.setdefault(f"chapters/{md.stem}", set()).update(re.findall(r"'([a-z_]+)'", fams))
        if "dialogue_player(picker=True)" in md.read_text(encoding="utf-8"):
            out.setdefault(f"chapters/{md.stem}", set()).add("dialogue")
    return out


def test_every_family_links_to_a_page_whose_drill_has_it():
    pages = _page_families()
    assert set(FAMILY_PAGES) == set(practice.FAMILIES)
    for family, page in FAMILY_PAGES.items():
        assert family in pages.get(page, set()), (family, page)


def test_a_link_opens_the_drill_on_that_question_or_task():
    for family in drills.FAMILIES:
        q = drills.all_questions(seed=3, families=[family])[-1]  # the last one: never first by chance
        href = drill_href(q.id)
        assert href.startswith(FAMILY_PAGES[family] + ".html?item=")
        item = parse_qs(urlsplit(href).query)["item"][0]
        assert item == q.id
        panel = drill_panel([family], seed=3, focus=item)
        assert panel.children[0].question.id == q.id and FOCUS_CLASS in panel._dom_classes
    task = drills.free_text_tasks(families=["objection"])[-1]
    item = parse_qs(urlsplit(drill_href(task.id)).query)["item"][0]
    panel = drill_panel(["objection"], seed=3, focus=item)
    assert panel.selected_index == 1 and panel.children[1].task.id == task.id
    d = dialogue.all_dialogues()[-1]
    assert drill_href(practice.DIALOGUE_PREFIX + d.id) == f"chapters/dialogues.html?item=dialogue%3A{d.id}"
    plain = drill_panel(["objection"], seed=3)
    assert FOCUS_CLASS not in plain._dom_classes
