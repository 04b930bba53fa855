"""Text rules a sales trainer applies to a trainee's free-text answer (standard library only).

Pure, deterministic and explainable: every rule returns what it found, so the caller can show
the trainee *why* (in Chinese). Used by :func:`playbook.engines.judge.score_free_text` and by
the compliance scan of the question banks (``tests/test_drills_verdict.py``).

- :func:`phrase_hits` finds phrases, telling negated mentions (“我没有任何数据”,“回扣我们是不给的”)
  from real ones;
- :func:`bad_practice` finds hard fails: rudeness, arguing, pressure, gifts and kickbacks to
  buyers, cash / private accounts / invoice tricks, exaggerated or false quality claims, and
  promises or discounts the company has not approved;
- :func:`sentence_problem` tells gibberish, too-short answers and keyword salad from sentences;
- :func:`concern_groups` / :func:`addressed` check that an answer takes up what the customer said;
- :func:`fab_order` checks “因为(F)……所以(A)……对您来说(B)……”.

Usage (a negated mention is not a hit; a hard fail names its class):

>>> from playbook.engines import answer_rules as rules
>>> rules.has_phrase("回扣我们是不给的", ["回扣"]), rules.has_phrase("我给您回扣", ["回扣"])
(False, True)
>>> [cls.kind for cls, words in rules.bad_practice("给您个人一点回扣,您就签了吧")]
['kickback']
>>> rules.sentence_problem("价格 质量 服务 送货")
'只罗列了几个关键词,没有说成完整的话(关键词堆砌)'
>>> rules.fab_order("因为我们的柴油硫含量低,所以积碳少,对您来说就是车队保养费用更低。")  # F < A < B
(0, 12, 18)
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from playbook import kb as _kb
from playbook.normalize import answer_text

__all__ = [
    "Finding", "bad_practice_classes", "concern_cues", "normalize", "phrase_hits", "has_phrase", "bad_practice",
    "sentence_problem", "cjk_count", "concern_groups", "addressed", "fab_order",
]


@functools.lru_cache(maxsize=512)
def normalize(text: str) -> str:
    """The matching form of a text: :func:`playbook.normalize.answer_text` (capped, NFKC,
    invisible characters out, traditional → simplified), letters lower-cased, spaces removed —
    except that a space between two Chinese characters becomes a clause mark (``,``)."""
    return _spaced(text, ",")


@functools.lru_cache(maxsize=512)
def _negation_form(text: str) -> str:
    """:func:`normalize` with the spaces between words kept as a plain gap (``_GAP``) instead of a
    clause mark, character for character: a pattern does not match across such a space, but a
    refusal after it still negates (“回扣 我们一律不给”)."""
    return _spaced(text, _GAP)


_GAP = "\u2063"


def _spaced(text: str, mark: str) -> str:
    """:func:`answer_text`, lower-cased, with each space between two Chinese characters made
    ``mark`` and every other space removed."""
    return _SPACES.sub(lambda m: mark if _between_words(m) else "", answer_text(text)).lower()


_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[\u3400-\u9fff]")


def _between_words(m: re.Match[str]) -> bool:
    """A space between two Chinese characters ends a clause (“两车先给您排上 便宜50那家您问下”, the
    way chat messages are written); elsewhere (“降 10%”, “92# 汽油”) it is only spacing."""
    s, i, j = m.string, m.start(), m.end()
    return 0 < i and j < len(s) and bool(_WORD.match(s[i - 1])) and bool(_WORD.match(s[j]))


#: Words with 不/没 that do not negate anything (masked before looking for negation).
_NOT_NEGATING = ("要不", "不过", "不错", "不少", "不仅", "不但", "不管", "不久", "不断", "不停", "不然",
                 "了不起", "对不起", "不好意思", "差不多", "不得不", "不一样", "不同", "不一定", "没错",
                 "不着急", "不急", "别急", "不耽误", "不用担心", "不卡壳", "不怕", "不光", "不只", "不止", "无论",
                 "别人", "别家", "别的", "特别", "区别", "级别", "类别", "分别", "告别", "识别", "个别", "未来",
                 "无忧", "不是吗", "没问题", "没事", "没关系", "没毛病")
_PREFIX_NEG = re.compile(r"(没有|没|不|无|别|未|毫无|并非|拒绝|绝不|决不|严禁|禁止|不得|避免|避开|杜绝|防止|远离)")
#: Refusals that may follow the phrase a little later in the clause (“回扣我们是不给的”), among them
#: “can't” after the verb (“白送不了”,“降10%我给不了”; not “少不了”, which promises) and naming it a
#: breach (“私下再让就是违规”).
_SUFFIX_REFUSAL = re.compile(r"(不给|不送|不做|不收|不拿|不允许|不能|不可以|不行|拒绝|(?<![您你])免了|不搞|做不到|一律不|不敢说|不好说|说不准|不清楚|不知道|不在我的?权限|超出我的?权限|(?<![不没])(?<!不是)(就|那|都)?(是|算|属于)违规(?![也都])|(^不了|(给|送|降|让|减|做|办|批|答应|保证|承诺|开|签)不了)(?!(您|你)?(太多|多少|那么多|很多)))")
_SUFFIX_ABSENT = re.compile(r"(没有|没带|没|暂无|拿不出|啥的|什么的|都差不多|无所谓|不重要)")
#: Words that turn a proper channel into its bypass (“不用走审批”): then ``unless`` does not excuse.
_BYPASS = re.compile(r"(不用|不必|无需|免|跳过|绕过|不走|不经|没|不)")
#: A verb's “cannot” complement that states a condition (“回不了本算我的”,“到不了我赔”): no
#: negation of what follows it. A refusing verb's (“我给不了您回扣”,“做不到私下让利”) still negates.
_POTENTIAL = re.compile(r"(?<=[\u3400-\u9fff])(?<![给送做办批降让减应证诺开签拿])不(了|到|起|动|住|完)")
_CLAUSE_END = re.compile(r"[,,。.!!??;;::\n]")


#: A yes-no question made of a verb and its negation (“能不能排车”,“有没有货”,“是不是送检了”):
#: it asks about what follows, it does not deny it.
_A_NOT_A = re.compile(r"([\u3400-\u9fff])[不没]\1")


@functools.lru_cache(maxsize=256)
def _masked(text: str, questions: bool = False) -> str:
    """``text`` with the non-negating words blanked, and with ``questions`` the A-not-A questions
    too (asked once per phrase hit: cached)."""
    for w in _NOT_NEGATING:
        text = text.replace(w, "□" * len(w))
    return _A_NOT_A.sub("□□□", text) if questions else text


@functools.lru_cache(maxsize=64)
def _clause_marks(text: str) -> tuple[int, ...]:
    """Positions of the clause-ending characters of ``text`` (found once per text)."""
    return tuple(m.start() for m in _CLAUSE_END.finditer(text))


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    marks = _clause_marks(text)
    i = bisect.bisect_left(marks, start)  # marks before ``start``
    left = marks[i - 1] + 1 if i else 0
    j = bisect.bisect_left(marks, end)
    return left, marks[j] if j < len(marks) else len(text)


def negated(text: str, start: int, end: int, *, questions: bool = False) -> bool:
    """Is the phrase at ``text[start:end]`` (normalized text) negated in its clause?

    Before it: a negator at most 8 characters earlier in the clause (“没有任何数据和报告”,“不能保证”);
    after it: an absence at most 3 characters later (“数据没有带”,“报告暂时没有”) or a refusal at
    most 8 characters later (“回扣我们是不给的”,“好处费这些我们一律不做”,“私下降不了”).
    ``questions``: an A-not-A question before it (“今天能不能排车”) asks about the phrase, it does
    not deny it; so it is read where an answer's topics are found (:func:`phrase_hits`). Bad
    practice only asked about (“是不是也能保证不断油”) is not a commitment: there it stays a hedge."""
    masked = _masked(text, questions)
    left, right = _clause_bounds(masked, start, end)
    # A negator before the phrase reaches it only from the same stretch of words: not across a
    # chat-style space (“听说的不算数 化验单在这”) nor across 就 (“不信就送检”: a condition);
    # “V不了/V不到” earlier in the clause is a condition too (“回不了本算我的”), not a negation
    before = masked[max(left, start - 8):start]
    before = before[max(before.rfind(_GAP), before.rfind("就")) + 1:]
    before = _POTENTIAL.sub("□□", before)
    if _PREFIX_NEG.search(before):
        return True
    after = masked[end:right].replace(_GAP, "")
    m = _SUFFIX_ABSENT.search(after[:5])
    if m and m.start() <= 3:
        return True
    m = _SUFFIX_REFUSAL.search(after[:12])
    return bool(m and m.start() <= 8)


@dataclass(frozen=True)
class Finding:
    """One phrase found in an answer."""

    phrase: str
    start: int
    negated: bool


def phrase_hits(text: str, phrases: tuple[str, ...] | list[str], *, pattern: str = "") -> list[Finding]:
    """Every occurrence of ``phrases`` (and matches of the regex ``pattern``) in ``text``."""
    norm, soft = normalize(text), _negation_form(text)
    out: list[Finding] = []
    for p in phrases:
        q = normalize(p)
        if not q:
            continue
        i = norm.find(q)
        while i >= 0:
            out.append(Finding(q, i, negated(soft, i, i + len(q), questions=True)))
            i = norm.find(q, i + 1)
    if pattern:
        for m in re.finditer(pattern, norm):
            if m.end() > m.start():
                out.append(Finding(m.group(0), m.start(), False))  # structural patterns are not negated
    return out


def has_phrase(text: str, phrases: tuple[str, ...] | list[str], *, pattern: str = "") -> bool:
    """True when a phrase occurs at least once without being negated."""
    return any(not f.negated for f in phrase_hits(text, phrases, pattern=pattern))


# --------------------------------------------------------------------------- bad practice
#: Kept for old callers: the classes now live in the knowledge base (``knowledge/judge.yaml``).
BadPracticeClass = _kb.BadPracticeClass


_COMPILED: dict[int, tuple[_kb.KnowledgeBase, tuple[tuple[_kb.BadPracticeClass, re.Pattern[str]], ...]]] = {}


def _classes(base: _kb.KnowledgeBase) -> tuple[tuple[_kb.BadPracticeClass, re.Pattern[str]], ...]:
    """The classes, each with its patterns compiled into one alternation (once per base)."""
    entry = _COMPILED.get(id(base))
    if entry is None or entry[0] is not base:
        entry = (base, tuple((c, re.compile("|".join(f"(?:{p})" for p in c.patterns)))
                             for c in base.bad_practice_classes))
        _COMPILED[id(base)] = entry
    return entry[1]


@functools.lru_cache(maxsize=64)
def _unless(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def bad_practice_classes(base: _kb.KnowledgeBase | None = None) -> tuple[_kb.BadPracticeClass, ...]:
    """The kinds of bad practice the judge fails (knowledge base ``bad_practice_classes``)."""
    return (base or _kb.load()).bad_practice_classes


def __getattr__(name: str) -> object:  # module attribute forwarding
    if name == "BAD_PRACTICE_CLASSES":
        return bad_practice_classes()
    if name == "CONCERNS":
        return tuple((c.name, c.raised_by, c.answered_by) for c in concern_cues())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def bad_practice(text: str, base: _kb.KnowledgeBase | None = None) -> list[tuple[_kb.BadPracticeClass, str]]:
    """The bad practices in ``text``: (class, the words that show it), one entry per class.

    Words already taken as one class's evidence are not another's too (“私下给您” is a kickback,
    not a price concession): the classes are read in the knowledge base's order, the more
    specific first."""
    norm = _unquoted(normalize(text))
    masked = _masked(_negation_form(text))
    found = []
    claimed: list[tuple[int, int]] = []
    for cls, pattern in _classes(base or _kb.load()):
        unless = _unless(cls.unless)
        for m in pattern.finditer(norm):
            if any(m.start() < end and start < m.end() for start, end in claimed):
                continue
            if unless is not None:  # the sentence says it goes through the proper channel
                left, right = _sentence(norm, m.start(), m.end())
                # … outside the words found (“审批事后补” names the channel only to skip it)
                if any(not m.start() <= p.start() < m.end()
                       and not _BYPASS.search(norm, max(left, p.start() - 4), p.start())
                       for p in unless.finditer(norm, left, right)):
                    continue
            if cls.group in _ECHOED and _echo_refused(norm, m.start(), m.end()):
                continue  # the customer's demand, repeated back and turned down in the same sentence
            # a negation inside the phrase itself (“不开票”) is the phrase; look around it
            if not cls.negatable or not negated(masked, m.start(), m.end()):
                found.append((cls, m.group(0)))
                claimed.append((m.start(), m.end()))
                break
    return found


#: What the customer said, quoted (“您说‘出了事谁负责’”): not the salesperson's words.
_QUOTED = re.compile(r"((?:您|你|客户|他|对方)(?:说|问|讲|提)(?:的)?[::]?[“\"「『‘])([^”\"」』’]{1,40})([”\"」』’])")


def _unquoted(norm: str) -> str:
    """``norm`` with the customer's quoted words blanked (same length)."""
    return _QUOTED.sub(lambda m: m.group(1) + "□" * len(m.group(2)) + m.group(3), norm)


#: Classes whose words a salesperson often repeats from the customer's demand before answering it.
_ECHOED = ("credit",)
_ECHO_MARK = re.compile(r"(您|你)(是)?(说|提|讲|问|要求|希望)(的)?$")
#: A plain no later in the same sentence (“这个我给不了”,“价格我不能当场降”).
_TURNED_DOWN = re.compile(r"给不了|做不到|办不到|答应不了|不能答应|不能当场|不能给|没法给|给不起|让不了|降不了")


def _echo_refused(norm: str, start: int, end: int) -> bool:
    """Are the words at ``norm[start:end]`` the customer's demand, repeated (after “您说的” or at the
    head of the sentence) and turned down later in the same sentence? “您说便宜两百才信我,这个我给不了”
    is; “您要账期,我现在就能给您放一个月” is not (no refusal)."""
    head, stop = _sentence(norm, start, end)
    clause = max(norm.rfind(c, 0, start) for c in ",,。!?;\n") + 1
    echoed = start - head <= 2 or bool(_ECHO_MARK.search(norm, clause, start))
    return echoed and bool(_TURNED_DOWN.search(norm, end, stop))


def _sentence(norm: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``norm[start:end]`` (ended by 。!?; or a new line)."""
    left = max(norm.rfind(c, 0, start) for c in "。!?;\n") + 1
    stops = [i for i in (norm.find(c, end) for c in "。!?;\n") if i >= 0]
    return left, min(stops, default=len(norm))


# --------------------------------------------------------------------------- sentences
_CJK = re.compile(r"[\u3400-\u9fff]")
#: Characters that glue words into a sentence (particles, pronouns, common verbs).
_FUNCTION = re.compile(r"[的了是我您你们在有会能就都把给吧吗呢着过要请这那和也还再让先可以说看来去对]")


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def sentence_problem(text: str, keywords: tuple[str, ...] = ()) -> str:
    """Why ``text`` is not a real answer (Chinese), or ``""`` when it reads as sentences.

    Gibberish (no Chinese), too short (fewer than 6 Chinese characters), keyword salad (short
    space-separated words without sentences, or nothing left once the rubric's keywords are
    taken out)."""
    raw = unicodedata.normalize("NFKC", text).strip()
    n = cjk_count(raw)
    if n == 0:
        return "回答里没有中文句子(像是乱码或随手敲的字符)"
    if n < 6:
        return f"回答太短(只有 {n} 个汉字),说不清楚你要对客户讲什么"
    parts = [p for p in re.split(r"[\s、,,/]+", raw) if p]
    if len(parts) >= 3 and not re.search(r"[。!?;!?;]", raw) and max(cjk_count(p) for p in parts) <= 4:
        return "只罗列了几个关键词,没有说成完整的话(关键词堆砌)"
    rest = normalize(raw)
    for k in sorted({normalize(k) for k in keywords if k}, key=len, reverse=True):
        rest = rest.replace(k, "")
    punctuated = re.search(r"[,,。.!!??;;]", raw)
    if not punctuated and (cjk_count(rest) < 4 or not _FUNCTION.search(rest)):
        return "去掉评分关键词后几乎什么也不剩,不是对客户说的完整的话(关键词堆砌)"
    return ""


# --------------------------------------------------------------------------- the customer's concern
def concern_cues(base: _kb.KnowledgeBase | None = None) -> tuple[_kb.ConcernCue, ...]:
    """Concerns a customer may raise (knowledge base ``concern_cues``)."""
    return (base or _kb.load()).concern_cues


def concern_groups(said: str, base: _kb.KnowledgeBase | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """The concerns a customer raises in ``said`` (the customer's own words, from the knowledge
    base, never a display text): (name, words that answer it)."""
    norm = normalize(said)
    return [(c.name, c.raised_by + c.answered_by) for c in concern_cues(base)
            if any(normalize(w) in norm for w in c.raised_by)]


def addressed(text: str, concerns: list[tuple[str, tuple[str, ...]]]) -> bool:
    """Does ``text`` take up at least one of ``concerns`` (a non-negated mention)? No concerns → True."""
    if not concerns:
        return True
    return any(has_phrase(text, words) for _, words in concerns)


# --------------------------------------------------------------------------- FAB
_BENEFIT_MARK = re.compile(r"对(您|你|贵)[^,。!?;]{0,4}(来说|而言)|对(您|你)(的)?(站|厂|公司|车队)?来讲")


def fab_order(text: str) -> tuple[int, int, int]:
    """Positions of 因为 (F), 所以 (A) and 对您来说 (B) in the normalized text; -1 where missing."""
    norm = normalize(text)
    f = norm.find("因为")
    a = norm.find("所以", f + 2 if f >= 0 else 0)
    m = _BENEFIT_MARK.search(norm, (a + 2) if a >= 0 else 0)
    if m is None and a < 0:
        m = _BENEFIT_MARK.search(norm)
    return f, a, (m.start() if m else -1)


def benefit_part(text: str) -> str:
    """What follows 对您来说 (the B part), or the whole answer when the marker is missing."""
    norm = normalize(text)
    m = _BENEFIT_MARK.search(norm)
    return norm[m.end():] if m else norm


# --------------------------------------------------------------------------- compliance of advice
#: Advice the compliance chapter forbids, unless the same sentence qualifies it the way the
#: chapter does (company-approved, public, symbolic, within the price policy, forbidden …).
_ADVICE = (
    ("送礼给个人", r"送(小)?礼|礼品|礼物|赠送|赠品|送(您|你|他)", r"公司统一|公开|象征性|批准|登记|促销品|不(送|收|能)|绝不|严禁|禁止"),
    ("找准关键人员送好处", r"找准关键人员|关键人员", r"不可|不能|禁止|严禁|变相"),
    ("先抬价再让价", r"先抬价|提高一些价格|事先提高|抬高报价", r"价格政策|执行单|不得|不能|禁止"),
    ("检查前通风报信", r"通风报信|(检查|抽检|稽查|检测)[^。]{0,8}(提前告诉|打招呼|透露|放风)|透露[^。]{0,6}(检查|抽检)", r"不得|不能|禁止|严禁|绝不"),
    ("以吃喝玩乐维系关系", r"吃喝玩乐|请(他|客户)(吃饭|喝酒|唱歌)|陪(他|客户)(喝酒|打牌)", r"不|标准|申请|批准"),
)


def compliance_advice(text: str) -> list[str]:
    """What in ``text`` contradicts the compliance chapter (gifts and kickbacks to people, cash,
    private accounts, invoice tricks, inspection tip-offs, marking up to discount, wining and
    dining); empty when nothing does. For correct options, model answers and strategies."""
    found = [f"{cls.name}(“{words}”)" for cls, words in bad_practice(text) if cls.kind in ("kickback", "cash")]
    for sentence in re.split(r"[。!?!?\n]", unicodedata.normalize("NFKC", text)):
        for label, pattern, qualifier in _ADVICE:
            m = re.search(pattern, sentence)
            if m and not re.search(qualifier, sentence):
                found.append(f"{label}(“{m.group(0)}”)")
    return list(dict.fromkeys(found))
