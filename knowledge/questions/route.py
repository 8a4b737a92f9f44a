"""Which path a message takes before anything is looked up (pure).

The cascade (bot.pipeline) tries the paths in order and hands over when one finds nothing; this
module only decides where to start and which paths may claim the question:

- ``greeting`` / ``empty``: chit-chat and text without a question;
- ``draft`` / ``brief``: writing requests (起草…, 写一段…, 给领导的简报);
- ``rule``: a question about what a law requires — duties, deadlines, thresholds, penalties ("多少天内
  补报", "罚多少", "较大事故的标准是多少"). It goes to the regulations first even though it contains 多少,
  and no figure path may claim it;
- ``records``: asks for the hazard rows themselves ("有哪些没整改");
- ``figure``: asks for a number (多少/几/率/情况 …): ledger statistics, then report figures, then passages;
- ``document``: anything else (what a report says, how something is done): passages.

A rule question is told from a figure question by evidence on both sides, not by one word: normative
or time-limit wording on one side; a period, an organisation, a perfective verb ("查了", "已整改") or
a ledger word on the other. Only rule wording with no figure evidence makes a rule question.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from knowledge.questions.words import ASKS_NUMBER

Path = Literal["empty", "greeting", "draft", "brief", "rule", "records", "figure", "document"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_GREETING = re.compile(
    r"^(?:你好|您好|嗨|哈喽|hello|hi|在吗|在不在|早上好|上午好|下午好|晚上好|谢谢|多谢|感谢|辛苦了|好的|收到|明白了?)"
    r"[呀啊！!。.？?～~\s]*$",
    re.IGNORECASE,
)
_BRIEF = re.compile(r"简报|给领导.{0,6}(?:汇报|报告|看)|领导.{0,4}(?:要|看).{0,6}(?:情况|数据)|一页纸|概况速览")
_DRAFT = re.compile(
    r"起草|草拟|拟写|拟一份|拟个|写一份|写一段|写个|写一篇|撰写|代写|帮我写|替我写|生成.{0,24}(?:报告|材料|总结|汇报|情况)"
    r"|汇报材料|形成.{0,4}材料"
)
# Normative wording of laws: duties, prohibitions, deadlines, thresholds, penalties.
_RULE_WORDS = re.compile(
    r"应当|应该|必须|须(?!知)|不得|禁止|严禁|允许|可以不|是否需要|是否要|要不要|需不需要|法律责任|依法|依照"
    r"|能不能|可不可以|能否|可否|行不行|算不算|够不够|违法吗|合法吗|(?:得|要|需要?)?提前(?:多少|几)|(?:多少|几)天前"
    r"|规定|法律|法规|条例|办法|标准是|什么标准|认定|属于|算(?:是)?(?:什么|哪|几|重大|较大|一般)|什么级别|几级|哪一级"
    r"|多久|多长时间|(?:多少|几)个?(?:工作日|日|天|小时|个?月|年)(?:之|以)?内|期限是|时限|最(?:多|长|迟|晚)(?:能|可以|要)?用?(?:多少|几)"
    r"|怎么划分|如何划分|怎么分级|如何分级|怎么算|如何认定|怎么认定|划分标准|分几级|分为几"
    r"|(?:之|以)内(?:要|应|须|得)|补报|上报时间|报告时间|罚多少|罚款多少|怎么罚|如何处罚|怎么处罚|处多少|罚款(?:是)?多少"
    r"|超过多少|多少人以上|几人以上|多少以上|以上算|以下算|什么情况下|哪些情形|什么条件|资质|许可证"
    r"|第[一二三四五六七八九十百零\d]+条|《[^》]+》|[\u4e00-\u9fff]{2,8}法(?:第|规定|要求|里|中)"
    r"|(?:按|依|按照|根据|依据)[^，。？?]{0,12}(?:法|条例|规定|办法|标准)|罚(?:他|其|款)?(?!了)[^，。？?了]{0,10}(?:多少|几)"
)
# Evidence that a number from the ledger or a report is asked: a period, a perfective verb, the
# ledger, a total or a breakdown. (隐患 alone is none: "隐患整改期限是多少天" asks a rule.)
_FIGURE_WORDS = re.compile(
    r"今年|去年|前年|本年|本月|上月|上个月|这个月|本季度|这个季度|上季度|上个季度|季度|上半年|下半年|全年|年度"
    r"|\d{4}年|[一二三四五六七八九十\d]{1,2}月|以来|截至|截止|目前|至今|到现在|现在|这周|本周|上周|最近"
    r"|了(?:多少|几)|(?:查|办|罚|发|开|出|搞|弄|抓|关|签|装|整改|发现|排查|检查|培训|演练|处罚|查处)了|已经?"
    r"|台账|一共|总共|累计|各领域|各单位|各部门|各乡镇"
)
_QUANTITY = re.compile(
    ASKS_NUMBER.pattern + r"|情况|统计|汇总|(?:按|分)(?:责任)?(?:单位|领域|行业|部门|乡镇)分?"  # "燃气隐患按单位分"
)
_RECORDS = re.compile(r"哪些|哪几|列出|列一下|列举|清单|明细|名单|列表|分别是|具体是|是哪")
_HAZARD = re.compile(r"隐患|安全问题|问题隐患")


@dataclass(frozen=True)
class Route:
    """Where a message starts and why (the reasons are for logs and tests)."""

    path: Path
    reasons: tuple[str, ...] = ()

    @property
    def may_be_figure(self) -> bool:
        """Whether the statistics paths (ledger, report figures) may claim the question."""
        return self.path in ("figure", "records")


_LAW_NAMED = re.compile(r"《|第[一二三四五六七八九十百零\d]+条|法律|法规|条例|规定|办法|[\u4e00-\u9fff]法(?:第|规定|要求|里|中|的)")


def org_makes_figure(text: str) -> bool:
    """For a rule-worded question that names a known organisation ("平山住建立案查处罚款多少"): it asks
    that organisation's figure, unless it names a law ("按《消防法》罚款多少")."""
    question = normalise(text)
    return bool(_QUANTITY.search(question)) and not _LAW_NAMED.search(question)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def route(text: str) -> Route:
    """The first path for `text` (see the module docstring)."""
    question = normalise(text)
    if len(_CJK.findall(question)) < 2:
        return Route("greeting" if _GREETING.match(question) else "empty")
    if _GREETING.match(question):
        return Route("greeting")
    if _BRIEF.search(question):
        return Route("brief", ("简报",))
    if _DRAFT.search(question):
        return Route("draft", ("起草",))
    rule = _RULE_WORDS.search(question)
    figure = _FIGURE_WORDS.search(question)
    if rule and not figure:
        return Route("rule", (f"法规用语“{rule.group()}”",))
    if _RECORDS.search(question) and _HAZARD.search(question):
        return Route("records", ("列出隐患",))
    if _QUANTITY.search(question):
        return Route("figure", ("问数字",))
    return Route("document", ())
