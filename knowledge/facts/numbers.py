"""Quantities as reports write them: "34.467万元", "4万余份", "四百二十九家", "1810辆（次）", "XX户".

A figure is a number (Arabic, Chinese or a redaction placeholder) followed by a measure unit. What is
not a figure is left out here, once, for every caller: years and dates (no unit), ordinals (第一批),
numbers inside quoted slogans and book titles (“十五条”硬措施, 《…2023年度…》), slogan counts
(三个结合, 六项禁令), phase names (三期), durations used as names (24小时值班), anaphora (这两家),
ranges inside names and codes glued to letters (S215, dadawk01).

Values are exact: Decimal arithmetic, returned as float (34.467万 -> 344670.0). A placeholder is never
a number: its value is None and `redacted` is True. Chinese numerals go through cn2an (loaded lazily).
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

logger = logging.getLogger(__name__)

__all__ = ["Quantity", "parse_number", "parse_quantities", "shielded_spans"]


@dataclass(frozen=True)
class Quantity:
    """One stated figure; `span` indexes the string given to `parse_quantities`."""

    value: float | None
    unit: str
    qualifier: str
    raw: str
    span: tuple[int, int]
    redacted: bool


# --- tables ----------------------------------------------------------------------------------------

# Written unit -> base unit, tried longest first. Money multipliers (万/亿/千) are read separately.
_UNITS: dict[str, str] = {
    u: u
    for u in (
        "平方公里", "平方米", "立方米", "个百分点", "公里", "千米", "千克", "公斤", "公顷", "人次", "家次",
        "辆次", "艘次", "车次", "台次", "户次", "场次", "架次", "批次", "个次", "条次", "件次", "课时", "学时",
        "轮次", "项次", "吨次", "处次", "小时", "分钟", "部门", "元", "家", "处", "人", "名", "户", "个", "条", "起", "次", "份", "件", "艘", "辆",
        "台", "套", "张", "本", "册", "场", "期", "项", "所", "座", "栋", "幢", "间", "具", "只", "块", "支",
        "批", "轮", "组", "宗", "例", "篇", "吨", "米", "亩", "天", "种", "类", "%", "口", "顶", "盏", "根", "瓶",
    )
}
_UNITS.update({"％": "%", "次条": "条"})
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))

_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(10**8), "千": Decimal(1000), "百": Decimal(100),
                "百万": Decimal(10**6), "千万": Decimal(10**7)}
_SUFFIX_QUALIFIERS = {"余": "余", "多": "余", "以上": "以上", "左右": "约", "许": "约", "以内": "以内", "以下": "以内"}
# Immediately before the number.
_PREFIX_QUALIFIERS = (("大约", "约"), ("约", "约"), ("将近", "近"), ("近", "近"), ("至少", "至少"),
                      ("超过", "以上"), ("逾", "以上"))

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千万亿"

_CORE_RE = re.compile(
    r"(?P<ph>(?<![A-Za-z])(?:[Xx]{1,4}|[×＊*]{1,3}))(?![A-Za-z])"
    r"|(?P<ar>(?<![A-Za-z0-9.．_])[0-9]+(?:,[0-9]{3})*(?:[.．][0-9]+)?)"
    rf"|(?P<cn>[一二三四五六七八九十两][{_CN_CHARS}]*)"
)
_TAIL_RE = re.compile(
    r"(?P<m1>百万|千万|万|亿|千)?(?P<q1>余|多)?(?P<m2>万|亿)?(?P<q1b>余|多)?[ \u3000]?"
    rf"(?P<unit>{_UNIT_RE})(?P<ci>[（(]次[）)])?(?P<q2>以上|以下|以内|左右|余|多)?"
)
_UNIT_FIRST_RE = re.compile(r"[ \u3000]?(?P<unit>千米|千克)")
# "4大民生实事项目": a count of projects.
_BIG_PROJECTS_RE = re.compile(r"大[\u4e00-\u9fff]{0,8}?项目")

# After a classifier these words make a slogan, not a count (三个结合, 两个体系, 六项禁令, 九个制度要求).
_SLOGAN_AFTER_RE = re.compile(
    r"(?:结合|重点|体系|主体责任|责任(?![书人制状])|制度要求|要求|禁令|必须|统一|原则|具体措施|硬措施|措施"
    r"|狠抓|意识|理念|转变|到位|坚持|机制|方面|环节|不[^足少]|严[^重格]|优先|零"
    r"|维护|确立|自信|务必|至上|毫不动摇)"
)
_SLOGAN_UNITS = frozenset({"个", "项", "条", "大", "字", "种", "类"})
# ... unless a verb of dividing or fixing them comes first: "划分了5个重点领域", "细分为18个方面".
_DIVIDED_BEFORE_RE = re.compile(r"(?:划分|细分|分|拆分|分解)(?:了|为|成)?$|确定了?$|梳理出?了?$|明确了?$|排出了?$")
# Chinese numerals with these units name a kind or a phase (两种以上业态, 三期工程), not a count.
_CN_NAME_UNITS = frozenset({"期", "种", "类", "批", "口", "顶"})
# 这两家 / 上述5家 / 现两家企业 refer back to a figure already stated (but 发现3处 does not).
_ANAPHORA_RE = re.compile(r"(?:这|该|此|上述|前述|(?<![\u4e00-\u9fff0-9])以上|(?<![发出实体表展呈])现)$")
_DURATION_NAME_AFTER_RE = re.compile(r"值班|值守|在线|服务|监控|待命|不间断|运行|热线|巡逻|开放|响应|内|圈|以内")
_DURATION_NAME_BEFORE = ("全天", "×", "*", "x", "限期", "提前")
# 每月1次 / 每季度至少开展2次检查: a rule of frequency, not a count of what was done.
_FREQUENCY_RE = re.compile(
    r"每(?:[0-9一二三四五六七八九十两]{1,3}个?)?(?:月|周|日|天|年|季度?|半月|半年|旬)[^，。；]{0,10}$"
)
_DURATION_AFTER_GE_RE = re.compile(r"月|工作日|星期|小时|季度|年|自然日")
# 不低于95%, 不超过10人: a target or a limit, not something done.
_THRESHOLD_BEFORE_RE = re.compile(
    r"(?:(?:不得?|不应|不能)(?:低于|少于|超过|高于|大于|小于)|低于|高于|小于|大于|不足)$"
)
# A lower bound inside a plan ("计划全年检查不少于1200家次") is a planned figure, not a rule.
_LOWER_BOUND_BEFORE_RE = re.compile(r"(?:不少于|不低于)$")
_PLAN_BEFORE_RE = re.compile(r"计划|力争|争取|确保|目标|预计|拟")
_PHASE_AFTER_RE = re.compile(r"工程|项目|小区|楼盘|厂房")
# 5辆三轮车: a vehicle, not a round of checks.
_ROUND_AFTER_RE = re.compile(r"车|胎|船")
_CIRCLE_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,6}圈")
_RANGE_BEFORE_RE = re.compile(r"[0-9一二三四五六七八九十两百千万亿][-－—–~～至到]$")
_RANGE_AFTER_RE = re.compile(r"[-－—–~～]\d")
_SEGMENT_BREAK = "，,；;。！？!?：:、（）()\n"


# --- shielded regions ------------------------------------------------------------------------------

_OPEN_QUOTES = "“\"「『‘"
_ANY_QUOTE = "“”\"「」『』‘’"
_BRACKETS = {"《": ("》", 60), "〔": ("〕", 20), "【": ("】", 80), "〖": ("〗", 80)}
_MAX_QUOTE = 20


def shielded_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose numbers are names, not figures: short quotes, book titles, 〔〕 and 【】 brackets.

    A quote runs to the next quote mark of any kind (reports mix “…“ and “…”) within a short window;
    an unclosed one shields nothing.
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN_QUOTES:
            j = i + 1
            while j < n and j - i <= _MAX_QUOTE and text[j] not in _ANY_QUOTE and text[j] != "\n":
                j += 1
            if j < n and text[j] in _ANY_QUOTE:
                spans.append((i, j + 1))
                i = j + 1
                continue
        elif ch in _BRACKETS:
            close, limit = _BRACKETS[ch]
            j = text.find(close, i + 1, min(n, i + limit + 2))
            if j != -1 and "\n" not in text[i:j]:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


# --- numbers ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _cn_value(token: str) -> Decimal | None:
    """A well-formed Chinese numeral (四百二十九, 一千二百, 两) as Decimal; None for 三四, 十几 …"""
    for a, b in itertools.pairwise(token):
        if a in _CN_DIGITS[2:] and b in _CN_DIGITS[2:]:  # 三四家 means "three or four"
            return None
    import cn2an  # lazily: only needed for Chinese numerals

    try:
        value = cn2an.cn2an(token.replace("两", "二"), "smart")
    except (ValueError, KeyError, IndexError) as exc:
        logger.debug("cn2an cannot read %r: %s", token, exc)
        return None
    return Decimal(str(value))


def _arabic_value(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", "").replace("．", "."))
    except InvalidOperation:
        return None


_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"％": "%", "．": "."})


_NUMBER_RE = re.compile(
    r"^(?:约|大约|近|将近|至少|超过)?(?P<core>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|[一二三四五六七八九十两零〇百千万亿]+)"
    r"(?P<m1>百万|千万|万|亿|千)?(?:余|多)?(?P<m2>万|亿)?(?:余|多|以上|左右)?$"
)


def parse_number(text: str) -> float | None:
    """A number as written ("34.467万", "四百二十九", "一千二百余", "1,234") as float.

    None for placeholders (XX, xx, *, ××) and for text that is not a number.
    """
    token = text.strip().translate(_FULLWIDTH)
    m = _NUMBER_RE.match(token)
    if m is None:
        return None
    core = m.group("core")
    value = _arabic_value(core) if core[0].isdigit() else _cn_value(core)
    if value is None:
        return None
    for mult in (m.group("m1"), m.group("m2")):
        if mult:
            value *= _MULTIPLIERS[mult]
    return float(value)  # exact for whole amounts: 344670.000 -> 344670.0


def _prefix_qualifier(text: str, start: int, seg_start: int) -> str:
    before = text[seg_start:start]
    for word, qualifier in _PREFIX_QUALIFIERS:
        if before.endswith(word):
            return qualifier
    if "累计" in before:
        return "累计"
    if before.endswith(("不少于", "不低于")):
        return "至少"
    if re.search(r"各(?:处|罚|自|有|完成|开展|组织|安排|配备|发放|设置|建立|达|为)", before):
        return "各"
    return ""


def _segment_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in _SEGMENT_BREAK:
        i -= 1
    return i


def _is_figure(text: str, start: int, end: int, unit: str, is_cn: bool, core: str) -> bool:
    """Context rules: what makes a number-with-unit a name or a slogan rather than a stated figure."""
    before = text[max(0, start - 4):start]
    after = text[end:end + 6]
    if before.endswith("第") or _FREQUENCY_RE.search(text[_segment_start(text, start):start]):
        return False
    if _RANGE_BEFORE_RE.search(before) or _RANGE_AFTER_RE.match(text, end):
        return False  # a range: 3-5家, 1-6号
    if _ANAPHORA_RE.search(before):
        return False
    if is_cn and (core == "一" or unit in _CN_NAME_UNITS):
        return False
    if unit in _SLOGAN_UNITS and _SLOGAN_AFTER_RE.match(after) and not _DIVIDED_BEFORE_RE.search(before):
        return False
    if unit == "轮" and _ROUND_AFTER_RE.match(after):
        return False
    if unit == "分钟" and _CIRCLE_AFTER_RE.match(text, end):
        return False  # 15分钟消防救援圈: a name
    if unit in ("小时", "天", "分钟") and (
        _DURATION_NAME_AFTER_RE.search(after[:4]) or before.endswith(_DURATION_NAME_BEFORE)
    ):
        return False
    if unit == "期" and _PHASE_AFTER_RE.match(after):
        return False
    if unit == "个" and _DURATION_AFTER_GE_RE.match(after):
        return False  # 3个月, 五个工作日: a duration
    if _THRESHOLD_BEFORE_RE.search(before):
        return _is_planned_bound(text, start)
    return True


def _is_planned_bound(text: str, start: int) -> bool:
    """"不少于1200家次" after 计划/力争 earlier in its sentence: a planned figure."""
    if not _LOWER_BOUND_BEFORE_RE.search(text[max(0, start - 4):start]):
        return False
    sentence_start = max(text.rfind(ch, 0, start) for ch in "。；;！？\n") + 1
    return _PLAN_BEFORE_RE.search(text, sentence_start, start) is not None


def parse_quantities(text: str) -> list[Quantity]:
    """Every stated figure in `text`, in reading order (see the module docstring for what is left out)."""
    norm = text.translate(_FULLWIDTH)  # 1:1, so spans stay valid in `text`
    shielded = shielded_spans(norm)
    found: list[tuple[Quantity, str]] = []
    pos = 0
    while True:
        m = _CORE_RE.search(norm, pos)
        if m is None:
            break
        pos = m.end()
        if any(a <= m.start() < b for a, b in shielded):
            continue
        read = _read_at(norm, text, m)
        if read is not None:
            found.append(read)
            pos = read[0].span[1]
    return _drop_bounds(found, norm)


# "不合格率控制在2%以内": a target to keep under, stated as a figure.
_TARGET_BEFORE = ("控制在", "控制到", "压降至", "降至", "降到")
_RANGE_SEPARATORS = frozenset({"至", "到", "-", "－", "—", "–", "~", "～"})


def _drop_bounds(found: list[tuple[Quantity, str]], text: str) -> list[Quantity]:
    """Leave out limits ("5万元以下", but not a target "控制在2%以内") and the ranges they close
    ("处1万元以上5万元以下罚款"), and small Chinese counts with 以上, which state a criterion
    (两个以上行政区域, 两种以上业态)."""
    drop: set[int] = set()
    for i, (q, suffix) in enumerate(found):
        if i > 0 and text[found[i - 1][0].span[1]:q.span[0]] in _RANGE_SEPARATORS:
            drop.update((i - 1, i))  # 40%至80%, 3个月至6个月
        if suffix in ("以下", "以内") and not text[: q.span[0]].endswith(_TARGET_BEFORE):
            drop.add(i)
            if i > 0 and found[i - 1][1] == "以上" and q.span[0] - found[i - 1][0].span[1] <= 2:
                drop.add(i - 1)
        elif suffix == "以上" and q.value is not None and q.value < 10 and not re.match(r"\d", q.raw):
            drop.add(i)
    return [q for i, (q, _) in enumerate(found) if i not in drop]


def _unit_after(norm: str, pos: int, kind: str | None) -> tuple[str, int, list[str], str] | None:
    """(base unit, end, multipliers, written suffix such as 余/以上) of the unit right after a number."""
    if kind == "ar" and (m := _UNIT_FIRST_RE.match(norm, pos)):
        return _UNITS[m.group("unit")], m.end(), [], ""
    if m := _TAIL_RE.match(norm, pos):
        unit = _UNITS[m.group("unit")] + ("次" if m.group("ci") else "")
        mults = [g for g in (m.group("m1"), m.group("m2")) if g]
        suffix = next((g for g in (m.group("q2"), m.group("q1b"), m.group("q1")) if g), "")
        return unit, m.end(), mults, suffix
    if kind != "ph" and _BIG_PROJECTS_RE.match(norm, pos):
        return "项", pos + 1, [], ""
    return None


def _read_at(norm: str, text: str, m: re.Match[str]) -> tuple[Quantity, str] | None:
    """The figure whose number `m` matched, with its written suffix (余, 以上, 以下 …); None if the
    number is not a figure."""
    kind, core = m.lastgroup, m.group()
    start, core_end = m.span()
    tail = _unit_after(norm, core_end, kind)
    if tail is None:
        return None
    unit, end, mults, suffix = tail
    if not _is_figure(norm, start, end, unit, kind == "cn", core):
        return None
    value: Decimal | None = None
    if kind != "ph":
        value = _cn_value(core) if kind == "cn" else _arabic_value(core)
        if value is None:
            return None
        for mult in mults:
            value *= _MULTIPLIERS[mult]
    qualifier = _SUFFIX_QUALIFIERS.get(suffix) or _prefix_qualifier(norm, start, _segment_start(norm, start))
    quantity = Quantity(
        value=None if value is None else float(value),
        unit=unit,
        qualifier=qualifier,
        raw=text[start:end],
        span=(start, end),
        redacted=kind == "ph",
    )
    return quantity, suffix
