"""培训师 (the trainer's console in the book): an ipywidgets view over :mod:`playbook.trainer.console`.

Five tabs, everything in the page (no terminal), the same engines as the CLI:

1. 安排: session name, trainees, rounds, seed → the groups and the printable A4 cards;
2. 评分: pick a group, tick the observer's checks, save (re-opening a scored group shows its
   scores); an observer on another phone downloads a score file for the trainer;
3. 收集: pick several files at once (trainees' progress files, observers' score files);
   importing the same file twice adds nothing;
4. 查看: readiness per trainee next to the role-play scores, the weakest skills and checks,
   dialogue option statistics and the free-text answers awaiting a verdict;
5. 导出: one file for ``python -m playbook records import`` and an Excel workbook.

The records and the plan live in the browser (:class:`playbook.trainer.console.SavedRecords`).
No business logic here.
"""
from __future__ import annotations

import html
import math
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import ipywidgets as w

from playbook.engines import practice
from playbook.errors import PlaybookInputError
from playbook.trainer import console as engine
from playbook.trainer import roleplay
from playbook.trainer.cards import cards_html
from playbook.views.common import data_link, table
from playbook.views.links import drill_link
from playbook.views.scoring import ScoringPanel, explanation_html

__all__ = ["TrainerConsole", "trainer_console", "FONT_URL"]

#: Where the book publishes its Chinese font (the cards printed from the page use it).
FONT_URL = "_static/NotoSansSC-GB2312.ttf"
_OK = "#1a7f37"
_BAD = "#b42318"
_COLOURS = {"green": ("#1a7f37", "绿"), "yellow": ("#b58100", "黄"), "red": ("#b42318", "红")}


def _e(text: object) -> str:
    return html.escape(str(text))


def _progresses(files: dict[str, list[str]]) -> dict[str, practice.Progress]:
    """Trainee → their handed-in progress files merged (files that no longer parse are skipped)."""
    out = {}
    for name, texts in files.items():
        merged = practice.Progress()
        for text in texts:
            try:
                merged = practice.merge(merged, practice.from_json(text)[0])
            except PlaybookInputError:
                continue
        out[name] = merged
    return out


def option_stats_engine() -> Callable[..., Any] | None:
    """Per-option statistics of the dialogues (``playbook.engines.dialogue.choice_stats``) over
    the handed-in progress files, as table rows; None while that engine is not installed."""
    try:
        from playbook.engines.dialogue import choice_stats
    except ImportError:
        return None

    def run(files: dict[str, list[str]]) -> list[dict[str, Any]]:
        logs = [{"dialogue": r.item.removeprefix(practice.DIALOGUE_PREFIX), "path": tuple(r.choices),
                 "correct": r.correct}
                for p in _progresses(files).values() for r in p.reviews
                if r.item.startswith(practice.DIALOGUE_PREFIX) and r.choices]
        return [{"对练": s.dialogue, "选项": s.option, "类型": s.kind, "选择次数": s.chosen, "结局对": s.right,
                 "占比": f"{s.share:.0%}", "少有人选": "是" if s.unpicked else ""}
                for s in choice_stats(logs, min_plays=3) if s.chosen or s.unpicked]

    return run


def unsure_engine() -> Callable[..., Any] | None:
    """The free-text answers awaiting a verdict (``playbook.engines.practice.unsure_answers``)
    in the handed-in progress files, as table rows; None while that engine is not installed."""
    try:
        from playbook.engines.practice import unsure_answers
    except ImportError:
        return None

    def run(files: dict[str, list[str]]) -> list[dict[str, Any]]:
        return [{"学员": u.trainee, "题目": u.title, "作答": u.answer, "时间": u.at.strftime("%Y-%m-%d %H:%M"),
                 "练习": drill_link(u.item)} for u in unsure_answers(_progresses(files))]

    return run


def _msg(text: str, *, error: bool = False) -> str:
    colour, bg = (_BAD, "#fdecea") if error else (_OK, "#eaf6ec")
    return f"<div class='pb-console-msg' style='color:{colour};background:{bg};padding:6px 10px;border-radius:4px'>{_e(text)}</div>"


def _pct(rate: float) -> str:
    return "—" if math.isnan(rate) else f"{rate:.0%}"


def _generic(value: Any) -> str:
    """An engine result we do not know the shape of: HTML text as is, rows as a table."""
    if isinstance(value, str):
        return value
    rows = list(value or ())
    if not rows:
        return "<p style='color:#555'>(暂无)</p>"
    if all(isinstance(r, dict) for r in rows):
        head = list(dict.fromkeys(k for r in rows for k in r))
        th = "".join(f"<th>{_e(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{r.get(k, '') if k == '练习' else _e(r.get(k, ''))}</td>" for k in head)
                       + "</tr>" for r in rows)
        return (f"<div style='overflow-x:auto'><table class='pb-console-ready' style='border-collapse:collapse;"
                f"font-size:0.92em'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>")
    return "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in rows) + "</ul>"


class TrainerConsole(w.VBox):
    """The console. Fields and buttons are attributes so a test can drive it."""

    def __init__(self, storage: Any = None, *, path: Any = None, now: datetime | None = None,
                 option_stats: Callable[..., Any] | None = None, unsure: Callable[..., Any] | None = None,
                 **kwargs: Any) -> None:
        if storage is None:
            storage = practice._local_storage()
        self.storage = storage
        self.saved = engine.SavedRecords(storage, path=path)
        self.shelf = engine.FileShelf(storage)
        self._now = now
        self.option_stats = option_stats if option_stats is not None else option_stats_engine()
        self.unsure = unsure if unsure is not None else unsure_engine()
        self.spec = engine.PlanSpec.from_json(storage.getItem(engine.PLAN_KEY))
        self.plan: roleplay.SessionPlan | None = None
        self.status = w.HTML()
        self.message = w.HTML()
        # 1 plan
        today = self.now().astimezone().strftime("%Y-%m-%d")
        self.session = w.Text(value=f"{today} 情景模拟", description="场次", layout=w.Layout(width="min(100%, 28em)"))
        self.trainees = w.Textarea(placeholder="每行一个学员姓名(至少 2 人),如:\n张三\n李四\n王五",
                                   description="学员", layout=w.Layout(width="min(100%, 28em)", height="8em"))
        self.rounds = w.BoundedIntText(value=3, min=roleplay.MIN_ROUNDS, max=roleplay.MAX_ROUNDS, description="轮数",
                                       layout=w.Layout(width="12em"))
        self.seed = w.IntText(value=1, description="随机种子", layout=w.Layout(width="12em"))
        self.plan_button = w.Button(description="生成分组与卡片", button_style="primary", layout=w.Layout(width="auto"))
        self.plan_message = w.HTML()
        self.roster = w.HTML()
        self.cards = w.HTML()
        self.plan_button.on_click(lambda _: self.make_plan())
        plan_tab = w.VBox([w.HTML("<p>填好学员名单,点“生成分组与卡片”:每轮三人一组(客户经理、客户、观察员),"
                                  "角色轮换;同样的名单和随机种子总是得到同样的分组。</p>"),
                           self.session, self.trainees, w.HBox([self.rounds, self.seed], layout=w.Layout(flex_flow="row wrap")),
                           self.plan_button, self.plan_message, self.roster, self.cards])
        # 2 score
        self.picker = w.Dropdown(options=[], description="小组", layout=w.Layout(width="min(100%, 36em)"))
        self.replace = w.Checkbox(value=False, description="覆盖已保存的评分", indent=False)
        self.score_progress = w.HTML()
        self.holder = w.Box(layout=w.Layout(width="100%"))
        self.panel: ScoringPanel | None = None
        self.scores_link = w.HTML()
        self.scores_button = w.Button(description="下载本机评分文件", layout=w.Layout(width="auto"),
                                      tooltip="观察员在自己的手机上评分时,下载后交给培训师导入")
        self.scores_button.on_click(lambda _: self.download_scores())
        self._quiet = False  # set while the picker's options are replaced
        self.picker.observe(lambda ch: None if self._quiet else self.show_group(ch["new"]), names="value")
        score_tab = w.VBox([self.score_progress, self.picker, self.replace, self.holder,
                            w.HTML("<h4>观察员用自己的手机评分时</h4><p>评完各组后点下面的按钮,把文件发给培训师,"
                                   "培训师在“③ 收集”里导入。</p>"),
                            self.scores_button, self.scores_link])
        # 3 collect
        self.upload = w.FileUpload(accept=".json", multiple=True, description="选择文件…",
                                   layout=w.Layout(width="auto"))
        self.upload.observe(lambda ch: self.import_uploaded(), names="value")
        self.import_log = w.HTML()
        collect_tab = w.VBox([w.HTML("<p>一次可选多个文件:学员在“我的练习”导出的进度文件、观察员的评分文件、"
                                     "以前导出的培训记录。同一个文件导入两次不会重复计数。</p>"),
                              self.upload, self.import_log])
        # 4 view
        self.view_button = w.Button(description="刷新", layout=w.Layout(width="auto"))
        self.view_button.on_click(lambda _: self.show_view())
        self.view = w.HTML()
        view_tab = w.VBox([self.view_button, self.view])
        # 5 export
        self.export_button = w.Button(description="生成导出文件", button_style="primary", layout=w.Layout(width="auto"))
        self.export_button.on_click(lambda _: self.export())
        self.export_links = w.HTML()
        self.clear_button = w.Button(description="清空本机的培训记录", button_style="danger", layout=w.Layout(width="auto"))
        self.confirm_button = w.Button(description="确定清空", button_style="danger", layout=w.Layout(display="none"))
        self.clear_button.on_click(lambda _: self.ask_clear())
        self.confirm_button.on_click(lambda _: self.clear())
        export_tab = w.VBox([
            w.HTML("<p>导出的 .json 文件交给管理团队成绩库的人,由他载入团队的记录库,重复载入不会重复计数;"
                   "导出的 .xlsx 文件可直接用 Excel 打开。载入的命令:</p>"
                   "<pre>python -m playbook records import 文件</pre>"),
            self.export_button, self.export_links,
            w.HTML("<h4>换电脑或重新开始</h4><p>培训记录只保存在这台设备的浏览器里;清空前请先导出。</p>"),
            w.HBox([self.clear_button, self.confirm_button], layout=w.Layout(flex_flow="row wrap"))])
        self.tabs = w.Tab([plan_tab, score_tab, collect_tab, view_tab, export_tab])
        for i, title in enumerate(("① 安排", "② 评分", "③ 收集", "④ 查看", "⑤ 导出")):
            self.tabs.set_title(i, title)
        self.tabs.observe(lambda ch: self._on_tab(ch["new"]), names="selected_index")
        super().__init__([self.status, self.tabs, self.message], layout=w.Layout(width="100%"), **kwargs)
        self.add_class("pb-console")
        if self.spec is not None:
            self.session.value = self.spec.session
            self.trainees.value = "\n".join(self.spec.trainees)
            self.rounds.value, self.seed.value = self.spec.rounds, self.spec.seed
            self.make_plan(save=False)
        self.refresh_status()

    # ------------------------------------------------------------------ helpers
    def now(self) -> datetime:
        return self._now if self._now is not None else datetime.now(timezone.utc)

    def _fail(self, where: w.HTML, err: BaseException) -> None:
        text = err.message if isinstance(err, PlaybookInputError) else f"出错了({type(err).__name__}: {err})"
        where.value = _msg(text, error=True)

    def refresh_status(self) -> None:
        try:
            with self.saved.open() as store:
                n_sheets, n_people = len(store.sheets()), len(store.practice_progress())
        except Exception as err:  # noqa: BLE001 - shown, never a traceback
            self._fail(self.status, err)
            return
        plan = f"当前场次“{self.plan.session}”· " if self.plan else "还没有安排场次 · "
        self.status.value = (f"<p class='pb-console-status' style='color:#444'>{_e(plan)}本机保存了 {n_sheets} 轮评分、"
                             f"{n_people} 名学员的自学进度(只保存在这台设备的浏览器里,刷新页面不会丢)。</p>")

    def _on_tab(self, index: int | None) -> None:
        if index == 3:
            self.show_view()
        elif index == 1:
            self.refresh_scored()

    # ------------------------------------------------------------------ 1 plan
    def make_plan(self, *, save: bool = True) -> roleplay.SessionPlan | None:
        try:
            spec = engine.PlanSpec(self.session.value, tuple(engine.split_names(self.trainees.value)),
                                   self.rounds.value, self.seed.value)  # IntText values; plan_session checks them
            plan = spec.plan()
        except PlaybookInputError as err:
            self._fail(self.plan_message, err)
            return None
        self.spec, self.plan = spec, plan
        if save:
            self.storage.setItem(engine.PLAN_KEY, spec.to_json())
        try:
            with self.saved.open() as store:
                for name in plan.trainees:
                    store.add_trainee(name)
        except Exception as err:  # noqa: BLE001
            self._fail(self.plan_message, err)
            return plan
        rows = [[c.round_no, c.group_no, c.salesperson, c.customer, "、".join(c.observers)] for c in plan.cards]
        self.roster.value = ("<h4>分组表</h4>" + table(["轮次", "组", "客户经理", "客户", "观察员"], rows, right=(0, 1)))
        page = cards_html(plan).replace('url("NotoSansSC-GB2312.ttf")', f'url("{FONT_URL}")')
        self.cards.value = (
            "<h4>卡片(A4,每页 4 张)</h4>"
            "<p><button type='button' class='pb-console-print' "
            "onclick=\"this.parentNode.parentNode.querySelector('iframe').contentWindow.print()\">"
            "打印卡片</button> 客户卡写着客户的秘密,请剪开后分别发给各人。</p>"
            f"<iframe class='pb-console-cards' title='情景模拟卡片' srcdoc=\"{html.escape(page, quote=True)}\" "
            "style='width:100%;height:32em;border:1px solid #ccc;background:#fff'></iframe>")
        self.plan_message.value = _msg(f"已生成:{len(plan.trainees)} 名学员,{len(plan.rounds)} 轮,共 {len(plan.cards)} 组。")
        self._quiet = True
        try:
            self.picker.options = [(f"第 {c.round_no} 轮 · 第 {c.group_no} 组 · 客户经理 {c.salesperson}", i)
                                   for i, c in enumerate(plan.cards)]
            self.picker.value = 0
        finally:
            self._quiet = False
        self.show_group(0)
        self.refresh_status()
        return plan

    # ------------------------------------------------------------------ 2 score
    def _stored(self, card: roleplay.RoundCard) -> roleplay.ScoreSheet | None:
        with self.saved.open() as store:
            have = [s for s in store.sheets(trainee=card.salesperson, session=card.session) if s.round_no == card.round_no]
        return have[0] if have else None

    def show_group(self, index: int | None) -> None:
        if self.plan is None or index is None:
            self.holder.children = (w.HTML("<p>先在“① 安排”生成分组。</p>"),)
            return
        card = self.plan.cards[index]
        panel = ScoringPanel(card, save=self._save)
        try:
            sheet = self._stored(card)
        except Exception as err:  # noqa: BLE001
            self._fail(panel.feedback, err)
            sheet = None
        if sheet is not None:  # a scored group shows its scores, not a blank form
            ticked = {m.check_id for m in sheet.marks if m.passed}
            for cid, box in panel.checks.items():
                box.value = cid in ticked
            panel.observer.value = sheet.observer
            panel.notes.value = sheet.notes
            panel.rating.value = sheet.rating or 0
            panel.feedback.value = ("<p><b>这一组已评过分</b>(下面是保存的结果;要改,勾选“覆盖已保存的评分”后修改再保存)。</p>"
                                    + explanation_html(roleplay.explain(sheet, card)))
        self.panel = panel
        self.holder.children = (panel,)
        self.refresh_scored()

    def _save(self, sheet: roleplay.ScoreSheet) -> None:
        try:
            with self.saved.open() as store:
                store.save_sheet(sheet, replace=self.replace.value)
        except PlaybookInputError as err:
            if err.code == "sheet_saved":
                raise PlaybookInputError("round_no", code="sheet_saved_page", where="", round_no=sheet.round_no,
                                         trainee=sheet.trainee) from err
            raise
        finally:
            self.refresh_scored()
            self.refresh_status()

    def refresh_scored(self) -> None:
        if self.plan is None:
            self.score_progress.value = "<p>先在“① 安排”生成分组。</p>"
            return
        try:
            with self.saved.open() as store:
                done = {(s.round_no, s.trainee) for s in store.sheets(session=self.plan.session)}
        except Exception as err:  # noqa: BLE001
            self._fail(self.score_progress, err)
            return
        cards = self.plan.cards
        n = sum((c.round_no, c.salesperson) in done for c in cards)
        todo = [f"第 {c.round_no} 轮第 {c.group_no} 组" for c in cards if (c.round_no, c.salesperson) not in done]
        rest = f";还没评分:{'、'.join(todo[:6])}{' 等' if len(todo) > 6 else ''}" if todo else ";全部完成"
        self.score_progress.value = f"<p class='pb-console-scored'><b>已评分 {n}/{len(cards)} 组</b>{_e(rest)}</p>"

    def download_scores(self) -> str:
        with self.saved.open() as store:
            sheets = store.sheets(session=self.plan.session if self.plan else None)
        observer = self.panel.observer.value if self.panel else ""
        text = engine.scores_text(sheets, observer=observer, exported_at=self.now())
        name = f"评分-{observer or '观察员'}-{self.now().astimezone().strftime('%Y%m%d-%H%M')}.json"
        self.scores_link.value = (data_link(text.encode("utf-8"), "application/json", name, f"下载 {name}")
                                  + f"<span style='color:#555'>({len(sheets)} 轮评分)</span>")
        return text

    # ------------------------------------------------------------------ 3 collect
    def import_files(self, files: list[tuple[str, bytes]]) -> list[engine.ImportResult]:
        """Import (name, content) pairs; one line per file, errors named per file."""
        results, lines = [], []
        for name, data in files:
            try:
                with self.saved.open() as store:
                    r = engine.import_file(store, name, data)
                if r.kind == "progress":  # kept for the engines that read more of a file
                    self.shelf.add(r.trainees[0], bytes(data).decode("utf-8-sig") if isinstance(data, (bytes, bytearray, memoryview)) else data)
            except PlaybookInputError as err:
                lines.append(f"<li style='color:{_BAD}'>✗ {_e(err.message)}</li>")
                continue
            except Exception as err:  # noqa: BLE001
                lines.append(f"<li style='color:{_BAD}'>✗ {_e(name)}:出错了({_e(type(err).__name__)})</li>")
                continue
            results.append(r)
            lines.append(f"<li style='color:{_OK}'>✓ {_e(r.text)}</li>")
        when = self.now().astimezone().strftime("%H:%M")
        self.import_log.value = (f"<p style='margin:0.6em 0 0'>{_e(when)} 导入 {len(files)} 个文件:</p>"
                                 f"<ul class='pb-console-imported'>{''.join(lines)}</ul>" + self.import_log.value)
        self.refresh_status()
        return results

    def import_uploaded(self) -> None:
        files = [(f["name"], bytes(f["content"])) for f in self.upload.value]
        if files:
            self.import_files(files)
            self.upload.value = ()  # the next pick starts afresh

    # ------------------------------------------------------------------ 4 view
    def session_view(self) -> engine.SessionView:
        with self.saved.open() as store:
            return engine.session_view(store, self.plan.session if self.plan else None,
                                       trainees=self.plan.trainees if self.plan else (), now=self.now(),
                                       files=self.shelf.texts(),
                                       option_stats=self.option_stats, unsure=self.unsure)

    def show_view(self) -> None:
        try:
            v = self.session_view()
        except Exception as err:  # noqa: BLE001
            self._fail(self.view, err)
            return
        fams = practice.FAMILIES
        head = ["状态", "学员", "对练轮次", "对练总体", *roleplay.SKILLS.values(), "自学作答", "到期",
                *(f"自学·{practice.FAMILY_LABELS[f]}" for f in fams)]
        rows = []
        for r in v.trainees:
            colour, word = _COLOURS[r.colour]
            ready = {x.family: x for x in r.readiness}
            cells = [f"<b class='pb-ready-{r.colour}' style='color:{colour}'>● {word}</b>", _e(r.name), str(r.rounds),
                     _pct(r.overall), *(_pct(r.skills[k]) for k in roleplay.SKILLS), str(r.answers), str(r.due)]
            for f in fams:
                x = ready.get(f)
                cells.append("—" if x is None else
                             f"<span style='color:{_COLOURS[x.colour][0]}'>● {_COLOURS[x.colour][1]}</span> {x.practised}/{x.total}")
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        th = "".join(f"<th>{_e(h)}</th>" for h in head)
        rules = "".join(f"<li>{_e(engine.READY_RULES[k])}</li>" for k in ("green", "yellow", "red"))
        ready_rules = "".join(f"<li>{_e(practice.READINESS_RULES[k])}</li>" for k in ("green", "yellow", "red"))
        skills = sorted(((lbl, v.team_skills[k]) for k, lbl in roleplay.SKILLS.items() if not math.isnan(v.team_skills[k])),
                        key=lambda x: x[1])
        weak_skills = ("<ol>" + "".join(f"<li>{_e(lbl)}:通过率 {_pct(rate)}</li>" for lbl, rate in skills) + "</ol>"
                       if skills else "<p style='color:#555'>还没有对练评分。</p>")
        weak = table(["检查项", "技能", "通过/检查", "通过率"],
                     [[c.label, roleplay.SKILLS.get(c.skill, c.skill), f"{c.passed}/{c.total}", _pct(c.rate)]
                      for c in v.weakest]) if v.weakest else "<p style='color:#555'>还没有被检查过 2 次以上的检查项。</p>"
        nexts = []
        for name, nd in v.next_drills.items():
            asks = "".join(f"<li>{_e(s.question.prompt)}"
                           + (f" <span style='color:#555'>({_e(s.question.situation)})</span>" if s.question.situation else "")
                           + f" {drill_link(s.question.id, s.question.family)}</li>"
                           for s in nd.suggestions)
            nexts.append(f"<h5>{_e(name)}</h5><ol class='pb-console-next'>{asks}</ol>")
        next_html = "".join(nexts) or "<p style='color:#555'>有了对练评分后,这里按每个人最弱的技能推荐题目。</p>"
        pending = "<p style='color:#8a5a00'>(这项统计的程序还没有装进本手册,装好后这里会自动显示。)</p>"
        self.view.value = (
            f"<div class='pb-console-view'><h4>{_e(v.session)}:学员准备情况</h4>"
            "<div style='overflow-x:auto'><table class='pb-console-ready' style='border-collapse:collapse;font-size:0.92em'>"
            f"<thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            f"<div style='color:#444;font-size:0.92em'>状态怎么定:<ul>{rules}</ul>自学颜色(我的练习):<ul>{ready_rules}</ul></div>"
            f"<h4>团队最弱的技能(由弱到强)</h4>{weak_skills}<h4>最薄弱的检查项</h4>{weak}"
            f"<h4>下一步练什么(点“去练习”直接打开那道题)</h4>{next_html}"
            "<h4>对练各选项的选择情况</h4>"
            + (pending if v.option_stats is None else _generic(v.option_stats))
            + "<h4>待裁定的自由作答(“拿不准”)</h4>"
            + (pending if v.unsure is None else _generic(v.unsure)) + "</div>")

    # ------------------------------------------------------------------ 5 export
    def export(self) -> tuple[str, bytes]:
        try:
            with self.saved.open() as store:
                text = engine.export_text(store, exported_at=self.now())
                sheets = store.sheets()
            book = engine.xlsx_bytes(self.session_view(), sheets)
        except Exception as err:  # noqa: BLE001
            self._fail(self.export_links, err)
            return "", b""
        session = self.plan.session if self.plan else "全部场次"
        when = self.now().astimezone()
        self.export_links.value = (
            data_link(text.encode("utf-8"), "application/json", engine.export_name(session, when, "json"),
                      f"下载 {engine.export_name(session, when, 'json')}")
            + data_link(book, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        engine.export_name(session, when, "xlsx"), f"下载 {engine.export_name(session, when, 'xlsx')}")
            + f"<p style='color:#555'>{len(sheets)} 轮评分。</p>")
        return text, book

    def ask_clear(self) -> None:
        self.confirm_button.layout.display = ""
        self.message.value = _msg("确定要清空这台设备上的全部培训记录吗?清空后不能恢复(可先导出)。", error=True)

    def clear(self) -> None:
        self.saved.clear()
        self.shelf.clear()
        self.storage.setItem(engine.PLAN_KEY, "")
        self.confirm_button.layout.display = "none"
        self.plan = self.spec = None
        self._quiet = True
        try:
            self.picker.options = []
        finally:
            self._quiet = False
        self.roster.value = self.cards.value = self.view.value = self.export_links.value = ""
        self.show_group(None)
        self.message.value = _msg("已清空本机的培训记录。")
        self.refresh_status()


def trainer_console(storage: Any = None) -> TrainerConsole:
    """The 培训师 page's console (used by ``book/trainer.md``)."""
    return TrainerConsole(storage)
