"""The house style's wording, as plain tables: headings and measures per domain, the fixed phrases of
summaries (pure data). Figures never appear here; section builders add them from the fact sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DomainWords:
    """How summaries write about one domain: the （一） heading, the focus of the checks, the plan."""

    heading: str
    focus: str
    plan: str


DOMAIN_WORDS: dict[str, DomainWords] = {
    "燃气": DomainWords(
        "扎实开展燃气安全专项整治",
        "围绕燃气经营、输送和使用各环节，重点检查餐饮场所、燃气经营企业和居民用户",
        "持续推进城镇燃气安全专项整治，巩固橡胶软管更换、燃气泄漏报警装置安装等整治成果",
    ),
    "消防": DomainWords(
        "持续加强消防安全隐患整治",
        "以人员密集场所、多业态混合经营场所和沿街门店为重点，严查疏散通道堵塞、安全出口锁闭、消防设施损坏等突出问题",
        "深化消防安全隐患排查整治，加强人员密集场所和多业态混合经营场所日常巡查，确保消防设施完好有效",
    ),
    "危化品": DomainWords(
        "强化危险化学品安全监管",
        "对危险化学品生产、经营、储存企业和加油站开展全覆盖检查，重点查看储存管理、防爆设施和特种作业人员持证情况",
        "强化危险化学品储存、经营环节监管，督促企业落实重大危险源管控措施",
    ),
    "道路交通": DomainWords(
        "深化道路交通安全综合治理",
        "紧盯客货运输车辆、农村公路和临水临崖、急弯陡坡等重点路段，加强路面管控和源头治理",
        "加快临水临崖、急弯陡坡等路段安全防护设施建设，持续整治客货运输车辆违法违规行为",
    ),
    "建筑施工": DomainWords(
        "加强建筑施工安全监管",
        "聚焦在建工程项目，重点检查脚手架、临边洞口防护、深基坑和起重机械等危险性较大的分部分项工程",
        "加强在建工程危险性较大的分部分项工程管控，严格落实施工现场安全防护措施",
    ),
    "烟花爆竹": DomainWords(
        "严格烟花爆竹安全管理",
        "围绕烟花爆竹批发、零售环节，严查超量储存、未专柜存放和违规经营等问题",
        "严格烟花爆竹经营许可和储存管理，严厉打击非法生产、经营、储存行为",
    ),
}


def domain_words(domain: str) -> DomainWords:
    """The wording for `domain`; a plain one for a domain the table lacks."""
    subject = domain if domain.endswith("安全") else f"{domain}安全"
    return DOMAIN_WORDS.get(domain) or DomainWords(
        f"加强{subject}监管",
        f"对{domain}领域开展隐患排查整治",
        f"持续加强{domain}领域安全监管，推动隐患动态清零",
    )


PRINCIPLE = "坚持“安全第一、预防为主、综合治理”方针"
MEASURE_SENTENCE = (
    "对检查发现的隐患，能够当场整改的督促立即整改，不能当场整改的下达责令限期整改通知，"
    "建立隐患台账，跟踪督办直至整改到位。"
)
TRAINING_HEADING = "加强安全宣传教育培训"
OTHER_WORK_HEADING = "统筹推进其他重点工作"
OVERVIEW_HEADING = "隐患排查治理总体情况"
WORK_HEADING = "工作开展情况"
PROBLEMS_HEADING = "存在的问题"
PLANS_HEADING = "下一步工作计划"
TRAINING_WORDS = re.compile(r"宣传|培训|演练|教育|告知书|横幅|海报|标语")
INSPECTION_WORDS = re.compile(r"^(?:检查|排查|抽查|摸排)[^数]*?(?:企业|单位|场所|经营户|门店)")
# Report metrics that read as something done ("检查企业数" reads "检查企业429家").
ACTION_START = re.compile(
    r"^(?:检查|排查|抽查|摸排|出动|开展|组织|召开|发放|培训|查处|处罚|办理|罚款|整治|签订|张贴|粘贴|悬挂|宣传|"
    r"演练|下达|更换|安装|举办|发布|巡查|巡航|检验|督查|刑事拘留|治安拘留|停业整顿|上报|专项整治|专题|"
    r"卸载|治超|消防安全培训|灭火器使用)"
)

CN_ORDINALS = "一二三四五六七八九十"


def ordinal(n: int) -> str:
    """1 → 一, 12 → 十二 (headings count at most a few dozen)."""
    if n <= 10:
        return CN_ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_ORDINALS[tens - 1]) + "十" + (CN_ORDINALS[ones - 1] if ones else "")


def self_name(org: str | None) -> str:
    """How a report calls its own organisation: 我局, 我镇, 我街道, 我乡; else 我单位."""
    if org:
        for suffix in ("街道", "局", "镇", "乡", "委", "办", "站", "所", "中心", "大队"):
            if org.endswith(suffix):
                return f"我{suffix}"
    return "我单位"


def area_name(org: str | None) -> str:
    """The area a summary speaks for: 全镇, 全街道, 全乡; the whole area otherwise (辖区)."""
    if org:
        for suffix in ("街道", "镇", "乡"):
            if org.endswith(suffix):
                return f"全{suffix}"
    return "辖区"


def all_of(count: object) -> str:
    """"且均" for several, "且" for one ("尚有3处未整改，且均已逾期" / "尚有1处未整改，且已逾期")."""
    value = getattr(count, "value", None)
    return "且" if value == 1 else "且均"
