"""The rules of a role-play dialogue's graph: how a reply moves the customer, and the checks
every authored dialogue must pass. Standard library only (runs in the reader's browser).

A dialogue (:class:`playbook.kb.Dialogue`) is a set of nodes. At a node the customer speaks,
then the trainee picks one of its replies; a node without replies is terminal and carries the
outcome (``won`` 成交, ``later`` 约下次, ``lost`` 丢单). The customer keeps two hidden numbers:

- **trust** starts at ``Dialogue.trust``; each reply adds its ``trust``. A terminal node with
  ``min_trust`` is reached only with at least that much trust, otherwise its ``fallback``
  terminal is reached instead (a customer who was not won over does not sign);
- **patience** starts at ``Dialogue.patience``; each reply adds its ``patience``. When it
  reaches 0 the customer ends the talk (``walkout``, outcome ``lost``).

:func:`advance` is the one transition used by the engine (:mod:`playbook.engines.dialogue`)
and by :func:`check` (used by ``kb.build`` and the tests), so both agree by construction.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.kb import SOURCE_PATTERN, Dialogue, DialogueNode, DialogueReply
from playbook.kb.guessers import PICKERS

if TYPE_CHECKING:
    from playbook.kb import KnowledgeBase

__all__ = ["WALKOUT", "OUTCOMES", "MIN_TURNS", "Path", "nodes_of", "advance", "outcome_at",
           "paths", "best_path", "check", "shuffled", "SKILLS", "skill_of", "middle_index",
           "success_at", "guesser_rates", "check_guessers", "GUESSER_MARGIN", "GUESSER_SEEDS"]

#: The skills a dialogue's debrief scores, in the scorecard's order.
SKILLS: dict[str, str] = {
    "diagnosis": "判断类型",
    "needs": "需求与 FAB",
    "objection": "异议方法",
    "compliance": "合规底线",
    "facts": "事实与计算",
    "close": "推进成交",
}
#: Rule-id prefixes → the skill a turn trains when its reply names no ``skill``.
_SKILL_BY_RULE = (
    ("ctype-", "diagnosis"), ("style-", "diagnosis"),
    ("method-", "objection"), ("note-principle-", "objection"), ("objection-", "objection"),
    ("rel-negotiation", "objection"),
    ("term-", "facts"), ("dev-customer-math", "facts"), ("chal-cost", "facts"),
    ("cmp-", "compliance"), ("mnt-", "compliance"), ("dev-bottom-lines", "compliance"),
    ("fab-", "needs"), ("chal-", "needs"), ("dev-", "needs"), ("rel-", "needs"), ("timing-", "close"),
)
#: How far a test-wise guesser may beat random play (share of dialogues won) at build time.
GUESSER_MARGIN = 0.10
#: Shuffles each guesser plays every dialogue with at build time.
GUESSER_SEEDS = 16

#: Pseudo node id: the customer ran out of patience.
WALKOUT = "(walkout)"
OUTCOMES = ("won", "later", "lost")
#: Turns the best path must have at least.
MIN_TURNS = 4
#: Safety bound on the number of paths enumerated per dialogue.
MAX_PATHS = 20000


@dataclass(frozen=True)
class Path:
    """One way through a dialogue: ``choices`` are (node id, authored reply index) pairs."""

    choices: tuple[tuple[str, int], ...]
    end: str
    trust: int
    patience: int
    outcome: str


def shuffled(n: int, seed: int, node_id: str, turn: int, dialogue_id: str = "") -> tuple[int, ...]:
    """The display order of a node's ``n`` replies for one attempt: a real shuffle drawn from
    ``seed``, the dialogue, the node and the turn number (a new seed gives a new, independent
    order; two dialogues never share one)."""
    order = list(range(n))
    random.Random(f"{seed}/{dialogue_id}/{node_id}/{turn}").shuffle(order)
    return tuple(order)


def skill_of(reply: DialogueReply, node_id: str = "") -> str:
    """The skill (a key of :data:`SKILLS`) a reply is scored under."""
    if reply.skill:
        return reply.skill
    if node_id == "close" and reply.kind != "bad":
        return "close"
    for prefix, skill in _SKILL_BY_RULE:
        if reply.rule.startswith(prefix):
            return skill
    return "needs"


def middle_index(node: DialogueNode) -> int:
    """The reply a typed answer the judge is unsure about leads to: the first ``weak``, else the
    first ``mismatch`` reply."""
    for kind in ("weak", "mismatch"):
        for i, r in enumerate(node.replies):
            if r.kind == kind:
                return i
    return next(i for i, r in enumerate(node.replies) if r.kind != "best")


def success_at(d: Dialogue, node_id: str, nodes: dict[str, DialogueNode] | None = None) -> bool:
    """True at a right ending: 成交, or an order lost because the trainee kept the rules."""
    if node_id == WALKOUT:
        return False
    nodes = nodes or nodes_of(d)
    node = nodes[node_id]
    return not node.replies and (node.outcome == "won" or node.kept_rules)


def nodes_of(d: Dialogue) -> dict[str, DialogueNode]:
    """The dialogue's nodes by id."""
    return {n.id: n for n in d.nodes}


def _resolve(nodes: dict[str, DialogueNode], node_id: str, trust: int) -> str:
    """Follow ``fallback`` from a terminal node while trust is below its ``min_trust``."""
    seen = set()
    while node_id in nodes and trust < nodes[node_id].min_trust and nodes[node_id].fallback:
        if node_id in seen:  # a fallback cycle; check() reports it
            break
        seen.add(node_id)
        node_id = nodes[node_id].fallback
    return node_id


def advance(d: Dialogue, node_id: str, trust: int, patience: int, index: int,
            nodes: dict[str, DialogueNode] | None = None) -> tuple[str, int, int]:
    """Pick reply ``index`` (authored order) at ``node_id``: → (next node id, trust, patience).

    The next node id is :data:`WALKOUT` when patience runs out."""
    nodes = nodes or nodes_of(d)
    reply = nodes[node_id].replies[index]
    trust += reply.trust
    patience += reply.patience
    if patience <= 0:
        return WALKOUT, trust, patience
    target = reply.to_cold if (reply.to_cold and trust < 0) else reply.to
    if target in nodes and not nodes[target].replies:
        target = _resolve(nodes, target, trust)
    return target, trust, patience


def outcome_at(d: Dialogue, node_id: str, nodes: dict[str, DialogueNode] | None = None) -> str:
    """The outcome at a node ('' while the dialogue goes on)."""
    if node_id == WALKOUT:
        return "lost"
    nodes = nodes or nodes_of(d)
    node = nodes[node_id]
    return "" if node.replies else node.outcome


def paths(d: Dialogue) -> Iterator[Path]:
    """Every way through the dialogue (depth first, replies in authored order)."""
    nodes = nodes_of(d)
    count = 0
    stack: list[tuple[str, int, int, tuple[tuple[str, int], ...]]] = [(d.nodes[0].id, d.trust, d.patience, ())]
    while stack:
        node_id, trust, patience, choices = stack.pop()
        if node_id == WALKOUT or not nodes[node_id].replies:
            count += 1
            if count > MAX_PATHS:
                raise RecursionError(f"more than {MAX_PATHS} paths")
            yield Path(choices, node_id, trust, patience, outcome_at(d, node_id, nodes))
            continue
        if len(choices) > len(nodes):  # a cycle: check() reports it before enumerating
            raise RecursionError("cycle")
        for i in reversed(range(len(nodes[node_id].replies))):  # typed turns: each verdict's reply
            nxt, t, p = advance(d, node_id, trust, patience, i, nodes)
            stack.append((nxt, t, p, choices + ((node_id, i),)))


def best_path(d: Dialogue) -> Path:
    """The path that always takes the ``best`` reply."""
    nodes = nodes_of(d)
    choices: tuple[tuple[str, int], ...] = ()
    node_id, trust, patience = d.nodes[0].id, d.trust, d.patience
    while node_id != WALKOUT and nodes[node_id].replies and len(choices) <= len(nodes):
        i = next(k for k, r in enumerate(nodes[node_id].replies) if r.kind == "best")
        choices += ((node_id, i),)
        node_id, trust, patience = advance(d, node_id, trust, patience, i, nodes)
    return Path(choices, node_id, trust, patience, outcome_at(d, node_id, nodes))


def _has_cycle(nodes: dict[str, DialogueNode]) -> str:
    """A node on a cycle of reply/fallback edges, or ''."""
    state: dict[str, int] = {}

    def edges(n: DialogueNode) -> list[str]:
        out = [r.to for r in n.replies]
        return out + ([n.fallback] if n.fallback else [])

    for start in nodes:
        if state.get(start):
            continue
        stack = [(start, iter(edges(nodes[start])))]
        state[start] = 1
        while stack:
            node_id, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node_id] = 2
                stack.pop()
            elif nxt in nodes:
                if state.get(nxt) == 1:
                    return nxt
                if not state.get(nxt):
                    state[nxt] = 1
                    stack.append((nxt, iter(edges(nodes[nxt]))))
    return ""


def check(d: Dialogue) -> list[str]:
    """Problems of one dialogue, each a Chinese sentence naming the node (empty: valid).

    Structure: unique node ids; every ``to`` and ``fallback`` resolves; no cycles (so every
    path ends); every non-terminal node has 3–4 replies with exactly one ``best``, at least one
    ``bad`` and at least one ``mismatch`` or ``weak`` (and the dialogue has a ``mismatch`` somewhere); replies of a node make the customer answer
    differently; every reply has an explanation, a rule and a well-formed source; every terminal
    node has an outcome. Play: every node is reached on some path; the dialogue branches; the best
    path has at least :data:`MIN_TURNS` turns and ends in 成交, or at a ``kept_rules`` ending (a
    compliance dialogue: declining loses the order and is right); no path through a ``bad`` reply
    ends in 成交; each of 成交 (not in a compliance dialogue), 约下次, 丢单 is reachable; a typed
    turn's middle reply (a bland answer) never leads to 成交; the cue words are said early."""
    problems: list[str] = []
    if not d.nodes:
        return ["对话没有任何节点"]
    nodes: dict[str, DialogueNode] = {}
    for n in d.nodes:
        if n.id in nodes:
            problems.append(f"节点 “{n.id}” 重复")
        nodes[n.id] = n
    if not d.targets:
        problems.append("targets 为空:请写明这段对练针对的客户类型、沟通风格或异议处理方法")
    if not d.walkout.strip():
        problems.append("walkout 为空:客户失去耐心时说什么?")
    for n in d.nodes:
        where = f"节点 “{n.id}”"
        if not n.says.strip():
            problems.append(f"{where}:客户没有台词(says)")
        if n.replies:
            if n.outcome or n.fallback or n.min_trust:
                problems.append(f"{where}:有回答选项的节点不能带 outcome / fallback / min_trust")
            if not 3 <= len(n.replies) <= 4:
                problems.append(f"{where}:应有 3–4 个回答选项,实际 {len(n.replies)} 个")
            kinds = [r.kind for r in n.replies]
            if kinds.count("best") != 1:
                problems.append(f"{where}:应恰好有一个最佳回答(best),实际 {kinds.count('best')} 个")
            if "bad" not in kinds:
                problems.append(f"{where}:缺少一个坏做法(bad)选项")
            if "mismatch" not in kinds and "weak" not in kinds:
                problems.append(f"{where}:缺少一个“通常不错但不适合这位客户”(mismatch)或欠妥(weak)的选项")
            if n.typed and ("bad" not in kinds or ("weak" not in kinds and "mismatch" not in kinds)):
                problems.append(f"{where}:打字作答的轮次需要最佳、坏做法和一个中间的回答")
            for r in n.replies:
                if r.to_cold and r.to_cold not in nodes:
                    problems.append(f"{where}:to_cold “{r.to_cold}” 不存在")
                if r.skill and r.skill not in SKILLS:
                    problems.append(f"{where}:skill “{r.skill}” 应为 {'、'.join(SKILLS)} 之一")
            reactions = [(r.react.strip(), r.to) for r in n.replies]
            if len(set(reactions)) != len(reactions):
                problems.append(f"{where}:有两个回答让客户作出完全相同的反应(react 和 to 都相同)")
            for i, r in enumerate(n.replies):
                at = f"{where} 的回答 {i + 1}"
                if not r.say.strip():
                    problems.append(f"{at}:没有台词(say)")
                if not r.why.strip():
                    problems.append(f"{at}:缺少讲解(why)")
                if not r.rule.strip():
                    problems.append(f"{at}:缺少所依据的规则(rule)")
                if not r.source:
                    problems.append(f"{at}:缺少来源(source)")
                for s in r.source:
                    if not SOURCE_PATTERN.match(s):
                        problems.append(f"{at}:来源 “{s}” 格式不对,应为“种子编号 章节”,例如 “002 §4.3.5”")
                if r.to not in nodes:
                    problems.append(f"{at}:去向 “{r.to}” 不存在")
        else:
            if n.outcome not in OUTCOMES:
                problems.append(f"{where}:没有回答选项,也没有结果(outcome):对话在这里走不下去")
            if n.fallback and (n.fallback not in nodes or nodes[n.fallback].replies):
                problems.append(f"{where}:fallback “{n.fallback}” 应是一个结束节点")
            if n.min_trust and not n.fallback:
                problems.append(f"{where}:设了 min_trust 却没有 fallback")
            if n.kept_rules and n.outcome == "won":
                problems.append(f"{where}:kept_rules 只用于丢单或约下次的结束节点")
    if not any(r.kind == "mismatch" for n in d.nodes for r in n.replies):
        problems.append("没有一个“通常不错、但不适合这位客户”(mismatch)的回答:对练要练的正是因人而异")
    if problems:
        return problems
    cyc = _has_cycle(nodes)
    if cyc:
        return [f"节点 “{cyc}” 处有循环:这样的对话可能永远走不完"]

    if d.cues:
        first = d.nodes[0]
        for i, r in enumerate(first.replies):  # after any first reply, a cue has been said
            nxt = nodes.get(r.to)
            seen = " ".join([first.says, r.react] + ([nxt.says, nxt.says_cold] if nxt else []))
            if not any(cue in seen for cue in d.cues):
                problems.append(f"选第一个节点的回答 {i + 1} 之后,客户说过的话里没有任何线索词"
                                f"({'、'.join(d.cues)}):无从判断他是哪一类")
    reached: set[str] = set()
    outcomes: set[str] = set()
    for p in paths(d):
        reached.update(node_id for node_id, _ in p.choices)
        if p.end != WALKOUT:
            reached.add(p.end)
        outcomes.add(p.outcome)
        through_bad = [(nid, i) for nid, i in p.choices if nodes[nid].replies[i].kind == "bad"]
        if p.outcome == "won" and through_bad:
            nid, i = through_bad[0]
            problems.append(f"选了坏做法(节点 “{nid}” 的回答 {i + 1})仍能成交:坏做法不能换来订单")
            break
    unreached = [n.id for n in d.nodes if n.id not in reached]
    if unreached:
        problems.append(f"这些节点在任何走法中都到不了:{'、'.join(unreached)}")
    branching = any(len({r.to for r in n.replies if nodes[r.to].replies}) >= 2 for n in d.nodes)
    if not branching:
        problems.append("对话没有分支:至少要有一个节点,不同回答通向不同的后续节点")
    best = best_path(d)
    if best.outcome != "won" and not success_at(d, best.end, nodes):
        problems.append(f"每次都选最佳回答,结果是 “{best.outcome or '未结束'}”,应为成交(won)"
                        "或“守住底线”的结束节点(kept_rules)")
    typed = {n.id: middle_index(n) for n in d.nodes if n.typed}
    if typed and any(p.outcome == "won" and any(typed.get(nid) == i for nid, i in p.choices)
                     for p in paths(d)):
        problems.append("在要求打字作答的轮次只说一句含糊的话(判为“不确定”)仍能成交:"
                        "含糊的回答不能换来订单")
    if len(best.choices) < MIN_TURNS:
        problems.append(f"最佳走法只有 {len(best.choices)} 轮,至少应有 {MIN_TURNS} 轮")
    # a compliance dialogue whose right ending loses the order: a sale is reachable only by
    # breaking the rules, which no path may do, so 成交 is not required there
    wanted = OUTCOMES if best.outcome == "won" else tuple(o for o in OUTCOMES if o != "won")
    missing = [o for o in wanted if o not in outcomes]
    if missing:
        problems.append(f"这些结果在任何走法中都不会出现:{'、'.join(missing)}")
    return problems


def _typed_unsure_path(d: Dialogue, nodes: dict[str, DialogueNode]) -> Path | None:
    """The path taking the middle reply at every typed turn and the best elsewhere (what a
    bland typed answer, judged "unsure", leads to); None when the dialogue has no typed turn."""
    if not any(n.typed for n in d.nodes):
        return None
    node_id, trust, patience = d.nodes[0].id, d.trust, d.patience
    choices: tuple[tuple[str, int], ...] = ()
    while node_id != WALKOUT and nodes[node_id].replies and len(choices) <= len(nodes):
        node = nodes[node_id]
        i = middle_index(node) if node.typed else next(k for k, r in enumerate(node.replies) if r.kind == "best")
        choices += ((node_id, i),)
        node_id, trust, patience = advance(d, node_id, trust, patience, i, nodes)
    return Path(choices, node_id, trust, patience, outcome_at(d, node_id, nodes))


def _play(d: Dialogue, nodes: dict[str, DialogueNode], pick: Callable[[Sequence[str], random.Random], int],
          seed: int) -> bool:
    """Play ``d`` once with a picker over one shuffle; typed turns take the bland answer's
    (middle) reply. True when it reaches a right ending."""
    rng = random.Random(seed)
    node_id, trust, patience, turn = d.nodes[0].id, d.trust, d.patience, 0
    while node_id != WALKOUT and nodes[node_id].replies and turn <= len(nodes):
        node = nodes[node_id]
        if node.typed:
            index = middle_index(node)
        else:
            order = shuffled(len(node.replies), seed, node_id, 0, d.id)
            shown = [node.replies[k].say for k in order]
            index = order[pick(shown, rng)]
        node_id, trust, patience = advance(d, node_id, trust, patience, index, nodes)
        turn += 1
    return success_at(d, node_id, nodes)


def _random_rate(d: Dialogue, nodes: dict[str, DialogueNode]) -> float:
    """The exact chance of a right ending when every reply is picked uniformly at random."""
    def rec(node_id: str, trust: int, patience: int, depth: int) -> float:
        if node_id == WALKOUT or not nodes[node_id].replies or depth > len(nodes):
            return 1.0 if success_at(d, node_id, nodes) else 0.0
        node = nodes[node_id]
        if node.typed:
            return rec(*advance(d, node_id, trust, patience, middle_index(node), nodes), depth + 1)
        n = len(node.replies)
        return sum(rec(*advance(d, node_id, trust, patience, i, nodes), depth + 1) for i in range(n)) / n
    return rec(d.nodes[0].id, d.trust, d.patience, 0)


def guesser_rates(dialogues: Sequence[Dialogue], seeds: int = GUESSER_SEEDS) -> dict[str, float]:
    """Share of plays reaching a right ending, per guesser of :data:`playbook.kb.guessers.PICKERS`
    (every dialogue × ``seeds`` shuffles), plus ``"random"``: the exact chance of random play."""
    if not dialogues:
        return {}
    out: dict[str, float] = {}
    for name, pick in PICKERS.items():
        wins = sum(_play(d, nodes_of(d), pick, seed) for d in dialogues for seed in range(seeds))
        out[name] = wins / (len(dialogues) * seeds)
    out["random"] = sum(_random_rate(d, nodes_of(d)) for d in dialogues) / len(dialogues)
    return out


def check_guessers(dialogues: Sequence[Dialogue], *, base: KnowledgeBase | None = None, margin: float = GUESSER_MARGIN,
                   seeds: int = GUESSER_SEEDS) -> list[str]:
    """Problems (empty: none) when a guesser that picks by length, sentences, politeness or
    position reaches a right ending more often than random play plus ``margin``."""
    rates = guesser_rates(dialogues, seeds)
    if not rates:
        return []
    chance = rates["random"]
    return [f"只凭形式猜答案(“{name}”)就能在 {rate:.0%} 的对练里得到好结局,随机作答只有 {chance:.0%}:"
            f"选项的长短、句数、客气程度或位置泄露了最佳回答"
            for name, rate in rates.items() if name != "random" and rate > chance + margin]
