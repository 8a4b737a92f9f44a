"""Which organisation a statistics question names, among the organisations the database knows.

Pure: the caller passes the known names (ledger 责任单位 values, report organisations). Matching goes
from strict to loose: a known name or one of its shortened forms ("县自然资源局", "区城镇燃气",
"交通局" for 县交通运输局), then a generic reference to an administrative level ("县里", "镇里",
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
    "街道": ("街道里", "街道上", "全街道", "我街道", "本街道", "街道办"),
    "镇": ("镇里", "镇上", "全镇", "我镇", "本镇", "镇政府"),
    "乡": ("乡里", "乡上", "全乡", "我乡", "本乡", "乡政府"),
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
        if core.endswith("局") and len(core) >= 5 and not re.match(PLACEHOLDER, core):
            short = core[:2] + "局"
            aliases.add(short)
            if head:
                aliases.add(head + short)
    stripped = re.sub(rf"^{PLACEHOLDER}", "", name)
    if stripped != name and len(stripped) >= 3 and stripped[0] in _ADMIN:
        aliases.add(stripped)
    return {a for a in aliases if len(a) >= 2}


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
        # A longer unknown name around a known alias ("某镇" vs "镇") is not that organisation.
        exact = tuple(sorted(table[alias], key=lambda o: (_norm(o) != alias, len(o), o)))
        return OrgMention(text[start:end], (start, end), exact)
    return _generic_reference(text, orgs) or _unknown_org(text)


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


def _unknown_org(text: str) -> OrgMention | None:
    """An organisation-like word nobody in the database is called: its data cannot be answered."""
    for match in _UNKNOWN_RE.finditer(text):
        word = match.group()
        if word in _NOT_ORGS or any(word.endswith(stop) and len(stop) >= 2 for stop in _NOT_ORGS):
            continue
        if re.match(r"^[各全本我该每其这那]", word):
            continue
        return OrgMention(word, match.span(), ())
    return None
