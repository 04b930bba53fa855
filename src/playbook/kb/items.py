"""The item types of the knowledge base's teaching material: what every item has (:class:`Item`,
its id and seed-source formats) and one frozen dataclass per kind of item the book teaches
(customer types, objections, price sheets, products, etiquette, glossary terms …).

The training data's item types (drills, the judge, dialogues) are in
:mod:`playbook.kb.training_items`. Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

#: A seed reference: the seed file number, a space, then its section, e.g. ``002 §4.3.5``.
SOURCE_PATTERN = re.compile(r"^00[0-4] \S.*$")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$")


def ref(collection: str, **kwargs: Any) -> Any:
    """A field holding ids of items in ``collection`` (``"*"``: any collection)."""
    return field(metadata={"ref": collection}, **kwargs)


@dataclass(frozen=True, kw_only=True)
class Item:
    """Fields every knowledge item has."""

    id: str
    name: str
    #: Seed sections this item is taught from, e.g. ``("002 §4.3.5", "001 提高篇(五)3")``.
    source: tuple[str, ...]
    #: Ids of related items anywhere in the base.
    see_also: tuple[str, ...] = ref("*", default=())


#: Any kind of item (:meth:`~playbook.kb.knowledge_base.KnowledgeBase.get_as`).
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
