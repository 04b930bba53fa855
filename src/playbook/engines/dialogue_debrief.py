"""The debrief of an attempt: per turn played, what the customer said, what the trainee said,
what it did to the customer's hidden trust and patience, why, and the rule (a knowledge-base
item) with its seed source. Standard library only (runs in the browser).

Usage:

>>> from playbook.engines import dialogue_debrief, dialogue_play
>>> s = dialogue_play.start("dlg-indecisive", seed=7)
>>> for oid in ("open.best", "need.best", "offer.best", "close.best"):
...     s = dialogue_play.choose_id(s, oid)
>>> turn = dialogue_debrief.debrief(s)[0]
>>> turn.kind_label, turn.rule_name, turn.effect
('最佳说法', '优柔寡断型', '信任 +1,耐心 ±0')
"""
from __future__ import annotations

from dataclasses import dataclass

from playbook import kb
from playbook.engines.dialogue_state import HELD_BACK, State, _nodes, option_id
from playbook.errors import PlaybookInputError, guarded
from playbook.kb import DialogueReply
from playbook.kb import dialogues as graph

__all__ = ["KIND_LABELS", "DebriefTurn", "debrief"]

#: Reply kinds as the debrief names them.
KIND_LABELS = {
    "best": "最佳说法",
    "mismatch": "通常不错,但不适合这位客户",
    "weak": "欠妥",
    "bad": "坏做法",
}


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
    option: str = ""
    skill: str = ""
    #: A typed turn: what was typed, the judge's verdict and reasons.
    typed: str = ""
    verdict: str = ""
    reasons: tuple[str, ...] = ()


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
        raise PlaybookInputError("state", code="dialogue_state")
    base = kb.load()
    nodes = _nodes(s.dialogue)
    out = []
    for k, turn in enumerate(s.history, start=1):
        replies = nodes[turn.node].replies
        r: DialogueReply = replies[turn.reply]
        best = next(x for x in replies if x.kind == "best")
        rule = base.by_id.get(r.rule)
        effect = f"信任 {_signed(r.trust)},耐心 {_signed(r.patience)}"
        reaction = r.react
        if turn.held_back:
            gate = nodes[r.to].min_trust
            reaction = HELD_BACK
            effect += (f"。说法本身是对的,但客户此时的信任只有 {turn.trust_after},"
                       f"不到签单需要的 {gate}:前面失去的信任,最后一句补不回来")
        out.append(DebriefTurn(
            turn_no=k, customer_said=turn.customer_said, said=turn.typed or r.say, kind=r.kind,
            kind_label=KIND_LABELS[r.kind], reaction=reaction, trust_change=r.trust,
            patience_change=r.patience, effect=effect, why=r.why, rule_id=r.rule,
            rule_name=rule.name if rule else r.rule, rule_text=_rule_text(rule) if rule else "",
            source=r.source, best=best.say, option=turn.option or option_id(s.dialogue, turn.node, turn.reply),
            skill=graph.skill_of(best, turn.node), typed=turn.typed, verdict=turn.verdict,
            reasons=turn.reasons))
    return tuple(out)
