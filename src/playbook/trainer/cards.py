"""Printable role-play cards (情景模拟卡片) for a :class:`playbook.trainer.roleplay.SessionPlan`.

:func:`cards_html` renders a self-contained HTML page: a roster for the trainer, then for every
group of every round three cards (客户经理, 客户 — marked 保密, 观察员), four to an A4 page.
The Chinese font is the bundled Noto Sans SC subset, referenced by ``@font-face`` from the same
folder; :func:`write_cards` writes the page and the font (atomically) and, on request, prints a
PDF with headless Chromium.

Usage (``pdf=True`` also prints ``cards.pdf``, with Chromium):

>>> import tempfile
>>> from playbook.trainer import cards, roleplay
>>> plan = roleplay.plan_session(["张三", "李四", "王五"], rounds=3, seed=7)
>>> with tempfile.TemporaryDirectory() as out:
...     [p.suffix for p in cards.write_cards(plan, out)]
['.html', '.ttf']
"""
from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from playbook.errors import PlaybookInputError
from playbook.fileio import atomic_write, write_html_with_font
from playbook.fonts import FONT_FILE
from playbook.trainer.roleplay import ROLES, SKILLS, RoundCard, SessionPlan
from playbook.typography import chinese_typography

if TYPE_CHECKING:
    from playbook.kb import Dialogue

__all__ = ["FONT", "CARDS_PER_PAGE", "PrintError", "cards_html", "write_cards", "find_chromium",
           "dialogue_script_html", "write_dialogue_script"]

FONT = FONT_FILE  # written beside cards.html
CARDS_PER_PAGE = 4
#: Seconds Chromium may take to print the PDF.
PDF_TIMEOUT = 120


class PrintError(PlaybookInputError):
    """Printing the PDF failed (no Chromium, a crash, a timeout); ``message`` is Chinese."""


_CSS = f"""
@font-face {{ font-family: "Playbook Sans SC"; src: url("{FONT}") format("truetype"); }}
@page {{ size: A4; margin: 8mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: "Playbook Sans SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif;
       font-size: 8pt; line-height: 1.3; color: #111; margin: 0; }}
h1 {{ font-size: 14pt; margin: 0 0 3mm; }}
.roster table {{ border-collapse: collapse; width: 100%; }}
.roster th, .roster td {{ border: 1px solid #999; padding: 1mm 2mm; text-align: left; vertical-align: top; }}
.page {{ display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; align-items: start; break-after: page; page-break-after: always; }}
.page:last-child {{ break-after: auto; page-break-after: auto; }}
.roster {{ break-after: page; page-break-after: always; }}
.card {{ border: 1px dashed #666; padding: 3mm 3.5mm; break-inside: avoid; page-break-inside: avoid; }}
.card h2 {{ font-size: 9.5pt; margin: 0 0 1.5mm; padding-bottom: 1mm; border-bottom: 1px solid #ccc; }}
.card h3 {{ font-size: 8.5pt; margin: 1.2mm 0 0.3mm; }}
.card p {{ margin: 0.5mm 0; }}
.card ul, .card ol {{ margin: 0.5mm 0 1mm; padding-left: 5mm; }}
.card.customer {{ border: 2px solid #b42318; }}
.secret {{ color: #b42318; font-weight: bold; }}
.checks {{ list-style: none; padding-left: 0 !important; }}
.checks li::before {{ content: "□ "; }}
.hint {{ color: #555; font-size: 7pt; }}
.src {{ color: #555; font-size: 6.5pt; line-height: 1.2; }}
@media screen {{ body {{ max-width: 200mm; margin: 8mm auto; }} .page, .roster {{ margin-bottom: 8mm; }} }}
"""


def cards_html(plan: SessionPlan) -> str:
    """The cards of ``plan`` as one self-contained, printable HTML page.

    Every text (names included) goes through Chinese typography, then ``html.escape``."""


    def t(text: str) -> str:
        return html.escape(chinese_typography(text))

    def line(label: str, value: str, cls: str = "") -> str:
        attr = f' class="{cls}"' if cls else ""
        return f"<p{attr}><b>{t(label + ':')}</b>{t(value)}</p>"

    def note(text: str, tag: str = "p") -> str:
        return f'<{tag} class="hint">{t(text)}</{tag}>'

    def items(texts: Iterable[str], tag: str = "ul", cls: str = "") -> str:
        """A list of already escaped items."""
        lis = "".join(f"<li>{x}</li>" for x in texts)
        attr = f' class="{cls}"' if cls else ""
        return f"<{tag}{attr}>{lis}</{tag}>" if lis else ""

    def card(c: RoundCard, role: str, who: str, body: str, sources: Iterable[str]) -> str:
        secret = f'<span class="secret">{t("(保密)")}</span>' if role == "customer" else ""
        return (f'<section class="card {role}">'
                f"<h2>{t(f'第 {c.round_no} 轮 · 第 {c.group_no} 组 · {ROLES[role]}:{who}')}{secret}</h2>"
                f"{body}{note('来源:' + ';'.join(sources)).replace('hint', 'src', 1)}</section>")

    def salesperson(c: RoundCard) -> str:
        s = c.sales_card
        body = (line("今天拜访", s.who)
                + line("你要介绍", s.product + (f"(执行标准 {s.standard})" if s.standard else ""))
                + line("特征(F)", s.feature) + line("优点(A)", s.advantage)
                + line(f"对方是{s.audience},关心", "、".join(s.cares))
                + f"<h3>{t('你的任务')}</h3><p>{t(s.goal)}</p>"
                + note(f"客户属于哪一种{s.to_identify},卡片上没有写:要你从他的言行中判断。"))
        return card(c, "salesperson", c.salesperson, body, s.source)

    def customer(c: RoundCard) -> str:
        k = c.customer_card
        objections = [f"<b>{t(o.cue + ':')}</b>{t(o.statement)}"
                      + (f"<br>{note('提示:' + o.context, 'span')}" if o.context else "") for o in k.objections]
        quoted = ["或".join(m if m.startswith("“") else f"“{m}”" for m in o.methods) for o in k.objections]
        answers = [t(f"用{names},例如:{o.model_answer}") for names, o in zip(quoted, k.objections, strict=True)]
        body = (f'<p class="secret">{t("保密:只给扮演客户的学员看,不要给客户经理看。")}</p>'
                + line("你扮演", k.who) + line(f"你的{k.hidden_kind}", f"{k.hidden_name}(“{k.persona}”)")
                + f"<h3>{t('你会这样说')}</h3>{items(t(x) for x in k.says)}"
                + (f"<h3>{t('你会这样做')}</h3>{items(t(x) for x in k.does)}" if k.does else "")
                + f"<h3>{t('按顺序提出这些异议')}</h3>{items(objections, 'ol')}"
                + f"<h3>{t('对方做到这些,你就可以被说服')}</h3><p>{t(k.win_over)}</p>{items(answers)}")
        return card(c, "customer", c.customer, body, k.source)

    def observer(c: RoundCard) -> str:
        groups = "".join(
            f"<h3>{t(SKILLS[skill])}</h3>"
            + items((t(x.label) + (f"<br>{note(x.why, 'span')}" if skill == "etiquette" else "") for x in checks),
                    cls="checks")
            for skill, checks in c.observer_card.by_skill().items())
        body = (line("观察对象", f"客户经理 {c.salesperson}(客户由 {c.customer} 扮演)")
                + note("做到了就在 □ 里打钩,没做到留空;结束后把结果录入评分表。") + groups
                + line("总体评价(圈一个)", "1  2  3  4  5") + line("备注", ""))
        return card(c, "observer", "、".join(c.observers), body, c.observer_card.source)

    cards = [render(c) for c in plan.cards for render in (salesperson, customer, observer)]
    pages = "".join(f'<div class="page">{"".join(cards[i:i + CARDS_PER_PAGE])}</div>'
                    for i in range(0, len(cards), CARDS_PER_PAGE))
    head = ("轮次", "组", ROLES["salesperson"], ROLES["customer"], ROLES["observer"], "情景")
    rows = "".join("<tr>" + "".join(f"<td>{t(str(v))}</td>" for v in (
        c.round_no, c.group_no, c.salesperson, c.customer, "、".join(c.observers), c.customer_card.persona))
        + "</tr>" for c in plan.cards)
    roster = (f'<section class="roster"><h1>{t(f"情景模拟分组表 · {plan.session}")}</h1>'
              + note(f"共 {len(plan.trainees)} 名学员、{len(plan.rounds)} 轮(随机种子 {plan.seed})。"
                     "本页只给培训师:情景一栏会透露客户的类型。")
              + "<table><thead><tr>" + "".join(f"<th>{t(h)}</th>" for h in head)
              + f"</tr></thead><tbody>{rows}</tbody></table></section>")
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{t(f'情景模拟卡片 · {plan.session}')}</title><style>{_CSS}</style></head>"
            f"<body>{roster}{pages}</body></html>\n")


def find_chromium() -> str | None:
    """The Chromium executable, or None."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _print_pdf(page: Path, target: Path, timeout: float) -> None:
    chromium = find_chromium()
    if chromium is None:
        raise PrintError("pdf", code="pdf_no_chromium")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    profile = tempfile.mkdtemp(prefix="playbook-cards-")
    try:
        try:
            done = subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                 "--no-first-run", f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
                 page.resolve().as_uri()],
                capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PrintError("pdf", code="pdf_timeout", seconds=timeout) from None
        data = Path(tmp).read_bytes()
        if done.returncode != 0 or not data.startswith(b"%PDF"):
            tail = (done.stderr or "").strip().splitlines()[-1:] or ["(无输出)"]
            raise PrintError("pdf", code="pdf_failed", returncode=done.returncode, reason=tail[0])
        atomic_write(target, data)   # the usual file mode, not the temp file's owner-only one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
        shutil.rmtree(profile, ignore_errors=True)


def write_cards(plan: SessionPlan, out_dir: str | os.PathLike[str], *, pdf: bool = False,
                timeout: float = PDF_TIMEOUT) -> list[Path]:
    """Write ``cards.html`` and the font it uses into ``out_dir`` (atomically), and with
    ``pdf=True`` also ``cards.pdf`` printed by headless Chromium. Returns the written paths.

    No Chromium, a failed print or a timeout → :class:`PrintError` (Chinese message)."""
    out = Path(out_dir)
    written = write_html_with_font(out, "cards.html", cards_html(plan))
    if pdf:
        _print_pdf(out / "cards.html", out / "cards.pdf", timeout)
        written.append(out / "cards.pdf")
    return written


# ------------------------------------------------------------------ role-play dialogue scripts
_SCRIPT_CSS = _CSS + """
.script h1 { font-size: 13pt; }
.script h2 { font-size: 10.5pt; margin: 3mm 0 1.5mm; padding-bottom: 1mm; border-bottom: 1px solid #ccc; }
.script h3 { font-size: 9pt; margin: 2.5mm 0 0.8mm; }
.script { font-size: 9pt; line-height: 1.45; }
.script .scene { border: 1px dashed #666; padding: 2mm 3mm; margin: 1.5mm 0; break-inside: avoid; page-break-inside: avoid; }
.script .sheet { break-after: page; page-break-after: always; }
.script .sheet:last-child { break-after: auto; page-break-after: auto; }
.script .customer-sheet { border-left: 3px solid #b42318; padding-left: 3mm; }
.script ol.opts { margin: 0.5mm 0; padding-left: 5mm; }
.script ol.opts li { margin: 0.6mm 0; }
.kind-best { color: #1a7f37; font-weight: bold; } .kind-bad { color: #b42318; font-weight: bold; }
.kind-mismatch, .kind-weak { color: #9a6700; font-weight: bold; }
"""


def _dialogue(d: Dialogue | str) -> Dialogue:
    """``d`` itself, or the dialogue with this id."""
    from playbook.engines import dialogue as engine

    return engine.get(d) if isinstance(d, str) else d


def dialogue_script_html(d: Dialogue | str, seed: int = 0) -> str:
    """A role-play dialogue (:class:`playbook.kb.Dialogue` or its id) as a printable script:
    a sheet for the trainer, one for the salesperson (the scenes and the replies on offer), one
    for the customer (保密: his type, his lines and how he reacts to each reply) and the debrief
    (every reply with its verdict, why, rule and source). A4, the book's font; all text escaped.
    The options of each scene are in the order of the player's attempt ``seed`` (a new seed
    prints a new order, so two groups cannot learn the letters from each other)."""
    from playbook.engines import dialogue as engine
    from playbook import kb

    d = _dialogue(d)
    base = kb.load()

    def t(text: str) -> str:
        return html.escape(chinese_typography(text)).replace("\n", "<br>")

    nodes = [n for n in d.nodes]
    scenes = {n.id: i for i, n in enumerate((n for n in nodes if n.replies), start=1)}
    endings = {n.id: engine.OUTCOME_LABELS[n.outcome] + ("(守住了底线:这是对的结局)" if n.kept_rules else "")
               for n in nodes if not n.replies}

    def goto(node_id: str) -> str:
        if node_id in scenes:
            return f"转到第 {scenes[node_id]} 幕"
        end = next(n for n in nodes if n.id == node_id)
        label = f"结局:{endings[node_id]}"
        if end.fallback:
            label += f"(信任不足 {end.min_trust} 时改为:{endings[end.fallback]})"
        return label

    targets = "、".join(base.get(x).name for x in d.targets)
    rules = (f"客户心里有两个数:信任从 {d.trust} 开始,耐心从 {d.patience} 开始。每种说法后面注明了它让信任、耐心"
             "怎样变化;耐心降到 0,客户就按“走人台词”结束谈话(丢单)。到达“成交”结局时信任不够,"
             "就改为“约下次”。信任低于 0 时,用括号里的“冷淡时”台词。")
    trainer = (f'<section class="sheet"><h1>{t("对练脚本 · " + d.title)}</h1>'
               f"<p><b>{t('练的是:')}</b>{t(targets)}</p>"
               f"<p><b>{t('情景:')}</b>{t(d.setting)}</p><p><b>{t('客户:')}</b>{t(d.customer)}</p>"
               f"<h2>{t('怎样演')}</h2><ol>"
               f"<li>{t('两人一组:一人演客户经理,拿“客户经理页”;一人演客户,拿“客户页”(保密)。可以再加一名观察员,拿“讲解页”,演完再给大家看。')}</li>"
               f"<li>{t('从第 1 幕开始:客户念台词,客户经理从本幕的说法里选一句(也可以用自己的话,但要说出是哪一种)。客户按客户页上对应的反应回应,再转到下一幕。')}</li>"
               f"<li>{t('到达结局后,一起对照讲解页逐轮复盘。')}</li></ol>"
               f'<p class="hint">{t(rules)}</p>'
               f'<p class="src">{t("来源:" + ";".join(d.source) + "。对练 id:" + d.id)}</p></section>')

    sales_scenes, customer_scenes, debrief_scenes = [], [], []
    for n in nodes:
        if not n.replies:
            continue
        k = scenes[n.id]
        opts = engine.node_options(d, n.id, seed)
        typed = (f'<p class="hint">{t("关键的一幕:先不看下面的说法,用自己的话对客户说;观察员判断是合格、不到位还是坏做法,再按最接近的那一句往下走。")}</p>'
                 if n.typed else "")
        diagnosis = (f'<p class="hint">{t("这一幕开始前先写下:" + engine.diagnosis_question(d) + "(演完对照讲解页)")}</p>'
                     if k == 2 and engine._diagnose_item(d) else "")
        sales_scenes.append(
            f'<div class="scene"><h3>{t(f"第 {k} 幕")}</h3>{diagnosis}<p>{t("客户:" + n.says)}</p>{typed}'
            f'<ol class="opts" type="A">{"".join(f"<li>{t(r.say)}</li>" for r in opts)}</ol></div>')
        cold = f"<br>{t('(冷淡时)' + n.says_cold)}" if n.says_cold else ""
        reacts = "".join(
            f"<li>{t(f'信任 {r.trust:+d},耐心 {r.patience:+d}。')}"
            + (t("你说:" + r.react) + " " if r.react else "") + f"<b>{t(goto(r.to))}</b></li>"
            for r in opts)
        customer_scenes.append(
            f'<div class="scene"><h3>{t(f"第 {k} 幕")}</h3><p>{t("你说:" + n.says)}{cold}</p>'
            f'<p class="hint">{t("客户经理选了哪一句,就按对应的字母回应:")}</p>'
            f'<ol class="opts" type="A">{reacts}</ol></div>')
        verdicts = "".join(
            f'<li><span class="kind-{r.kind}">{t(engine.KIND_LABELS[r.kind])}</span> {t(r.why)}'
            f'<br><span class="src">{t("依据:" + base.get(r.rule).name + ";来源:" + ";".join(r.source))}</span></li>'
            for r in opts)
        debrief_scenes.append(f'<div class="scene"><h3>{t(f"第 {k} 幕")}</h3>'
                              f'<ol class="opts" type="A">{verdicts}</ol></div>')
    ends = "".join(f"<p><b>{t(endings[n.id] + ':')}</b>{t(n.says)}</p>" for n in nodes if not n.replies)
    sales = (f'<section class="sheet"><h1>{t("客户经理页")}</h1>'
             f"<p><b>{t('情景:')}</b>{t(d.setting)}</p><p><b>{t('客户:')}</b>{t(d.customer)}</p>"
             f'<p class="hint">{t("客户是哪一种人,这页上没有写:要你从他的话里判断。每一幕选一句。")}</p>'
             f"{''.join(sales_scenes)}</section>")
    customer = (f'<section class="sheet customer-sheet"><h1>{t("客户页")}<span class="secret">'
                f'{t("(保密:不要给客户经理看)")}</span></h1>'
                f"<p><b>{t('你扮演:')}</b>{t(d.customer)}</p><p><b>{t('你的类型:')}</b>{t(d.hidden)}</p>"
                f'<p class="hint">{t(rules)}</p><p><b>{t("走人台词:")}</b>{t(d.walkout)}</p>'
                f"{''.join(customer_scenes)}<h2>{t('结局')}</h2>{ends}</section>")
    answer = engine._diagnose_item(d)
    diag = (f"<p><b>{t('判断类型:')}</b>{t(base.get(answer).name + ';线索:' + '、'.join('“' + c + '”' for c in d.cues))}</p>"
            if answer else "")
    debrief = (f'<section class="sheet"><h1>{t("讲解页 · " + d.title)}</h1>'
               f'<p class="hint">{t("演完再看。每一幕的 A、B、C 与客户经理页上的顺序一致。")}</p>'
               f"{diag}{''.join(debrief_scenes)}</section>")
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{t('对练脚本 · ' + d.title)}</title><style>{_SCRIPT_CSS}</style></head>"
            f'<body class="script">{trainer}{sales}{customer}{debrief}</body></html>\n')


def write_dialogue_script(d: Dialogue | str, out_dir: str | os.PathLike[str], *, pdf: bool = False,
                          timeout: float = PDF_TIMEOUT) -> list[Path]:
    """Write ``对练-<id>.html`` (and the font) into ``out_dir``; with ``pdf=True`` also the PDF."""
    d = _dialogue(d)
    out = Path(out_dir)
    name = f"对练-{d.id}"
    written = write_html_with_font(out, f"{name}.html", dialogue_script_html(d))
    if pdf:
        _print_pdf(out / f"{name}.html", out / f"{name}.pdf", timeout)
        written.append(out / f"{name}.pdf")
    return written
