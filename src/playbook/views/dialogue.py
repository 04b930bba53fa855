"""对练 (role-play dialogues): an ipywidgets player over :mod:`playbook.engines.dialogue`.

The customer's line, the replies as full-width buttons whose text wraps (readable at 390 px),
then, when the talk ends, the outcome and the debrief: every turn with what it did, the rule and
its source. No logic here: the state, the outcome and the debrief are the engine's.

Usage in a notebook or a book page (cell tagged ``live-app``)::

    from playbook.views.dialogue import dialogue_player
    dialogue_player("dlg-indecisive")          # one dialogue
    dialogue_player(picker=True)               # every dialogue, chosen from a list

After the customer's first lines the player asks 他更像哪一类?凭哪句话?; at a typed turn the
trainee writes the reply; the end shows a scorecard per skill and buttons to replay from any turn.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from playbook import kb
from playbook.engines import dialogue as engine
from playbook.errors import PlaybookInputError
from playbook.typography import chinese_typography, html_text

if TYPE_CHECKING:
    from IPython.display import Markdown

    from playbook.engines.practice import BrowserStore, FileStore

__all__ = ["DialoguePlayer", "dialogue_player", "debrief_html", "scorecard_html", "catalogue", "catalogue_markdown", "STYLE"]

_OK = "#1a7f37"
_BAD = "#b42318"
#: The book's font stack (its CSS variable, which ends with the bundled CJK font); outside the
#: book (Jupyter) the fallback list applies.
_FONT = ('var(--pst-font-family-base, "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", '
         '"PingFang SC", "Microsoft YaHei", "Playbook Noto Sans SC", sans-serif)')
_KIND_COLOR = {"best": _OK, "mismatch": "#9a6700", "weak": "#9a6700", "bad": _BAD}
_OUTCOME_COLOR = {"won": _OK, "later": "#9a6700", "lost": _BAD}
#: The player's own CSS (shipped inside the widget, so it works in the book and in Jupyter):
#: reply buttons wrap their text and take the full width; every text uses a CJK font stack.
STYLE = f"""<style>
.pb-dlg, .pb-dlg button, .pb-dlg select, .pb-dlg .widget-label {{ font-family: {_FONT}; }}
.pb-dlg, .pb-dlg * {{ box-sizing: border-box; }}
.pb-dlg {{ max-width: 100%; }}
.pb-dlg .pb-dlg-option {{ white-space: normal !important; height: auto !important;
  min-height: 2.4em; text-align: left !important; line-height: 1.55; padding: 6px 10px !important;
  overflow: visible !important; text-overflow: clip !important; display: block; }}
.pb-dlg .pb-dlg-say {{ background: #f6f8fa; border-left: 4px solid #8c959f; padding: 6px 10px;
  line-height: 1.7; white-space: pre-line; overflow-wrap: anywhere; }}
.pb-dlg .pb-dlg-turn {{ border-top: 1px solid #ddd; padding: 6px 0; line-height: 1.6;
  overflow-wrap: anywhere; }}
.pb-dlg .widget-html-content {{ white-space: normal; overflow-wrap: anywhere; }}
.pb-dlg .pb-dlg-type, .pb-dlg .pb-dlg-cue {{ white-space: normal !important; height: auto !important;
  text-align: left !important; line-height: 1.5; padding: 4px 10px !important; }}
.pb-dlg table.pb-dlg-card {{ border-collapse: collapse; margin: 4px 0; max-width: 100%; }}
.pb-dlg table.pb-dlg-card td, .pb-dlg table.pb-dlg-card th {{ border: 1px solid #ddd; padding: 3px 8px;
  text-align: left; }}
.pb-dlg textarea {{ font-family: {_FONT}; font-size: 1em; }}
</style>"""


def _t(text: str) -> str:
    return html_text(text).replace("\n", "<br>")


def _sources(src: tuple[str, ...]) -> str:
    return html_text("来源:" + ";".join(src))


def _diagnosis_html(state: engine.State) -> str:
    if not engine._diagnose_item(state.dialogue):  # a compliance dialogue: no type to name
        return ""
    dg = state.diagnosis
    cues = "、".join(f"“{c}”" for c in state.dialogue.cues)
    if dg is None:
        return (f"<p><b>判断类型:</b>这一次没有回答“{html_text(engine.DIAGNOSIS_QUESTION)}”。"
                + (f"线索在客户的话里:{html_text(cues)}。" if cues else "") + "</p>")
    base = kb.load()
    picked = base.by_id[dg.item].name if dg.item in base.by_id else dg.item

    def mark(ok: bool) -> str:
        return f"<b style='color:{_OK}'>✓</b>" if ok else f"<b style='color:{_BAD}'>✗</b>"

    return (f"<p><b>判断类型:</b>你判断是{html_text(picked)} {mark(dg.item_right)};"
            f"答案是<b>{html_text(dg.answer_name)}</b>。你凭的是“{html_text(dg.cue or '(没有选)')}” "
            f"{mark(dg.cue_right)};线索词:{html_text(cues)}。</p>")


def scorecard_html(state: engine.State) -> str:
    """The scorecard: one row per skill (points of possible, the turns scored), then the turn
    that lost the deal and why (or that the right ending was reached)."""
    card = engine.scorecard(state)
    rows = []
    for sk in card.skills:
        if not sk.possible:
            rows.append(f"<tr><td>{html_text(sk.label)}</td><td style='color:#888'>—</td>"
                        "<td style='color:#888'>这一次没有考到</td></tr>")
            continue
        share = sk.points / sk.possible
        color = _OK if share >= 0.75 else ("#9a6700" if share >= 0.4 else _BAD)
        turns = "、".join(f"第 {k} 轮" for k in sk.turns) or "类型判断"
        rows.append(f"<tr><td>{html_text(sk.label)}</td>"
                    f"<td style='color:{color};font-weight:bold'>{sk.points:g} / {sk.possible:g}</td>"
                    f"<td style='color:#555'>{html_text(turns)}</td></tr>")
    table = ("<table class='pb-dlg-card'><thead><tr><th>技能</th><th>得分</th><th>计分的轮次</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>")
    if state.kept_rules:
        verdict = (f"<p style='color:{_OK}'><b>守住了底线,单子没成——这是对的结局。</b>"
                   "客户坚持要的东西违反规定;拒绝并丢单,比拿规定换订单正确。</p>")
    elif card.correct:
        verdict = f"<p style='color:{_OK}'><b>得到了好结局。</b></p>"
    elif card.lost_at:
        verdict = f"<p style='color:{_BAD}'><b>丢在第 {card.lost_at} 轮:</b>{_t(card.lost_why)}</p>"
    else:
        verdict = f"<p>{_t(card.lost_why)}</p>"
    return f"<p style='margin:8px 0 4px;font-weight:bold'>技能记分卡</p>{table}{verdict}"


def debrief_html(state: engine.State) -> str:
    """The outcome, the scorecard per skill, the diagnosis and the customer's hidden type, then
    every turn: what was said, its kind, what it did to trust and patience, why, the rule
    (knowledge-base item) and its source."""
    d = state.dialogue
    color = _OUTCOME_COLOR.get("won" if state.correct else state.outcome, "#333")
    label = state.outcome_label + (",守住了底线" if state.kept_rules else "")
    head = (f"<p style='font-size:1.1em'><b style='color:{color}'>结果:{html_text(label)}</b>"
            f"(信任 {state.trust},耐心 {state.patience})</p>"
            + scorecard_html(state) + _diagnosis_html(state) +
            f"<p><b>这段对练:</b>{html_text(d.title)}</p>"
            f"<p><b>这位客户:</b>{_t(d.hidden)}</p>")
    rows = []
    for t in engine.debrief(state):
        kc = _KIND_COLOR.get(t.kind, "#333")
        best = "" if t.kind == "best" else f"<br><b>更好的说法:</b>{_t(t.best)}"
        typed = ""
        if t.typed:
            verdict = {"pass": "判为合格", "fail": "判为坏做法", "unsure": "判为不到位"}.get(t.verdict, "")
            typed = f"<br><span style='color:#555'>(你打字回答,{html_text(verdict)})</span>"
            if t.reasons:
                typed += f"<br><span style='color:#555'>原因:</span>{_t(';'.join(t.reasons))}"
        rule = f"<b>依据:</b>{html_text(t.rule_name)}" + (f"——{_t(t.rule_text)}" if t.rule_text else "")
        rows.append(
            f"<div class='pb-dlg-turn'><b>第 {t.turn_no} 轮</b> "
            f"<span style='color:{kc};font-weight:bold'>{html_text(t.kind_label)}</span>"
            f" <span style='color:#666'>[{html_text(engine.SKILLS.get(t.skill, ''))}]</span>"
            f"<br><span style='color:#555'>客户:</span>{_t(t.customer_said)}"
            f"<br><span style='color:#555'>你说:</span>{_t(t.said)}{typed}"
            f"<br><span style='color:#555'>效果:</span>{html_text(t.effect)}"
            + (f";客户的反应:{_t(t.reaction)}" if t.reaction else "")
            + f"<br><b>讲解:</b>{_t(t.why)}{best}<br>{rule}"
            f"<br><span style='color:#666;font-size:0.9em'>{_sources(t.source)}</span></div>")
    return chinese_typography(head + "".join(rows))


class DialoguePlayer(w.VBox):
    """Plays one dialogue. ``state`` is the engine's current state; ``option_buttons``,
    ``restart_button``, the diagnosis widgets (``type_buttons``, ``cue_buttons``), the typed
    turn's ``text_box``/``send_button`` and the debrief's ``rewind_buttons`` are attributes so
    a test can drive it; :meth:`choose` picks option i, :meth:`diagnose`, :meth:`say`."""

    def __init__(self, d: engine.Dialogue | str, *, store: FileStore | BrowserStore | None = None, seed: int | None = None,
                 **kwargs: Any) -> None:
        #: where a finished dialogue is saved for spaced review (我的练习); None = the reader's own
        self.store = store
        self.seed = seed
        self.saved = ""
        self.header = w.HTML()
        self.transcript = w.HTML()
        self.says = w.HTML()
        self.prompt = w.HTML()
        self.options_box = w.VBox(layout=w.Layout(width="100%", overflow="hidden"))
        self.option_buttons: list[w.Button] = []
        self.type_buttons: list[w.Button] = []
        self.cue_buttons: list[w.Button] = []
        self.text_box = w.Textarea(placeholder="把你要对客户说的话写在这里(一两句)",
                                   layout=w.Layout(width="100%", height="7.5em"))
        self.send_button = w.Button(description="说出这句话", button_style="primary")
        self.send_button.on_click(lambda _: self.say(self.text_box.value))
        self.note = w.HTML()
        self.result = w.HTML()
        self.error = w.HTML()
        self.rewind_box = w.HBox(layout=w.Layout(flex_flow="row wrap", width="100%"))
        self.rewind_buttons: list[w.Button] = []
        self.restart_button = w.Button(description="重新开始", icon="refresh")
        self.restart_button.add_class("pb-dlg-restart")
        self.restart_button.on_click(lambda _: self.restart())
        self._picked_type = ""
        super().__init__([w.HTML(STYLE), self.header, self.transcript, self.says, self.note, self.prompt,
                          self.options_box, self.error, self.result, self.rewind_box, self.restart_button],
                         layout=w.Layout(border="1px solid #ddd", padding="8px", width="100%"),
                         **kwargs)
        self.add_class("pb-dlg")
        self.load(d)

    def load(self, d: engine.Dialogue | str) -> None:
        """Show dialogue ``d`` (or its id) from the start, with a fresh shuffle."""
        self.state = engine.start(d, seed=self.seed)
        d = self.state.dialogue
        # a neutral title: the customer's type is what the trainee must find out
        self.header.value = chinese_typography(
            f"<p style='margin:2px 0'><b>{html_text(engine.display_title(d))}</b></p>"
            f"<p style='margin:2px 0;line-height:1.6'><b>情景:</b>{_t(d.setting)}</p>")
        self.note.value = ""
        self._show()

    def restart(self) -> None:
        self.load(self.state.dialogue)

    def _button(self, text: str, on_click: Callable[..., object], cls: str = "pb-dlg-option") -> w.Button:
        b = w.Button(description=chinese_typography(text),
                     layout=w.Layout(width="100%", height="auto", margin="2px 0"),
                     tooltip=chinese_typography(text))
        b.add_class(cls)
        b.on_click(on_click)
        return b

    def _show(self) -> None:
        s = self.state
        lines = []
        for turn in engine.debrief(s):  # what was said so far (the verdicts wait for the end)
            lines.append(f"<div style='color:#555;line-height:1.6'>客户:{_t(turn.customer_said)}</div>"
                         f"<div style='line-height:1.6;margin-bottom:4px'><b>你:</b>{_t(turn.said)}</div>")
        # once done, the debrief repeats every turn with its verdict: no transcript above it
        self.transcript.value = "" if s.done else chinese_typography("".join(lines))
        who = "客户" if not s.done else "结局"
        self.says.value = chinese_typography(
            f"<div class='pb-dlg-say'><b>{who}:</b>{_t(s.customer_says)}</div>")
        self.error.value = ""
        self.option_buttons, self.type_buttons, self.cue_buttons = [], [], []
        self.rewind_buttons, self.rewind_box.children = [], ()
        if s.done:
            self.prompt.value = ""
            self.options_box.children = ()
            self.result.value = debrief_html(s) + self._save(s)
            self._rewinds(s)
            return
        self.result.value = ""
        if s.expects_diagnosis:
            self._ask_diagnosis()
            return
        if s.expects_text:
            self.prompt.value = chinese_typography(
                f"<p style='margin:6px 0 2px'><b>第 {s.turn_no} 轮:关键时刻,请自己写下你要说的话。</b>"
                "<br><span style='color:#555'>不给选项;按一位好教练的标准判:合格、不到位,还是坏做法。</span></p>")
            self.text_box.value = ""
            self.options_box.children = (self.text_box, self.send_button)
            return
        self.prompt.value = chinese_typography(
            f"<p style='margin:6px 0 2px'><b>第 {s.turn_no} 轮:你怎么说?</b></p>")
        buttons = [self._button(f"{'ABCD'[i]}. {text}", lambda _, i=i: self.choose(i))
                   for i, text in enumerate(s.options)]
        self.option_buttons = buttons
        self.options_box.children = tuple(buttons)

    def _ask_diagnosis(self) -> None:
        s = self.state
        types, cues = engine.diagnosis_options(s)
        question = engine.diagnosis_question(s.dialogue)
        self.prompt.value = chinese_typography(
            f"<p style='margin:6px 0 2px'><b>先判断一下:{html_text(question)}</b>"
            "<br><span style='color:#555'>先选类型,再选你凭的那句话;答案在结束后的记分卡里。</span></p>")
        self.type_buttons = [self._button(name, lambda _, k=k: self._pick_type(k), "pb-dlg-type")
                             for k, name in types]
        self.cue_buttons = [self._button(f"“{c}”", lambda _, c=c: self.diagnose(self._picked_type, c), "pb-dlg-cue")
                            for c in cues]
        for b in self.cue_buttons:
            b.disabled = True
        method = question.startswith("这个异议")
        label_types = w.HTML(chinese_typography("<b>用哪种方法?</b>" if method else "<b>他更像哪一类?</b>"))
        self.options_box.children = (label_types, *self.type_buttons, w.HTML("<b>凭哪句话?</b>"), *self.cue_buttons)

    def _pick_type(self, item_id: str) -> None:
        self._picked_type = item_id
        for b, (k, _) in zip(self.type_buttons, engine.diagnosis_options(self.state)[0], strict=True):
            b.button_style = "info" if k == item_id else ""
        for b in self.cue_buttons:
            b.disabled = False

    def diagnose(self, item_id: str, cue: str = "") -> engine.State | None:
        """Answer the diagnosis question (type id, the phrase it rests on)."""
        try:
            self.state = engine.diagnose(self.state, item_id, cue)
        except PlaybookInputError as e:
            self.error.value = f"<span style='color:{_BAD}'>{html.escape(e.message)}</span>"
            return None
        self._show()
        return self.state

    def say(self, text: str) -> engine.State | None:
        """Answer a typed turn with ``text``."""
        try:
            new = engine.say(self.state, text)
        except PlaybookInputError as e:
            self.error.value = f"<span style='color:{_BAD}'>{html.escape(e.message)}</span>"
            return None
        turn = new.history[-1]
        best = next(r for r in engine._nodes(new.dialogue)[turn.node].replies if r.kind == "best")
        if turn.verdict == "pass":
            self.note.value = chinese_typography(f"<p style='color:{_OK}'>这句话说到了点子上。</p>")
        else:
            why = ";".join(turn.reasons)
            head = "这句话是坏做法" if turn.verdict == "fail" else "这句话还不到位"
            self.note.value = chinese_typography(
                f"<p style='color:{_BAD if turn.verdict == 'fail' else '#9a6700'}'><b>{head}。</b>"
                + (f"{_t(why)}" if why else "") + f"<br><b>参考说法:</b>{_t(best.say)}</p>")
        self.state = new
        self._show()
        return self.state

    def _rewinds(self, s: engine.State) -> None:
        buttons = []
        for k in range(1, len(s.history) + 1):
            b = w.Button(description=f"从第 {k} 轮重来", layout=w.Layout(width="auto", margin="2px 4px 2px 0"))
            b.add_class("pb-dlg-rewind")
            b.on_click(lambda _, k=k: self.rewind(k))
            buttons.append(b)
        self.rewind_buttons = buttons
        self.rewind_box.children = tuple(buttons)

    def rewind(self, turn_no: int) -> engine.State | None:
        """Play again from turn ``turn_no`` (same options, earlier turns kept)."""
        return self._step(lambda s: engine.rewind(s, turn_no))

    def _step(self, move: Callable[[engine.State], engine.State]) -> engine.State | None:
        """The state after ``move``, shown; a domain error is shown instead (the state stays)."""
        try:
            self.state = move(self.state)
        except PlaybookInputError as e:
            self.error.value = f"<span style='color:{_BAD}'>{html.escape(e.message)}</span>"
            return None
        self.note.value = ""
        self._show()
        return self.state

    def _save(self, s: engine.State) -> str:
        """Record the finished dialogue as a reviewable practice item; a note for the reader."""
        from playbook.engines import practice

        try:
            practice.record_dialogue(s.dialogue.id, s.outcome, store=self.store or practice.default_store(),
                                     correct=s.correct, choices=[t.option for t in s.history])
        except Exception as e:  # noqa: BLE001 - storage full, blocked or broken: say so, keep playing
            self.saved = ""
            return (f"<p style='color:{_BAD}'>本次对练未能记入练习进度:"
                    f"{html.escape(str(getattr(e, 'message', e)))}</p>")
        self.saved = s.dialogue.id
        return "<p style='color:#555'>已记入“我的练习”,到期时会提醒你再练一次。</p>"

    def choose(self, i: int) -> engine.State | None:
        """Pick option ``i`` (0-based, as shown)."""
        return self._step(lambda s: engine.choose(s, i))


def _picker_options() -> list[tuple[str, str]]:
    """(label, dialogue id) for the picker: numbered neutral titles (place · person), never the
    customer's type, which the trainee has to find out."""
    return [(chinese_typography(f"{k}. {engine.display_title(d)}"), d.id)
            for k, d in enumerate(engine.all_dialogues(), start=1)]


def dialogue_player(dialogue_id: str | None = None, *, picker: bool = False) -> w.VBox:
    """A player for one dialogue; with ``picker=True`` a list of all dialogues above it."""
    from playbook.engines import practice
    from playbook.views.links import FOCUS_CLASS, requested_item

    if dialogue_id is None and not picker:
        raise PlaybookInputError("dialogue", code="dialogue_pick")
    wanted = (requested_item() or "").removeprefix(practice.DIALOGUE_PREFIX)
    known = {d.id for d in engine.all_dialogues()}
    first = dialogue_id or (wanted if wanted in known else engine.all_dialogues()[0].id)
    player = DialoguePlayer(first)
    if not picker:
        if wanted and wanted == first:
            player.add_class(FOCUS_CLASS)
        return player
    choices = _picker_options()
    dropdown = w.Dropdown(options=choices, value=first, description="选一段对练:",
                          style={"description_width": "initial"},
                          layout=w.Layout(width="100%", max_width="46em", margin="2px 0"))
    dropdown.observe(lambda change: player.load(change["new"]), names="value")
    box = w.VBox([dropdown, player], layout=w.Layout(width="100%"))
    box.add_class("pb-dlg")
    if wanted and wanted == first:
        box.add_class(FOCUS_CLASS)
    box.dropdown = dropdown
    box.player = player
    return box


def catalogue_markdown() -> str:
    """The list of all dialogues as Markdown: number, neutral title and the first sentence of the
    setting (rendered into the 对练 page at build time). The customer's type is not named: the
    first task of every dialogue is to find it out."""
    parts = ["| 编号 | 对练 | 情景 |", "|---|---|---|"]
    for k, d in enumerate(engine.all_dialogues(), start=1):
        setting = d.setting.split("。")[0] + "。"
        parts.append(f"| {k} | **{engine.display_title(d)}** | {setting} |")
    return chinese_typography("\n".join(parts) + "\n")


def catalogue() -> Markdown:
    """:func:`catalogue_markdown` as a rich Markdown output for a notebook or book page."""
    from IPython.display import Markdown

    return Markdown(catalogue_markdown())
