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
    "期", "块", "套", "只", "支", "类", "种", "片", "小时", "组", "队", "村",
)  # fmt: skip

# Function words: never evidence of what a question asks.
FUNCTION_WORDS = frozenset({
    "的", "了", "是", "有", "在", "和", "与", "及", "对", "把", "被", "给", "吗", "呢", "啊", "吧", "呀",
    "请问", "请", "帮", "帮忙", "我", "我们", "你", "您", "查询", "一下", "看看", "告诉", "想", "知道",
    "多少", "几", "一共", "总共", "共", "共计", "合计", "总计", "累计", "都", "也", "还", "又", "再",
    "就", "这", "那", "那么", "其中", "目前", "现在", "当前", "截至", "截止", "为止", "至今", "里", "中",
    "内", "上", "下", "个", "条", "处", "项", "家", "户", "起", "次", "人", "名", "数", "数量", "总数",
    "数据", "情况", "到底", "具体", "大概", "一", "些", "哪些", "什么", "怎么", "如何", "为", "达",
    "做", "进行", "开展", "了解", "统计", "汇总", "辖区", "已经", "已", "目前为止", "多", "少", "期间",
    "过", "着", "到", "出", "来", "出来", "从", "自", "以来", "呢？", "年", "月", "日", "号", "份", "跟", "同", "向", "由",
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
    "处置", "处理", "整治", "状态", "中", "正在", "还有", "还没", "等级", "级别", "领域", "行业", "类",
    "消防", "消防安全", "火灾", "燃气", "燃气安全", "城镇燃气", "危化品", "危险化学品", "危化", "建筑施工",
    "建筑工地", "施工", "道路交通", "交通安全", "道路交通安全", "烟花爆竹", "非煤矿山", "食品安全",
    "特种设备", "水上交通", "自建房", "有限空间", "工贸", "防汛减灾", "单位", "责任单位", "部门", "分别",
    "各", "全部", "所有", "总体", "整体", "重大", "一般", "本", "今年", "去年", "季度", "上半年", "下半年",
})  # fmt: skip

_FUNCTION_CHARS = frozenset("中有的了是在和与及里上下还都也就又呢吗啊吧个其该这那些")
_HAZARD = re.compile(r"隐患|安全问题")


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

    from knowledge.lexicon import DOMAIN_KEYWORDS

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in (*EXPLAINED_WORDS, *EXTRA_WORDS, *(w for ws in DOMAIN_KEYWORDS.values() for w in ws)):
        if len(word) >= 2 and not tokenizer.FREQ.get(word):
            tokenizer.add_word(word, tag="n")  # only words the dictionary lacks: all are nouns
    return tokenizer, jieba.posseg.POSTokenizer(tokenizer)


def tokens(text: str) -> list[str]:
    """jieba tokens of `text`, whitespace and punctuation dropped."""
    tokenizer, _ = _tokenizers()
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


def content_words(text: str) -> list[str]:
    """The words of `text` that say what is asked: function words, numbers and placeholders dropped."""
    out: list[str] = []
    for token in tokens(text):
        if token in FUNCTION_WORDS or not re.search(r"[\u4e00-\u9fff]", token):
            continue
        if re.fullmatch(r"[XxＸ*＊某]+", token) or token in CLASSIFIERS:
            continue
        if token[0] in "几多" and token[1:] in CLASSIFIERS or all(c in _FUNCTION_CHARS for c in token):
            continue  # "几处"; jieba's joins of function characters ("隐患中有" -> 中有)
        if token not in out:
            out.append(token)
    return out
