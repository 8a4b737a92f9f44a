"""Report facts as matching reads them: each stored figure with the words around it (pure data plus
one database read). The words come from knowledge.facts.text: the figure's clause, list item and
the words before it, its paragraph's text before the sentence, the headings above."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.facts.tables import table_caption, table_row_label
from knowledge.facts.text import clause_parts, heading_context, inside_brackets
from knowledge.models import Document, Fact
from knowledge.periods.parse import parse_period


@dataclass(frozen=True)
class FactView:
    """A stored fact with the text around it, ready for matching (no database objects)."""

    id: int
    document_id: int
    family: int  # the id shared by near-duplicate copies of one report
    title: str
    specificity: int
    org: str | None
    domain: str
    metric: str
    value: float | None
    unit: str
    qualifier: str
    period_start: date | None
    period_end: date | None
    period_label: str | None
    sentence: str
    clause: str  # the words around the figure, bracketed asides removed
    fine_clause: str  # the same, also split at 、 (one item of a list)
    context: str  # the headings above the sentence and its paragraph's opening
    offset: int  # the figure's position in `sentence`
    implied: bool = False
    aside: bool = False  # stated inside brackets: a part of a figure before it
    lead: str | None = None  # the list item's words before the figure; None: read from the sentence
    preceding: str = ""  # the paragraph's text before the sentence (what "其中…" lists parts of)
    paragraph: int = 0  # the paragraph of its document (rates may pair figures of adjacent sentences)
    doc_key: str = ""  # the document's key in the retrieval index
    position: int = 0  # the figure's position in its document
    doc_domain: str = "综合"  # the domain most of its report's figures are of
    general_hazards: bool = False  # its report states hazard figures of that domain (or of all domains)
    own_period: bool = False  # its sentence states its period ("1-11月累计…"), not only its report
    row_label: str = ""  # a table cell's row ("生产企业", "合计"); "" outside tables
    @property
    def words_before(self) -> str:
        return self.lead if self.lead is not None else clause_parts(self.sentence, self.offset)[2]

    @property
    def redacted(self) -> bool:
        return self.value is None


def load_fact_views(
    session: Session, orgs: Sequence[str] = (), *, document_ids: Sequence[int] | None = None
) -> list[FactView]:
    """Facts of reports (of `orgs`, of the documents `document_ids`, when given), each with its
    clause and heading context. A document's views are built once per content (a report's text and
    facts never change under the same content hash) and kept in memory."""
    stmt = select(Document.id, Document.content_hash, Document.created_at).where(Document.kind == "report")
    if orgs:
        stmt = stmt.where(Document.org.in_(list(orgs)) | Document.facts.any(Fact.org.in_(list(orgs))))
    if document_ids is not None:
        stmt = stmt.where(Document.id.in_(list(document_ids)))
    url = str(session.get_bind().engine.url)
    wanted = [((url, doc_id, f"{digest}@{created}"), doc_id) for doc_id, digest, created in session.execute(stmt)]
    missing = [doc_id for key, doc_id in wanted if key not in _views]
    if missing:
        docs = session.scalars(select(Document).where(Document.id.in_(missing)).options(selectinload(Document.facts)))
        for doc in docs:
            _remember((url, doc.id, f"{doc.content_hash}@{doc.created_at}"), _document_views(doc))
    views = [v for key, _ in wanted for v in _views.get(key, ())]
    return [v for v in views if v.org in orgs] if orgs else views


_views: dict[tuple[str, int, str], list[FactView]] = {}
_MAX_CACHED_DOCUMENTS = 500


def _remember(key: tuple[str, int, str], views: list[FactView]) -> None:
    if len(_views) >= _MAX_CACHED_DOCUMENTS:
        _views.pop(next(iter(_views)))
    _views[key] = views


def _document_views(doc: Document) -> list[FactView]:
    family = doc.duplicate_of_id or doc.id
    domains = Counter(f.domain for f in doc.facts)
    doc_domain = domains.most_common(1)[0][0] if domains else "综合"
    general = any(f.domain in ("综合", doc_domain) and "隐患" in f.sentence for f in doc.facts)
    views: list[FactView] = []
    for fact in doc.facts:
        offset = max(0, fact.value_start - fact.sentence_start)
        clause, fine, lead = clause_parts(fact.sentence, offset)
        views.append(FactView(
            id=fact.id, document_id=doc.id, family=family, title=doc.title, specificity=doc.specificity,
            org=fact.org or doc.org, domain=fact.domain, metric=fact.metric, value=fact.value, unit=fact.unit,
            qualifier=fact.qualifier or "", period_start=fact.period_start or doc.period_start,
            period_end=fact.period_end or doc.period_end,
            period_label=fact.period_label or doc.period_label, sentence=fact.sentence, clause=clause,
            fine_clause=fine, context=_context(doc.text, fact.sentence_start, fact.value_start), offset=offset,
            implied=fact.implied, aside=inside_brackets(fact.sentence, offset) is not None, lead=lead,
            paragraph=doc.text.count("\n", 0, fact.sentence_start), position=fact.value_start,
            preceding=_paragraph_before(doc.text, fact.sentence_start), doc_domain=doc_domain,
            general_hazards=general, doc_key=doc.index_key, own_period=_dated(fact.period_expr, fact.sentence, doc),
            row_label=table_row_label(doc.text, fact.value_start),
        ))  # fmt: skip
    return views


def _context(text: str, sentence_start: int, value_start: int) -> str:
    """The headings and paragraph around a figure's sentence, and for a table cell its table's caption."""
    caption = table_caption(text, value_start)
    context = heading_context(text, sentence_start)
    return f"{caption} {context}" if caption else context


def _dated(expression: str, sentence: str, doc: Document) -> bool:
    """Whether a figure's own sentence states a period one can read ("1-11月", "三季度"; not "“5·14”期间",
    nor a period an earlier sentence of its paragraph stated)."""
    if not expression or expression not in sentence:
        return False
    return parse_period(expression, doc.doc_date or doc.period_end or date.today()) is not None


def _paragraph_before(text: str, position: int) -> str:
    start = max(text.rfind("\n", 0, position) + 1, position - 300)
    return text[start:position]
