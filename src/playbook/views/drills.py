"""训练题 (training drills): ipywidgets views over :mod:`playbook.engines.drills`.

- :class:`ChoiceDrill` — multiple choice, one question at a time, the options in a fresh order
  at every showing (``drills.shuffled``), immediate feedback with the rule and its seed source, a summary (bars per family, plain HTML) at the end of the session;
- :class:`FreeTextDrill` — a free-text answer judged by :mod:`playbook.engines.judge`: the
  verdict in words (通过 / 不通过 with its reason / 待定 with the model answer and a self-rating
  再练·还行·掌握 that goes to the practice progress and is flagged for the trainer), then every
  check ✓/✗ with why;
- :func:`drill_panel` — a chapter's practice: multiple choice, plus a free-text task where the
  family has a rubric (the book's pages run it in the browser). Every answer is saved to the
  reader's practice progress (:mod:`playbook.engines.practice`: the browser's storage on the
  book's pages, a file in Jupyter); the panel starts with what is due and "换一组" draws another
  set without reloading;
- :func:`summary_html` — correct share per drill family as HTML bars (works in the browser
  runtime, which has no matplotlib); :func:`session_summary_chart` draws the same with
  matplotlib for notebooks.

No business logic here: questions, checking, scoring and summaries are the engine's.

Usage in a notebook::

    from playbook.engines import drills, practice
    from playbook.views.drills import ChoiceDrill, FreeTextDrill
    ChoiceDrill(practice.make_session(seed=1, size=5).questions)
    FreeTextDrill(drills.free_text_tasks(families=["fab"])[0])
"""
from __future__ import annotations

import html
import random
import time
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from playbook.engines import drills as engine
from playbook.engines import judge, practice
from playbook.errors import PlaybookInputError
from playbook.views.common import panel_layout

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["ChoiceDrill", "FreeTextDrill", "drill_panel", "session_summary_chart", "summary_html",
           "rubric_html", "verdict_html"]

_OK = "#1a7f37"
_BAD = "#b42318"
_UNSURE = "#9a6700"


def _text_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _context_html(question_context: str) -> str:
    return (f"<div style='background:#f6f8fa;padding:6px 10px;border-radius:4px;line-height:1.6'>"
            f"{_text_html(question_context)}</div>")


def _model_answer_html(task: engine.FreeTextTask) -> str:
    label = "参考策略" if task.family in ("customer_type", "communication_style") else "参考答案"
    return (f"<p><b>{label}:</b>{html.escape(task.model_answer)}"
            f"<br><span style='color:#666;font-size:0.85em'>来源:{html.escape(';'.join(task.source))}</span></p>")


def verdict_html(result: judge.RubricResult, task: engine.FreeTextTask | None = None) -> str:
    """The verdict in words: 通过; 不通过 with its named reasons; 待定 with what could not be
    confirmed and (given ``task``) the model answer to rate oneself against. (An unsure verdict's
    reason that names nothing in particular is the headline's own words: shown once.)"""
    items = "".join(f"<li>{html.escape(r)}</li>" for r in result.reasons if r != judge.UNSURE_WITHOUT_DETAIL)
    if result.verdict == "pass":
        return f"<p><b style='color:{_OK}'>✓ 通过:培训师会认可这样的回答。</b></p>"
    if result.verdict == "fail":
        return f"<p><b style='color:{_BAD}'>✗ 不通过:</b></p><ul>{items}</ul>"
    return (f"<p><b style='color:{_UNSURE}'>? 待定:评分器拿不准培训师会不会认可。</b>"
            f"请对照参考答案给自己打个分,这条回答会交给培训师复核。</p>"
            + (f"<ul style='color:#555'>{items}</ul>" if items else "")
            + (_model_answer_html(task) if task is not None else ""))


def rubric_html(result: judge.RubricResult, task: engine.FreeTextTask | None = None) -> str:
    """The verdict (:func:`verdict_html`), then each check ✓/✗ with why and source."""
    rows = []
    for c in result.checks:
        mark, color = ("✓", _OK) if c.passed else ("✗", _BAD)
        rows.append(f"<li style='list-style:none'><b style='color:{color}'>{mark}</b> {html.escape(c.name)}"
                    f"<br><span style='color:#555;font-size:0.9em'>{html.escape(c.why)}"
                    + (f"(来源:{html.escape(';'.join(c.source))})" if c.source else "") + "</span></li>")
    return (f"{verdict_html(result, task)}<details><summary>逐项检查</summary>"
            f"<ul style='padding-left:0.5em'>{''.join(rows)}</ul></details>")


def summary_html(results: Sequence[engine.ChoiceResult]) -> str:
    """The session's result: total correct, then one bar (0–100 %) per drill family."""
    correct = sum(r.correct for r in results)
    rows = []
    for s in engine.summarize(results):
        pct = round(100 * s.share)
        rows.append(
            f"<div style='display:flex;align-items:center;gap:8px;margin:2px 0'>"
            f"<span style='width:6em'>{html.escape(s.label)}</span>"
            f"<span style='flex:1;max-width:16em;background:#eee;height:0.9em;border-radius:3px'>"
            f"<span style='display:block;width:{pct}%;height:100%;background:{_OK};border-radius:3px'>"
            f"</span></span><span>{s.correct}/{s.total}({pct}%)</span></div>")
    return (f"<p><b>本次练习完成:答对 {correct}/{len(results)} 题。</b></p>{''.join(rows)}")


def session_summary_chart(results: Sequence[engine.ChoiceResult], ax: Axes | None = None) -> Axes:
    """A bar chart of the correct share (%) per drill family; returns the matplotlib Axes."""
    from playbook.views import plotting

    summary = engine.summarize(results)
    labels = [f"{s.label}\n{s.correct}/{s.total}" for s in summary] or ["(尚无作答)"]
    values = [round(100 * s.share, 1) for s in summary] or [0.0]
    with warnings.catch_warnings():
        # all shares 0 → bar_chart's automatic 0–0 y range warns; the range is set just below
        warnings.filterwarnings("ignore", message="Attempting to set identical")
        ax = plotting.bar_chart(labels, values, title="本次练习正确率", ylabel="正确率(%)",
                                value_format="{:g}%", ax=ax)
    ax.set_ylim(0, 118)  # a fixed 0–100 % scale (and valid when every share is 0)
    return ax


class ChoiceDrill(w.VBox):
    """Multiple-choice questions one by one. ``results`` holds the checked answers;
    ``choice``, ``submit_button`` and ``next_button`` are attributes so a test can drive it."""

    def __init__(self, questions: Sequence[engine.Question], *,
                 on_result: Callable[[engine.ChoiceResult], None] | None = None,
                 draw: Callable[[tuple[str, ...]], Sequence[engine.Question]] | None = None,
                 rng: random.Random | None = None, **kwargs: Any) -> None:
        """``draw(seen_ids)``, if given, adds a "换一组" button that replaces the questions by
        the ones it returns (``seen_ids``: every question shown so far).

        Every time a question is shown its options are shuffled afresh (``rng``: default an
        unseeded generator; pass ``random.Random(n)`` to reproduce), so a position or a
        remembered letter says nothing; answers are checked and saved by the option's id."""
        if not questions:
            raise PlaybookInputError("questions", code="drills_no_questions")
        self.questions = tuple(questions)
        self.seen: list[str] = [q.id for q in self.questions]
        self.index = 0
        self._rng = rng if rng is not None else random.Random()
        #: The question as shown now (options in this showing's order).
        self.shown: engine.Question = self.questions[0]
        self.results: list[engine.ChoiceResult] = []
        #: Seconds the last submitted answer took (from showing the question to submitting).
        self.last_seconds: float | None = None
        self._shown_at = time.monotonic()
        self._on_result = on_result
        self._draw = draw
        self.header = w.HTML()
        self.context = w.HTML()
        self.prompt = w.HTML()
        self.choice = w.RadioButtons(options=[], layout=w.Layout(width="100%"))
        self.submit_button = w.Button(description="提交", button_style="primary")
        self.next_button = w.Button(description="下一题", disabled=True)
        self.feedback = w.HTML()
        self.summary = w.HTML()
        self.new_set_button = w.Button(description="换一组", tooltip="换一组题目(不重新加载页面)")
        self.submit_button.on_click(lambda _: self.submit())
        self.next_button.on_click(lambda _: self.next())
        self.new_set_button.on_click(lambda _: self.new_set())
        buttons = [self.submit_button, self.next_button] + ([self.new_set_button] if draw else [])
        super().__init__([self.header, self.context, self.prompt, self.choice,
                          w.HBox(buttons), self.feedback, self.summary],
                         layout=panel_layout(), **kwargs)
        self._show()

    @property
    def question(self) -> engine.Question:
        """The current question as shown (``options`` and ``answer`` in the order on screen)."""
        return self.shown

    def _show(self) -> None:
        q = self.shown = engine.shuffled(self.questions[self.index], self._rng)
        label = engine.FAMILY_LABELS[q.family]
        self.header.value = f"<b>第 {self.index + 1}/{len(self.questions)} 题 · {label}</b>"
        self.context.value = _context_html(q.context)
        self.prompt.value = f"<p><b>{html.escape(q.prompt)}</b></p>"
        self.choice.options = list(zip(q.options, q.option_ids, strict=True))
        self.choice.value = None
        self.choice.disabled = False
        self.submit_button.disabled = False
        self.next_button.disabled = True
        self.feedback.value = ""
        self._shown_at = time.monotonic()

    def new_set(self) -> None:
        """Replace the questions by a new set from ``draw`` (no page reload)."""
        if self._draw is None:
            return
        questions = tuple(self._draw(tuple(self.seen)))
        if not questions:
            return
        self.questions = questions
        self.seen += [q.id for q in questions if q.id not in self.seen]
        self.index = 0
        self.results = []
        self.summary.value = ""
        self._show()

    def answer(self, index: int) -> engine.ChoiceResult | None:
        """Choose option ``index`` (0-based, in the order shown) and submit; an index that is not
        an option is the domain error (11-30 #12: a TraitError from the radio buttons)."""
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self.shown.options):
            raise PlaybookInputError("chosen", code="integer", label="选项编号", low=0,
                                     high=len(self.shown.options) - 1, received=index)
        self.choice.value = self.shown.option_ids[index]
        return self.submit()

    def submit(self) -> engine.ChoiceResult | None:
        if self.choice.value is None:
            self.feedback.value = f"<span style='color:{_BAD}'>请先选择一个选项。</span>"
            return None
        result = engine.check_choice(self.question, self.choice.value)
        self.last_seconds = round(time.monotonic() - self._shown_at, 1)
        self.results.append(result)
        right = self.question.options[result.answer]
        head = (f"<b style='color:{_OK}'>✓ 回答正确</b>" if result.correct else
                f"<b style='color:{_BAD}'>✗ 回答错误</b>,正确答案是:{html.escape(right)}")
        self.feedback.value = f"<p>{head}</p><p style='color:#333'>{_text_html(result.explanation)}</p>"
        self.choice.disabled = True
        self.submit_button.disabled = True
        last = self.index == len(self.questions) - 1
        self.next_button.disabled = last
        if last:
            self._show_summary()
        if self._on_result:
            self._on_result(result)
        return result

    def next(self) -> None:
        if self.index < len(self.questions) - 1:
            self.index += 1
            self._show()

    def _show_summary(self) -> None:
        self.summary.value = summary_html(self.results)


class FreeTextDrill(w.VBox):
    """A free-text answer judged by :func:`playbook.engines.judge.score_free_text`; ``result``
    holds the latest verdict. When the judge is unsure, three buttons (``rate_buttons``: 再练 /
    还行 / 掌握) ask the trainee to rate himself against the model answer."""

    def __init__(self, task: engine.FreeTextTask, *,
                 on_result: Callable[[judge.RubricResult, bool, str | None], None] | None = None,
                 **kwargs: Any) -> None:
        """``on_result(result, hinted, self_rating)`` is called once per answer: right after a
        pass or fail, after the self-rating when unsure (``hinted``: the model answer was shown
        before answering; ``self_rating``: 再练 / 还行 / 掌握 or ``None``)."""
        self.task = task
        self.result: judge.RubricResult | None = None
        self.error: PlaybookInputError | None = None
        self.hinted = False
        self.self_rating: str | None = None
        self._on_result = on_result
        # full width without the widgets' side margins (a 100 % box plus 2 px margins overflows the
        # panel and gives it a horizontal scroll bar)
        self.text = w.Textarea(placeholder="在这里写下你要对客户说的话……",
                               layout=w.Layout(width="100%", height="6em", margin="2px 0"))
        self.check_button = w.Button(description="评判", button_style="primary")
        self.show_model = w.Button(description="参考答案")
        self.feedback = w.HTML()
        self.rate_buttons = [w.Button(description=label, tooltip=f"自评:{label}")
                             for label in practice.SELF_RATINGS]
        for b in self.rate_buttons:
            b.on_click(lambda btn: self.rate(btn.description))
        self.rating_box = w.HBox([w.HTML("<b>自评:</b>"), *self.rate_buttons],
                                 layout=w.Layout(display="none", flex_flow="row wrap"))
        self.note = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.show_model.on_click(lambda _: self._model())
        super().__init__([
            w.HTML(f"<b>{html.escape(engine.FAMILY_LABELS[task.family])} · 自由作答</b>"),
            w.HTML(_context_html(task.context)),
            w.HTML(f"<p><b>{html.escape(task.prompt)}</b></p>"),
            self.text, w.HBox([self.check_button, self.show_model]), self.feedback, self.rating_box, self.note,
        ], layout=panel_layout(), **kwargs)

    def check(self, text: str | None = None) -> judge.RubricResult | None:
        """Judge ``text`` (default: what is typed) and show the verdict and every check."""
        if text is not None:
            self.text.value = text
        self.note.value = ""
        self.self_rating = None
        try:
            self.result = judge.score_free_text(self.task, self.text.value)
            self.error = None
        except PlaybookInputError as e:
            self.result, self.error = None, e
            self.feedback.value = f"<span style='color:{_BAD}'>{html.escape(e.message)}</span>"
            self.rating_box.layout.display = "none"
            return None
        self.feedback.value = rubric_html(self.result, self.task)
        unsure = self.result.verdict == "unsure"
        self.rating_box.layout.display = "flex" if unsure else "none"
        for b in self.rate_buttons:
            b.disabled = False
        if not unsure and self._on_result:
            self._on_result(self.result, self.hinted, None)
        return self.result

    def rate(self, label: str) -> None:
        """The trainee's own rating of an unsure answer (再练 / 还行 / 掌握)."""
        if self.result is None or self.result.verdict != "unsure" or label not in practice.SELF_RATINGS:
            return
        self.self_rating = label
        for b in self.rate_buttons:
            b.disabled = True
        self.note.value = (f"<p style='color:#555'>已记下自评“{html.escape(label)}”,"
                           f"这条回答已标记给培训师复核。</p>")
        if self._on_result:
            self._on_result(self.result, self.hinted, label)

    def _model(self) -> None:
        self.hinted = True
        self.feedback.value += _model_answer_html(self.task)


class _Saver:
    """Saves each answer to the reader's practice store; a failure is shown, never raised."""

    def __init__(self, store: practice.FileStore | practice.BrowserStore | None) -> None:
        self.store = store
        self.problem = ""

    def load(self) -> practice.Progress:
        if self.store is None:
            return practice.Progress()
        try:
            return self.store.load()
        except Exception as e:  # noqa: BLE001 - a bad stored file must not break the page
            self.problem = f"练习进度无法读取,本次作答不会保存:{getattr(e, 'message', e)}"
            self.store = None
            return practice.Progress()

    def save(self, item: str, rating: int, *, family: str, correct: bool, seconds: float | None,
             feedback: w.HTML, **extra: str) -> None:
        if self.store is None:
            feedback.value += f"<p style='color:{_BAD}'>{html.escape(self.problem)}</p>"
            return
        try:
            self.store.record(item, rating, family=family, correct=correct, seconds=seconds, **extra)
        except Exception as e:  # noqa: BLE001 - storage full or locked: say so, keep practising
            feedback.value += (f"<p style='color:{_BAD}'>本次作答未能保存到练习进度:"
                               f"{html.escape(str(getattr(e, 'message', e)))}</p>")


def drill_panel(families: Sequence[str], *, seed: int = 0, size: int = 5,
                store: practice.FileStore | practice.BrowserStore | None = None,
                focus: str | None = None) -> w.Tab:
    """A chapter's practice in tabs: ``size`` multiple-choice questions of ``families``, and,
    for families with a rubric, one free-text task.

    Every answer goes to ``store`` (default :func:`playbook.engines.practice.default_store`:
    the browser's storage on the book's pages, a file in Jupyter), rated wrong → Again, right
    but slow → Hard, right → Good; the questions that are due come first. "换一组" draws
    another set without reloading.

    ``focus`` (default: the page address's ``?item=``, see :mod:`playbook.views.links`): a
    question or free-text task id of these families to open on (first question, or the
    free-text tab with that task); the panel then carries the class ``pb-focus``."""
    from playbook.views.links import FOCUS_CLASS, requested_item

    focus = focus if focus is not None else requested_item()
    saver = _Saver(store if store is not None else practice.default_store())
    progress = saver.load()
    questions = practice.make_session(seed, size=size, families=families, progress=progress).questions
    focused = False
    if focus:
        wanted = [q for q in engine.all_questions(seed=seed, families=families) if q.id == focus]
        if wanted:
            questions = (wanted[0], *(q for q in questions if q.id != focus))[:size]
            focused = True
    draws = [seed]

    def draw(seen: tuple[str, ...]) -> Sequence[engine.Question]:
        draws.append(draws[-1] + 1)
        return practice.make_session(draws[-1], size=size, families=families,
                                     progress=saver.load(), exclude=seen).questions

    def on_choice(result: engine.ChoiceResult) -> None:
        correct = result.correct
        saver.save(result.question_id, practice.rating_for(correct, seconds=choice.last_seconds),
                   family=result.family, correct=correct, seconds=choice.last_seconds,
                   feedback=choice.feedback, choice=result.chosen_id)

    choice = ChoiceDrill(questions, on_result=on_choice, draw=draw)
    children: list[w.Widget] = [choice]
    titles = ["选择题"]
    tasks = engine.free_text_tasks(families=[f for f in families if f != "etiquette"]) \
        if set(families) - {"etiquette"} else ()
    if tasks:
        by_id = {t.id: t for t in tasks}
        task = by_id[practice.practice_order(progress, by_id, seed=seed)[0]] if progress.reviews \
            else tasks[seed % len(tasks)]
        if focus in by_id:
            task = by_id[focus]

        def on_text(result: judge.RubricResult, hinted: bool, self_rating: str | None) -> None:
            logged = practice.record_free_text(practice.Progress(), task.id, free.text.value, result.verdict,
                                               self_rating=self_rating, hinted=hinted).reviews[0]
            saver.save(task.id, logged.rating, family=task.family, correct=logged.correct, seconds=None,
                       feedback=free.note, verdict=logged.verdict, answer=logged.answer)

        free = FreeTextDrill(task, on_result=on_text)
        children.append(free)
        titles.append("自由作答")
    if saver.problem:
        choice.feedback.value = f"<p style='color:{_BAD}'>{html.escape(saver.problem)}</p>"
    tab = w.Tab(children=children, titles=titles)
    if tasks and focus in by_id:
        tab.selected_index = 1
        focused = True
    if focused:
        tab.add_class(FOCUS_CLASS)
    return tab
