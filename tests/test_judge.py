"""The free-text judge (issue 22): three-way verdict, bad practice by class in unseen phrasings,
one normaliser, the customer's concern from data, old names forwarded, the trainer's loop."""
from __future__ import annotations

import html
import json
import re
import warnings
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from playbook import kb
from playbook.engines import drills, judge, practice
from playbook.errors import PlaybookInputError
from playbook.normalize import MAX_ANSWER, answer_text

#: Three phrasings per class, written for this test: none occurs in the rule data (checked
#: below), so a pass here means the class is caught by intent, not by the literal sentence.
UNSEEN: dict[str, tuple[str, ...]] = {
    "kickback": ("单子定下来,年底我单独给您备一份薄礼,不走公司的账。",
                 "您孩子明年不是要上大学吗,学费这块我私人帮衬一点。",
                 "事成之后按吨给您个人提两个点,打到您指定的卡上。"),
    "invoice": ("发票可以按您方便的品名开,写成办公用品也行。",
                "这笔钱您要是不想一次入账,我给您拆成三张票开。",
                "票的日期我可以往前倒两个月,方便您那边报账。",
                "发票您那边要是用不上,单价我还能往下让两分。",
                "咱们按不带票的价结,比含税的低一截。"),
    "inspection_tipoff": ("质监局哪天下来查油,我一有消息就给您打电话。",
                          "下回抽检前我让人先跟您打声招呼,您把库里那批先挪走。",
                          "放心,检查的人我熟,来之前我会提前透风给您。"),
    "credit": ("货您先拉回去卖着,款子年后再结都没问题。",
               "账期不用走审批,我口头答应您九十天。",
               "这个价我自己就能拍板,再给您按八折算。"),
    "guarantee": ("用了我们的油,发动机十年都不会出毛病,我拿人格担保。",
                  "您进这批货,转手至少赚一倍,稳稳的。",
                  "下周三之前一定送到,出了任何差错我个人全赔。"),
    "quality_claim": ("我们这油的品质全省没有能比的,检测都不用做。",
                      "这台机床精度是业内顶尖的,用二十年都不会走样。",
                      "那批货有点小瑕疵,不过一般人看不出来,您就别声张了。"),
    "pressure": ("今天您不点头,明天这个价就给别人了,您自己掂量。",
                 "您要是这回不订,以后旺季缺货可别来找我。",
                 "最后给您五分钟,签不签一句话。"),
    "arguing": ("您这问题问得太外行了,我都不知道怎么回答。",
                "说到底您不就是想多压点价吗,直说好了。",
                "这都解释三遍了,您还听不明白?"),
    "competitor": ("隔壁那家的油我听说是从小炼厂调出来的,里面掺了啥谁也说不清。",
                   "他们家机床都是翻新货,买了准后悔。",
                   "那家供应商去年被税务查过,迟早要关门。"),
}


@pytest.fixture(scope="module")
def tasks() -> dict[str, drills.FreeTextTask]:
    return {t.id: t for t in drills.free_text_tasks()}


def _rule_text() -> str:
    base = kb.load()
    parts = [p for c in base.bad_practice_classes for p in (*c.patterns, *c.examples)]
    parts += [p for c in base.rubric_checks for p in (*c.phrases, c.pattern, *c.passes, *c.fails)]
    parts += [w for c in base.concern_cues for w in (*c.raised_by, *c.answered_by)]
    return "\n".join(parts)


def test_unseen_phrasings_cover_every_class_and_are_not_in_the_rules():
    assert set(UNSEEN) == set(kb.BAD_PRACTICE_GROUPS)
    rules = _rule_text()
    for group, phrasings in UNSEEN.items():
        assert len(set(phrasings)) >= 3, group
        for p in phrasings:
            body = re.sub(r"[,。?!]", "", p)
            assert body not in rules and p not in rules, (group, p)
            # nor any of its clauses
            for clause in re.split(r"[,。?!]", p):
                if len(clause) >= 6:
                    assert clause not in rules, (group, clause)


@pytest.mark.parametrize("group", list(UNSEEN))
def test_every_class_fails_in_three_unseen_phrasings(group, tasks):
    """Alone, and tacked onto the end of an otherwise excellent answer."""
    task = tasks["drill-ob-price-1#text"] if "drill-ob-price-1#text" in tasks else next(
        t for t in tasks.values() if t.family == "objection")
    assert judge.score_free_text(task, task.model_answer).verdict == "pass"
    for phrasing in UNSEEN[group]:
        alone = judge.score_free_text(task, phrasing)
        assert alone.verdict == "fail" and alone.reasons, (group, phrasing, alone.verdict, alone.reasons)
        # after the model answer only the bad practice can make it fail: the reason must say so
        tacked = judge.score_free_text(task, f"{task.model_answer}{phrasing}")
        assert tacked.verdict == "fail", (group, phrasing, tacked.verdict, tacked.reasons, tacked.p_bad)
        assert tacked.hard_fails and any("不可接受" in x for x in tacked.reasons), (group, phrasing, tacked.reasons)


def _passing_answer(family: str, tasks) -> tuple[drills.FreeTextTask, str]:
    """A task of ``family`` and an answer to it the judge passes: its model answer, or else (the
    model answers of the customer-type and style tasks state the strategy, not a reply) the first
    ``excellent`` corpus answer that passes (searched, not hard-coded)."""
    from pathlib import Path

    for task in (t for t in tasks.values() if t.family == family):
        if judge.score_free_text(task, task.model_answer).verdict == "pass":
            return task, task.model_answer
    for path in sorted((Path(__file__).parent / "data" / "free_text_corpus").glob("w*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            task = tasks[row["task"]]
            if task.family == family and row["label"] == "excellent" and \
                    judge.score_free_text(task, row["text"]).verdict == "pass":
                return task, row["text"]
    raise AssertionError(f"no passing answer for {family}")


@pytest.mark.parametrize("family", ["customer_type", "communication_style", "fab"])
def test_unseen_phrasings_fail_in_every_family(family, tasks):
    """The same unseen phrasings, tacked onto the model answer of a task of each other family:
    bad practice is judged by its intent wherever it appears, not by the task it was tuned on."""
    task, good = _passing_answer(family, tasks)
    for group, phrasings in UNSEEN.items():
        for phrasing in phrasings:
            r = judge.score_free_text(task, f"{good}{phrasing}")
            assert r.verdict == "fail" and r.hard_fails, (family, group, phrasing, r.verdict, r.reasons)


def test_hard_fail_names_the_class_the_words_show(tasks):
    """Reason attribution: words taken as one class's evidence do not also name another class
    (“私下给您” is a gift to a person, not a price concession)."""
    task = next(t for t in tasks.values() if t.family == "objection")
    for text, group in (("签了单我私下给您备一份,您心里有数就行。", "kickback"),
                        ("差价我月底私下给您,就当是个人的一点意思。", "kickback"),
                        ("货您先拉走,钱下个月再给也行。", "credit")):
        r = judge.score_free_text(task, text)
        assert r.verdict == "fail" and [f.group for f in r.hard_fails][:1] == [group], (text, r.hard_fails)
        if group == "kickback":
            assert not any(f.group == "credit" for f in r.hard_fails), (text, r.hard_fails)


@pytest.mark.parametrize("hide", [
    lambda s: s.replace("回扣", "回\u200b扣"), lambda s: s.replace("回扣", "回\u00ad扣"),
    lambda s: s.replace("回扣", "回\u2060扣"), lambda s: s.replace("回扣", "\u202e回扣\u202c"),
    lambda s: s.replace("回扣", "囘扣"), lambda s: s.replace("给您", "給您"),
    lambda s: s.replace("回扣", "ｈｕｉ回扣"),
])
def test_hidden_and_traditional_forms_are_read_as_plain_text(hide, tasks):
    task = next(t for t in tasks.values() if t.family == "objection")
    text = hide(f"{task.model_answer}另外给您一点回扣。")
    r = judge.score_free_text(task, text)
    assert r.verdict == "fail" and any(f.group == "kickback" for f in r.hard_fails)


def test_answer_text_is_the_one_normaliser():
    assert answer_text("紅包\u200b 愛買不買 ＡＢ１") == "红包 爱买不买 AB1"
    assert len(answer_text("因为" * 100_000)) == MAX_ANSWER
    with pytest.raises(PlaybookInputError):
        answer_text(None)  # type: ignore[arg-type]


def test_verdict_contract(tasks):
    for task in list(tasks.values())[::7]:
        for text in (task.model_answer, "好的", "您看着办吧,我们的东西都挺好的。", f"{task.model_answer}爱买不买。"):
            try:
                r = judge.score_free_text(task, text)
            except PlaybookInputError:
                continue
            assert r.verdict in judge.VERDICTS
            assert r.acceptable == (r.verdict == "pass")
            if r.verdict == "fail":
                assert r.reasons, "a fail always names its reason"
            assert 0.0 <= r.score <= 1.0


def test_plain_keyword_salad_and_gibberish_fail(tasks):
    task = next(t for t in tasks.values() if t.family == "customer_type")
    salad = " ".join(p for c in judge.rubric_for(task.family, task.targets) if c.mode == "must" for p in c.phrases)
    assert judge.score_free_text(task, salad).verdict == "fail"
    assert judge.score_free_text(task, "asdf qwer 1234").verdict == "fail"


def test_concern_comes_from_the_knowledge_base_not_the_display_text(tasks):
    task = next(t for t in tasks.values() if t.family == "customer_type")
    reworded = replace(task, context=task.context.replace("客户说:", "他开口就问:"))
    for text in (task.model_answer, "化验单我带来了,您先看,运费和损耗我列个表。", "我们的油挺好的。"):
        a, b = judge.score_free_text(task, text), judge.score_free_text(reworded, text)
        assert (a.verdict, a.reasons, a.score) == (b.verdict, b.reasons, b.score)
    said = judge.customer_words(task)
    scenario = kb.load().get(task.item_id)
    assert said == "\n".join(scenario.says)


def test_judge_is_capped_and_linear_enough(tasks):
    task = next(t for t in tasks.values() if t.family == "fab")
    r = judge.score_free_text(task, "我们不给回扣," * 200_000)
    assert r.verdict in judge.VERDICTS


@pytest.mark.parametrize("name, module", [
    ("score_free_text", judge), ("RubricResult", judge), ("rubric_for", judge), ("HardFail", judge),
    ("make_session", practice),
])
def test_old_names_are_forwarded_with_a_deprecation_warning(name, module):
    with pytest.warns(DeprecationWarning, match=name):
        old = getattr(drills, name)
    assert old is getattr(module, name)


def test_old_leitner_names_still_read_old_files(tmp_path):
    from playbook.engines import leitner

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert drills.load_progress is leitner.load_progress
        p = drills.record(drills.new_progress("张三"), "q1", True)
        drills.save_progress(tmp_path / "p.json", p)
    migrated, _ = practice.from_json((tmp_path / "p.json").read_text(encoding="utf-8"), trainee="张三")
    assert [r.item for r in migrated.reviews] == ["q1"]


def test_unknown_attribute_still_raises():
    with pytest.raises(AttributeError):
        drills.no_such_name  # noqa: B018


# ------------------------------------------------------------------ the trainer's loop
def test_free_text_answers_reach_the_trainer_and_export_as_labelled_jsonl(tasks):
    task = next(iter(tasks.values()))
    at = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)  # answers dated in the future are refused
    p = practice.record_free_text(practice.Progress(), task.id, "化验单我带了\u200b", "unsure",
                                  self_rating="还行", at=at, review_id="r1")
    p = practice.record_free_text(p, task.id, "好的", "fail", at=at, review_id="r2")
    p = practice.record_free_text(p, task.id, "很好的回答", "pass", at=at, review_id="r3")
    assert [r.rating for r in p.reviews] == [practice.HARD, practice.AGAIN, practice.GOOD]
    # the progress file carries verdict and answer, and reads back
    back, _ = practice.from_json(practice.to_json(p, trainee="张三"))
    assert [(r.verdict, r.answer) for r in back.reviews] == [("unsure", "化验单我带了"), ("fail", "好的"),
                                                              ("pass", "很好的回答")]
    unsure = practice.unsure_answers({"张三": back})
    assert [(u.trainee, u.review_id, u.answer) for u in unsure] == [("张三", "r1", "化验单我带了")]
    assert practice.unsure_answers({"张三": back}, decided={"r1"}) == []
    text = practice.export_verdicts([(unsure[0], "acceptable", "")], trainer="李老师")
    row = json.loads(text)
    assert row == {"task": task.id, "text": "化验单我带了", "label": "acceptable", "bad_class": "", "voice": "trainee",
                   "writer": "trainer:李老师", "review": "r1"}
    with pytest.raises(PlaybookInputError) as e:
        practice.export_verdicts([(unsure[0], "bad_practice", "")], trainer="李老师")
    assert e.value.field == "bad_class"
    with pytest.raises(PlaybookInputError) as e:
        practice.record_free_text(practice.Progress(), task.id, "x", "unsure")
    assert e.value.field == "self_rating"


def test_progress_file_with_a_bad_verdict_is_refused():
    text = json.dumps({"format": practice.FORMAT, "version": practice.VERSION, "reviews": [
        {"id": "a", "item": "x", "rating": 3, "at": "2027-01-01T00:00:00+00:00", "verdict": "maybe"}]})
    with pytest.raises(PlaybookInputError):
        practice.from_json(text)


# ------------------------------------------------------------------ data where data lives
def test_bad_practice_data_is_validated_at_build():
    from playbook.kb import build

    raw = build.read_yaml()
    file, item = raw["bad_practice_classes"][0]
    broken = dict(item, patterns=["(unclosed"])
    raw["bad_practice_classes"][0] = (file, broken)
    with pytest.raises(kb.KnowledgeError) as e:
        build.validate(raw)
    assert e.value.field == "patterns[0]"


def test_every_class_example_fails_with_its_own_class(tasks):
    task = next(t for t in tasks.values() if t.family == "objection")
    for c in kb.load().bad_practice_classes:
        for example in c.examples:
            r = judge.score_free_text(task, example)
            assert r.verdict == "fail", (c.kind, example)


# ------------------------------------------------------------------ the panel
def _answer_with(verdict: str, tasks) -> tuple[drills.FreeTextTask, str]:
    """A task and an answer the judge gives ``verdict`` (searched in the corpus, not hard-coded)."""
    from pathlib import Path

    corpus = Path(__file__).parent / "data" / "free_text_corpus"
    for path in sorted(corpus.glob("w*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            task = tasks[row["task"]]
            if judge.score_free_text(task, row["text"]).verdict == verdict:
                return task, row["text"]
    raise AssertionError(f"no corpus answer is judged {verdict}")


@pytest.mark.parametrize("verdict", judge.VERDICTS)
def test_panel_wording_follows_the_verdict(verdict, tasks):
    pytest.importorskip("ipywidgets")
    from playbook.views.drills import FreeTextDrill

    task, text = _answer_with(verdict, tasks)
    seen = []
    view = FreeTextDrill(task, on_result=lambda r, hinted, rating: seen.append((r.verdict, rating)))
    result = view.check(text)
    shown = view.feedback.value
    assert "得分" not in shown and not re.search(r"通过 \d+/\d+ 项", shown)
    if verdict == "pass":
        assert "✓ 通过" in shown and seen == [("pass", None)]
        assert view.rating_box.layout.display == "none"
    elif verdict == "fail":
        assert "✗ 不通过" in shown and result.reasons and seen == [("fail", None)]
        assert view.rating_box.layout.display == "none"
    else:
        assert "待定" in shown and "参考" in shown and task.model_answer.split(",")[0][:10] in shown
        # what the judge could not confirm is listed; a reason that names nothing (the headline's
        # own words) is not said twice
        assert judge.UNSURE_WITHOUT_DETAIL not in shown
        assert all(html.escape(r) in shown for r in result.reasons if r != judge.UNSURE_WITHOUT_DETAIL)
        assert view.rating_box.layout.display == "flex" and seen == []
        assert [b.description for b in view.rate_buttons] == ["再练", "还行", "掌握"]
        view.rate("掌握")
        assert seen == [("unsure", "掌握")] and "培训师" in view.note.value
        assert all(b.disabled for b in view.rate_buttons)


def test_an_unsure_verdict_without_detail_says_so_once(tasks):
    """The headline says the judge cannot tell; the reason that only says the same is not listed
    under it (the trainer's review list still has it), while a named doubt is."""
    pytest.importorskip("ipywidgets")
    from playbook.views.drills import verdict_html

    task, text = _answer_with("unsure", tasks)
    result = judge.score_free_text(task, text)
    plain = verdict_html(replace(result, reasons=(judge.UNSURE_WITHOUT_DETAIL,)), task)
    assert "待定" in plain and "<li>" not in plain and task.model_answer[:10] in plain
    named = verdict_html(replace(result, reasons=("没有回应客户的顾虑", judge.UNSURE_WITHOUT_DETAIL)), task)
    assert named.count("<li>") == 1 and "没有回应客户的顾虑" in named


def test_panel_saves_the_verdict_and_answer_for_the_trainer(tasks):
    pytest.importorskip("ipywidgets")
    from playbook.views.drills import drill_panel

    storage = practice.MemoryStorage()
    store = practice.BrowserStore(storage)
    tabs = drill_panel(["objection"], seed=0, size=2, store=store)
    free = tabs.children[1]
    task, text = _answer_with("unsure", {free.task.id: free.task, **tasks})
    free.task = task
    free.check(text)
    if free.result.verdict == "unsure":
        free.rate("再练")
    logged = [r for r in store.load().reviews if r.verdict]
    assert logged and logged[-1].answer == answer_text(text, cap=practice.ANSWER_CAP)
    assert practice.unsure_answers({"我": store.load()})[0].answer == logged[-1].answer


@pytest.mark.parametrize("p_bad,verdict", [(0.01, "unsure"), (0.5, "fail")])
def test_a_rule_hit_the_model_is_sure_is_wrong_is_left_to_the_trainer(p_bad, verdict, tasks, monkeypatch):
    """A bad practice the rules name fails, unless the learned component is nearly sure it is not
    (below the shipped ``rule_fail_unsure``): then the judge cannot tell, the answer is ``unsure``
    (never a pass) and the reason shows what the rules saw."""
    from playbook.engines import judge_model

    task = next(t for t in tasks.values() if t.family == "objection")
    text = "您放心,签了单我私下给您一笔回扣,好处少不了您的。"
    assert 0.01 < judge_model.thresholds(kb.load())["rule_fail_unsure"] < 0.5  # the two cases straddle it
    real = judge_model.estimate
    monkeypatch.setattr(judge_model, "estimate", lambda norm, s, base: replace(
        real(norm, s, base), p_bad=p_bad, p_bad_pass=p_bad, p_bad_class=p_bad, p_good=0.5))
    result = judge.score_free_text(task, text)
    assert result.hard_fails and result.verdict == verdict, (result.verdict, result.reasons)
    if verdict == "unsure":
        assert result.reasons[0].startswith("可能有不当做法") and "回扣" in result.reasons[0]
    else:
        assert any(r.startswith("不可接受的做法") for r in result.reasons)
