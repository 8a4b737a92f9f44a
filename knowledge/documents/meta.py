"""Describe one report: who wrote it (org, level), which period it covers, when it was signed.

Everything follows the text. The org comes from the title ("XX市XX区城镇燃气2023年上半年…"), completed
by how the text names itself ("街道2023年…" + "XX街道" → "XX街道"; "县交通运输2023年…" + "我局" →
"县交通运输局"), else from the signature line above the closing date, else from the text's own name
for itself. Placeholders (XX, *, 某) are kept as written — never read as, or replaced by, a name.
The period comes from the title, else from the opening lines (a report period such as "1-9月", else a
campaign's "自5月6日…启动…以来…截至7月31日"); the signing date from a closing date line, a date line under
the title, or the date ending a bulletin's masthead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from knowledge.documents.cleaning import clean_text, is_cjk
from knowledge.periods.parse import Period, find_periods

__all__ = ["ORG_LEVELS", "ReportMeta", "describe_report", "find_doc_date", "org_level"]

ORG_LEVELS: tuple[str, ...] = ("市", "县/区", "县/区局", "镇", "街道", "村/社区", "企业", "班组")


@dataclass(frozen=True)
class ReportMeta:
    title: str
    org: str | None
    org_level: str | None  # one of ORG_LEVELS
    period_label: str | None
    period_start: date | None
    period_end: date | None
    year: int | None
    doc_date: date | None


# --- dates -----------------------------------------------------------------------------------------

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2}|[〇零一二][〇零一二三四五六七八九]{3})\s*年\s*"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_ISO_DATE_RE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})")
_TAIL_LINES = 6


def _cn_small(token: str) -> int:
    """Read a small number: 十九 → 19, 三十一 → 31, 6 → 6."""
    if token.isdigit():
        return int(token)
    if "十" not in token:
        return _CN_DIGITS[token]
    tens, _, ones = token.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _parse_date(m: re.Match[str]) -> date | None:
    y = m.group("y")
    year = int(y) if y.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in y))
    try:
        return date(year, _cn_small(m.group("m")), _cn_small(m.group("d")))
    except (ValueError, KeyError):
        return None


def _date_only(line: str) -> date | None:
    """The date when the whole line is one date ("2023年6月19日", "二〇二三年六月十九日")."""
    line = line.strip()
    for pattern in (_DATE_RE, _ISO_DATE_RE):
        m = pattern.fullmatch(line)
        if m:
            return _parse_date(m)
    return None


def find_doc_date(text: str) -> date | None:
    """The signing date: a line holding only a date, near the end (or just under the title), or the
    date closing a bulletin's masthead under the title ("…工作专班　　　　2025年8月6日")."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    for line in [*reversed(lines[-_TAIL_LINES:]), *lines[1:3]]:
        found = _date_only(line)
        if found:
            return found
    for line in lines[1:3]:
        m = _MASTHEAD_DATE_RE.search(line)
        if m and len(line) <= _MASTHEAD_MAX_LEN:
            return _parse_date(m)
    return None


# a short line of no sentence, ending with a date (cleaning has taken the spaces between them away)
_MASTHEAD_DATE_RE = re.compile(r"^[^，。；：,;:！？]+?" + _DATE_RE.pattern + r"$")
_MASTHEAD_MAX_LEN = 40
# A campaign's bulletin dates itself by the campaign: "自5月6日街道启动…“百日行动”以来…截至7月31日"
_SINCE_RE = re.compile(r"自(?P<m>\d{1,2})月(?P<d>\d{1,2})日[^。\n]{0,60}?(?:启动|开展|部署|实施)[^。\n]{0,40}?以来")
_UNTIL_RE = re.compile(r"截[至止](?P<m>\d{1,2})月(?P<d>\d{1,2})日")


def _campaign_period(opening: str, year: int, doc_date: date | None) -> Period | None:
    """The period "自5月6日…启动…以来" opens, to the "截至…" day stated after it (else the report's
    date): a campaign bulletin's figures are the campaign's."""
    since = _SINCE_RE.search(opening)
    if since is None:
        return None
    until = _UNTIL_RE.search(opening, since.end())
    try:
        start = date(year, int(since.group("m")), int(since.group("d")))
        end = date(year, int(until.group("m")), int(until.group("d"))) if until else doc_date
    except ValueError:
        return None
    if end is None or end < start:
        return None
    label = f"{year}年{start.month}月{start.day}日至{end.month}月{end.day}日"
    return Period(start=start, end=end, label=label, expression=opening[since.start():since.end()])


# --- organisations ---------------------------------------------------------------------------------

_ORG_SUFFIXES = (
    "街道办事处",
    "办事处",
    "街道",
    "委员会",
    "人民政府",
    "政府",
    "管理局",
    "局",
    "镇",
    "乡",
    "社区",
    "村",
    "公司",
    "集团",
    "厂",
    "矿",
    "班组",
    "中心",
    "站",
    "所",
    "队",
    "院",
    "委",
    "办",
    "处",
    "科",
)
_BARE = frozenset({"镇", "乡", "街道", "区", "县", "市", "局", "村", "社区", "公司", "厂", "矿", "委", "办"})
_AREA_SUFFIXES = frozenset({"县", "区", "市", "省", "州"})
_SELF_REF_RE = re.compile(r"[我本](街道|班组|公司|中心|局|镇|乡|厂|矿|委|办|区|县|市|站|所|队)")
_PLACEHOLDER_NAME = r"(?:XX|xx|××|X|\*{1,3}|＊{1,3}|某)"
# Words that precede a suffix without being a name: 我镇, 全镇, 城镇, 乡镇, 驻镇 …
_NOT_NAME_CHARS = frozenset("我全本该各乡城集驻村县市区省州每此两多邻外进出到在赴至返离回来入小大新老")
_TOPIC_RE = re.compile(r"安全生产|安全|工作总结|工作情况|工作报告|工作计划|工作|总结|报告|汇报|计划")
_SIGNATURE_MAX_LEN = 30


def _name_in_text(text: str, suffix: str) -> str | None:
    """How the text names an org ending with `suffix`: "XX街道", "*镇", or a repeated real name."""
    redacted = Counter(re.findall(_PLACEHOLDER_NAME + re.escape(suffix), text))
    if redacted:
        return redacted.most_common(1)[0][0]
    # A real name: the longest left extension of "<2 chars>suffix" that keeps (almost) all occurrences.
    ends = [m.start() for m in re.finditer(re.escape(suffix), text)]
    seeds = Counter(
        text[i - 2 : i]
        for i in ends
        if i >= 2 and all(_is_ideograph(c) for c in text[i - 2 : i]) and text[i - 1] not in _NOT_NAME_CHARS
    )
    seeds = Counter({k: v for k, v in seeds.items() if v >= 2})
    if not seeds:
        return None
    name = seeds.most_common(1)[0][0]
    count = seeds[name]
    while True:
        lefts = Counter(
            text[i - len(name) - 1] for i in ends if i > len(name) and text[i - len(name) : i] == name
        )
        if not lefts:
            break
        char, n = lefts.most_common(1)[0]
        if not _is_ideograph(char) or char in _AREA_SUFFIXES or char in "我全本该" or n < 0.8 * count:
            break
        name = char + name
    return name + suffix


def _is_ideograph(ch: str) -> bool:
    return is_cjk(ch) and "\u3400" <= ch and not ("\uff00" <= ch <= "\uffef")


def _self_refs(text: str) -> list[str]:
    """Suffixes the text uses for itself ("我局" → "局"), most frequent first."""
    return [s for s, _ in Counter(_SELF_REF_RE.findall(text)).most_common()]


def _signature(text: str) -> str | None:
    """The org name on the line just above the closing date line."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    tail = lines[-_TAIL_LINES:]
    for k in range(len(tail) - 1, 0, -1):
        if _date_only(tail[k]) is None:
            continue
        candidate = tail[k - 1]
        if (
            len(candidate) <= _SIGNATURE_MAX_LEN
            and not re.search(r"[。，,；;：:！？]", candidate)
            and candidate.endswith(_ORG_SUFFIXES)
        ):
            return candidate
    return None


# Names of agencies as titles spell them out: the title's org is the place words before one of them.
_AGENCY_RE = re.compile(
    r"(?:住房和城乡建设|住房城乡建设|交通运输|应急管理|市场监督管理|自然资源和规划|自然资源|生态环境|农业农村|城市管理|"
    r"综合行政执法|文化广电旅游|卫生健康|教育体育|水利|林业|商务|公安|工业和信息化|发展和改革)局"
    r"|消防救援(?:大队|支队|站)|人民政府|街道办事处|安全生产委员会办公室|应急管理(?:站|办公室|所)|安监站"
)
_PLACE_BEFORE = re.compile(r"(?:[\u4e00-\u9fffXx*＊×]{0,6}?(?:省|市|州|县|区|旗|镇|乡|街道))*$")


def _agency_in_title(title: str) -> str | None:
    """"茂岗县住房和城乡建设局城镇燃气…报告" -> 茂岗县住房和城乡建设局; "…——市交通运输局深入推进…" ->
    市交通运输局: the first spelled-out agency name with the place words just before it."""
    match = _AGENCY_RE.search(title)
    if match is None:
        return None
    head = re.split(r"[^\u4e00-\u9fffXx*＊×]|关于|的", title[: match.start()])[-1]
    if match.group() == "街道办事处":  # "东湖街道办事处": the street's own name
        return head[-6:] + match.group()
    place = _PLACE_BEFORE.search(head)
    return (place.group() if place else "") + match.group()


def _org_from_title(title: str, periods: list[tuple[Period, tuple[int, int]]]) -> str:
    """A spelled-out agency with its place ("茂岗县住房和城乡建设局"), else the words before the period
    ("XX市XX区城镇燃气"), or between period and topic ("某矿山班组"); never a title's own words ("关于",
    "安全生产"): what is left before a topic word, or nothing (the body then names the org)."""
    agency = _agency_in_title(title)
    if agency:
        return agency
    if periods:
        start, end = periods[0][1]
        before = title[:start]
        after = title[end:]
        # "2023年度上半年": the period parser may leave the 度 of 年度 outside its span.
        after = re.sub(r"^度", "", after)
    else:
        before, after = "", title
    before = re.sub(r"^关于", "", before.strip(" \t：:，,、"))
    topic = _TOPIC_RE.search(before)
    before = (before[: topic.start()] if topic else before).strip(" \t：:，,、")
    if before:
        return before
    topic = _TOPIC_RE.search(after)
    return re.sub(r"^关于", "", (after[: topic.start()] if topic else "")).strip(" \t：:，,、")


def _resolve_org(title_part: str, text: str, signature: str | None) -> str | None:
    if title_part and signature and title_part in signature and title_part != signature:
        return signature  # the signature spells out what the title abbreviates
    if title_part in _BARE:
        return _name_in_text(text, title_part) or signature or title_part
    if title_part:
        if title_part.endswith(_ORG_SUFFIXES):
            return title_part
        refs = _self_refs(text)
        for suffix in refs:
            if title_part + suffix in text:
                return title_part + suffix
        for suffix in refs:
            if suffix not in _AREA_SUFFIXES:
                return title_part + suffix
        return title_part
    if signature:
        return signature
    for suffix in _self_refs(text):
        name = _name_in_text(text, suffix)
        if name:
            return name
    return None


_ENTERPRISE_RE = re.compile(r"(?:公司|集团|厂|矿|煤矿|矿山|企业|加油站)$")
_AREA_MARKER_RE = re.compile(r"街道|社区|村|城镇|乡镇|镇|乡|区|县|市")


def org_level(org: str | None, title: str = "") -> str | None:
    """The org's level, one of ORG_LEVELS, from its name (and 班组 in the title)."""
    if "班组" in title or (org and "班组" in org):
        return "班组"
    if not org:
        return None
    if _ENTERPRISE_RE.search(org):
        return "企业"
    if org.endswith("局"):
        return "市" if "市" in org and not re.search("[县区]", org) else "县/区局"
    if org.endswith(("街道", "街道办事处", "办事处")):
        return "街道"
    if org.endswith(("镇", "乡")) or re.search(r"(?:镇|乡)(?:人民)?政府$", org):
        return "镇"
    if org.endswith(("社区", "村", "居委会", "村委会")):
        return "村/社区"
    markers = [m for m in _AREA_MARKER_RE.findall(org) if m not in ("城镇", "乡镇")]
    if not markers:
        return None
    last = markers[-1]
    return {
        "街道": "街道",
        "社区": "村/社区",
        "村": "村/社区",
        "镇": "镇",
        "乡": "镇",
        "区": "县/区",
        "县": "县/区",
        "市": "市",
    }[last]


# --- periods ---------------------------------------------------------------------------------------

_YEAR_IN_TEXT_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?")
# Only these read from a report's opening lines as its period: a bare "2023年，我镇…" often opens a
# half-year report, and dates in the opening are events, not the period covered.
_REPORT_PERIOD_LABEL_RE = re.compile(r"^\d{4}年(?:上半年|下半年|第.季度|前.季度|1-\d{1,2}月)$")


def _choose_period(found: list[tuple[Period, tuple[int, int]]]) -> Period | None:
    """The first period, narrowed to a later one inside it ("2023年…上半年" → 2023年上半年)."""
    if not found:
        return None
    first = found[0][0]
    for period, _ in found[1:]:
        if first.start <= period.start and period.end <= first.end and period != first:
            return period
    return first


def describe_report(title: str, text: str, *, filename: str | None = None) -> ReportMeta:
    """Org, level, period and signing date of one report (see the module docstring)."""
    clean_title = clean_text(title).text.replace("\n", " ").strip()
    if not clean_title and filename:
        clean_title = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename)
    clean_body = clean_text(text).text
    doc_date = find_doc_date(clean_body)

    year_hint: int | None = None
    m = _YEAR_IN_TEXT_RE.search(clean_title) or (
        None if doc_date else _YEAR_IN_TEXT_RE.search(clean_body[:500])
    )
    if m:
        year_hint = int(m.group(1))
    elif doc_date:
        year_hint = doc_date.year

    title_periods: list[tuple[Period, tuple[int, int]]] = []
    period: Period | None = None
    if year_hint is not None:
        # A far reference day: a report's own period is never clipped at "today".
        reference = date(year_hint, 12, 31)
        title_periods = find_periods(clean_title, reference)
        period = _choose_period(title_periods)
        if period is None:
            opening = "\n".join(ln for ln in clean_body[:300].split("\n") if _date_only(ln) is None)
            found = [p for p in find_periods(opening, reference) if _REPORT_PERIOD_LABEL_RE.match(p[0].label)]
            period = _choose_period(found) or _campaign_period(opening, year_hint, doc_date)

    org = _resolve_org(_org_from_title(clean_title, title_periods), clean_body, _signature(clean_body))
    year = period.start.year if period else (doc_date.year if doc_date else year_hint)
    return ReportMeta(
        title=clean_title,
        org=org,
        org_level=org_level(org, clean_title),
        period_label=period.label if period else None,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        year=year,
        doc_date=doc_date,
    )
