"""Domain and metric vocabulary of work-safety reports, as plain tables.

Shared by fact extraction (which domain and metric a stated figure belongs to) and by the question
parser (which domain and metric a question asks about). Everything here is data plus small pure
lookups over it; add words to the tables rather than branches to the code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ACTION_CLASSES",
    "CHANGE_WORDS",
    "DOMAINS",
    "DOMAIN_KEYWORDS",
    "EVENT_NOUNS",
    "GENERAL_DOMAIN",
    "HAZARD_FIELDS",
    "HAZARD_GRADES",
    "HAZARD_STATUSES",
    "LEADING_FILLERS",
    "LIGHT_WORDS",
    "MEASURE_NOUNS",
    "METRICS",
    "METRIC_VERBS",
    "NEUTRAL_PHRASES",
    "NOISE_WORDS",
    "NOUN_STOPS",
    "NO_BORROW",
    "PERIOD_PATTERNS",
    "PLAN_HEADINGS",
    "PLAN_WORDS",
    "SUBJECT_MARKERS",
    "TRAILING_FILLERS",
    "UNIT_SUFFIXES",
    "VERB_LEAD_STOPS",
    "VERB_MODIFIERS",
    "WEAK_KEYWORDS",
    "YEAR_BACK",
    "MetricRule",
    "canonical_metric",
    "domain_hits",
    "domain_of",
    "is_weak_keyword",
    "metric_suffix",
]

GENERAL_DOMAIN = "综合"

# Domain -> keywords. The longest keyword found wins a tie of position, so a more specific word
# (液化气站 -> 危化品) beats a shorter one it contains (液化气 -> 燃气).
DOMAIN_KEYWORDS: dict[str, tuple[str, ...]] = {
    "燃气": (
        "燃气", "液化气", "液化石油气", "煤气", "天然气", "钢瓶", "气瓶", "灶具", "管道燃气", "瓶装气",
        "金属软管", "橡胶软管", "软管", "减压阀", "报警器安装", "用气", "充装", "燃气用户",
    ),
    "道路交通": (
        "道路交通", "道路运输", "道路安全", "道路", "交通安全", "车辆", "驾驶", "驾驶员", "头盔", "安全带",
        "农村公路", "公路", "货车", "客车", "客运车", "校车", "摩托车", "电动车", "电动自行车", "面包车",
        "酒驾", "醉驾", "超速", "治超", "超限", "货运", "客货混装", "机动车", "劝导站", "交通违法",
        "村道", "生命防护工程", "维修企业", "营运车辆", "运输企业", "超载", "驾培", "旅客",
    ),
    "水上交通": (
        "水上交通", "水上", "水路", "水运", "船舶", "船只", "渡口", "渡船", "航路", "航道", "码头",
        "船员", "船主", "巡航", "海事", "涉水", "客船", "救生衣", "内河", "停靠点",
    ),
    "消防": (
        "消防", "火灾", "防火", "灭火", "感烟", "烟感", "消防栓", "疏散", "动火", "厂中厂", "多业态",
        "九小场所", "七小场所", "商场", "娱乐场所", "电动车充电", "消防车", "消火栓", "微型消防站", "火情",
        "警情", "飞线充电", "三合一",
    ),
    "危化品": (
        "危险化学品", "危化品", "危化", "易燃易爆", "加油站", "加气站", "液化气站", "油库", "化工",
        "剧毒", "易制毒", "易制爆",
    ),
    "烟花爆竹": ("烟花爆竹", "烟花", "爆竹", "鞭炮"),
    "非煤矿山": ("非煤矿山", "矿山", "矿产", "尾矿库", "采石", "采矿", "矿区", "露天矿", "矿井"),
    "食品安全": ("食品安全", "食品", "餐饮", "食堂", "食材", "餐饮具", "集体聚餐", "集体性聚餐", "食物中毒"),
    "特种设备": (
        "特种设备", "电梯", "锅炉", "压力容器", "起重机械", "叉车", "游乐设施", "压力管道", "场内专用机动车辆",
        "厂内专用机动车辆", "场（厂）内专用机动车辆", "大型游乐设施", "客运索道",
    ),
    "建筑施工": (
        "建筑施工", "施工工地", "建筑工地", "工地", "在建工程", "在建项目", "工程项目", "施工单位", "脚手架",
        "深基坑", "高处作业", "塔吊", "施工现场", "危大工程", "塔式起重机", "施工升降机", "高支模",
        "房屋建筑", "市政基础设施", "监理企业", "施工企业",
    ),
    "自建房": ("自建房", "农房", "危房", "经营性自建房", "房屋安全"),
    "有限空间": ("有限空间", "受限空间", "窨井", "化粪池"),
    "工贸": (
        "工贸", "小微企业", "规模企业", "规上企业", "规下企业", "规下工贸", "粉尘涉爆", "涉爆粉尘",
        "冶金", "工业园", "加工企业", "制造企业", "涉氨制冷",
    ),
    "防汛减灾": (
        "防汛", "防灾减灾", "减灾", "地质灾害", "山洪", "汛期", "抢险", "防台", "防溺水", "溺水",
        "灾害信息员", "抗旱",
    ),
}
DOMAINS: tuple[str, ...] = (*DOMAIN_KEYWORDS, GENERAL_DOMAIN)

# Keywords too loose to outweigh a section heading: in "（二）燃气安全" a figure about 餐饮场所 is still
# about gas ("检查燃气经营企业8家、餐饮场所642家"), and 抢险救援 in a fire brigade's report is not
# flood control. They decide a figure's domain only when no heading names one.
WEAK_KEYWORDS: frozenset[str] = frozenset({
    "餐饮", "车辆", "驾驶", "驾驶员", "抢险", "疏散", "商场", "娱乐场所", "工程项目", "在建项目", "施工单位",
    "施工企业", "施工现场", "维修企业", "用气", "汛期", "涉水", "工业园", "加工企业", "制造企业",
    "小微企业", "规模企业", "规上企业", "规下企业", "减灾", "动火", "旅客", "房屋安全", "客车", "货车",
    "软管", "灶具", "充装", "气瓶", "钢瓶", "锅炉", "叉车", "电梯",
})


def is_weak_keyword(word: str) -> bool:
    """True for a domain keyword that a section heading outweighs (see `WEAK_KEYWORDS`)."""
    return word in WEAK_KEYWORDS

# Words naming an agency or a resource, not a field of work: removed before keyword matching
# ("联合消防队发放宣传资料" is not about fire safety; "出动执法车辆" is not about road traffic).
NEUTRAL_PHRASES: tuple[str, ...] = (
    "消防救援大队", "消防救援支队", "消防救援站", "消防救援", "专职消防队", "消防队", "派出所",
    "交警", "执法车辆", "执法车", "宣传车", "巡逻车", "巡查车", "交通运输局", "交通局", "市场监管",
    "应急管理局", "交管办", "交管站", "一岗双责", "安全发展",
)


def longest_first(words: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of `words`, longer words before the words they contain."""
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


def word_to_group(groups: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """{word: its group} for a table of group -> words (a word in two groups keeps the first)."""
    table: dict[str, str] = {}
    for group, words in groups.items():
        for word in words:
            table.setdefault(word, group)
    return table


@lru_cache(maxsize=1)
def _keyword_re() -> re.Pattern[str]:
    return longest_first(w for ws in DOMAIN_KEYWORDS.values() for w in ws)


@lru_cache(maxsize=1)
def _keyword_domain() -> dict[str, str]:
    return word_to_group(DOMAIN_KEYWORDS)


@lru_cache(maxsize=1)
def _neutral_re() -> re.Pattern[str]:
    return longest_first(NEUTRAL_PHRASES)


def domain_hits(text: str) -> list[tuple[int, int, str]]:
    """Every domain keyword in `text` as (start, end, domain), leftmost-longest, neutral words skipped."""
    masked = _neutral_re().sub(lambda m: "\0" * len(m.group()), text)
    table = _keyword_domain()
    return [(m.start(), m.end(), table[m.group()]) for m in _keyword_re().finditer(masked)]


def domain_of(text: str, *, weak: bool = True) -> str | None:
    """The domain `text` talks about: the one with most keyword hits (earliest on a tie); None if none.
    `weak=False` counts only the keywords that are not in `WEAK_KEYWORDS`."""
    hits = domain_hits(text)
    if not weak:
        hits = [h for h in hits if not is_weak_keyword(text[h[0]:h[1]])]
    if not hits:
        return None
    counts: dict[str, int] = {}
    for _, _, domain in hits:
        counts[domain] = counts.get(domain, 0) + 1
    first = {domain: start for start, _, domain in reversed(hits)}
    return max(counts, key=lambda d: (counts[d], -first[d]))


# --- metrics ---------------------------------------------------------------------------------------

_HAZARD_UNITS = frozenset({"处", "条", "个", "项", "起"})


@dataclass(frozen=True)
class MetricRule:
    """A canonical metric: `pattern` is searched in the words describing a figure, `units` (if any)
    restrict which figures it may name."""

    name: str
    pattern: str
    units: frozenset[str] = frozenset()

    def matches(self, words: str, unit: str | None, *, loose: bool = False) -> re.Match[str] | None:
        if unit is not None and self.units and unit not in self.units:
            return None
        pattern = self.pattern.replace("^", "").replace("$", "") if loose else self.pattern
        return re.search(pattern, words)


# Order matters: the first rule that matches names the figure. Patterns use ^ and $ only as anchors
# (`loose` matching drops them).
METRICS: tuple[MetricRule, ...] = (
    MetricRule("整改率", r"^(?!.*(重大|较大|一般)).*整改率$", frozenset({"%"})),
    MetricRule("罚款金额", r"罚款|罚没|处罚金额|罚金", frozenset({"元"})),
    MetricRule("刑事拘留人数", r"刑事拘留|刑拘", frozenset({"人", "名"})),
    MetricRule("治安拘留人数", r"治安拘留|行政拘留", frozenset({"人", "名"})),
    MetricRule("办理案件数", r"^(?!.*重大)(?:.*(办理|查办|办结|立案).{0,8}案件|立案|案件)$", frozenset({"起", "件", "宗"})),
    MetricRule("死亡人数", r"^(造成)?(死亡|亡|遇难)$", frozenset({"人", "名"})),
    MetricRule("受伤人数", r"^(造成)?(受伤|伤)$", frozenset({"人", "名"})),
    MetricRule("事故起数", r"^(共)?发生(了)?(各类)?(生产安全|安全生产)?(责任)?事故$", frozenset({"起"})),
    MetricRule("火灾起数", r"^(共)?发生(了)?(各类)?火灾(事故)?$|^火灾$", frozenset({"起"})),
    MetricRule("直接经济损失", r"直接经济损失", frozenset({"元"})),
    MetricRule("直接财产损失", r"直接财产损失", frozenset({"元"})),
    MetricRule("督促整改隐患数", r"^督促(企业|单位)?(限期)?整改((安全)?隐患|问题)?$", _HAZARD_UNITS),
    MetricRule("责令整改隐患数", r"^责令(限期)?整改((安全)?隐患|问题)?$", _HAZARD_UNITS),
    MetricRule("剩余未整改隐患数", r"^剩余|^余$|^其余|尚未整改|未整改|正在整改", _HAZARD_UNITS),
    MetricRule(
        "已整改重大隐患数",
        r"重大(事故)?隐患(已|现已)?(整改|治理)(完成|完毕|到位)?$|^(已|现已)(完成)?(整改|治理)重大(事故)?隐患$",
        _HAZARD_UNITS,
    ),
    MetricRule(
        "已整改隐患数",
        r"^已?整改(完成|完毕|到位|销号)?$|^(已|现已)?完成(整改|治理)$|^已?(整改|治理)完成$|^已?治理$|^已?销号$"
        r"|^(已|现已)?整改(安全)?隐患$|^已整改隐患$|^已整改销号$",
        _HAZARD_UNITS,
    ),
    MetricRule("重大隐患数", r"重大(事故)?隐患", _HAZARD_UNITS),
    MetricRule("一般隐患数", r"^(发现|排查出?|查出|检查发现|排查发现)?一般(安全)?隐患(问题)?$", _HAZARD_UNITS),
    MetricRule(
        "发现隐患数",
        r"^(发现|排查出?|查出|查找|检查发现|排查发现)?(各类)?(安全)?(隐患|问题)(问题|隐患)?$",
        _HAZARD_UNITS,
    ),
    MetricRule("检查企业数", r"^(共)?检查(各类)?(企业|单位|生产经营单位)?$", frozenset({"家", "家次"})),
    MetricRule("出动执法人次", r"^出动(执法人员?|检查人员|执法检查人员)$", frozenset({"人次"})),
    MetricRule("出动执法车辆数", r"^出动执法车(辆)?$", frozenset({"辆次", "辆", "台次", "车次"})),
    MetricRule("排查户数", r"^(共)?排查$|^入户排查$", frozenset({"户"})),
    MetricRule("培训人次", r"^培训$", frozenset({"人次"})),
    MetricRule("培训人数", r"^培训$", frozenset({"人", "名"})),
    MetricRule("发放宣传资料份数", r"^(发放|发出|印发)(各类|各种)?宣传(资料|单|册|品)$", frozenset({"份"})),
    MetricRule("停业整顿企业数", r"停业整顿|停产停业|停产整顿", frozenset({"家", "家次"})),
    MetricRule("检查次数", r"^(开展)?(专项)?检查$", frozenset({"次"})),
)

# Verbs that make a figure's description self-standing ("检查企业429家"); a bare noun ("餐馆14家")
# borrows the verb of the figure before it in the same sentence.
METRIC_VERBS: tuple[str, ...] = (
    "检查", "排查", "抽查", "摸排", "巡查", "督查", "检验", "发现", "查处", "处罚", "罚款", "整改", "治理",
    "上报", "办理", "出动", "发放", "发出", "发布", "张贴", "悬挂", "签订", "培训", "宣传", "演练", "召开",
    "安装", "更换", "拘留", "停业整顿", "立案", "卸载", "举办", "成立", "建立", "完善", "下达", "下发",
    "制定", "设置", "配备", "整治", "关停", "取缔", "约谈", "曝光", "治超", "走访", "整合", "明确",
    "刑事拘留", "治安拘留", "行政拘留", "停产停业", "停产整顿", "死亡", "受伤", "遇难", "移送", "责令", "查封",
    "淘汰", "约谈", "处理", "设立", "清理", "巡检", "结案", "办结",
)

# What kind of act a verb reports: the question's verb and the figure's verb of another kind ("罚了多少
# 家" and "发现…63家"; "检查了多少个社区" and "与11个社区签订") speak of different figures. Longest
# words first when matching, so 查出 is "find", 查处 "penalize" and 查 "inspect".
ACTION_CLASSES: dict[str, tuple[str, ...]] = {
    "inspect": ("检查", "排查", "抽查", "摸排", "巡查", "督查", "检验", "检测", "巡检", "走访", "查看", "暗访", "核查", "核实",
                "安检", "入户", "复查", "督导", "体检", "查"),
    "find": ("发现", "查出", "排查出", "检查出", "查找出", "梳理出", "摸排出", "查出来"),
    "fix": ("整改", "治理", "销号", "消除", "闭环", "整治到位", "整改到位", "改好", "弄完", "改掉", "修复"),
    "penalize": ("罚", "处罚", "罚款", "罚没", "查处", "立案", "拘留", "停业", "停产", "关停", "取缔", "查封", "扣押",
                 "查扣", "扣", "移送", "约谈", "曝光", "吊销", "没收", "责令", "处理", "抓获", "收缴", "劝导", "纠正"),
    "educate": ("培训", "宣传", "教育", "发放", "张贴", "悬挂", "讲座", "授课", "演练", "考试", "考核", "告知",
                "推送", "播放", "开展活动"),
    "sign": ("签订", "签署", "签", "承诺"),
    "install": ("安装", "加装", "更换", "换", "装", "配备", "配置", "新建", "建设", "建成", "改造", "铺设"),
    "occur": ("发生", "造成", "伤亡", "损失", "接警", "接处警", "出警", "扑救", "起火", "着火", "营救", "救助",
              "疏散", "抢险"),
    # a death is not an injury: "伤了几个人" is not answered by "死亡1人"
    "die": ("死亡", "遇难", "身亡", "亡", "死"),
    "injure": ("受伤", "轻伤", "重伤", "伤"),
    "deploy": ("出动", "派出", "组成", "成立", "抽调", "组建"),
    "exist": ("共有", "在用", "现有", "登记在册", "有"),
    "meet": ("召开", "开会", "会议", "部署会", "推进会"),
}


# Unit -> what a metric counting in that unit is called ("检查企业" + 家 -> "检查企业数").
UNIT_SUFFIXES: dict[str, str] = {
    "元": "金额", "%": "率", "人次": "人次", "家次": "家次", "辆次": "辆次", "艘次": "艘次", "车次": "车次",
    "台次": "台次", "户次": "户次", "场次": "场次", "架次": "架次", "批次": "批次", "公里": "里程",
    "千米": "里程", "米": "长度", "吨": "重量", "户": "户数", "份": "份数", "人": "人数", "名": "人数",
    "次": "次数", "条": "条数", "起": "起数", "场": "场次", "期": "期数", "小时": "时长", "天": "天数",
    "分钟": "时长", "轮次": "轮次", "轮": "轮次", "个百分点": "百分点", "平方米": "面积", "平方公里": "面积",
    "公顷": "面积", "亩": "面积", "立方米": "量",
}


# --- metric wording: how the words around a figure are trimmed into a metric name -----------------
# (regular-expression alternations; see knowledge.facts.extraction for how each is used)

# Dropped from the start of the words before a figure: list markers, years, adverbs, the subject.
LEADING_FILLERS = (
    r"共有|还有|[、，]|\d{1,2}[、.．]|[（(][\d一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、是]|\d{4}年度?"
    r"|其中|同时|并且?|另外|此外|还|共计|共|合计|总计|累计|已经|已|现已|目前已|先后|分别|全年|本次|有"
    r"|[我本该](?:街道|[局镇县区市乡委办队站所])|县局|区局|市局|XX|\*+|某"
    r"|(?:组织)?开展(?=[\u4e00-\u9fff]{2})|计划|力争|争取|确保|预计|(?:在)?(?:检查|排查|巡查)(?:过程)?中|(?:[我本该])?公司|现有|年初|暑期"
)
# Dropped from the end of the words before a figure ("共检查企业共计" -> "检查企业").
TRAILING_FILLERS = r"共计|共|合计|总计|达到|达|分别为|均为|约|近|计|分别|总数|数量|累计|仅有|仅|只有|不少于|不低于|控制在|控制到|降至|降到"
# Words before a figure that leave the naming to the noun after it ("对辖区内24家非煤矿山企业").
LIGHT_WORDS = r"了|的|等|对辖区内|辖区内|对|为|给|向|在|将有|有|帮助|组织开展|进行|开展|组织|实施"
# Removed anywhere in a metric name.
NOISE_WORDS = r"(?<!安)全(?:镇|县|区|市|街道|乡)|辖区内|辖区|各类|各种|\s+|[“”\"]"
# Before the first verb these mark a subject or an adverbial, not part of the metric ("组织村组干部摸排…").
SUBJECT_MARKERS = r"组织|联合|会同|协调|在|于|对|与|我|不定期|定期|按要求|积极|集中|专人|为|给|向|、|开展|进行"
# Words that stay with the verb they modify when a subject before them is cut ("组织应急演练").
VERB_MODIFIERS = (
    "应急", "专项", "专题", "安全", "督导", "集中", "全面", "日常", "执法", "监督", "综合", "突击", "消防",
    "灭火", "疏散", "业务", "技能", "岗位", "警示", "入户", "现场", "随机", "重点", "明察暗访", "夜间",
)
# Where the noun a figure counts ends ("24家非煤矿山企业就安全生产…").
NOUN_STOPS = r"就|进行|开展|实施|对|并|以|的|在|现场|免费|集中|和|及|(?<!参)与|正在|现已|目前|已|，|实现|依法"
# Noun stops after which a verb still names the figure ("300余人进行培训", "26户居民免费安装…").
VERB_LEAD_STOPS = frozenset({"进行", "开展", "实施", "免费", "集中", "依法"})
# What a leading verb is about when the clause ends with it ("6次召开…会议").
EVENT_NOUNS = r"会议|培训|演练|检查|活动|行动|宣传|整治"
# A metric ending like this is complete and borrows no verb ("巡航里程").
MEASURE_NOUNS = r"里程|金额|率|数|重量|面积|长度|时长|量|价值|造价|损失|资金|时间|比|百分点|人次|户次|家次|辆次"
# Words that never borrow the previous figure's verb ("剩余10处", "同比上升5.6个百分点").
NO_BORROW = ("剩余", "余", "其余", "同比", "环比", "较", "比", "占")

# --- figure status: planned, changed, hazards ---------------------------------------------------

# Before a figure in its sentence these make it a plan, not a result ("计划新建微型消防站30个"); they
# count only at a clause start or after a time word, so "目标责任书" or "工作计划" do not.
# 计划 as a noun ("完成年度计划的107%", "围绕年度监督检查计划，") plans nothing: the verb governs what follows.
PLAN_WORDS = r"(?:^|(?<=[，,；;：:。、\s是年期月度步底内]))(?:计划(?![的，,。；;、）)”])|力争|争取|确保|预计|拟)"
# A heading opening a section of plans ("三、下一步工作打算", "五、2024年工作计划").
PLAN_HEADINGS = r"下一步|工作计划|打算|工作思路|工作安排|工作要点|工作设想|努力方向"
# "同比分别下降", "较去年同期增加": a change of the figure stated before.
CHANGE_WORDS = (
    r"(?P<cmp>同比|环比|较(?:去年|上年|上一年|年初)(?:同期)?|比(?:去年|上年|上一年)(?:同期)?)(?P<each>分别)?"
    r"(?P<dir>上升|下降|增长|减少|增加|提高|降低|提升|下滑|回落)了?(?:幅度)?(?:为|达)?"
)
# Hazard figures: what was done with them (the first that matches wins) and how grave they are.
HAZARD_STATUSES: tuple[tuple[str, str], ...] = (
    (r"督促(?:企业|单位)?(?:限期)?整改", "督促整改"),
    (r"责令(?:限期)?整改|限期整改", "责令整改"),
    (r"剩余|尚未(?:完成)?整改|未(?:完成)?整改|正在整改|其余|整改中|^余(?:下)?$", "剩余未整改"),
    (r"现场整改|当场整改|立即整改|立行立改", "现场整改"),
    (
        r"(?:已|现已|均已)?(?:完成)?(?:整改|治理|整治)(?:完成|完毕|到位|销号)?(?:销号)?|(?:已|现已)?销号",
        "已整改",
    ),
)
HAZARD_GRADES = r"重大|较大|一般"
# Fields that may qualify 隐患 in a plain hazard count ("督促整改消防隐患318处" is 督促整改隐患数 in the
# 消防 domain); a longer description ("燃气热水器未安装烟道") keeps its own words.
HAZARD_FIELDS = (
    "燃气", "消防", "火灾", "道路交通", "道路", "交通", "水上交通", "水上", "危险化学品", "危化品", "建筑施工",
    "施工", "自建房", "房屋", "特种设备", "非煤矿山", "矿山", "有限空间", "工贸", "食品", "烟花爆竹", "用电",
    "电气", "防汛", "地质灾害", "生产", "安全生产",
)

# --- period wording: how reports state the period of a figure -------------------------------------

_D = r"\d{1,2}"
_HOLIDAYS = "春节|春运|节假日|汛期|国庆|元旦|中秋|两会|暑假|寒假|夏季|冬季"
YEAR_BACK = r"(?<![较比与同和没不未])(?:去年|上一?年度?)(?:同期)?(?![检审度])"
PERIOD_PATTERNS: tuple[str, ...] = (
    rf"截[至止](?:到)?(?:目前|今|现在|当前|\d{{4}}年(?:{_D}月(?:{_D}日|底|末)?)?|{_D}月(?:{_D}日|底|末)?)",
    rf"自?\d{{4}}年{_D}月(?:{_D}日)?(?:起)?(?:至|到|—|-|~)(?:今|目前|现在|{_D}月(?:{_D}日|底|末)?)",
    rf"(?:\d{{4}}年)?{_D}(?:-|—|~|至|到){_D}月份?",
    rf"(?:自|从)?{_D}月份?(?:以来|起)",
    r"(?:今年|本年度?|年初|\d{4}年)以来",
    r"(?:今年|\d{4}年)?(?:上|下)半年(?:以来)?",
    r"半年来",
    r"(?:今年|\d{4}年)?前[一二两三1-3]个?季度|(?:今年|\d{4}年)?前[一二两三四五六七八九十1-9]{1,2}个月",
    r"(?:今年|\d{4}年)?(?:第?[一二三四1-4]|本|上一?个?)季度(?:、第?[一二三四1-4]季度)*(?:以来)?",
    r"自[^，。；、\n]{1,12}?以来",
    rf"(?<!截)至{_D}月{_D}日",
    r"“[^”\n]{1,12}”[\u4e00-\u9fff]{0,8}期间",
    rf"(?:(?:{_HOLIDAYS})[、和及])*(?:{_HOLIDAYS})期间",
    r"(?<![\d年])\d{4}年(?:度)?(?![\d第度])",
    rf"(?<![\d\-至到]){_D}月份",
    # a month standing alone as a clause's time ("5月当月，共检查…", "5月，全县…"), not a date ("6月4日")
    rf"(?:(?<=^)|(?<=[，。；：\n]))(?:\d{{4}}年)?{_D}月(?=当月|单月|全月|[，,])",
    r"目前|当前|现已",
    r"(?:(?<=^)|(?<=[，。；：\n]))今年",
    # the year before, stating its own figure ("上年为2,517家次", "去年同期发生3起"), not a comparison
    # ("比上年提高", "同比"): it dates only its own clause (see knowledge.facts.extraction)
    YEAR_BACK,
)


def metric_suffix(words: str, unit: str) -> str:
    """`words` turned into a metric name for a figure in `unit` (no suffix when the words carry one:
    "巡航里程", "总建筑面积", "保护财产价值", "平均到场时间")."""
    suffix = UNIT_SUFFIXES.get(unit, "数")
    if suffix == "金额" and words.endswith("罚款"):
        return words + suffix
    if words.endswith(suffix) or re.search(rf"(?:{MEASURE_NOUNS})$", words):
        return words
    return words + suffix


def canonical_metric(words: str | Iterable[str], unit: str | None = None, *, loose: bool = False) -> str | None:
    """The canonical metric `words` (a phrase or tokens) name, optionally for a figure in `unit`.

    Distinctive rules (罚款, 刑事拘留 …) match anywhere in the words; the others must cover all of
    them, so a narrower description ("专家检查企业") is not taken for the general metric. `loose`
    drops that requirement, for questions ("今年检查了多少家企业"). None when no canonical metric fits.
    """
    text = words if isinstance(words, str) else "".join(words)
    text = text.strip()
    if not text:
        return None
    for rule in METRICS:
        if rule.matches(text, unit, loose=loose) is not None:
            return rule.name
    return None


@lru_cache(maxsize=1)
def action_pattern() -> re.Pattern[str]:
    """Every verb of ACTION_CLASSES, longest first."""
    return longest_first(w for ws in ACTION_CLASSES.values() for w in ws)


@lru_cache(maxsize=1)
def _action_of() -> dict[str, str]:
    return word_to_group(ACTION_CLASSES)


def action_classes(text: str) -> frozenset[str]:
    """The kinds of act `text` reports (ACTION_CLASSES), longest verbs first."""
    table = _action_of()
    return frozenset(table[m.group()] for m in action_pattern().finditer(text))
