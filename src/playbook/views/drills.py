"""训练题 (training drills): ipywidgets views over :mod:`playbook.engines.drills`.

- :class:`ChoiceDrill` — multiple choice, one question at a time, immediate feedback with the
  rule and its seed source, a summary (bars per family, plain HTML) at the end of the session;
- :class:`FreeTextDrill` — a free-text answer scored by the rubric: every check ✓/✗ with why;
- :func:`drill_panel` — a chapter's practice: multiple choice, plus a free-text task where the
  family has a rubric (the book's pages run it in the browser);
- :func:`summary_html` — correct share per drill family as HTML bars (works in the browser
  runtime, which has no matplotlib); :func:`session_summary_chart` draws the same with
  matplotlib for notebooks.

No business logic here: questions, checking, scoring and summaries are the engine's.

Usage in a notebook::

    from playbook.engines import drills
    from playbook.views.drills import ChoiceDrill, FreeTextDrill
    ChoiceDrill(drills.make_session(seed=1, size=5).questions)
    FreeTextDrill(drills.free_text_tasks(families=["fab"])[0])
"""
from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Sequence

import ipywidgets as w

from playbook.engines import drills as engine
from playbook.errors import PlaybookInputError

__all__ = ["ChoiceDrill", "FreeTextDrill", "drill_panel", "session_summary_chart", "summary_html",
           "rubric_html"]

_OK = "#1a7f37"
_BAD = "#b42318"
_BOX = w.Layout(border="1px solid #ddd", padding="8px", width="100%")


def _text_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _context_html(question_context: str) -> str:
    return (f"<div style='background:#f6f8fa;padding:6px 10px;border-radius:4px;line-height:1.6'>"
            f"{_text_html(question_context)}</div>")


def rubric_html(result: engine.RubricResult) -> str:
    """The rubric result as HTML: the score, then each check ✓/✗ with why and source."""
    rows = []
    for c in result.checks:
        mark, color = ("✓", _OK) if c.passed else ("✗", _BAD)
        rows.append(f"<li style='list-style:none'><b style='color:{color}'>{mark}</b> {html.escape(c.name)}"
                    f"<br><span style='color:#555;font-size:0.9em'>{html.escape(c.why)}"
                    + (f"(来源:{html.escape(';'.join(c.source))})" if c.source else "") + "</span></li>")
    verdict = ""
    if result.acceptable:
        verdict = f"<p><b style='color:{_OK}'>✓ 可以接受:培训师会认可这样的回答。</b></p>"
    elif result.reasons:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in result.reasons)
        verdict = f"<p><b style='color:{_BAD}'>✗ 还不能接受:</b></p><ul>{items}</ul>"
    return (f"{verdict}<p><b>通过 {result.passed}/{len(result.checks)} 项 · 得分 {result.score:.0%}</b></p>"
            f"<ul style='padding-left:0.5em'>{''.join(rows)}</ul>")


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


def session_summary_chart(results: Sequence[engine.ChoiceResult], ax=None):
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
                 on_result: Callable[[engine.ChoiceResult], None] | None = None, **kwargs) -> None:
        if not questions:
            raise PlaybookInputError("questions", "没有题目:请检查练习类别")
        self.questions = tuple(questions)
        self.index = 0
        self.results: list[engine.ChoiceResult] = []
        self._on_result = on_result
        self.header = w.HTML()
        self.context = w.HTML()
        self.prompt = w.HTML()
        self.choice = w.RadioButtons(options=[], layout=w.Layout(width="100%"))
        self.submit_button = w.Button(description="提交", button_style="primary")
        self.next_button = w.Button(description="下一题", disabled=True)
        self.feedback = w.HTML()
        self.summary = w.HTML()
        self.submit_button.on_click(lambda _: self.submit())
        self.next_button.on_click(lambda _: self.next())
        super().__init__([self.header, self.context, self.prompt, self.choice,
                          w.HBox([self.submit_button, self.next_button]), self.feedback, self.summary],
                         layout=_BOX, **kwargs)
        self._show()

    @property
    def question(self) -> engine.Question:
        return self.questions[self.index]

    def _show(self) -> None:
        q = self.question
        label = engine.FAMILY_LABELS[q.family]
        self.header.value = f"<b>第 {self.index + 1}/{len(self.questions)} 题 · {label}</b>"
        self.context.value = _context_html(q.context)
        self.prompt.value = f"<p><b>{html.escape(q.prompt)}</b></p>"
        self.choice.options = [(opt, i) for i, opt in enumerate(q.options)]
        self.choice.value = None
        self.choice.disabled = False
        self.submit_button.disabled = False
        self.next_button.disabled = True
        self.feedback.value = ""

    def answer(self, index: int) -> engine.ChoiceResult:
        """Choose option ``index`` (0-based) and submit."""
        self.choice.value = index
        return self.submit()

    def submit(self) -> engine.ChoiceResult | None:
        if self.choice.value is None:
            self.feedback.value = f"<span style='color:{_BAD}'>请先选择一个选项。</span>"
            return None
        result = engine.check_choice(self.question, self.choice.value)
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
    """A free-text answer scored by the rubric; ``result`` holds the latest score."""

    def __init__(self, task: engine.FreeTextTask, **kwargs) -> None:
        self.task = task
        self.result: engine.RubricResult | None = None
        self.error: PlaybookInputError | None = None
        self.text = w.Textarea(placeholder="在这里写下你要对客户说的话……",
                               layout=w.Layout(width="100%", height="6em"))
        self.check_button = w.Button(description="评分", button_style="primary")
        self.show_model = w.Button(description="参考答案")
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.show_model.on_click(lambda _: self._model())
        super().__init__([
            w.HTML(f"<b>{html.escape(engine.FAMILY_LABELS[task.family])} · 自由作答</b>"),
            w.HTML(_context_html(task.context)),
            w.HTML(f"<p><b>{html.escape(task.prompt)}</b></p>"),
            self.text, w.HBox([self.check_button, self.show_model]), self.feedback,
        ], layout=_BOX, **kwargs)

    def check(self, text: str | None = None) -> engine.RubricResult | None:
        """Score ``text`` (default: what is typed) and show every check."""
        if text is not None:
            self.text.value = text
        try:
            self.result = engine.score_free_text(self.task, self.text.value)
            self.error = None
        except PlaybookInputError as e:
            self.result, self.error = None, e
            self.feedback.value = f"<span style='color:{_BAD}'>{html.escape(e.message)}</span>"
            return None
        self.feedback.value = rubric_html(self.result)
        return self.result

    def _model(self) -> None:
        label = "参考策略" if self.task.family in ("customer_type", "communication_style") else "参考答案"
        self.feedback.value += (f"<p><b>{label}:</b>{html.escape(self.task.model_answer)}"
                                f"<br><span style='color:#666;font-size:0.85em'>来源:"
                                f"{html.escape(';'.join(self.task.source))}</span></p>")


def drill_panel(families: Sequence[str], *, seed: int = 0, size: int = 5) -> w.Tab:
    """A chapter's practice in tabs: ``size`` multiple-choice questions of ``families``, and,
    for families with a rubric, one free-text task (chosen by ``seed``)."""
    questions = engine.make_session(seed, size=size, families=families).questions
    children: list[w.Widget] = [ChoiceDrill(questions)]
    titles = ["选择题"]
    tasks = engine.free_text_tasks(families=[f for f in families if f != "etiquette"]) \
        if set(families) - {"etiquette"} else ()
    if tasks:
        children.append(FreeTextDrill(tasks[seed % len(tasks)]))
        titles.append("自由作答")
    return w.Tab(children=children, titles=titles)
