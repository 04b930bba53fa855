"""The knowledge base at run time: typed, frozen dataclasses loaded from a JSON snapshot.

Standard library only — this package's runtime also runs in the reader's browser (Pyodide). The
package ``playbook.kb`` holds the authored YAML (``knowledge/``), its validator (``build``) and the
snapshot; it may import only the foundation modules, never an engine, view or the site.
The snapshot ``kb/kb.json`` is generated from ``knowledge/*.yaml`` by
:mod:`playbook.kb.build`, which validates the authored data with the same converter
(:func:`build_item`) plus the checks that need the whole base (unique ids, references).

The runtime's parts, each one job, all importable from here:

- :mod:`playbook.kb.items`: :class:`Item` and the teaching material's item types;
- :mod:`playbook.kb.training_items`: the item types of drills, the judge and dialogues;
- :mod:`playbook.kb.knowledge_base`: :class:`KnowledgeBase`, its collections and lookups;
- :mod:`playbook.kb.convert`: plain data → a checked item (:func:`build_item`,
  :class:`KnowledgeError`);
- :mod:`playbook.kb.snapshot`: the JSON snapshot and :func:`load`.

Usage:

>>> import playbook.kb
>>> kb = playbook.kb.load()
>>> t = kb.customer_types[0]
>>> len(kb.customer_types), t.name, t.source
(10, '客观理智型', ('002 §4.2.2',))
"""
from __future__ import annotations

from playbook.kb.convert import KnowledgeError, build_item
from playbook.kb.items import (ID_PATTERN, SOURCE_PATTERN, Challenge, CommunicationStage, CommunicationStyle,
                               CustomerTier, CustomerType, EtiquetteRule, Item, ItemT, Note, ObjectionMethod,
                               ObjectionTiming, ObjectionType, ObjectionView, Point, PriceRow, PriceSheet,
                               PricingStrategy, Product, ProspectingMethod, SeedPart, Term, VisitCadence, ref)
from playbook.kb.knowledge_base import KnowledgeBase, collection_names, item_class
from playbook.kb.snapshot import SNAPSHOT, SNAPSHOT_FORMAT, from_snapshot, load
from playbook.kb.training_items import (BAD_PRACTICE_GROUPS, BadPracticeClass, ConcernCue, Dialogue, DialogueLine,
                                        DialogueNode, DialogueReply, EtiquetteQuestion, FabAudience, FabBenefit,
                                        FabFeature, ObjectionStatement, RubricCheck, Scenario)

__all__ = [
    # items
    "ID_PATTERN", "SOURCE_PATTERN", "Challenge", "CommunicationStage", "CommunicationStyle", "CustomerTier",
    "CustomerType", "EtiquetteRule", "Item", "ItemT", "Note", "ObjectionMethod", "ObjectionTiming", "ObjectionType",
    "ObjectionView", "Point", "PriceRow", "PriceSheet", "PricingStrategy", "Product", "ProspectingMethod", "SeedPart",
    "Term", "VisitCadence", "ref",
    # training items
    "BAD_PRACTICE_GROUPS", "BadPracticeClass", "ConcernCue", "Dialogue", "DialogueLine", "DialogueNode",
    "DialogueReply", "EtiquetteQuestion", "FabAudience", "FabBenefit", "FabFeature", "ObjectionStatement",
    "RubricCheck", "Scenario",
    # the base, the converter, the snapshot
    "KnowledgeBase", "collection_names", "item_class", "KnowledgeError", "build_item",
    "SNAPSHOT", "SNAPSHOT_FORMAT", "from_snapshot", "load",
]
