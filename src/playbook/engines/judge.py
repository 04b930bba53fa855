"""The free-text judge: a trainee's answer → ``pass``, ``fail`` (with its named reason) or ``unsure``.

Standard library only — this module also runs in the reader's browser (Pyodide).

A good sales trainer judges the move, not the words: does the answer take up this customer's
concern with the strategy the task asks for, and does it stay within the red lines? The judge
combines three things, each explainable:

1. **rules** (:mod:`playbook.engines.answer_rules`, data in ``knowledge/judge.yaml`` and the
   rubric checks of ``knowledge/drills.yaml``): real sentences (no gibberish, keyword salad or a
   few characters), bad practice of ten kinds in nine classes (hard fails, negation-aware), the
   customer's concern (read from the knowledge base's own record of what the customer says,
   never from the task's display text), aimed at this customer type / style / method / audience,
   for FAB the order feature → advantage → benefit, and the family's rubric;
2. **a learned component** (:mod:`playbook.engines.judge_model`, weights as data in
   ``kb/judge_model.json``, trained only on the repo's labelled answers by
   ``benchmarks/train_judge.py``): the probability that the answer is bad practice (and of which
   class) and that a trainer would accept it, from its characters and the rules' findings;
3. **the verdict**: ``fail`` only with a named reason (a hard fail, bad practice the model is
   sure of, no sentence, or plainly off target), ``pass`` only when nothing is wrong and the
   model is confident, ``unsure`` otherwise — the panel then shows the model answer, asks the
   trainee to rate himself, and the answer is flagged for the trainer.

Every text is read once through :func:`playbook.normalize.answer_text` (capped, NFKC, invisible
characters out, traditional → simplified), so the judge is linear in the answer's length.

Usage — the task's own model answer passes; an offer of a kickback fails with its named reason:

>>> from playbook.engines import drills, judge
>>> task = drills.free_text_tasks(families=["objection"])[0]
>>> judge.score_free_text(task, task.model_answer).verdict
'pass'
>>> result = judge.score_free_text(task, "您放心,签了单我私下给您一笔回扣,好处少不了您的。")
>>> result.verdict, result.acceptable
('fail', False)
>>> any("回扣" in reason for reason in result.reasons)
True
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from playbook import kb as _kb
from playbook.kb import banks as _banks
from playbook.engines import answer_rules as _rules
from playbook.engines import drills as _bank
from playbook.engines import judge_model as _model
from playbook.errors import PlaybookInputError
from playbook.normalize import answer_text

__all__ = [
    "VERDICTS", "VERDICT_LABELS", "UNSURE_WITHOUT_DETAIL", "CheckResult", "HardFail", "RubricResult",
    "rubric_for", "check_hits", "score_text", "score_free_text", "customer_words",
]

Verdict = Literal["pass", "fail", "unsure"]
VERDICTS: tuple[str, ...] = ("pass", "fail", "unsure")
#: How each verdict is shown to the trainee.
VERDICT_LABELS: dict[str, str] = {"pass": "通过", "fail": "不通过", "unsure": "待定(请对照参考答案自评)"}
#: The reason of an ``unsure`` verdict when the rules doubted nothing in particular (the learned
#: component alone could not tell); the trainer sees it in the review list.
UNSURE_WITHOUT_DETAIL = "评分器无法确定培训师是否会认可这个回答:请对照参考答案自评,培训师会复核。"


#: Families where an answer the rules find aimed at another target (audience, method) cannot
#: pass. There the finding is reliable (training part: 8 of 80 FAB and 2 of 40 objection answers
#: so found were acceptable); for customer types and styles it is not (58 of 147), so there it
#: is only a doubt the learned component weighs.
AIMED_BLOCKS: tuple[str, ...] = ("fab", "objection")


def cannot_pass(family: str, *, fab_ok: bool, aimed_elsewhere: bool) -> bool:
    """Whether the answer's form or target rules out a pass: a FAB answer without feature →
    advantage → benefit, or one aimed at another audience or method where that finding is
    reliable (:data:`AIMED_BLOCKS`)."""
    return not fab_ok or (aimed_elsewhere and family in AIMED_BLOCKS)


# --------------------------------------------------------------------------- results
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
    #: The words of the answer that show it ("" when the learned component found it).
    evidence: str
    why: str
    source: tuple[str, ...]
    #: The class of the issue's nine (``kickback``, ``invoice`` …).
    group: str = ""


@dataclass(frozen=True)
class RubricResult:
    """All checks of one answer and the verdict.

    ``verdict``: ``"pass"``, ``"fail"`` (``reasons`` name why) or ``"unsure"`` (``reasons`` say
    what the judge could not confirm); ``acceptable`` is ``verdict == "pass"``. ``score`` is a
    graded 0–1 value for ranking answers (:func:`score_text`: the share of checks passed)."""

    task_id: str
    checks: tuple[CheckResult, ...]
    verdict: Verdict = "unsure"
    hard_fails: tuple[HardFail, ...] = ()
    #: Why it fails, or what is not confirmed when unsure (Chinese); empty on a pass.
    reasons: tuple[str, ...] = ()
    #: The answer was written for another customer type, style, method or audience (its name).
    aimed_at: str = ""
    value: float | None = None
    #: The learned component's estimates (``None`` without model weights).
    p_bad: float | None = None
    p_good: float | None = None

    @property
    def acceptable(self) -> bool:
        return self.verdict == "pass"

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.checks)

    @property
    def share(self) -> float:
        return self.passed / len(self.checks) if self.checks else 0.0

    @property
    def score(self) -> float:
        return self.value if self.value is not None else self.share


# --------------------------------------------------------------------------- rubric
def rubric_for(family: str, targets: Iterable[str] = (), *,
               base: _kb.KnowledgeBase | None = None) -> tuple[_kb.RubricCheck, ...]:
    """The checks of a family that apply to every item or to one of ``targets``."""
    _bank._check_families([family])
    wanted = set(targets)
    return tuple(c for c in (base or _kb.load()).rubric_checks
                 if c.family == family and (not c.applies_to or wanted & set(c.applies_to)))


def _norm(text: str) -> str:
    """The answer normaliser's output without spaces, for patterns and phrases."""
    return re.sub(r"\s+", "", answer_text(text))


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_norm(pattern) if not pattern.startswith("^") else unicodedata.normalize("NFKC", pattern))


def check_hits(check: _kb.RubricCheck, text: str) -> bool:
    """True when a phrase of the check occurs in ``text`` or its pattern matches.

    Negated mentions do not count: “我没有任何数据” does not offer data, “我们不给回扣” gives no
    kickback (see :func:`playbook.engines.answer_rules.negated`)."""
    if check.pattern.startswith("^"):  # anchored patterns (length) see the text as written
        if _compiled(check.pattern).search(answer_text(text).strip()):
            return True
        return _rules.has_phrase(text, check.phrases)
    return _rules.has_phrase(text, check.phrases, pattern=_norm(check.pattern) if check.pattern else "")


def score_text(text: str, checks: Sequence[_kb.RubricCheck], *, task_id: str = "") -> RubricResult:
    """Run yes/no checks on a free-text answer; ``must`` passes on a hit, ``must_not`` on none."""
    if not isinstance(text, str) or not answer_text(text).strip():
        raise PlaybookInputError("answer", code="answer_empty")
    text = answer_text(text)
    results = []
    for c in checks:
        hit = check_hits(c, text)
        passed = hit if c.mode == "must" else not hit
        results.append(CheckResult(c.id, c.name, passed, c.why, c.source))
    return RubricResult(task_id, tuple(results))


# Checks every answer gets besides its rubric (ids start with ``verdict-``).
_SENTENCE = ("verdict-sentence", "是否说成了完整的话(不是关键词堆砌、乱码或只言片语)?",
             "评分看的是你会怎样对客户说话;只罗列关键词或几个字,客户听不明白。", ("002 §4.3.4",))
_CONDUCT = ("verdict-conduct", "是否守住了底线(不无礼、不争辩、不施压、不送好处、不做票、不透露检查、"
            "不越权给账期、不夸大、不乱承诺、不贬低同行)?",
            "这些做法一出现,答案就不能接受,无论其余部分多好。", ("000 §4.3", "002 §4.3.4"))
_CONCERN = ("verdict-concern", "是否回应了这位客户在情境中提出的问题?", "", ("002 §4.2.2", "002 §4.3.4"))
_TARGET = ("verdict-target", "是否针对本题的客户(类型、风格、方法或对象),而不是另一种?", "", ())
_FAB_CONTENT = ("verdict-fab-content", "是否讲到了这项特征(F)和它的优点(A)?",
                "FAB 要从产品本身的特征讲起,再讲它能做什么,最后才讲对这个对象的利益。", ("001 提高篇(九)4",))


@functools.lru_cache(maxsize=1024)
def _bigrams(text: str) -> frozenset[str]:
    norm = _rules.normalize(text)
    return frozenset(norm[i:i + 2] for i in range(len(norm) - 1)
                     if "\u3400" <= norm[i] <= "\u9fff" and "\u3400" <= norm[i + 1] <= "\u9fff")


def _target_name(target_id: str, base: _kb.KnowledgeBase) -> str:
    item = base.by_id.get(target_id)
    return item.name if item is not None else target_id


def _siblings(task: _bank.FreeTextTask, base: _kb.KnowledgeBase) -> list[str]:
    """Ids of the other targets of the task's family (types, styles, methods or audiences)."""
    pools = {"customer_type": [t.id for t in base.customer_types],
             "communication_style": [t.id for t in base.communication_styles],
             "objection": [m.id for m in base.objection_methods],
             "fab": [a.id for a in base.fab_audiences]}
    return [t for t in pools[task.family] if t not in task.targets]


def customer_words(task: _bank.FreeTextTask, base: _kb.KnowledgeBase | None = None) -> str:
    """What the customer says in the task's situation, from the knowledge base's record of the
    item (a scenario's ``says``, an objection's statement and context), never from the task's
    display text; FAB tasks have no customer words (empty)."""
    item = (base or _kb.load()).by_id.get(task.item_id)
    if isinstance(item, _kb.Scenario):
        return "\n".join(item.says)
    if isinstance(item, _kb.ObjectionStatement):
        return "\n".join(x for x in (item.statement, item.context) if x)
    return ""


def _group_label(group: str, base: _kb.KnowledgeBase) -> tuple[str, str, tuple[str, ...]]:
    """The label, why and source of the first bad-practice class of ``group``."""
    for c in base.bad_practice_classes:
        if c.group == group:
            return c.name, c.why, c.source
    return group, "", ()


def score_free_text(task: _bank.FreeTextTask, text: str, *, base: _kb.KnowledgeBase | None = None) -> RubricResult:
    """Score an answer to ``task`` and give the verdict a trainer would give.

    ``verdict`` is ``"fail"`` with its reasons when the answer shows bad practice, is not made of
    sentences, or plainly misses the task; ``"pass"`` when nothing is wrong and the judge is
    confident a trainer would accept it; ``"unsure"`` otherwise. ``acceptable`` is
    ``verdict == "pass"``. Empty answers raise :class:`PlaybookInputError` (field ``answer``)."""
    kb = base or _kb.load()
    rubric = rubric_for(task.family, task.targets, base=kb)
    result = score_text(text, rubric, task_id=task.id)
    text = answer_text(text)  # read once: every rule below sees the same normalised text
    checks = list(result.checks)
    fail_reasons: list[str] = []
    soft_reasons: list[str] = []
    musts = [(c, r) for c, r in zip(rubric, result.checks, strict=True) if c.mode == "must"]
    must_nots = [(c, r) for c, r in zip(rubric, result.checks, strict=True) if c.mode == "must_not"]

    # -- sentences
    keywords = tuple(p for c in rubric for p in c.phrases)
    problem = _rules.sentence_problem(text, keywords)
    checks.append(CheckResult(_SENTENCE[0], _SENTENCE[1], not problem, problem or _SENTENCE[2], _SENTENCE[3]))
    if problem:
        fail_reasons.append(problem)

    # -- bad practice (hard fails)
    fails = [HardFail(cls.kind, cls.name, words, cls.why, cls.source, cls.group)
             for cls, words in _rules.bad_practice(text, kb)]

    # -- the customer's concern
    said = "" if task.family == "fab" else customer_words(task, kb)
    concerns = _rules.concern_groups(said, kb) if said else []
    taken_up = [_rules.has_phrase(text, words) for _, words in concerns]
    concern_share = sum(taken_up) / len(taken_up) if taken_up else 1.0
    met = concern_share > 0                       # answer_rules.addressed, from the same hits
    names = "、".join(n for n, _ in concerns)
    checks_concern = CheckResult(_CONCERN[0], _CONCERN[1], met,
                                 f"客户在意的是:{names}。回答要接住客户的话,而不是自说自话。" if concerns else
                                 "这位客户没有提出具体问题,主动了解、引导即可。", _CONCERN[3])
    if not met:
        soft_reasons.append(f"没有回应客户在意的问题({names})")

    # -- FAB: feature and advantage, in order, then the benefit for this audience
    fab_ok = True
    fab_check = None
    if task.family == "fab":
        feature = kb.get_as(task.item_id, _kb.FabFeature)
        f_pos, a_pos, b_pos = _rules.fab_order(text)
        norm = _rules.normalize(text)
        head = norm[:b_pos] if b_pos > 0 else norm
        talks_fa = len(_bigrams(head) & (_bigrams(feature.feature) | _bigrams(feature.advantage))) >= 1
        in_order = 0 <= f_pos < a_pos < b_pos
        thin = in_order and (_rules.cjk_count(norm[a_pos + 2:b_pos]) < 3
                             or _rules.cjk_count(_rules.benefit_part(text)) < 4)
        fab_ok = talks_fa and in_order and not thin
        detail = ("" if in_order else "没有按“因为(F)……所以(A)……对您来说(B)……”的先后顺序讲;") + \
                 ("" if talks_fa else f"没有讲到这项特征或优点(“{feature.feature}”);") + \
                 ("优点或利益只有一两个字,没有说清它能做什么、给对方带来什么;" if thin else "")
        fab_check = CheckResult(_FAB_CONTENT[0], _FAB_CONTENT[1], fab_ok, detail or _FAB_CONTENT[2],
                                _FAB_CONTENT[3])
        if not fab_ok:
            soft_reasons.append(detail.rstrip(";"))

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
    target_check = CheckResult(_TARGET[0], _TARGET[1], not aimed_at,
                               f"这个回答更像是针对“{aimed_at}”的做法,本题要的是“{own_name}”。" if aimed_at else
                               f"本题要的是针对“{own_name}”的做法。", _banks.sources(task.source))
    if aimed_at:
        soft_reasons.append(f"回答更像是针对“{aimed_at}”,不是本题的“{own_name}”")

    # -- the rubric's key checks
    missed_not = [c for c, r in must_nots if not r.passed]
    missed = [c for c, r in musts if not r.passed]
    if task.family in ("customer_type", "communication_style"):
        need = (len(musts) + 1) // 2
        if len(musts) - len(missed) < need:
            soft_reasons += [f"没有做到:{c.name}" for c in missed]
        # checks written for this very scenario (a compliance red flag) are never optional
        soft_reasons += [f"没有做到:{c.name}" for c in missed if task.item_id in c.applies_to]
    else:
        soft_reasons += [f"没有做到:{c.name}" for c in missed]

    # -- the learned component
    signals = _model.Signals(
        family=task.family, hard_fails=tuple(f.kind for f in fails), sentence_problem=bool(problem),
        concern_known=bool(concerns), concern_met=met, aimed_elsewhere=bool(aimed_at),
        must_share=(len(musts) - len(missed)) / len(musts) if musts else 1.0,
        must_not_failed=len(missed_not), fab_ok=fab_ok,
        model_overlap=_overlap(text, task.model_answer), soft_reasons=len(soft_reasons),
        said_overlap=_overlap(text, said) if said else 0.0, concern_share=concern_share)
    estimate = _model.estimate(_rules.normalize(text), signals, kb)

    # a class of bad practice the rules did not see, found by both models, becomes a named hard fail
    if estimate is not None and not fails and min(estimate.p_bad, estimate.p_bad_class) >= _model.thresholds(kb)["fail_bad"]:
        label, why, source = _group_label(estimate.bad_group, kb)
        fails.append(HardFail(f"model:{estimate.bad_group}", label, "", why, source, estimate.bad_group))

    why = ";".join(f"{f.label}" + (f"(“{f.evidence}”)" if f.evidence else "") + f":{f.why}" for f in fails) \
        or _CONDUCT[2]
    checks.append(CheckResult(_CONDUCT[0], _CONDUCT[1], not fails, why,
                              _banks.sources(_CONDUCT[3], *(f.source for f in fails))))
    fail_reasons += [f"不可接受的做法:{f.label}" + (f"(“{f.evidence}”)" if f.evidence else "") for f in fails]
    # a rubric check that asks about the same conduct must not say ✓ next to the hard fail
    for k, (check, res) in enumerate(zip(rubric, result.checks, strict=True)):
        same = [f for f in fails if f.kind in check.covers]
        if res.passed and same:
            checks[k] = replace(res, passed=False, why=";".join(
                f"{f.label}" + (f"(“{f.evidence}”)" if f.evidence else "") + f":{f.why}" for f in same))
    checks.append(checks_concern)
    if fab_check is not None:
        checks.append(fab_check)
    checks.append(target_check)
    for c in missed_not:
        if not fails:
            soft_reasons.append(f"没有通过:{c.name}")

    # -- the verdict
    t = _model.thresholds(kb)
    if estimate is None:  # no weights: the rules alone (strict)
        p_good, p_bad = (0.9 if not soft_reasons else 0.3), (1.0 if fails else 0.0)
    else:
        p_good, p_bad = estimate.p_good, estimate.p_bad
    verdict = decide(rule_fail=any(not f.kind.startswith("model:") for f in fails),
                     model_fail=any(f.kind.startswith("model:") for f in fails), no_sentence=bool(problem),
                     doubts=len(soft_reasons), p_good=p_good, p_bad=p_bad, t=t,
                     p_bad_pass=estimate.p_bad_pass if estimate is not None else p_bad,
                     blocked=cannot_pass(task.family, fab_ok=fab_ok, aimed_elsewhere=bool(aimed_at)))
    if verdict == "unsure" and fails:  # a rule hit the model doubts: say what was seen
        soft_reasons = [f"可能有不当做法:{f.label}" + (f"(“{f.evidence}”)" if f.evidence else "") for f in fails] \
            + soft_reasons
    if verdict == "fail":
        reasons = fail_reasons or soft_reasons
    elif verdict == "unsure":
        reasons = soft_reasons or [UNSURE_WITHOUT_DETAIL]
    else:
        reasons = []
    value = p_good * (1.0 - p_bad)
    if fails:
        value *= 0.1
    if problem:
        value *= 0.2
    return RubricResult(task.id, tuple(checks), verdict, tuple(fails), tuple(dict.fromkeys(reasons)), aimed_at,
                        round(value, 4), None if estimate is None else round(p_bad, 4),
                        None if estimate is None else round(p_good, 4))


def decide(*, rule_fail: bool, model_fail: bool, no_sentence: bool, doubts: int, p_good: float,
           p_bad: float, t: dict[str, float], p_bad_pass: float | None = None, blocked: bool = False) -> Verdict:
    """The verdict from the rules' findings and the learned estimates (thresholds ``t``).

    - ``fail``: no sentence; bad practice the rules found (unless the model is nearly sure it is
      not: then ``unsure``); bad practice the model is sure of; or plainly off target (the rules
      doubt it and the model gives it little chance);
    - ``pass``: none of that, little chance of bad practice (``p_bad_pass``, the cautious
      estimate, when given), the form and target the task asks for (``blocked``: a FAB answer
      without feature → advantage → benefit, or one the rules find aimed at another audience or
      method (:data:`AIMED_BLOCKS`), cannot pass), and a trainer would very likely accept
      it (more sure still when the rules have doubts);
    - ``unsure``: everything else."""
    if no_sentence or model_fail:
        return "fail"
    if rule_fail:
        return "unsure" if p_bad < t.get("rule_fail_unsure", 0.0) else "fail"
    cautious = p_bad if p_bad_pass is None else p_bad_pass
    if not blocked and cautious <= t["pass_bad"] and p_good >= (t["pass_good"] if not doubts else t["pass_good_override"]):
        return "pass"
    if doubts and p_good <= t["fail_good"]:
        return "fail"
    return "unsure"


def _overlap(text: str, model_answer: str) -> float:
    """Share of the model answer's character pairs that the answer uses (0–1)."""
    ref = _bigrams(model_answer)
    return len(_bigrams(text) & ref) / len(ref) if ref else 0.0
