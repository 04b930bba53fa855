"""Planning a role-play session: seeded role rotation and each group's cards.

Trainees rotate through the three roles (:data:`ROLES`) in groups of three (or four, or a pair
the trainer observes); every group gets a drill scenario with a customer card, a salesperson
card and an observer card of yes/no checks. Standard library only (also runs in the reader's
browser). Pure and deterministic: every random choice takes a ``seed``.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from playbook import kb as _kb
from playbook.engines import judge as _judge
from playbook.errors import PlaybookInputError, guarded
from playbook.normalize import require_int, same_name
from playbook.trainer.roleplay.score_sheet import SKILLS, check_name, check_session

#: The three roles of a round, with their Chinese labels (客户经理 is the book's name for a salesperson).
ROLES: dict[str, str] = {"salesperson": "客户经理", "customer": "客户", "observer": "观察员"}
#: Who observes when a group has only two trainees.
TRAINER = "培训师"
MIN_TRAINEES, MAX_TRAINEES = 2, 60
MIN_ROUNDS, MAX_ROUNDS = 1, 10
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
