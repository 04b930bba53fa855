"""The knowledge base at run time: typed, frozen dataclasses loaded from a JSON snapshot.

Standard library only — this module also runs in the reader's browser (Pyodide). The package
``playbook.kb`` holds the authored YAML (``knowledge/``), its validator (``build``) and the
snapshot; it may import only the foundation modules, never an engine, view or the site.
The snapshot ``kb/kb.json`` is generated from ``knowledge/*.yaml`` by
:mod:`playbook.kb.build`, which validates the authored data with the same converter
(:func:`build_item`) plus the checks that need the whole base (unique ids, references).

Usage:

>>> import playbook.kb
>>> kb = playbook.kb.load()
>>> t = kb.customer_types[0]
>>> len(kb.customer_types), t.name, t.source
(10, '客观理智型', ('002 §4.2.2',))
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
import types
import typing
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from playbook.errors import UnknownItemError, shown


def _as_id(value: object) -> str:
    """An id as quoted in a message: a text as it is (cut at 60 characters), anything else short."""
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:59] + "…"
    return shown(value)

SNAPSHOT = "kb.json"
SNAPSHOT_FORMAT = 1

#: A seed reference: the seed file number, a space, then its section, e.g. ``002 §4.3.5``.
SOURCE_PATTERN = re.compile(r"^00[0-4] \S.*$")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$")


def ref(collection: str, **kwargs: Any) -> Any:
    """A field holding ids of items in ``collection`` (``"*"``: any collection)."""
    return field(metadata={"ref": collection}, **kwargs)


class KnowledgeError(ValueError):
    """Invalid knowledge data; names the file, the item and the field."""

    def __init__(self, file: str, item: str, field_name: str, problem: str) -> None:
        self.file, self.item, self.field, self.problem = file, item, field_name, problem
        super().__init__(f"{file}: 条目 “{item}” 的字段 “{field_name}”:{problem}")


# --------------------------------------------------------------------------- models
@dataclass(frozen=True, kw_only=True)
class Item:
    """Fields every knowledge item has."""

    id: str
    name: str
    #: Seed sections this item is taught from, e.g. ``("002 §4.3.5", "001 提高篇(五)3")``.
    source: tuple[str, ...]
    #: Ids of related items anywhere in the base.
    see_also: tuple[str, ...] = ref("*", default=())


#: Any kind of item (:meth:`KnowledgeBase.get_as`).
ItemT = typing.TypeVar("ItemT", bound=Item)


@dataclass(frozen=True, kw_only=True)
class Point:
    """A labelled point inside an item, e.g. ``目的:建立初步的了解``."""

    label: str
    text: str


@dataclass(frozen=True, kw_only=True)
class Note(Item):
    """A piece of material with a text and optional ordered points (principles, steps …)."""

    text: str = ""
    points: tuple[str, ...] = ()
    details: tuple[Point, ...] = ()
    #: Groups notes that belong together on a page, e.g. ``objection-principle``.
    topic: str


@dataclass(frozen=True, kw_only=True)
class CommunicationStyle(Item):
    """One of the four communication styles of 001 (控制型 …)."""

    method: str
    key_points: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CommunicationStage(Item):
    """One of the three stages of a conversation (导入、过渡、结论)."""

    order: int
    aim: str
    details: tuple[Point, ...]


@dataclass(frozen=True, kw_only=True)
class CustomerType(Item):
    """One of the ten customer types of 002 §4.2.2 with its persuasion strategy."""

    traits: str
    strategy: str
    key_points: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ObjectionType(Item):
    """An objection type on one of the two axes of 002 §4.3.2."""

    axis: Literal["nature", "content"]
    description: str
    handling: str = ""
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ObjectionView(Item):
    """One of 001's five objection types, mapped onto the 002 taxonomy."""

    manifestations: tuple[str, ...]
    maps_to: tuple[str, ...] = ref("objection_types")


@dataclass(frozen=True, kw_only=True)
class ObjectionMethod(Item):
    """One of the six handling methods of 002 §4.3.5."""

    when_to_use: str
    how: str
    example: str
    #: The sentence pattern the method uses, e.g. ``是的……如果……``.
    pattern: str = ""
    suits: tuple[str, ...] = ref("objection_types", default=())


@dataclass(frozen=True, kw_only=True)
class ObjectionTiming(Item):
    """One of the four timings of 002 §4.3.4 (when to answer an objection)."""

    order: int
    when: tuple[str, ...]
    #: The timing as a multiple-choice option, worded to the same length as the others so
    #: that length gives nothing away (the name is used where empty).
    choice: str = ""


@dataclass(frozen=True, kw_only=True)
class PriceRow:
    """One grade on a price sheet; prices in 元/吨, tax included, in the sheet's tier order."""

    grade: str = ref("products")
    prices_per_tonne: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class PriceSheet(Item):
    """A wholesale price sheet (价格执行单): prices per grade and customer tier in 元/吨."""

    #: When the sheet takes effect, ISO 8601 local time (``2017-01-01T14:00``).
    effective_at: str
    #: The effective time as printed on the sheet (the seed masks month and day).
    effective_label: str
    reason: str
    tiers: tuple[str, ...] = ref("customer_tiers")
    rows: tuple[PriceRow, ...]


@dataclass(frozen=True, kw_only=True)
class CustomerTier(Item):
    """A customer tier of the price policy (普通客户、大客户、特殊客户)."""

    order: int


@dataclass(frozen=True, kw_only=True)
class Product(Item):
    """A refined-oil grade with its national standard and density range at 20 °C (kg/m³)."""

    kind: Literal["gasoline", "diesel"]
    standard: str
    density20_min: float
    density20_max: float
    density20_default: float


@dataclass(frozen=True, kw_only=True)
class EtiquetteRule(Item):
    """One business-etiquette rule of 001 (name: a short title; rule: what to do)."""

    category: Literal["appearance", "dress", "speech", "courtesy", "bearing", "business_card",
                      "phone", "banquet", "handshake", "car"]
    rule: str
    #: Why the rule matters (only where the seed gives or implies a reason).
    why: str = ""


@dataclass(frozen=True, kw_only=True)
class Challenge(Item):
    """One of the ten hard problems of customer development (000 §3): problem → response."""

    order: int
    problem: str
    response: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ProspectingMethod(Item):
    """A way to find customers, with pros/cons and, where the seed rates them, 1–5 ratings."""

    group: str
    description: str
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    example: str = ""
    #: Ratings as given by the seed (0 = the seed gives none).
    cost: int = 0
    effort: int = 0
    effect: int = 0


@dataclass(frozen=True, kw_only=True)
class PricingStrategy(Item):
    """One of the eight pricing strategies of 002 §4.2.3."""

    description: str
    variants: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True, kw_only=True)
class VisitCadence(Item):
    """Contacts per month by channel for A/B/C customers (004 rules)."""

    channel: Literal["on_site", "phone", "message"]
    per_month_a: int
    per_month_b: int
    per_month_c: int


@dataclass(frozen=True, kw_only=True)
class SeedPart(Item):
    """One row of the seeds' INDEX.md and the book pages that teach it (the sources appendix)."""

    seed: Literal["000", "001", "002", "003", "004"]
    #: First 10 hex digits of the SHA-1 of the row's first cell (UTF-8, stripped): a test
    #: matches it against INDEX.md without copying the seed's wording (or its noise) here.
    index_key: str
    #: Book documents teaching it, e.g. ``chapters/ten-problems`` (empty only for noise).
    taught_in: tuple[str, ...] = ()
    #: Why a row is merged, partial or left out (shown in the appendix).
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Term(Item):
    """A glossary term (术语表): the one name the book uses for a concept, and where it is taught."""

    definition: str
    #: The book document that teaches it, e.g. ``chapters/objections``.
    taught_in: str
    #: Other names the seeds use for the same concept (the book does not use them).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class KnowledgeBase:
    """The whole knowledge base: one tuple of items per collection."""

    communication_styles: tuple[CommunicationStyle, ...] = ()
    communication_stages: tuple[CommunicationStage, ...] = ()
    customer_types: tuple[CustomerType, ...] = ()
    objection_types: tuple[ObjectionType, ...] = ()
    objection_views: tuple[ObjectionView, ...] = ()
    objection_methods: tuple[ObjectionMethod, ...] = ()
    objection_timings: tuple[ObjectionTiming, ...] = ()
    customer_tiers: tuple[CustomerTier, ...] = ()
    products: tuple[Product, ...] = ()
    price_sheets: tuple[PriceSheet, ...] = ()
    etiquette_rules: tuple[EtiquetteRule, ...] = ()
    challenges: tuple[Challenge, ...] = ()
    prospecting_methods: tuple[ProspectingMethod, ...] = ()
    pricing_strategies: tuple[PricingStrategy, ...] = ()
    visit_cadence: tuple[VisitCadence, ...] = ()
    seed_parts: tuple[SeedPart, ...] = ()
    terms: tuple[Term, ...] = ()
    notes: tuple[Note, ...] = ()
    # ---- training drills (knowledge/drills.yaml; engine: playbook.engines.drills)
    drill_scenarios: tuple[Scenario, ...] = ()
    drill_objections: tuple[ObjectionStatement, ...] = ()
    fab_audiences: tuple[FabAudience, ...] = ()
    fab_features: tuple[FabFeature, ...] = ()
    etiquette_questions: tuple[EtiquetteQuestion, ...] = ()
    rubric_checks: tuple[RubricCheck, ...] = ()
    # ---- the free-text judge's data (knowledge/judge.yaml; engine: playbook.engines.judge)
    bad_practice_classes: tuple[BadPracticeClass, ...] = ()
    concern_cues: tuple[ConcernCue, ...] = ()
    # ---- role-play dialogues (knowledge/dialogues.yaml; engine: playbook.engines.dialogue)
    dialogues: tuple[Dialogue, ...] = ()

    @functools.cached_property
    def by_id(self) -> dict[str, Item]:
        """Every item by id (ids are unique across the whole base)."""
        return {item.id: item for name in collection_names() for item in getattr(self, name)}

    def get(self, item_id: str) -> Item:
        """The item with this id; :class:`~playbook.errors.UnknownItemError` (code ``unknown_item``,
        a :class:`~playbook.errors.PlaybookInputError` that is also a ``KeyError``) if there is none."""
        try:
            return self.by_id[item_id]
        except (KeyError, TypeError):
            raise UnknownItemError("item_id", code="unknown_item", item_id=_as_id(item_id)) from None

    def get_as(self, item_id: str, kind: type[ItemT]) -> ItemT:
        """:meth:`get`, checked to be a ``kind`` (so the caller may use that kind's fields).

        >>> from playbook import kb
        >>> kb.load().get_as("cust-pyramid", kb.Note).topic
        'customer-pyramid'
        """
        item = self.get(item_id)
        if not isinstance(item, kind):
            raise TypeError(f"knowledge-base item {item_id!r} is a {type(item).__name__}, not a {kind.__name__}")
        return item

    def collection(self, name: str) -> tuple[Item, ...]:
        """The items of one collection by its name, e.g. ``"customer_types"``."""
        if name not in collection_names():
            raise UnknownItemError("name", code="unknown_collection", item_id=_as_id(name),
                                   allowed=", ".join(collection_names()))
        return getattr(self, name)

    def notes_on(self, topic: str) -> tuple[Note, ...]:
        """The notes of one topic, in authored order."""
        return tuple(n for n in self.notes if n.topic == topic)

    def search(self, text: str) -> list[Item]:
        """Items whose name or any text field contains ``text`` (plain substring match)."""
        hits = []
        for item in self.by_id.values():
            haystack = json.dumps(dataclasses.asdict(item), ensure_ascii=False)
            if text in haystack:
                hits.append(item)
        return hits


@functools.cache
def collection_names() -> tuple[str, ...]:
    """Names of the collections, in the order of :class:`KnowledgeBase`'s fields."""
    return tuple(f.name for f in dataclasses.fields(KnowledgeBase))


@functools.cache
def item_class(collection: str) -> type[Item]:
    """The item dataclass of a collection."""
    hint = typing.get_type_hints(KnowledgeBase)[collection]
    return typing.get_args(hint)[0]


# ----------------------------------------------------------------------- conversion
@functools.cache
@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def build_item(cls: type, data: Any, *, file: str, item: str, path: str = "") -> Any:
    """Build a frozen dataclass ``cls`` from plain data (a dict from JSON or YAML).

    Checks unknown and missing fields and every field's type; raises
    :class:`KnowledgeError` naming ``file``, ``item`` and the field's dotted path.
    """
    where = path or "(条目本身)"
    if not isinstance(data, dict):
        raise KnowledgeError(file, item, where, f"应为键值映射,实际是 {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise KnowledgeError(file, item, f"{path}.{unknown[0]}" if path else unknown[0],
                             f"未知字段;允许的字段:{', '.join(fields)}")
    values = {}
    for name, f in fields.items():
        dotted = f"{path}.{name}" if path else name
        if name not in data:
            has_default = (f.default is not dataclasses.MISSING
                           or f.default_factory is not dataclasses.MISSING)
            if not has_default:
                raise KnowledgeError(file, item, dotted, "缺少必填字段")
            continue
        values[name] = _convert(_hints(cls)[name], data[name], file=file, item=item, path=dotted)
    return cls(**values)


def _convert(hint: Any, value: Any, *, file: str, item: str, path: str) -> Any:
    origin = typing.get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build_item(hint, value, file=file, item=item, path=path)
    if origin is tuple:
        element = typing.get_args(hint)[0]
        if isinstance(value, str) and element is str:
            value = [value]  # a single string where a list is expected
        if not isinstance(value, (list, tuple)):
            raise KnowledgeError(file, item, path, f"应为列表,实际是 {type(value).__name__}")
        return tuple(_convert(element, v, file=file, item=item, path=f"{path}[{i}]")
                     for i, v in enumerate(value))
    if origin is Literal:
        allowed = typing.get_args(hint)
        if value not in allowed:
            raise KnowledgeError(file, item, path, f"取值 {value!r} 不在允许值 {allowed} 之中")
        return value
    if origin in (typing.Union, types.UnionType):
        raise TypeError(f"unsupported annotation {hint!r}")  # keep the models simple
    if hint is bool:
        if not isinstance(value, bool):
            raise KnowledgeError(file, item, path, f"应为 true 或 false,实际是 {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise KnowledgeError(file, item, path, f"应为数值,实际是 {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise KnowledgeError(file, item, path, f"应为整数,实际是 {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str) or not value.strip():
            raise KnowledgeError(file, item, path, f"应为非空文本,实际是 {value!r}")
        return value.strip()
    raise TypeError(f"unsupported annotation {hint!r}")


def from_snapshot(data: dict[str, Any], *, file: str = SNAPSHOT) -> KnowledgeBase:
    """Build the :class:`KnowledgeBase` from the snapshot's plain data."""
    if data.get("format") != SNAPSHOT_FORMAT:
        raise KnowledgeError(file, "(快照)", "format",
                             f"快照格式应为 {SNAPSHOT_FORMAT},实际是 {data.get('format')!r};"
                             "请运行 python -m playbook kb 重新生成")
    collections = {}
    for name, items in data["collections"].items():
        cls = item_class(name)
        collections[name] = tuple(
            build_item(cls, raw, file=file, item=str(raw.get("id", i))) for i, raw in enumerate(items)
        )
    return KnowledgeBase(**collections)


@functools.cache
def load() -> KnowledgeBase:
    """Load the knowledge base shipped with the package (cached)."""
    text = resources.files("playbook").joinpath("kb", SNAPSHOT).read_text(encoding="utf-8")
    return from_snapshot(json.loads(text))


# --------------------------------------------------------------- training drills
# Question banks of :mod:`playbook.engines.drills` (authored in ``knowledge/drills.yaml``).
# Defined after :class:`KnowledgeBase`; its annotations are resolved lazily.
@dataclass(frozen=True, kw_only=True)
class Scenario(Item):
    """A customer in a drill: who they are, what they say and do; the trainee names the
    customer type (or communication style) and picks the strategy."""

    family: Literal["customer_type", "communication_style"]
    #: The customer type (``ctype-…``) or communication style (``style-…``) shown.
    target: str = ref("*")
    #: Who the customer is, e.g. ``某地炼厂采购部经理``.
    who: str
    #: What the customer says (quoted sentences).
    says: tuple[str, ...]
    #: What the customer does (observed behaviour).
    does: tuple[str, ...] = ()
    #: Set when the scenario is a compliance red flag (e.g. a buyer hinting at a kickback): the
    #: right move (decline, explain the rules, report), asked instead of the type's strategy.
    compliance: str = ""


@dataclass(frozen=True, kw_only=True)
class ObjectionStatement(Item):
    """A customer's objection with its classification on both axes, method(s) and timing."""

    statement: str
    #: The situation in which it is said (optional).
    context: str = ""
    nature: str = ref("objection_types")
    content: str = ref("objection_types")
    #: Fitting handling methods, best first.
    methods: tuple[str, ...] = ref("objection_methods")
    timing: str = ref("objection_timings")
    #: A model answer using the first method.
    model_answer: str
    #: Why this classification, method and timing.
    why: str


@dataclass(frozen=True, kw_only=True)
class FabAudience(Item):
    """One audience of 001's FAB logic table (使用者、生产管理者、采购者、经营管理者、老板)."""

    order: int
    #: What this audience cares about (shown to the trainee). The seed (001) only names the five
    #: audiences; these lists are the book's own addition and are shown as such, not cited to 001.
    cares: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class FabBenefit:
    """The benefit (B) of a feature for one audience."""

    audience: str = ref("fab_audiences")
    benefit: str


@dataclass(frozen=True, kw_only=True)
class FabFeature(Item):
    """A product feature (F) with its advantage (A) and a benefit (B) per audience."""

    product: str
    feature: str
    advantage: str
    benefits: tuple[FabBenefit, ...]


@dataclass(frozen=True, kw_only=True)
class EtiquetteQuestion(Item):
    """An authored etiquette situation with options (the first option is correct).

    Rules without an authored question get a generated one (:mod:`playbook.engines.drills`)."""

    rule: str = ref("etiquette_rules")
    situation: str
    #: The correct option first, then wrong ones; shuffled when asked.
    options: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class RubricCheck(Item):
    """One yes/no check of a free-text answer (name: what it checks, as a question).

    ``must``: passes when any phrase occurs or ``pattern`` matches;
    ``must_not``: passes when none does. ``applies_to`` empty = every item of the family."""

    family: Literal["customer_type", "communication_style", "objection", "fab"]
    applies_to: tuple[str, ...] = ref("*", default=())
    mode: Literal["must", "must_not"]
    phrases: tuple[str, ...] = ()
    #: A regular expression (Python ``re``), searched in the answer.
    pattern: str = ""
    why: str
    #: Sentences this check passes and fails (tested).
    passes: tuple[str, ...]
    fails: tuple[str, ...]
    #: Kinds of bad practice (``playbook.engines.answer_rules``) that also fail this check: a
    #: ``must_not`` check about the same conduct is never ticked beside such a hard fail.
    covers: tuple[str, ...] = ()


# --------------------------------------------------------------- the free-text judge
#: The nine classes of bad practice a trainer fails whatever else an answer does well.
BAD_PRACTICE_GROUPS = ("kickback", "invoice", "inspection_tipoff", "credit", "guarantee",
                       "quality_claim", "pressure", "arguing", "competitor")


@dataclass(frozen=True, kw_only=True)
class BadPracticeClass(Item):
    """A kind of bad practice the judge fails (name: what was done wrong, as the trainee sees it).

    ``patterns`` are regular expressions searched in the normalised answer (see
    :func:`playbook.normalize.answer_text`; spaces removed, letters lower-cased);
    ``negatable``: a negated mention (“我们不给回扣”) is not the bad practice itself."""

    kind: str
    #: Which of :data:`BAD_PRACTICE_GROUPS` it belongs to.
    group: Literal["kickback", "invoice", "inspection_tipoff", "credit", "guarantee",
                   "quality_claim", "pressure", "arguing", "competitor"]
    patterns: tuple[str, ...]
    negatable: bool
    why: str
    #: A regular expression: a hit whose clause also matches it is not this bad practice (the
    #: clause says it goes through the proper channel, e.g. credit “报赊销审批”).
    unless: str = ""
    #: Answers this class must fail (tested; each must also be caught by this class).
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ConcernCue(Item):
    """A concern a customer may raise (name: shown to the trainee): the words in what the customer
    says that raise it, and further words that take it up in an answer."""

    raised_by: tuple[str, ...]
    answered_by: tuple[str, ...]


# --------------------------------------------------------------- role-play dialogues
# Branching dialogues (对练) of :mod:`playbook.engines.dialogue`, authored in
# ``knowledge/dialogues.yaml``; their graph rules are in :mod:`playbook.kb.dialogues`.
@dataclass(frozen=True, kw_only=True)
class DialogueReply:
    """One reply the trainee may pick, what it does to the customer and why."""

    #: What the salesperson says.
    say: str
    #: best: right for this customer; mismatch: good in general, wrong for this customer;
    #: weak: a common but poor move; bad: bad practice (arguing, overpromising, gifts, lying).
    kind: Literal["best", "mismatch", "weak", "bad"]
    #: Id of the node this reply leads to (inside the same dialogue).
    to: str
    #: Change of the customer's hidden trust and patience.
    trust: int = 0
    patience: int = 0
    #: The customer's immediate reaction (said before the next node's line).
    react: str = ""
    #: Why this reply works or not (shown in the debrief).
    why: str
    #: The knowledge-base item whose rule the explanation applies.
    rule: str = ref("*")
    source: tuple[str, ...]
    #: The skill this turn is scored under in the debrief's scorecard (``playbook.kb.dialogues
    #: .SKILLS``); empty: derived from the rule and the node.
    skill: str = ""
    #: Flags this reply sets (a later node may say something else when a flag is set).
    sets: tuple[str, ...] = ()
    #: Where the talk goes instead when the customer's trust is below zero after this reply.
    to_cold: str = ""


@dataclass(frozen=True, kw_only=True)
class DialogueLine:
    """A line a node says instead of its usual one once an earlier reply set ``when``."""

    when: str
    says: str


@dataclass(frozen=True, kw_only=True)
class DialogueNode:
    """A point of a dialogue: the customer speaks; then replies, or an outcome (terminal)."""

    id: str
    #: What the customer says here.
    says: str
    #: What the customer says here instead when trust is below zero (optional).
    says_cold: str = ""
    #: What the customer says instead after an earlier reply set a flag (first match wins;
    #: before ``says_cold``): a late objection that refers back to an earlier choice.
    says_if: tuple[DialogueLine, ...] = ()
    #: The trainee types the reply before any option is shown (judged by the free-text judge:
    #: pass → the best reply's branch, fail → the bad one's, unsure → the middle one's).
    typed: bool = False
    replies: tuple[DialogueReply, ...] = ()
    #: Terminal nodes only: the outcome.
    outcome: Literal["", "won", "later", "lost"] = ""
    #: Terminal nodes only: trust needed for this outcome; below it, ``fallback`` is used.
    min_trust: int = 0
    fallback: str = ""
    #: Terminal nodes only: a right ending although the order is lost (the trainee kept the
    #: rules: declined a kickback or an unapproved promise). Scored as correct.
    kept_rules: bool = False


@dataclass(frozen=True, kw_only=True)
class Dialogue(Item):
    """A role-play dialogue: a customer of a hidden type, branching replies, an outcome.

    ``name`` is the title; ``targets`` are the customer types, communication styles,
    objection methods (and other items) it trains."""

    targets: tuple[str, ...] = ref("*")
    #: The situation, e.g. where and why the salesperson meets the customer.
    setting: str
    #: Who the customer is (shown); the type stays hidden until the debrief.
    customer: str
    #: What the trainer knows about this customer (shown in the debrief).
    hidden: str
    #: Starting trust and patience; the customer leaves when patience reaches 0.
    trust: int = 0
    patience: int = 3
    #: What the customer says when patience runs out (outcome: lost).
    walkout: str
    #: Nodes; the first one starts the dialogue.
    nodes: tuple[DialogueNode, ...]
    #: A neutral title shown before play (place · person), naming no type: "建材厂 · 孙主任".
    label: str = ""
    #: The item the trainee must diagnose (a customer type, style or objection method);
    #: empty: the first target.
    diagnose: str = ref("*", default="")
    #: Words in the customer's first lines that give his type away (the debrief points to them).
    cues: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.name
