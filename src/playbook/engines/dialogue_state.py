"""The state of one attempt at a dialogue: the immutable :class:`State` with the turns played
(:class:`Turn`) and the diagnosis given (:class:`Diagnosis`), and each reply's stable option id
and shuffled place. Standard library only (runs in the browser).

Usage (a reply's id is ``node.kind``; an attempt's seed decides the order its options are shown in):

>>> from playbook.engines import dialogue_bank, dialogue_state
>>> d = dialogue_bank.get("dlg-indecisive")
>>> [dialogue_state.option_id(d, "open", i) for i in range(3)]
['open.best', 'open.mismatch', 'open.bad']
>>> [r.kind for r in dialogue_state.node_options(d, "open", seed=7)]
['bad', 'best', 'mismatch']
"""
from __future__ import annotations

from dataclasses import dataclass

from playbook import kb
from playbook.errors import PlaybookInputError
from playbook.kb import Dialogue, DialogueReply
from playbook.kb import dialogues as graph

__all__ = ["OUTCOME_LABELS", "HELD_BACK", "Turn", "Diagnosis", "State", "option_id", "node_options"]

#: Outcomes as the trainee reads them.
OUTCOME_LABELS = {"won": "成交", "later": "约下次", "lost": "丢单"}


@dataclass(frozen=True)
class Turn:
    """One turn played: where, which reply (authored index and stable id), the state after it.

    A typed turn also keeps what the trainee typed and the judge's verdict
    (``pass`` | ``fail`` | ``unsure``)."""

    node: str
    reply: int
    customer_said: str
    trust_after: int
    patience_after: int
    option: str = ""
    typed: str = ""
    verdict: str = ""
    #: The judge's reasons when the typed reply did not pass (Chinese).
    reasons: tuple[str, ...] = ()
    #: The reply led to a sale, but the customer's trust was below its gate (``min_trust``): the
    #: talk ended at the fallback ending, and the customer did not agree on the spot.
    held_back: bool = False


#: What the customer does when a closing reply is right but his trust is below the gate.
HELD_BACK = "(他想了想,没有当场答应。)"


@dataclass(frozen=True)
class Diagnosis:
    """The trainee's answer to 他更像哪一类?凭哪句话?"""

    item: str
    cue: str
    item_right: bool
    cue_right: bool
    #: The right item's id and name, the cue words of the dialogue.
    answer: str
    answer_name: str
    cues: tuple[str, ...]

    @property
    def score(self) -> float:
        return 0.5 * self.item_right + 0.5 * self.cue_right


@dataclass(frozen=True)
class State:
    """A point in a dialogue. Immutable: :func:`choose` returns a new state.

    ``options`` are the replies in the order shown (deterministic, not the authored order);
    ``customer_says`` already reflects the customer's reaction to the last reply."""

    dialogue: Dialogue
    node: str
    trust: int
    patience: int
    history: tuple[Turn, ...]
    customer_says: str
    #: Authored reply index for each shown option.
    order: tuple[int, ...]
    #: The attempt's shuffle seed (every turn's option order derives from it).
    seed: int = 0
    #: Flags set by the replies so far (a later line may refer back to them).
    flags: tuple[str, ...] = ()
    diagnosis: Diagnosis | None = None

    @property
    def options(self) -> tuple[str, ...]:
        """The replies on offer, in display order (empty once done, and at a typed turn)."""
        if self.done or self.expects_text:
            return ()
        replies = _nodes(self.dialogue)[self.node].replies
        return tuple(replies[i].say for i in self.order)

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The stable ids of :attr:`options`, in the same order."""
        if self.done or self.expects_text:
            return ()
        return tuple(option_id(self.dialogue, self.node, i) for i in self.order)

    @property
    def expects_text(self) -> bool:
        """True at a pivot turn: the trainee types the reply (:func:`say`); no options."""
        return not self.done and _nodes(self.dialogue)[self.node].typed

    @property
    def expects_diagnosis(self) -> bool:
        """True once the customer has spoken twice and the trainee has not yet said which
        kind of customer this is (the player asks before the second turn's options)."""
        return self.diagnosis is None and len(self.history) >= 1 and bool(_diagnose_item(self.dialogue))

    @property
    def correct(self) -> bool:
        """A right ending: 成交, or an order lost because the trainee kept the rules."""
        return graph.success_at(self.dialogue, self.node, _nodes(self.dialogue))

    @property
    def kept_rules(self) -> bool:
        """Ended without the order because the trainee declined what the rules forbid."""
        return self.done and self.node != graph.WALKOUT and _nodes(self.dialogue)[self.node].kept_rules

    @property
    def done(self) -> bool:
        return bool(graph.outcome_at(self.dialogue, self.node, _nodes(self.dialogue)))

    @property
    def outcome(self) -> str:
        """'won' | 'later' | 'lost' once done, else ''."""
        return graph.outcome_at(self.dialogue, self.node, _nodes(self.dialogue))

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, "")

    @property
    def turn_no(self) -> int:
        """1-based number of the turn being played (or played last, once done)."""
        return len(self.history) + (0 if self.done else 1)


#: id(dialogue) → (the dialogue, its nodes by id); the dialogue is kept so its id stays unique.
_NODES: dict[int, tuple[Dialogue, dict[str, kb.DialogueNode]]] = {}


def _nodes(d: Dialogue) -> dict[str, kb.DialogueNode]:
    hit = _NODES.get(id(d))
    if hit is None or hit[0] is not d:
        hit = (d, graph.nodes_of(d))
        _NODES[id(d)] = hit
    return hit[1]


def option_id(d: Dialogue, node_id: str, index: int) -> str:
    """The stable id of reply ``index`` (authored order) of a node: ``node.kind``, numbered
    when a node has two replies of one kind (``open.weak2``). Records store this, never a
    position, so a new shuffle or a reordered file keeps saved choices meaningful."""
    replies = _nodes(d)[node_id].replies
    kind = replies[index].kind
    same = [i for i, r in enumerate(replies) if r.kind == kind]
    return f"{node_id}.{kind}" if len(same) == 1 else f"{node_id}.{kind}{same.index(index) + 1}"


def _index_of(d: Dialogue, node_id: str, oid: str) -> int:
    for i in range(len(_nodes(d)[node_id].replies)):
        if option_id(d, node_id, i) == oid:
            return i
    raise PlaybookInputError("option", code="unknown_id", where=f"节点 “{node_id}” ", item_id=oid, kind="回答")


def _order(d: Dialogue, node_id: str, seed: int = 0, turn: int = 0) -> tuple[int, ...]:
    """The display order of a node's replies in one attempt (a real shuffle from ``seed``)."""
    return graph.shuffled(len(_nodes(d)[node_id].replies), seed, node_id, turn, d.id)


def node_options(d: Dialogue, node_id: str, seed: int = 0, turn: int = 0) -> tuple[DialogueReply, ...]:
    """The replies of a node in the order an attempt with ``seed`` shows them (A, B, C …);
    ``seed=0`` is the order of the printed scripts."""
    replies = _nodes(d)[node_id].replies
    return tuple(replies[i] for i in _order(d, node_id, seed, turn))


def _diagnose_item(d: Dialogue) -> str:
    """The item the trainee must name (a customer type, style or objection method)."""
    if d.diagnose:
        return d.diagnose
    for t in d.targets:
        if t.startswith(("ctype-", "style-", "method-")):
            return t
    return ""
