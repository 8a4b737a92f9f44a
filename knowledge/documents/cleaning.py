"""Clean report text while keeping a map back to the original characters.

Every figure we store must be quotable verbatim, so cleaning never rewrites text blindly: it builds
the clean string character by character together with `offsets`, the index in the original of each
clean character. A span found in the clean text maps back with `original_span` / `original_quote`.

What cleaning does (and deliberately does not do):
- removes advertising watermarks (【更多免费素材，微信：…】 and similar), even with stray spaces inside;
- turns full-width digits, Latin letters, ％ and full-width spaces into their ASCII forms, and maps
  compatibility ideographs / Kangxi radicals (common in PDF text layers) to the ordinary character;
  Chinese punctuation (，。：；（）“”) is kept as written;
- collapses runs of spaces/tabs inside a line, drops spaces between a CJK character and another CJK
  character, digit or letter ("同时 在", "整改 5艘"), trims lines,
  keeps at most one blank line in a row; line structure (headings are lines) is preserved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "PLACEHOLDER_RE",
    "CleanText",
    "clean_text",
    "find_placeholders",
    "is_cjk",
    "is_placeholder",
    "original_quote",
    "original_span",
]


@dataclass(frozen=True)
class CleanText:
    """A cleaned text; `offsets[i]` is the index in `original` of `text[i]`."""

    text: str
    original: str
    offsets: tuple[int, ...]


# --- placeholders ----------------------------------------------------------------------------------

# A redacted number or name: XX / xx / ×× / XXXX, runs of * or ＊ (not a Markdown bullet), □□, ○○.
PLACEHOLDER_RE = re.compile(
    r"(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])"
    r"|(?<![A-Za-z])[XＸ](?=[县市区镇乡村街])"
    r"|(?<=\S)\*+|(?<!\S)\*+(?=\S)"  # not a lone "*" between blanks (a Markdown bullet)
    r"|＊+|□+|○{2,}"
)
_ASTERISKS_RE = re.compile(r"[*＊]+")


def find_placeholders(text: str) -> list[tuple[int, int]]:
    """Spans of placeholders (XX, xx, ××, *, **, ＊ …) standing in for a redacted number or name."""
    return [m.span() for m in PLACEHOLDER_RE.finditer(text)]


def is_placeholder(token: str) -> bool:
    """True when the whole token (surrounding spaces ignored) is a placeholder such as "XX" or "**"."""
    token = token.strip()
    if _ASTERISKS_RE.fullmatch(token):
        return True  # a lone "*" token (in text, "* " at a line start is a Markdown bullet)
    return bool(token) and PLACEHOLDER_RE.fullmatch(token) is not None


# --- character classes -----------------------------------------------------------------------------

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_SPACES = frozenset("\u00a0\u1680\u202f\u205f\u3000") | frozenset(chr(c) for c in range(0x2000, 0x200B))
# Ranges where an NFKC mapping is a plain one-to-one character substitution worth applying.
_COMPAT_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def is_cjk(ch: str) -> bool:
    """CJK ideographs, CJK/full-width punctuation and the curly quotes Chinese text uses."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2018 <= o <= 0x201F
        or o in (0x2014, 0x2026, 0x00B7)
    )


def _normalise_char(ch: str) -> str:
    """The 1:1 replacement of one character ('' to drop it)."""
    o = ord(ch)
    if ch in _ZERO_WIDTH:
        return ""
    if ch in _SPACES:
        return " "
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A or o == 0xFF05:
        return chr(o - 0xFEE0)
    if any(lo <= o <= hi for lo, hi in _COMPAT_RANGES):
        mapped = unicodedata.normalize("NFKC", ch)
        if len(mapped) == 1:
            return mapped
    return ch


# --- watermarks ------------------------------------------------------------------------------------

_SP = r"[ \t]*"


def _spaced(*words: str) -> str:
    """An alternation of words that tolerates spaces/tabs between any two characters."""
    return "(?:" + "|".join(_SP.join(re.escape(c) for c in w) for w in words) + ")"


_CONTACT = _spaced("微信", "威信", "薇信", "V信", "VX", "vx", "QQ", "qq", "扣扣", "公众号", "群号")
_AD_OPEN = _spaced("更多", "免费")
# What may follow an advert up to the next clause: not across brackets, sentence or clause ends.
_AD_TAIL = r"[^\n。，,；;！!？?【】]{0,40}"
_ID = r"[A-Za-z0-9_\-](?:[ \t]?[A-Za-z0-9_\-.]){3,40}"

# Inside 【…】: an advert word followed by a contact channel, or a channel followed by an id.
_AD_INNER_RE = re.compile(
    r"(?:更多|免费|素材|资料|下载|关注|获取|领取|范文).*(?:微信|威信|薇信|V信|VX|QQ|扣扣|公众号|网址|www|http)"
    r"|(?:微信|威信|薇信|V信|VX|QQ|扣扣|公众号)[:：]?[A-Za-z0-9_\-]{4,}",
    re.IGNORECASE,
)
_BRACKETED_RE = re.compile(r"[【〖\[][^【】〖〗\[\]\n]{1,80}[】〗\]]")
_LOOSE_AD_RES = (
    # 更多免费素材，微信：dadawk01 (no brackets)
    re.compile(_AD_OPEN + r"[^\n。【】]{0,20}?" + _CONTACT + _SP + r"[:：]?" + _SP + _ID),
    # 更多资料请关注… / 免费…关注公众号…
    re.compile(
        _AD_OPEN
        + r"[^\n。【】]{0,12}?(?:请"
        + _SP
        + "关"
        + _SP
        + "注|关"
        + _SP
        + "注"
        + _SP
        + _CONTACT
        + r")"
        + _AD_TAIL
    ),
    # 免费下载…网址/微信…, 下载地址：…
    re.compile(_spaced("免费下载") + r"[^\n。【】]{0,30}?(?:" + _CONTACT + r"|网址|www|http)" + _AD_TAIL),
    re.compile(_spaced("下载地址", "下载网址") + _SP + r"[:：][^\n]{0,60}"),
)


def _watermark_spans(text: str) -> list[tuple[int, int]]:
    spans = [
        m.span()
        for m in _BRACKETED_RE.finditer(text)
        if _AD_INNER_RE.search(re.sub(r"\s+", "", m.group()[1:-1]))
    ]
    for pattern in _LOOSE_AD_RES:
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans


# --- the cleaning passes ---------------------------------------------------------------------------


def _drop_spans(chars: list[str], offs: list[int], spans: list[tuple[int, int]]) -> None:
    dead = bytearray(len(chars))
    for start, end in spans:
        dead[start:end] = b"\x01" * (end - start)
    chars[:] = [c for c, d in zip(chars, dead, strict=True) if not d]
    offs[:] = [o for o, d in zip(offs, dead, strict=True) if not d]


def _clean_line(chars: list[str], offs: list[int]) -> tuple[list[str], list[int]]:
    """Collapse blank runs, drop spaces touching CJK characters, trim both ends."""
    out_c: list[str] = []
    out_o: list[int] = []
    i, n = 0, len(chars)
    while i < n:
        if chars[i] not in " \t":
            out_c.append(chars[i])
            out_o.append(offs[i])
            i += 1
            continue
        j = i
        while j < n and chars[j] in " \t":
            j += 1
        if 0 < i and j < n:  # interior run; leading/trailing runs are trimmed
            left, right = chars[i - 1], chars[j]
            has_tab = "\t" in chars[i:j]
            if has_tab:
                k = chars.index("\t", i, j)
                out_c.append("\t")
                out_o.append(offs[k])
            elif not (
                (is_cjk(left) and (is_cjk(right) or right.isalnum())) or (is_cjk(right) and left.isalnum())
            ):
                # kept: "Safety Bot", "6. 5", "# 标题" (a Markdown heading), "- 条目"
                out_c.append(" ")
                out_o.append(offs[i])
        i = j
    return out_c, out_o


def clean_text(original: str) -> CleanText:
    """Clean `original` (see the module docstring), keeping the offset of every kept character."""
    chars: list[str] = []
    offs: list[int] = []
    n = len(original)
    for i, ch in enumerate(original):
        if ch == "\r":
            if i + 1 < n and original[i + 1] == "\n":
                continue
            ch = "\n"
        elif ch in "\v\f\u2028\u2029\x85":
            ch = "\n"
        rep = _normalise_char(ch)
        if rep:
            chars.append(rep)
            offs.append(i)

    _drop_spans(chars, offs, _watermark_spans("".join(chars)))

    out_c: list[str] = []
    out_o: list[int] = []
    pending_newlines: list[int] = []  # offsets of newlines seen since the last non-empty line
    start = 0
    for idx in range(len(chars) + 1):
        if idx < len(chars) and chars[idx] != "\n":
            continue
        line_c, line_o = _clean_line(chars[start:idx], offs[start:idx])
        if line_c:
            if out_c:
                keep = pending_newlines[:2]  # one line break, plus one blank line at most
                out_c.extend("\n" * len(keep))
                out_o.extend(keep)
            out_c.extend(line_c)
            out_o.extend(line_o)
            pending_newlines = []
        if idx < len(chars):
            pending_newlines.append(offs[idx])
        start = idx + 1
    return CleanText(text="".join(out_c), original=original, offsets=tuple(out_o))


def original_span(ct: CleanText, start: int, end: int) -> tuple[int, int]:
    """The span of `original` covering clean characters `start:end` (end exclusive)."""
    if not 0 <= start < end <= len(ct.text):
        raise ValueError(f"span {start}:{end} outside clean text of length {len(ct.text)}")
    return ct.offsets[start], ct.offsets[end - 1] + 1


def original_quote(ct: CleanText, start: int, end: int) -> str:
    """The verbatim original text behind clean characters `start:end`."""
    o_start, o_end = original_span(ct, start, end)
    return ct.original[o_start:o_end]
