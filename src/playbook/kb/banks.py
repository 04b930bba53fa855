"""The multiple-choice question banks, built from the knowledge base, and their cue-leakage check.

Standard library only — this module also runs in the reader's browser (Pyodide).

The banks are data: each question comes from one knowledge-base item (a drill scenario, an
objection, a product feature, an etiquette situation or rule) and its options from that item and
its siblings. :mod:`playbook.engines.drills` asks them; the knowledge-base build
(:mod:`playbook.kb.build`) runs :func:`check` on them, so a bank whose key can be found by its
form (longest, shortest, first/second/third/last, politest, most sentences: see
:mod:`playbook.kb.guessers`) fails the build, naming the bank and the guesser.

Every option has a stable id (:func:`option_id`, a hash of its text): progress and records
store the id of the option chosen, never its position, so a question can be shown in a fresh
order every time (:func:`shuffled`).

Five families (drill banks):

``customer_type``        a scenario → which of the ten customer types, which strategy (002 §4.2.2)
``communication_style``  a scenario → which of the four styles, which way to talk (001 基础篇(八)5)
``objection``            a customer's words → nature, content, method, timing (002 §4.3)
``fab``                  a feature → its advantage, the benefit for one audience (001 提高篇(九)4)
``etiquette``            a situation → the right behaviour among plausible wrong ones (001 基础篇
                         商务礼仪); a rule without an authored situation gets a generated
                         question (which card title is this rule?), so every rule always has one.
"""
from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from playbook import kb as _kb
from playbook.errors import PlaybookInputError
from playbook.kb import guessers

__all__ = [
    "FAMILIES", "FAMILY_LABELS", "OPTIONS", "CHECK_SEEDS",
    "Question", "OPTION_ID", "option_id", "shuffled", "questions", "bank_items", "reports", "check",
    "sources", "cite", "check_families", "scenario_text",
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
#: The seeds the build checks the banks with (distractors are drawn per seed).
CHECK_SEEDS: tuple[int, ...] = tuple(range(8))


#: What an option id looks like (:func:`option_id`).
OPTION_ID = re.compile(r"^o[0-9a-f]{10}$")


def option_id(text: str) -> str:
    """A stable id for an option: ``o`` + 10 hex digits of the SHA-1 of its NFKC text.

    The same text always has the same id (also a text stored by an old progress file), a
    rewritten option gets a new one."""
    norm = unicodedata.normalize("NFKC", text).strip()
    return "o" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:10]


#: Longest :attr:`Question.situation` (characters).
SITUATION_MAX = 48


@dataclass(frozen=True)
class Question:
    """A multiple-choice question; ``options[answer]`` is correct.

    ``option_ids[i]`` is the stable id of ``options[i]`` (:func:`option_id`)."""

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
    option_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.option_ids:
            object.__setattr__(self, "option_ids", tuple(option_id(o) for o in self.options))

    @property
    def answer_id(self) -> str:
        """The id of the correct option."""
        return self.option_ids[self.answer]

    @property
    def situation(self) -> str:
        """The situation in one short line, its first two lines (``产品:…;特征(F):…``,
        ``客户:…;客户说:…``) cut at :data:`SITUATION_MAX` characters: what tells apart
        questions that ask the same thing about different cases in lists of suggested questions."""
        line = ";".join(x.strip() for x in self.context.strip().split("\n")[:2] if x.strip())
        return line if len(line) <= SITUATION_MAX else line[:SITUATION_MAX - 1] + "…"

    def index_of(self, choice: str) -> int:
        """The index of the option with id ``choice`` (or, for old records, with that text)."""
        if choice in self.option_ids:
            return self.option_ids.index(choice)
        if choice in self.options:
            return self.options.index(choice)
        raise PlaybookInputError("chosen", code="unknown_id", where=f"题目 “{self.id}” ", item_id=choice, kind="选项")


def shuffled(question: Question, rng: random.Random | None = None) -> Question:
    """The question with its options in a fresh random order (``rng``: default a new,
    unseeded generator, so every render differs; pass ``random.Random(n)`` to reproduce)."""
    rng = rng if rng is not None else random.Random()
    order = list(range(len(question.options)))
    rng.shuffle(order)
    return replace(question, options=tuple(question.options[i] for i in order),
                   option_ids=tuple(question.option_ids[i] for i in order),
                   answer=order.index(question.answer))


# --------------------------------------------------------------------------- helpers
def _rng(seed: int, key: str) -> random.Random:
    """A generator seeded by the session seed and the question id (str seeds are stable)."""
    return random.Random(f"{seed}|{key}")


def _options(rng: random.Random, correct: str, pool: Iterable[str], k: int = OPTIONS) -> tuple[tuple[str, ...], int]:
    """``correct`` plus up to ``k - 1`` distinct distractors from ``pool``, shuffled (the key's
    place is set again by :func:`_balance`)."""
    others = sorted({p for p in pool if p != correct})
    picked = rng.sample(others, min(k - 1, len(others)))
    options = [correct, *picked]
    rng.shuffle(options)
    return tuple(options), options.index(correct)


def _balance(qs: list[Question], seed: int, family: str) -> list[Question]:
    """Spread the key evenly over the positions within a family for this seed (standard
    item-writing rule: balanced key positions), in a seeded order of the questions."""
    order = list(range(len(qs)))
    rng = random.Random(f"{seed}|{family}|positions")
    rng.shuffle(order)
    counters: dict[int, list[int]] = {}
    out = list(qs)
    for i in order:
        q = qs[i]
        n = len(q.options)
        slots = counters.get(n)
        if not slots:
            slots = list(range(n))
            rng.shuffle(slots)
            counters[n] = slots
        target = slots.pop()
        others = [j for j in range(n) if j != q.answer]
        rng.shuffle(others)
        perm = others[:target] + [q.answer] + others[target:]
        out[i] = replace(q, options=tuple(q.options[j] for j in perm),
                         option_ids=tuple(q.option_ids[j] for j in perm), answer=target)
    return out


def sources(*groups: Iterable[str]) -> tuple[str, ...]:
    """The seed sections of several items, each once, in order."""
    out: list[str] = []
    for group in groups:
        for s in group:
            if s not in out:
                out.append(s)
    return tuple(out)


def cite(source: Sequence[str]) -> str:
    return f"(来源:{';'.join(source)})"


def check_families(families: Iterable[str] | None) -> tuple[str, ...]:
    """The families asked for (all when ``None``); unknown names → :class:`PlaybookInputError`."""
    if families is None:
        return FAMILIES
    if isinstance(families, str):
        families = [families]
    chosen = tuple(families)
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown or not chosen:
        raise PlaybookInputError("families", code="bank_unknown_family", names='、'.join(unknown) or '(空)',
                                 allowed='、'.join(FAMILIES))
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
        siblings: tuple[_kb.Item, ...] = base.customer_types
        kinds = (("type", "这位客户属于哪种客户类型?", "name"),
                 ("strategy", "对这位客户,应采用哪种说服策略?", "strategy"))
    else:
        siblings = base.communication_styles
        kinds = (("style", "这位客户属于哪一类沟通风格?", "name"),
                 ("method", "和这位客户沟通,应采用哪种方法?", "method"))
    target = next((t for t in siblings if t.id == s.target), None)
    if target is None:
        raise PlaybookInputError("target", code="bank_target", id=s.id, target=s.target, family=s.family)
    source = sources(s.source, target.source)
    label = "说服策略" if s.family == "customer_type" else "沟通方法"
    how = getattr(target, "strategy" if s.family == "customer_type" else "method")  # the family says which
    explanation = f"这是“{target.name}”的客户。{label}:{how}{cite(source)}"
    if s.compliance:  # a red flag: the right move is the compliance one, not the type's strategy
        explanation = (f"性格上像“{target.name}”,但他在暗示要个人好处,这是合规红线,不是说服技巧的问题。"
                       f"正确做法:{s.compliance}不能用送礼、回扣或私下让价去“满足”他"
                       f"(见本书“合规”一章){cite(source)}")
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
    nature, content = base.get_as(o.nature, _kb.ObjectionType), base.get_as(o.content, _kb.ObjectionType)
    methods = [base.get_as(m, _kb.ObjectionMethod) for m in o.methods]
    timing = base.get_as(o.timing, _kb.ObjectionTiming)
    context = f"情境:{o.context}\n{o.statement}" if o.context else o.statement
    source = sources(o.source)
    why = f"{o.why}{cite(source)}"
    by_axis = {axis: [t.name for t in base.objection_types if t.axis == axis] for axis in ("nature", "content")}
    other_methods = [m.name for m in base.objection_methods if m.id not in o.methods]
    parts = (
        ("nature", "按性质分,这是哪一种异议?", nature.name, by_axis["nature"],
         f"按性质分是“{nature.name}”:{nature.description}"),
        ("content", "按内容分,这是哪一种异议?", content.name, by_axis["content"],
         f"按内容分是“{content.name}”:{content.description}"),
        ("method", "最适合用哪种方法处理?", methods[0].name, other_methods,
         f"宜用“{'”“'.join(m.name for m in methods)}”。{methods[0].name}:{methods[0].when_to_use}"),
        ("timing", "应在什么时机回答?", timing.choice or timing.name,
         [t.choice or t.name for t in base.objection_timings],
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
    source = sources(f.source)
    context = f"产品:{f.product}\n特征(F):{f.feature}"
    qid = f"{f.id}#advantage"
    options, answer = _options(_rng(seed, qid), f.advantage, (x.advantage for x in base.fab_features))
    out = [Question(qid, "fab", f.id, "advantage", "这个特征的优点(A,它能做什么)是哪一条?", context,
                    options, answer,
                    f"因为{f.feature},所以{f.advantage}。优点(A)说的是“它能做什么”,"
                    f"是与竞争对手的不同之处。{cite(source)}", source)]
    audiences = {a.id: a for a in base.fab_audiences}
    for b in f.benefits:
        audience = audiences[b.audience]
        qid = f"{f.id}#benefit-{b.audience}"
        options, answer = _options(_rng(seed, qid), b.benefit, (x.benefit for x in f.benefits))
        out.append(Question(
            qid, "fab", f.id, "benefit", f"向{audience.name}介绍时,哪一条利益(B)最打动他?",
            f"{context}\n优点(A):{f.advantage}", options, answer,
            f"因为{f.feature},所以{f.advantage},对您来说{b.benefit}。不同的对象,内容要有所调整"
            f"(因人而异){cite(sources(source, audience.source))}。{audience.name}通常关心"
            f"{'、'.join(audience.cares)}(本书归纳,不是种子原文)。", sources(source, audience.source)))
    return out


def _etiquette_questions(base: _kb.KnowledgeBase, seed: int) -> list[Question]:
    """Authored questions where they exist; one generated question for every other rule."""
    out = []
    authored: dict[str, list[_kb.EtiquetteQuestion]] = {}
    for eq in base.etiquette_questions:
        authored.setdefault(eq.rule, []).append(eq)
    rules = base.etiquette_rules
    for rule in rules:
        source = sources(rule.source)
        explanation = f"{rule.name}:{rule.rule}" + (f" {rule.why}" if rule.why else "") + cite(source)
        for n, eq in enumerate(authored.get(rule.id, ())):
            # the first situation of a rule keeps the id the rule's generated question had, so
            # trainees' saved progress stays attached to it
            qid = f"{rule.id}#rule" if n == 0 else f"{eq.id}#rule"
            options, answer = _options(_rng(seed, qid), eq.options[0], eq.options[1:])
            out.append(Question(qid, "etiquette", eq.id, "rule", "这种情况下,哪一种做法符合商务礼仪?",
                                eq.situation, options, answer, explanation, sources(eq.source, source)))
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
        qs = [q for s in base.drill_scenarios if s.family == family
              for q in _scenario_questions(s, base, seed)]
    elif family == "objection":
        qs = [q for o in base.drill_objections for q in _objection_questions(o, base, seed)]
    elif family == "fab":
        qs = [q for f in base.fab_features for q in _fab_questions(f, base, seed)]
    else:
        qs = _etiquette_questions(base, seed)
    return _balance(qs, seed, family)


def questions(base: _kb.KnowledgeBase, *, seed: int = 0,
              families: Iterable[str] | None = None) -> tuple[Question, ...]:
    """Every question of the banks, in bank order (distractors and their order by ``seed``;
    within each family the key is spread evenly over the positions)."""
    return tuple(q for family in check_families(families) for q in _family_questions(family, base, seed))


# --------------------------------------------------------------------------- cue leakage
def bank_items(base: _kb.KnowledgeBase, *, seeds: Iterable[int] = CHECK_SEEDS,
               shuffled_display: bool = True) -> dict[str, list[guessers.BankItem]]:
    """Each family's questions over ``seeds`` as :class:`guessers.BankItem` (``shuffled_display``:
    the options are shown in a fresh order per render, as the views do; else in the seed's order)."""
    out: dict[str, list[guessers.BankItem]] = {f: [] for f in FAMILIES}
    for seed in seeds:
        for q in questions(base, seed=seed):
            out[q.family].append(guessers.BankItem(q.options, q.answer, shuffled_display, q.id))
    return out


def reports(base: _kb.KnowledgeBase, *, seeds: Iterable[int] = CHECK_SEEDS,
            shuffled_display: bool = True) -> list[guessers.BankReport]:
    """Every guesser's accuracy on every bank (one report per family)."""
    return [guessers.measure(items, bank=family)
            for family, items in bank_items(base, seeds=seeds, shuffled_display=shuffled_display).items()
            if items]


def check(base: _kb.KnowledgeBase, *, seeds: Iterable[int] = CHECK_SEEDS,
          limit: float = guessers.LIMIT) -> list[str]:
    """Problems (empty = none): a bank where a form-only guesser (or striking out its pick)
    beats chance by more than ``limit``: the texts over all ``seeds`` (shown in a fresh order
    per render), and where an option stands in each seed's own order (printed quizzes, pages
    without scripts)."""
    pooled: dict[str, list[guessers.BankItem]] = {f: [] for f in FAMILIES}
    found: list[str] = []
    for seed in seeds:
        per_seed: dict[str, list[guessers.BankItem]] = {f: [] for f in FAMILIES}
        for q in questions(base, seed=seed):
            per_seed[q.family].append(guessers.BankItem(q.options, q.answer, False, q.id))
            pooled[q.family].append(guessers.BankItem(q.options, q.answer, True, q.id))
        seed_reports = [guessers.measure(v, bank=k, guessers=guessers.POSITION_GUESSERS)
                        for k, v in per_seed.items() if v]
        found += [f"{line} (seed {seed} order)" for line in guessers.problems(seed_reports, limit)]
    pooled_reports = [guessers.measure(v, bank=k) for k, v in pooled.items() if v]
    return guessers.problems(pooled_reports, limit) + found
