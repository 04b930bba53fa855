"""Role-play dialogues (对练): the graph checks each fail on a deliberately broken dialogue, every
shipped dialogue passes, coverage of types/styles/methods and the high-stakes situations, the
public API, exhaustive play of every path through the public API, the browser constraint."""
from __future__ import annotations

import copy
import dataclasses

import pytest

from playbook import dialogue, kb
from playbook.errors import PlaybookInputError
from tests.errcheck import raises_code
from playbook.kb import build, dialogues as graph


# ---------------------------------------------------------------- a small dialogue to break
def _reply(kind: str, to: str, **kw) -> dict:
    base = {"best": {"trust": 1}, "mismatch": {"patience": -1}, "weak": {"trust": -1, "patience": -1},
            "bad": {"trust": -3, "patience": -2}}[kind]
    r = {"kind": kind, "to": to, "say": f"{kind} → {to}", "react": f"react {kind} {to}",
         "why": f"{kind} 的讲解", "rule": "ctype-indecisive", "source": ["002 §4.2.2"], **base}
    r.update(kw)
    return r


def _node(nid: str, best: str, mismatch: str, bad: str = "end-lost") -> dict:
    return {"id": nid, "says": f"{nid} 的台词",
            "replies": [_reply("best", best), _reply("mismatch", mismatch), _reply("bad", bad)]}


def _raw() -> dict:
    """A valid dialogue: open → need → (side) → offer → close → won / later / lost."""
    return {
        "id": "dlg-test", "name": "测试对话", "targets": ["ctype-indecisive"],
        "source": ["002 §4.2.2"], "setting": "场景", "customer": "客户", "hidden": "隐藏类型",
        "walkout": "客户走了。",
        "nodes": [
            _node("open", "need", "need"),
            _node("need", "offer", "side"),
            {"id": "side", "says": "side 的台词",
             "replies": [_reply("best", "offer"), _reply("weak", "end-later"), _reply("bad", "end-lost")]},
            _node("offer", "close", "close"),
            _node("close", "end-won", "end-later"),
            {"id": "end-won", "says": "成交了", "outcome": "won", "min_trust": 3, "fallback": "end-later"},
            {"id": "end-later", "says": "下次再说", "outcome": "later"},
            {"id": "end-lost", "says": "丢了", "outcome": "lost"},
        ],
    }


def _build(raw: dict) -> kb.Dialogue:
    return kb.build_item(kb.Dialogue, raw, file="test.yaml", item=raw["id"])


def _node_of(raw: dict, nid: str) -> dict:
    return next(n for n in raw["nodes"] if n["id"] == nid)


def test_the_small_dialogue_is_valid():
    assert graph.check(_build(_raw())) == []


def _broken(change) -> list[str]:
    raw = copy.deepcopy(_raw())
    change(raw)
    return graph.check(_build(raw))


def test_unreachable_node_fails():
    problems = _broken(lambda r: r["nodes"].insert(3, _node("orphan", "offer", "offer")))
    assert any("到不了" in p and "orphan" in p for p in problems)


def test_dead_end_fails():
    problems = _broken(lambda r: r["nodes"].append({"id": "stuck", "says": "……"}) or
                       _node_of(r, "side")["replies"][1].update(to="stuck"))
    assert any("stuck" in p and "走不下去" in p for p in problems)


def test_cycle_fails():
    problems = _broken(lambda r: _node_of(r, "offer")["replies"][1].update(to="need"))
    assert any("循环" in p for p in problems)


def test_dangling_target_fails():
    problems = _broken(lambda r: _node_of(r, "offer")["replies"][0].update(to="nowhere"))
    assert any("nowhere" in p and "不存在" in p for p in problems)


def test_missing_explanation_fails():
    d = _build(_raw())
    node = d.nodes[1]
    reply = dataclasses.replace(node.replies[2], why=" ")
    node = dataclasses.replace(node, replies=(node.replies[0], node.replies[1], reply))
    d = dataclasses.replace(d, nodes=(d.nodes[0], node, *d.nodes[2:]))
    assert any("讲解" in p and "need" in p for p in graph.check(d))


def test_missing_or_malformed_source_fails():
    assert any("缺少来源" in p for p in _broken(lambda r: _node_of(r, "open")["replies"][0].update(source=[])))
    assert any("格式不对" in p for p in _broken(lambda r: _node_of(r, "open")["replies"][0].update(source=["客户类型"])))


def test_best_path_must_end_in_a_sale():
    problems = _broken(lambda r: _node_of(r, "close")["replies"][0].update(to="end-later"))
    assert any("最佳回答" in p and "won" in p for p in problems)


def test_a_bad_practice_must_never_win():
    # the bad reply at 'close' leads to the sale and costs no trust: a kickback that "works"
    problems = _broken(lambda r: _node_of(r, "close")["replies"][2].update(to="end-won", trust=0, patience=0))
    assert any("坏做法" in p and "成交" in p for p in problems)


def test_reply_counts_and_kinds_are_checked():
    assert any("3–4 个" in p for p in _broken(lambda r: _node_of(r, "offer")["replies"].pop(1)))
    assert any("恰好有一个最佳" in p for p in _broken(
        lambda r: _node_of(r, "offer")["replies"][1].update(kind="best")))
    assert any("坏做法(bad)" in p for p in _broken(
        lambda r: _node_of(r, "offer")["replies"][2].update(kind="weak")))
    assert any("mismatch" in p for p in _broken(
        lambda r: _node_of(r, "offer")["replies"][1].update(kind="bad")))


def test_a_dialogue_without_any_mismatch_fails():
    def no_mismatch(r):
        for n in r["nodes"]:
            for reply in n.get("replies", []):
                if reply["kind"] == "mismatch":
                    reply["kind"] = "weak"
    assert any("mismatch" in p and "因人而异" in p for p in _broken(no_mismatch))


def test_same_reaction_twice_fails():
    def same(r):
        a, b = _node_of(r, "open")["replies"][:2]
        b.update(react=a["react"], to=a["to"])
    assert any("完全相同的反应" in p for p in _broken(same))


def test_a_line_without_branches_fails():
    def line(r):
        _node_of(r, "need")["replies"][1].update(to="offer")
        r["nodes"] = [n for n in r["nodes"] if n["id"] != "side"]
    problems = _broken(line)
    assert any("没有分支" in p for p in problems)


def test_too_short_fails():
    def short(r):
        _node_of(r, "open")["replies"][0].update(to="close")
    problems = _broken(short)
    assert any("至少应有 4 轮" in p for p in problems)


def test_every_outcome_must_be_reachable():
    def no_later(r):
        _node_of(r, "side")["replies"][1].update(to="end-lost", react="别的反应")
        _node_of(r, "close")["replies"][1].update(to="end-lost")
        _node_of(r, "end-won").update(fallback="end-lost")
        r["nodes"] = [n for n in r["nodes"] if n["id"] != "end-later"]
    problems = _broken(no_later)
    assert any("约下次" in p or "later" in p for p in problems)


def test_kb_build_rejects_a_broken_dialogue():
    raw = build.read_yaml()
    broken = copy.deepcopy(_raw())
    _node_of(broken, "close")["replies"][2].update(to="end-won", trust=0, patience=0)
    raw["dialogues"] = [*raw["dialogues"], ("dialogues.yaml", broken)]
    with pytest.raises(kb.KnowledgeError) as e:
        build.validate(raw)
    assert e.value.item == "dlg-test" and "坏做法" in str(e.value)


def test_kb_build_rejects_an_unknown_rule():
    raw = build.read_yaml()
    broken = copy.deepcopy(_raw())
    _node_of(broken, "open")["replies"][0].update(rule="ctype-nobody")
    raw["dialogues"] = [*raw["dialogues"], ("dialogues.yaml", broken)]
    with pytest.raises(kb.KnowledgeError, match="ctype-nobody"):
        build.validate(raw)


# ---------------------------------------------------------------- the shipped dialogues
DIALOGUES = dialogue.all_dialogues()


@pytest.mark.parametrize("d", DIALOGUES, ids=[d.id for d in DIALOGUES])
def test_every_shipped_dialogue_passes_the_checks(d):
    assert dialogue.validate(d) == []
    assert d.title and d.source and d.targets
    base = kb.load()
    for t in d.targets:
        base.get(t)  # resolves


def test_coverage_types_styles_methods():
    base = kb.load()
    targeted = {t for d in DIALOGUES for t in d.targets}
    for collection, count in (("customer_types", 10), ("communication_styles", 4), ("objection_methods", 6)):
        ids = {x.id for x in base.collection(collection)}
        assert len(ids) == count
        assert ids <= targeted, sorted(ids - targeted)
    assert len(DIALOGUES) >= 20
    assert len({d.id for d in DIALOGUES}) == len(DIALOGUES)


def _text(d: kb.Dialogue) -> str:
    parts = [d.name, d.setting, d.hidden]
    for n in d.nodes:
        parts += [n.says, n.says_cold] + [r.say + r.react + r.why for r in n.replies]
    return "\n".join(parts)


@pytest.mark.parametrize("dialogue_id, target, words", [
    ("dlg-calculating", "dev-bottom-lines", ["表示表示", "懂不懂事", "报告"]),     # refusing a kickback
    ("dlg-direct-255", "term-abnormal-loss", ["86 升", "20 °C", "不能否认", "监控"]),  # the "86 L short" call
    ("dlg-silent", "dev-private-portrait", ["断油", "备案", "成品油零售经营批准证书"]),  # first visit, private station
    ("dlg-taiji-ad-fee", "rel-negotiation", ["广告费", "预付款", "提货", "写进合同"]),  # 广告费 with a trader
    ("dlg-arrogant", "rel-positioning", ["定位过高", "定位过低"]),                       # both positioning errors
])
def test_high_stakes_dialogues(dialogue_id, target, words):
    d = dialogue.get(dialogue_id)
    assert target in d.targets
    text = _text(d)
    for w in words:
        assert w in text, w


def test_the_short_delivery_call_has_physically_plausible_figures():
    """The "少了 N 升" call: its litres, temperatures and density, read from the dialogue's own
    lines, are those of a July night (at most 6 °C colder by morning), the quoted shortfall is
    shipped minus received, and the petroleum and loss engines find the two sides equal at
    20 °C to within a litre (thermal shrinkage, 正常), as the best reply says."""
    import re

    from playbook.engines import loss, petroleum

    d = dialogue.get("dlg-direct-255")
    nodes = {n.id: n for n in d.nodes}

    def num(pattern: str, text: str) -> float:
        m = re.search(pattern, text)
        assert m, pattern
        return float(m.group(1).replace(" ", ""))

    shipped_l = num(r"([\d ]+) 升,发油油温", d.setting)
    shipped_t = num(r"发油油温 (\d+) °C", d.setting)
    rho20 = num(r"ρ20 = ([\d.]+)", d.setting)
    route = num(r"运距 (\d+) km", d.setting)
    received_l = num(r"只有 ([\d ]+) 升", nodes["open"].says)
    short_l = num(r"少了 (\d+) 升", nodes["open"].says)
    received_t = num(r"今早量的时候 (\d+) 度", nodes["need"].says)
    assert f"少了 {short_l:g} 升" in d.name and short_l == shipped_l - received_l
    assert 0 < shipped_t - received_t <= 6
    best = next(r for r in nodes["need"].replies if r.kind == "best")
    assert f"{short_l:g} 升" in best.say and "零点几升" in best.say
    v20_gap = (petroleum.volume20_l(shipped_l, rho20, shipped_t)
               - petroleum.volume20_l(received_l, rho20, received_t))
    assert abs(v20_gap) < 1.0
    verdict = loss.delivery_loss(route_km=route, shipped_volume_l=shipped_l,
                                 shipped_temperature_c=shipped_t, shipped_density20_kg_m3=rho20,
                                 received_volume_l=received_l,
                                 received_temperature_c=received_t).verdict
    assert verdict == "正常"


def test_asking_for_the_order_is_the_best_closing_move():
    for dialogue_id in ("dlg-controlling", "dlg-indecisive"):
        d = dialogue.get(dialogue_id)
        close = next(n for n in d.nodes if n.id == "close")
        best = next(r for r in close.replies if r.kind == "best")
        assert "订单" in best.why


def test_the_kickback_reply_is_bad_practice_and_refusal_is_best():
    d = dialogue.get("dlg-calculating")
    need = next(n for n in d.nodes if n.id == "need")
    by_kind = {r.kind: r for r in need.replies}
    assert "购物卡" in by_kind["bad"].say and by_kind["bad"].to == "end-lost"
    assert "违规" in by_kind["best"].say and "报告" in by_kind["best"].why


# ---------------------------------------------------------------- the API
def _display_index(s: dialogue.State, kind: str) -> int:
    replies = dialogue._nodes(s.dialogue)[s.node].replies
    return next(k for k, i in enumerate(s.order) if replies[i].kind == kind)


def _step(s: dialogue.State, kind: str) -> dialogue.State:
    """Take the first reply of ``kind``: from the options, or (a typed turn) by its id, as a
    trainer does who scores a live answer."""
    if s.expects_text:
        replies = dialogue._nodes(s.dialogue)[s.node].replies
        i = next(k for k, r in enumerate(replies) if r.kind == kind)
        return dialogue.choose_id(s, dialogue.option_id(s.dialogue, s.node, i))
    return dialogue.choose(s, _display_index(s, kind))


def test_start_choose_are_pure_and_deterministic():
    d = dialogue.get("dlg-indecisive")
    s0 = dialogue.start(d, seed=5)
    assert s0 == dialogue.start("dlg-indecisive", seed=5)
    assert isinstance(s0.options, tuple) and all(isinstance(o, str) and o for o in s0.options)
    assert 3 <= len(s0.options) <= 4 and not s0.done and s0.outcome == ""
    before = (s0.node, s0.trust, s0.patience, s0.history, s0.customer_says)
    s1 = dialogue.choose(s0, 0)
    assert (s0.node, s0.trust, s0.patience, s0.history, s0.customer_says) == before
    assert s1 == dialogue.choose(s0, 0) and len(s1.history) == 1


@pytest.mark.parametrize("bad", [-1, 3, 4, 1.0, "0", True, None])
def test_bad_choice_raises_chinese_error(bad):
    s = dialogue.start(dialogue.get("dlg-rational"))
    with raises_code("integer", "choice", label="选项编号", low=0, high=2, received=bad):
        dialogue.choose(s, bad)


def test_choosing_after_the_end_raises():
    s = dialogue.start("dlg-rational")
    while not s.done:
        s = _step(s, "best")
    with raises_code("dialogue_over", "choice"):
        dialogue.choose(s, 0)
    with raises_code("dialogue_unknown", "dialogue", dialogue_id="dlg-nobody"):
        dialogue.get("dlg-nobody")


def test_best_replies_win_and_the_debrief_explains_every_turn():
    s = dialogue.start("dlg-indecisive")
    while not s.done:
        s = _step(s, "best")
    assert s.outcome == "won" and s.outcome_label == "成交" and s.options == ()
    turns = dialogue.debrief(s)
    assert len(turns) == len(s.history) >= 4
    for t in turns:
        assert t.kind == "best" and t.kind_label == "最佳说法" and t.said == t.best
        assert t.why and t.rule_name and t.rule_text and t.customer_said
        assert all(kb.SOURCE_PATTERN.match(src) for src in t.source)
        assert t.effect == "信任 +1,耐心 ±0"
    # the rule of the first turn is the type's own strategy, from the knowledge base
    assert turns[0].rule_name == "优柔寡断型" and "帮助他作出决策" in turns[0].rule_text


def test_hidden_state_decides_between_sale_and_next_time():
    """Authored rule: a sale needs trust ≥ 3 (min_trust of end-won); best +1, mismatch ±0."""
    def play(kinds):
        s = dialogue.start("dlg-rational")
        for k in kinds:
            s = _step(s, k)
        return s
    one_slip = play(["mismatch", "best", "best", "best"])      # trust 3, patience 2
    assert (one_slip.trust, one_slip.patience, one_slip.outcome) == (3, 2, "won")
    two_slips = play(["mismatch", "best", "mismatch", "best"])  # trust 2 < 3
    assert (two_slips.trust, two_slips.outcome) == (2, "later")
    assert "没有约时间" in two_slips.customer_says


def test_a_bad_opening_turns_the_customer_cold_and_impatient():
    s0 = dialogue.start("dlg-rational")
    s = _step(s0, "bad")
    assert (s.trust, s.patience) == (-3, 1)
    cold = next(n for n in dialogue.get("dlg-rational").nodes if n.id == "need").says_cold
    assert s.customer_says.endswith(cold)
    s2 = _step(s, "mismatch")   # patience 1 − 1 = 0: he ends the talk
    assert s2.done and s2.outcome == "lost"
    assert s2.customer_says.endswith(dialogue.get("dlg-rational").walkout)
    turns = dialogue.debrief(s2)
    assert [t.kind for t in turns] == ["bad", "mismatch"] and turns[0].effect == "信任 −3,耐心 −2"


def test_options_are_not_always_best_first():
    positions = set()
    for d in DIALOGUES:
        s = dialogue.start(d)
        positions.add(_display_index(s, "best"))
    assert len(positions) >= 2


def test_every_attempt_shuffles_afresh_and_a_seed_repeats_it():
    d = dialogue.get("dlg-rational")
    # all permutations of three replies occur over seeds (deterministic: 40 random attempts missed
    # one of the six about once in 250 runs)
    assert len({dialogue.start(d, seed=s).order for s in range(1, 61)}) == 6
    assert len({dialogue.start(d).order for _ in range(40)}) >= 2     # unseeded: shuffled afresh
    assert dialogue.start(d, seed=11).order == dialogue.start(d, seed=11).order
    with pytest.raises(PlaybookInputError):
        dialogue.start(d, seed="7")


def test_every_kind_appears_in_every_slot():
    """Over many attempts, each kind of reply is shown first, second and third."""
    seen = set()
    for d in DIALOGUES:
        for seed in range(8):
            s = dialogue.start(d, seed=seed)
            replies = dialogue._nodes(d)[s.node].replies
            seen |= {(replies[i].kind, pos) for pos, i in enumerate(s.order)}
    for kind in ("best", "mismatch", "bad"):
        assert {pos for k, pos in seen if k == kind} >= {0, 1, 2}, kind


def test_turns_store_option_ids_not_positions():
    d = dialogue.get("dlg-rational")
    a = dialogue.start(d, seed=1)
    b = dialogue.start(d, seed=2)
    a1 = _step(a, "best")
    b1 = _step(b, "best")
    assert a1.history[0].option == b1.history[0].option == "open.best"
    assert a1.history[0].reply == b1.history[0].reply
    assert dialogue.choose_id(a, "open.best").node == a1.node
    assert set(a.option_ids) == {"open.best", "open.mismatch", "open.bad"}
    assert [a.option_ids[k] for k in range(3)] == [dialogue.option_id(d, "open", i) for i in a.order]


# ---------------------------------------------------------------- test-wise guessers
GUESS_SEEDS = range(8)


def _guess_play(d, pick, seed):
    import random as _random
    rng = _random.Random(seed)
    s = dialogue.start(d, seed=seed)
    while not s.done:
        if s.expects_text:
            s = _bland(s)
        else:
            s = dialogue.choose(s, pick(s.options, rng))
    return s


def _bland(s):
    """A bland typed reply at a text turn (the judge cannot pass it)."""
    return dialogue.say(s, "好的,您看着办。")


@pytest.mark.parametrize("name", sorted(__import__("playbook.kb.guessers", fromlist=["PICKERS"]).PICKERS))
def test_no_guesser_wins_more_than_15_percent(name):
    from playbook.kb.guessers import PICKERS
    plays = [_guess_play(d, PICKERS[name], seed) for d in DIALOGUES for seed in GUESS_SEEDS]
    won = sum(s.outcome == "won" for s in plays) / len(plays)
    right = sum(s.correct for s in plays) / len(plays)
    assert won <= 0.15 and right <= 0.15, (name, won, right)


def test_the_kb_check_passes_the_shipped_dialogues_and_reports_the_rates():
    rates = graph.guesser_rates(DIALOGUES, seeds=8)
    assert set(rates) >= {"longest", "shortest", "position0", "position1", "position2", "politest",
                          "most_sentences", "random"}
    assert graph.check_guessers(DIALOGUES) == []
    assert all(r <= rates["random"] + graph.GUESSER_MARGIN for r in rates.values())


def _leaky() -> kb.Dialogue:
    """The small dialogue with the best reply always written longest (the old bank's leak)."""
    raw = copy.deepcopy(_raw())
    for n in raw["nodes"]:
        for r in n.get("replies", []):
            r["say"] = ("这是一句很长很完整、面面俱到、两句话以上的最佳回答。还有第二句。" if r["kind"] == "best"
                        else f"短句{r['kind']}")
    return _build(raw)


def test_the_kb_check_fails_on_a_leaky_dialogue():
    leaky = _leaky()
    assert graph.check(leaky) == []                 # a valid graph …
    problems = graph.check_guessers([leaky] * 3)    # … that a length guesser wins
    assert any("longest" in p for p in problems) and any("most_sentences" in p for p in problems)
    assert not any("position" in p for p in problems)


def test_kb_build_rejects_leaky_dialogues(monkeypatch):
    leaky = _leaky()
    monkeypatch.setattr(graph, "check", lambda d: [])
    base = kb.load()
    problems = graph.check_guessers(tuple(base.dialogues) + (leaky,) * 40, base=base)
    assert problems and "泄露" in problems[0]


def test_groups_cover_every_target():
    g = dialogue.groups()
    assert [len(g[name]) for name in dialogue.GROUP_LABELS] == [10, 4, 6]
    for rows in g.values():
        for item, ds in rows:
            assert ds, item.id


# ---------------------------------------------------------------- every path, through the API
def _walk(s: dialogue.State, kinds: tuple[str, ...], out: list) -> None:
    if s.done:
        out.append((kinds, s))
        return
    assert len(s.history) < 20, "a path that never ends"
    replies = dialogue._nodes(s.dialogue)[s.node].replies
    if s.expects_text:  # each verdict of the judge leads to one reply; walk them all by id
        for i, r in enumerate(replies):
            _walk(dialogue.choose_id(s, dialogue.option_id(s.dialogue, s.node, i)), kinds + (r.kind,), out)
        return
    for i in range(len(s.options)):
        _walk(dialogue.choose(s, i), kinds + (replies[s.order[i]].kind,), out)


@pytest.mark.parametrize("d", DIALOGUES, ids=[d.id for d in DIALOGUES])
def test_every_path_ends_and_no_bad_practice_wins(d):
    ends: list = []
    _walk(dialogue.start(d), (), ends)
    assert len(ends) == len(dialogue.paths(d))
    outcomes = {s.outcome for _, s in ends}
    compliance = dialogue.best_path(d).outcome != "won"
    assert outcomes == ({"later", "lost"} if compliance else {"won", "later", "lost"})
    for kinds, s in ends:
        assert s.outcome in ("won", "later", "lost")
        if "bad" in kinds:
            assert s.outcome != "won", kinds
        if set(kinds) == {"best"}:
            assert s.correct and len(kinds) >= 4
        debrief = dialogue.debrief(s)
        assert [t.kind for t in debrief] == list(kinds)
        assert all(t.why and t.source for t in debrief)


# ---------------------------------------------------------------- the browser constraint
def test_dialogue_imports_with_stdlib_only(run_stdlib_only):
    run_stdlib_only(
        "from playbook import dialogue\n"
        "s = dialogue.start(dialogue.all_dialogues()[0])\n"
        "s = dialogue.choose(s, 0)\n"
        "assert dialogue.debrief(s)\n")


RED_FLAGS = ("购物卡", "回扣", "返点", "私下", "收现金", "现金订金", "打招呼", "先送货", "手续以后", "少不了您")


def test_no_best_reply_gives_advice_the_compliance_chapter_forbids():
    for d in DIALOGUES:
        for n in d.nodes:
            for r in n.replies:
                if r.kind == "best":
                    hits = [w for w in RED_FLAGS if w in r.say]
                    assert not hits, (d.id, n.id, hits)


def test_every_red_flag_reply_is_marked_bad():
    flagged = 0
    for d in DIALOGUES:
        for n in d.nodes:
            for r in n.replies:
                # the words a new hire under pressure really uses ("帮您申请个特价"), not confessions
                if any(w in r.say for w in ("购物卡", "回扣", "返给您", "返到您", "私下", "特价", "特别优惠",
                                            "差价", "心意")):
                    flagged += 1
                    assert r.kind == "bad", (d.id, n.id, r.say)
    assert flagged >= 8


# ---------------------------------------------------------------- printed role-play script
def test_script_has_every_scene_option_and_verdict():
    import re

    from playbook.trainer import cards

    d = dialogue.get("dlg-calculating")
    page = cards.dialogue_script_html(d)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "@page" in page and "size: A4" in page and f'url("{cards.FONT}")' in page
    assert "<script" not in page and "http" not in page
    scenes = [n for n in d.nodes if n.replies]
    # three sheets repeat each scene: salesperson, customer, debrief
    assert len(re.findall(r"<h3>第 \d 幕</h3>", page)) == 3 * len(scenes)
    assert page.count("保密") >= 1 and "不要给客户经理看" in page
    for n in scenes:
        for k, r in enumerate(dialogue.node_options(d, n.id)):
            assert html_escape(r.say) in page
            assert html_escape(r.why) in page
    # the salesperson's sheet does not give the type away
    sales = page.split("客户经理页", 1)[1].split("客户页", 1)[0]
    assert "斤斤计较型" not in sales and "坏做法" not in sales


def html_escape(text: str) -> str:
    import html

    from playbook.typography import chinese_typography

    return html.escape(chinese_typography(text))


def test_script_letters_match_the_player_order():
    from playbook.trainer import cards

    d = dialogue.get("dlg-rational")
    page = cards.dialogue_script_html(d, seed=3)
    s = dialogue.start(d, seed=3)
    first_scene = page.split("<h3>第 1 幕</h3>", 2)[1]
    positions = [first_scene.index(html_escape(o)) for o in s.options]
    assert positions == sorted(positions)


def test_script_escapes_text():
    from playbook.trainer import cards

    d = dialogue.get("dlg-rational")
    nasty = dataclasses.replace(d, setting='<script>alert(1)</script>&"', customer="<b>张工</b>")
    page = cards.dialogue_script_html(nasty)
    assert "<script>" not in page and "<b>张工</b>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;张工&lt;/b&gt;" in page


def test_cli_prints_a_dialogue_script(tmp_path, capsys):
    from playbook import cli

    assert cli.main(["cards", "--dialogue", "dlg-silent", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "对练-dlg-silent.html").read_text(encoding="utf-8")
    assert "对练脚本" in page and (tmp_path / "NotoSansSC-GB2312.ttf").exists()
    assert cli.main(["cards", "--dialogue", "dlg-nobody", "--out", str(tmp_path)]) == 1
    assert "没有 id" in capsys.readouterr().err


# ---------------------------------------------------------------- the widget (headless)
def _answer_diagnosis(p) -> None:
    """Answer the player's diagnosis question right (the type, then a cue phrase)."""
    if p.state.expects_diagnosis:
        types, cues = dialogue.diagnosis_options(p.state)
        answer = dialogue._diagnose_item(p.state.dialogue)
        k = [t for t, _ in types].index(answer)
        p.type_buttons[k].click()
        cue = next(i for i, c in enumerate(cues) if any(w in c for w in p.state.dialogue.cues))
        p.cue_buttons[cue].click()


def test_player_plays_to_the_end_and_shows_the_debrief():
    pytest.importorskip("ipywidgets")
    from playbook.views.dialogue import DialoguePlayer, STYLE

    p = DialoguePlayer("dlg-indecisive")
    assert "white-space: normal" in STYLE and len(p.option_buttons) == 3
    for b in p.option_buttons:
        assert b.layout.width == "100%" and b.layout.height == "auto"
        assert "pb-dlg-option" in b._dom_classes
    assert "优柔寡断型" not in p.header.value            # the type stays hidden while playing
    while not p.state.done:
        _answer_diagnosis(p)
        if p.state.expects_text:
            p.text_box.value = "王姐,我建议今天先交备案材料、填首车订单,明天上午我打电话跟您和大哥一起确认。"
            p.send_button.click()
            continue
        i = _display_index(p.state, "best")
        p.option_buttons[i].click()
    assert p.state.history[-1].option.startswith("close.")
    assert p.state.diagnosis is not None and p.state.diagnosis.item_right and p.state.diagnosis.cue_right
    assert "技能记分卡" in p.result.value and "判断类型" in p.result.value
    assert p.option_buttons == [] and len(p.rewind_buttons) == len(p.state.history)
    assert p.result.value and "优柔寡断型" in p.result.value
    assert p.result.value.count("pb-dlg-turn") == len(p.state.history)
    assert "002 §4.2.2" in p.result.value
    before = p.state
    p.rewind_buttons[1].click()                       # replay from turn 2: turn 1 kept
    assert len(p.state.history) == 1 and p.state.history[0] == before.history[0]
    p.restart_button.click()
    assert p.state.history == () and len(p.option_buttons) == 3


def test_a_finished_dialogue_is_saved_for_spaced_review(tmp_path):
    pytest.importorskip("ipywidgets")
    from playbook.engines import practice
    from playbook.views.dialogue import DialoguePlayer

    store = practice.FileStore(tmp_path / "practice.json")
    p = DialoguePlayer("dlg-rational", store=store)
    p.option_buttons[_display_index(p.state, "best")].click()
    assert store.load().reviews == ()                 # nothing saved before the talk ends
    _answer_diagnosis(p)
    while not p.state.done:
        if p.state.expects_text:
            p.say("您就放心吧,我私下给您返点,保证您要多少有多少。")
            continue
        p.option_buttons[_display_index(p.state, "bad")].click()
    assert p.state.outcome == "lost" and "已记入" in p.result.value
    (review,) = store.load().reviews
    assert review.item == "dialogue:dlg-rational" and review.family == "dialogue"
    assert review.rating == practice.rating_for_outcome("lost") and not review.correct
    assert review.choices == tuple(t.option for t in p.state.history) and review.choices[0] == "open.best"


def test_player_bad_index_shows_a_message_not_a_traceback():
    pytest.importorskip("ipywidgets")
    from playbook.views.dialogue import DialoguePlayer

    p = DialoguePlayer("dlg-rational")
    assert p.choose(7) is None and "选项编号" in p.error.value


def test_picker_switches_dialogues_and_lists_all():
    pytest.importorskip("ipywidgets")
    from playbook.views.dialogue import catalogue_markdown, dialogue_player

    box = dialogue_player(picker=True)
    assert len(box.dropdown.options) == len(DIALOGUES)
    box.dropdown.value = "dlg-direct-255"
    assert box.player.state.dialogue.id == "dlg-direct-255" and "86 升" in box.player.says.value
    text = catalogue_markdown()
    from playbook.typography import chinese_typography
    for d in DIALOGUES:
        assert chinese_typography(dialogue.display_title(d)) in text
    # the type is what the trainee must find out: no type name in the catalogue or the picker
    names = [item.name for rows in dialogue.groups().values() for item, _ in rows]
    shown = text + "".join(label for label, _ in box.dropdown.options) + box.player.header.value
    assert not [n for n in names if n in shown]


# ---------------------------------------------------------------- in the built book (browser)
@pytest.mark.browser
def test_dialogue_plays_to_a_sale_and_to_a_loss_in_the_browser(served, browser):
    import time

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from playbook.typography import chinese_typography

    def wait_live():
        deadline = time.time() + 90
        while time.time() < deadline:
            state = browser.driver.execute_script("return window.playbookLive || null")
            if state:
                assert state["ready"], state.get("error")
                return
            time.sleep(0.2)
        pytest.fail("对练 90 秒内没有就绪")

    def app():
        return next(a for a in browser.driver.find_elements(By.CSS_SELECTOR, ".pb-live-app")
                    if a.find_elements(By.CSS_SELECTOR, ".pb-dlg"))

    def node_shown(d):
        texts = [b.text.strip()[3:] for b in app().find_elements(By.CSS_SELECTOR, "button.pb-dlg-option")]
        for n in d.nodes:
            says = {chinese_typography(r.say): r for r in n.replies}
            if texts and all(t in says for t in texts):
                return n, texts, says
        return None, texts, {}

    def play(d, kind_of_turn):
        """Play in the page: options are shuffled there, so find each reply by its text."""
        turn, kinds = 1, []
        while "技能记分卡" not in app().text:   # the debrief (a judge's note may say 结果)
            text = app().text
            if "凭哪句话" in text and app().find_elements(By.CSS_SELECTOR, "button.pb-dlg-type"):
                app().find_elements(By.CSS_SELECTOR, "button.pb-dlg-type")[0].click()
                time.sleep(0.3)
                app().find_elements(By.CSS_SELECTOR, "button.pb-dlg-cue")[0].click()
            elif app().find_elements(By.CSS_SELECTOR, "textarea") and "请自己写下" in text:
                kind = kind_of_turn(turn)
                app().find_element(By.CSS_SELECTOR, "textarea").send_keys(
                    "懂,逢年过节我给您送几张购物卡,再私下返您一点回扣。" if kind == "bad" else "好的,您看着办。")
                app().find_element(By.XPATH, ".//button[contains(normalize-space(), '说出这句话')]").click()
                kinds.append(kind)
                turn += 1
            else:
                n, texts, says = node_shown(d)
                assert n is not None, texts
                kind = kind_of_turn(turn)
                i = next(k for k, t in enumerate(texts) if says[t].kind == kind)
                buttons = app().find_elements(By.CSS_SELECTOR, "button.pb-dlg-option")
                browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[i])
                buttons[i].click()
                kinds.append(kind)
                turn += 1
            deadline = time.time() + 15
            before = text
            while time.time() < deadline and app().text == before:
                time.sleep(0.1)
        return kinds

    browser.driver.set_window_size(1280, 1600)
    browser.open(f"{served}/chapters/dialogues.html")
    wait_live()
    select = Select(browser.driver.find_element(By.CSS_SELECTOR, ".pb-live-app select"))
    assert not any("型" in o.text for o in select.options)         # the type is never named
    select.select_by_visible_text(next(o.text for o in select.options if "孙主任" in o.text and "建材厂" in o.text))
    time.sleep(1)
    d = dialogue.get("dlg-calculating")
    play(d, lambda n: "bad" if n == 2 else "best")
    text = app().text
    assert "结果：丢单" in text and "坏做法" in text and "技能记分卡" in text and "丢在第 2 轮" in text
    browser.screenshot("dialogue-lost")
    app().find_element(By.XPATH, ".//button[contains(normalize-space(), '重新开始')]").click()
    time.sleep(0.5)
    d = dialogue.get("dlg-rational")
    select.select_by_visible_text(next(o.text for o in select.options if "张工" in o.text))
    time.sleep(1)
    play(d, lambda n: "best")
    text = app().text
    assert "技能记分卡" in text and "依据：" in text and "从第 1 轮重来" in text
    browser.screenshot("dialogue-debrief")
    # at 390 px the reply buttons wrap and never overlap, and nothing scrolls sideways
    browser.driver.set_window_size(390, 1400)
    app().find_element(By.XPATH, ".//button[contains(normalize-space(), '重新开始')]").click()
    time.sleep(0.5)
    rects = [b.rect for b in app().find_elements(By.CSS_SELECTOR, "button.pb-dlg-option")]
    assert len(rects) >= 3
    for upper, lower in zip(rects, rects[1:]):
        assert upper["y"] + upper["height"] <= lower["y"] + 0.5
    assert max(r["height"] for r in rects) > 40          # long replies take several lines
    width = browser.driver.execute_script("return document.documentElement.clientWidth")
    assert all(r["x"] + r["width"] <= width for r in rects)
    browser.screenshot("dialogue-390")
    browser.driver.set_window_size(1280, 1600)


# ---------------------------------------------------------------- diagnosis
@pytest.mark.parametrize("d", DIALOGUES, ids=lambda d: d.id)
def test_the_diagnosis_is_asked_after_the_first_lines_and_scored(d):
    if not dialogue._diagnose_item(d):   # a compliance dialogue: no customer type to name
        assert not d.cues and not dialogue.choose(dialogue.start(d, seed=4), 0).expects_diagnosis
        return
    s = dialogue.start(d, seed=4)
    assert not s.expects_diagnosis                      # the customer has spoken once
    s = dialogue.choose(s, 0) if not s.expects_text else dialogue.say(s, "您好,我先听听您的想法。")
    assert s.expects_diagnosis
    types, cues = dialogue.diagnosis_options(s)
    answer = dialogue._diagnose_item(d)
    assert answer in [t for t, _ in types] and len(types) == 4 and len(set(types)) == 4
    right_cues = [c for c in cues if any(w in c for w in d.cues)]
    assert right_cues and len(cues) >= 2, (d.id, cues)
    good = dialogue.diagnose(s, answer, right_cues[0])
    assert not good.expects_diagnosis and good.diagnosis.score == 1.0
    wrong_type = next(t for t, _ in types if t != answer)
    wrong_cue = next(c for c in cues if c not in right_cues)
    bad = dialogue.diagnose(s, wrong_type, wrong_cue)
    assert bad.diagnosis.score == 0.0 and not bad.diagnosis.item_right and not bad.diagnosis.cue_right
    card = dialogue.scorecard(good)
    diag = next(k for k in card.skills if k.skill == "diagnosis")
    assert diag.possible >= 1 and diag.points >= 1
    with pytest.raises(PlaybookInputError):
        dialogue.diagnose(s, "ctype-nobody", right_cues[0])


def test_titles_before_play_never_name_the_type():
    names = [item.name for rows in dialogue.groups().values() for item, _ in rows]
    for d in DIALOGUES:
        shown = dialogue.display_title(d) + d.setting + d.customer
        assert not [n for n in names if n in shown], d.id
        assert " · " in dialogue.display_title(d)


# ---------------------------------------------------------------- typed replies at the pivots
def test_at_least_ten_dialogues_ask_for_a_typed_reply():
    typed = [d.id for d in DIALOGUES if any(n.typed for n in d.nodes)]
    assert len(typed) >= 10, typed


def _to_typed(d, seed=0):
    """Follow the first path that reaches a typed turn, up to it."""
    typed = {n.id for n in d.nodes if n.typed}
    path = next(p for p in dialogue.paths(d) if typed & {nid for nid, _ in p.choices})
    s = dialogue.start(d, seed=seed)
    for nid, i in path.choices:
        if s.expects_text:
            return s
        s = dialogue.choose_id(s, dialogue.option_id(d, nid, i))
    raise AssertionError("no typed turn reached")


@pytest.mark.parametrize("verdict,kind", [("pass", "best"), ("fail", "bad"), ("unsure", "weak")])
def test_the_judges_verdict_picks_the_branch(monkeypatch, verdict, kind):
    from playbook.engines import dialogue_play as engine  # the judge call lives with the moves
    monkeypatch.setattr(engine, "_judge", lambda s, text: (verdict, ("理由",) if verdict != "pass" else ()))
    for d in DIALOGUES:
        if not any(n.typed for n in d.nodes):
            continue
        s = _to_typed(d)
        assert s.options == () and s.option_ids == ()
        with raises_code("dialogue_expects_text", "choice"):
            dialogue.choose(s, 0)
        after = dialogue.say(s, "我的回答。")
        turn = after.history[-1]
        node = dialogue._nodes(d)[turn.node]
        expected = kind if kind != "weak" else node.replies[graph.middle_index(node)].kind
        assert node.replies[turn.reply].kind == expected
        assert turn.typed == "我的回答。" and turn.verdict == verdict
        t = dialogue.debrief(after)[-1]
        assert t.said == "我的回答。" and t.typed and t.best          # the model answer is shown


def test_a_bland_typed_reply_never_carries_a_deal():
    hit = set()
    for d in DIALOGUES:
        if not any(n.typed for n in d.nodes):
            continue
        for seed in range(4):
            s = dialogue.start(d, seed=seed)
            while not s.done:
                s = _bland(s) if s.expects_text else _step(s, "best")
            if any(t.typed for t in s.history):
                hit.add(d.id)
                assert s.outcome != "won", d.id
                # the judge never passes it: unsure (middle branch) or fail (bad branch)
                assert all(t.verdict in ("unsure", "fail") for t in s.history if t.typed), d.id
    assert len(hit) >= 10, hit


def test_say_rejects_empty_and_untyped_turns():
    d = next(d for d in DIALOGUES if any(n.typed for n in d.nodes))
    s = _to_typed(d)
    with pytest.raises(PlaybookInputError):
        dialogue.say(s, "   ")
    with pytest.raises(PlaybookInputError):
        dialogue.say(dialogue.start("dlg-indecisive"), "你好")


def test_a_typed_bribe_goes_to_the_bad_branch():
    d = dialogue.get("dlg-calculating")
    s = _to_typed(d)
    after = dialogue.say(s, "懂,逢年过节我给您送几张购物卡,再私下返您一点回扣。")
    node = dialogue._nodes(d)[after.history[-1].node]
    assert after.history[-1].verdict == "fail" and node.replies[after.history[-1].reply].kind == "bad"


# ---------------------------------------------------------------- consequences and shapes
def test_kept_the_rules_lost_the_order_is_a_right_ending(tmp_path):
    """The kickback dialogue: declining to the end loses the order and scores as correct."""
    d = dialogue.get("dlg-calculating")
    s = dialogue.start(d, seed=2)
    while not s.done:
        s = _step(s, "best")
    assert s.outcome == "lost" and s.kept_rules and s.correct
    card = dialogue.scorecard(s)
    assert card.correct and card.lost_at == 0
    comp = next(k for k in card.skills if k.skill == "compliance")
    assert comp.possible >= 1 and comp.points == comp.possible
    assert next(k for k in card.skills if k.skill == "diagnosis").possible == 0   # no type to name
    # giving in at the end also loses, and is wrong; the turn that lost it is named
    s2 = dialogue.start(d, seed=2)
    while s2.node != "close":
        s2 = _step(s2, "best")
    s2 = _step(s2, "bad")
    assert s2.outcome == "lost" and not s2.correct and not s2.kept_rules
    card2 = dialogue.scorecard(s2)
    assert card2.lost_at == len(s2.history) and "坏做法" in card2.lost_why
    from playbook.engines import practice
    store = practice.FileStore(tmp_path / "p.json")
    practice.record_dialogue(d.id, s.outcome, store=store, correct=s.correct)
    (r,) = store.load().reviews
    assert r.correct and r.rating == practice.rating_for_outcome("won")
    pytest.importorskip("ipywidgets")
    from playbook.views.dialogue import debrief_html
    assert "守住了底线" in debrief_html(s)


def test_bargaining_and_bribery_are_separate_dialogues():
    bargain = [d for d in DIALOGUES if "ctype-calculating" in d.targets]
    assert bargain and all(not any(w in _text(d) for w in ("表示表示", "懂不懂事")) for d in bargain)
    assert "ctype-calculating" not in dialogue.get("dlg-calculating").targets


def _shape(d) -> tuple:
    """A dialogue's shape: its best-path length and its graph (node → reply targets), text aside."""
    nodes = dialogue._nodes(d)
    order = {n.id: k for k, n in enumerate(d.nodes)}
    edges = tuple(sorted((order[n.id], tuple(sorted(order[r.to] for r in n.replies)),
                          tuple(order[r.to_cold] for r in n.replies if r.to_cold)) for n in d.nodes))
    return len(dialogue.best_path(d).choices), len(nodes), edges


def test_at_least_five_distinct_shapes():
    assert len({_shape(d) for d in DIALOGUES}) >= 5
    assert len({len(dialogue.best_path(d).choices) for d in DIALOGUES}) >= 2


def test_a_late_objection_refers_back_to_an_earlier_choice():
    d = dialogue.get("dlg-direct-255")
    s = _step(dialogue.start(d, seed=1), "weak")            # "是我们的责任,少多少我们赔多少"
    assert "admitted" in s.flags
    while s.node != "offer":
        s = _step(s, "best")
    assert "你一开始不是说少多少赔多少吗" in s.customer_says
    clean = dialogue.start(d, seed=1)
    while clean.node != "offer":
        clean = _step(clean, "best")
    assert "赔多少" not in clean.customer_says
    # the bargaining customer calls in a promised "特价"
    b = _step(dialogue.start("dlg-bargain", seed=1), "bad")
    while b.node != "offer":
        b = _step(b, "best")
    assert "特价" in b.customer_says


def test_an_early_weak_reply_makes_a_later_turn_harder():
    """Trust decides the branch: a cold customer asks for proof before talking price."""
    d = dialogue.get("dlg-suspicious")
    warm = _step(_step(dialogue.start(d, seed=0), "best"), "best")
    cold = _step(_step(dialogue.start(d, seed=0), "bad"), "best")
    assert warm.node == "offer" and cold.node == "proof"
    assert cold.trust < 0 and "送检" in cold.customer_says


def test_the_close_is_the_trainees_move():
    """In most dialogues the customer no longer proposes the next step; the best close asks."""
    asks = ("怎么签", "怎么开始", "什么时候签", "怎么办手续", "要些什么", "就试一车", "怎么付", "先用一部分")
    closes = [next(n for n in d.nodes if n.id == "close") for d in DIALOGUES]
    customer_led = [n.says for n in closes if any(a in n.says for a in asks)]
    assert len(customer_led) <= 2, customer_led
    asking = [d.id for d, n in zip(DIALOGUES, closes)
              if "?" in next(r for r in n.replies if r.kind == "best").say
              or "?" in next(r for r in n.replies if r.kind == "best").say]
    assert len(asking) >= len(DIALOGUES) // 2, asking


def test_an_accepted_close_below_the_trust_gate_is_explained_not_contradicted():
    d = dialogue.get("dlg-rational")
    s = dialogue.start(d, seed=3)
    s = _step(s, "bad")                                  # trust −3: the gate cannot be reached
    while not s.done:
        s = _step(s, "best")
    assert s.outcome == "later" and s.history[-1].held_back
    last_best = next(r for r in dialogue._nodes(d)["close"].replies if r.kind == "best")
    assert last_best.react not in s.customer_says and dialogue.HELD_BACK in s.customer_says
    t = dialogue.debrief(s)[-1]
    assert "不到签单需要的" in t.effect and t.reaction == dialogue.HELD_BACK
    assert "信任" in dialogue.scorecard(s).lost_why


# ---------------------------------------------------------------- trainer statistics
def test_choice_statistics_from_imported_progress_flag_options_nobody_picks(tmp_path):
    from playbook.engines import practice
    store = practice.FileStore(tmp_path / "cohort.json")
    d = dialogue.get("dlg-rational")
    for seed in range(12):       # a class: everybody picks the best opening, half then slip
        s = _step(dialogue.start(d, seed=seed), "best")
        s = _step(s, "best" if seed % 2 else "mismatch")
        while not s.done:
            s = _step(s, "best")
        practice.record_dialogue(d.id, s.outcome, store=store, correct=s.correct,
                                 choices=[t.option for t in s.history])
    progress = practice.from_json(practice.to_json(store.load()))[0]   # as a trainer imports it
    stats = {(x.dialogue, x.option): x for x in dialogue.choice_stats(progress)}
    assert stats[("dlg-rational", "open.best")].chosen == 12
    assert stats[("dlg-rational", "open.bad")].chosen == 0 and stats[("dlg-rational", "open.bad")].unpicked
    assert stats[("dlg-rational", "open.mismatch")].unpicked
    need_best, need_mis = stats[("dlg-rational", "need.best")], stats[("dlg-rational", "need.mismatch")]
    assert need_best.chosen == need_mis.chosen == 6 and need_best.share == 0.5
    assert not need_best.unpicked and need_best.right == 6
    assert stats[("dlg-rational", "need.bad")].unpicked
    assert not stats[("dlg-impulsive", "open.bad")].unpicked       # nobody played it: no verdict
    # the same from plain mappings; an unknown option is ignored; a bad entry raises
    plain = dialogue.choice_stats([{"dialogue": "dlg-rational", "path": ["open.best", "nope.x"], "correct": True}],
                                  min_plays=1)
    assert next(x for x in plain if x.option == "open.best" and x.dialogue == "dlg-rational").chosen == 1
    with pytest.raises(PlaybookInputError):
        dialogue.choice_stats([42])


def test_script_asks_for_the_diagnosis_and_marks_typed_scenes_and_kept_rules():
    from playbook.trainer import cards
    page = cards.dialogue_script_html(dialogue.get("dlg-calculating"))
    assert "守住了底线" in page and "关键的一幕" in page
    page = cards.dialogue_script_html(dialogue.get("dlg-rational"))
    assert "他更像哪一类" in page and "线索" in page
