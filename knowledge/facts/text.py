"""What the words around a stated figure say about it (pure text rules, no database).

A report figure is matched on its own words, not on the metric name extraction gave it: the clause
that holds it ("已整改隐患2870条"), its list item ("重大隐患12项" of "排查一般隐患2347项、重大隐患12项"),
the headings above it. From those words come the hazard status of a figure (发现 / 已整改 / 剩余 /
逾期), its grade (一般 / 较大 / 重大), and whether it is a change ("减少1人") or a plan ("计划…15场次")
rather than a count of what was done.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.facts.numbers import parse_quantities

_BRACKETS = {"（": "）", "(": ")", "“": "”", "《": "》", "【": "】"}
_HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])")
_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")

# Hazard statuses, most specific first: a figure "剩余…正在督促整改" is open, not fixed.
_OPEN = re.compile(
    r"剩余|其余|余下|^余|尚有|尚未|仍有|仍未|未整改|未完成|未治理|未销号|待整改|正在(?:督促)?整改|整改中|拒不整改|不整改"
)
_OVERDUE = re.compile(r"逾期|超期")
_FIXED = re.compile(r"整改|治理完成|完成治理|已治理|整治|销号|闭环|已消除|消除隐患")
_FOUND = re.compile(r"发现|排查|查出|检查出|查找|摸排|梳理出")
STATUS_METRICS: dict[str, str] = {
    "发现隐患数": "found", "已整改隐患数": "fixed", "剩余未整改隐患数": "open", "逾期未整改隐患数": "overdue",
}  # fmt: skip

# Grades of hazards, accidents and fires; 一般 only next to what it grades ("一般来说" is no grade).
GRADES = ("特别重大", "重大", "较大", "一般")
_GRADE = re.compile(
    r"(特别重大|重大|较大)(?:事故|生产安全事故|安全事故|隐患|事故隐患|安全隐患|火灾|险情|风险|问题|交通事故)?"
    r"|(一般)(?:事故|生产安全事故|安全事故|隐患|事故隐患|安全隐患|火灾|险情|风险|问题|交通事故)"
)
_CHANGE = re.compile(r"(?:减少|下降|降低|增加|上升|增长|提高|提升|减|降|增)(?:了)?(?:约|近|超过)?$|同比|环比|比上年|较上年|比去年|较去年")
CHANGE_QUESTION = re.compile(r"减少|下降|降低|增加|上升|增长|提高|提升|同比|环比|比去年|较去年|比上年|较上年|变化|多了|少了")
# "还有几家没装", "还剩多少没整改": the part not yet done is asked.
REMAINDER_QUESTION = re.compile(r"还有.{0,10}(?:没|未)|还剩|剩下|剩余|尚未|仍未|仍有|还没")
_PLAN = re.compile(r"计划|预计|(?<!模)拟(?!定)|目标(?!责任)|力争|预安排|将于|下一步|不少于")


def top_level_segments(text: str, breaks: str) -> list[tuple[int, int]]:
    """Spans of `text` split at `breaks` outside brackets and quotes (never inside a number: the
    comma of "4,516家", the point of "3.5万元")."""
    spans, depth, start, closing = [], 0, 0, []
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            closing.append(_BRACKETS[ch])
            depth += 1
        elif closing and ch == closing[-1]:
            closing.pop()
            depth -= 1
        elif depth == 0 and ch in breaks and not _inside_number(text, i):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


def _inside_number(text: str, i: int) -> bool:
    return text[i] in ",.，．" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def strip_asides(text: str) -> str:
    return _ASIDE.sub("", text)


def inside_brackets(sentence: str, offset: int) -> tuple[int, int] | None:
    for match in _ASIDE.finditer(sentence):
        if match.start() < offset < match.end():
            return match.start() + 1, match.end() - 1
    return None


def clause_parts(sentence: str, offset: int) -> tuple[str, str, str]:
    """The clause holding the figure at `offset` (split at ，；：), its list item (also split at 、)
    and the list item's words before the figure. A figure inside brackets ("（其中州级…10处、…）") gets
    the bracketed clause around it."""
    inner = inside_brackets(sentence, offset)
    if inner is not None:
        start, end = inner
        text, local = sentence[start:end], offset - start
    else:
        text, local = sentence, offset
    c_start, c_end = next(((a, b) for a, b in top_level_segments(text, "，,；;：:。") if a <= local <= b),
                          (0, len(text)))  # fmt: skip
    clause = text[c_start:c_end]
    span = _list_item(text, c_start, clause, local)
    fine = text[span[0]:span[1]] if span else clause
    lead = text[span[0]:local] if span else ""
    return strip_asides(clause).strip(), strip_asides(fine).strip(), strip_asides(lead).strip()


def _list_item(text: str, c_start: int, clause: str, local: int) -> tuple[int, int] | None:
    """The span of the list item holding the figure at `local`: its 、-segment of the clause, joined
    to the segments before it that state no figure of their own — "排查一般隐患2347项、重大隐患12项"
    are two items, "培训企业负责人、安全管理人员和网格员420人次" is one (its 、 lists who was trained)."""
    segments = [(c_start + a, c_start + b) for a, b in top_level_segments(clause, "、")]
    at = next((i for i, (a, b) in enumerate(segments) if a <= local <= b), None)
    if at is None:
        return None
    first = at
    while first > 0 and not parse_quantities(text[segments[first - 1][0]:segments[first - 1][1]]):
        first -= 1
    return segments[first][0], segments[at][1]


PART_LEADS = ("其中", "含", "包括", "包含", "内含")  # the words that open a part of the figure before it
_PART = re.compile(r"(?:^|(?<=[，,]))其中")


@lru_cache(maxsize=8192)
def own_words(sentence: str, offset: int) -> str:
    """The sentence without the parts of other figures: asides in brackets that state figures, and
    "其中…" clauses (to the next ；) that do not hold the figure at `offset`. "查处违法行为637起，其中
    超限超载214起；累计罚款196.35万元" does not say the 196.35万元 are for 超限超载, nor "重大危险源31个
    （一级3个、二级7个）" that 二级 describes the enterprises before it. An aside stating no figure is
    kept ("非法营运（“黑车”）行为"). Cached: every feature of every candidate reads it."""
    if inside_brackets(sentence, offset) is not None:
        return sentence  # a part in brackets is about the whole it belongs to
    kept: list[str] = []
    for a, b in top_level_segments(sentence, "；;。"):
        segment = sentence[a:b + 1]
        part = _PART.search(segment)
        if part and not a + part.start() <= offset < b + 1:
            segment = segment[: part.start()]
        kept.append(segment)
    return _ASIDE.sub(lambda m: "" if parse_quantities(m.group()) else m.group(), "".join(kept))


def clause_around(sentence: str, offset: int) -> tuple[str, str]:
    """The clause holding the figure at `offset` and its list item (see `clause_parts`)."""
    clause, fine, _ = clause_parts(sentence, offset)
    return clause, fine


def _marker_kind(marker: str) -> str:
    """"一、" -> "C、", "（三）" -> "（C）", "2、" -> "D、": the outline level a heading marker opens."""
    return re.sub(r"\d+", "D", re.sub(r"[一二三四五六七八九十]+", "C", marker.strip()))


def heading_context(text: str, position: int) -> str:
    """The words around a sentence that say what it is about: its paragraph up to it (the opening
    of "（二）“打非治违”：…" or an earlier sentence naming the campaign) and the nearest heading of
    each outline level above it ("（四）加强农村公路安全隐患排查整治"). The parts of earlier figures
    ("其中超限超载违法行为214起…") are left out: they are about those figures."""
    line_start = text.rfind("\n", 0, position) + 1
    before = text[max(line_start, position - 400):position]
    parts = [own_words(before, len(before))]
    line = text[line_start:position + 1]
    own = _HEADING_RE.match(line)
    seen = {_marker_kind(own.group())} if own else set()
    for previous in reversed(text[max(0, line_start - 4000):line_start].splitlines()):
        match = _HEADING_RE.match(previous)
        if not match:
            continue
        kind = _marker_kind(match.group())
        if kind in seen:
            continue
        seen.add(kind)
        parts.append(previous.strip()[:40])
        if kind == "C、":
            break
    return " ".join(p for p in parts if p)


def hazard_status(fine_clause: str, clause: str, metric: str = "", *, implied: bool = False) -> str:
    """What a hazard figure counts - "found", "fixed", "open" or "overdue" - read from its own list
    item ("其余13条…" is open, "17条重大事故隐患已全部整改销号" fixed), else from its clause's opening
    verb ("排查一般隐患2347项、重大隐患12项": both found), else from the metric name; "found" when
    nothing says otherwise. An implied figure ("已全部完成整改") keeps its metric's status."""
    if implied and metric in STATUS_METRICS:
        return STATUS_METRICS[metric]
    for text in (fine_clause, clause):
        status = _status_words(text)
        if status:
            return status
    return STATUS_METRICS.get(metric, "found")


_NOT_STATUS = re.compile(r"排查整治|排查整改|整改(?:通知|指令|期限|时限|责任|措施|方案|要求|清单)")


def _status_words(text: str) -> str | None:
    found_first = bool(re.search(r"排查整治|排查整改", text))
    text = _NOT_STATUS.sub("　", text)
    if _OPEN.search(text):
        return "open"
    if _OVERDUE.search(text):
        return "overdue"
    if _FIXED.search(text):
        return "fixed"
    if found_first or _FOUND.search(text):
        return "found"
    return None


def grades_in(text: str) -> set[str]:
    """The grades named in `text` ("重大隐患已整改10项" -> {"重大"}; "一般来说" -> none)."""
    return {m.group(1) or m.group(2) for m in _GRADE.finditer(text)}


def is_change(lead: str, fine_clause: str) -> bool:
    """"死亡人数减少1人", "同比下降25%": the figure is a change, not a count."""
    return bool(_CHANGE.search(lead)) or bool(re.search(r"同比|环比", fine_clause))


def is_plan(fine_clause: str, clause: str) -> bool:
    """"计划入户安检居民用户68420户", "计划二季度组织应急演练15场次": a plan, not what was done."""
    return bool(_PLAN.search(fine_clause) or _PLAN.search(clause))


_LEAD_FILLER = re.compile(
    r"其中|共计|共|累计|合计|总计|已经|已|全部|均|都|还|尚|对|经|予以|完毕|到位|了|的|达|为|计|有|各类|各|累|仅"
)


def bare_lead(lead: str) -> bool:
    """Whether a list item says nothing before its figure but a status ("其余13条", "已整改672条",
    "对拒不整改的511户", "共治理完成147处"): then the sentence says what it counts."""
    text = re.sub(r"[\s“”\"]", "", lead)
    for pattern in (_OPEN, _OVERDUE, _FIXED, _FOUND, _LEAD_FILLER):
        text = pattern.sub("", text)
    text = re.sub(r"[拒督促完成]", "", text)
    return not text


def headings_above(text: str, position: int, limit: int = 2) -> list[str]:
    """The nearest headings above `position`, one per outline level, innermost first (at most `limit`)."""
    line_start = text.rfind("\n", 0, position) + 1
    own = _HEADING_RE.match(text[line_start:position + 1])
    seen = {_marker_kind(own.group())} if own else set()
    found: list[str] = []
    for previous in reversed(text[max(0, line_start - 4000):line_start].splitlines()):
        match = _HEADING_RE.match(previous)
        if not match or (kind := _marker_kind(match.group())) in seen:
            continue
        seen.add(kind)
        found.append(previous.strip()[:40])
        if kind == "C、" or len(found) >= limit:
            break
    return found


def evidence_text(text: str, sentence: str, sentence_start: int, offset: int) -> str:
    """What a stated figure is about, in a few words: the headings above it and the clause that holds
    it ("二、隐患排查治理｜已整改隐患2870条"). Embedded once per figure, compared with questions."""
    clause, _, _ = clause_parts(sentence, offset)
    heads = list(reversed(headings_above(text, sentence_start)))
    return "｜".join([*heads, clause]) if heads else clause
