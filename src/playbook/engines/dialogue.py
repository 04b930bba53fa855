"""对练 (role-play dialogues): a customer of a hidden type talks, the trainee picks a reply, the
customer reacts the way that type reacts; at the end a debrief explains every choice with the
rule and its seed source. Pure and deterministic; standard library only (runs in the browser).

The dialogues are knowledge-base data (``knowledge/dialogues.yaml``, validated by
:func:`playbook.kb.dialogues.check` when the base is built). The customer keeps a hidden
trust and patience (see :mod:`playbook.kb.dialogues`); what he says reflects them.

Usage::

    from playbook import dialogue
    d = dialogue.get("dlg-indecisive")
    s = dialogue.start(d)
    s.customer_says, s.options          # what the customer says; the replies on offer
    s = dialogue.choose(s, 0)           # a new state (the old one is unchanged)
    ...
    s.done, s.outcome                   # True, 'won' | 'later' | 'lost'
    for turn in dialogue.debrief(s):    # what was said, what it did, the rule and its source
        print(turn.said, turn.kind_label, turn.why, turn.source)
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

from playbook import kb
from playbook.errors import PlaybookInputError, shown, guarded
from playbook.kb import Dialogue, DialogueReply
from playbook.kb import dialogues as graph

__all__ = ["Dialogue", "State", "Turn", "DebriefTurn", "OUTCOME_LABELS", "KIND_LABELS",
           "all_dialogues", "get", "start", "choose", "debrief", "validate", "paths",
           "best_path", "groups", "GROUP_LABELS", "node_options", "replay"]

#: Outcomes as the trainee reads them.
OUTCOME_LABELS = {"won": "成交", "later": "约下次", "lost": "丢单"}
#: Reply kinds as the debrief names them.
KIND_LABELS = {
    "best": "最佳说法",
    "mismatch": "通常不错,但不适合这位客户",
    "weak": "欠妥",
    "bad": "坏做法",
}
#: The target collections a dialogue page groups by, in order.
GROUP_LABELS = {
    "customer_types": "按客户类型",
    "communication_styles": "按沟通风格",
    "objection_methods": "按异议处理方法",
}


@dataclass(frozen=True)
class Turn:
    """One turn played: where, which reply (authored index), the state after it."""

    node: str
    reply: int
    customer_said: str
    trust_after: int
    patience_after: int


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

    @property
    def options(self) -> tuple[str, ...]:
        """The replies on offer, in display order (empty once done)."""
        replies = _nodes(self.dialogue)[self.node].replies if not self.done else ()
        return tuple(replies[i].say for i in self.order)

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


@dataclass(frozen=True)
class DebriefTurn:
    """One turn of the debrief: what the customer said, what you said, what it did, why."""

    turn_no: int
    customer_said: str
    said: str
    kind: str
    kind_label: str
    #: The customer's reaction and the change of his hidden trust and patience.
    reaction: str
    trust_change: int
    patience_change: int
    effect: str
    why: str
    #: The rule: the knowledge-base item's name and its text.
    rule_id: str
    rule_name: str
    rule_text: str
    source: tuple[str, ...]
    #: The best reply of this turn (also when it was chosen).
    best: str


# ---------------------------------------------------------------------------- data
def all_dialogues() -> tuple[Dialogue, ...]:
    """Every dialogue of the knowledge base, in authored order."""
    return kb.load().dialogues


@guarded("dialogue_id")
def get(dialogue_id: str) -> Dialogue:
    """The dialogue with this id; :class:`PlaybookInputError` naming the known ids if none."""
    for d in all_dialogues():
        if d.id == dialogue_id:
            return d
    known = "、".join(d.id for d in all_dialogues())
    raise PlaybookInputError("dialogue", f"没有 id 为 “{dialogue_id}” 的对练;可用:{known}")


def groups() -> dict[str, list[tuple[kb.Item, tuple[Dialogue, ...]]]]:
    """Dialogues grouped by the customer type, style and objection method they target:
    collection → [(target item, its dialogues)] in the knowledge base's order."""
    base = kb.load()
    out: dict[str, list[tuple[kb.Item, tuple[Dialogue, ...]]]] = {}
    for name in GROUP_LABELS:
        rows = []
        for item in base.collection(name):
            ds = tuple(d for d in base.dialogues if item.id in d.targets)
            rows.append((item, ds))
        out[name] = rows
    return out


#: id(dialogue) → (the dialogue, its nodes by id); the dialogue is kept so its id stays unique.
_NODES: dict[int, tuple[Dialogue, dict[str, kb.DialogueNode]]] = {}


def _nodes(d: Dialogue) -> dict[str, kb.DialogueNode]:
    hit = _NODES.get(id(d))
    if hit is None or hit[0] is not d:
        hit = (d, graph.nodes_of(d))
        _NODES[id(d)] = hit
    return hit[1]


def _order(d: Dialogue, node_id: str) -> tuple[int, ...]:
    """A fixed, per-node shuffle of the replies (the best one is not always first)."""
    n = len(_nodes(d)[node_id].replies)
    return tuple(sorted(range(n), key=lambda i: zlib.crc32(f"{d.id}/{node_id}/{i}".encode())))


def node_options(d: Dialogue, node_id: str) -> tuple[DialogueReply, ...]:
    """The replies of a node in the order the player shows them (A, B, C …)."""
    replies = _nodes(d)[node_id].replies
    return tuple(replies[i] for i in _order(d, node_id))


def _line(d: Dialogue, node_id: str, trust: int) -> str:
    if node_id == graph.WALKOUT:
        return d.walkout
    node = _nodes(d)[node_id]
    return node.says_cold if (trust < 0 and node.says_cold) else node.says


# ---------------------------------------------------------------------------- play
def _state(d: Dialogue, node_id: str, trust: int, patience: int, history: tuple[Turn, ...],
           reaction: str = "") -> State:
    line = _line(d, node_id, trust)
    says = f"{reaction}\n{line}" if reaction else line
    done = bool(graph.outcome_at(d, node_id, _nodes(d)))
    return State(d, node_id, trust, patience, history, says, () if done else _order(d, node_id))


def start(d: Dialogue | str) -> State:
    """The opening state of dialogue ``d`` (a :class:`Dialogue` or its id)."""
    if isinstance(d, str):
        d = get(d)
    if not isinstance(d, Dialogue):
        raise PlaybookInputError("dialogue", "应传入一段对练(Dialogue)或它的 id")
    return _state(d, d.nodes[0].id, d.trust, d.patience, ())


@guarded("state")
def choose(s: State, i: int) -> State:
    """The state after picking option ``i`` (0-based, in the order of ``s.options``).

    Pure: ``s`` is unchanged. A finished dialogue or an index out of range →
    :class:`PlaybookInputError` with a Chinese message."""
    if not isinstance(s, State):
        raise PlaybookInputError("state", "应传入 dialogue.start() 或 dialogue.choose() 返回的状态")
    if s.done:
        raise PlaybookInputError("choice", f"这段对练已经结束(结果:{s.outcome_label}),不能再选择")
    if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(s.order):
        raise PlaybookInputError("choice", f"选项编号应为 0–{len(s.order) - 1} 之间的整数,实际是 {shown(i)}")
    index = s.order[i]
    d = s.dialogue
    reply = _nodes(d)[s.node].replies[index]
    nxt, trust, patience = graph.advance(d, s.node, s.trust, s.patience, index, _nodes(d))
    history = s.history + (Turn(s.node, index, s.customer_says, trust, patience),)
    return _state(d, nxt, trust, patience, history, reply.react)


@guarded("choices")
def replay(d: Dialogue | str, choices: list[int] | tuple[int, ...]) -> State:
    """The state after a sequence of option indexes (display order) from the start."""
    s = start(d)
    for i in choices:
        s = choose(s, i)
    return s


# ---------------------------------------------------------------------------- debrief
_RULE_FIELDS = ("strategy", "method", "how", "response", "text", "definition", "rule",
                "description")


def _rule_text(item: kb.Item) -> str:
    """The rule an item states: its main text, then its labelled details or listed points."""
    parts = []
    for name in _RULE_FIELDS:
        value = getattr(item, name, "")
        if isinstance(value, str) and value:
            parts.append(value)
            break
    details = getattr(item, "details", ())
    if details:
        parts.append(";".join(f"{p.label}:{p.text.rstrip('。;')}" for p in details) + "。")
    else:
        listed = getattr(item, "points", ()) or getattr(item, "when", ()) or (
            () if parts else getattr(item, "key_points", ()))
        if listed:
            parts.append(";".join(x.rstrip("。;") for x in listed) + "。")
    return "".join(parts)


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else ("−" + str(-n) if n < 0 else "±0")


@guarded("state")
def debrief(s: State) -> tuple[DebriefTurn, ...]:
    """Per turn played: what the customer said, what you said, its kind, what it did to the
    customer's hidden trust and patience, why, the rule (a knowledge-base item) and its source."""
    if not isinstance(s, State):
        raise PlaybookInputError("state", "应传入 dialogue.start() 或 dialogue.choose() 返回的状态")
    base = kb.load()
    nodes = _nodes(s.dialogue)
    out = []
    for k, turn in enumerate(s.history, start=1):
        replies = nodes[turn.node].replies
        r: DialogueReply = replies[turn.reply]
        best = next(x for x in replies if x.kind == "best")
        rule = base.by_id.get(r.rule)
        effect = f"信任 {_signed(r.trust)},耐心 {_signed(r.patience)}"
        out.append(DebriefTurn(
            turn_no=k, customer_said=turn.customer_said, said=r.say, kind=r.kind,
            kind_label=KIND_LABELS[r.kind], reaction=r.react, trust_change=r.trust,
            patience_change=r.patience, effect=effect, why=r.why, rule_id=r.rule,
            rule_name=rule.name if rule else r.rule, rule_text=_rule_text(rule) if rule else "",
            source=r.source, best=best.say))
    return tuple(out)


# ---------------------------------------------------------------------------- checks
def validate(d: Dialogue) -> list[str]:
    """Problems of a dialogue (empty: valid); see :func:`playbook.kb.dialogues.check`."""
    return graph.check(d)


def paths(d: Dialogue) -> list[graph.Path]:
    """Every way through ``d`` (authored reply indexes)."""
    return list(graph.paths(d))


def best_path(d: Dialogue) -> graph.Path:
    """The path that always takes the best reply."""
    return graph.best_path(d)
