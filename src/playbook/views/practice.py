"""我的练习 (my practice): an ipywidgets view over :mod:`playbook.engines.practice`.

:func:`practice_page` shows, from the reader's own progress (the browser's storage on the
book's pages, a file in Jupyter): what is due, per-skill readiness (red / yellow / green with
the rule for each colour), every practised item with its next review date, the recent
answers, a reset with confirmation, and export / import of the versioned progress file. The
trainee's name is asked only when exporting and is written only into the exported file.

No business logic here: scheduling, readiness, the file format are the engine's.
"""
from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote as _urlquote

import ipywidgets as w

from playbook.engines import practice
from playbook.errors import PlaybookInputError
from playbook.views.links import drill_link

__all__ = ["PracticePage", "practice_page", "when_text"]

_OK = "#1a7f37"
_BAD = "#b42318"
_COLOURS = {"green": ("#1a7f37", "绿"), "yellow": ("#b58100", "黄"), "red": ("#b42318", "红")}
#: Dates are shown in Beijing time (UTC+8), the book's readers' time.
BEIJING = timezone(timedelta(hours=8), "北京时间")


def when_text(due: datetime, now: datetime) -> str:
    """A due date for people: ``已到期`` or ``约 10 分钟后`` / ``约 3 天后``, plus the date."""
    stamp = due.astimezone(BEIJING).strftime("%m-%d %H:%M")
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return f"已到期({stamp})"
    if seconds < 3600:
        return f"约 {max(1, round(seconds / 60))} 分钟后({stamp})"
    if seconds < 86400:
        return f"约 {round(seconds / 3600)} 小时后({stamp})"
    return f"约 {round(seconds / 86400)} 天后({stamp})"


def _table(head: list[str], rows: list[list[str]], cls: str) -> str:
    if not rows:
        return "<p style='color:#666'>(暂无)</p>"
    th = "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td style='padding:2px 8px;vertical-align:top'>{c}</td>" for c in r)
                   + "</tr>" for r in rows)
    return (f"<div style='overflow-x:auto'><table class='{cls}' style='border-collapse:collapse;"
            f"font-size:0.92em'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>")


class PracticePage(w.VBox):
    """The 我的练习 page. Buttons and fields are attributes so a test can drive it."""

    def __init__(self, store: practice.FileStore | practice.BrowserStore | None = None, *, now: datetime | None = None,
                 totals: dict[str, int] | None = None, **kwargs: Any) -> None:
        self.store = store if store is not None else practice.default_store()
        self._now = now  # a fixed time for tests; None = the clock
        self.totals = totals if totals is not None else practice.item_totals()
        self.progress = practice.Progress()
        self.overview = w.HTML()
        self.ready = w.HTML()
        self.items = w.HTML()
        self.recent = w.HTML()
        self.message = w.HTML()
        self.refresh_button = w.Button(description="刷新", tooltip="重新读取练习记录")
        self.reset_button = w.Button(description="清空练习记录", button_style="danger")
        self.confirm_button = w.Button(description="确定清空", button_style="danger",
                                       layout=w.Layout(display="none"))
        self.cancel_button = w.Button(description="取消", layout=w.Layout(display="none"))
        self.trainee = w.Text(placeholder="你的姓名(必填,只写入导出的文件)", description="姓名",
                              layout=w.Layout(width="min(100%, 24em)"))
        self.export_button = w.Button(description="导出进度文件", button_style="primary")
        self.export_link = w.HTML()
        self.export_text = w.Textarea(layout=w.Layout(width="98%", height="6em", display="none"))
        self.import_text = w.Textarea(placeholder="把导出的进度文件(JSON)内容粘贴到这里,再点“导入”",
                                      layout=w.Layout(width="98%", height="5em"))
        self.import_button = w.Button(description="导入(合并)")
        self.upload = w.FileUpload(accept=".json", multiple=True, description="选择进度文件…",
                                   layout=w.Layout(width="auto"))
        self.upload.observe(lambda _: self.import_uploaded(), names="value")
        self.due_list = w.HTML()
        self.refresh_button.on_click(lambda _: self.refresh())
        self.reset_button.on_click(lambda _: self.ask_reset())
        self.confirm_button.on_click(lambda _: self.reset())
        self.cancel_button.on_click(lambda _: self._hide_confirm("已取消,练习记录没有改动。"))
        self.export_button.on_click(lambda _: self.export())
        self.import_button.on_click(lambda _: self.import_())
        rules = "".join(f"<li>{html.escape(practice.READINESS_RULES[k])}</li>"
                        for k in ("green", "yellow", "red", "firm"))
        super().__init__([
            self.overview, self.due_list,
            w.HTML("<h4>各项技能的掌握程度</h4>"), self.ready,
            w.HTML(f"<div class='pb-practice-rules' style='color:#444;font-size:0.92em'>颜色怎么定:"
                   f"<ul style='margin:0.2em 0'>{rules}</ul></div>"),
            w.HTML("<h4>已练题目与下次复习时间</h4>"), self.items,
            w.HTML("<h4>最近作答</h4>"), self.recent,
            w.HTML("<h4>导出与导入</h4><p style='color:#555'>进度只保存在你自己的浏览器里,"
                   "不会上传;导出的文件可交给培训师,也可在另一台电脑上导入。</p>"),
            self.trainee, w.HBox([self.export_button, self.refresh_button]), self.export_link,
            self.export_text, self.upload, self.import_text, self.import_button,
            w.HTML("<h4>重新开始</h4>"),
            w.HBox([self.reset_button, self.confirm_button, self.cancel_button]),
            self.message,
        ], layout=w.Layout(width="100%"), **kwargs)
        self.refresh()

    # ------------------------------------------------------------------ display
    def now(self) -> datetime:
        return self._now if self._now is not None else practice.utc_now()

    def refresh(self) -> None:
        """Re-read the progress and redraw everything."""
        try:
            self.progress = self.store.load()
        except PlaybookInputError as e:
            self.progress = practice.Progress()
            self.message.value = f"<p style='color:{_BAD}'>{html.escape(e.message)}</p>"
        now = self.now()
        states = sorted(practice.card_states(self.progress).values(), key=lambda c: (c.due, c.item))
        due = [c for c in states if c.due <= now]
        soon = [c for c in states if now < c.due <= now + timedelta(days=1)]
        self.overview.value = (
            f"<p class='pb-practice-overview'><b>今天到期:{len(due)} 题</b>"
            f"(24 小时内还有 {len(soon)} 题)· 共作答 {len(self.progress.reviews)} 次 · "
            f"练过 {len(states)} 题。到期的题会在各章的在线练习中排在最前面。</p>")
        rows = []
        for r in practice.readiness(self.progress, self.totals, now=now, known=practice.known_items()):
            colour, word = _COLOURS[r.colour]
            rows.append([f"<span style='color:{colour};font-weight:bold' class='pb-ready-{r.colour}'>● {word}</span>",
                         html.escape(r.label), f"{r.practised}/{r.total}",
                         f"{r.firm}", f"{r.due}"])
        self.ready.value = _table(["状态", "技能", "练过/总数", "记得牢", "到期"], rows, "pb-practice-ready")
        self.items.value = _table(
            ["题目", "类别", "答对/作答", "下次复习", "练习"],
            [[html.escape(practice.item_title(c.item)), html.escape(practice.FAMILY_LABELS.get(c.family, "其他")),
              f"{c.right}/{c.reviews}", html.escape(when_text(c.due, now)), drill_link(c.item, c.family)]
             for c in states],
            "pb-practice-items")
        self.due_list.value = (
            "<ol class='pb-practice-due'>" + "".join(
                f"<li>{html.escape(practice.item_title(c.item))} {drill_link(c.item, c.family)}</li>"
                for c in due) + "</ol>") if due else ""
        self.recent.value = _table(
            ["时间", "题目", "结果"],
            [[r.at.astimezone(BEIJING).strftime("%m-%d %H:%M"), html.escape(practice.item_title(r.item)),
              f"<span style='color:{_OK if r.correct else _BAD}'>{'✓' if r.correct else '✗'}</span> "
              f"{html.escape(practice.RATING_LABELS[r.rating])}"]
             for r in practice.history(self.progress, 20)],
            "pb-practice-recent")

    # ------------------------------------------------------------------ reset
    def ask_reset(self) -> None:
        self.confirm_button.layout.display = ""
        self.cancel_button.layout.display = ""
        self.message.value = (f"<p style='color:{_BAD}'>确定要清空全部 {len(self.progress.reviews)} 次作答记录吗?"
                              "清空后不能恢复(可先导出备份)。</p>")

    def _hide_confirm(self, text: str) -> None:
        self.confirm_button.layout.display = "none"
        self.cancel_button.layout.display = "none"
        self.message.value = f"<p>{html.escape(text)}</p>"

    def reset(self) -> None:
        self.store.replace(practice.Progress())
        self.refresh()
        self._hide_confirm("练习记录已清空。")

    # ------------------------------------------------------------------ export / import
    def export(self) -> str:
        """The progress file's text with the trainee's name (required: the trainer's import
        needs it); also a download link named ``<姓名>-练习进度-<日期>.json``. No name → ""."""
        self.refresh()
        who = self.trainee.value.strip()
        if not who:
            self.message.value = (f"<p style='color:{_BAD}'>请先在“姓名”里填写你的姓名再导出:培训师导入时靠它"
                                  "认出是谁的进度,文件名里也会带上姓名。</p>")
            self.export_link.value = ""
            return ""
        text = practice.to_json(self.progress, trainee=who, exported_at=self.now())
        safe = "".join("-" if ch in '\\/:*?"<>|' or ch.isspace() else ch for ch in who)
        name = safe + "-练习进度-" + self.now().astimezone(BEIJING).strftime("%Y%m%d") + ".json"
        self.export_text.value = text
        self.export_text.layout.display = ""
        self.message.value = ""
        self.export_link.value = (
            f"<p><a class='pb-practice-download' download='{html.escape(name)}' "
            f"href='data:application/json;charset=utf-8,{_urlquote(text)}'>下载 {html.escape(name)}</a>"
            f"({len(self.progress.reviews)} 次作答;也可复制下面的文本)</p>")
        return text

    def import_uploaded(self) -> None:
        """Merge every file picked in the file picker (several at once)."""
        for f in self.upload.value:
            try:
                text = bytes(f["content"]).decode("utf-8-sig")
            except UnicodeDecodeError:
                self.message.value = f"<p style='color:{_BAD}'>{html.escape(f['name'])} 不是 UTF-8 文本的进度文件。</p>"
                continue
            self.import_(text, where=f"“{f['name']}”")
        if self.upload.value:
            self.upload.value = ()  # the next pick starts afresh

    def import_(self, text: str | None = None, *, where: str = "(粘贴的内容)") -> None:
        """Merge a progress file's text into this reader's progress (nothing is overwritten)."""
        if text is not None:
            self.import_text.value = text
        try:
            got, _ = practice.from_json(self.import_text.value, where=where)
        except PlaybookInputError as e:
            self.message.value = f"<p style='color:{_BAD}'>{html.escape(e.message)}</p>"
            return
        before = len(self.progress.reviews)
        self.store.save(got)
        self.refresh()
        self.message.value = (f"<p style='color:{_OK}'>已导入:新增 {len(self.progress.reviews) - before} 次作答"
                              "(已有的记录不会重复)。</p>")


def practice_page(store: practice.FileStore | practice.BrowserStore | None = None) -> PracticePage:
    """The 我的练习 page (used by ``book/practice.md``)."""
    return PracticePage(store)
