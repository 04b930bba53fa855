"""对练 (role-play dialogues): an ipywidgets player over :mod:`playbook.engines.dialogue`.

The customer's line, the replies as full-width buttons whose text wraps (readable at 390 px),
then, when the talk ends, the outcome and the debrief: every turn with what it did, the rule and
its source. No logic here: the state, the outcome and the debrief are the engine's.

Usage in a notebook or a book page (cell tagged ``live-app``)::

    from playbook.views.dialogue import dialogue_player
    dialogue_player("dlg-indecisive")          # one dialogue
    dialogue_player(picker=True)               # every dialogue, chosen from a list
"""
from __future__ import annotations

import html

import ipywidgets as w

from playbook.engines import dialogue as engine
from playbook.errors import PlaybookInputError
from playbook.typography import chinese_typography, html_text

__all__ = ["DialoguePlayer", "dialogue_player", "debrief_html", "catalogue", "catalogue_markdown", "STYLE"]

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
</style>"""


def _t(text: str) -> str:
    return html_text(text).replace("\n", "<br>")


def _sources(src: tuple[str, ...]) -> str:
    return html_text("来源:" + ";".join(src))


def debrief_html(state: engine.State) -> str:
    """The outcome, the customer's hidden type, then every turn: what was said, its kind, what
    it did to trust and patience, why, the rule (knowledge-base item) and its source."""
    d = state.dialogue
    color = _OUTCOME_COLOR.get(state.outcome, "#333")
    head = (f"<p style='font-size:1.1em'><b style='color:{color}'>结果:{html_text(state.outcome_label)}</b>"
            f"(信任 {state.trust},耐心 {state.patience})</p>"
            f"<p><b>这段对练:</b>{html_text(d.title)}</p>"
            f"<p><b>这位客户:</b>{_t(d.hidden)}</p>")
    rows = []
    for t in engine.debrief(state):
        kc = _KIND_COLOR.get(t.kind, "#333")
        best = "" if t.kind == "best" else f"<br><b>更好的说法:</b>{_t(t.best)}"
        rule = f"<b>依据:</b>{html_text(t.rule_name)}" + (f"——{_t(t.rule_text)}" if t.rule_text else "")
        rows.append(
            f"<div class='pb-dlg-turn'><b>第 {t.turn_no} 轮</b> "
            f"<span style='color:{kc};font-weight:bold'>{html_text(t.kind_label)}</span>"
            f"<br><span style='color:#555'>客户:</span>{_t(t.customer_said)}"
            f"<br><span style='color:#555'>你说:</span>{_t(t.said)}"
            f"<br><span style='color:#555'>效果:</span>{html_text(t.effect)}"
            + (f";客户的反应:{_t(t.reaction)}" if t.reaction else "")
            + f"<br><b>讲解:</b>{_t(t.why)}{best}<br>{rule}"
            f"<br><span style='color:#666;font-size:0.9em'>{_sources(t.source)}</span></div>")
    return chinese_typography(head + "".join(rows))


class DialoguePlayer(w.VBox):
    """Plays one dialogue. ``state`` is the engine's current state; ``option_buttons`` and
    ``restart_button`` are attributes so a test can drive it; :meth:`choose` picks option i."""

    def __init__(self, d: engine.Dialogue | str, *, store=None, **kwargs) -> None:
        #: where a finished dialogue is saved for spaced review (我的练习); None = the reader's own
        self.store = store
        self.saved = ""
        self.header = w.HTML()
        self.transcript = w.HTML()
        self.says = w.HTML()
        self.prompt = w.HTML()
        self.options_box = w.VBox(layout=w.Layout(width="100%"))
        self.option_buttons: list[w.Button] = []
        self.result = w.HTML()
        self.error = w.HTML()
        self.restart_button = w.Button(description="重新开始", icon="refresh")
        self.restart_button.add_class("pb-dlg-restart")
        self.restart_button.on_click(lambda _: self.restart())
        super().__init__([w.HTML(STYLE), self.header, self.transcript, self.says, self.prompt,
                          self.options_box, self.error, self.result, self.restart_button],
                         layout=w.Layout(border="1px solid #ddd", padding="8px", width="100%"),
                         **kwargs)
        self.add_class("pb-dlg")
        self.load(d)

    def load(self, d: engine.Dialogue | str) -> None:
        """Show dialogue ``d`` (or its id) from the start."""
        self.state = engine.start(d)
        d = self.state.dialogue
        # the title names the customer's type: it is shown in the debrief, not before
        self.header.value = chinese_typography(
                             f"<p style='margin:2px 0;line-height:1.6'><b>情景:</b>{_t(d.setting)}</p>"
                             f"<p style='margin:2px 0'><b>客户:</b>{html_text(d.customer)}</p>")
        self._show()

    def restart(self) -> None:
        self.load(self.state.dialogue)

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
        if s.done:
            self.prompt.value = ""
            self.option_buttons = []
            self.options_box.children = ()
            self.result.value = debrief_html(s) + self._save(s)
            return
        self.prompt.value = chinese_typography(
            f"<p style='margin:6px 0 2px'><b>第 {s.turn_no} 轮:你怎么说?</b></p>")
        buttons = []
        for i, text in enumerate(s.options):
            b = w.Button(description=chinese_typography(f"{'ABCD'[i]}. {text}"),
                         layout=w.Layout(width="100%", height="auto", margin="2px 0"),
                         tooltip=chinese_typography(text))
            b.add_class("pb-dlg-option")
            b.on_click(lambda _, i=i: self.choose(i))
            buttons.append(b)
        self.option_buttons = buttons
        self.options_box.children = tuple(buttons)
        self.result.value = ""

    def _save(self, s: engine.State) -> str:
        """Record the finished dialogue as a reviewable practice item; a note for the reader."""
        from playbook.engines import practice

        try:
            practice.record_dialogue(s.dialogue.id, s.outcome, store=self.store or practice.default_store())
        except Exception as e:  # noqa: BLE001 - storage full, blocked or broken: say so, keep playing
            self.saved = ""
            return (f"<p style='color:{_BAD}'>本次对练未能记入练习进度:"
                    f"{html.escape(str(getattr(e, 'message', e)))}</p>")
        self.saved = s.dialogue.id
        return "<p style='color:#555'>已记入“我的练习”,到期时会提醒你再练一次。</p>"

    def choose(self, i: int) -> engine.State | None:
        """Pick option ``i`` (0-based, as shown)."""
        try:
            self.state = engine.choose(self.state, i)
        except PlaybookInputError as e:
            self.error.value = f"<span style='color:{_BAD}'>{html.escape(e.message)}</span>"
            return None
        self._show()
        return self.state


def _picker_options() -> list[tuple[str, str]]:
    """(label, dialogue id) for the picker: grouped by customer type, style, method."""
    out, seen = [], set()
    for name, rows in engine.groups().items():
        group = engine.GROUP_LABELS[name].removeprefix("按")
        for item, ds in rows:
            for d in ds:
                title = d.title if d.title.startswith(item.name) else f"{item.name}:{d.title}"
                out.append((chinese_typography(f"{group} · {title}"), d.id))
                seen.add(d.id)
    out += [(chinese_typography(d.title), d.id) for d in engine.all_dialogues() if d.id not in seen]
    return out


def dialogue_player(dialogue_id: str | None = None, *, picker: bool = False) -> w.VBox:
    """A player for one dialogue; with ``picker=True`` a list of all dialogues above it."""
    from playbook.engines import practice
    from playbook.views.links import FOCUS_CLASS, requested_item

    if dialogue_id is None and not picker:
        raise PlaybookInputError("dialogue", "请给出对练的 id,或设 picker=True 从列表中选择")
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
    box.dropdown = dropdown  # type: ignore[attr-defined]
    box.player = player  # type: ignore[attr-defined]
    return box


def catalogue_markdown() -> str:
    """The list of all dialogues as Markdown, grouped by customer type, communication style and
    objection-handling method (rendered into the 对练 page at build time)."""
    parts = []
    for name, rows in engine.groups().items():
        parts.append(f"### {engine.GROUP_LABELS[name]}\n")
        parts.append("| 对练 | 情景 |\n|---|---|")
        for item, ds in rows:
            for d in ds:
                setting = d.setting.split("。")[0] + "。"
                title = d.title if d.title.startswith(item.name) else f"{item.name}:{d.title}"
                parts.append(f"| **{title}** `{d.id}` | {setting} |")
        parts.append("")
    return chinese_typography("\n".join(parts))


def catalogue():
    """:func:`catalogue_markdown` as a rich Markdown output for a notebook or book page."""
    from IPython.display import Markdown

    return Markdown(catalogue_markdown())
