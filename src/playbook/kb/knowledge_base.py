"""The :class:`KnowledgeBase`: one tuple of items per collection, and the lookups over it (by id,
by kind, by collection, by topic, plain-text search); :func:`collection_names` and
:func:`item_class` say which collections there are and what each holds.

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

import dataclasses
import functools
import json
import typing
from dataclasses import dataclass

from playbook.errors import UnknownItemError, shown
from playbook.kb.items import (Challenge, CommunicationStage, CommunicationStyle, CustomerTier, CustomerType,
                               EtiquetteRule, Item, ItemT, Note, ObjectionMethod, ObjectionTiming, ObjectionType,
                               ObjectionView, PriceSheet, PricingStrategy, Product, ProspectingMethod, SeedPart,
                               Term, VisitCadence)
from playbook.kb.training_items import (BadPracticeClass, ConcernCue, Dialogue, EtiquetteQuestion, FabAudience,
                                        FabFeature, ObjectionStatement, RubricCheck, Scenario)


def _as_id(value: object) -> str:
    """An id as quoted in a message: a text as it is (cut at 60 characters), anything else short."""
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:59] + "…"
    return shown(value)


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
