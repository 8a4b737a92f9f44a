"""A Chinese statistics question as a structured query (pure, deterministic, no LLM).

"本季度燃气隐患整改了多少条？" -> StatQuery(metric="fixed", domain="燃气", period=2023年第四季度 ...).
The parser reads a lexicon of intents (发现, 整改了多少, 有多少已经整改, 未整改, 逾期, 整改率), domains
(knowledge.facts.lexicon), organisations the database knows (knowledge.questions.orgs), the period
(knowledge.periods.parse) and grouping (各领域, 各单位). It keeps the question's other content words so that
report facts can be matched against them, and notes which of those words the hazard ledger cannot
filter on ("农村公路"), so that such a question goes to the reports first.
Returns None for text that is not a statistics question; the router then tries document retrieval.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from knowledge.periods.parse import Period, find_period, names_year
from knowledge.questions.orgs import OrgMention, find_org, org_aliases
from knowledge.questions.words import (
    ASKS_NUMBER,
    CLASSIFIER_ALT,
    EXPLAINED_WORDS,
    FUNCTION_WORDS,
    PLAN_QUESTION,
    VISITS,
    action_words,
    content_words,
    is_hazard_word,
    noun_phrase,
    tokens,
)

Metric = Literal["found", "fixed", "fixed_among_found", "open", "overdue", "rate", "figure"]
Operation = Literal["value", "sum", "average", "rate", "difference"]
GroupBy = Literal["domain", "org", "level"]

METRIC_LABELS: dict[str, str] = {
    "found": "发现隐患数",
    "fixed": "整改完成隐患数",
    "fixed_among_found": "已整改隐患数",
    "open": "未整改隐患数",
    "overdue": "逾期未整改隐患数",
    "rate": "整改率",
    "status": "隐患数（按整改状态）",
    "figure": "报告数据",
}
GROUP_LABELS: dict[str, str] = {"domain": "行业领域", "org": "责任单位", "level": "隐患等级"}
LEDGER_METRICS = frozenset({"found", "fixed", "fixed_among_found", "open", "overdue", "rate"})


@dataclass(frozen=True)
class StatQuery:
    """What a statistics question asks. Values are Chinese; `period` None means none was stated."""

    text: str
    metric: Metric = "found"
    about_hazards: bool = True  # the counted thing is 隐患 (the ledger may answer)
    domain: str | None = None
    org: str | None = None  # the single known name, or the words the user wrote ("镇里")
    org_candidates: tuple[str, ...] = ()
    org_generic: bool = False
    level: str | None = None  # 一般 | 较大 | 重大 | 特别重大
    period: Period | None = None
    group_by: GroupBy | None = None
    operation: Operation = "value"
    unit: str | None = None  # the classifier asked for: 家, 户, 起, 公里, 元 ...
    subject: str = ""  # the counted noun phrase: 非煤矿山企业, 道路交通事故, 隐患 ...
    terms: tuple[str, ...] = ()  # content words for matching report facts
    topic_terms: tuple[str, ...] = ()  # the same with the domain and grade words kept ("道路交通事故")
    residual: tuple[str, ...] = ()  # content words the ledger cannot filter on
    qualifiers: tuple[str, ...] = ()  # those no part of the parse read: things the ledger has no column for (农村公路)
    items: tuple[str, ...] = ()  # the listed things of a sum ("未系安全带、客货混装 …")
    rate_word: str | None = None  # the X率 asked for (签订率, 治理完成率)
    actions: tuple[str, ...] = ()  # the verbs that say which figure is meant ("罚", "停用")
    status: str | None = None  # one 整改状态 asked by name ("整改中的隐患"): counted as that status
    records: bool = False  # the rows themselves are asked ("有哪些没整改"), not a number
    today: date | None = None  # the day it is asked (a report of a later time cannot answer it)

    def to_filters(self) -> dict[str, str]:
        """The filters as plain strings (English keys, Chinese values) for answers and chat state."""
        filters: dict[str, str] = {"metric": self.rate_word or METRIC_LABELS[self.metric]}
        if self.metric == "figure" and self.subject:
            filters["metric"] = self.subject
        if self.domain:
            filters["domain"] = self.domain
        if self.org:
            filters["org"] = self.org
        if self.level:
            filters["level"] = self.level
        if self.status:
            filters["status"] = self.status
        if self.group_by:
            filters["group_by"] = GROUP_LABELS[self.group_by]
        return filters

    @property
    def ledger_answerable(self) -> bool:
        """Whether the question is a hazard count the ledger's columns can answer exactly."""
        return (
            self.about_hazards and self.metric in LEDGER_METRICS and not self.qualifiers
            and self.operation in ("value", "rate") and self.rate_word is None and not self.items
        )


def domain_list(query: StatQuery) -> tuple[str, ...]:
    """The domains asked about ("消防、燃气" -> ("消防", "燃气")); () for all."""
    return tuple(query.domain.split("、")) if query.domain else ()


_QUANTITY = ASKS_NUMBER
_REGULATION = re.compile(
    r"《[^》]*(?:法|条例|规定|办法|标准|细则|规范|规程|意见|决定)》|第[一二三四五六七八九十百零\d]+条"
    r"|(?:法律|法规|条例|规定).{0,6}(?:怎么|如何|什么|哪些|是否|要求)"
)
_FOLLOW_UP = re.compile(r"^(?:那|那么|那如果|如果是|换成|改成|再看看?|还有)|呢[？?。！!]*$")
_GROUP = (
    (re.compile(r"(?:各|每)个?(?:领域|行业|类别|类型|板块)|(?:分|按)(?:行业)?(?:领域|行业|类别|类型)|哪(?:个|些)(?:领域|行业)"), "domain"),
    (re.compile(r"(?:各|每)个?(?:单位|责任单位|部门|乡镇|镇街|属地)|(?:分|按)(?:责任)?(?:单位|部门|乡镇)"
                r"|哪(?:个|些)(?:单位|部门|乡镇)"), "org"),
    # "一般隐患和重大隐患…各多少": both grades asked, one figure each
    (re.compile(r"(?:各|每)个?(?:等级|级别)|(?:分|按)(?:隐患)?(?:等级|级别)"
                r"|(?:一般|重大)(?:事故)?(?:隐患)?(?:和|与|、|跟|及)(?:一般|重大)(?:事故)?(?:隐患)?"), "level"),
)  # fmt: skip
_LEVEL = re.compile(
    r"(特别重大|较大)(?=(?:生产)?(?:安全)?(?:事故|火灾|险情|隐患|风险|交通事故))"
    r"|(重大)(?:事故)?(?:安全)?(?:隐患|风险|的)?|(一般)(?:事故)?(?:安全)?隐患|(一般)的"
    r"|(一般)(?=(?:生产)?(?:安全)?(?:事故|火灾|险情|交通事故))"
)
_RATE_HAZARD = re.compile(r"(?:隐患)?(?:整改|治理|销号|闭环)(?:完成)?率|整改(?:完成)?(?:比例|占比)")
_RATE_OTHER = re.compile(r"[\u4e00-\u9fff]{1,4}率")
# Everyday words for "rectified" ("改好了", "弄好", "处理完"), never after a negation.
_SPOKEN_FIXES = r"(?<![没未不])(?<!没有)(?<!还没)(?:改好|改完|弄好|修好|改掉|处理好|处理完)"
_OVERDUE = re.compile(r"逾期|超期|超过(?:了)?(?:整改)?(?:期限|时限)|过了(?:整改)?(?:期限|时限)|超出(?:整改)?(?:期限|时限)")
_OPEN = re.compile(
    r"未整改|没整改|没有整改|尚未整改|还没(?:有)?(?:完成)?整改|未完成整改|没完成整改|还剩|剩余|剩下|仍未|未销号"
    r"|拒不整改|不整改|未治理|没治理|尚未治理|未完成治理|还有多少没|正在整改|在整改|整改中"
    r"|(?:没|未|还没有?|尚未|没有)(?:改好|改完|改掉|改|弄好|处理好|处理完|处理|修好)|挂着"
)
# One status of the ledger asked by name: its own filter, not "not rectified" as a whole.
_STATUS = re.compile(
    r"(?:正在|还在|仍在)整改|整改中|整改进行中|(?:状态|标(?:记|注)?)(?:为|是|成)?[“\"]?(未整改|已整改|整改中)"
    r"|[“\"]?(未整改|已整改)[”\"]?(?:状态|这个状态|这一状态)"
)
_AMONG_FOUND = re.compile(
    r"多少[^，,。；]{0,6}已经?(?:完成)?整改|已经?(?:完成)?整改(?:完成|完毕)?的[^，,。；]{0,4}(?:有|占)?多少"
    r"|(?:发现|查出|排查出?|检查出)(?:来)?的[^，,。；]*已经?(?:完成)?整改"
)
_FIXED = re.compile(r"整改(?!期限|时限|率|比例|通知|指令|责任)|治理完成|完成治理|销号|闭环|" + _SPOKEN_FIXES)
_AVERAGE = re.compile(r"平均|人均|每(?:起|家|户|个|次|人)[^，,。]{0,12}(?:多少|几)")
_DIFFERENCE = re.compile(r"差多少|相差|差距|差值|差几|少多少|多多少|多出多少")
_PERCENT_ASKED = re.compile(r"百分之(?:几|多少)|百分比(?:是|为)?多少|占比(?:是|为)?多少|比例(?:是|为)?多少|占.{0,12}几成")
_TASK = re.compile(r"任务|目标数")
_SUM = re.compile(r"一共|总共|合计|总计|共计|加起来|共有|累计|总数")
_ITEM_SPLIT = re.compile(r"[、，,]|和|及|与|以及")


_CJK = re.compile(r"[\u4e00-\u9fff]")


def names_a_fix(question: str) -> bool:
    """Whether the question speaks of rectifying, in writing or everyday words ("整改", "销号", "改好了的")."""
    return _FIXED.search(question) is not None


def parse_question(
    text: str, today: date, *, orgs: Sequence[str] = (), previous: StatQuery | None = None
) -> StatQuery | None:
    """The structured query a statistics question asks; None when `text` is not one.

    `orgs` are the organisation names the database knows; `previous` is the last query of a chat: a
    follow-up that is elliptical ("那消防呢？", "上个季度呢？", "整改率呢？") changes only what it names;
    a complete question starts afresh (see `is_elliptical`).
    """
    question = unicodedata.normalize("NFKC", text or "").strip()
    if not question or len(question) > 200 or not re.search(r"[\u4e00-\u9fff]", question):
        return None
    if _REGULATION.search(question):
        return None
    fresh = _parse_full(question, today, orgs)
    if previous is not None and is_elliptical(question, fresh):
        return follow_up(question, today, orgs, previous)
    if not _QUANTITY.search(question) and not _is_breakdown_or_summary(question):
        return None
    return fresh if _names_something(fresh) else None


_OWN_METRIC = re.compile(r"发现|排查|查出|整改|治理|逾期|超期|剩|还有|未|没|率|比例|占比|情况|统计")


def is_elliptical(question: str, fresh: StatQuery) -> bool:
    """Whether a chat message continues the previous question: it names nothing but slots (period,
    organisation, domain, grade, grouping) and metric words, and lacks a subject or a metric of its
    own ("那消防呢？", "上个季度呢？", "燃气的呢", "整改率呢？", "重大隐患呢"). A message with words of
    its own ("燃气用户不得有哪些行为？") or with both a subject and a metric ("本季度燃气隐患整改了
    多少？") is a complete question."""
    text = _FOLLOW_UP_LEAD.sub("", question)
    if fresh.residual and any(w not in _FOLLOW_UP_WORDS for w in fresh.residual):
        return False
    # the counted thing: hazards, a noun after 多少, or a unit that is not a hazard count ("多少户")
    has_subject = is_hazard_word(text) or bool(fresh.subject) or (fresh.unit or "条") not in _HAZARD_COUNT_UNITS
    has_metric = bool(_QUANTITY.search(text) or _OWN_METRIC.search(text))
    return not (has_subject and has_metric)


_HAZARD_COUNT_UNITS = frozenset({"条", "处", "项", "个", "起", "件"})
_FOLLOW_UP_LEAD = re.compile(r"^(?:那么|那|换成|改成|再看看?|还有|再问一下|再问问|如果是|要是)")
_FOLLOW_UP_WORDS = frozenset({"换成", "改成", "看看", "再看", "如果", "要是", "呢", "那么", "那", "再问", "问问"})


def _names_something(query: StatQuery) -> bool:
    """A report-figure question names what it counts; "多少条？" about nothing named is no question."""
    return query.metric != "figure" or bool(
        query.subject or query.org or query.domain or any(_CJK.search(w) for w in query.residual)
    )


def parse_filters(text: str, today: date, *, orgs: Sequence[str] = ()) -> StatQuery | None:
    """The filters and metric of a question that asks for records rather than a number
    ("本季度发现了哪些燃气隐患？"); None for text without Chinese or about regulations."""
    question = unicodedata.normalize("NFKC", text or "").strip()
    if not question or len(question) > 200 or not _CJK.search(question) or _REGULATION.search(question):
        return None
    return replace(_parse_full(question, today, orgs), records=True)


def _is_breakdown_or_summary(question: str) -> bool:
    """"今年各领域发现隐患情况": a grouping or 情况/统计 about hazards asks for numbers too."""
    if not is_hazard_word(question):
        return False
    return any(p.search(question) for p, _ in _GROUP) or bool(re.search(r"情况|统计|汇总", question))


def _parse_full(question: str, today: date, orgs: Sequence[str]) -> StatQuery:
    masked, period = _take_period(question, today)
    mention, masked = _take_org(masked, orgs)
    unnamed = masked  # the organisation and period masked, nothing else
    unit, subject = _subject(masked)
    if _PERCENT_ASKED.search(question):
        unit = "%"  # "相当于排查户数的百分之几": a share is asked, whatever is counted
    group_by, masked = _take_group(masked)
    level, masked = _take_level(masked)
    domain, masked = _take_domain(masked)
    metric, rate_word = _metric(question)
    about_hazards = _about_hazards(question, subject, metric, rate_word)
    operation: Operation = "value"
    items: tuple[str, ...] = ()
    if rate_word or metric == "rate":
        operation = "rate"
    elif _AVERAGE.search(question) and not group_by:  # "每个单位各有几个" is a breakdown
        operation = "average"
    elif _DIFFERENCE.search(question):
        operation = "difference"
    else:
        items = _sum_items(_mask_words(unnamed, domain))
        if domain and "、" in domain or mention and "、" in mention.text:
            items = ()  # "消防和燃气…一共": the listed things are filters, not figures to add
        if items:
            operation = "sum"
    if not about_hazards and metric != "rate":
        metric = "figure"
    naming = _naming_words(mention)
    words = [w for w in content_words(masked) if not naming(w)]
    topic = [w for w in content_words(unnamed) if not naming(w)]
    if subject in topic and subject not in words:
        words.append(subject)  # "几起火灾": the thing counted is asked, though it also names the domain
    actions = action_words(masked, about_hazards=about_hazards)
    residual = tuple(w for w in words if w not in EXPLAINED_WORDS)
    qualifiers = _unexplained(residual, question)
    return StatQuery(
        text=question, metric=metric, about_hazards=about_hazards, domain=domain, level=level, period=period,
        group_by=group_by, operation=operation, unit=unit, subject=subject, terms=tuple(words),
        topic_terms=tuple(topic),
        residual=residual, qualifiers=qualifiers, items=items, rate_word=rate_word, actions=actions, status=_status(question),
        org=mention.name if mention else None,
        org_candidates=mention.candidates if mention else (), org_generic=mention.generic if mention else False,
        today=today,
    )  # fmt: skip


def _naming_words(mention: OrgMention | None) -> Callable[[str], bool]:
    """Whether a word is left of the organisation's name once it is read ("平山住建…": 住建 of 住建局):
    such a word is not what is asked about."""
    if mention is None or not mention.candidates or len(mention.candidates) > 3:
        return lambda _word: False
    names = {a for org in mention.candidates for a in (org, *org_aliases(org))}
    return lambda word: len(word) >= 2 and any(word in name for name in names)


def _unexplained(words: Sequence[str], question: str) -> tuple[str, ...]:
    """The words no part of the parse accounts for: a word inside what the status, overdue, rate or
    breakdown patterns matched ("改好", "未改", "过了期限", "按单位分") is read already; one character
    left of a filler ("这块儿" -> 儿) says nothing. What remains ("农村公路", "复查") is a qualifier the
    ledger has no column for."""
    spans = [m.span() for p in (_OPEN, _FIXED, _OVERDUE, _AMONG_FOUND, _STATUS, _PERCENT_ASKED, *(g for g, _ in _GROUP))
             for m in p.finditer(question)]  # fmt: skip

    def read(word: str) -> bool:
        return any(question.find(word, a, b) >= 0 for a, b in spans)

    return tuple(w for w in words if len(w) >= 2 and not read(w))


def _status(question: str) -> str | None:
    match = _STATUS.search(question)
    if match is None:
        return None
    return match.group(1) or match.group(2) or "整改中"


def parse_slots(text: str, today: date, orgs: Sequence[str] = ()) -> StatQuery:
    """Every slot a message names (period, organisation, domain, grade, grouping, metric, words),
    whether or not it is a statistics question: what `is_elliptical` and follow-ups read."""
    return _parse_full(unicodedata.normalize("NFKC", text or "").strip(), today, orgs)


def follow_up(question: str, today: date, orgs: Sequence[str], previous: StatQuery) -> StatQuery | None:
    """Change only the slots the fragment names; None when it names none."""
    masked, period = _take_period(question, today)
    mention, masked = _take_org(masked, orgs)
    group_by, masked = _take_group(masked)
    level, masked = _take_level(masked)
    domain, masked = _take_domain(masked)
    changes: dict[str, object] = {}
    if period is not None:
        changes["period"] = period
    if mention is not None:
        changes.update(org=mention.name, org_candidates=mention.candidates, org_generic=mention.generic)
    if group_by:
        changes["group_by"] = group_by
        if group_by == "org" and "org" not in changes:  # "各单位呢": a breakdown over all units
            changes.update(org=None, org_candidates=(), org_generic=False)
        if group_by == "domain" and not domain:
            changes["domain"] = None
        if group_by == "level" and not level:
            changes["level"] = None
    if level:
        changes["level"] = level
    if domain:
        changes["domain"] = domain
    if re.search(r"全部|所有|不分|总的|合计", masked):
        changes.setdefault("group_by", None)
    metric, _ = _metric(question)
    if previous.about_hazards and (metric != "found" or re.search(r"发现|排查|查出", question)):
        changes["metric"] = metric
        changes["operation"] = "rate" if metric == "rate" else "value"
        changes["rate_word"] = None
        changes["status"] = _status(question)
    if not changes:
        return None
    return replace(previous, today=today, **changes)  # type: ignore[arg-type]


def _mask(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1]:]


def _take_period(text: str, today: date) -> tuple[str, Period | None]:
    found = find_period(text, today)
    if found is None:
        return text, None
    period, span = found
    return _mask(text, span), _latest_past(period, text, today)


# words that point ahead ("下个月", "下半年", "明年", "未来一周"): their future is meant
_AHEAD = re.compile(r"下|明|来|后|未|今后")


def _latest_past(period: Period, text: str, today: date) -> Period:
    """A quarter or month named without its year and wholly after today ("四季度" asked in January) is
    the last one that has passed, unless the question asks about a plan ("四季度要搞几场")."""
    if (period.start <= today or names_year(period.expression) or _AHEAD.search(period.expression)
            or PLAN_QUESTION.search(text)):
        return period
    try:
        start, end = period.start.replace(year=period.start.year - 1), period.end.replace(year=period.end.year - 1)
    except ValueError:  # 29 February
        return period
    label = period.label.replace(f"{period.start.year}年", f"{start.year}年", 1)
    return Period(start=start, end=end, label=label, expression=period.expression)


# Words before an organisation that make it a partner or a recipient of the work, not its subject.
_PARTNER = re.compile(r"(?:跟|同|会同|联合|协同|配合|伙同|报给|报送|上报给?|报到|交给|移交给?|移送给?|抄送)$")


def _take_org(text: str, orgs: Sequence[str]) -> tuple[OrgMention | None, str]:
    """The organisation(s) named; several ("县住建局和XX镇") are merged into one mention."""
    mentions: list[OrgMention] = []
    masked = text
    for _ in range(8):
        mention = find_org(masked, orgs)
        if mention is None or len(mentions) >= 4:
            break
        if _PARTNER.search(masked[: mention.span[0]]):
            masked = _mask(masked, mention.span)  # "跟市场监管一块儿查", "报给区里": not who did it
            continue
        if mentions and (mention.generic or not mention.candidates):
            break  # only further known names ("县住建局和XX镇") join the first
        mentions.append(mention)
        masked = _mask(masked, mention.span)
        if mention.generic:
            break
    if not mentions:
        return None, text
    if len(mentions) == 1:
        return mentions[0], masked
    mentions.sort(key=lambda m: m.span)
    known = all(m.candidates for m in mentions)
    candidates = tuple(dict.fromkeys(c for m in mentions for c in m.candidates)) if known else ()
    merged = OrgMention("、".join(m.name for m in mentions), mentions[0].span, candidates,
                        generic=any(m.generic for m in mentions))  # fmt: skip
    return merged, masked


def _take_group(text: str) -> tuple[GroupBy | None, str]:
    for pattern, group in _GROUP:
        match = pattern.search(text)
        if match:
            return group, _mask(text, match.span())  # type: ignore[return-value]
    return None, text


def _take_level(text: str) -> tuple[str | None, str]:
    match = _LEVEL.search(text)
    if not match:
        return None, text
    level = next(g for g in match.groups() if g)
    word_end = match.start() + len(level)
    return level, _mask(text, (match.start(), word_end))


_JOINERS = re.compile(r"^[\s、，,和及与跟以及或领域方面类的]*$")


def _take_domain(text: str) -> tuple[str | None, str]:
    """The domain asked about; several joined by 和/、 ("消防和燃气") as "消防、燃气"."""
    from knowledge.facts.lexicon import domain_hits

    hits = domain_hits(text)
    if not hits:
        return None, text
    counts: dict[str, int] = {}
    for _, _, domain in hits:
        counts[domain] = counts.get(domain, 0) + 1
    first = {domain: start for start, _, domain in reversed(hits)}
    chosen = [max(counts, key=lambda d: (counts[d], -first[d]))]
    named = [(a, b, d) for a, b, d in hits if text[a:b] in EXPLAINED_WORDS]
    chain = named[:1]
    for hit in named[1:]:
        if _JOINERS.match(text[chain[-1][1]:hit[0]]):
            chain.append(hit)
            continue
        if len({d for _, _, d in chain}) >= 2:
            break
        chain = [hit]
    listed = list(dict.fromkeys(d for _, _, d in chain))
    if len(listed) >= 2:
        chosen = listed
    masked = text
    for start, end, hit_domain in hits:
        if hit_domain in chosen and text[start:end] in EXPLAINED_WORDS:
            masked = _mask(masked, (start, end))
    return "、".join(chosen), masked


def _metric(question: str) -> tuple[Metric, str | None]:
    """The hazard intent, most specific first; a rate that is not about 整改 keeps its word (签订率)."""
    if _RATE_HAZARD.search(question):
        return "rate", None
    other = _RATE_OTHER.search(question)
    if other and not re.search(r"效率|频率|概率|税率|汇率|利率", other.group()):
        word = re.sub(r"^(?:的|是|其|和|及)", "", other.group())
        return "rate", word
    if re.search(r"比例|占比|百分之", question) and re.search(r"整改|治理|" + _SPOKEN_FIXES, question) or (
        "整改情况" in question
    ):
        return "rate", None
    if _OVERDUE.search(question):
        return "overdue", None
    if _OPEN.search(question):
        return "open", None
    if _AMONG_FOUND.search(question):
        return "fixed_among_found", None
    if _FIXED.search(question):
        return "fixed", None
    return "found", None


# "那几天"/"这几份"/"好几家"/"十几个" point at or estimate a quantity, they do not ask one
_AFTER_QUANTITY = re.compile(
    rf"(?:多少|(?<![那这好十])几)(?P<cls>{CLASSIFIER_ALT})?(?P<noun>[\u4e00-\u9fff]{{0,12}}?)"
    r"(?=已|还|没|未|是|呢|了|的|做|被|在|进行|开展|实施|[^\u4e00-\u9fff]|$)"
)


_TRAILING_CLASSIFIER = re.compile(
    rf"[\u4e00-\u9fff](?:(?P<cls>{VISITS})|(?P<counted>[人户家起处条项天次])数(?:量)?)[？?。]?$"
)  # "…检查台次", "…累计死亡人数"
# "停渡的天数是多少", "死亡人数有多少": the count asked right before 多少 (not "起数同比下降多少": a change)
_COUNT_NOUN = re.compile(r"(?P<counted>[人户家起处条项天次])数(?:是|有|为|共|一共|总共|大概|大约|到底)*(?:多少|几)")
_COUNTED_AS_UNIT = frozenset({"人", "家", "户", "次", "件", "起", "条", "处", "项", "名", "元"})
_STATUS_WORDS = re.compile(r"^(?:逾期|超期|未整改|没整改|已整改|已经|重大|一般|新增|新发现|的|了|各类|各种)+")


def _subject(masked: str) -> tuple[str | None, str]:
    """The classifier and the counted noun phrase after 多少/几 ("多少家非煤矿山企业")."""
    match = _AFTER_QUANTITY.search(masked)
    if not match:
        # a clerk's noun phrase names the unit last ("平山住建起重机械检查台次")
        last = _TRAILING_CLASSIFIER.search(masked)
        return (last.group("cls") or last.group("counted"), "") if last else (None, "")
    unit = match.group("cls")
    tail = re.split(r"[，,。？?！!；;]", masked[match.end("cls") if unit else match.end() - len(match.group("noun")):])[0]
    noun = re.sub(r"^(?:个|种|类|项)", "", tail)
    if not unit and match.group().startswith("几大"):
        noun = noun.removeprefix("大")  # "有几大民生实事项目"
    noun = _STATUS_WORDS.sub("", noun)
    noun = noun_phrase(noun) if noun else ""
    if unit == "钱" or noun in ("钱", "资金", "金额", "罚款"):
        return "元", "金额"
    if unit in (None, "个") and noun in _COUNTED_AS_UNIT:
        return noun, ""
    if unit is None and not noun:
        counted = _COUNT_NOUN.search(masked)
        if counted:
            return counted.group("counted"), ""
    if noun in FUNCTION_WORDS or all(c in "啊呀呢吧嘛哈呗哦的了" for c in noun):
        noun = ""  # "多少条啊": a particle, not the counted thing
    return unit, noun


def _about_hazards(question: str, subject: str, metric: Metric, rate_word: str | None) -> bool:
    if rate_word:
        return False
    if metric == "rate":
        return True  # 整改率 is a rate of hazards
    if subject:
        return is_hazard_word(subject) or subject in ("问题", "安全问题", "隐患点") and is_hazard_word(question)
    if _TASK.search(question) and not is_hazard_word(question):
        return False  # "瓶改管年度任务还剩多少户": what is left of a task, not hazards still open
    return is_hazard_word(question) or metric in ("fixed", "fixed_among_found", "open", "overdue") and bool(
        re.search(r"整改|" + _SPOKEN_FIXES, question) or _OPEN.search(question) or _OVERDUE.search(question)
    )


def _mask_words(text: str, words: str | None) -> str:
    """`text` with the words of a domain filter ("燃气", "消防、燃气") blanked out."""
    for word in (words or "").split("、"):
        if word:
            text = text.replace(word, " " * len(word))
    return text


_PLUS = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?<![参增追施附外更再叠])加上?(?![装强大快油气工盟固班入密速重剧宽长高厚派])(?=[\u4e00-\u9fff]{2})")


def _sum_items(question: str) -> tuple[str, ...]:
    """The things a "一共多少" question lists (at least two, joined by 、/和), else ()."""
    if not _SUM.search(question):
        return ()
    # a 加/加上 joins items too ("刑拘加治安拘留", "州级加县级" that jieba reads as 州级加), never the 加
    # of 参加, 加装, 增加
    question = _PLUS.sub("、", question)
    question = "".join("、" if t in ("加", "加上") else t for t in tokens(question, keep_punctuation=True))
    best: tuple[str, ...] = ()
    for clause in re.split(r"[，,。？?；;：:]", question):
        parts = [p for p in _ITEM_SPLIT.split(clause) if p]
        if len(parts) >= 2:
            parts = [re.sub(r"的?(?:一共|总共|合计|共计|共).*$", "", p) for p in parts]
            parts = [re.sub(r"^.*(?:查处的|检查的|排查的|中的|里的|的)", "", p) for p in parts]
            parts = [re.sub(r"\s+", "", p) for p in parts]
            parts = ["".join(t for t in tokens(p) if t not in FUNCTION_WORDS) for p in parts]  # "燃气那边刑拘"
            parts = [p for p in parts if len(p) >= 2]
            if len(parts) >= 2 and len(parts) > len(best):
                best = tuple(parts)
    return best
