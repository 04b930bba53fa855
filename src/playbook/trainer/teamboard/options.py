"""Per-option choice statistics from imported self-study progress: of the multiple-choice
questions (:func:`option_choices_html`) and of the dialogues (:func:`dialogue_choices_html`,
the paths stored by ``records import``): how often each option was chosen, and distractors
nobody picks (to be rewritten)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.engines import dialogue, drills, practice
from playbook.typography import html_text as _t

if TYPE_CHECKING:  # pragma: no cover
    from playbook.kb import KnowledgeBase

__all__ = ["OptionChoice", "option_choices", "option_choices_html", "dialogue_choices_html"]


@dataclass(frozen=True)
class OptionChoice:
    """How often the team chose one option of a multiple-choice question (self-study answers
    that name the option chosen, :attr:`playbook.engines.practice.Review.choice`)."""

    question_id: str
    option_id: str
    #: The option's text today ("" for an option since rewritten or removed).
    text: str
    is_key: bool
    chosen: int
    #: Answers to this question that name the option chosen.
    answers: int

    @property
    def share(self) -> float:
        return self.chosen / self.answers if self.answers else 0.0

    @property
    def unpicked(self) -> bool:
        """A distractor nobody chose: it distracts no one and should be rewritten."""
        return not self.is_key and self.chosen == 0


def option_choices(progress: dict[str, practice.Progress], *, min_answers: int = 5,
                   base: KnowledgeBase | None = None) -> list[OptionChoice]:
    """Per question answered at least ``min_answers`` times (with the option recorded), every
    option of it today and how often it was chosen; questions in bank order."""
    counts: dict[str, Counter[str]] = {}
    for p in progress.values():
        for r in p.reviews:
            if r.choice:
                counts.setdefault(r.item, Counter())[r.choice] += 1
    out = []
    for q in drills.all_questions(base=base):
        got = counts.get(q.id, Counter())
        total = sum(got.values())
        if total < min_answers:
            continue
        out += [OptionChoice(q.id, oid, text, i == q.answer, got[oid], total)
                for i, (oid, text) in enumerate(zip(q.option_ids, q.options, strict=True))]
        out += [OptionChoice(q.id, oid, "", False, n, total)
                for oid, n in sorted(got.items()) if oid not in q.option_ids]
    return out


def option_choices_html(progress: dict[str, practice.Progress], *, min_answers: int = 5,
                        base: KnowledgeBase | None = None) -> str:
    """The questions whose options need a look: a distractor nobody chose, or a right answer
    chosen by fewer than half; each option with how often it was chosen."""
    rows = option_choices(progress, min_answers=min_answers, base=base)
    by_q: dict[str, list[OptionChoice]] = {}
    for c in rows:
        by_q.setdefault(c.question_id, []).append(c)
    parts = []
    for qid, options in by_q.items():
        key = next((c for c in options if c.is_key), None)
        if not any(c.unpicked for c in options) and key is not None and key.share >= 0.5:
            continue
        items = "".join(
            f"<li>{_t(c.text or '(已改写或删除的选项)')}:{c.chosen}/{c.answers}"
            + (f" <b style='color:#1a7f37'>{_t('正确答案')}</b>" if c.is_key else "")
            + (f" <b style='color:#b42318'>{_t('无人选择:干扰项需改写')}</b>" if c.unpicked else "")
            + "</li>" for c in options)
        parts.append(f"<li>{_t(practice.item_title(qid))}<ul>{items}</ul></li>")
    if not parts:
        return ""
    return (f"<p>{_t(f'选择题选项统计(作答至少 {min_answers} 次、记录了所选选项的题目):')}</p>"
            f"<ul class='pb-option-choices'>{''.join(parts)}</ul>")


def dialogue_choices_html(progress: dict[str, practice.Progress], *, min_plays: int = 3) -> str:
    """Per dialogue played: every option of the nodes the trainees reached, how often it was
    chosen (:func:`playbook.engines.dialogue.choice_stats` over the paths in ``progress``), how
    many of those plays ended right, and the distractors almost nobody picks (a node reached at
    least ``min_plays`` times). "" when no imported answer carries a dialogue path."""
    reviews = [r for p in progress.values() for r in p.reviews
               if r.item.startswith(practice.DIALOGUE_PREFIX) and r.choices]
    if not reviews:
        return ""
    stats = dialogue.choice_stats(reviews, min_plays=min_plays)
    reached = {(s.dialogue, s.node) for s in stats if s.chosen}
    titles = {d.id: d for d in dialogue.all_dialogues()}
    sections = []
    for did in dict.fromkeys(s.dialogue for s in stats if (s.dialogue, s.node) in reached):
        d = titles[did]
        says = {dialogue.option_id(d, n.id, i): r.say for n in d.nodes for i, r in enumerate(n.replies)}
        line = {n.id: n.says if len(n.says) <= 24 else n.says[:23] + "…" for n in d.nodes}
        plays = sum(1 for r in reviews if r.item == practice.DIALOGUE_PREFIX + did)
        rows = "".join(
            f"<tr><td>{_t(line[s.node])}</td><td>{_t(says.get(s.option, s.option))}</td>"
            f"<td>{_t(dialogue.KIND_LABELS.get(s.kind, s.kind))}</td><td class='num'>{s.chosen}</td>"
            f"<td class='num'>{s.share:.0%}</td><td class='num'>{s.right}</td>"
            f"<td>{_t('少有人选:干扰项需改写') if s.unpicked else ''}</td></tr>"
            for s in stats if s.dialogue == did and (s.dialogue, s.node) in reached)
        sections.append(
            f"<h5>{_t(d.name)}(作答 {plays} 次)</h5><table class='pb-dialogue-choices'><thead><tr>"
            + "".join(f"<th>{_t(h)}</th>" for h in ("客户说", "你的说法", "类型", "选择次数", "占比",
                                                     "结局对", "提示"))
            + f"</tr></thead><tbody>{rows}</tbody></table>")
    note = ("学员在对练中每一步选了哪个说法(来自导入记录库的自学进度);占比:走到这一步的作答中选它的比例;"
            "结局对:选了它的作答中最后成交或守住底线的次数。")
    return (f"<div class='pb-dashboard'><h4>{_t('对练选项统计')}</h4><p>{_t(note)}</p>"
            + "".join(sections) + "</div>")
