"""The service layer: every capability as a method returning data. The CLI and the Telegram bot call it."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.answer import Answer, Source
from knowledge.db import Database
from knowledge.models import Document, Fact, Hazard
from knowledge.settings import SAMPLES_DIR, Settings

if TYPE_CHECKING:
    from drafting.briefing import Briefing
    from drafting.report import Draft
    from knowledge.documents.ingest import IngestReport
    from knowledge.ledger.importer import ImportResult
    from knowledge.ledger.overdue import OverdueHazards
    from knowledge.users.audit import AuditLog
    from knowledge.users.chat_memory import ChatMemory
    from knowledge.users.directory import UserDirectory
    from knowledge.users.subscriptions import Subscriptions
    from retrieval.index import SearchHit, SearchIndex
    from retrieval.llm import ChatModel

log = logging.getLogger(__name__)

_ALL_UNITS = re.compile(r"(?:全部|所有|全体|各)(?:单位|乡镇|部门)|不限单位")  # the asker opts out of their org
SAMPLE_LEDGER = SAMPLES_DIR / "ledger" / "sample_ledger.csv"
SAMPLE_REPORTS = SAMPLES_DIR / "reports"
SAMPLE_REGULATIONS = SAMPLES_DIR / "regulations"


class _ForOrg:
    """The Assistant as the question path sees it for one asker: drafts and briefings default to their
    organisation (bot.pipeline calls draft/brief without one)."""

    def __init__(self, assistant: Assistant, org: str) -> None:
        self._assistant, self._org = assistant, org
        self.settings, self.db = assistant.settings, assistant.db

    @property
    def search_index(self) -> SearchIndex:
        return self._assistant.search_index

    def draft(self, request: str, *, today: date | None = None) -> Draft:
        return self._assistant.draft(request, org=self._org, today=today)

    def brief(self, *, period: str = "本季度", today: date | None = None) -> Briefing:
        return self._assistant.brief(period=period, org=self._org, today=today)


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
        self._open_lock = threading.Lock()

    # -- reference date -------------------------------------------------------------------------
    def today(self) -> date:
        """The configured date, else the sample data's last date when only sample data is loaded."""
        if self.settings.today:
            return self.settings.today
        return self.sample_data_end() or date.today()

    def sample_data_end(self) -> date | None:
        """The last date in the data when the database holds only the bundled samples, else None."""
        from knowledge.directory import cached

        with self.db.sessions() as session:
            return cached(session, "sample_end", _sample_data_end)

    # -- retrieval index --------------------------------------------------------------------------
    @property
    def search_index(self) -> SearchIndex:
        with self._open_lock:  # the bot asks from several threads: open the index once
            if self._search_index is None:
                from retrieval.index import open_search_index

                self._search_index = open_search_index(self.settings)
        return self._search_index

    @cached_property
    def indexer(self) -> Any:
        from retrieval.sync import IndexSync

        return IndexSync(self.search_index)

    # -- capabilities -----------------------------------------------------------------------------
    def ask(
        self, question: str, *, today: date | None = None, previous: Any = None, org: str | None = None
    ) -> Answer:
        """Answer one message; `previous` is the last answer's `context` in a chat (for follow-ups).

        `org` is the asker's organisation: drafts and briefings default to it, and a figure the question
        does not scope to an organisation (nor break down by one) is given for `org` when the data has it,
        said so in the text; otherwise the answer stands as it is (its text names its own scope)."""
        from bot.pipeline import answer_question

        floating = today is None and self.settings.today is None and self.sample_data_end() is None
        day = today or self.today()
        services = self if not org else _ForOrg(self, org)
        answer = answer_question(services, question, today=day, previous=previous, floating=floating)
        if (not org or answer.kind != "stat" or "org" in answer.filters or "group_by" in answer.filters
                or _ALL_UNITS.search(question)):
            return answer
        scoped = answer_question(services, f"{org}{question}", today=day, previous=previous, floating=floating)
        if scoped.kind == "stat" and scoped.filters.get("org"):
            return replace(scoped, text=f"{scoped.text}（按您的单位“{org}”统计；问全部单位请写明“全部单位”。）")
        return answer  # the data knows nothing of `org` for this figure: the answer says its own scope

    def chat_ask(
        self, chat_id: int, question: str, *, org: str | None = None, key: str | None = None,
        today: date | None = None,
    ) -> Answer:
        """ask() for a chat whose memory is in the database (the Telegram bot): the previous question's
        context is loaded, the new one stored (a restart loses nothing); the answer is kept under `key`
        so that its sources can be shown later (recall_answer)."""
        from knowledge.questions.context import dump_context, load_context

        previous = load_context(self.memory.context(chat_id))
        answer = self.ask(question, today=today, previous=previous, org=org)
        kept = {"answer": answer.text, "kind": answer.kind, "sources": [s.to_dict() for s in answer.sources]}
        self.memory.remember(
            chat_id, context=dump_context(answer.context), keep_context=answer.context is None,
            key=key if answer.sources else None, reply=kept,
        )  # fmt: skip
        return answer

    def recall_answer(self, chat_id: int, key: str) -> Answer | None:
        """An answer chat_ask kept (text, kind and sources only); None once it has been forgotten."""
        data = self.memory.recall(chat_id, key)
        if data is None:
            return None
        sources = tuple(Source(type=d["type"], title=d["title"], quote=d["quote"], location=d.get("location"))
                        for d in data.get("sources", []))  # fmt: skip
        return Answer(text=data.get("answer", ""), kind=data.get("kind", "none"), sources=sources)

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

    def import_ledger(self, path: Path, on_progress: Callable[[int, int, str], None] | None = None) -> ImportResult:
        from knowledge.ledger.importer import import_ledger

        return import_ledger(self.db, path, on_progress=on_progress)

    def overdue_major(self, *, org: str | None = None, today: date | None = None) -> OverdueHazards:
        """Major hazards past their deadline (the daily reminder), for one organisation or all."""
        from knowledge.ledger.overdue import overdue_major

        return overdue_major(self.db, today=today or self.today(), org=org)

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

    def outdated_reports(self) -> list[int]:
        """Ids of the reports an older version of the report reader stored (after an upgrade)."""
        from knowledge.documents.ingest import outdated_reports

        return outdated_reports(self.db)

    def reread_outdated(
        self, ids: Sequence[int] | None = None, on_progress: Callable[[int, int, str], None] | None = None
    ) -> list[str]:
        """Read those reports (`ids`, else every outdated one) again from their stored text: metadata,
        facts and index entry; their titles."""
        from knowledge.documents.ingest import reread_reports

        ids = self.outdated_reports() if ids is None else ids
        return reread_reports(self.db, self.indexer, ids, on_progress) if ids else []

    def load_samples(
        self, *, index: bool = True, on_progress: Callable[[int, int, str], None] | None = None
    ) -> dict[str, Any]:
        """Load the bundled reports, regulations and ledger (used by `make run` on an empty database)."""
        reports = self.ingest([SAMPLE_REPORTS], regulation=False, index=index, on_progress=on_progress)
        regulations = self.ingest([SAMPLE_REGULATIONS], regulation=True, index=index, on_progress=on_progress)
        ledger = self.import_ledger(SAMPLE_LEDGER)
        return {"reports": reports, "regulations": regulations, "ledger": ledger}

    def draft_choices(self, request: str, *, org: str | None = None) -> tuple[str, ...]:
        """What a drafting request leaves open ("section", "domain", "period", "org"), so that a chat can offer
        buttons before drafting."""
        from drafting.request import parse_draft_request
        from knowledge.directory import known_orgs

        with self.db.sessions() as session:
            orgs = known_orgs(session)
        return tuple(parse_draft_request(request, self.today(), orgs=orgs, org=org).open_choices)

    # -- people and chats: who may use the bot, what they did, what each chat remembers --------------
    @cached_property
    def users(self) -> UserDirectory:
        from knowledge.users.directory import UserDirectory

        return UserDirectory(self.db)

    @cached_property
    def audit(self) -> AuditLog:
        from knowledge.users.audit import AuditLog

        return AuditLog(self.db)

    @cached_property
    def memory(self) -> ChatMemory:
        from knowledge.users.chat_memory import ChatMemory

        return ChatMemory(self.db)

    @cached_property
    def subscriptions(self) -> Subscriptions:
        from knowledge.users.subscriptions import Subscriptions

        return Subscriptions(self.db)

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


def _sample_data_end(session: Session) -> date | None:
    """The last ledger date when the database holds only the bundled samples, else None."""
    sample_files = {p.name for p in SAMPLE_REPORTS.iterdir()} | {p.name for p in SAMPLE_REGULATIONS.iterdir()}
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
