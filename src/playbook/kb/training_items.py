"""The item types of the knowledge base's training data: the drills' question banks
(:mod:`playbook.engines.drills`, ``knowledge/drills.yaml``), the free-text judge's classes of bad
practice and concern cues (:mod:`playbook.engines.judge`, ``knowledge/judge.yaml``) and the
branching role-play dialogues (:mod:`playbook.engines.dialogue`, ``knowledge/dialogues.yaml``).

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from playbook.kb.items import Item, ref


# --------------------------------------------------------------- training drills
# Question banks of :mod:`playbook.engines.drills` (authored in ``knowledge/drills.yaml``).
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
