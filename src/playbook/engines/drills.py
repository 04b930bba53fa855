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

Free-text exercises (:func:`free_text_tasks`) are judged by :mod:`playbook.engines.judge`
(pass / fail with its reason / unsure); spaced practice is :mod:`playbook.engines.practice`.
The judge's and the old Leitner scheduler's names that used to live here (``score_free_text``,
``RubricResult``, ``make_session``, ``load_progress`` …) still work for old notebooks: they are
forwarded to their new modules with a :class:`DeprecationWarning`.

Usage::

    from playbook.engines import drills
    q = drills.all_questions(seed=7, families=["objection"])[0]
    result = drills.check_choice(q, 2)
    task = drills.free_text_tasks(families=["fab"])[0]
"""
from __future__ import annotations

import importlib
import random
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from playbook import kb as _kb
from playbook.errors import PlaybookInputError

__all__ = [
    "FAMILIES", "FAMILY_LABELS",
    "Question", "ChoiceResult", "FreeTextTask", "FamilyScore", "Session",
    "all_questions", "questions_for", "question_by_id", "check_choice",
    "free_text_tasks", "summarize", "scenario_text",
]

#: The drill families, in teaching order.
FAMILIES: tuple[str, ...] = ("customer_type", "communication_style", "objection", "fab", "etiquette")
FAMILY_LABELS: dict[str, str] = {
    "customer_type": "客户类型",
    "communication_style": "沟通风格",
    "objection": "异议处理",
    "fab": "FAB 介绍",
    "etiquette": "商务礼仪",
}
#: Options per multiple-choice question (fewer when the pool is smaller).
OPTIONS = 4


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Question:
    """A multiple-choice question; ``options[answer]`` is correct."""

    id: str
    family: str
    #: The bank item (or etiquette rule) the question comes from.
    item_id: str
    #: What is asked: ``type``, ``strategy``, ``style``, ``method``, ``nature``, ``content``,
    #: ``timing``, ``advantage``, ``benefit``, ``rule``.
    kind: str
    prompt: str
    #: The situation shown above the question (plain text, may hold line breaks).
    context: str
    options: tuple[str, ...]
    answer: int
    #: Why the answer is right, citing the rule.
    explanation: str
    #: Seed sections the question is taught from.
    source: tuple[str, ...]


@dataclass(frozen=True)
class ChoiceResult:
    """The check of one multiple-choice answer."""

    question_id: str
    family: str
    chosen: int
    answer: int
    correct: bool
    explanation: str
    source: tuple[str, ...]


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


def _rng(seed: int, key: str) -> random.Random:
    """A generator seeded by the session seed and the question id (str seeds are stable)."""
    return random.Random(f"{seed}|{key}")


def _options(rng: random.Random, correct: str, pool: Iterable[str], k: int = OPTIONS) -> tuple[tuple[str, ...], int]:
    """``correct`` plus up to ``k - 1`` distinct distractors from ``pool``, shuffled."""
    others = sorted({p for p in pool if p != correct})
    picked = rng.sample(others, min(k - 1, len(others)))
    options = [correct, *picked]
    rng.shuffle(options)
    return tuple(options), options.index(correct)


def _sources(*groups: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for group in groups:
        for s in group:
            if s not in out:
                out.append(s)
    return tuple(out)


def _cite(source: Sequence[str]) -> str:
    return f"(来源:{';'.join(source)})"


def _check_families(families: Iterable[str] | None) -> tuple[str, ...]:
    if families is None:
        return FAMILIES
    if isinstance(families, str):
        families = [families]
    chosen = tuple(families)
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown or not chosen:
        raise PlaybookInputError("families", f"练习类别 “{'、'.join(unknown) or '(空)'}” 不存在;"
                                             f"可选:{'、'.join(FAMILIES)}")
    return chosen


def scenario_text(s: _kb.Scenario) -> str:
    """The scenario as shown to the trainee: who, what they say, what they do."""
    lines = [f"客户:{s.who}"]
    lines += [f"客户说:{t}" for t in s.says]
    lines += [f"表现:{t}" for t in s.does]
    return "\n".join(lines)


# --------------------------------------------------------------------------- questions
def _scenario_questions(s: _kb.Scenario, base: _kb.KnowledgeBase, seed: int) -> list[Question]:
    context = scenario_text(s)
    if s.family == "customer_type":
        siblings = base.customer_types
        kinds = (("type", "这位客户属于哪种客户类型?", "name"),
                 ("strategy", "对这位客户,应采用哪种说服策略?", "strategy"))
    else:
        siblings = base.communication_styles
        kinds = (("style", "这位客户属于哪一类沟通风格?", "name"),
                 ("method", "和这位客户沟通,应采用哪种方法?", "method"))
    target = next((t for t in siblings if t.id == s.target), None)
    if target is None:
        raise PlaybookInputError("target", f"情境 “{s.id}” 的对象 “{s.target}” 不属于 {s.family}")
    source = _sources(s.source, target.source)
    label = "说服策略" if s.family == "customer_type" else "沟通方法"
    how = target.strategy if s.family == "customer_type" else target.method
    explanation = f"这是“{target.name}”的客户。{label}:{how}{_cite(source)}"
    if s.compliance:  # a red flag: the right move is the compliance one, not the type's strategy
        explanation = (f"性格上像“{target.name}”,但他在暗示要个人好处,这是合规红线,不是说服技巧的问题。"
                       f"正确做法:{s.compliance}不能用送礼、回扣或私下让价去“满足”他"
                       f"(见本书“合规”一章){_cite(source)}")
    out = []
    for kind, prompt, attr in kinds:
        qid = f"{s.id}#{kind}"
        correct = getattr(target, attr)
        if s.compliance and kind == "strategy":
            prompt = "面对这位客户的暗示,正确的做法是哪一种?"
            correct = s.compliance
        options, answer = _options(_rng(seed, qid), correct,
                                   (getattr(t, attr) for t in siblings))
        out.append(Question(qid, s.family, s.id, kind, prompt, context, options, answer,
                            explanation, source))
    return out


def _objection_questions(o: _kb.ObjectionStatement, base: _kb.KnowledgeBase, seed: int) -> list[Question]:
    nature, content = base.get(o.nature), base.get(o.content)
    methods = [base.get(m) for m in o.methods]
    timing = base.get(o.timing)
    context = f"情境:{o.context}\n{o.statement}" if o.context else o.statement
    source = _sources(o.source)
    why = f"{o.why}{_cite(source)}"
    by_axis = {axis: [t.name for t in base.objection_types if t.axis == axis] for axis in ("nature", "content")}
    other_methods = [m.name for m in base.objection_methods if m.id not in o.methods]
    parts = (
        ("nature", "按性质分,这是哪一种异议?", nature.name, by_axis["nature"],
         f"按性质分是“{nature.name}”:{nature.description}"),
        ("content", "按内容分,这是哪一种异议?", content.name, by_axis["content"],
         f"按内容分是“{content.name}”:{content.description}"),
        ("method", "最适合用哪种方法处理?", methods[0].name, other_methods,
         f"宜用“{'”“'.join(m.name for m in methods)}”。{methods[0].name}:{methods[0].when_to_use}"),
        ("timing", "应在什么时机回答?", timing.name, [t.name for t in base.objection_timings],
         f"时机:“{timing.name}”,适用于:{';'.join(timing.when)}"),
    )
    out = []
    for kind, prompt, correct, pool, rule in parts:
        qid = f"{o.id}#{kind}"
        options, answer = _options(_rng(seed, qid), correct, pool)
        out.append(Question(qid, "objection", o.id, kind, prompt, context, options, answer,
                            f"{rule}\n{why}", source))
    return out


def _fab_questions(f: _kb.FabFeature, base: _kb.KnowledgeBase, seed: int) -> list[Question]:
    source = _sources(f.source)
    context = f"产品:{f.product}\n特征(F):{f.feature}"
    qid = f"{f.id}#advantage"
    options, answer = _options(_rng(seed, qid), f.advantage, (x.advantage for x in base.fab_features))
    out = [Question(qid, "fab", f.id, "advantage", "这个特征的优点(A,它能做什么)是哪一条?", context,
                    options, answer,
                    f"因为{f.feature},所以{f.advantage}。优点(A)说的是“它能做什么”,"
                    f"是与竞争对手的不同之处。{_cite(source)}", source)]
    audiences = {a.id: a for a in base.fab_audiences}
    for b in f.benefits:
        audience = audiences[b.audience]
        qid = f"{f.id}#benefit-{b.audience}"
        options, answer = _options(_rng(seed, qid), b.benefit, (x.benefit for x in f.benefits))
        out.append(Question(
            qid, "fab", f.id, "benefit", f"向{audience.name}介绍时,哪一条利益(B)最打动他?",
            f"{context}\n优点(A):{f.advantage}", options, answer,
            f"因为{f.feature},所以{f.advantage},对您来说{b.benefit}。不同的对象,内容要有所调整"
            f"(因人而异){_cite(_sources(source, audience.source))}。{audience.name}通常关心"
            f"{'、'.join(audience.cares)}(本书归纳,不是种子原文)。", _sources(source, audience.source)))
    return out


def _etiquette_questions(base: _kb.KnowledgeBase, seed: int) -> list[Question]:
    """Authored questions where they exist; one generated question for every other rule."""
    out = []
    authored = {}
    for eq in base.etiquette_questions:
        authored.setdefault(eq.rule, []).append(eq)
    rules = base.etiquette_rules
    for rule in rules:
        source = _sources(rule.source)
        explanation = f"{rule.name}:{rule.rule}" + (f" {rule.why}" if rule.why else "") + _cite(source)
        for n, eq in enumerate(authored.get(rule.id, ())):
            # the first situation of a rule keeps the id the rule's generated question had, so
            # trainees' Leitner boxes stay attached to it
            qid = f"{rule.id}#rule" if n == 0 else f"{eq.id}#rule"
            options, answer = _options(_rng(seed, qid), eq.options[0], eq.options[1:])
            out.append(Question(qid, "etiquette", eq.id, "rule", "这种情况下,哪一种做法符合商务礼仪?",
                                eq.situation, options, answer, explanation, _sources(eq.source, source)))
        if rule.id in authored:
            continue
        qid = f"{rule.id}#rule"
        same = [r.name for r in rules if r.category == rule.category]
        pool = same if len(set(same)) >= OPTIONS else [r.name for r in rules]
        if len(set(pool) - {rule.name}) >= 1:
            options, answer = _options(_rng(seed, qid), rule.name, pool)
            prompt = "下面这条礼仪要求,说的是哪一项?"
        else:  # a single rule in the base: a yes/no question
            options, answer = ("符合", "不符合"), 0
            prompt = "这种做法符合商务礼仪吗?"
        out.append(Question(qid, "etiquette", rule.id, "rule", prompt, rule.rule, options, answer,
                            explanation, source))
    return out


def _family_questions(family: str, base: _kb.KnowledgeBase, seed: int) -> list[Question]:
    if family in ("customer_type", "communication_style"):
        return [q for s in base.drill_scenarios if s.family == family
                for q in _scenario_questions(s, base, seed)]
    if family == "objection":
        return [q for o in base.drill_objections for q in _objection_questions(o, base, seed)]
    if family == "fab":
        return [q for f in base.fab_features for q in _fab_questions(f, base, seed)]
    return _etiquette_questions(base, seed)


def all_questions(*, seed: int = 0, families: Iterable[str] | None = None,
                  base: _kb.KnowledgeBase | None = None) -> tuple[Question, ...]:
    """Every question the banks give, in bank order (options shuffled by ``seed``)."""
    kb = _base(base)
    return tuple(q for family in _check_families(families) for q in _family_questions(family, kb, seed))


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


def check_choice(question: Question, chosen: int) -> ChoiceResult:
    """Check a multiple-choice answer (``chosen``: 0-based index into ``question.options``)."""
    if isinstance(chosen, bool) or not isinstance(chosen, int) or not 0 <= chosen < len(question.options):
        raise PlaybookInputError("chosen", f"选项须是 0–{len(question.options) - 1} 之间的整数,收到 {chosen!r}")
    return ChoiceResult(question.id, question.family, chosen, question.answer, chosen == question.answer,
                        question.explanation, question.source)


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
        how = target.strategy if s.family == "customer_type" else target.method
        targets: tuple[str, ...] = (s.target,)
        if s.compliance:
            prompt = "这位客户在暗示要个人好处。请写出你对他说的话(两三句),守住合规底线。"
            how, targets = s.compliance, (s.target, s.id)
        out.append(FreeTextTask(f"{s.id}#text", s.family, s.id, prompt, scenario_text(s), targets,
                                how, _sources(s.source, target.source)))
    if "objection" in chosen:
        for o in kb.drill_objections:
            method = kb.get(o.methods[0])
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
