"""Direct article lookup: "安全生产法第二十一条是什么" → the chunks of that article, exactly."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.chunking import SOURCE_REGULATION, Chunk
from retrieval.regulations import article_text, parse_article_number

PRC_PREFIX = "中华人民共和国"

# Short names people use → the law's name without the 中华人民共和国 prefix. Names that are an
# ordered subsequence of a title ("燃气条例", "特种设备法", "道交法") resolve without an entry here.
LAW_ALIASES: dict[str, str] = {
    "安法": "安全生产法",
    "新安法": "安全生产法",
    "安全生产法": "安全生产法",
    "道交法": "道路交通安全法",
    "交通安全法": "道路交通安全法",
    "交规": "道路交通安全法",
    "特设法": "特种设备安全法",
    "特种设备法": "特种设备安全法",
    "危化品条例": "危险化学品安全管理条例",
    "危化条例": "危险化学品安全管理条例",
    "危险品条例": "危险化学品安全管理条例",
    "危化品管理条例": "危险化学品安全管理条例",
    "燃气条例": "城镇燃气管理条例",
    "燃气管理条例": "城镇燃气管理条例",
    "烟花爆竹条例": "烟花爆竹安全管理条例",
    "鞭炮条例": "烟花爆竹安全管理条例",
    "应急条例": "生产安全事故应急条例",
    "事故应急条例": "生产安全事故应急条例",
    "708号令": "生产安全事故应急条例",
    "事故条例": "生产安全事故报告和调查处理条例",
    "事故报告条例": "生产安全事故报告和调查处理条例",
    "493号令": "生产安全事故报告和调查处理条例",
    "突发事件法": "突发事件应对法",
    "应对法": "突发事件应对法",
    "内河条例": "内河交通安全管理条例",
    "内河交通条例": "内河交通安全管理条例",
}
# Word-level abbreviations expanded before matching ("危化品安全管理条例").
_ABBREVIATIONS = (("危化品", "危险化学品"), ("危化", "危险化学品"), ("道交", "道路交通"))

_GENERIC_END = re.compile(r"(?:法|条例|规定|办法|细则|规则|决定|标准|规程)$")
_NUM = r"[零〇一二两三四五六七八九十百千]+|\d{1,4}"
_LAW_SUFFIX = r"(?:法|条例|规定|办法|细则|规则|决定|标准|规程|号令)"
_REF_WITH_DI = re.compile(
    rf"(?:《(?P<book>[^》]{{2,40}})》|(?P<name>[\u4e00-\u9fff\d]{{2,30}}?{_LAW_SUFFIX}))?\s*"
    rf"第\s*(?P<num>{_NUM})\s*条(?:\s*第\s*(?P<para>{_NUM})\s*款)?"
)
_REF_NO_DI = re.compile(
    rf"(?:《(?P<book>[^》]{{2,40}})》|(?P<name>[\u4e00-\u9fff\d]{{2,30}}?{_LAW_SUFFIX}))\s*"
    rf"(?P<num>{_NUM})\s*条(?:\s*第?\s*(?P<para>{_NUM})\s*款)?"
)


@dataclass(frozen=True)
class ArticleRef:
    """A reference to one article: the law as written (None when not named) and the article number."""

    law: str | None
    number: int
    paragraph: int | None = None

    @property
    def article(self) -> str:
        """第二十一条."""
        return article_text(self.number)


def core_law_name(name: str) -> str:
    """《中华人民共和国安全生产法》 → 安全生产法 (brackets, spaces and the state prefix stripped)."""
    name = re.sub(r"\s+", "", name).strip("《》<>〈〉")
    if name.startswith(PRC_PREFIX) and len(name) > len(PRC_PREFIX):
        name = name[len(PRC_PREFIX) :]
    return name


def canonical_law_name(name: str) -> str:
    """A short name or alias in its standard form without the prefix (道交法 → 道路交通安全法)."""
    core = core_law_name(name)
    if core in LAW_ALIASES:
        return LAW_ALIASES[core]
    for short, full in _ABBREVIATIONS:
        if short in core and full not in core:
            core = core.replace(short, full)
    return LAW_ALIASES.get(core, core)


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def _match_title(name: str, known: Sequence[str]) -> str | None:
    """Best title for one exact candidate name; None when absent or ambiguous."""
    cores = [core_law_name(t) for t in known]
    for core_name in dict.fromkeys((canonical_law_name(name), core_law_name(name))):
        exact = [t for t, c in zip(known, cores, strict=True) if c == core_name]
        if exact:
            return exact[0]
        for test in (lambda n, c: n in c, _is_subsequence):
            hits = [
                (len(core_name) / len(c), t) for t, c in zip(known, cores, strict=True) if test(core_name, c)
            ]
            if hits:
                hits.sort(reverse=True)
                if len(hits) == 1 or hits[0][0] > hits[1][0]:
                    return hits[0][1]
                return None
    return None


def resolve_law_title(name: str, known_titles: Iterable[str]) -> str | None:
    """The known title a law name refers to: exact, alias, containment, then ordered-character match.

    Words in front of the name ("根据安全生产法") are tolerated: the longest suffix that matches wins.
    Returns None when nothing matches or the match is ambiguous ("安全法" among several 安全…法).
    """
    known = list(dict.fromkeys(known_titles))
    core = core_law_name(name)
    if not known or len(_GENERIC_END.sub("", core)) < 1:
        return None
    for i in range(len(core) - 1):
        candidate = core[i:]
        if i and len(_GENERIC_END.sub("", candidate)) < 2:
            break  # "防条例" says too little to pick a law
        title = _match_title(candidate, known)
        if title is not None:
            return title
    return None


def _number(token: str | None) -> int | None:
    if not token:
        return None
    try:
        return parse_article_number(token)
    except (ValueError, TypeError):
        return None


def parse_article_ref(question: str) -> ArticleRef | None:
    """The first article reference in a question: 《消防法》第二十八条, 燃气管理条例第28条, 第91条…"""
    for pattern in (_REF_WITH_DI, _REF_NO_DI):
        for m in pattern.finditer(question):
            number = _number(m.group("num"))
            if not number or number <= 0:
                continue
            law = m.group("book") or m.group("name")
            return ArticleRef(
                law=core_law_name(law) if law else None, number=number, paragraph=_number(m.group("para"))
            )
    return None


def lookup_article(ref: ArticleRef, chunks: Iterable[Chunk]) -> list[Chunk]:
    """The chunk(s) of exactly that article, in document order; [] when the law is unknown or ambiguous.

    Without a law name the article is returned only when a single known regulation has it.
    """
    regs = [c for c in chunks if c.source_type == SOURCE_REGULATION and c.article]
    wanted = ref.article
    if ref.law is None:
        titles = {c.title for c in regs if c.article == wanted}
        if len(titles) != 1:
            return []
        title: str | None = titles.pop()
    else:
        title = resolve_law_title(ref.law, [c.title for c in regs])
    return [c for c in regs if c.title == title and c.article == wanted]
