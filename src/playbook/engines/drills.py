"""Training drills: questions from the knowledge base, answer checking, rubric scoring, spaced practice.

Standard library only — this module also runs in the reader's browser (Pyodide).
Everything is pure and deterministic: every random choice takes a ``seed`` and uses
``random.Random`` seeded per question, so the same seed always gives the same session.

The banks live in ``knowledge/drills.yaml`` (collections ``drill_scenarios``,
``drill_objections``, ``fab_audiences``, ``fab_features``, ``etiquette_questions``,
``rubric_checks``); the rules they drill are the knowledge base's customer types,
communication styles, objection types/methods/timings and etiquette rules.

Five drill families:

``customer_type``        a scenario → which of the ten customer types, which strategy (002 §4.2.2)
``communication_style``  a scenario → which of the four styles, which way to talk (001 基础篇(八)5)
``objection``            a customer's words → nature, content, method, timing (002 §4.3)
``fab``                  a feature → its advantage, the benefit for one audience (001 提高篇(九)4)
``etiquette``            a situation → the right behaviour among plausible wrong ones (001 基础篇
                         商务礼仪); a rule without an authored situation gets a generated
                         question (which card title is this rule?), so every rule always has one.

The multiple-choice questions are built by :mod:`playbook.kb.banks` (so the knowledge-base
build can check that no option's length, place, tone or sentence count gives the key away,
:mod:`playbook.kb.guessers`); every option has a stable id (a hash of its text), views show the
options in a fresh order each time (:func:`shuffled`) and :func:`check_choice` takes the id.

Free-text answers are checked by :class:`playbook.kb.RubricCheck` yes/no checks (negation-aware:
“我没有任何数据” offers no data) and by the rules of :mod:`playbook.engines.answer_rules` every
answer must meet: real sentences (no gibberish or keyword salad), no bad practice (rudeness,
arguing, pressure, gifts or kickbacks, cash or invoice tricks, false claims, unapproved
promises: each a hard fail), the customer's concern taken up, aimed at this customer type /
style / method / audience, and for FAB the order feature → advantage → benefit.
:func:`score_free_text` returns every check with its reason, a graded ``score`` and the
trainer's verdict ``acceptable`` with Chinese ``reasons``; ``benchmarks/bench_free_text.py``
measures it against labelled trainee answers.

Spaced practice follows the Leitner system: each question sits in box 1–5, a correct answer
moves it up one box, a wrong one back to box 1; sessions put the weakest questions first.
Progress is kept in a local JSON file, written atomically, with a backup of the last good file.

Usage (the same seed always gives the same session; an option is checked by its id):

>>> from playbook.engines import drills
>>> session = drills.make_session(seed=7, size=10)
>>> q = session.questions[0]
>>> len(session.questions), q.family
(10, 'etiquette')
>>> drills.check_choice(q, q.option_ids[q.answer]).correct
True
>>> task = drills.free_text_tasks(families=["fab"])[0]
>>> drills.score_free_text(task, "因为……所以……对您来说……").acceptable       # the frame alone
False
>>> drills.score_free_text(task, "给您个人一点回扣,您就签了吧").reasons[0]   # a hard fail
'不可接受的做法:给采购人员个人好处(回扣、红包、购物卡、私下送礼)(“回扣”)'
"""
from __future__ import annotations

import functools
import json
import os
import random
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from playbook import kb as _kb
from playbook.kb import banks as _banks
from playbook.engines import answer_rules as _rules
from playbook.errors import PlaybookInputError
from playbook.normalize import normalize_name
from playbook.fileio import atomic_write

__all__ = [
    "FAMILIES", "FAMILY_LABELS", "LEITNER_BOXES",
    "Question", "option_id", "shuffled", "ChoiceResult", "FreeTextTask", "CheckResult", "RubricResult",
    "FamilyScore", "Session", "Progress", "HardFail",
    "all_questions", "questions_for", "question_by_id", "check_choice",
    "free_text_tasks", "rubric_for", "score_text", "score_free_text",
    "make_session", "summarize",
    "new_progress", "record", "record_results", "leitner_rank", "weakness_order",
    "load_progress", "save_progress", "restore_progress", "backup_path",
]

#: The drill families, in teaching order (the banks are built in :mod:`playbook.kb.banks`).
FAMILIES: tuple[str, ...] = _banks.FAMILIES
FAMILY_LABELS: dict[str, str] = _banks.FAMILY_LABELS
#: Leitner boxes 1 (weakest) … 5 (known).
LEITNER_BOXES = 5
PROGRESS_FORMAT = 1
#: Options per multiple-choice question (fewer when the pool is smaller).
OPTIONS = _banks.OPTIONS


# --------------------------------------------------------------------------- results
#: A multiple-choice question (built by :mod:`playbook.kb.banks`); ``options[answer]`` is
#: correct and ``option_ids[i]`` is the stable id of ``options[i]``.
Question = _banks.Question
option_id = _banks.option_id
OPTION_ID = _banks.OPTION_ID
shuffled = _banks.shuffled


@dataclass(frozen=True)
class ChoiceResult:
    """The check of one multiple-choice answer.

    ``chosen``/``answer`` are positions in the order the question was shown; ``chosen_id`` and
    ``answer_id`` the options' stable ids, which is what progress and records keep."""

    question_id: str
    family: str
    chosen: int
    answer: int
    correct: bool
    explanation: str
    source: tuple[str, ...]
    chosen_id: str = ""
    answer_id: str = ""


@dataclass(frozen=True)
class FreeTextTask:
    """A free-text exercise scored by the rubric checks of its family and targets."""

    id: str
    family: str
    item_id: str
    prompt: str
    context: str
    #: Ids the rubric is chosen by (customer type, style, method or audience).
    targets: tuple[str, ...]
    #: A model answer (objections, FAB) or, for scenarios, the strategy to follow.
    model_answer: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class CheckResult:
    """One yes/no rubric check of a free-text answer."""

    check_id: str
    #: What it checks, as a question (``是否没有和客户争辩?``).
    name: str
    passed: bool
    why: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class HardFail:
    """Bad practice found in an answer: it fails the answer whatever else it does well."""

    kind: str
    #: What was done wrong, in Chinese (``给采购人员个人好处(回扣、红包、购物卡、私下送礼)``).
    label: str
    #: The words of the answer that show it.
    evidence: str
    why: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class RubricResult:
    """All checks of one answer.

    ``score`` is the share of checks passed (0–1) for :func:`score_text`; :func:`score_free_text`
    sets a graded ``value`` (bad practice and non-answers pulled to the bottom) and the trainer's
    verdict ``acceptable`` with the ``reasons`` (Chinese) when it is not."""

    task_id: str
    checks: tuple[CheckResult, ...]
    acceptable: bool = False
    hard_fails: tuple[HardFail, ...] = ()
    #: Why the answer is not acceptable (empty when it is), in Chinese.
    reasons: tuple[str, ...] = ()
    #: The answer was written for another customer type, style, method or audience (its name).
    aimed_at: str = ""
    value: float | None = None

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.checks)

    @property
    def share(self) -> float:
        return self.passed / len(self.checks) if self.checks else 0.0

    @property
    def score(self) -> float:
        return self.value if self.value is not None else self.share


@dataclass(frozen=True)
class FamilyScore:
    """Correct answers of one family in a session."""

    family: str
    label: str
    correct: int
    total: int

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class Session:
    """The questions of one practice session, in the order to ask them."""

    seed: int
    questions: tuple[Question, ...]


# --------------------------------------------------------------------------- helpers
def _base(base: _kb.KnowledgeBase | None) -> _kb.KnowledgeBase:
    return base if base is not None else _kb.load()


_sources = _banks.sources
_cite = _banks.cite
_check_families = _banks.check_families
scenario_text = _banks.scenario_text


# --------------------------------------------------------------------------- questions
def all_questions(*, seed: int = 0, families: Iterable[str] | None = None,
                  base: _kb.KnowledgeBase | None = None) -> tuple[Question, ...]:
    """Every question the banks give, in bank order (distractors and their order by ``seed``,
    key positions balanced within each family; views show them shuffled afresh, see
    :func:`shuffled`)."""
    return _banks.questions(_base(base), seed=seed, families=families)


def questions_for(item_id: str, *, seed: int = 0, base: _kb.KnowledgeBase | None = None) -> tuple[Question, ...]:
    """The questions made from one bank item (scenario, objection, feature, etiquette rule/question)."""
    found = tuple(q for q in all_questions(seed=seed, base=base)
                  if q.item_id == item_id or q.id.split("#")[0] == item_id)
    if not found:
        raise PlaybookInputError("item_id", f"题库中没有 id 为 “{item_id}” 的条目")
    return found


def question_by_id(question_id: str, *, seed: int = 0, base: _kb.KnowledgeBase | None = None) -> Question:
    """One question by its id (``drill-sc-rational-1#type``)."""
    for q in all_questions(seed=seed, base=base):
        if q.id == question_id:
            return q
    raise PlaybookInputError("question_id", f"题库中没有 id 为 “{question_id}” 的题目")


def check_choice(question: Question, chosen: int | str) -> ChoiceResult:
    """Check a multiple-choice answer: ``chosen`` is the option's stable id (``q.option_ids``)
    or its 0-based index into ``question.options`` as shown."""
    if isinstance(chosen, str):
        index = question.index_of(chosen)
    elif isinstance(chosen, bool) or not isinstance(chosen, int) or not 0 <= chosen < len(question.options):
        raise PlaybookInputError("chosen", f"选项须是 0–{len(question.options) - 1} 之间的整数,收到 {chosen!r}")
    else:
        index = chosen
    return ChoiceResult(question.id, question.family, index, question.answer, index == question.answer,
                        question.explanation, question.source, question.option_ids[index],
                        question.answer_id)


# --------------------------------------------------------------------------- free text
def free_text_tasks(*, families: Iterable[str] | None = None,
                    base: _kb.KnowledgeBase | None = None) -> tuple[FreeTextTask, ...]:
    """Every free-text exercise of the families that have rubrics (all but etiquette)."""
    kb = _base(base)
    chosen = _check_families(families)
    out: list[FreeTextTask] = []
    for s in kb.drill_scenarios:
        if s.family not in chosen:
            continue
        target = kb.get(s.target)
        prompt = (f"这是一位“{target.name}”的客户。请写出你对他说的话(两三句),体现应对策略。"
                  if s.family == "customer_type" else
                  f"这位客户是“{target.name}”沟通风格。请写出你对他说的话(两三句)。")
        how = getattr(target, "strategy" if s.family == "customer_type" else "method")  # the family says which
        targets: tuple[str, ...] = (s.target,)
        if s.compliance:
            prompt = "这位客户在暗示要个人好处。请写出你对他说的话(两三句),守住合规底线。"
            how, targets = s.compliance, (s.target, s.id)
        out.append(FreeTextTask(f"{s.id}#text", s.family, s.id, prompt, scenario_text(s), targets,
                                how, _sources(s.source, target.source)))
    if "objection" in chosen:
        for o in kb.drill_objections:
            method = kb.get_as(o.methods[0], _kb.ObjectionMethod)
            form = f"(句式:{method.pattern})" if method.pattern else ""
            context = f"情境:{o.context}\n{o.statement}" if o.context else o.statement
            out.append(FreeTextTask(f"{o.id}#text", "objection", o.id,
                                    f"请用“{method.name}”回应客户{form}。", context, (method.id,),
                                    o.model_answer, _sources(o.source, method.source)))
    if "fab" in chosen:
        audiences = {a.id: a for a in kb.fab_audiences}
        for f in kb.fab_features:
            for b in f.benefits:
                a = audiences[b.audience]
                out.append(FreeTextTask(
                    f"{f.id}#text-{a.id}", "fab", f.id,
                    f"向{a.name}介绍这一点,用“因为……所以……对您来说……”说一段话(不要夸大)。",
                    f"产品:{f.product}\n特征(F):{f.feature}\n{a.name}通常关心(本书归纳):{'、'.join(a.cares)}",
                    (a.id,), f"因为{f.feature},所以{f.advantage},对您来说{b.benefit}。",
                    _sources(f.source, a.source)))
    return tuple(out)


def rubric_for(family: str, targets: Iterable[str] = (), *,
               base: _kb.KnowledgeBase | None = None) -> tuple[_kb.RubricCheck, ...]:
    """The checks of a family that apply to every item or to one of ``targets``."""
    _check_families([family])
    wanted = set(targets)
    return tuple(c for c in _base(base).rubric_checks
                 if c.family == family and (not c.applies_to or wanted & set(c.applies_to)))


def _norm(text: str) -> str:
    """NFKC (full-width ？％１ → ?%1) without spaces, so phrase checks ignore width and spacing."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_norm(pattern) if not pattern.startswith("^") else unicodedata.normalize("NFKC", pattern))


def check_hits(check: _kb.RubricCheck, text: str) -> bool:
    """True when a phrase of the check occurs in ``text`` or its pattern matches.

    Negated mentions do not count: “我没有任何数据” does not offer data, “我们不给回扣” gives no
    kickback (see :func:`playbook.engines.answer_rules.negated`)."""
    if check.pattern.startswith("^"):  # anchored patterns (length) see the text as written
        if _compiled(check.pattern).search(unicodedata.normalize("NFKC", text).strip()):
            return True
        return _rules.has_phrase(text, check.phrases)
    return _rules.has_phrase(text, check.phrases, pattern=_norm(check.pattern) if check.pattern else "")


def score_text(text: str, checks: Sequence[_kb.RubricCheck], *, task_id: str = "") -> RubricResult:
    """Run yes/no checks on a free-text answer; ``must`` passes on a hit, ``must_not`` on none."""
    if not isinstance(text, str) or not text.strip():
        raise PlaybookInputError("answer", "回答不能为空:请写下你要对客户说的话")
    results = []
    for c in checks:
        hit = check_hits(c, text)
        passed = hit if c.mode == "must" else not hit
        results.append(CheckResult(c.id, c.name, passed, c.why, c.source))
    return RubricResult(task_id, tuple(results))


# Checks every answer gets besides its rubric (ids start with ``verdict-``).
_SENTENCE = ("verdict-sentence", "是否说成了完整的话(不是关键词堆砌、乱码或只言片语)?",
             "评分看的是你会怎样对客户说话;只罗列关键词或几个字,客户听不明白。", ("002 §4.3.4",))
_CONDUCT = ("verdict-conduct", "是否守住了底线(不无礼、不争辩、不施压、不送好处、不夸大、不乱承诺)?",
            "这些做法一出现,答案就不能接受,无论其余部分多好。", ("000 §4.3", "002 §4.3.4"))
_CONCERN = ("verdict-concern", "是否回应了这位客户在情境中提出的问题?", "", ("002 §4.2.2", "002 §4.3.4"))
_TARGET = ("verdict-target", "是否针对本题的客户(类型、风格、方法或对象),而不是另一种?", "", ())
_FAB_CONTENT = ("verdict-fab-content", "是否讲到了这项特征(F)和它的优点(A)?",
                "FAB 要从产品本身的特征讲起,再讲它能做什么,最后才讲对这个对象的利益。", ("001 提高篇(九)4",))


def _bigrams(text: str) -> set[str]:
    norm = _rules.normalize(text)
    return {norm[i:i + 2] for i in range(len(norm) - 1) if _rules.cjk_count(norm[i:i + 2]) == 2}


def _target_name(target_id: str, base: _kb.KnowledgeBase) -> str:
    try:
        return base.get(target_id).name
    except Exception:  # noqa: BLE001 - an unknown id has no name to show
        return target_id


def _siblings(task: FreeTextTask, base: _kb.KnowledgeBase) -> list[str]:
    """Ids of the other targets of the task's family (types, styles, methods or audiences)."""
    pools = {"customer_type": [t.id for t in base.customer_types],
             "communication_style": [t.id for t in base.communication_styles],
             "objection": [m.id for m in base.objection_methods],
             "fab": [a.id for a in base.fab_audiences]}
    return [t for t in pools[task.family] if t not in task.targets]


def _customer_words(task: FreeTextTask) -> str:
    """What the customer says in the task's situation (the lines a concern can come from)."""
    lines = task.context.split("\n")
    said = [ln.split(":", 1)[-1] for ln in lines if ln.startswith(("客户说", "“", "\"")) or "“" in ln]
    return "\n".join(said) or task.context


def score_free_text(task: FreeTextTask, text: str, *, base: _kb.KnowledgeBase | None = None) -> RubricResult:
    """Score an answer to ``task`` and give the verdict a trainer would give.

    The answer is checked by its family's rubric (negation-aware) and by rules every answer must
    meet: it is made of sentences (no gibberish, keyword salad or a few characters), shows no bad
    practice (hard fail), takes up what this customer said, is aimed at this customer (type,
    style, method or audience) and, for FAB, goes feature → advantage → benefit.
    ``acceptable`` is True only when all of that holds and the rubric's key checks pass."""
    kb = _base(base)
    rubric = rubric_for(task.family, task.targets, base=kb)
    result = score_text(text, rubric, task_id=task.id)
    checks = list(result.checks)
    reasons: list[str] = []
    musts = [(c, r) for c, r in zip(rubric, result.checks, strict=True) if c.mode == "must"]
    must_nots = [(c, r) for c, r in zip(rubric, result.checks, strict=True) if c.mode == "must_not"]

    # -- sentences
    keywords = tuple(p for c in rubric for p in c.phrases)
    problem = _rules.sentence_problem(text, keywords)
    checks.append(CheckResult(_SENTENCE[0], _SENTENCE[1], not problem, problem or _SENTENCE[2], _SENTENCE[3]))
    if problem:
        reasons.append(problem)

    # -- bad practice (hard fails)
    fails = tuple(HardFail(cls.kind, cls.label, words, cls.why, cls.source)
                  for cls, words in _rules.bad_practice(text))
    why = ";".join(f"{f.label}(“{f.evidence}”):{f.why}" for f in fails) or _CONDUCT[2]
    checks.append(CheckResult(_CONDUCT[0], _CONDUCT[1], not fails, why,
                              _sources(_CONDUCT[3], *(f.source for f in fails))))
    reasons += [f"不可接受的做法:{f.label}(“{f.evidence}”)" for f in fails]
    # a rubric check that asks about the same conduct must not say ✓ next to the hard fail
    for k, (check, res) in enumerate(zip(rubric, result.checks, strict=True)):
        same = [f for f in fails if f.kind in check.covers]
        if res.passed and same:
            checks[k] = replace(res, passed=False, why=";".join(
                f"{f.label}(“{f.evidence}”):{f.why}" for f in same))

    # -- the customer's concern
    concerns = _rules.concern_groups(_customer_words(task))
    if task.family == "fab":
        concerns = []
    met = _rules.addressed(text, concerns)
    names = "、".join(n for n, _ in concerns)
    checks.append(CheckResult(_CONCERN[0], _CONCERN[1], met,
                              f"客户在意的是:{names}。回答要接住客户的话,而不是自说自话。" if concerns else
                              "这位客户没有提出具体问题,主动了解、引导即可。", _CONCERN[3]))
    if not met:
        reasons.append(f"没有回应客户在意的问题({names})")

    # -- FAB: feature and advantage, in order, then the benefit for this audience
    fab_ok = True
    if task.family == "fab":
        feature = kb.get_as(task.item_id, _kb.FabFeature)
        f_pos, a_pos, b_pos = _rules.fab_order(text)
        head = _rules.normalize(text)[:b_pos] if b_pos > 0 else _rules.normalize(text)
        talks_fa = len(_bigrams(head) & (_bigrams(feature.feature) | _bigrams(feature.advantage))) >= 1
        in_order = 0 <= f_pos < a_pos < b_pos
        norm = _rules.normalize(text)
        thin = in_order and (_rules.cjk_count(norm[a_pos + 2:b_pos]) < 3
                             or _rules.cjk_count(_rules.benefit_part(text)) < 4)
        fab_ok = talks_fa and in_order and not thin
        detail = ("" if in_order else "没有按“因为(F)……所以(A)……对您来说(B)……”的先后顺序讲;") + \
                 ("" if talks_fa else f"没有讲到这项特征或优点(“{feature.feature}”);") + \
                 ("优点或利益只有一两个字,没有说清它能做什么、给对方带来什么;" if thin else "")
        checks.append(CheckResult(_FAB_CONTENT[0], _FAB_CONTENT[1], fab_ok, detail or _FAB_CONTENT[2],
                                  _FAB_CONTENT[3]))
        if not fab_ok:
            reasons.append(detail.rstrip(";"))

    # -- aimed at another type / style / method / audience?
    aimed_at = ""
    probe = _rules.benefit_part(text) if task.family == "fab" else text

    def strength(checks: Sequence[_kb.RubricCheck]) -> int:
        """Checks passed, then phrases hit (ties between two other targets go to the stronger)."""
        return sum(100 * check_hits(c, probe) + sum(_rules.has_phrase(probe, [p]) for p in c.phrases)
                   for c in checks)

    own = [c for c, _ in musts if c.applies_to and not c.pattern.startswith("^")]
    if own and strength(own) == 0 and not problem:
        best, best_hits = "", 0
        for other in _siblings(task, kb):
            theirs = [c for c in rubric_for(task.family, [other], base=kb)
                      if c.mode == "must" and c.applies_to and not c.pattern.startswith("^")]
            hits = strength(theirs)
            if hits > best_hits:
                best, best_hits = other, hits
        if best:
            aimed_at = _target_name(best, kb)
    own_name = "、".join(_target_name(t, kb) for t in task.targets if not t.startswith("drill-"))
    checks.append(CheckResult(_TARGET[0], _TARGET[1], not aimed_at,
                              f"这个回答更像是针对“{aimed_at}”的做法,本题要的是“{own_name}”。" if aimed_at else
                              f"本题要的是针对“{own_name}”的做法。", _sources(task.source)))
    if aimed_at:
        reasons.append(f"回答更像是针对“{aimed_at}”,不是本题的“{own_name}”")

    # -- the rubric's key checks
    for c, r in must_nots:
        if not r.passed and not fails:
            reasons.append(f"没有通过:{c.name}")
    missed = [c for c, r in musts if not r.passed]
    if task.family in ("customer_type", "communication_style"):
        need = (len(musts) + 1) // 2
        if len(musts) - len(missed) < need:
            reasons += [f"没有做到:{c.name}" for c in missed]
        # checks written for this very scenario (a compliance red flag) are never optional
        reasons += [f"没有做到:{c.name}" for c in missed if task.item_id in c.applies_to]
    else:
        reasons += [f"没有做到:{c.name}" for c in missed]

    acceptable = not reasons
    # graded score: rubric share, richness, then penalties (for ranking answers, AUC)
    share = sum(r.passed for _, r in musts + must_nots) / max(1, len(musts) + len(must_nots))
    hits = sum(1 for c in rubric if c.mode == "must" for p in c.phrases if _rules.has_phrase(text, [p]))
    richness = min(hits, 4) / 4
    length = min(_rules.cjk_count(text), 60) / 60
    value = 0.55 * share + 0.2 * richness + 0.1 * length + 0.15 * met
    if task.family == "fab":
        value = 0.8 * value + 0.2 * fab_ok
    if acceptable:
        value = 0.6 + 0.4 * value
    else:
        value = 0.55 * value
        if aimed_at:
            value *= 0.8
        if problem:
            value *= 0.3
        if fails:
            value *= 0.2
    return RubricResult(task.id, tuple(checks), acceptable, fails, tuple(dict.fromkeys(reasons)), aimed_at,
                        round(value, 4))


# --------------------------------------------------------------------------- spaced practice
# The Leitner boxes below are the first progress format (format 1). Scheduling now lives in
# playbook.engines.practice (FSRS, reviews that merge, locked saves); it reads these files and
# migrates them without loss. They stay for old notebooks and as the migration's reference.
@dataclass(frozen=True)
class Progress:
    """One trainee's Leitner boxes (question id → box 1–5) and answer counts."""

    trainee: str
    boxes: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    wrong: dict[str, int] = field(default_factory=dict)
    sessions: int = 0

    def box(self, question_id: str) -> int:
        """The question's box; 0 = never answered."""
        return self.boxes.get(question_id, 0)


def _trainee(name: Any) -> str:
    """The trainee's name, normalised (:func:`playbook.normalize.normalize_name`)."""
    if not isinstance(name, str) or not normalize_name(name):
        raise PlaybookInputError("trainee", "学员姓名不能为空")
    return normalize_name(name)


def new_progress(trainee: str) -> Progress:
    """Empty progress for a trainee."""
    return Progress(_trainee(trainee))


def record(progress: Progress, question_id: str, correct: bool) -> Progress:
    """Leitner step: correct → up one box (at most 5), wrong → back to box 1. Returns new progress."""
    box = progress.box(question_id)
    new_box = min(max(box, 0) + 1, LEITNER_BOXES) if correct else 1
    counts = progress.right if correct else progress.wrong
    changed = {**counts, question_id: counts.get(question_id, 0) + 1}
    return Progress(progress.trainee, {**progress.boxes, question_id: new_box},
                    changed if correct else progress.right, progress.wrong if correct else changed,
                    progress.sessions)


def record_results(progress: Progress, results: Iterable[ChoiceResult]) -> Progress:
    """Record a finished session's answers and count the session."""
    for r in results:
        progress = record(progress, r.question_id, r.correct)
    return Progress(progress.trainee, progress.boxes, progress.right, progress.wrong, progress.sessions + 1)


def leitner_rank(progress: Progress, question_id: str) -> int:
    """A question's place in practice order: 0 = box 1 (got it wrong), 1 = never answered,
    then 2–5 = boxes 2–5."""
    box = progress.box(question_id)
    return 0 if box == 1 else 1 if box == 0 else box


def _weakness_key(progress: Progress, qid: str) -> tuple[int, int]:
    return leitner_rank(progress, qid), -progress.wrong.get(qid, 0)


def weakness_order(progress: Progress, question_ids: Iterable[str], *, seed: int = 0) -> list[str]:
    """Question ids, weakest first (box 1, unseen, box 2 … 5; more misses first; ties by seed)."""
    ids = list(dict.fromkeys(question_ids))
    random.Random(f"{seed}|order").shuffle(ids)
    return sorted(ids, key=lambda q: _weakness_key(progress, q))  # stable: ties keep the shuffle


def make_session(seed: int, *, size: int = 10, families: Iterable[str] | None = None,
                 progress: Progress | None = None, base: _kb.KnowledgeBase | None = None) -> Session:
    """A practice session of ``size`` questions: same seed (and progress) → same session.

    Without progress the questions are a seeded sample; with progress the weakest come first."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise PlaybookInputError("size", f"题目数量须是正整数,收到 {size!r}")
    pool = {q.id: q for q in all_questions(seed=seed, families=families, base=base)}
    ids = weakness_order(progress or Progress("_"), pool, seed=seed)
    return Session(seed, tuple(pool[i] for i in ids[:size]))


def summarize(results: Iterable[ChoiceResult]) -> tuple[FamilyScore, ...]:
    """Correct answers per family, in :data:`FAMILIES` order (families without answers left out)."""
    counts: dict[str, list[int]] = {}
    for r in results:
        c = counts.setdefault(r.family, [0, 0])
        c[0] += r.correct
        c[1] += 1
    return tuple(FamilyScore(f, FAMILY_LABELS[f], *counts[f]) for f in FAMILIES if f in counts)


# --------------------------------------------------------------------------- persistence
def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the last good progress file is kept (``进度.json`` → ``进度.json.bak``)."""
    p = Path(path)
    return p.with_name(p.name + ".bak")


def _corrupt(path: Path, problem: str) -> PlaybookInputError:
    bak = backup_path(path)
    keep = (f"上一次完好的进度保存在 {bak},没有被改动;可调用 drills.restore_progress(“{path}”) 用它恢复。"
            if bak.exists() else "没有找到备份文件;可删除或改名这个文件后重新开始。")
    return PlaybookInputError("progress_file", f"进度文件 {path} 已损坏({problem}),未作任何修改。{keep}")


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise _corrupt(path, f"不是有效的 JSON:第 {e.lineno} 行第 {e.colno} 列") from None
    except RecursionError:
        raise _corrupt(path, "嵌套层数过多") from None
    except ValueError:  # e.g. an integer with thousands of digits
        raise _corrupt(path, "含有无法读取的数值") from None
    if not isinstance(data, dict) or data.get("format") != PROGRESS_FORMAT:
        raise _corrupt(path, f"格式标记应为 {PROGRESS_FORMAT}")
    trainees = data.get("trainees")
    if not isinstance(trainees, dict):
        raise _corrupt(path, "缺少学员记录")
    for name, entry in trainees.items():
        if not isinstance(entry, dict):
            raise _corrupt(path, f"学员 “{name}” 的记录不是键值映射")
        for key in ("boxes", "right", "wrong"):
            table = entry.get(key, {})
            if not isinstance(table, dict) or not all(
                    isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in table.values()):
                raise _corrupt(path, f"学员 “{name}” 的 {key} 应为“题目 → 非负整数”")
        if not all(1 <= v <= LEITNER_BOXES for v in entry.get("boxes", {}).values()):
            raise _corrupt(path, f"学员 “{name}” 的盒子编号应在 1–{LEITNER_BOXES} 之间")
        sessions = entry.get("sessions", 0)
        if not isinstance(sessions, int) or isinstance(sessions, bool) or sessions < 0:
            raise _corrupt(path, f"学员 “{name[:20]}” 的 sessions 应为非负整数")
    return data


def _read(path: Path) -> dict[str, Any] | None:
    """The parsed file, ``None`` if it does not exist; corrupted → :class:`PlaybookInputError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _corrupt(path, "这个位置是一个文件夹,不是进度文件") from None
    except OSError as e:
        raise PlaybookInputError("progress_file", f"无法读取进度文件 {path}:{e.strerror or type(e).__name__}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _corrupt(path, "不是 UTF-8 文本") from None
    return _parse(path, text)


def load_progress(path: str | os.PathLike[str], trainee: str) -> Progress:
    """A trainee's progress from the JSON file (empty progress if the file or trainee is new).

    A corrupted file raises :class:`PlaybookInputError` (field ``progress_file``) with a Chinese
    message naming the file and the backup; nothing on disk is changed."""
    name = _trainee(trainee)
    data = _read(Path(path))
    entry = (data or {}).get("trainees", {}).get(name)
    if entry is None:
        return Progress(name)
    return Progress(name, dict(entry.get("boxes", {})), dict(entry.get("right", {})),
                    dict(entry.get("wrong", {})), entry.get("sessions", 0))




def save_progress(path: str | os.PathLike[str], progress: Progress) -> None:
    """Store a trainee's progress in the JSON file (other trainees in it are kept).

    The new file is written atomically, then the same text to :func:`backup_path`, so the backup
    always holds the last good state. A corrupted current file is never overwritten:
    :class:`PlaybookInputError` (restore it with :func:`restore_progress`)."""
    p = Path(path)
    data = _read(p)
    if data is None:
        data = {"format": PROGRESS_FORMAT, "trainees": {}}
    data["trainees"][_trainee(progress.trainee)] = {
        "boxes": dict(sorted(progress.boxes.items())),
        "right": dict(sorted(progress.right.items())),
        "wrong": dict(sorted(progress.wrong.items())),
        "sessions": progress.sessions,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    atomic_write(p, text)
    atomic_write(backup_path(p), text)


def restore_progress(path: str | os.PathLike[str]) -> Path:
    """Replace a corrupted progress file by its backup; the bad file is kept as ``….corrupt``.

    Returns where the bad file was moved. No backup (or a bad one) → :class:`PlaybookInputError`."""
    p = Path(path)
    bak = backup_path(p)
    if not bak.exists():
        raise PlaybookInputError("progress_file", f"没有找到备份文件 {bak},无法恢复")
    try:
        text = bak.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise PlaybookInputError("progress_file", f"备份文件 {bak} 也已损坏(不是 UTF-8 文本),无法恢复") from None
    except OSError as e:
        raise PlaybookInputError("progress_file", f"无法读取备份文件 {bak}:{e.strerror or type(e).__name__}") from None
    _parse(bak, text)
    moved = p.with_name(p.name + ".corrupt")
    if p.exists():
        shutil.copyfile(p, moved)
    atomic_write(p, text)
    return moved
