"""Text rules a sales trainer applies to a trainee's free-text answer (standard library only).

Pure, deterministic and explainable: every rule returns what it found, so the caller can show
the trainee *why* (in Chinese). Used by :func:`playbook.engines.drills.score_free_text` and by
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

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "Finding", "BAD_PRACTICE_CLASSES", "normalize", "phrase_hits", "has_phrase", "bad_practice",
    "sentence_problem", "cjk_count", "concern_groups", "addressed", "fab_order",
]


def normalize(text: str) -> str:
    """NFKC (full-width ？％１ → ?%1), spaces removed, ASCII letters lower-cased."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


#: Words with 不/没 that do not negate anything (masked before looking for negation).
_NOT_NEGATING = ("要不", "不过", "不错", "不少", "不仅", "不但", "不管", "不久", "不断", "不停", "不然",
                 "了不起", "对不起", "不好意思", "差不多", "不得不", "不一样", "不同", "不一定", "没错",
                 "不着急", "不急", "别急", "不耽误", "不用担心", "不卡壳", "不怕", "不光", "不只", "不止", "无论",
                 "别人", "别家", "别的", "特别", "区别", "级别", "类别", "分别", "告别", "识别", "个别", "未来",
                 "无忧", "不是吗")
_PREFIX_NEG = re.compile(r"(没有|没|不|无|别|未|毫无|并非|拒绝|绝不|决不|严禁|禁止|不得)")
#: Refusals that may follow the phrase a little later in the clause (“回扣我们是不给的”).
_SUFFIX_REFUSAL = re.compile(r"(不给|不送|不做|不收|不拿|不允许|不能|不可以|不行|拒绝|免了|不搞|做不到|一律不|不敢说|不好说|说不准|不清楚|不知道)")
_SUFFIX_ABSENT = re.compile(r"(没有|没带|没|暂无|拿不出|啥的|什么的|都差不多|无所谓|不重要)")
_CLAUSE_END = re.compile(r"[,,。.!!??;;::\n]")


@functools.lru_cache(maxsize=256)
def _masked(text: str) -> str:
    """``text`` with the non-negating words blanked (asked once per phrase hit: cached)."""
    for w in _NOT_NEGATING:
        text = text.replace(w, "□" * len(w))
    return text


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = _CLAUSE_END.search(text, end)
    return left, right.start() if right else len(text)


def negated(text: str, start: int, end: int) -> bool:
    """Is the phrase at ``text[start:end]`` (normalized text) negated in its clause?

    Before it: a negator at most 8 characters earlier in the clause (“没有任何数据和报告”,“不能保证”);
    after it: an absence at most 3 characters later (“数据没有带”,“报告暂时没有”) or a refusal at
    most 6 characters later (“回扣我们是不给的”,“好处费这些我们一律不做”)."""
    masked = _masked(text)
    left, right = _clause_bounds(masked, start, end)
    before = masked[max(left, start - 8):start]
    if _PREFIX_NEG.search(before):
        return True
    after = masked[end:right]
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
    norm = normalize(text)
    out: list[Finding] = []
    for p in phrases:
        q = normalize(p)
        if not q:
            continue
        i = norm.find(q)
        while i >= 0:
            out.append(Finding(q, i, negated(norm, i, i + len(q))))
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
@dataclass(frozen=True)
class BadPracticeClass:
    """A kind of bad practice: its phrases/patterns and how negation is treated.

    ``negatable``: a negated mention (“我们不给回扣”) is not the bad practice itself."""

    kind: str
    label: str
    patterns: tuple[str, ...]
    negatable: bool
    why: str
    source: tuple[str, ...]


BAD_PRACTICE_CLASSES: tuple[BadPracticeClass, ...] = (
    BadPracticeClass(
        "rude", "对客户无礼、轻视客户",
        (r"爱买不买", r"爱要不要", r"不要拉倒", r"(你|您)懂什么", r"懂什么", r"太笨", r"笨了", r"蠢", r"破玩意",
         r"没钱就别", r"别浪费我", r"浪费我时间", r"太抠", r"(有|算)什么了不起", r"了不起什么",
         r"凭什么(看不起|瞧不起|说我们|要我们)",
         r"您算什么", r"随便您", r"(您|你)想多了", r"别找我们麻烦", r"找别人吧", r"这都不懂", r"这么简单都",
         r"磨叽", r"磨磨唧唧", r"墨迹", r"啰嗦", r"啰里啰嗦", r"烦不烦", r"真是的", r"(你|您)这(个)?人怎么", r"有病",
         r"神经", r"脑子", r"爱信不信", r"信不信由", r"随(你|您)便", r"(别|少)废话", r"闭嘴", r"滚(吧|蛋|出去)",
         r"拉倒", r"买不起", r"穷", r"小气", r"抠门", r"想占便宜", r"事(儿)?多", r"挑三拣四", r"挑骨头", r"不识货",
         r"(你|您)(到底)?懂不懂", r"跟(你|您)说不清", r"对牛弹琴", r"没见识", r"懒得"),
        False, "处理异议要尊重客户,不能轻视或表现出不耐烦;无礼的话当场就会丢掉客户。",
        ("002 §4.3.4",)),
    BadPracticeClass(
        "arguing", "与客户争辩、顶撞客户",
        (r"(您|你)[^,。!?;]{0,6}不对", r"(您|你)(说|讲)的?不对", r"(您|你)错了", r"(您|你)算错", r"胡说", r"瞎说",
         r"造谣", r"(^|[,。!?;:])不可能", r"根本(不|没)", r"(您|你)不懂", r"没看明白", r"(是|这是)偏见", r"老黄历", r"落伍",
         r"观念太旧", r"老观念", r"过时了", r"比(您|你)(更)?懂", r"外行", r"不配", r"不怪我们", r"跟我们(公司)?没关系",
         r"太离谱", r"哪有差距", r"早该(淘汰|改|换)", r"怎么就不", r"年轻怎么了", r"小供应商怎么了"),
        False, "处理异议的原则是永不争辩:争辩赢了道理,输了订单;顶撞只会激起对方的逆反心理。",
        ("002 §4.3.4", "002 §4.2.2")),
    BadPracticeClass(
        "pressure", "催逼、施压成交",
        (r"赶紧(签|定|买|下单)", r"今天不(定|签|进|买)", r"不签就", r"过了今天", r"错过(今天|就)", r"最后一天",
         r"到底(买不买|要不要|要还是不要)", r"给个准话", r"快点决定", r"别磨蹭", r"别犹豫了", r"还犹豫", r"还考虑啥",
         r"表个态", r"倒是说", r"怎么不说话", r"会后悔", r"亏大了", r"就没货", r"就没这个价", r"这个价就没",
         r"签了(可就)?不能退", r"又变卦", r"又反悔", r"要还是不要", r"再不(买|定|签|进)", r"不(买|签|定)就(算|拉倒|没)", r"现在就(签|定|下单)", r"马上(签|定|决定|下单)",
         r"就这一次机会", r"机会只有一次"),
        False, "催逼和施压只会让客户更谨慎或事后反悔;要耐心、按部就班,不投机取巧。",
        ("002 §4.2.2",)),
    BadPracticeClass(
        "kickback", "给采购人员个人好处(回扣、红包、购物卡、私下送礼)",
        (r"回扣", r"好处费", r"红包", r"返点", r"购物卡", r"加油卡", r"充值卡", r"礼品卡", r"代物券", r"表示表示",
         r"一点心意", r"少不了您的", r"私下(里)?(给|送)", r"私下里", r"自己掏钱", r"辛苦费", r"送(您|你)个人",
         r"给(您|你)个人", r"(送|给)(您|你)一张", r"(给|送)(您|你)(个|一个)红包", r"规矩我懂"),
        True, "给采购人员个人好处违反国企规定,数额大的要承担法律责任;正确做法是婉拒、说明公司规定、"
              "只讲公司政策内给客户单位的优惠,并向上级报告。",
        ("000 §9.10", "000 §4.3")),
    BadPracticeClass(
        "cash", "收现金、走个人账户或变通开票",
        (r"现金", r"个人账户", r"打我卡", r"钱给我", r"开到别的单位", r"开给别的单位", r"变通开票", r"不开票",
         r"不开发票", r"不开收据", r"想怎么开就怎么开", r"开票灵活"),
        True, "批发业务严禁收取现金、严禁向个人账户打款;货、票、款必须一致,不能变通开票。",
        ("000 §9.6", "000 §9.9.2")),
    BadPracticeClass(
        "false_claim", "夸大或不实的质量说法",
        (r"全国(质量)?第一", r"世界一流", r"全国领先", r"全世界最", r"最便宜",
         r"(油|产品|机床|设备|服务|质量|售后|柴油|汽油)[^,。!?]{0,3}(是)?(全国|行业|这一片)?(最好|第一)", r"绝对没", r"从来没(断|晚|出)",
         r"永不", r"零故障", r"零损耗", r"零停机", r"零风险", r"(百分之百|100%)(?!满意)", r"都不会冻",
         r"是全免的", r"全免", r"比进口的还好", r"比谁家都好",
         r"(有点|有些|有个|小|一点)(小)?(问题|毛病|瑕疵)[^,。!?;]{0,8}(不影响|没关系|放心|看不出)", r"瞒", r"偷偷", r"悄悄",
         r"别(跟|告诉)[^,。!?;]{0,4}(领导|老板|别人|质检)", r"糊弄", r"以次充好", r"掺(了|点|些)?", r"(报告|数据)[^,。!?;]{0,4}(改|编|做)一下",
         r"(改|编|做|调)(一下|下|个|一份|份)?(假)?(报告|数据)", r"假(报告|数据|发票)", r"随便(填|写)", r"检不出", r"查不出来"),
        True, "夸大和不实的说法是使用 FAB 最容易犯的错,一旦被客户识破就失去信任;要实事求是,用事实说话。",
        ("001 提高篇(九)3", "002 §4.2.2")),
    BadPracticeClass(
        "overpromise", "承诺公司没有批准的条件(保证、包赔、私自降价、账期)",
        (r"(我|我们|能|都)保证", r"保证(您|你|两|\d|任何|零|不会|没有|百分|送到|达到|能)", r"绝对", r"包退", r"全赔", r"我赔", r"全额退款", r"我做主", r"我答应(您|你)", r"说一声就行",
         r"(给您|给你|我再|再给您|再给你)[^,。!?;]{0,4}(降|让|便宜|少算)", r"降\d+%?[,,]?我",
         r"降10%", r"便宜(两|二|一|几)百", r"啥都包", r"(全都|都)给您包", r"送十把", r"白送", r"免费换件", r"先送货", r"24小时给您停",
         r"说多少就多少", r"就\d+天"),
        True, "价格、账期和服务承诺只能在公司政策和价格执行单的范围内给;超出权限的要回公司申请,"
              "不能当场答应,更不能“保证”做不到的事。",
        ("000 §9.5", "000 §4.3", "002 §4.3.5")),
)


def bad_practice(text: str) -> list[tuple[BadPracticeClass, str]]:
    """The bad practices in ``text``: (class, the words that show it), one entry per class."""
    norm = normalize(text)
    masked = _masked(norm)
    found = []
    for cls in BAD_PRACTICE_CLASSES:
        for pat in cls.patterns:
            hit = None
            for m in re.finditer(pat, norm):
                if not cls.negatable:
                    hit = m.group(0)
                    break
                # a negation inside the phrase itself (“不开票”) is the phrase; look around it
                if not negated(masked, m.start(), m.end()):
                    hit = m.group(0)
                    break
            if hit:
                found.append((cls, hit))
                break
    return found


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
#: Concepts a customer may raise: (name shown to the trainee, words that raise it in the
#: scenario, further words that take it up in an answer).
CONCERNS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("油品和产品质量", ("化验单", "检验报告", "检测", "质量", "掺", "调和油", "积碳", "不合格", "国标", "标准", "老牌子",
                   "精度", "参数", "吹出来", "密度", "馏程", "硫含量", "出问题", "不放心", "用不来", "复杂"),
     ("化验单", "检验", "检测", "报告", "质量", "国标", "指标", "取样", "数据", "送检", "精度", "样件", "试切", "记录",
      "认证", "第三方", "培训", "上手", "编程", "操作")),
    ("价格和成本", ("价格", "报价", "贵", "便宜", "降", "让", "还价", "成本", "省多少", "预算", "收益", "付不起",
               "拿不出", "钱", "送什么", "白送", "懂事", "表示表示", "好处"),
     ("算账", "价", "成本", "省", "优惠", "实惠", "划算", "预算", "分期", "付款", "首付", "收益", "费", "便宜", "执行单",
      "政策", "元", "万", "合同", "规定", "赠品", "促销品")),
    ("运费、损耗和合同条款", ("运费", "损耗", "合同", "结算", "到站价", "对比"),
     ("运费", "损耗", "合同", "结算", "到站价", "明细", "吨公里", "月结", "标准", "对比", "表")),
    ("配送和供货", ("配送", "送货", "送到", "准时", "晚到", "晚了", "断货", "断油", "待命", "自提", "提油", "供货",
               "两车", "老供应商", "进货"),
     ("配送", "送", "到货", "准时", "按时", "记录", "计划", "供货", "供应", "铅封", "gps", "轨迹", "调度", "断油",
      "库存", "一车", "备选", "担心", "不满意")),
    ("售后和维修", ("修", "售后", "坏了"), ("网点", "响应", "到现场", "维修", "售后", "服务", "工程师")),
    ("账期和付款", ("账期", "先送货", "给钱", "付款", "全款", "一次拿不出"),
     ("账期", "结算", "付款", "现款", "申请", "分期", "首付", "周转")),
    ("帮他拿主意", ("进多少", "哪个好", "签半年", "签一年", "买错", "拿不准", "做不了主", "拿个意见"),
     ("建议", "先进", "先签", "先上", "推荐", "选", "吨", "半年", "一年", "立式", "卧式")),
    ("进货时机", ("油价", "降了再", "调价", "明年", "考虑考虑", "再考虑", "今年不考虑"),
     ("库存", "调价", "先进", "下个月", "下月", "下周", "下次", "哪方面", "考虑", "方案", "资料", "拜访")),
    ("他的经验和见解", ("我比谁都清楚", "比你懂", "我琢磨", "我一看就知道", "应该怎么做", "听腻", "你懂不懂",
                  "我说了算", "我的方案", "按我的", "我说多少", "我的条件", "不用你教"),
     ("请教", "您的看法", "您觉得", "高见", "您说说", "您指点", "经验", "您是行家", "有道理", "您说得对", "您讲得对", "没错", "按您",
      "您的思路", "您的意见", "您来定", "您决定", "您拍板", "比我懂", "佩服", "听听您")),
    ("他的地位和面子", ("不见", "排队", "也配", "采购额", "求着", "小供应商"),
     ("佩服", "请教", "向您学习", "前辈", "标杆", "早有耳闻", "您经验", "您懂的多", "比我懂", "您说的是", "您说得对")),
    ("决策方式和节奏", ("五分钟", "直接说", "说结果", "别绕弯子", "解决我什么", "我来选", "我自己判断"),
     ("您来定", "您决定", "您选", "您拍板", "您判断", "方案", "省", "解决", "两个", "收益")),
    ("计算依据和逻辑", ("怎么算", "计算过程", "依据", "前提条件", "时间分解", "检测方法", "国标哪一条"),
     ("依据", "计算", "明细", "首先", "其次", "因此", "前提", "分解", "检测", "报告", "标准", "记录", "数据")),
    ("新想法和愿景", ("新玩法", "想法", "创意", "样板", "智能工厂", "比赛", "有意思", "特色"),
     ("想法", "新模式", "创意", "独特", "远见", "一起", "聊聊", "交流", "特色", "样板", "联网", "排行")),
    ("安全稳妥、别人用不用", ("别人都在用", "大家都用", "稳当", "出了事", "同行业", "老规矩", "安全第一", "出岔子",
                      "周边几个车队"),
     ("周边", "同行", "大多数", "很多", "都在用", "安全", "稳妥", "放心", "稳定", "常规", "老规矩", "标准文本")),
    ("对客户经理本人的不满", ("迟到", "看手机", "年轻", "喝茶"),
     ("道歉", "对不起", "做得不好", "我负责", "守时", "准时", "您说得对", "哈哈", "学生", "多学", "说得是", "有道理",
      "样件", "配送计划", "配送安排")),
    ("外观", ("颜色", "外观", "面板"), ("颜色", "外观", "定制", "预算", "价格")),
)


def concern_groups(context: str) -> list[tuple[str, tuple[str, ...]]]:
    """The concerns a customer raises in ``context`` (what they say): (name, words that answer it)."""
    norm = normalize(context)
    return [(name, raise_ + answer) for name, raise_, answer in CONCERNS
            if any(normalize(w) in norm for w in raise_)]


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
    found = [f"{cls.label}(“{words}”)" for cls, words in bad_practice(text) if cls.kind in ("kickback", "cash")]
    for sentence in re.split(r"[。!?!?\n]", unicodedata.normalize("NFKC", text)):
        for label, pattern, qualifier in _ADVICE:
            m = re.search(pattern, sentence)
            if m and not re.search(qualifier, sentence):
                found.append(f"{label}(“{m.group(0)}”)")
    return list(dict.fromkeys(found))
