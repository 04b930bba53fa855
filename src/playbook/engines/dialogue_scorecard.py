"""The scorecard of an attempt: points per skill (:data:`SKILLS`) from the debrief's reply
kinds and the diagnosis, whether it ended right, and the turn that lost the deal. Standard
library only (runs in the browser).

Usage (the best reply at every turn, no diagnosis given):

>>> from playbook.engines import dialogue_play, dialogue_scorecard
>>> s = dialogue_play.start("dlg-indecisive", seed=7)
>>> for oid in ("open.best", "need.best", "offer.best", "close.best"):
...     s = dialogue_play.choose_id(s, oid)
>>> card = dialogue_scorecard.scorecard(s)
>>> card.correct, card.lost_at, {k.skill: k.points for k in card.skills}["close"]
(True, 0, 1.0)
"""
from __future__ import annotations

from dataclasses import dataclass

from playbook.engines.dialogue_debrief import KIND_LABELS, debrief
from playbook.engines.dialogue_state import State, _diagnose_item, _nodes
from playbook.errors import PlaybookInputError
from playbook.kb import dialogues as graph

__all__ = ["SKILLS", "SkillScore", "Scorecard", "scorecard"]

SKILLS = graph.SKILLS
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
