"""Static HTML quiz from the drill banks: works in the published book without a kernel.

Standard library only. Answers and explanations stay hidden until the reader clicks an option;
a small inline script (no CDN, no network) shuffles each question's options afresh at every
page load (letters, the answer shown after a choice and the printed key follow the new order),
marks the choice and reveals the explanation. Without scripts the options keep the seed's order,
whose key positions are balanced (:func:`playbook.kb.banks.questions`).

Usage (e.g. from a Sphinx directive, which should emit the string as a raw HTML node)::

    from playbook.site.quizgen import quiz_html
    html_text = quiz_html(seed=1, families=["objection"], size=8)
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from playbook import kb as _kb
from playbook.engines import drills, practice
from playbook.typography import html_text

__all__ = ["quiz_html", "render_quiz"]

_CSS = """<style>
.pb-quiz{border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin:1em 0}
.pb-quiz-q{margin:0 0 1.2em 0}
.pb-quiz-ctx{background:#f6f8fa;padding:6px 10px;border-radius:4px;line-height:1.6}
.pb-quiz-opt{display:block;width:100%;text-align:left;margin:4px 0;padding:6px 10px;border:1px solid #bbb;
  border-radius:4px;background:#fff;cursor:pointer;font:inherit}
.pb-quiz-opt[disabled]{cursor:default}
.pb-quiz-opt.pb-right{border-color:#1a7f37;background:#e9f7ee}
.pb-quiz-opt.pb-wrong{border-color:#b42318;background:#fdecea}
.pb-quiz-fb{margin-top:6px;color:#333}
.pb-quiz-key{display:none}
@media print{.pb-quiz-fb{display:none!important}.pb-quiz-key{display:block;border-top:1px dashed #999;margin-top:.8em;padding-top:.4em;font-size:.92em}
.pb-quiz-opt{border:none;padding:1px 0;margin:0}.pb-quiz-q{break-inside:avoid}}
</style>"""

# Shuffles the options of every question not yet shuffled (each quiz block runs it; letters,
# the answer letter in the feedback and in the printed key follow), then one delegated
# listener per page reveals the feedback of the question clicked.
_JS = """<script>
(function(){var L='ABCDEFGH';document.querySelectorAll('.pb-quiz-q:not([data-shuffled])').forEach(function(q){
q.dataset.shuffled='1';var box=q.querySelector('.pb-quiz-opts');if(!box)return;
var os=Array.prototype.slice.call(box.querySelectorAll('.pb-quiz-opt'));
for(var i=os.length-1;i>0;i--){var j=Math.floor(Math.random()*(i+1));var t=os[i];os[i]=os[j];os[j]=t;}
os.forEach(function(o,k){box.appendChild(o);o.querySelector('.pb-quiz-l').textContent=L[k];
if(o.dataset.i===q.dataset.a){var a=L[k];q.querySelectorAll('.pb-quiz-al').forEach(function(e){e.textContent=a;});
document.querySelectorAll('.pb-quiz-kl[data-q="'+q.id+'"]').forEach(function(e){e.textContent=a;});}});});})();
(function(){if(window.pbQuizReady)return;window.pbQuizReady=true;
document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('.pb-quiz-opt');
if(!b)return;var q=b.closest('.pb-quiz-q');if(q.dataset.done)return;q.dataset.done='1';
var ok=b.dataset.i===q.dataset.a;b.classList.add(ok?'pb-right':'pb-wrong');
q.querySelectorAll('.pb-quiz-opt').forEach(function(o){o.disabled=true;
if(o.dataset.i===q.dataset.a)o.classList.add('pb-right');});
var f=q.querySelector('.pb-quiz-fb');f.querySelector('.pb-quiz-verdict').textContent=ok?'✓ 回答正确':'✗ 回答错误';
f.hidden=false;});})();
</script>"""


def _lines(text: str) -> str:
    return html_text(text).replace("\n", "<br>")


def _qid(q: drills.Question) -> str:
    return f"pb-q-{html.escape(q.id)}"


def render_quiz(questions: Sequence[drills.Question], *, title: str = "小测验") -> str:
    """HTML for the questions: options as buttons, explanation hidden until answered."""
    parts = [_CSS, f'<div class="pb-quiz"><p><b>{html_text(title)}</b></p>']
    for n, q in enumerate(questions, 1):
        label = drills.FAMILY_LABELS[q.family]
        options = "".join(f'<button type="button" class="pb-quiz-opt" data-i="{i}" data-o="{oid}">'
                          f'<span class="pb-quiz-l">{chr(65 + i)}</span>. {html_text(opt)}</button>'
                          for i, (opt, oid) in enumerate(zip(q.options, q.option_ids, strict=True)))
        parts.append(
            f'<div class="pb-quiz-q" data-a="{q.answer}" id="{_qid(q)}">'
            f"<p><b>{n}. [{label}]</b></p><div class=\"pb-quiz-ctx\">{_lines(q.context)}</div>"
            f'<p><b>{html_text(q.prompt)}</b></p><div class="pb-quiz-opts">{options}</div>'
            f'<div class="pb-quiz-fb" hidden><b class="pb-quiz-verdict"></b> 正确答案：'
            f'<span class="pb-quiz-al">{chr(65 + q.answer)}</span><br>{_lines(q.explanation)}</div></div>')
    # The answer key: shown only in print (the screen reveals each answer after a choice) and
    # left out of search snippets (playbook-site.js).
    keys = "".join(f'<li><span class="pb-quiz-kl" data-q="{_qid(q)}">{chr(65 + q.answer)}</span>'
                   f"\u3002{_lines(q.explanation)}</li>" for q in questions)
    parts.append(f'<div class="pb-quiz-key"><p><b>答案</b></p><ol>{keys}</ol></div>')
    parts.append("</div>")
    parts.append(_JS)
    return "\n".join(parts)


def quiz_html(*, seed: int = 0, size: int = 10, families: Iterable[str] | None = None,
              title: str = "小测验", base: _kb.KnowledgeBase | None = None) -> str:
    """A static quiz of ``size`` questions drawn from the banks with ``seed`` (deterministic)."""
    session = practice.make_session(seed, size=size, families=families, base=base)
    return render_quiz(session.questions, title=title)
