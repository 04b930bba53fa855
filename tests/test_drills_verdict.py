"""Free-text verdicts (issue 12): calibration on the held-out labelled set, one test per rule,
the corrected banks, and a compliance scan of every correct option and model answer."""
from __future__ import annotations

import re

import dataclasses
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from playbook import kb
from playbook.engines import answer_rules as rules
from playbook.engines import drills, judge

BASE = kb.load()
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "free_text_labelled.jsonl"
LABELS = {"excellent", "acceptable", "poor", "bad_practice", "off_target"}
TASKS = {t.id: t for t in drills.free_text_tasks()}


def task(task_id: str) -> drills.FreeTextTask:
    return TASKS[task_id]


def verdict(task_id: str, text: str) -> judge.RubricResult:
    return judge.score_free_text(task(task_id), text)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_free_text", ROOT / "benchmarks" / "bench_free_text.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ the labelled set
def test_labelled_set_is_large_labelled_and_split():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 300
    assert {r["label"] for r in rows} == LABELS
    assert {r["split"] for r in rows} == {"dev", "heldout"}
    assert sum(r["split"] == "heldout" for r in rows) >= 0.3 * len(rows)
    assert {r["task"] for r in rows} <= set(TASKS)
    families = Counter(TASKS[r["task"]].family for r in rows)
    assert set(families) == {"customer_type", "communication_style", "objection", "fab"}
    assert len({(r["task"], r["text"]) for r in rows}) == len(rows)
    # not copied from the model answers
    assert not [r for r in rows if r["text"] == TASKS[r["task"]].model_answer]


def test_the_learned_component_never_saw_the_held_out_part():
    """The judge's weights were fitted on the tuning part only (issue 22's split, fixed before
    tuning): no held-out task and no answer of the held-out writer is in what it trains on."""
    spec = importlib.util.spec_from_file_location("train_judge", ROOT / "benchmarks" / "train_judge.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    split = train.split()
    rows = train.tuning_rows()
    assert rows and not {r["task"] for r in rows} & set(split["heldout_tasks"])
    assert split["heldout_writer"] not in {r["writer"] for r in rows}
    held = {(r["task"], r["text"]) for r in train.corpus()
            if r["task"] in split["heldout_tasks"] or r["writer"] == split["heldout_writer"]}
    assert not held & {(r["task"], r["text"]) for r in rows}
    # the split takes a quarter of each family's tasks
    families = Counter(TASKS[t].family for t in split["heldout_tasks"])
    every = Counter(t.family for t in TASKS.values())
    assert all(abs(families[f] - every[f] / 4) <= 1 for f in every)


def test_auc_is_the_pairwise_probability():
    bench = _bench()
    assert bench.auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert bench.auc([0.1], [0.9]) == 0.0
    assert bench.auc([0.5], [0.5]) == 0.5


# ------------------------------------------------------------------ negation
@pytest.mark.parametrize("text,negated", [
    ("我没有任何数据和报告给您。", True),
    ("数据没有带,反正都合格的。", True),
    ("报告暂时没有,您先信我。", True),
    ("这是最近三个月的数据和报告。", False),
    ("不好意思,不过这是化验单的数据。", False),   # 不好意思 / 不过 do not negate
    ("听说的不算数 数据在这 您自己看", False),     # a chat-style space ends the negator's reach
    ("不信就拿数据去比,哪家都行。", False),        # 不信就…: a condition, not a negation
    ("没审批就没有报告可给。", True),               # the negator after 就 still negates
])
def test_negated_evidence_does_not_count(text, negated):
    assert rules.has_phrase(text, ["数据", "报告"]) is (not negated)


def test_negated_evidence_fails_the_rational_task():
    r = verdict("drill-sc-rational-1#text", "我没有任何数据和报告给您,您先看看别的吧,价格好说。")
    evidence = next(c for c in r.checks if c.check_id == "rubric-rational-evidence")
    assert not evidence.passed and not r.acceptable


@pytest.mark.parametrize("text", ["我们不给回扣,这是公司规定。", "回扣我们是不给的。", "好处费、回扣这些我们一律不做。",
                                  "回扣 我们一律不给"])
def test_declining_a_kickback_is_not_a_kickback(text):
    assert not [c for c, _ in rules.bad_practice(text) if c.kind == "kickback"]


# ------------------------------------------------------------------ bad practice: one test per class
@pytest.mark.parametrize("kind,task_id,text", [
    ("rude", "drill-sc-rational-1#text", "化验单我有,报告也有,您爱买不买。"),
    ("arguing", "drill-obj-price-1#text", "您说的不对,我们的价格根本不贵,您算错了!"),
    ("pressure", "drill-sc-indecisive-1#text", "我建议您进30吨,赶紧定,今天不定明天就没货了。"),
    ("kickback", "drill-sc-calculating-1#text", "价格按执行单,另外私下给您一点好处费,别声张。"),
    ("kickback", "drill-sc-calculating-3#text", "公司是不让,不过我送您一张购物卡,表示一下诚意。"),
    ("kickback", "drill-sc-advocating-3#text", "这个比赛很有创意,我们一起聊聊,奖品我们出,再给您个红包。"),
    ("cash", "drill-obj-pay-2#text", "是的,资金紧张我理解。如果您先付点现金给我,我帮您跟公司说。"),
    ("cash", "drill-fab-invoice#text-fab-purchaser", "因为开票灵活,所以能开到别的单位名下,对您来说结算方便。"),
    ("false_claim", "drill-fab-winter-diesel#text-fab-owner", "因为冷滤点低,所以不堵滤网,对您来说永不出问题,全国第一。"),
    ("overpromise", "drill-obj-service-2#text", "是的,离得远。如果坏了,我保证两小时到现场,全年免费换件。"),
    ("overpromise", "drill-obj-price-2#text", "行,降10%,我做主,今天就签!"),
    # everyday rudeness and concealment, not only the textbook phrases
    ("rude", "drill-sc-rational-1#text", "您这人怎么这么磨叽,数据给你了还不信,真是的。"),
    ("rude", "drill-sc-rational-1#text", "检测报告和数据都在这里,信不信由你。"),
    ("false_claim", "drill-sc-rational-1#text", "报告数据您核对,其实这批油有点问题但不影响使用,您放心。"),
    ("false_claim", "drill-sc-rational-1#text", "检测报告您看看,要是数据不满意,我回去让质检改一下数据再给您。"),
    ("pressure", "drill-sc-indecisive-1#text", "王老板,您再不定的话,这批货就给别人了,现在就签吧。"),
])
def test_each_bad_practice_is_a_hard_fail(kind, task_id, text):
    r = verdict(task_id, text)
    assert kind in {f.kind for f in r.hard_fails}, r.hard_fails
    assert not r.acceptable and r.score < 0.2
    fail = next(f for f in r.hard_fails if f.kind == kind)
    assert fail.label and fail.why and fail.source and fail.evidence in rules.normalize(text)
    assert any(fail.label in reason for reason in r.reasons)
    conduct = next(c for c in r.checks if c.check_id == "verdict-conduct")
    assert not conduct.passed and fail.label in conduct.why


def test_the_issue_examples_now_fail():
    # 2/2 and 2/3 under the old scorer
    assert not verdict("drill-sc-rational-1#text", "我没有任何数据和报告给您,您爱买不买。").acceptable
    comp = next(t for t in TASKS.values() if t.family == "objection" and t.targets == ("method-compensate",))
    r = judge.score_free_text(comp, "您说的不对,我们的价格根本不贵,您算错了!")
    assert not r.acceptable and "arguing" in {f.kind for f in r.hard_fails}
    # and no ✓ 不争辩 / ✓ 尊重客户 beside that hard fail (the issue's 2/3 with both ticked)
    ticks = {c.check_id: c.passed for c in r.checks}
    assert ticks["rubric-objection-no-argue"] is False and ticks["rubric-objection-respect"] is False
    assert "您说的不对" in next(c.why for c in r.checks if c.check_id == "rubric-objection-no-argue")
    r = judge.score_free_text(comp, "asdf 1234 !!!")
    assert not r.acceptable and r.score < 0.1


# ------------------------------------------------------------------ sentences
@pytest.mark.parametrize("text", ["asdf 1234 !!!", "x", "。。。好的", "!!!???"])
def test_gibberish_and_fragments_are_not_answers(text):
    assert rules.sentence_problem(text)
    r = verdict("drill-sc-silent-1#text", text)
    assert not r.acceptable and not next(c for c in r.checks if c.check_id == "verdict-sentence").passed


@pytest.mark.parametrize("task_id,text", [
    ("drill-sc-combative-1#text", "您说得对 有道理 您来定"),
    ("drill-sc-rational-1#text", "化验单 报告 数据 合同 检测"),
    ("drill-fab-spindle-cooling#text-fab-production", "主轴 恒温 精度 良品率 效率 交期"),
    ("drill-sc-combative-1#text", "您说得对有道理您来定"),
])
def test_keyword_salad_is_rejected(task_id, text):
    r = verdict(task_id, text)
    assert not r.acceptable
    assert any("关键词堆砌" in reason for reason in r.reasons)


def test_salad_of_every_rubric_phrase_scores_below_real_answers():
    # the issue measured a salad of rubric keywords at full marks on 47 of 82 tasks
    accepted = 0
    for t in TASKS.values():
        words = [p for c in judge.rubric_for(t.family, t.targets) if c.mode == "must" for p in c.phrases]
        if words:
            accepted += judge.score_free_text(t, " ".join(words)).acceptable
    assert accepted == 0


# ------------------------------------------------------------------ the customer's concern
def test_answer_must_take_up_what_the_customer_said():
    generic = "我们的服务很好,价格也合理,您可以考虑一下,有什么需要可以随时联系我。"
    r = verdict("drill-obj-service-2#text", "是的,您说得有道理。如果您考虑一下我们的方案,有需要随时联系我。")
    assert not r.acceptable and any("没有回应客户在意的问题" in x for x in r.reasons)
    r = verdict("drill-obj-service-2#text", "是的,离得远确实让人担心。如果我们在本市有服务网点、4 小时响应,您看呢?")
    assert r.acceptable
    concern = next(c for c in verdict("drill-sc-rational-1#text", generic).checks if c.check_id == "verdict-concern")
    assert not concern.passed and "运费" in concern.why


@pytest.mark.parametrize("text", [
    "老板别急,我问问车队今天能不能送到,能的话马上给您排上。",
    "您消消气,我看看有没有车,今天能不能到我十分钟内回您。",
])
def test_asking_whether_it_can_be_done_takes_up_the_customers_worry(text):
    """The customer wants delivery today: asking the dispatcher whether it can be done (能不能送到,
    有没有车) takes that up; it is not a refusal."""
    r = verdict("drill-sc-impulsive-3#text", text)
    concern = next(c for c in r.checks if c.check_id == "verdict-concern")
    assert concern.passed and r.verdict != "fail", r.reasons


# ------------------------------------------------------------------ FAB order and audience
def test_fab_order_feature_advantage_benefit():
    tid = "drill-fab-gasoline-test#text-fab-owner"
    good = "因为每批都附化验单,所以质量有据可查,对您来说经营风险小,品牌能长期做下去。"
    reversed_ = "对您来说经营风险小,品牌能长期做下去。所以质量有据可查,因为每批都附化验单。"
    no_feature = "因为我们公司很好,所以大家都信任,对您来说经营风险小,能长期发展。"
    assert verdict(tid, good).acceptable
    for text in (reversed_, no_feature):
        r = verdict(tid, text)
        assert not r.acceptable
        assert not next(c for c in r.checks if c.check_id == "verdict-fab-content").passed
    assert rules.fab_order(good)[0] < rules.fab_order(good)[1] < rules.fab_order(good)[2]
    f, a, b = rules.fab_order(reversed_)
    assert not 0 <= f < a < b


@pytest.mark.parametrize("task_id,text,aimed_at", [
    ("drill-fab-winter-diesel#text-fab-purchaser", "因为冷滤点低,所以不堵滤网,对您来说司机开车更顺手更安全。", "使用者"),
    ("drill-fab-delivery-seal#text-fab-user", "因为铅封加GPS,所以轨迹可查,对您来说利润更有保障,经营风险小。", "老板"),
    ("drill-sc-advocating-1#text", "王总,稳妥起见,还是按大多数同行的老办法来,周边站都是这么做的。", "平易型"),
    ("drill-sc-controlling-1#text", "王总,先聊聊您的想法吧,我们一起搞个新模式,很独特。", "倡导型"),
    ("drill-obj-price-1#text", "您说得对哈哈,我们先看看下个月的配送计划吧。", "忽视法"),
])
def test_answer_aimed_at_another_target_is_noticed(task_id, text, aimed_at):
    r = verdict(task_id, text)
    assert not r.acceptable and r.aimed_at == aimed_at
    target = next(c for c in r.checks if c.check_id == "verdict-target")
    assert not target.passed and aimed_at in target.why


def test_every_verdict_has_chinese_reasons_and_is_deterministic():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()[:60]]
    for r in rows:
        a = verdict(r["task"], r["text"])
        assert a == verdict(r["task"], r["text"])
        assert 0.0 <= a.score <= 1.0
        assert a.acceptable or (a.reasons and all(rules.cjk_count(x) for x in a.reasons))
        assert all(rules.cjk_count(c.name) and c.why for c in a.checks)


def test_verdict_runs_with_the_standard_library_only(run_stdlib_only):
    run_stdlib_only("from playbook import drills\nfrom playbook.engines import judge\n"
                    "t = [t for t in drills.free_text_tasks() if t.id == 'drill-sc-rational-1#text'][0]\n"
                    "r = judge.score_free_text(t, '我没有任何数据和报告给您,您爱买不买。')\n"
                    "assert not r.acceptable and r.hard_fails\n")


# ------------------------------------------------------------------ corrected banks
def test_kickback_scenario_is_taught_as_a_compliance_red_flag():
    s = BASE.get("drill-sc-calculating-3")
    assert s.compliance and "报告" in s.compliance and "婉拒" in s.compliance
    q = drills.question_by_id("drill-sc-calculating-3#strategy")
    right = q.options[q.answer]
    assert right == s.compliance and "小礼物" not in right
    assert BASE.get("ctype-calculating").strategy in q.options or len(q.options) == drills.OPTIONS
    assert "合规红线" in q.explanation and "000 §9.10" in q.explanation
    t = task("drill-sc-calculating-3#text")
    assert t.model_answer == s.compliance
    assert not verdict(t.id, "您说得对,我们优惠很多,买得多送得多。").acceptable
    assert verdict(t.id, "不好意思,公司规定不允许给个人好处,政策内的优惠我都写进合同,这事我也会跟领导汇报。").acceptable
    assert not verdict(t.id, "明白明白,规矩我懂,事成之后少不了您的。").acceptable


def test_debated_objection_keys_are_fixed():
    product3 = BASE.get("drill-obj-product-3")
    assert "广告" not in product3.statement and product3.content == "objection-product"
    assert product3.methods[0] != "method-ignore"
    time1 = BASE.get("drill-obj-time-1")
    assert time1.nature == "objection-true"
    sales2 = BASE.get("drill-obj-sales-2")
    assert sales2.timing == "timing-never" and "工程师" not in sales2.model_answer
    service1 = BASE.get("drill-obj-service-1")
    assert service1.methods[0] == "method-compensate" and "误解" not in service1.model_answer
    need3 = BASE.get("drill-obj-need-3")
    assert need3.timing == "timing-later" and "下个月" in need3.model_answer


def test_combative_and_stubborn_scenarios_do_not_read_as_suspicious():
    suspicion = ("吹出来", "动手脚", "骗", "不信", "怀疑")
    for sid in ("drill-sc-combative-2", "drill-sc-stubborn-3"):
        s = BASE.get(sid)
        assert not any(w in drills.scenario_text(s) for w in suspicion), sid


def test_input_tax_not_purchase_cost():
    invoice = BASE.get("drill-fab-invoice")
    purchaser = next(b for b in invoice.benefits if b.audience == "fab-purchaser")
    assert "进项税额" in purchaser.benefit and "采购成本可以足额抵扣" not in purchaser.benefit


def test_fab_benefits_use_only_their_own_audience_words():
    lists = {c.applies_to[0]: c.phrases for c in BASE.rubric_checks if c.family == "fab" and c.applies_to}
    for f in BASE.fab_features:
        for b in f.benefits:
            own = lists[b.audience]
            assert any(p in b.benefit for p in own), (f.id, b.audience)
            foreign = [p for a, ps in lists.items() if a != b.audience for p in ps
                       if p in b.benefit and p not in own]
            assert not foreign, (f.id, b.audience, foreign)


def test_fab_audience_lists_are_marked_as_the_books_own():
    q = drills.question_by_id("drill-fab-invoice#benefit-fab-owner")
    cares = "、".join(BASE.get("fab-owner").cares)
    assert f"{cares}(本书归纳,不是种子原文)" in q.explanation
    cite = q.explanation.index("来源")
    assert q.explanation.index(cares) > cite      # not inside the 001 citation
    t = task("drill-fab-invoice#text-fab-owner")
    assert "(本书归纳)" in t.context


# ------------------------------------------------------------------ compliance scan of the banks
def compliance_offenders(base: kb.KnowledgeBase) -> list[tuple[str, list[str]]]:
    texts = [(q.id, q.options[q.answer]) for q in drills.all_questions(base=base)]
    texts += [(t.id, t.model_answer) for t in drills.free_text_tasks(base=base)]
    texts += [(c.id, p) for c in base.rubric_checks for p in c.passes]
    return [(i, found) for i, text in texts if (found := rules.compliance_advice(text))]


def test_no_correct_option_or_model_answer_contradicts_the_compliance_chapter():
    assert compliance_offenders(BASE) == []


@pytest.mark.parametrize("planted", [
    "私下给采购科长送一张购物卡。",
    "逢年过节给关键人员送点礼品,单子就稳了。",
    "客户嫌转账麻烦,可以先收现金,回去帮他交。",
    "保险卡不开收据,除非用户强烈要求。",
    "抽检之前提前告诉站长,让他有个准备。",
    "报价时先抬价再让价,让他觉得占了便宜。",
    "好处费按成交额的百分之二私下结算。",
])
def test_compliance_scan_catches_a_planted_bad_option(planted):
    rule = BASE.etiquette_rules[0]
    bad = kb.EtiquetteQuestion(id="drill-et-planted", name="植入的错误选项", rule=rule.id, situation="测试",
                               options=(planted, "合规的做法一", "合规的做法二"), source=("000 §9.10",))
    base = dataclasses.replace(BASE, etiquette_questions=(*BASE.etiquette_questions, bad))
    offenders = compliance_offenders(base)
    assert [i for i, _ in offenders] == [f"{rule.id}#rule"] or any(i.startswith("drill-et-planted") for i, _ in offenders)
    assert offenders


def test_compliance_scan_accepts_the_chapters_own_qualified_wording():
    assert rules.compliance_advice("小礼物只用公司统一提供、公开的象征性促销品。") == []
    assert rules.compliance_advice("婉拒,说明公司规定,严禁收取现金。") == []
    assert rules.compliance_advice("礼貌而明确地婉拒,说明公司规定不允许给个人任何好处。") == []


# ------------------------------------------------------------------ etiquette situations
def test_every_etiquette_rule_has_a_situation_question():
    by_rule = Counter(q.rule for q in BASE.etiquette_questions)
    assert set(by_rule) == {r.id for r in BASE.etiquette_rules}
    for eq in BASE.etiquette_questions:
        rule = BASE.get(eq.rule)
        assert len(eq.options) >= 3 and len(set(eq.options)) == len(eq.options), eq.id
        # a situation, not the rule's card title; the answer is not given away in the question
        assert rule.name not in eq.situation and eq.options[0] not in eq.situation, eq.id
        assert not any(o in rule.name for o in eq.options), eq.id


def test_etiquette_question_ids_are_stable():
    # before issue 12 every rule had a generated question “<rule id>#rule”; progress files hold
    # those ids, so the situation that replaces it keeps it
    qs = drills.all_questions(families=["etiquette"], seed=5)
    assert {q.id for q in qs} == {f"{r.id}#rule" for r in BASE.etiquette_rules}
    q = drills.question_by_id("etq-phone-complaint#rule", seed=5)
    assert q.item_id == "drill-et-phone-complaint" and "投诉" in q.context
    assert q.options[q.answer].startswith("耐心听完") and "来源" in q.explanation


@pytest.mark.parametrize("text", [
    "我觉得最好的办法是先进一车试试。",
    "这个我不可能私下答应您,公司有规定。",
    "定制设备不能退货,这点我先跟您说清楚。",
    "您可能会问,凭什么这么说?凭的是每车的化验单。",
    "运输安装都含在报价里了,这是公司的政策。",
    "我们严禁收取现金,请您对公转账。",
    "第一次少进一点更稳妥。",
    "您这个问题问得好,我把检测报告里的数据给您逐项讲一下。",
    "滚珠丝杠是进口的,精度保持得好。",
    "我们不会以次充好,每车都有化验单,也可以留样。",
])
def test_good_practice_is_not_mistaken_for_bad(text):
    assert rules.bad_practice(text) == []


@pytest.mark.parametrize("text,word", [
    ("别家都在用我们的配送,您放心。", "都在用"),
    ("无论什么时候,每车都有化验单。", "化验单"),
    ("特别是这份检测报告,您可以看看。", "检测报告"),
    ("不光有化验单,还有第三方报告。", "化验单"),
])
def test_words_with_negation_characters_do_not_negate(text, word):
    assert rules.has_phrase(text, [word])


@pytest.mark.parametrize("text,word", [
    ("我这就问调度今天能不能排车,能的话马上回您。", "排车"),
    ("您看有没有化验单,我回去找。", "化验单"),
    ("是不是先送检一下,结果出来再定?", "送检"),
    ("可不可以先试一车,看看效果?", "试一车"),
])
def test_a_yes_no_question_takes_up_its_topic(text, word):
    """An A-not-A question (能不能 / 有没有 / 是不是 / 可不可以) asks about the phrase after it; it
    does not deny it, so the answer has taken the topic up."""
    assert rules.has_phrase(text, [word])
    stated = re.sub(r"(.)([不没])\1", r"\2\1", text)  # the same sentence, stated: 不能排车, 没有化验单 …
    assert not rules.has_phrase(stated, [word])


@pytest.mark.parametrize("text", [
    "如果按您的销量定好补货点,是不是也能保证不断油?专车待命这事我回去请示。",
    "付款方式我问问能不能分期。",
])
def test_bad_practice_only_asked_about_is_no_commitment(text):
    """The same question before a commitment is a hedge, not a promise or a concession."""
    assert rules.bad_practice(text) == []


def test_rubric_covers_name_real_bad_practice_kinds():
    kinds = {cls.kind for cls in rules.BAD_PRACTICE_CLASSES}
    covering = [c for c in kb.load().rubric_checks if c.covers]
    assert {c.id for c in covering} >= {"rubric-objection-no-argue", "rubric-objection-respect"}
    for c in covering:
        assert c.mode == "must_not" and set(c.covers) <= kinds, (c.id, c.covers)


# ------------------------------------------------------------------ clauses, "can't" and conditions
@pytest.mark.parametrize("text", [
    "两车先给您排上 便宜50那家您问下含不含运费",      # chat style: a space between words ends a clause
    "资料和同行用户名单我留给您 您让技术的同事看看",
    "刀柄按价目表另购,白送不了。",                    # “V不了” after the words: a refusal
    "降10%我给不了。想问问您,是总价超预算了吗?",
    "价格是公司统一定的,我私下降不了。",
    "我私下再让就是违规,这样的价您拿着也不踏实。",     # naming it a breach
    "我们做不到的事,我不能保证。",
])
def test_clause_breaks_and_refusals_are_not_bad_practice(text):
    assert rules.bad_practice(text) == [], rules.bad_practice(text)


@pytest.mark.parametrize("text,group", [
    ("给您便宜50,两车先排上。", "credit"),                # the same words in one clause still count
    ("好处少不了您的,签了再说。", "kickback"),            # 少不了 promises, it does not refuse
    ("买回去半年就回本,回不了本算我的。", "guarantee"),   # 回不了 is the condition, not a negation
    ("尾款拖半年也没事,我跟财务说。", "credit"),          # 没事 does not negate
    ("运费我做主给您免了,下不为例。", None),              # 给您免了 grants; 免了 alone would refuse
])
def test_conditions_and_grants_are_still_bad_practice(text, group):
    found = [cls.group for cls, _ in rules.bad_practice(text)]
    assert found and (group is None or found[0] == group), found


def test_spaces_inside_mixed_script_are_only_spacing():
    assert rules.normalize("降 10% 是 多少") == "降10%是,多少"
    assert rules.normalize("92# 汽油") == "92#汽油"


def test_thresholds_allow_for_bad_practice_the_rules_miss():
    """The rules were written from the tuning part, so its out-of-fold rates overrate them: the
    thresholds must also hold had the rules missed every bad answer (train_judge._blind)."""
    spec = importlib.util.spec_from_file_location("train_judge", ROOT / "benchmarks" / "train_judge.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    feats = ["g:回扣", "r:bias", "r:hf", "r:hf:kickback", "r:objection|hf"]
    facts = {"rule_fail": True, "parts": [["g:回扣", "r:hf"]], "doubts": 0}
    blind_feats, blind_facts = train._blind(feats, facts)
    assert blind_feats == ["g:回扣", "r:bias"] and blind_facts["parts"] == [["g:回扣"]]
    assert blind_facts["rule_fail"] is False and facts["rule_fail"] is True
    ok = {"bad_passed_worst": 0.0, "precision_worst": 1.0, "good_failed_worst": 0.0, "bad_failed_worst": 1.0,
          "decided_worst": 1.0, "good_passed": 0.80, "bad_failed": 1.0, "decided": 1.0,
          "bad_passed_blind": train.BLIND_PASSED, "bad_failed_blind": train.BLIND_FAILED}
    # more acceptable answers passed does not buy a learned component that passes what the rules miss
    assert train._key(ok) > train._key({**ok, "good_passed": 0.95, "bad_passed_blind": train.BLIND_PASSED + 0.05})
    assert train._key(ok) > train._key({**ok, "good_passed": 0.95, "bad_failed_blind": train.BLIND_FAILED - 0.05})


def test_weights_file_packs_and_unpacks_exactly():
    """The weights file shares one vocabulary and stores integers (a third smaller compressed, for
    the page's download); unpacking gives the trained mapping back, float for float."""
    from playbook.engines import judge_model

    model = {"isbad": {"w": {"g:回扣": 1.234, "r:hf": -0.5}}, "good": {"w": {"g:化验": 0.07}},
             "bad": {"classes": ["kickback", "credit"], "w": {"g:回扣": [1.25, -0.3]}},
             "okbad": {"classes": ["ok", "kickback", "credit"], "w": {"r:hf": [0.0, 0.4, -0.12]}},
             "thresholds": {"pass_bad": 0.1}}
    packed = judge_model.pack(model)
    assert packed["vocab"] == ["g:化验", "g:回扣", "r:hf"] and packed["isbad"]["w"] == [0, 1234, -500]
    assert judge_model.unpack(packed) == model
    assert judge_model.unpack(model) == model  # an older file, one mapping per part
    shipped = judge_model.weights()
    assert judge_model.unpack(judge_model.pack(shipped)) == shipped and "vocab" not in shipped


def test_weights_too_fine_for_the_file_are_refused():
    from playbook.engines import judge_model

    with pytest.raises(ValueError):
        judge_model.pack({"isbad": {"w": {"g:回扣": 0.0004}}})


@pytest.mark.parametrize("text", [
    "回扣 我们一律不给",                            # a space-made break still lets the refusal negate
    "我给不了您回扣,但能给贵公司申请批量优惠",       # a refusing verb's 不了 before the words negates
    "我们做不到私下给您让利",
    "发票可以分两次开,每批货到了开一次",             # billing by delivery is not splitting for the books
    "调试期间安排技术员在现场待命",
    "您之前的供应商出过什么问题吗?",
    "交期不容易被设备拖后腿",
    "全程铅封,少了掺假、短量带来的经营风险",          # a risk reduced is not a quality claim
    "您要是不放心,随时可以自己送检,我们配合",        # inviting the customer's own test
    "化验单和对照表给您留一份,您逐项看",              # a copy of a document is not a gift
    "合同样本我给您留了一份",
    "给个人好处是违反公司规定的,我不能这么做",        # naming the red line, with no recipient
    "今年不定也没关系,您什么时候需要再找我",          # no deadline, no threat
    "价格我们没法保证一定会降,您按需进货最稳",        # declining to forecast is not a forecast
    "您说成本一定要降,我理解",                        # the customer's aim, not a promise
])
def test_compliant_talk_near_the_new_patterns_passes_the_rules(text):
    assert rules.bad_practice(text) == [], rules.bad_practice(text)


@pytest.mark.parametrize("text", [
    "这个返点私下给您不算违规,放心拿",              # a denial of the breach is not a refusal
    "回扣给不了您太多,两个点意思一下",              # “not much” is not “no”
    "这两个点私下给您免了",
    "行,三块就三块,给您这个价",                    # conceding the customer's number
    "先把货拉走,审批事后补",                        # naming the channel only to skip it
])
def test_bad_practice_dressed_as_a_refusal_or_a_channel_still_fails(text):
    assert rules.bad_practice(text), text


@pytest.mark.parametrize("text,group", [
    ("因为恒温油冷,所以主轴十年免维修", "quality_claim"),       # a lifetime without repairs
    ("这批硫含量有点擦边,不过化验单上是合格的", "quality_claim"),  # a borderline result passed off
    ("单子上都合格,您别再自己送检了", "quality_claim"),          # talking the customer out of testing
])
def test_quality_hidden_or_overstated_fails(text, group):
    assert group in {cls.group for cls, _ in rules.bad_practice(text)}, rules.bad_practice(text)


@pytest.mark.parametrize("text,group", [
    # classes the writers w23-w25 showed on their tuning tasks, here in other words
    ("跟您讲了您也不明白,照着用就行", "arguing"),                  # "you would not understand"
    ("设备出毛病多半是你们工人自己瞎折腾出来的", "arguing"),      # blaming the customer's people
    ("您这标准也太苛刻了吧,谁家能做到", "arguing"),
    ("下个月我们安排您去海边度假几天,费用公司出", "kickback"),   # a paid trip
    ("样本册里我夹了张加油卡,您收着", "kickback"),              # a card slipped into the papers
    ("合作以后每车给您个人一点意思", "kickback"),
    ("今天不签的话,下个月产能就排不上了", "pressure"),            # sign now or lose out
    ("以后出了故障,可别怪我们排在最后", "pressure"),              # a threat of worse service
    ("这车您先卸,钱过了年再结", "credit"),                        # payment put off
    ("这回油价铁定要涨", "guarantee"),                            # a forecast sold as certain
    ("用了我们的油,客流立马能多两成", "guarantee"),               # an outcome promised
    ("我们的柴油比市面上任何一家都强", "quality_claim"),
    ("这款机床卖了几百台,没有一台出过质量问题", "quality_claim"),
    ("隔壁那家号称全合成,其实就是普通机油", "competitor"),
    ("运费那部分可以开成别的项目,方便您报账", "invoice"),
    ("质检那边有动态我第一时间提醒您,好避开", "inspection_tipoff"),
    ("听说下星期要来抽检,您心里有个数", "inspection_tipoff"),
])
def test_more_bad_practice_in_other_words_fails(text, group):
    assert group in {cls.group for cls, _ in rules.bad_practice(text)}, rules.bad_practice(text)


@pytest.mark.parametrize("path,count", [
    ("free_text_compliant/c1.jsonl", 396),    # near the red lines: declining, refusing, the proper channel
    ("free_text_compliant/c2.jsonl", 292),    # plain, spoken, WeChat-style
    ("free_text_rulecheck/w15.jsonl", 146),   # the acceptable answers of the rule-check writers
    ("free_text_rulecheck/w16.jsonl", 150),
])
def test_compliant_replies_pass_the_rules(path, count):
    """Independent writers' acceptable replies (tests/data/free_text_compliant, …/free_text_rulecheck):
    a regression guard on the rules' false hits (the rules were mended reading these, so this is not
    a measure of unseen answers)."""
    rows = [json.loads(x) for x in (ROOT / "tests" / "data" / path).read_text(encoding="utf-8").splitlines()
            if x.strip()]
    rows = [r for r in rows if r["label"] in ("excellent", "acceptable")]
    assert len(rows) == count
    hits = [(r["text"], rules.bad_practice(r["text"])) for r in rows if rules.bad_practice(r["text"])]
    assert len(hits) <= max(1, len(rows) // 100), hits


@pytest.mark.parametrize("text,bad", [
    ("您说“出了事谁负责”,这个问得在理,合同里写明质量责任。", False),   # the customer's quoted words
    ("您说便宜两百才信我,这个我给不了,价格只能按执行单报。", False),     # a demand repeated and refused
    ("您要账期,我现在就能给您放两个月,不用走审批。", True),             # repeated and granted
    ("便宜两百,我给您批了。", True),
])
def test_the_customers_words_repeated_are_not_the_salespersons(text, bad):
    assert bool(rules.bad_practice(text)) == bad, rules.bad_practice(text)
