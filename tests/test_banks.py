"""Question banks a test-wise guesser cannot win (issue 21): the guessers, the knowledge-base
build check, options shown in a fresh order every time, and answers kept by option id."""
from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timezone

import pytest

from playbook import kb
from playbook.engines import drills, practice
from playbook.errors import PlaybookInputError
from playbook.kb import banks, guessers
from playbook.kb import build as kbbuild
from tests.test_records import db_url  # noqa: F401 - the SQLite / PostgreSQL fixture

PICKER_NAMES = {"longest", "shortest", "position0", "position1", "position2", "last", "politest",
                "most_sentences"}


# ------------------------------------------------------------------ guessers
def test_each_picker_returns_the_index_it_picks():
    rng = random.Random(0)
    opts = ["短", "长长长长的选项", "中等的", "中中"]
    pick = {name: guessers.PICKERS[name](opts, rng) for name in PICKER_NAMES}
    assert set(guessers.PICKERS) == PICKER_NAMES
    assert pick == {"longest": 1, "shortest": 0, "position0": 0, "position1": 1, "position2": 2,
                    "last": 3, "politest": pick["politest"], "most_sentences": pick["most_sentences"]}
    assert guessers.PICKERS["politest"](["好的", "您好,请您稍等,谢谢", "行吧"], rng) == 1
    assert guessers.PICKERS["most_sentences"](["一句话", "第一句。第二句!第三句?", "两句。两句。"], rng) == 1


def test_ties_are_broken_by_the_rng_and_reproducibly():
    opts = ["甲乙", "丙丁", "戊"]
    picks = {guessers.PICKERS["longest"](opts, random.Random(s)) for s in range(60)}
    assert picks == {0, 1}                     # both tied options, never the shorter one
    assert len({guessers.PICKERS["longest"](opts, random.Random(7)) for _ in range(5)}) == 1


def test_politeness_and_sentence_count():
    assert guessers.politeness("您好,请您稍等,谢谢") > guessers.politeness("等着") == 0
    assert guessers.politeness("随便你,爱买不买") < 0
    assert guessers.sentence_count("好。行!") == 2
    assert guessers.sentence_count("“对不起,让您久等了。”") == 1
    assert guessers.sentence_count("只有一句,没有句号") == 1
    assert guessers.sentence_count("  ") == 0


def test_measure_is_exact_with_ties_and_shuffled_display():
    opts = ("短", "长长长", "中中")
    items = [guessers.BankItem(opts, 1)] * 3 + [guessers.BankItem(opts, 0)]
    r = guessers.measure(items, bank="demo")
    assert r.chance == pytest.approx(1 / 3)
    assert r.accuracy["longest"] == pytest.approx(0.75)
    assert r.accuracy["shortest"] == pytest.approx(0.25)
    assert r.accuracy["position1"] == pytest.approx(0.75)
    shown_fresh = guessers.measure([guessers.BankItem(opts, 1, shuffled=True)] * 4)
    assert shown_fresh.accuracy["position1"] == pytest.approx(1 / 3)   # any place, fresh order
    assert shown_fresh.accuracy["longest"] == pytest.approx(1.0)       # the text still leaks
    tie = guessers.measure([guessers.BankItem(("甲乙", "丙丁"), 0)])
    assert tie.accuracy["longest"] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        guessers.BankItem(("只有一个",), 0)


def test_problems_name_the_bank_and_the_guesser():
    leaky = [guessers.BankItem(("对的做法,写得最长最完整", "错的", "也错了"), 0)] * 10
    lines = guessers.problems([guessers.measure(leaky, bank="leaky")])
    assert any(line.startswith("leaky: longest 100% vs chance 33%") for line in lines)
    assert any(line.startswith("leaky: position0") for line in lines)
    # a cue that marks a wrong option: striking it out wins a two-option bank
    marked = [guessers.BankItem(("对", "错的那个更长"), 0, shuffled=True)] * 10
    lines = guessers.problems([guessers.measure(marked, bank="marked")])
    assert any(line.startswith("marked: not-longest 100%") for line in lines)
    fair = [guessers.BankItem(("甲", "乙"), k, shuffled=True) for k in (0, 1)]
    assert guessers.problems([guessers.measure(fair, bank="fair")]) == []


# ------------------------------------------------------------------ the banks, checked
@pytest.fixture(scope="module")
def base() -> kb.KnowledgeBase:
    return kb.load()


def test_every_multiple_choice_family_is_checked(base):
    assert {r.bank for r in banks.reports(base)} == set(drills.FAMILIES)
    assert banks.check(base) == []


@pytest.mark.parametrize("seeds", [range(0, 4), range(4, 8), range(100, 104)], ids=str)
def test_every_bank_stays_within_10_points_of_chance(base, seeds):
    """Each form-only guesser, on every bank, over several seeds: within ±10 points of chance
    (as shown: a fresh order per render) and, in each seed's own order, the position guessers too."""
    for r in banks.reports(base, seeds=seeds):
        for name, acc in r.accuracy.items():
            assert abs(acc - r.chance) <= guessers.LIMIT, (r.bank, name, round(acc, 3), round(r.chance, 3))
        for name, acc in r.strike.items():
            assert acc - r.chance <= guessers.LIMIT, (r.bank, f"not-{name}", acc, r.chance)
    for seed in seeds:
        for r in banks.reports(base, seeds=[seed], shuffled_display=False):
            for name in guessers.POSITION_GUESSERS:
                assert abs(r.accuracy[name] - r.chance) <= guessers.LIMIT, (seed, r.bank, name)


def test_etiquette_key_is_rarely_the_longest_and_options_are_alike(base):
    """The finding of issue 21 (the key strictly the longest in 50 of 77 etiquette questions)."""
    qs = base.etiquette_questions
    longest = [q.id for q in qs
               if guessers.length(q.options[0]) > max(guessers.length(o) for o in q.options[1:])]
    assert len(qs) >= 77 and len(longest) <= 0.3 * len(qs), longest
    for q in qs:
        lengths = [guessers.length(o) for o in q.options]
        assert max(lengths) <= 2 * min(lengths), (q.id, q.options)
        assert len(set(q.options)) == len(q.options) == 4, q.id


def test_key_positions_are_balanced_in_each_seed_order(base):
    for seed in (0, 5):
        by_family: dict[str, list[int]] = {}
        for q in drills.all_questions(seed=seed, base=base):
            if len(q.options) == 4:
                by_family.setdefault(q.family, []).append(q.answer)
        for family, keys in by_family.items():
            counts = [keys.count(k) for k in range(4)]
            assert max(counts) - min(counts) <= 1, (seed, family, counts)


def _leaky_knowledge(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(kbbuild.KNOWLEDGE_DIR, knowledge)
    path = knowledge / "drills.yaml"
    text = path.read_text(encoding="utf-8")
    # the classic leak: the right option is the one that explains itself at length
    lines = []
    for line in text.split("\n"):
        if line.startswith("    options: [\"") and "\n" not in line:
            head, rest = line.split("[\"", 1)
            key, others = rest.split("\"", 1)
            line = f'{head}["{key},并且向客户说清楚这样做的理由和依据"{others}'
        lines.append(line)
    path.write_text("\n".join(lines), encoding="utf-8")
    return knowledge


def test_kb_build_fails_on_a_deliberately_leaky_bank(tmp_path):
    snapshot = tmp_path / "kb.json"
    with pytest.raises(kb.KnowledgeError) as err:
        kbbuild.build(_leaky_knowledge(tmp_path), snapshot)
    message = str(err.value)
    assert "etiquette: longest" in message and "选项的形式泄露了答案" in message
    assert "customer_type" not in message                # only the leaky bank is named
    assert not snapshot.exists()                        # nothing written


# ------------------------------------------------------------------ shuffle and option ids
def test_shuffled_keeps_key_and_ids_and_moves_the_key(base):
    q = drills.question_by_id("etq-dress-top#rule", base=base)
    places = set()
    for s in range(40):
        shown = drills.shuffled(q, random.Random(s))
        assert shown.options[shown.answer] == q.options[q.answer]
        assert shown.answer_id == q.answer_id == drills.option_id(q.options[q.answer])
        assert dict(zip(shown.option_ids, shown.options)) == dict(zip(q.option_ids, q.options))
        places.add(shown.answer)
    assert places == {0, 1, 2, 3}


def test_check_choice_by_id_or_by_position(base):
    q = drills.all_questions(seed=2, base=base)[0]
    wrong = next(i for i in range(len(q.options)) if i != q.answer)
    assert drills.check_choice(q, q.answer_id).correct
    r = drills.check_choice(q, q.option_ids[wrong])
    assert not r.correct and r.chosen == wrong and r.chosen_id == q.option_ids[wrong]
    assert r.answer_id == q.answer_id
    assert drills.check_choice(q, q.answer).chosen_id == q.answer_id
    assert drills.check_choice(q, q.options[q.answer]).correct    # an old record's text
    with pytest.raises(PlaybookInputError):
        drills.check_choice(q, "o0000000000")


def test_option_ids_do_not_depend_on_the_seed(base):
    a = {q.id: dict(zip(q.option_ids, q.options)) for q in drills.all_questions(seed=1, base=base)}
    b = {q.id: dict(zip(q.option_ids, q.options)) for q in drills.all_questions(seed=9, base=base)}
    for qid in a:
        for oid in set(a[qid]) & set(b[qid]):
            assert a[qid][oid] == b[qid][oid]


def test_choice_panel_shows_a_fresh_order_and_saves_the_option_id():
    pytest.importorskip("ipywidgets")
    from playbook.views.drills import ChoiceDrill, drill_panel

    q = drills.question_by_id("etq-dress-top#rule")
    orders = {tuple(ChoiceDrill([q]).choice.options) for _ in range(25)}
    assert len(orders) > 1                                # not one fixed order per question
    view = ChoiceDrill([q], rng=random.Random(3))
    assert view.answer(view.question.answer).chosen_id == q.answer_id

    class Storage(dict):
        def getItem(self, key):  # noqa: N802
            return self.get(key)

        def setItem(self, key, value):  # noqa: N802
            self[key] = value

    storage = Storage()
    panel = drill_panel(["etiquette"], seed=1, store=practice.BrowserStore(storage))
    choice = panel.children[0]
    shown = choice.question
    wrong = (shown.answer + 1) % len(shown.options)
    choice.answer(wrong)
    saved = practice.BrowserStore(storage).load().reviews
    assert [(r.item, r.choice, r.correct) for r in saved] == [(shown.id, shown.option_ids[wrong], False)]
    assert json.loads(storage[practice.BROWSER_KEY])["reviews"][0]["choice"] == shown.option_ids[wrong]


# ------------------------------------------------------------------ saved progress
def _file(entry: dict) -> str:
    base = {"id": "r1", "item": "etq-dress-top#rule", "family": "etiquette", "rating": 3,
            "correct": True, "at": "2026-12-01T08:00:00+00:00"}
    return json.dumps({"format": practice.FORMAT, "version": 2, "reviews": [{**base, **entry}]},
                      ensure_ascii=False)


def test_old_progress_entries_still_read():
    q = drills.question_by_id("etq-dress-top#rule")
    key_text = q.options[q.answer]
    plain, _ = practice.from_json(_file({}))                       # written before option ids
    assert plain.reviews[0].choice is None and plain.reviews[0].correct
    by_text, _ = practice.from_json(_file({"chosen": key_text}))  # an option's text
    assert by_text.reviews[0].choice == q.answer_id
    by_place, _ = practice.from_json(_file({"chosen": 2}))        # a bare position: unknowable
    assert by_place.reviews[0].choice is None and len(by_place) == 1
    by_id, _ = practice.from_json(_file({"choice": q.answer_id}))
    assert by_id.reviews[0].choice == q.answer_id
    again, _ = practice.from_json(practice.to_json(by_id))
    assert again == by_id
    assert practice.card_states(by_text)["etq-dress-top#rule"].right == 1


def test_review_keeps_the_choice_and_the_records_store_too(db_url):  # noqa: F811
    from playbook.trainer import records

    q = drills.question_by_id("etq-dress-top#rule")
    at = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
    p = practice.review(practice.Progress(), q.id, practice.GOOD, at=at, choice=q.answer_id)
    p = practice.review(p, "etq-dress-collar#rule", practice.AGAIN, at=at, choice="把袖子卷起来遮住油渍")
    assert p.reviews[0].choice == q.answer_id
    assert p.reviews[1].choice == drills.option_id("把袖子卷起来遮住油渍")
    with records.open_store(db_url) as store:
        store.import_practice(practice.to_json(p, trainee="王小明"))
        back = store.practice_progress()["王小明"]
    # both answers have the same time: the store orders them by review id, so compare by id
    assert {r.id: r.choice for r in back.reviews} == {r.id: r.choice for r in p.reviews}


def test_static_quiz_shuffles_per_page_load():
    from playbook.site import quizgen

    page = quizgen.quiz_html(seed=3, size=4, families=["etiquette"])
    assert page == quizgen.quiz_html(seed=3, size=4, families=["etiquette"])  # deterministic HTML
    assert page.count('class="pb-quiz-opts"') == 4 and "Math.random" in page
    assert page.count('class="pb-quiz-kl"') == 4 and page.count('class="pb-quiz-al"') == 4
    q = practice.make_session(3, size=4, families=["etiquette"]).questions[0]
    assert f'data-o="{q.option_ids[0]}"' in page


def test_dashboard_counts_choices_and_flags_distractors_nobody_picks():
    from playbook.trainer import dashboard

    q = drills.question_by_id("etq-dress-top#rule")
    wrong = [oid for oid in q.option_ids if oid != q.answer_id]
    at = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
    p = practice.Progress()
    for k, oid in enumerate([q.answer_id] * 2 + [wrong[0]] * 3):   # key 2 of 5, one distractor 3
        p = practice.review(p, q.id, practice.GOOD if oid == q.answer_id else practice.AGAIN,
                            at=at, choice=oid)
    p = practice.review(p, q.id, practice.AGAIN, at=at, choice="o0123456789")  # a rewritten option
    rows = [c for c in dashboard.option_choices({"甲": p}) if c.question_id == q.id]
    by_id = {c.option_id: c for c in rows}
    assert by_id[q.answer_id].chosen == 2 and by_id[q.answer_id].answers == 6 and by_id[q.answer_id].is_key
    assert by_id[wrong[0]].chosen == 3 and not by_id[wrong[0]].unpicked
    assert by_id[wrong[1]].unpicked and by_id[wrong[2]].unpicked
    assert by_id["o0123456789"].text == "" and by_id["o0123456789"].chosen == 1
    page = dashboard.option_choices_html({"甲": p})
    assert page.count("无人选择") == 2 and "已改写或删除的选项" in page
    assert dashboard.option_choices({"甲": p}, min_answers=7) == []


def test_questions_that_ask_the_same_thing_are_told_apart_by_their_situation():
    """Suggested-question lists (the trainer's console, the dashboard) show the prompt and the
    situation's first line: two questions with one prompt (向采购者介绍时… for two products)
    must differ there, or a trainee sees the same line twice."""
    seen: dict[tuple[str, str], str] = {}
    same_prompt = 0
    for q in drills.all_questions():
        key = (q.prompt, q.situation)
        assert key not in seen, (q.id, seen.get(key), key)
        seen[key] = q.id
        same_prompt += sum(1 for p, _ in seen if p == q.prompt) > 1
    assert same_prompt > 0   # the bank does reuse prompts: the check above is not vacuous
