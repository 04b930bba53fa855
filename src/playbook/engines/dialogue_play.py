"""Playing a dialogue: start an attempt, pick a reply by its place or its id, type a reply at a
pivot turn (the free-text judge decides the branch), replay a path, rewind to a turn. Every move
returns a new :class:`~playbook.engines.dialogue_state.State`. Standard library only.

Usage:

>>> from playbook.engines import dialogue_play
>>> s = dialogue_play.start("dlg-indecisive", seed=7)
>>> t = dialogue_play.choose_id(s, "open.best")
>>> t.turn_no, t.history[0].option
(2, 'open.best')
>>> dialogue_play.rewind(t, 1).turn_no, dialogue_play.replay("dlg-indecisive", [0, 0]).node
(1, 'offer')
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace

from playbook.engines.dialogue_bank import get
from playbook.engines.dialogue_state import (
    HELD_BACK,
    Diagnosis,
    State,
    Turn,
    _diagnose_item,
    _index_of,
    _nodes,
    _order,
    option_id,
)
from playbook.errors import PlaybookInputError, guarded
from playbook.kb import Dialogue
from playbook.kb import dialogues as graph
from playbook.normalize import require_int

__all__ = ["start", "choose", "choose_id", "say", "replay", "rewind", "VERDICTS"]


def _line(d: Dialogue, node_id: str, trust: int, flags: Iterable[str] = ()) -> str:
    if node_id == graph.WALKOUT:
        return d.walkout
    node = _nodes(d)[node_id]
    for alt in node.says_if:
        if alt.when in flags:
            return alt.says
    return node.says_cold if (trust < 0 and node.says_cold) else node.says


def _state(d: Dialogue, node_id: str, trust: int, patience: int, history: tuple[Turn, ...],
           reaction: str = "", *, seed: int = 0, flags: tuple[str, ...] = (),
           diagnosis: Diagnosis | None = None) -> State:
    line = _line(d, node_id, trust, flags)
    says = f"{reaction}\n{line}" if reaction else line
    done = bool(graph.outcome_at(d, node_id, _nodes(d)))
    order = () if done else _order(d, node_id, seed)  # a node is visited at most once
    return State(d, node_id, trust, patience, history, says, order, seed, flags, diagnosis)


def start(d: Dialogue | str, seed: int | None = None) -> State:
    """The opening state of dialogue ``d`` (a :class:`Dialogue` or its id).

    Every turn's options are shuffled afresh for each attempt; ``seed`` (an int) repeats one
    attempt's order (tests, printed scripts)."""
    if isinstance(d, str):
        d = get(d)
    if not isinstance(d, Dialogue):
        raise PlaybookInputError("dialogue", code="wrong_type", label="对练", expected="一段对练(Dialogue)或它的 id",
                                 received=d)
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2 ** 31)
    elif isinstance(seed, bool) or not isinstance(seed, int):
        raise PlaybookInputError("seed", code="not_integer", label="随机种子(seed)", kind="", blank="或 None",
                                 received=seed)
    return _state(d, d.nodes[0].id, d.trust, d.patience, (), seed=seed)


@guarded("state")
def choose(s: State, i: int) -> State:
    """The state after picking option ``i`` (0-based, in the order of ``s.options``).

    Pure: ``s`` is unchanged. A finished dialogue or an index out of range →
    :class:`PlaybookInputError` with a Chinese message."""
    if not isinstance(s, State):
        raise PlaybookInputError("state", code="dialogue_state")
    if s.done:
        raise PlaybookInputError("choice", code="dialogue_over", outcome=s.outcome_label)
    if s.expects_text:
        raise PlaybookInputError("choice", code="dialogue_expects_text")
    return _advance(s, s.order[require_int(i, "choice", "选项编号", 0, len(s.order) - 1)])


def _advance(s: State, index: int, typed: str = "", verdict: str = "",
             reasons: tuple[str, ...] = ()) -> State:
    d = s.dialogue
    reply = _nodes(d)[s.node].replies[index]
    nodes = _nodes(d)
    nxt, trust, patience = graph.advance(d, s.node, s.trust, s.patience, index, nodes)
    target = reply.to_cold if (reply.to_cold and trust < 0) else reply.to
    held_back = (nxt != target and nxt != graph.WALKOUT and target in nodes
                 and not nodes[target].replies and bool(nodes[target].fallback))
    turn = Turn(s.node, index, s.customer_says, trust, patience, option_id(d, s.node, index),
                typed, verdict, reasons, held_back)
    flags = s.flags + tuple(f for f in reply.sets if f not in s.flags)
    # an accepted closing line followed by a "not yet" ending would contradict itself
    reaction = HELD_BACK if held_back else reply.react
    return _state(d, nxt, trust, patience, s.history + (turn,), reaction, seed=s.seed,
                  flags=flags, diagnosis=s.diagnosis)


def choose_id(s: State, oid: str) -> State:
    """The state after picking the option with id ``oid`` (see :func:`option_id`)."""
    if s.done:
        raise PlaybookInputError("choice", code="dialogue_over", outcome=s.outcome_label)
    return _advance(s, _index_of(s.dialogue, s.node, oid))


#: Verdicts of the free-text judge → which reply a typed turn continues with.
VERDICTS = ("pass", "fail", "unsure")


def _judge(s: State, text: str) -> tuple[str, tuple[str, ...]]:
    """The free-text judge's verdict on a typed reply: ("pass" | "fail" | "unsure", reasons).

    The one place the dialogue engine calls the judge (:mod:`playbook.engines.judge`)."""
    from playbook.engines import drills, judge

    d = s.dialogue
    node = _nodes(d)[s.node]
    best = next(r for r in node.replies if r.kind == "best")
    task = drills.FreeTextTask(
        id=f"{d.id}/{s.node}", family=_judge_family(d), item_id=_diagnose_item(d) or d.targets[0],
        prompt=f"客户说:{s.customer_says}\n你怎么回答?", context=d.setting,
        targets=tuple(d.targets), model_answer=best.say, source=tuple(best.source))
    result = judge.score_free_text(task, text)
    return result.verdict, tuple(result.reasons)


def _judge_family(d: Dialogue) -> str:
    """The drills family whose rubric judges a typed reply in ``d``."""
    for t in d.targets:
        if t.startswith("ctype-"):
            return "customer_type"
        if t.startswith("style-"):
            return "communication_style"
        if t.startswith("method-"):
            return "objection"
    return "customer_type"


def say(s: State, text: str) -> State:
    """Answer a typed turn (:attr:`State.expects_text`) with ``text``. The free-text judge
    decides the branch: pass → the best reply's, fail → the bad practice's, unsure → the middle
    reply's (the debrief shows the model answer). A bland reply never carries a deal."""
    if not isinstance(s, State):
        raise PlaybookInputError("state", code="dialogue_state")
    if not s.expects_text:
        raise PlaybookInputError("text", code="dialogue_expects_choice")
    if not isinstance(text, str) or not text.strip():
        raise PlaybookInputError("text", code="answer_empty")
    if len(text) > 600:
        raise PlaybookInputError("text", code="text_too_long", label="回答", high=600, length=len(text))
    verdict, reasons = _judge(s, text.strip())
    node = _nodes(s.dialogue)[s.node]
    if verdict == "pass":
        index = next(i for i, r in enumerate(node.replies) if r.kind == "best")
    elif verdict == "fail":
        index = next(i for i, r in enumerate(node.replies) if r.kind == "bad")
    else:
        index = graph.middle_index(node)
    return _advance(s, index, text.strip(), verdict, reasons)


@guarded("choices")
def replay(d: Dialogue | str, choices: list[int] | tuple[int, ...], seed: int = 0) -> State:
    """The state after a sequence of option indexes (display order of the attempt ``seed``)."""
    s = start(d, seed=seed)
    for i in choices:
        s = choose(s, i)
    return s


def rewind(s: State, turn_no: int) -> State:
    """Play again from turn ``turn_no`` (1-based): the state just before it was played, with the
    same shuffle and the earlier turns kept (the diagnosis is kept when it was given before)."""
    if not isinstance(s, State):
        raise PlaybookInputError("state", code="dialogue_state")
    turn_no = require_int(turn_no, "turn", "轮次", 1, max(len(s.history), 1))
    out = start(s.dialogue, seed=s.seed)
    for turn in s.history[:turn_no - 1]:
        out = _advance(out, turn.reply, turn.typed, turn.verdict, turn.reasons)
    if s.diagnosis is not None and turn_no > 1:
        out = replace(out, diagnosis=s.diagnosis)
    return out
