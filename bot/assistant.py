"""The service layer: every capability as a method returning data. The CLI and the Telegram bot call it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from knowledge.answer import Answer
from knowledge.db import Database
from knowledge.models import Document, Fact, Hazard
from knowledge.settings import SAMPLES_DIR, Settings

if TYPE_CHECKING:
    from drafting.briefing import Briefing
    from drafting.report import Draft
    from knowledge.documents.ingest import IngestReport
    from knowledge.ledger.importer import ImportResult
    from retrieval.index import SearchHit, SearchIndex
    from retrieval.llm import ChatModel

log = logging.getLogger(__name__)

SAMPLE_LEDGER = SAMPLES_DIR / "ledger" / "sample_ledger.csv"
SAMPLE_REPORTS = SAMPLES_DIR / "reports"
SAMPLE_REGULATIONS = SAMPLES_DIR / "regulations"


class Assistant:
    """Composition root: settings, database and retrieval index, and the capabilities over them."""

    def __init__(
        self,
        settings: Settings,
        *,
        db: Database | None = None,
        search_index: SearchIndex | None = None,
    ) -> None:
        self.settings = settings
        self.db = db or Database(settings.db_url)
        self._search_index = search_index

    # -- reference date -------------------------------------------------------------------------
    def today(self) -> date:
        """The configured date, else the sample data's last date when only sample data is loaded."""
        if self.settings.today:
            return self.settings.today
        return self.sample_data_end() or date.today()

    def sample_data_end(self) -> date | None:
        """The last date in the data when the database holds only the bundled samples, else None."""
        sample_files = {p.name for p in SAMPLE_REPORTS.iterdir()} | {p.name for p in SAMPLE_REGULATIONS.iterdir()}
        with self.db.sessions() as session:
            hazard_files = set(session.scalars(select(Hazard.source_file).distinct()))
            doc_files = set(session.scalars(select(Document.source_file).distinct()))
            if not hazard_files and not doc_files:
                return None
            if hazard_files - {SAMPLE_LEDGER.name} or doc_files - sample_files:
                return None
            last = session.scalar(select(func.max(Hazard.found_date)))
            fixed = session.scalar(select(func.max(Hazard.fixed_date)))
        candidates = [d for d in (last, fixed) if d is not None]
        return max(candidates) if candidates else None

    # -- retrieval index --------------------------------------------------------------------------
    @property
    def search_index(self) -> SearchIndex:
        if self._search_index is None:
            from retrieval.index import open_search_index

            self._search_index = open_search_index(self.settings)
        return self._search_index

    @cached_property
    def indexer(self) -> Any:
        from retrieval.sync import IndexSync

        return IndexSync(self.search_index)

    # -- capabilities -----------------------------------------------------------------------------
    def ask(self, question: str, *, today: date | None = None, previous: Any = None) -> Answer:
        """Answer one message; `previous` is the last answer's `context` in a chat (for follow-ups)."""
        from bot.pipeline import answer_question

        floating = today is None and self.settings.today is None and self.sample_data_end() is None
        return answer_question(self, question, today=today or self.today(), previous=previous, floating=floating)

    def ingest(
        self,
        paths: Sequence[Path],
        *,
        regulation: bool | None = None,
        index: bool = True,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> IngestReport:
        from knowledge.documents.ingest import ingest_paths

        return ingest_paths(
            self.db, paths, regulation=regulation, indexer=self.indexer if index else None,
            on_progress=on_progress,
        )

    def import_ledger(self, path: Path) -> ImportResult:
        from knowledge.ledger.importer import import_ledger

        return import_ledger(self.db, path)

    def facts(self, *, org: str | None = None, domain: str | None = None) -> list[dict[str, Any]]:
        from knowledge.facts.listing import list_facts

        return list_facts(self.db, org=org, domain=domain)

    def search(self, query: str, *, k: int = 5, source: str | None = None) -> list[SearchHit]:
        return self.search_index.search(query, k=k, source_type=source)

    def reindex(self, on_progress: Callable[[int, int], None] | None = None) -> int:
        from retrieval.sync import reindex

        return reindex(self.db, self.search_index, on_progress=on_progress)

    def ensure_index(self, on_progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the search index when it lacks documents the database holds (e.g. its folder was lost)."""
        from retrieval.sync import missing_documents

        if not missing_documents(self.db, self.search_index):
            return 0
        return self.reindex(on_progress=on_progress)

    def load_samples(
        self, *, index: bool = True, on_progress: Callable[[int, int, str], None] | None = None
    ) -> dict[str, Any]:
        """Load the bundled reports, regulations and ledger (used by `make run` on an empty database)."""
        reports = self.ingest([SAMPLE_REPORTS], regulation=False, index=index, on_progress=on_progress)
        regulations = self.ingest([SAMPLE_REGULATIONS], regulation=True, index=index, on_progress=on_progress)
        ledger = self.import_ledger(SAMPLE_LEDGER)
        return {"reports": reports, "regulations": regulations, "ledger": ledger}

    def counts(self) -> dict[str, int]:
        with self.db.sessions() as session:
            return {
                "reports": session.scalar(select(func.count()).where(Document.kind == "report")) or 0,
                "regulations": session.scalar(select(func.count()).where(Document.kind == "regulation")) or 0,
                "facts": session.scalar(select(func.count()).select_from(Fact)) or 0,
                "hazards": session.scalar(select(func.count()).select_from(Hazard)) or 0,
            }

    # -- drafting and briefings -------------------------------------------------------------------
    @cached_property
    def drafting_model(self) -> ChatModel | None:
        """The LLM that rewrites template drafts (None: templates only, the default)."""
        from retrieval.llm import make_chat_model

        return make_chat_model(self.settings)

    def _style_exemplars(self, query: str) -> list[str]:
        return [hit.chunk.text for hit in self.search_index.search(query, k=3, source_type="report")]

    def draft(
        self, request: str, *, org: str | None = None, today: date | None = None, section: str | None = None,
        domain: str | None = None, period: str | None = None,
    ) -> Draft:
        """A report section or a whole summary from the database's figures (see drafting.service)."""
        from drafting.service import draft

        model = self.drafting_model
        return draft(self.db, request, today=today or self.today(), org=org, section=section, domain=domain,
                     period=period, model=model, exemplars=self._style_exemplars if model else None)

    def brief(self, *, period: str = "本季度", org: str | None = None, today: date | None = None) -> Briefing:
        """A leader's one-screen briefing with a chart (see drafting.briefing)."""
        from drafting.service import brief

        return brief(self.db, today=today or self.today(), period=period, org=org)

    def draft_domains(self) -> tuple[str, ...]:
        """The domains the data holds, for a choice of domain when drafting."""
        from drafting.service import draft_domains

        return draft_domains(self.db)
