"""Which organisation a statistics question names, among the organisations the database knows.

Pure: the caller passes the known names (ledger 责任单位 values, report organisations). Matching goes
from strict to loose: a known name or one of its shortened forms ("县自然资源局", "区城镇燃气",
"交通局" for 县交通运输局, "住建局" for 住房和城乡建设局, "柳溪镇" for 柳溪镇人民政府, "燃气公司" for
安源燃气有限公司), then the place an organisation is named after ("青山县" for 青山县应急管理局, when
no other agency follows it), then a generic reference to an administrative level ("县里", "镇里",
"区里", a bare "街道"), then an organisation-like word the database does not know ("张家镇") so that
the caller can say it has no data for it instead of answering for everyone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

PLACEHOLDER = r"(?:[XxＸｘ×]{1,4}|[*＊]{1,3}|某)"
_ADMIN = "省市州县区"
_ORG_SUFFIXES = (
    "街道办事处", "街道办", "街道", "委员会", "办公室", "管理局", "中心", "大队", "中队", "支队", "公司",
    "班组", "局", "镇", "乡", "委", "办", "所", "站",
)  # fmt: skip
_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "街道": ("街道里", "街道上", "全街道", "我街道", "本街道", "街道办", "那个街道", "这个街道"),
    "镇": ("镇里", "镇上", "全镇", "我镇", "本镇", "镇政府", "那个镇", "这个镇"),
    "乡": ("乡里", "乡上", "全乡", "我乡", "本乡", "乡政府", "那个乡", "这个乡"),
    "县": ("县里", "县上", "我县", "本县"),
    "区": ("区里", "区上", "我区", "本区"),
    "市": ("市里", "我市", "本市"),
}
# Words that end like an organisation but are not one.
_NOT_ORGS = frozenset({
    "城镇", "乡镇", "村镇", "集镇", "城乡", "重镇", "古镇", "邮局", "格局", "布局", "结局", "大局", "全局",
    "当局", "我局", "本局", "该局", "各局", "全镇", "本镇", "我镇", "该镇", "各镇", "全乡", "本乡", "我乡",
    "该乡", "各乡", "下乡", "老乡", "家乡", "各街道", "加油站", "加气站", "液化气站", "派出所", "劝导站",
    "场所", "处所", "厕所", "车站", "网站", "服务站", "工作站", "消防站", "充电站", "污水处理站",
})  # fmt: skip


# The long forms of agency names and the short forms office staff say.
AGENCY_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "应急管理局": ("应急局",), "住房和城乡建设局": ("住建局",), "住房城乡建设局": ("住建局",),
    "交通运输局": ("交通局",), "自然资源和规划局": ("自然资源局", "自规局"), "市场监督管理局": ("市场监管局", "市监局"),
    "生态环境局": ("环保局",), "农业农村局": ("农业局",), "卫生健康局": ("卫健局",), "卫生健康委员会": ("卫健委",),
    "教育和体育局": ("教体局",), "教育体育局": ("教体局",), "文化广电旅游局": ("文旅局",), "文化和旅游局": ("文旅局",),
    "城市管理局": ("城管局",), "城市管理综合执法局": ("城管局", "综合执法局"), "综合行政执法局": ("综合执法局",),
    "工业和信息化局": ("工信局",), "发展和改革局": ("发改局",), "发展和改革委员会": ("发改委",),
    "商务局": ("商务局",), "水利局": ("水利局",), "林业局": ("林业局",),
    "消防救援大队": ("消防大队",), "消防救援支队": ("消防支队",), "消防救援站": ("消防站",),
    "公安局交通警察大队": ("交警大队",), "交通警察大队": ("交警大队",),
    "城镇燃气管理办公室": ("燃气办",), "燃气管理办公室": ("燃气办",), "燃气安全管理办公室": ("燃气办",),
    "安全生产委员会办公室": ("安委办",), "安全生产监督管理站": ("安监站",), "应急管理站": ("应急站",),
}  # fmt: skip
# Words that name a kind of body, not one body: never an alias on their own ("市管理局" of 城市管理局).
_GENERIC_CORES = frozenset({
    "管理局", "管理站", "管理所", "管理处", "办公室", "委员会", "中心", "大队", "支队", "中队", "公司", "人民政府",
    "政府", "办事处", "局", "站", "所", "办", "委",
})  # fmt: skip
# An area's own government: the place's name stands for it ("柳溪镇" for 柳溪镇人民政府).
_GOVERNMENT = ("人民政府", "政府", "街道办事处", "办事处")
_COMPANY = re.compile(r"(?:股份有限公司|有限责任公司|集团有限公司|集团股份有限公司|有限公司|集团公司|公司)$")
# Trades a company is named after: "燃气公司" for 安源燃气有限公司.
_TRADES = (
    "天然气", "燃气", "水务", "供水", "电力", "供电", "热力", "能源", "化工", "石化", "石油", "矿业", "煤业",
    "建工", "建设", "公交", "客运", "物流", "港务", "航运", "液化气",
)  # fmt: skip
_PLACE_END = "省市州县区旗镇乡"
# After a place name, words that make it another organisation of that place ("青山县住建局").
_AGENCY_AFTER = re.compile(
    r"^[\u4e00-\u9fff]{0,8}?(?:局|大队|支队|中队|办公室|委员会|委|办|公司|中心|站|所)(?![\u4e00-\u9fff]{0,1}(?:里|上))"
)


@dataclass(frozen=True)
class OrgMention:
    """An organisation named in a question: how it was written, the known names it may mean."""

    text: str
    span: tuple[int, int]
    candidates: tuple[str, ...]
    generic: bool = False  # a level reference ("镇里") rather than a name

    @property
    def name(self) -> str:
        """The single known name it resolves to, else the words the user wrote."""
        return self.candidates[0] if len(self.candidates) == 1 else self.text


def org_level(name: str) -> str | None:
    """The administrative level a name belongs to (街道, 镇, 乡, 区, 县, 市), from its wording."""
    if name.endswith(("街道", "街道办", "街道办事处")):
        return "街道"
    if name.endswith("镇"):
        return "镇"
    if name.endswith("乡"):
        return "乡"
    match = re.search(rf"[{_ADMIN}](?=[^{_ADMIN}]*$)", name)
    if match and match.group() != "省":
        return match.group()
    return None


def _norm(text: str) -> str:
    return re.sub(r"[xｘＸ×]", "X", text).replace("＊", "*")


def org_aliases(name: str) -> set[str]:
    """The ways a question may write a known name: the name, its tail after a placeholder or an
    administrative prefix ("XX县自然资源局" -> "县自然资源局", "自然资源局"), and the usual two-character
    abbreviation of an agency ("县交通运输局" -> "交通局", "县交通局")."""
    name = _norm(name.strip())
    aliases = {name}
    for match in re.finditer(rf"[{_ADMIN}]", name):
        tail = name[match.start():]
        core = name[match.end():]
        if len(tail) >= 3 and not re.match(PLACEHOLDER, core):
            aliases.add(tail)
        if len(core) >= 3 and core.endswith(_ORG_SUFFIXES) and not re.match(PLACEHOLDER, core):
            aliases.add(core)
    for alias in tuple(aliases):  # a snapshot: the loop adds to the set
        head = alias[0] if alias[0] in _ADMIN else ""
        core = alias[len(head):]
        if re.search(f"[{_PLACE_END}]", core[:-1]):
            continue  # a place inside ("平山县…局", "住房和城乡建设局"): no two-character cut
        if core.endswith("局") and len(core) >= 5 and not re.match(PLACEHOLDER, core):
            short = core[:2] + "局"
            aliases.add(short)
            if head:
                aliases.add(head + short)
    stripped = re.sub(rf"^{PLACEHOLDER}", "", name)
    if stripped != name and len(stripped) >= 3 and stripped[0] in _ADMIN:
        aliases.add(stripped)
    aliases |= _short_forms(aliases)
    aliases |= _government_aliases(name) | _company_aliases(name)
    return {a for a in aliases
            if len(a) >= 2 and a not in _NOT_ORGS and a.lstrip(_PLACE_END) not in _GENERIC_CORES}  # fmt: skip


def _short_forms(aliases: set[str]) -> set[str]:
    """"平山县住建局", "县住建局", "住建局" for each alias ending in 住房和城乡建设局."""
    out: set[str] = set()
    for alias in aliases:
        for long_form, shorts in AGENCY_SHORT_FORMS.items():
            if alias.endswith(long_form):
                head = alias[: -len(long_form)]
                out |= {head + short for short in shorts if len(head + short) >= 3}
    return out


def _government_aliases(name: str) -> set[str]:
    """"柳溪镇", "柳溪镇政府" for 柳溪镇人民政府 (not for a placeholder place: "XX镇人民政府")."""
    for suffix in _GOVERNMENT:
        place = name.removesuffix(suffix)
        if place != name and len(place) >= 2 and place.endswith((*_PLACE_END, "街道")):
            if re.match(PLACEHOLDER, place):
                return {place} if len(place) >= 2 else set()
            return {place, place + "政府"} if place[-1] in _PLACE_END else {place, place + "办事处"}
    return set()


def _company_aliases(name: str) -> set[str]:
    """"安源燃气", "安源燃气公司", "燃气公司", "安源" and "安源公司" for 安源燃气有限公司."""
    stem = _COMPANY.sub("", name)
    if stem == name or len(stem) < 2:
        return set()
    aliases = {stem, stem + "公司"} if len(stem) >= 3 else {stem + "公司"}
    trade = next((t for t in _TRADES if stem.endswith(t) and len(stem) > len(t)), None)
    if trade:
        aliases.add(trade + "公司")
        own = stem.removesuffix(trade)  # "泓锦" for 泓锦化工有限公司: the firm's own name
        if len(own) >= 2 and not own.endswith(tuple(_PLACE_END)):
            aliases |= {own, own + "公司"}
    return aliases


def place_names(name: str) -> tuple[str, ...]:
    """The named places an organisation belongs to: "青山县" for 青山县应急管理局, "江北区" for
    江北区消防救援大队 ("A市B区…" gives "A市B区" and "B区"); none for a placeholder ("XX县…")."""
    name = _norm(name.strip())
    splits: list[tuple[str, str]] = []
    for match in re.finditer(rf"[{_PLACE_END}]|街道", name):
        place, core = name[: match.end()], name[match.end():]
        if len(place) < 2 or not core or core in _GENERIC_CORES - set(_GOVERNMENT) or re.search(r"X|\*|某", place):
            continue
        if core.endswith(_ORG_SUFFIXES) or core in _GOVERNMENT or _COMPANY.search(core):
            splits.append((place, core))
    if not splits:
        return ()
    known = [split for split in splits if split[1] in AGENCY_SHORT_FORMS or split[1] in _GOVERNMENT]
    place = (known or splits)[-1][0]
    inner = re.search(rf"^.+?[{_PLACE_END}]", place)
    if inner and len(place) - inner.end() >= 2:
        return (place, place[inner.end():])
    return (place,)


def find_org(text: str, orgs: Sequence[str]) -> OrgMention | None:
    """The organisation `text` names (longest known alias first), or None when it names none."""
    normalized = _norm(text)
    table: dict[str, set[str]] = {}
    for org in orgs:
        if not org or not org.strip():
            continue
        for alias in org_aliases(org):
            table.setdefault(alias, set()).add(org)
    best: tuple[int, int, str] | None = None
    for alias in sorted(table, key=len, reverse=True):
        start = normalized.find(alias)
        if start < 0 or (best is not None and len(alias) < best[1] - best[0]):
            continue
        if best is None or (len(alias), -start) > (best[1] - best[0], -best[0]):
            best = (start, start + len(alias), alias)
    if best is not None:
        start, end, alias = best
        other_place = _other_place_before(normalized, start, alias, table[alias], orgs)
        if other_place:  # "青山县住建局" when only 平山县's is known: another place's agency
            return OrgMention(text[start - len(other_place):end], (start - len(other_place), end), ())
        # A longer unknown name around a known alias ("某镇" vs "镇") is not that organisation; a
        # known name written in full is that organisation, not others it is a short form of.
        exact = tuple(sorted(table[alias], key=lambda o: (_norm(o) != alias, len(o), o)))
        if _norm(exact[0]) == alias:
            exact = exact[:1]
        placed = tuple(o for o in exact if any(p in normalized for p in _place_stems(_norm(o))))
        if len(exact) > 1 and placed:  # "临峰应急局": of the 应急局s, the one of 临峰
            exact = placed
        return OrgMention(text[start:end], (start, end), exact)
    return (_place_reference(text, orgs) or _loose_reference(text, orgs) or _generic_reference(text, orgs)
            or _unknown_org(text))  # fmt: skip


def _other_place_before(text: str, start: int, alias: str, owners: set[str], orgs: Sequence[str]) -> str:
    """The words of a known place written just before an alias ("青山" + "县住建局", "槿江" + "应急局")
    when none of the alias's organisations is of that place; "" otherwise."""
    if start == 0:
        return ""
    owned = {p for o in owners for p in place_names(o)}
    for org in orgs:
        for place in place_names(org) if org else ():
            bare = place[:-1]
            if place in owned or not text[:start].endswith(bare):
                continue
            # "青山" + "县住建局"; "槿江" + "应急局" when the 应急局s known are of other places
            if place[-1] == alias[0] or alias[0] not in _PLACE_END and len(bare) >= 2:
                return bare
    return ""


def _place_reference(text: str, orgs: Sequence[str]) -> OrgMention | None:
    """"青山县一季度死了几个人": the organisations named after the place asked about (longest place
    first). A place followed by another agency ("青山县住建局") is that agency, not these."""
    normalized = _norm(text)
    places: dict[str, set[str]] = {}
    for org in orgs:
        for place in place_names(org) if org else ():
            places.setdefault(place, set()).add(org)
    for place in sorted(places, key=len, reverse=True):
        start = normalized.find(place)
        if start < 0:
            continue
        end = start + len(place)
        after = _AGENCY_AFTER.match(normalized[end:])
        if after and not re.search(r"多少|几|了|的|是|有|在|和|与", after.group()) and not _not_an_org(after.group()):
            return OrgMention(text[start:end + after.end()], (start, end + after.end()), ())
        return OrgMention(text[start:end], (start, end), tuple(sorted(places[place])))
    return None


_AGENCY_CHARS = frozenset("局所站队办委司")
_LEVEL_ONLY = re.compile(rf"^[{_ADMIN}镇乡]?(?:街道|镇|乡)?$")


def _place_stems(name: str) -> tuple[str, ...]:
    """A place as people shorten it: "平山县" and "平山", "鹭洲街道" and "鹭洲"."""
    stems: list[str] = []
    own = re.sub(r"(?:人民政府|政府|办事处)$", "", name)
    if own != name or own.endswith(("街道", "镇", "乡")):  # the organisation is the place itself
        bare = own.removesuffix("街道") if own.endswith("街道") else own[:-1]
        if len(bare) >= 2 and not re.search(PLACEHOLDER, bare):
            stems += [own, bare]
    for place in place_names(name):
        stems.append(place)
        zone = _ZONE.match(place)
        if zone:  # "芩江" and "芩江园区" for 芩江化工园区
            stems += [zone.group(1), zone.group(1) + zone.group(2)[-2:]]
            continue
        bare = place.removesuffix("街道") if place.endswith("街道") else place[:-1]
        if len(bare) >= 2 and not re.search(f"[{_PLACE_END.replace('州', '')}]$", bare):
            stems.append(bare)  # "蕖州" for 蕖州市 (a 州 ends many city names), not "A市" for "A市B区"
    return tuple(dict.fromkeys(stems))


# A development zone or industrial park, named after its place: the name before its kind of zone.
_ZONE = re.compile(r"^([\u4e00-\u9fff]{2,}?)((?:化工|工业|经济技术|经济|高新技术|高新|产业|物流|科技)?(?:园区|开发区|新区))$")


def _ordered_cover(core: str, text: str) -> tuple[int, tuple[int, int] | None]:
    """How many characters of `core` occur in `text` in order within a window a little longer than
    `core` ("区燃气" holds 3 of 区城镇燃气), and the span they take; the window starts at a match of
    the core's first or second character."""
    best, span = 0, None
    for start in range(len(text)):
        if text[start] not in core[:2]:
            continue
        pos, found, end = core.index(text[start]) + 1, 1, start + 1
        for i in range(start + 1, min(len(text), start + len(core) + 3)):
            j = core.find(text[i], pos)
            if j >= 0:
                pos, found, end = j + 1, found + 1, i + 1
        if found > best:
            best, span = found, (start, end)
    return best, span


def _loose_reference(text: str, orgs: Sequence[str]) -> OrgMention | None:
    """An organisation named loosely: its place shortened ("平山" for 平山县住建局, "鹭洲" for 鹭洲街道),
    its agency shortened or with words left out ("县交通" for 县交通运输局, "区燃气" for 区城镇燃气). A
    match needs a place, an agency character (局, 站, 镇 …) or the level before it (县, 区): "道路交通"
    alone is a domain, not 交通运输局. The best-scoring organisations are the candidates; when the
    question names no place, those without a place of their own are preferred."""
    normalized = _norm(text)
    for words in _LEVEL_WORDS.values():  # "区里", "镇上": level references, not names
        for word in words:
            normalized = normalized.replace(word, "　" * len(word))
    scored: list[tuple[float, str, tuple[int, int], bool]] = []
    for org in orgs:
        if not org or re.match(PLACEHOLDER, _norm(org)) and len(org) <= 3:
            continue
        name = _norm(org)
        stems = _place_stems(name)
        place_hit = next(((normalized.find(p), p) for p in sorted(stems, key=len, reverse=True)
                          if normalized.find(p) >= 0), None)  # fmt: skip
        core = name
        for stem in stems:
            core = core.removeprefix(stem) if core.startswith(stem) else core
        core = re.sub(rf"^{PLACEHOLDER}[{_ADMIN}]?", "", core) or core
        forms = [core, *(short for long, shorts in AGENCY_SHORT_FORMS.items() if core.endswith(long)
                         for short in shorts)]  # fmt: skip
        best_cover, best_span, best_ok = 0.0, None, False
        for form in forms:
            found, span = _ordered_cover(form, normalized)
            if span is None or found < 2:
                continue
            piece = normalized[span[0]:span[1]]
            before = normalized[span[0] - 1] if span[0] else ""
            ok = (bool(set(piece) & _AGENCY_CHARS) or bool(before) and before in _ADMIN or piece[0] in _ADMIN) \
                and not _LEVEL_ONLY.match(piece)
            cover = found / len(form)
            if ok and cover > best_cover:
                best_cover, best_span, best_ok = cover, span, ok
        if place_hit is not None:
            start = place_hit[0]
            end = max(start + len(place_hit[1]), best_span[1] if best_span and best_span[0] >= start else 0)
            scored.append((2.0 + best_cover, org, (start, end), True))
        elif best_ok and best_span is not None and best_cover >= 0.6:
            scored.append((best_cover, org, best_span, False))
    if not scored:
        return None
    top = max(score for score, _, _, _ in scored)
    best = [item for item in scored if item[0] >= top - 1e-9]
    if not any(placed for *_, placed in best):
        plain = [item for item in best if not place_names(_norm(item[1]))]
        best = plain or best
    span = (min(item[2][0] for item in best), max(item[2][1] for item in best))
    return OrgMention(text[span[0]:span[1]], span, tuple(sorted(item[1] for item in best)))


_WHOLE_AREA = re.compile(r"全(?:县|区|市)")


def _generic_reference(text: str, orgs: Sequence[str]) -> OrgMention | None:
    """A level reference ("镇里", "县里", a bare "街道"); "全县/全区/全市" is the whole area, no filter."""
    text = _WHOLE_AREA.sub(lambda m: "　" * len(m.group()), text)
    for level, words in _LEVEL_WORDS.items():
        for word in words:
            start = text.find(word)
            if start >= 0:
                return _level_mention(text, (start, start + len(word)), level, orgs)
    match = re.search(r"(?<![\u4e00-\u9fffA-Za-z*＊])街道(?!办事处)", text)
    if match:
        return _level_mention(text, match.span(), "街道", orgs)
    return None


def _level_mention(text: str, span: tuple[int, int], level: str, orgs: Sequence[str]) -> OrgMention:
    candidates = tuple(sorted({o for o in orgs if o and org_level(_norm(o)) == level}))
    return OrgMention(text[span[0]:span[1]], span, candidates, generic=True)


_UNKNOWN_RE = re.compile(
    rf"(?:{PLACEHOLDER}|[\u4e00-\u9fff]{{2,4}}?)(?:街道办事处|街道|镇|乡|(?:管理|运输|资源|建设)?局)"
)


def _not_an_org(word: str) -> bool:
    """Ends like an organisation but is not one ("餐饮场所", "加油站")."""
    return word in _NOT_ORGS or any(word.endswith(stop) and len(stop) >= 2 for stop in _NOT_ORGS)


def _unknown_org(text: str) -> OrgMention | None:
    """An organisation-like word nobody in the database is called: its data cannot be answered."""
    for match in _UNKNOWN_RE.finditer(text):
        word = match.group()
        if _not_an_org(word):
            continue
        if re.match(r"^[各全本我该每其这那]", word):
            continue
        return OrgMention(word, match.span(), ())
    return None
