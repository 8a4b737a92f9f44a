"""Query expansion: the words office staff use, mapped to the words statutes and reports use.

The table is data (retrieval/synonyms.txt, one concept a line: `变体 变体 = 标准词 标准词`), read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_FILE = "synonyms.txt"


@dataclass(frozen=True)
class SynonymEntry:
    """Variants (matched as substrings of the question) and the standard terms they stand for."""

    variants: tuple[str, ...]
    terms: tuple[str, ...]


def parse_synonyms(text: str) -> tuple[SynonymEntry, ...]:
    """Parse the table format; blank lines and lines starting with # are skipped."""
    entries: list[SynonymEntry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        left, sep, right = line.partition("=")
        variants, terms = tuple(left.split()), tuple(right.split())
        if not sep or not variants or not terms:
            raise ValueError(f"同义词表第{number}行格式不对，应为“变体 变体 = 标准词”：{line}")
        entries.append(SynonymEntry(variants, terms))
    return tuple(entries)


@lru_cache(maxsize=1)
def default_table() -> tuple[SynonymEntry, ...]:
    """The shipped table, read once."""
    return parse_synonyms(resources.files("retrieval").joinpath(_FILE).read_text(encoding="utf-8"))


def expansion_terms(query: str, table: Sequence[SynonymEntry] | None = None) -> list[str]:
    """Standard terms for the variants found in the query, in table order, without those already
    in the query and without repeats."""
    entries = default_table() if table is None else table
    out: list[str] = []
    for entry in entries:
        if any(v in query for v in entry.variants):
            out.extend(t for t in entry.terms if t not in query and t not in out)
    return out


def expand_query(query: str, table: Sequence[SynonymEntry] | None = None) -> str:
    """The query with the standard terms of its colloquial words appended ("煤气泄漏" → "煤气泄漏 燃气")."""
    terms = expansion_terms(query, table)
    return f"{query} {' '.join(terms)}" if terms else query
