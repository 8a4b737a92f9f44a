"""Word tables of the question parser: classifiers, function words, and the words the ledger understands.

Plain data plus two small lookups; jieba is loaded on first use only.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

# Measure words that may follow 多少/几 ("多少家", "几起", "多少辆次").
CLASSIFIERS: tuple[str, ...] = (
    "人次", "家次", "辆次", "艘次", "车次", "台次", "户次", "场次", "批次", "架次", "公里", "千米", "平方米",
    "万元", "亿元", "元", "钱", "个", "条", "处", "家", "起", "户", "人", "次", "项", "艘", "辆", "台", "名",
    "所", "座", "件", "份", "批", "场", "轮", "天", "回", "米", "吨", "宗", "例", "位", "间", "栋", "张",
    "期", "块", "套", "只", "支", "类", "种", "片", "小时", "学时", "课时", "组", "队", "村", "部", "根", "吨次",
    "项次",
)  # fmt: skip

CLASSIFIER_ALT = "|".join(sorted(CLASSIFIERS, key=len, reverse=True))  # longest first, for a regex
VISITS = "[人家台车艘户辆项场]次"  # counts of visits a clerk ends a question with ("…检查台次")
# What asks for a number: 多少, 几 with a classifier (几栋, 几支, 几大), a count noun, a rate, or a clerk's
# bare noun phrase ("…整改完成数", "平山住建起重机械检查台次", "…火灾直接财产损失", "请报一下…").
ASKS_NUMBER = re.compile(
    rf"多少|几(?:大|万|亿|{CLASSIFIER_ALT})|几[？?呢]|数量|总数|合计|总计|金额|多大|多高|多长"
    r"|[\u4e00-\u9fff]{1,4}率|比例|占比|百分之"
    rf"|[\u4e00-\u9fff]数[？?。]?$|(?:{VISITS}|损失)[？?。]?$|^(?:请|麻烦)?(?:你|您)?报(?:一下|下|个)"
)

# Function words: never evidence of what a question asks.
FUNCTION_WORDS = frozenset({
    "的", "了", "是", "有", "在", "和", "与", "及", "对", "把", "被", "给", "吗", "呢", "啊", "吧", "呀",
    "请问", "请", "帮", "帮忙", "我", "我们", "你", "您", "查询", "一下", "看看", "告诉", "想", "知道",
    "多少", "几", "几大", "一共", "总共", "共", "共计", "合计", "总计", "累计", "都", "也", "还", "又", "再",
    "就", "这", "那", "那么", "其中", "目前", "现在", "当前", "截至", "截止", "为止", "至今", "里", "中",
    "内", "上", "下", "个", "条", "处", "项", "家", "户", "起", "次", "人", "名", "数", "数量", "总数",
    "数据", "情况", "到底", "具体", "大概", "一", "些", "哪些", "什么", "怎么", "如何", "为", "达",
    "做", "进行", "开展", "了解", "统计", "汇总", "辖区", "已经", "已", "目前为止", "多", "少", "期间",
    "过", "着", "到", "出", "来", "出来", "从", "自", "以来", "呢？", "年", "月", "日", "号", "份", "跟", "同", "向", "由",
    "搞", "弄", "干", "完", "掉", "要", "将", "一共有", "总共有", "如今", "咱们", "咱", "俺们", "多长", "多远", "多大", "多高",
    "分开", "说说", "说", "讲讲", "讲", "分别说", "按", "嗯", "那个", "这个", "哈", "嘛", "呗", "哦", "诶", "就是", "然后", "的话", "一下子", "哎", "麻烦",
    "多重", "多宽", "多深", "多久", "多长时间", "全县", "全区", "全市", "全镇", "全乡", "全街道", "辖区内", "那边", "这边",
    "那块", "这块", "块儿", "那块儿", "这块儿", "前前后后", "大约", "左右", "啥", "咋", "到现在",
    "请报", "报一下", "各有", "分别", "各自", "分布", "构成", "明细", "计算", "算", "算一下", "算算",
    # spoken time clauses and directional complements ("查易燃易爆企业那会儿", "分了几个组下去")
    "时候", "的时候", "以后", "之后", "之前", "以前", "下去", "下来", "上去", "上来", "出去", "过来", "起来",
    "一遍", "一趟", "一回", "一轮", "去", "往", "让", "加上", "再加上", "离", "距", "距离",
})  # fmt: skip
# A demonstrative with a measure word: "那回", "那阵子", "这批" point back, they add nothing asked.
_DEICTIC = re.compile(r"[那这哪](?:会儿|阵子|阵儿|阵|回|轮|批|次|趟|些|种|样|时|段|波|拨|家|位)")

# Colloquial words and the written forms reports use for them ("死了几个人" -> 死亡2人). A question
# word is found in a report when any of its forms is.
COLLOQUIAL: dict[str, tuple[str, ...]] = {
    "死": ("死亡", "身亡", "遇难", "丧生", "亡", "死"), "死人": ("死亡", "身亡", "遇难", "死"),
    "烧死": ("死亡", "身亡", "遇难", "烧死"), "淹死": ("溺亡", "溺水死亡", "死亡", "淹死"),
    "摔死": ("坠落", "死亡", "摔死"), "砸死": ("物体打击", "死亡", "砸死"), "烧伤": ("受伤", "烧伤"),
    "伤": ("受伤", "伤"), "伤人": ("受伤", "伤"), "罚": ("罚款", "处罚", "罚没", "罚"), "钱": ("罚款", "金额", "元"),
    "案子": ("案件", "立案", "案"), "办": ("办理", "查办", "立案", "查处", "办"), "查": ("检查", "排查", "查"),
    "救": ("营救", "救援", "救助", "救出", "救"), "接": ("接处", "接报", "接警", "接"), "装": ("安装", "加装", "装"),
    "换": ("更换", "换"), "开": ("召开", "开"), "发": ("下发", "发放", "发出", "发"), "记": ("记录", "记"),
    "抓": ("抓获", "查处", "抓"), "关": ("关闭", "关停", "取缔", "关"), "停用": ("停止使用", "停用"),
    "引起": ("引发", "导致", "造成", "引起"), "起火": ("火灾", "起火"), "着火": ("火灾", "着火"),
    "塔吊": ("塔式起重机", "塔吊"), "车": ("车辆", "车"), "签": ("签订", "签"), "治理": ("治理", "整改"),
    "剩": ("剩余", "余", "剩"), "还剩": ("剩余", "尚余", "仍有", "尚有", "还有", "还剩"), "没": ("未", "尚未", "没"), "培训": ("培训", "教育"), "演练": ("演练", "演习"),
    "出警": ("出警", "接处警", "接警", "警情"), "抢修": ("抢修", "维修"), "拘": ("拘留", "拘"), "关停": ("关闭", "关停", "停产"),
    "停业": ("停业", "停产"), "停产": ("停产", "停业"), "巡": ("巡查", "巡线", "巡"), "管子": ("软管", "管"),
    "企业": ("企业", "生产经营单位", "经营单位", "单位", "公司", "厂"), "工地": ("工地", "施工现场", "项目"),
    "查出": ("查出", "发现", "排查出", "检查出"), "查出来": ("查出", "发现", "排查出", "检查出"),
    "考试": ("考试", "考核"), "船": ("船舶", "船"), "酒驾": ("酒后驾驶", "饮酒驾驶", "酒驾"), "醉驾": ("醉酒驾驶", "醉驾"),
    "超载": ("超限超载", "超载", "超员"), "无证": ("无证驾驶", "无证经营", "无证"), "头盔": ("头盔", "安全帽"),
    "娃": ("学生", "儿童"), "老百姓": ("群众", "居民"), "房子": ("房屋", "自建房", "住房"),
    # everyday names of things reports name formally
    "煤气": ("燃气", "液化气", "煤气"), "电瓶车": ("电动自行车", "电动车", "电瓶车"), "老人家": ("老人", "老年人"),
    "发出": ("下发", "发放", "发出"), "黑车": ("非法营运", "黑车"), "公司": ("企业", "公司"),
}  # fmt: skip

# Verbs that say nothing about which figure is meant ("发生了几起火灾", "搞了几次演练").
GENERIC_VERBS = frozenset({
    "有", "是", "发生", "出", "出了", "搞", "弄", "做", "干", "进行", "开展", "组织", "实现", "达到", "共", "在", "还有",
    "到", "为", "来", "完", "算", "存在", "现有", "达", "占", "要", "让", "叫", "去", "用了", "请问", "知道", "告诉",
})  # fmt: skip
# Hazard intents: for a hazard question they are the status asked (knowledge.facts.text), not a verb to find.
HAZARD_VERBS = frozenset({
    "发现", "排查", "查出", "检查", "查", "检查出", "排查出", "查出来", "整改", "治理", "督促", "销号", "完成", "整改完",
    "整治", "还剩", "剩", "剩下", "没", "未", "逾期", "超期",
})  # fmt: skip

# Words a hazard-ledger query fully accounts for: the counted thing, the intents, the statuses,
# domain names and their plain synonyms. A question word outside this set (农村公路, 有限空间)
# is a qualifier the ledger's columns cannot express.
EXPLAINED_WORDS = frozenset({
    "隐患", "安全隐患", "事故隐患", "隐患点", "问题", "安全", "安全生产", "生产", "隐患数", "条数",
    "发现", "新发现", "排查", "排查出", "查出", "查出来", "检查", "检查出", "查", "新增", "登记", "上报",
    "录入", "记录", "台账", "整改", "整改完成", "完成整改", "完成", "整改完", "完毕", "已整改", "未整改",
    "没", "没有", "未", "剩", "还剩", "剩余", "剩下", "仍", "仍未", "尚未", "逾期", "超期", "超过", "超出",
    "过了", "期限", "整改期限", "时限", "治理", "销号", "闭环", "率", "整改率", "比例", "占比", "情况",
    "处置", "处理", "整治", "状态", "中", "正在", "整改中", "在整改", "报上来", "报上去", "报送", "工地", "还有", "还没", "等级", "级别", "领域", "行业", "类",
    "消防", "消防安全", "火灾", "燃气", "燃气安全", "城镇燃气", "危化品", "危险化学品", "危化", "建筑施工",
    "建筑工地", "施工", "道路交通", "交通安全", "道路交通安全", "烟花爆竹", "非煤矿山", "食品安全",
    "特种设备", "水上交通", "自建房", "有限空间", "工贸", "防汛减灾", "单位", "责任单位", "部门", "分别",
    "各", "全部", "所有", "总体", "整体", "重大", "一般", "本", "今年", "去年", "季度", "上半年", "下半年",
})  # fmt: skip

_FUNCTION_CHARS = frozenset("中有的了是在和与及里上下还都也就又呢吗啊吧个其该这那些儿")
# 隐患, and the words people use for it in a count question ("查出来的问题", "隐患点").
_HAZARD = re.compile(r"隐患|安全问题|(?:查出|发现|排查出?|检查出|找出|摸排出)来?[^，。？?]{0,6}问题")


def is_hazard_word(text: str) -> bool:
    """Whether `text` names hazards (隐患) as the thing counted."""
    return bool(_HAZARD.search(text))


# Words jieba's dictionary splits badly in questions ("隐患点" -> 隐患/点有).
EXTRA_WORDS = ("隐患点", "整改率", "完成率", "签订率", "治超", "打非治违", "厂中厂", "小微企业", "挂牌督办")


@lru_cache(maxsize=1)
def _tokenizers() -> tuple[Any, Any]:
    """A jieba tokenizer of our own (the global one is left as other modules use it), knowing the
    domain vocabulary, and a part-of-speech tokenizer over it."""
    import jieba
    import jieba.posseg

    from knowledge.facts.lexicon import DOMAIN_KEYWORDS

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in (*EXPLAINED_WORDS, *EXTRA_WORDS, *(w for ws in DOMAIN_KEYWORDS.values() for w in ws)):
        if len(word) >= 2 and not tokenizer.FREQ.get(word):
            tokenizer.add_word(word, tag="n")  # only words the dictionary lacks: all are nouns
    return tokenizer, jieba.posseg.POSTokenizer(tokenizer)


def tokens(text: str, *, keep_punctuation: bool = False) -> list[str]:
    """jieba tokens of `text`, whitespace and (unless kept) punctuation dropped."""
    tokenizer, _ = _tokenizers()
    if keep_punctuation:
        return list(tokenizer.lcut(text))
    return [t for t in tokenizer.lcut(text) if t.strip() and re.search(r"[\u4e00-\u9fffA-Za-z0-9]", t)]


_PHRASE_FLAGS = ("n", "a", "b", "h", "j", "l", "i", "s", "eng", "vn", "nz", "ns", "nt", "nr", "zg", "q")


def noun_phrase(text: str) -> str:
    """The leading noun phrase of `text` ("居民装了烟感报警器" -> "居民"): words up to the first verb,
    adverb, particle or preposition."""
    _, pos_tokenizer = _tokenizers()
    words: list[str] = []
    for word, flag in pos_tokenizer.lcut(text):
        if not flag.startswith(_PHRASE_FLAGS) or (flag.startswith("v") and flag != "vn"):
            break
        words.append(word)
    return "".join(words)


def pos_tags(text: str) -> list[tuple[str, str]]:
    """jieba (word, part-of-speech) pairs of `text`."""
    _, pos_tokenizer = _tokenizers()
    return [(w, f) for w, f in pos_tokenizer.lcut(text)]


def _clean_token(token: str, previous: str) -> str:
    """"起警情" after 多少 -> "警情"; "巡了" -> "巡"; "整改完" -> "整改" ("超过" stays)."""
    if previous in ("多少", "几") or previous.endswith("几"):
        for cls in sorted(CLASSIFIERS, key=len, reverse=True):
            if token.startswith(cls) and len(token) > len(cls):
                token = token[len(cls):]
                break
    if len(token) >= 2 and token[-1] in "了完":
        token = token[:-1]
    if len(token) == 2 and token[1] == "数" and token[0] in CLASSIFIERS:
        token = token[0]  # "起数", "人数", "天数": the unit counted, no word the report writes ("64起")
    return token


def content_words(text: str) -> list[str]:
    """The words of `text` that say what is asked: function words, numbers and placeholders dropped."""
    out: list[str] = []
    previous = ""
    for raw in tokens(text):
        token, previous = _clean_token(raw, previous), raw
        if token in FUNCTION_WORDS or not re.search(r"[\u4e00-\u9fff]", token):
            continue
        if re.fullmatch(r"[XxＸ*＊某]+", token) or token in CLASSIFIERS or _DEICTIC.fullmatch(token):
            continue
        if token[0] in "几多" and token[1:] in CLASSIFIERS or all(c in _FUNCTION_CHARS for c in token):
            continue  # "几处"; jieba's joins of function characters ("隐患中有" -> 中有)
        if token not in out:
            out.append(token)
    return out


def action_words(text: str, *, about_hazards: bool = False) -> tuple[str, ...]:
    """The verbs of a question that say which figure is meant ("罚了多少家" -> 罚, "停用了几台" -> 停用):
    jieba verbs, and verbal nouns used as verbs ("检查了"), minus the generic ones (发生, 搞) and, for
    a hazard question, the hazard intents (发现, 整改: the status asked)."""
    tagged = pos_tags(text)
    out: list[str] = []
    for i, (word, flag) in enumerate(tagged):
        word = _clean_token(word, tagged[i - 1][0] if i else "")
        following = tagged[i + 1][0] if i + 1 < len(tagged) else ""
        verbal = flag == "v" or flag == "vn" and following[:1] in ("了", "过")
        if not verbal or not re.search(r"[\u4e00-\u9fff]", word):
            continue
        if word in GENERIC_VERBS or word in FUNCTION_WORDS:
            continue
        if about_hazards and (word in HAZARD_VERBS or word in EXPLAINED_WORDS):
            continue
        if word.startswith(("没", "未")) or word in CLASSIFIERS:
            continue
        if word not in out:
            out.append(word)
    return tuple(out)


@lru_cache(maxsize=4096)
def term_parts(term: str) -> tuple[str, ...]:
    """The words a compound question word is made of ("考试合格" -> 考试, 合格), for a report that
    words it apart ("参加考试…，考核合格1647人"); () for a word that has no parts of two characters."""
    if len(term) < 4:
        return ()
    tokenizer, _ = _tokenizers()
    parts = [p for p in tokenizer.lcut_for_search(term, HMM=False) if p != term]
    if len(parts) < 2 or any(len(p) < 2 for p in parts) or "".join(parts) != term:
        return ()
    return tuple(parts)


def term_variants(term: str) -> tuple[str, ...]:
    """The forms a question word may take in a report: its written forms (COLLOQUIAL), "未戴" for
    "没戴"."""
    if term in COLLOQUIAL:
        return COLLOQUIAL[term]
    for negation in ("没有", "没"):
        if term.startswith(negation) and len(term) > len(negation):
            rest = term_variants(term[len(negation):])
            return tuple(f"{word}{form}" for word in ("未", "没", "没有", "不") for form in rest)
    return (term,)


# A question about a plan or target ("二季度要搞几场", "计划…多少"), not about what was done.
PLAN_QUESTION = re.compile(r"计划|预计|(?<!模)拟|目标(?!责任)|打算|预安排|准备|将要|将会|要(?:搞|开展|组织|完成|做|办|建)")
