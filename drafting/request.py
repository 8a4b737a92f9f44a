"""What a drafting request asks for: which section, organisation, domains and period (pure).

"起草上半年燃气安全工作开展情况", "写一段本季度隐患排查治理情况", "帮我写存在的问题",
"生成XX镇2023年上半年安全生产工作总结". The period, organisation and domain are read with the same
resolvers as statistics questions (knowledge.periods, knowledge.questions.orgs, knowledge.facts.lexicon);
whatever the request leaves open is listed in `open_choices`, so a chat front end can offer buttons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from knowledge.errors import InputError
from knowledge.facts.lexicon import domain_hits
from knowledge.periods.parse import Period, find_period, parse_period
from knowledge.questions.orgs import find_org

SectionKind = Literal["工作开展情况", "存在的问题", "下一步工作计划", "全文"]
SECTION_CHOICES: tuple[SectionKind, ...] = ("工作开展情况", "存在的问题", "下一步工作计划", "全文")
DEFAULT_SECTION: SectionKind = "全文"
DEFAULT_PERIOD = "今年以来"
OpenChoice = Literal["section", "domain", "period", "org"]

# Words naming each section, as staff write them; the first that matches wins.
_SECTION_WORDS: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    ("存在的问题", re.compile(r"存在的?问题|问题(?:和|与|及)不足|不足之处|短板|薄弱环节|问题清单")),
    ("下一步工作计划", re.compile(r"下一步|下步|工作计划|工作打算|工作思路|下阶段|下半年工作|工作安排|工作举措")),
    ("工作开展情况", re.compile(r"开展情况|工作情况|治理情况|整治情况|排查情况|工作进展|主要工作|工作成效|做法")),
    ("全文", re.compile(r"总结|全文|整篇|完整|汇报材料|工作报告|报告")),
)
_DRAFT_VERBS = re.compile(r"起草|草拟|拟写|拟一[份篇个]|撰写|写[一个]?[段份篇个点]|帮我写|帮忙写|替我写|给我写|写写"
                          r"|生成|形成一[份篇]|整理一[份篇]|出一[份篇]|写下|写出|写好")
_DRAFT_OBJECTS = re.compile(r"总结|情况|问题|计划|打算|思路|材料|报告|汇报|段落|一段|初稿|稿子")
_BRIEF = re.compile(r"简报|给领导|向领导|领导汇报|汇报要点|要情|一页纸|快报|情况通报|brief", re.IGNORECASE)
_PARAGRAPH = re.compile(r"一段|一小段|一个段落|段话")


@dataclass(frozen=True)
class DraftRequest:
    """A parsed drafting request. `org` is the name to write; `org_candidates` the known names it means
    (empty when the database does not know it)."""

    text: str
    section: SectionKind
    period: Period
    org: str | None = None
    org_candidates: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    paragraph: bool = False  # "写一段…": one paragraph instead of a headed section
    open_choices: tuple[OpenChoice, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text, "section": self.section, "period": self.period.to_dict(), "org": self.org,
            "org_candidates": list(self.org_candidates), "domains": list(self.domains),
            "paragraph": self.paragraph, "open_choices": list(self.open_choices),
        }  # fmt: skip


def is_brief_request(text: str) -> bool:
    """"给领导的简报", "出一份本季度简报": a leader briefing, not a report section."""
    return bool(_BRIEF.search(text))


def is_draft_request(text: str) -> bool:
    """"起草…", "写一段…", "帮我写存在的问题", "生成…工作总结": a request to draft (a briefing is not)."""
    if is_brief_request(text):
        return False
    verb = _DRAFT_VERBS.search(text)
    return bool(verb and _DRAFT_OBJECTS.search(text, verb.end()))


def section_of(text: str) -> SectionKind | None:
    """The section a request names, or None when it names none."""
    for kind, pattern in _SECTION_WORDS:
        if pattern.search(text):
            return kind
    return None


def _resolve_section(value: str) -> SectionKind:
    for kind in SECTION_CHOICES:
        if value == kind:
            return kind
    found = section_of(value)
    if found is None:
        raise InputError(f"无法识别的材料部分：{value}（可选：{'、'.join(SECTION_CHOICES)}）")
    return found


def _mask(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + "\u3000" * (span[1] - span[0]) + text[span[1]:]


def _domains(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(domain for _, _, domain in domain_hits(text)))


def parse_draft_request(
    text: str,
    today: date,
    *,
    orgs: Sequence[str] = (),
    section: str | None = None,
    domain: str | None = None,
    period: str | None = None,
    org: str | None = None,
) -> DraftRequest:
    """Read a drafting request; explicit arguments (from a command or a button) win over the text.

    Raises InputError with the allowed values for an unreadable `section` or `period` argument.
    """
    rest = text
    verb = _DRAFT_VERBS.search(rest)
    if verb:  # "生成张家镇…": the verb is not part of a name
        rest = _mask(rest, verb.span())
    open_choices: list[OpenChoice] = []

    found_period = None
    if period:
        found_period = parse_period(period, today)
        if found_period is None:
            raise InputError(f"无法识别的时间：{period}（例如：本季度、上半年、2023年1-6月、今年以来）")
    else:
        located = find_period(rest, today)
        if located is not None:
            found_period, span = located
            rest = _mask(rest, span)
    if found_period is None:
        open_choices.append("period")
        found_period = parse_period(DEFAULT_PERIOD, today)
        assert found_period is not None

    mention = find_org(org, orgs) if org else find_org(rest, orgs)
    if mention is not None and not org:
        rest = _mask(rest, mention.span)
    org_name = (mention.name if mention else org) or None
    candidates = mention.candidates if mention else ()
    if org_name is None:
        open_choices.append("org")

    domains = _domains(domain) if domain else _domains(rest)
    if domain and not domains:
        domains = (domain.strip(),)
    if not domains:
        open_choices.append("domain")

    kind = _resolve_section(section) if section else section_of(rest)
    if kind is None:
        open_choices.append("section")
        kind = DEFAULT_SECTION
    return DraftRequest(
        text=text, section=kind, period=found_period, org=org_name, org_candidates=candidates,
        domains=domains, paragraph=bool(_PARAGRAPH.search(text)) and kind != "全文",
        open_choices=tuple(open_choices),
    )  # fmt: skip
