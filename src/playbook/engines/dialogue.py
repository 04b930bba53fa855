"""对练 (role-play dialogues): a customer of a hidden type talks, the trainee picks a reply, the
customer reacts the way that type reacts; at the end a debrief explains every choice with the
rule and its seed source. Pure and deterministic; standard library only (runs in the browser).

The dialogues are knowledge-base data (``knowledge/dialogues.yaml``, validated by
:func:`playbook.kb.dialogues.check` when the base is built). The customer keeps a hidden
trust and patience (see :mod:`playbook.kb.dialogues`); what he says reflects them.

Usage (a state is never changed: :func:`choose` / :func:`choose_id` return a new one; a reply
is chosen by its option id, e.g. ``need.best``, or by its place in ``s.options``):

>>> from playbook.engines import dialogue
>>> d = dialogue.get("dlg-indecisive")
>>> s = dialogue.start(d, seed=7)       # seed=None: a fresh shuffle of every turn's options
>>> len(s.options)                      # s.customer_says: what the customer says
3
>>> t = dialogue.choose_id(s, "open.best")
>>> len(s.history), len(t.history), t.expects_diagnosis   # after the first lines: 他更像哪一类?
(0, 1, True)
>>> types, cues = dialogue.diagnosis_options(t)           # the types and the cues to pick from
>>> t = dialogue.diagnose(t, "ctype-indecisive", "就是不知道换了会不会出什么问题")
>>> t.diagnosis.item_right, t.diagnosis.cue_right
(True, True)
>>> for oid in ("need.best", "offer.best", "close.best"):
...     t = dialogue.choose_id(t, oid)
>>> t.done, t.outcome, t.correct        # outcome: 'won' | 'later' | 'lost'; right ending?
(True, 'won', True)
>>> dialogue.debrief(t)[0].rule_name    # every turn: what was said, what it did, the rule, its source
'优柔寡断型'
>>> dialogue.scorecard(t).lost_at       # per skill; 0: no turn lost the deal
0

A pivot turn (``s.expects_text``) has no options: ``dialogue.say(s, text)`` judges the typed
reply (pass / fail / unsure → the best / bad / middle branch). ``dialogue.rewind(s, 2)`` plays
again from turn 2 with the same shuffle.

Options are shuffled per attempt (``start(d, seed=None)``); a turn stores the option's id
(:func:`option_id`, e.g. ``need.best``), never its position.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from playbook import kb
from playbook.errors import PlaybookInputError, guarded
from playbook.kb import Dialogue, DialogueReply
from playbook.kb import dialogues as graph

__all__ = ["Dialogue", "State", "Turn", "DebriefTurn", "OUTCOME_LABELS", "KIND_LABELS",
           "all_dialogues", "get", "start", "choose", "debrief", "validate", "paths",
           "best_path", "groups", "GROUP_LABELS", "node_options", "replay", "option_id",
           "display_title", "diagnosis_options", "diagnose", "say", "Diagnosis", "SKILLS",
           "scorecard", "Scorecard", "SkillScore", "rewind", "choice_stats", "OptionStat",
           "DIAGNOSIS_QUESTION", "diagnosis_question", "choose_id"]

#: The diagnosis question asked after the customer's first lines.
DIAGNOSIS_QUESTION = "他更像哪一类?凭哪句话?"
SKILLS = graph.SKILLS

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


# ---------------------------------------------------------------------------- data
def all_dialogues() -> tuple[Dialogue, ...]:
    """Every dialogue of the knowledge base, in authored order."""
    return kb.load().dialogues


@guarded("dialogue_id")
def get(dialogue_id: str) -> Dialogue:
    """The dialogue with this id; :class:`PlaybookInputError` naming the known ids if none."""
    ds = all_dialogues()
    for d in ds:
        if d.id == dialogue_id:
            return d
    text = str(dialogue_id).strip()
    if text.isdigit() and 1 <= int(text) <= len(ds):  # the number in the book's catalogue
        return ds[int(text) - 1]
    known = "、".join(d.id for d in all_dialogues())
    raise PlaybookInputError("dialogue", code="dialogue_unknown", dialogue_id=dialogue_id, known=known)


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


def display_title(d: Dialogue) -> str:
    """A neutral title naming place and person, never the customer's type: ``label``, else
    built from ``customer`` ("张工,物流公司车队采购主管" → "物流公司车队采购主管 · 张工")."""
    if d.label:
        return d.label
    who, _, what = d.customer.partition(",")
    return f"{what} · {who}" if what else who


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


def _line(d: Dialogue, node_id: str, trust: int, flags: Iterable[str] = ()) -> str:
    if node_id == graph.WALKOUT:
        return d.walkout
    node = _nodes(d)[node_id]
    for alt in node.says_if:
        if alt.when in flags:
            return alt.says
    return node.says_cold if (trust < 0 and node.says_cold) else node.says


# ---------------------------------------------------------------------------- play
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
    if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(s.order):
        raise PlaybookInputError("choice", code="integer", label="选项编号", low=0, high=len(s.order) - 1, received=i)
    return _advance(s, s.order[i])


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
    if isinstance(turn_no, bool) or not isinstance(turn_no, int) or not 1 <= turn_no <= max(len(s.history), 1):
        raise PlaybookInputError("turn", code="integer", label="轮次", low=1, high=max(len(s.history), 1),
                                 received=turn_no)
    out = start(s.dialogue, seed=s.seed)
    for turn in s.history[:turn_no - 1]:
        out = _advance(out, turn.reply, turn.typed, turn.verdict, turn.reasons)
    if s.diagnosis is not None and turn_no > 1:
        out = replace(out, diagnosis=s.diagnosis)
    return out


# ---------------------------------------------------------------------------- diagnosis
def _diagnose_item(d: Dialogue) -> str:
    """The item the trainee must name (a customer type, style or objection method)."""
    if d.diagnose:
        return d.diagnose
    for t in d.targets:
        if t.startswith(("ctype-", "style-", "method-")):
            return t
    return ""


def _collection_of(item_id: str) -> str:
    base = kb.load()
    for name in GROUP_LABELS:
        if any(i.id == item_id for i in base.collection(name)):
            return name
    return ""


_CLAUSE = re.compile(r"[,。?!…;:、“”()()\n]+")


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if len(c.strip()) >= 3]


def diagnosis_question(d: Dialogue) -> str:
    """The diagnosis question for ``d``: the customer's type, or the objection method."""
    if _diagnose_item(d).startswith("method-"):
        return "这个异议该用哪种方法处理?凭哪句话?"
    return DIAGNOSIS_QUESTION


def diagnosis_options(s: State) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """What the diagnosis question offers: ((item id, name) × 4, shuffled), and the customer's
    phrases so far (one or two hold the cue words, the others do not), shuffled."""
    d = s.dialogue
    answer = _diagnose_item(d)
    if not answer:
        return (), ()
    base = kb.load()
    collection = _collection_of(answer)
    pool = [i for i in base.collection(collection) if i.id != answer] if collection else []
    rng = random.Random(f"{s.seed}/diagnosis")
    picked = rng.sample(pool, min(3, len(pool))) + [base.by_id[answer]]
    rng.shuffle(picked)
    items = tuple((i.id, i.name) for i in picked)
    said = [t.customer_said for t in s.history] + [s.customer_says]
    clauses = list(dict.fromkeys(c for line in said for c in _clauses(line)))
    # the phrase holding the first (strongest) cue word first
    right = sorted((c for c in clauses if any(cue in c for cue in d.cues)),
                   key=lambda c: min(k for k, cue in enumerate(d.cues) if cue in c))
    wrong = [c for c in clauses if c not in right]
    cues = right[:1] + rng.sample(wrong, min(3, len(wrong)))
    rng.shuffle(cues)
    return items, tuple(cues)


def diagnose(s: State, item_id: str, cue: str = "") -> State:
    """Answer 他更像哪一类?凭哪句话?: the item picked and the customer's phrase it rests on."""
    if not isinstance(s, State):
        raise PlaybookInputError("state", code="dialogue_state")
    answer = _diagnose_item(s.dialogue)
    items, _ = diagnosis_options(s)
    if not answer:
        raise PlaybookInputError("diagnosis", code="dialogue_no_diagnosis")
    known = {i for i, _ in items} | {answer}
    if item_id not in known:
        raise PlaybookInputError("diagnosis", code="dialogue_diagnosis", allowed='、'.join(n for _, n in items))
    cues = tuple(s.dialogue.cues)
    item = kb.load().by_id[answer]
    return replace(s, diagnosis=Diagnosis(item_id, cue or "", item_id == answer,
                                          bool(cue) and any(c in cue for c in cues),
                                          answer, item.name, cues))


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


# ---------------------------------------------------------------------------- scorecard
_POINTS = {"best": 1.0, "mismatch": 0.5, "weak": 0.25, "bad": 0.0}


@dataclass(frozen=True)
class SkillScore:
    """One skill of the scorecard: points earned of points possible, and the turns scored."""

    skill: str
    label: str
    points: float
    possible: float
    turns: tuple[int, ...]

    @property
    def share(self) -> float | None:
        return self.points / self.possible if self.possible else None


@dataclass(frozen=True)
class Scorecard:
    """The debrief's scorecard: per skill, the right ending or not, the turn that decided."""

    skills: tuple[SkillScore, ...]
    correct: bool
    #: The turn that lost the deal (1-based; 0 when none did) and why, in Chinese.
    lost_at: int
    lost_why: str


def scorecard(s: State) -> Scorecard:
    """Score the attempt per skill (:data:`SKILLS`): each turn counts for the skill its best
    reply trains (best 1, mismatch ½, weak ¼, bad 0); a bad reply also costs 合规底线 when it
    breaks a rule; the diagnosis counts for 判断类型. Names the turn that lost the deal."""
    if not isinstance(s, State):
        raise PlaybookInputError("state", code="dialogue_state")
    points: dict[str, float] = {k: 0.0 for k in SKILLS}
    possible: dict[str, float] = {k: 0.0 for k in SKILLS}
    turns: dict[str, list[int]] = {k: [] for k in SKILLS}
    for t in debrief(s):
        reply = _nodes(s.dialogue)[s.history[t.turn_no - 1].node].replies[s.history[t.turn_no - 1].reply]
        points[t.skill] += _POINTS[t.kind]
        possible[t.skill] += 1
        turns[t.skill].append(t.turn_no)
        own = graph.skill_of(reply, s.history[t.turn_no - 1].node)
        if t.kind == "bad" and own == "compliance" and t.skill != "compliance":
            possible["compliance"] += 1
            turns["compliance"].append(t.turn_no)
    if _diagnose_item(s.dialogue):
        possible["diagnosis"] += 1
        points["diagnosis"] += s.diagnosis.score if s.diagnosis else 0.0
    skills = tuple(SkillScore(k, label, points[k], possible[k], tuple(turns[k]))
                   for k, label in SKILLS.items())
    lost_at, why = 0, ""
    if s.done and not s.correct:
        dec = debrief(s)
        bad = next((t for t in dec if t.kind == "bad"), None)
        first = bad or next((t for t in dec if t.kind != "best"), None)
        if first is not None:
            lost_at = first.turn_no
            why = (f"第 {first.turn_no} 轮{('用了坏做法' if first.kind == 'bad' else '的回答' + KIND_LABELS[first.kind])}:"
                   f"{first.why}")
        if s.node == graph.WALKOUT:
            why += "客户的耐心用完,结束了谈话。"
        elif s.outcome == "later" and any(n.min_trust for n in s.dialogue.nodes):
            need = max(n.min_trust for n in s.dialogue.nodes)
            why += f"谈到最后,客户的信任只有 {s.trust},不到签单需要的 {need}:他愿意再谈,但还不肯签。"
    return Scorecard(skills, s.correct, lost_at, why)


# ---------------------------------------------------------------------------- trainer statistics
@dataclass(frozen=True)
class OptionStat:
    """How often one option was chosen in imported practice logs, and with what outcome."""

    dialogue: str
    node: str
    option: str
    kind: str
    chosen: int
    #: Of those plays: how many ended right (成交 or kept the rules).
    right: int
    #: Share of the plays that reached this node which chose this option (0–1).
    share: float
    #: Nobody (or almost nobody) picks it: a distractor to rewrite.
    unpicked: bool


def _log_entry(entry) -> tuple[str, tuple[str, ...], bool] | None:
    """(dialogue id, option ids chosen, right ending) of one log entry, or None to skip it."""
    if isinstance(entry, Mapping):
        return str(entry.get("dialogue", "")), tuple(entry.get("path", ()) or ()), bool(entry.get("correct"))
    item = getattr(entry, "item", None)
    if isinstance(item, str):  # a practice Review (playbook.engines.practice)
        if not item.startswith("dialogue:"):
            return None
        return item.removeprefix("dialogue:"), tuple(getattr(entry, "choices", ()) or ()), bool(entry.correct)
    if isinstance(entry, (tuple, list)) and len(entry) == 3:
        return str(entry[0]), tuple(entry[1] or ()), bool(entry[2])
    raise PlaybookInputError("logs", code="dialogue_logs")


def choice_stats(logs: Iterable, *, min_plays: int = 10, rare: float = 0.05) -> tuple[OptionStat, ...]:
    """Per-option choice statistics from practice logs (a trainer's imported progress).

    ``logs``: practice reviews (:class:`playbook.engines.practice.Review`; those of dialogues,
    item ``dialogue:<id>``, carry the option ids chosen), or mappings with ``dialogue``, ``path``
    (e.g. ``("open.best", "need.mismatch")``) and ``correct``, or such triples; a whole
    :class:`~playbook.engines.practice.Progress` works too (its ``reviews``).
    For every option of every dialogue: how often it was chosen, how many of those plays ended
    right, and its share of the plays that reached its node. Options of a node reached at least
    ``min_plays`` times and chosen in under ``rare`` of them are flagged ``unpicked`` (a
    distractor nobody falls for: rewrite it). Unknown dialogues or option ids are ignored."""
    if not (0 <= rare <= 1) or isinstance(min_plays, bool) or not isinstance(min_plays, int) or min_plays < 1:
        raise PlaybookInputError("min_plays", code="dialogue_min_plays")
    logs = getattr(logs, "reviews", logs)
    chosen: Counter = Counter()
    right: Counter = Counter()
    reached: Counter = Counter()
    for entry in logs:
        parsed = _log_entry(entry)
        if parsed is None:
            continue
        did, path, ok = parsed
        for oid in path or ():
            node, _, _ = str(oid).partition(".")
            chosen[(did, oid)] += 1
            right[(did, oid)] += ok
            reached[(did, node)] += 1
    out = []
    for d in all_dialogues():
        for n in d.nodes:
            for i, r in enumerate(n.replies):
                oid = option_id(d, n.id, i)
                c, total = chosen[(d.id, oid)], reached[(d.id, n.id)]
                share = c / total if total else 0.0
                out.append(OptionStat(d.id, n.id, oid, r.kind, c, right[(d.id, oid)], share,
                                      total >= min_plays and share < rare))
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
