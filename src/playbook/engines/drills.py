"""Training drills: the question banks (multiple choice and free-text tasks) from the knowledge base.

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

Free-text exercises (:func:`free_text_tasks`) are judged by :mod:`playbook.engines.judge`
(pass / fail with its reason / unsure); spaced practice is :mod:`playbook.engines.practice`.
The judge's and the old Leitner scheduler's names that used to live here (``score_free_text``,
``RubricResult``, ``make_session``, ``load_progress`` …) still work for old notebooks: they are
forwarded to their new modules with a :class:`DeprecationWarning`.

Usage (the same seed always gives the same session; an option is checked by its id):

>>> from playbook.engines import drills
>>> q = drills.all_questions(seed=7, families=["objection"])[0]
>>> q == drills.all_questions(seed=7, families=["objection"])[0]
True
>>> q.family, len(q.options) == len(q.option_ids)
('objection', True)
>>> drills.check_choice(q, q.option_ids[q.answer]).correct
True
>>> wrong = next(oid for oid in q.option_ids if oid != q.option_ids[q.answer])
>>> drills.check_choice(q, wrong).correct
False
>>> task = drills.free_text_tasks(families=["fab"])[0]   # judged by playbook.engines.judge
>>> task.family, task.targets
('fab', ('fab-user',))
"""
from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from playbook import kb as _kb
from playbook.kb import banks as _banks
from playbook.errors import PlaybookInputError
from playbook.normalize import require_int

__all__ = [
    "FAMILIES", "FAMILY_LABELS",
    "Question", "option_id", "shuffled", "ChoiceResult", "FreeTextTask", "FamilyScore", "Session",
    "all_questions", "questions_for", "question_by_id", "check_choice",
    "free_text_tasks", "summarize", "scenario_text",
]

#: The drill families, in teaching order (the banks are built in :mod:`playbook.kb.banks`).
FAMILIES: tuple[str, ...] = _banks.FAMILIES
FAMILY_LABELS: dict[str, str] = _banks.FAMILY_LABELS
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
        raise PlaybookInputError("item_id", code="unknown_id", where="题库中", item_id=item_id, kind="条目")
    return found


def question_by_id(question_id: str, *, seed: int = 0, base: _kb.KnowledgeBase | None = None) -> Question:
    """One question by its id (``drill-sc-rational-1#type``)."""
    for q in all_questions(seed=seed, base=base):
        if q.id == question_id:
            return q
    raise PlaybookInputError("question_id", code="unknown_id", where="题库中", item_id=question_id, kind="题目")


def check_choice(question: Question, chosen: int | str) -> ChoiceResult:
    """Check a multiple-choice answer: ``chosen`` is the option's stable id (``q.option_ids``)
    or its 0-based index into ``question.options`` as shown."""
    if isinstance(chosen, str):
        index = question.index_of(chosen)
    else:
        index = require_int(chosen, "chosen", "选项", 0, len(question.options) - 1)
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


def summarize(results: Iterable[ChoiceResult]) -> tuple[FamilyScore, ...]:
    """Correct answers per family, in :data:`FAMILIES` order (families without answers left out)."""
    counts: dict[str, list[int]] = {}
    for r in results:
        c = counts.setdefault(r.family, [0, 0])
        c[0] += r.correct
        c[1] += 1
    return tuple(FamilyScore(f, FAMILY_LABELS[f], *counts[f]) for f in FAMILIES if f in counts)


# --------------------------------------------------------------------------- old names
#: Names that moved out of this module: name → (module, name there). The judge is
#: :mod:`playbook.engines.judge`; spaced practice is :mod:`playbook.engines.practice`; the old
#: Leitner files are read by :mod:`playbook.engines.leitner` (kept for migration).
_MOVED: dict[str, tuple[str, str]] = {
    **{n: ("playbook.engines.judge", n) for n in (
        "CheckResult", "HardFail", "RubricResult", "rubric_for", "check_hits", "score_text", "score_free_text")},
    "make_session": ("playbook.engines.practice", "make_session"),
    **{n: ("playbook.engines.leitner", n) for n in (
        "LEITNER_BOXES", "PROGRESS_FORMAT", "Progress", "new_progress", "record", "record_results",
        "leitner_rank", "weakness_order", "load_progress", "save_progress", "restore_progress", "backup_path")},
}


def __getattr__(name: str) -> Any:
    """Forward a moved name to its new module with a :class:`DeprecationWarning` (as
    ``quantecon`` does), so old notebooks keep working."""
    moved = _MOVED.get(name)
    if moved is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attr = moved
    warnings.warn(f"playbook.engines.drills.{name} is deprecated; use {module}.{attr}",
                  DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(module), attr)
