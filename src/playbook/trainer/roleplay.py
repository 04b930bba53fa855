"""Role-play sessions for trainers: seeded role rotation, cards, observer checks, round scores.

Standard library only (also runs in the reader's browser). Pure and deterministic: every
random choice takes a ``seed``.

The record types at the top (:class:`CheckMark`, :class:`ScoreSheet`) are the contract between
the observer's scoring (this module and ``widgets.scoring``), the store (:mod:`playbook.trainer.records`)
and the dashboard (:mod:`playbook.trainer.dashboard`).
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from playbook.engines import judge as _judge
from playbook import kb as _kb
from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import require_int, require_line, require_name, require_text, same_name

__all__ = [
    "SKILLS", "RATING_RANGE", "ROLES", "TRAINER", "MAX_TRAINEES", "MAX_ROUNDS",
    "NAME_MAX", "SESSION_MAX", "NOTES_MAX", "check_name", "check_notes", "check_scored_at", "check_session",
    "CheckMark", "ScoreSheet", "ObserverCheck", "ObjectionCue", "CustomerCard", "SalesCard",
    "ObserverCard", "RoundCard", "SessionPlan", "CheckResult", "Explanation",
    "group_sizes", "plan_session", "score_round", "explain",
    "sample_strengths", "simulate_sheets", "sample_history",
]

#: Skill families a role-play round is scored on, in teaching order, with their Chinese labels.
#: ``persuasion`` covers reading the customer (type, communication style) and persuading them.
SKILLS: dict[str, str] = {
    "persuasion": "说服与沟通",
    "objection": "异议处理",
    "fab": "FAB 介绍",
    "etiquette": "商务礼仪",
}
#: Observer's overall impression of a round (optional), 1 (weak) … 5 (excellent).
RATING_RANGE = (1, 5)


@dataclass(frozen=True)
class CheckMark:
    """One yes/no check an observer ticked (or left unticked) for a round."""

    #: Id of the check (a ``rubric_checks`` id, or an etiquette check id of this module).
    check_id: str
    #: One of :data:`SKILLS`.
    skill: str
    #: The check as the observer read it, a question in Chinese (``是否没有和客户争辩?``).
    label: str
    passed: bool


@dataclass(frozen=True)
class ScoreSheet:
    """The observer's score of one salesperson in one round of a session."""

    #: Session id chosen by the trainer, e.g. ``2026-11-23 新员工第一期``.
    session: str
    #: Round number, 1-based.
    round_no: int
    #: The trainee who played the salesperson (the one scored).
    trainee: str
    #: The trainee (or trainer) who observed and scored.
    observer: str
    #: Id of the round's scenario card.
    scenario_id: str
    marks: tuple[CheckMark, ...]
    notes: str = ""
    #: Overall impression 1–5, or None.
    rating: int | None = None
    #: When it was scored (timezone-aware).
    scored_at: datetime | None = None

    @property
    def passed(self) -> int:
        return sum(m.passed for m in self.marks)

    @property
    def score(self) -> float:
        """Share of checks passed, 0–1."""
        return self.passed / len(self.marks) if self.marks else 0.0

    def skill_scores(self) -> dict[str, float]:
        """Share of checks passed per skill family (only the families this round checked)."""
        out: dict[str, list[int]] = {}
        for m in self.marks:
            out.setdefault(m.skill, []).append(m.passed)
        return {skill: sum(v) / len(v) for skill, v in out.items()}

#: The three roles of a round, with their Chinese labels (客户经理 is the book's name for a salesperson).
ROLES: dict[str, str] = {"salesperson": "客户经理", "customer": "客户", "observer": "观察员"}
#: Who observes when a group has only two trainees.
TRAINER = "培训师"
MIN_TRAINEES, MAX_TRAINEES = 2, 60
MIN_ROUNDS, MAX_ROUNDS = 1, 10
#: Text limits, one definition for planning, scoring and the records store (characters).
NAME_MAX = 40        # a trainee's / observer's name (after normalisation)
SESSION_MAX = 80     # a session's name
NOTES_MAX = 2000     # the observer's notes
MAX_NAME = NAME_MAX  # old name of NAME_MAX


def check_name(value: object, field: str, label: str) -> str:
    """A person's name as planning, scoring and the store take it: control characters refused,
    then normalised (:func:`playbook.normalize.normalize_name`: NFKC, zero-width characters
    removed, spaces trimmed), at most :data:`NAME_MAX` characters. Returns the normalised name."""
    return require_name(value, field, label, NAME_MAX)


def check_session(value: object, field: str = "session", label: str = "场次名称(session)") -> str:
    """A session name: no control characters, cleaned (:func:`playbook.normalize.clean_line`),
    1–:data:`SESSION_MAX` characters."""
    return require_line(value, field, label, SESSION_MAX)


def check_notes(value: object, field: str = "notes", label: str = "备注(notes)") -> str:
    """Observer's notes: text of at most :data:`NOTES_MAX` characters, no control characters
    except line feed and tab."""
    return require_text(value, field, label, 0, NOTES_MAX, multiline=True)


def check_scored_at(value: object, field: str = "scored_at", label: str = "评分时间(scored_at)") -> datetime:
    """A timezone-aware datetime that can be expressed in UTC (not at the very ends of the calendar)."""
    if not isinstance(value, datetime):
        raise PlaybookInputError(field, code="date_type", label=label, received=value)
    try:
        offset = value.utcoffset()
        if offset is not None:
            value.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise PlaybookInputError(field, code="utc_out_of_range", label=label, value=f"{value:%Y-%m-%d %H:%M}") from None
    if offset is None:
        raise PlaybookInputError(field, code="naive_datetime", label=label, value=f"{value:%Y-%m-%d %H:%M}")
    return value
#: Role-play as a training method (003: staff play the customers).
ROLEPLAY_SOURCE = ("003 四(三)1",)
#: Etiquette checks per observer card.
ETIQUETTE_CHECKS = 3
#: Etiquette categories an observer can see in a role-played sales visit.
ETIQUETTE_CATEGORIES = ("speech", "courtesy", "bearing", "business_card", "handshake")
#: Rules of those categories that need a setting the role-play lacks (a superior, a lift, …).
_NOT_OBSERVABLE = frozenset({
    "etq-courtesy-apology", "etq-bearing-last-in-out", "etq-card-after-intro",
    "etq-card-superior-first", "etq-card-junior-first", "etq-handshake-men", "etq-handshake-women",
})
#: The order a customer raises objections in: need first, time to buy last.
_OBJECTION_ORDER = ("objection-need", "objection-salesperson", "objection-product", "objection-service",
                    "objection-price", "objection-payment", "objection-purchase-time")
#: When the customer raises the first and the second objection.
_CUES = ("对方开场、介绍产品时", "对方请你下单或约定下一步时")
#: Words telling the two trades of the banks apart (refined oil vs. machine tools); an item
#: with neither fits both.
_DOMAIN_WORDS = {
    "machine": ("机床", "加工", "模具", "阀门", "零部件", "零件", "齿轮", "轴承", "机械", "装备", "数控", "刀"),
    "oil": ("油", "站", "车队", "物流", "运输", "搅拌", "配送", "罐车", "运费", "重卡", "公交"),
}
#: Who the customer is → the FAB audience to address (first match wins; else a seeded choice).
_AUDIENCE_WORDS = (
    ("采购", "fab-purchaser"), ("财务", "fab-manager"), ("董事长", "fab-owner"), ("老板", "fab-owner"),
    ("经理", "fab-manager"), ("总监", "fab-manager"), ("技术员", "fab-user"), ("厂长", "fab-production"),
    ("站长", "fab-production"), ("主任", "fab-production"), ("科长", "fab-production"),
    ("主管", "fab-production"), ("队长", "fab-production"), ("负责人", "fab-production"),
    ("工程师", "fab-production"), ("总工", "fab-production"),
)
_CST = timezone(timedelta(hours=8), "CST")
_SAMPLE_NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周丽", "吴刚", "徐婷", "孙浩")


# --------------------------------------------------------------------------- cards
@dataclass(frozen=True)
class ObserverCheck:
    """A yes/no check on the observer's card."""

    #: Stable id: a ``rubric_checks`` id, or ``rp-`` + an etiquette rule id.
    id: str
    #: One of :data:`SKILLS`.
    skill: str
    #: The check as a question in Chinese, ending in ``?`` or ``？``.
    label: str
    #: Why it matters (the rule it checks).
    why: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class ObjectionCue:
    """An objection the customer raises, when, and the answer that would settle it."""

    objection_id: str
    #: When to raise it, e.g. ``对方开场、介绍产品时``.
    cue: str
    statement: str
    #: The situation the statement was written for (may be empty).
    context: str
    #: Fitting handling methods (names), best first.
    methods: tuple[str, ...]
    #: The answer with the first method that should win the customer over.
    model_answer: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class CustomerCard:
    """What the trainee playing the customer reads (confidential)."""

    scenario_id: str
    #: The scenario's name, e.g. ``要看化验单的站长``.
    persona: str
    #: ``customer_type`` or ``communication_style``.
    family: str
    #: The hidden customer type / communication style the customer plays.
    hidden_id: str
    #: ``客户类型`` or ``沟通风格``.
    hidden_kind: str
    hidden_name: str
    who: str
    says: tuple[str, ...]
    does: tuple[str, ...]
    #: Objections to raise, in order.
    objections: tuple[ObjectionCue, ...]
    #: What wins this customer over: the type's strategy or the style's way to talk.
    win_over: str
    key_points: tuple[str, ...]
    source: tuple[str, ...]


@dataclass(frozen=True)
class SalesCard:
    """What the trainee playing the salesperson (客户经理) knows: no hidden type."""

    who: str
    #: ``客户类型`` or ``沟通风格``: what they are to work out during the visit.
    to_identify: str
    feature_id: str
    product: str
    #: The product's national standard where the base has it (``GB 17930``), else "".
    standard: str
    feature: str
    advantage: str
    audience_id: str
    audience: str
    cares: tuple[str, ...]
    goal: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class ObserverCard:
    """The observer's yes/no checks for the round, every skill of :data:`SKILLS` covered."""

    checks: tuple[ObserverCheck, ...]
    source: tuple[str, ...]

    def by_skill(self) -> dict[str, tuple[ObserverCheck, ...]]:
        """The checks per skill, in :data:`SKILLS` order."""
        return {s: tuple(c for c in self.checks if c.skill == s) for s in SKILLS
                if any(c.skill == s for c in self.checks)}


@dataclass(frozen=True)
class RoundCard:
    """One group in one round: who plays what, and the three cards."""

    session: str
    round_no: int
    group_no: int
    salesperson: str
    customer: str
    #: One or two trainees, or :data:`TRAINER` when the group is a pair.
    observers: tuple[str, ...]
    #: The drill scenario the customer plays (``ScoreSheet.scenario_id``).
    scenario_id: str
    customer_card: CustomerCard
    sales_card: SalesCard
    observer_card: ObserverCard

    @property
    def checks(self) -> tuple[ObserverCheck, ...]:
        return self.observer_card.checks

    @property
    def source(self) -> tuple[str, ...]:
        return _sources(self.customer_card.source, self.sales_card.source, self.observer_card.source)

    def role_of(self, name: str) -> str | None:
        """``salesperson``, ``customer``, ``observer`` or None."""
        if name == self.salesperson:
            return "salesperson"
        if name == self.customer:
            return "customer"
        return "observer" if name in self.observers else None


@dataclass(frozen=True)
class SessionPlan:
    """A session: its rounds, each a tuple of group cards."""

    session: str
    seed: int
    trainees: tuple[str, ...]
    rounds: tuple[tuple[RoundCard, ...], ...]

    @property
    def cards(self) -> tuple[RoundCard, ...]:
        return tuple(c for r in self.rounds for c in r)

    def role_counts(self) -> dict[str, dict[str, int]]:
        """Trainee → role → rounds played in that role."""
        counts = {t: dict.fromkeys(ROLES, 0) for t in self.trainees}
        for card in self.cards:
            for t in self.trainees:
                role = card.role_of(t)
                if role:
                    counts[t][role] += 1
        return counts


# --------------------------------------------------------------------------- helpers
def _sources(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for g in groups for s in g))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _names(trainees: object) -> tuple[str, ...]:
    if isinstance(trainees, str) or not isinstance(trainees, Sequence):
        raise PlaybookInputError("trainees", code="wrong_type", label="学员名单(trainees)",
                                 expected="姓名列表,如 [“张三”, “李四”, “王五”]", received=trainees)
    names: list[str] = []
    for i, name in enumerate(trainees, 1):
        if i > MAX_TRAINEES:
            raise PlaybookInputError("trainees", code="count_range", label="学员人数(trainees)", low=MIN_TRAINEES,
                                     high=MAX_TRAINEES, count=len(trainees))
        if not isinstance(name, str) or not name.strip():
            raise PlaybookInputError("trainees", code="row_empty", where="学员名单(trainees)", row=i, column="姓名")
        name = check_name(name, "trainees", f"学员名单(trainees)第 {i} 个姓名")
        if same_name(name, TRAINER):
            raise PlaybookInputError("trainees", code="reserved_name", name=TRAINER)
        twin = next((n for n in names if same_name(n, name)), None)   # 张伟 and 張偉 are one trainee
        if twin is not None:
            raise PlaybookInputError("trainees", code="duplicate", where="学员名单(trainees)中的", what="姓名", name=name,
                                     first=twin)
        names.append(name)
    if not MIN_TRAINEES <= len(names) <= MAX_TRAINEES:
        raise PlaybookInputError("trainees", code="count_range", label="学员人数(trainees)", low=MIN_TRAINEES,
                                 high=MAX_TRAINEES, count=len(names))
    return tuple(names)


def _domain(*texts: str) -> str:
    """``machine``, ``oil`` or "" (fits both) from the words of an item."""
    joined = "".join(texts)
    for domain, words in _DOMAIN_WORDS.items():
        if any(w in joined for w in words):
            return domain
    return ""


def _fits(domain: str, other: str) -> bool:
    return not domain or not other or domain == other


# --------------------------------------------------------------------------- rotation
def group_sizes(n: int) -> tuple[int, ...]:
    """Group sizes for ``n`` trainees: threes; a remainder makes groups of four (a second
    observer) or, when that is impossible (2 or 5 trainees), one pair observed by the trainer."""
    groups, extra = divmod(n, 3)
    if extra <= groups:
        return (4,) * extra + (3,) * (groups - extra)
    return (3,) * groups + (2,)


def _roles_per_round(n: int, rounds: int) -> list[tuple[list[int], list[int], list[int]]]:
    """Positions (in the seeded circle of trainees) playing salesperson, customer, observer.

    Round k's salespeople are the g positions from k·g on, its customers the g positions from
    k·g + d on (mod n), the rest observe. Salespeople and customers thus sweep the circle in
    consecutive arcs — each role's count differs by at most one between trainees — and the
    offset d is chosen so that the two arcs swept in all rounds either do not overlap or cover
    the circle, which keeps the observers' counts within one too."""
    g = len(group_sizes(n))
    m = rounds * g % n
    if 2 * m <= n:
        lo, hi = max(m, g), min(n - m, n - g)
    else:
        lo, hi = max(n - m, g), min(m, n - g)
    d = lo if lo <= hi else g  # lo <= hi always holds for 2 ≤ n; kept for safety
    out = []
    for k in range(rounds):
        sales = [(k * g + i) % n for i in range(g)]
        customers = [(k * g + d + i) % n for i in range(g)]
        taken = set(sales) | set(customers)
        observers = [p for p in range(n) if p not in taken]
        out.append((sales, customers, observers))
    return out


# --------------------------------------------------------------------------- card content
def _objection_cues(base: _kb.KnowledgeBase, domain: str, rng: random.Random) -> tuple[ObjectionCue, ...]:
    pool = [o for o in base.drill_objections if _fits(domain, _domain(o.context, o.statement))]
    rng.shuffle(pool)
    chosen: list[_kb.ObjectionStatement] = []
    for o in pool:
        if all(o.content != c.content for c in chosen):
            chosen.append(o)
        if len(chosen) == 2:
            break
    chosen.sort(key=lambda o: _OBJECTION_ORDER.index(o.content) if o.content in _OBJECTION_ORDER else 99)
    return tuple(
        ObjectionCue(o.id, cue, o.statement, o.context, tuple(base.get(m).name for m in o.methods),
                     o.model_answer, _sources(o.source, base.get(o.methods[0]).source))
        for cue, o in zip(_CUES, chosen, strict=False))


def _audience(who: str, base: _kb.KnowledgeBase, rng: random.Random) -> _kb.FabAudience:
    audiences = {a.id: a for a in base.fab_audiences}
    for word, audience_id in _AUDIENCE_WORDS:
        if word in who and audience_id in audiences:
            return audiences[audience_id]
    return rng.choice(base.fab_audiences)


def _standard(product: str, base: _kb.KnowledgeBase) -> str:
    for p in base.products:
        if product.startswith(p.name.split("(")[0]):
            return p.standard
    return ""


def _etiquette_checks(base: _kb.KnowledgeBase, rng: random.Random) -> tuple[ObserverCheck, ...]:
    by_category: dict[str, list[_kb.EtiquetteRule]] = {}
    for r in base.etiquette_rules:
        if r.category in ETIQUETTE_CATEGORIES and r.id not in _NOT_OBSERVABLE:
            by_category.setdefault(r.category, []).append(r)
    categories = sorted(by_category)
    rng.shuffle(categories)
    checks = []
    for category in categories[:ETIQUETTE_CHECKS]:
        rule = rng.choice(by_category[category])
        name = rule.name if rule.name.startswith("“") else f"“{rule.name}”"
        why = rule.rule + (f" {rule.why}" if rule.why else "")
        checks.append(ObserverCheck(f"rp-{rule.id}", "etiquette", f"是否做到了{name}?", why, rule.source))
    return tuple(checks)


def _checks(skill: str, rubric: Iterable[_kb.RubricCheck]) -> list[ObserverCheck]:
    return [ObserverCheck(c.id, skill, c.name, c.why, c.source) for c in rubric]


def _card(session: str, round_no: int, group_no: int, salesperson: str, customer: str,
          observers: tuple[str, ...], scenario: _kb.Scenario, base: _kb.KnowledgeBase,
          rng: random.Random) -> RoundCard:
    target = (base.get_as(scenario.target, _kb.CustomerType) if scenario.family == "customer_type"
              else base.get_as(scenario.target, _kb.CommunicationStyle))
    is_type = scenario.family == "customer_type"
    kind = "客户类型" if is_type else "沟通风格"
    domain = _domain(scenario.who, *scenario.says, *scenario.does)
    objections = _objection_cues(base, domain, rng)
    features = [f for f in base.fab_features if _fits(domain, _domain(f.product, f.feature))]
    feature = rng.choice(features or list(base.fab_features))
    audience = _audience(scenario.who, base, rng)
    benefit_source = audience.source
    customer_card = CustomerCard(
        scenario.id, scenario.name, scenario.family, target.id, kind, target.name, scenario.who,
        scenario.says, scenario.does, objections, getattr(target, "strategy" if is_type else "method"),
        target.key_points, _sources(scenario.source, target.source, *(o.source for o in objections),
                                    ROLEPLAY_SOURCE))
    goal = (f"拜访这位客户:先观察他的言行,判断他属于哪一种{kind},再用合适的方式沟通;"
            f"用 FAB 向{audience.name}讲清“{feature.feature}”带来的好处;"
            "认真对待他提出的异议;最后争取他同意下一步(如试订一次或约定再谈)。")
    sales_card = SalesCard(
        scenario.who, kind, feature.id, feature.product, _standard(feature.product, base),
        feature.feature, feature.advantage, audience.id, audience.name, audience.cares, goal,
        _sources(feature.source, benefit_source, ROLEPLAY_SOURCE))
    methods = tuple(dict.fromkeys(base.get_as(o.objection_id, _kb.ObjectionStatement).methods[0] for o in objections))
    checks = (
        _checks("persuasion", _judge.rubric_for(scenario.family, (scenario.target,), base=base))
        + _checks("objection", _judge.rubric_for("objection", methods, base=base))
        + _checks("fab", _judge.rubric_for("fab", (audience.id,), base=base))
        + list(_etiquette_checks(base, rng)))
    observer_card = ObserverCard(tuple(checks), _sources(*(c.source for c in checks), ROLEPLAY_SOURCE))
    return RoundCard(session, round_no, group_no, salesperson, customer, observers, scenario.id,
                     customer_card, sales_card, observer_card)


@guarded("seed")
def plan_session(trainees: Sequence[str], *, rounds: int = 3, seed: int = 0, session: str = "情景模拟",
                 base: _kb.KnowledgeBase | None = None) -> SessionPlan:
    """Groups and cards for a role-play session of ``rounds`` rounds.

    Trainees sit in a circle shuffled by ``seed``; each round they are grouped in threes
    (客户经理, 客户, 观察员; a group of four has a second observer; with two trainees, or one
    pair left over from five, :data:`TRAINER` observes) and the roles rotate as evenly as
    possible: with 6 trainees and 3 rounds everyone plays each role once. Every group gets a
    different scenario of the drill banks while they last. Bad input → :class:`PlaybookInputError`.
    """
    names = _names(trainees)
    rounds = require_int(rounds, "rounds", "轮数(rounds)", MIN_ROUNDS, MAX_ROUNDS)
    if not _is_int(seed):
        raise PlaybookInputError("seed", code="not_integer", label="随机种子(seed)", kind="", received=seed)
    if not isinstance(session, str) or not session.strip():
        raise PlaybookInputError("session", code="roleplay_session_empty")
    session = check_session(session)
    kb = base if base is not None else _kb.load()
    circle = list(names)
    random.Random(f"{seed}|circle").shuffle(circle)
    scenarios = list(kb.drill_scenarios)
    random.Random(f"{seed}|scenarios").shuffle(scenarios)
    sizes = group_sizes(len(names))
    plan: list[tuple[RoundCard, ...]] = []
    count = 0
    for k, (sales, customers, observers) in enumerate(_roles_per_round(len(names), rounds)):
        g = len(sales)
        pool = observers[k % len(observers):] + observers[:k % len(observers)] if observers else []
        cards = []
        for i, size in enumerate(sizes):
            watching = tuple(circle[p] for p in pool[:size - 2]) or (TRAINER,)
            pool = pool[size - 2:]
            rng = random.Random(f"{seed}|card|{k + 1}|{i + 1}")
            cards.append(_card(session, k + 1, i + 1, circle[sales[i]], circle[customers[(i + k) % g]],
                               watching, scenarios[count % len(scenarios)], kb, rng))
            count += 1
        plan.append(tuple(cards))
    return SessionPlan(session, seed, names, tuple(plan))


# --------------------------------------------------------------------------- scoring
@dataclass(frozen=True)
class CheckResult:
    """One check of a scored round, with why it matters."""

    check_id: str
    skill: str
    label: str
    passed: bool
    why: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """A round's score and why, for display."""

    session: str
    round_no: int
    group_no: int
    trainee: str
    observer: str
    passed: int
    total: int
    #: Skill → (passed, total), in :data:`SKILLS` order.
    by_skill: dict[str, tuple[int, int]]
    checks: tuple[CheckResult, ...]
    rating: int | None
    notes: str

    @property
    def score(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def lines(self) -> list[str]:
        """The explanation as plain Chinese lines (for a terminal or a notebook)."""
        out = [(f"第 {self.round_no} 轮第 {self.group_no} 组 · 客户经理 {self.trainee}:"
                f"通过 {self.passed}/{self.total} 项({self.score:.0%})· 观察员 {self.observer}")]
        out += [f"  {SKILLS[s]}:{p}/{t}" for s, (p, t) in self.by_skill.items()]
        for c in self.checks:
            out.append(f"{'✓' if c.passed else '✗'} {c.label}")
            if c.why:
                out.append(f"    {c.why}(来源:{';'.join(c.source)})")
        if self.rating is not None:
            out.append(f"总体评价:{self.rating} 分(1–5)")
        if self.notes:
            out.append(f"备注:{self.notes}")
        return out


def _ids(ticked: object) -> tuple[str, ...]:
    if isinstance(ticked, str):
        return (ticked,)
    try:
        ids: tuple[object, ...] = tuple(ticked)  # type: ignore[arg-type]  # any iterable; TypeError below
    except TypeError:
        raise PlaybookInputError("ticked", code="wrong_type", label="通过的观察项(ticked)", expected="观察项 id 的列表",
                                 received=ticked) from None
    for i in ids:
        if not isinstance(i, str):
            raise PlaybookInputError("ticked", code="wrong_type", label="通过的观察项(ticked)", expected="观察项 id(文本)",
                                     received=i)
    return tuple(i for i in ids if isinstance(i, str))


def score_round(card: RoundCard, ticked: Iterable[str], *, observer: str, notes: str = "",
                rating: int | None = None, scored_at: datetime | None = None) -> ScoreSheet:
    """The observer's score of the round's salesperson: every check of the card, passed when
    its id is in ``ticked``. ``rating`` is optional (1–5); ``scored_at`` must be timezone-aware.
    Unknown check ids, a blank observer, … → :class:`PlaybookInputError` naming the field."""
    if not isinstance(card, RoundCard):
        raise PlaybookInputError("card", code="wrong_type", label="卡片(card)", expected=" plan_session 生成的 RoundCard",
                                 received=card)
    ids = _ids(ticked)
    known = {c.id for c in card.checks}
    unknown = [i for i in dict.fromkeys(ids) if i not in known]
    if unknown:
        raise PlaybookInputError("ticked", code="roleplay_unknown_ticks", unknown='、'.join(unknown), count=len(known))
    if not isinstance(observer, str) or not observer.strip():
        raise PlaybookInputError("observer", code="empty", label="观察员(observer)姓名")
    observer = check_name(observer, "observer", "观察员(observer)")
    if same_name(observer, card.salesperson):
        raise PlaybookInputError("observer", code="self_observer", label="观察员(observer)", trainee=observer)
    notes = check_notes(notes).strip()
    if rating is not None:
        rating = require_int(rating, "rating", "总体评价(rating)", *RATING_RANGE)
    if scored_at is not None:
        check_scored_at(scored_at)
    passed = set(ids)
    marks = tuple(CheckMark(c.id, c.skill, c.label, c.id in passed) for c in card.checks)
    return ScoreSheet(card.session, card.round_no, card.salesperson, observer, card.scenario_id, marks,
                      notes.strip(), rating, scored_at)


def explain(sheet: ScoreSheet, card: RoundCard) -> Explanation:
    """The sheet's score and, for every check, passed or not and why (from the card)."""
    if not isinstance(sheet, ScoreSheet) or not isinstance(card, RoundCard):
        raise PlaybookInputError("card", code="roleplay_sheet_card")
    if (sheet.session, sheet.round_no, sheet.scenario_id) != (card.session, card.round_no, card.scenario_id):
        raise PlaybookInputError("card", code="roleplay_card_mismatch", sheet_round=sheet.round_no,
                                 sheet_scenario=sheet.scenario_id, card_round=card.round_no,
                                 card_scenario=card.scenario_id)
    checks = {c.id: c for c in card.checks}
    results = []
    for m in sheet.marks:
        c = checks.get(m.check_id)
        results.append(CheckResult(m.check_id, m.skill, m.label, m.passed,
                                   c.why if c else "", c.source if c else ()))
    by_skill = {s: (sum(r.passed for r in results if r.skill == s), sum(r.skill == s for r in results))
                for s in SKILLS if any(r.skill == s for r in results)}
    return Explanation(sheet.session, sheet.round_no, card.group_no, sheet.trainee, sheet.observer,
                       sheet.passed, len(sheet.marks), by_skill, tuple(results), sheet.rating, sheet.notes)


# --------------------------------------------------------------------------- sample data
def sample_strengths(trainees: Iterable[str], *, seed: int = 0) -> dict[str, dict[str, float]]:
    """Trainee → skill → chance (0.25–0.8) of passing a check of that skill, seeded per trainee."""
    out = {}
    for name in trainees:
        rng = random.Random(f"{seed}|strength|{name}")
        out[name] = {s: round(rng.uniform(0.25, 0.8), 2) for s in SKILLS}
    return out


def simulate_sheets(plan: SessionPlan, *, seed: int = 0,
                    strengths: dict[str, dict[str, float]] | None = None, improvement: float = 0.0,
                    start: datetime | None = None) -> list[ScoreSheet]:
    """Seeded score sheets for every card of ``plan`` (the first observer scores).

    A check passes with the salesperson's strength for its skill plus ``improvement`` (capped
    at 0.95); rounds are 30 minutes apart from ``start`` (default 2026-03-02 09:00 +08:00)."""
    strengths = strengths if strengths is not None else sample_strengths(plan.trainees, seed=seed)
    start = start or datetime(2026, 3, 2, 9, 0, tzinfo=_CST)
    sheets = []
    for card in plan.cards:
        rng = random.Random(f"{seed}|{plan.session}|{card.round_no}|{card.group_no}")
        skill = strengths.get(card.salesperson, dict.fromkeys(SKILLS, 0.5))
        ticked = [c.id for c in card.checks if rng.random() < min(0.95, skill[c.skill] + improvement)]
        passed = len(ticked) / len(card.checks)
        sheets.append(score_round(card, ticked, observer=card.observers[0],
                                  rating=max(1, min(5, 1 + round(4 * passed))),
                                  scored_at=start + timedelta(minutes=30 * (card.round_no - 1))))
    return sheets


def sample_history(*, seed: int = 0, trainees: int = 6, sessions: int = 3,
                   rounds: int = 3) -> tuple[list[SessionPlan], list[ScoreSheet]]:
    """Seeded sample sessions one week apart (Mondays 09:00, UTC+8) for the trainer's guide and
    the dashboard demo: each trainee has their own strength per skill and improves by 0.12 per
    session."""
    trainees = require_int(trainees, "trainees", "学员人数(trainees)", MIN_TRAINEES, MAX_TRAINEES)
    sessions = require_int(sessions, "sessions", "场次数(sessions)", 1, 52)
    names = [*_SAMPLE_NAMES, *(f"学员{i}" for i in range(len(_SAMPLE_NAMES) + 1, MAX_TRAINEES + 1))][:trainees]
    strengths = sample_strengths(names, seed=seed)
    first = datetime(2026, 3, 2, 9, 0, tzinfo=_CST)
    plans, sheets = [], []
    for i in range(sessions):
        day = first + timedelta(weeks=i)
        plan = plan_session(names, rounds=rounds, seed=seed * 1000 + i,
                            session=f"{day:%Y-%m-%d} 情景模拟第 {i + 1} 次")
        plans.append(plan)
        sheets += simulate_sheets(plan, seed=seed, strengths=strengths, improvement=0.12 * i, start=day)
    return plans, sheets
