"""The diagnosis question 他更像哪一类?凭哪句话?: what it offers (the item to name among
three others, the customer's phrases so far) and the trainee's answer, checked. Standard
library only (runs in the browser).

Usage (after the customer's first lines the player asks; the answer rests on one of his phrases):

>>> from playbook.engines import dialogue_diagnosis, dialogue_play
>>> t = dialogue_play.choose_id(dialogue_play.start("dlg-indecisive", seed=7), "open.best")
>>> items, cues = dialogue_diagnosis.diagnosis_options(t)
>>> len(items), ("ctype-indecisive", "优柔寡断型") in items
(4, True)
>>> t = dialogue_diagnosis.diagnose(t, "ctype-indecisive", "就是不知道换了会不会出什么问题")
>>> t.diagnosis.score
1.0
"""
from __future__ import annotations

import random
import re
from dataclasses import replace

from playbook import kb
from playbook.engines.dialogue_bank import GROUP_LABELS
from playbook.engines.dialogue_state import Diagnosis, State, _diagnose_item
from playbook.errors import PlaybookInputError
from playbook.kb import Dialogue

__all__ = ["DIAGNOSIS_QUESTION", "diagnosis_question", "diagnosis_options", "diagnose"]

#: The diagnosis question asked after the customer's first lines.
DIAGNOSIS_QUESTION = "他更像哪一类?凭哪句话?"


def _collection_of(item_id: str) -> str:
    base = kb.load()
    for name in GROUP_LABELS:
        if any(i.id == item_id for i in base.collection(name)):
            return name
    return ""


_CLAUSE = re.compile(r"[,。?!…;:、“”()()\n]+")


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if len(c.strip()) >= 3]


def diagnosis_question(d: Dialogue) -> str:
    """The diagnosis question for ``d``: the customer's type, or the objection method."""
    if _diagnose_item(d).startswith("method-"):
        return "这个异议该用哪种方法处理?凭哪句话?"
    return DIAGNOSIS_QUESTION


def diagnosis_options(s: State) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """What the diagnosis question offers: ((item id, name) × 4, shuffled), and the customer's
    phrases so far (one or two hold the cue words, the others do not), shuffled."""
    d = s.dialogue
    answer = _diagnose_item(d)
    if not answer:
        return (), ()
    base = kb.load()
    collection = _collection_of(answer)
    pool = [i for i in base.collection(collection) if i.id != answer] if collection else []
    rng = random.Random(f"{s.seed}/diagnosis")
    picked = rng.sample(pool, min(3, len(pool))) + [base.by_id[answer]]
    rng.shuffle(picked)
    items = tuple((i.id, i.name) for i in picked)
    said = [t.customer_said for t in s.history] + [s.customer_says]
    clauses = list(dict.fromkeys(c for line in said for c in _clauses(line)))
    # the phrase holding the first (strongest) cue word first
    right = sorted((c for c in clauses if any(cue in c for cue in d.cues)),
                   key=lambda c: min(k for k, cue in enumerate(d.cues) if cue in c))
    wrong = [c for c in clauses if c not in right]
    cues = right[:1] + rng.sample(wrong, min(3, len(wrong)))
    rng.shuffle(cues)
    return items, tuple(cues)


def diagnose(s: State, item_id: str, cue: str = "") -> State:
    """Answer 他更像哪一类?凭哪句话?: the item picked and the customer's phrase it rests on."""
    if not isinstance(s, State):
        raise PlaybookInputError("state", code="dialogue_state")
    answer = _diagnose_item(s.dialogue)
    items, _ = diagnosis_options(s)
    if not answer:
        raise PlaybookInputError("diagnosis", code="dialogue_no_diagnosis")
    known = {i for i, _ in items} | {answer}
    if item_id not in known:
        raise PlaybookInputError("diagnosis", code="dialogue_diagnosis", allowed='、'.join(n for _, n in items))
    cues = tuple(s.dialogue.cues)
    item = kb.load().by_id[answer]
    return replace(s, diagnosis=Diagnosis(item_id, cue or "", item_id == answer,
                                          bool(cue) and any(c in cue for c in cues),
                                          answer, item.name, cues))
