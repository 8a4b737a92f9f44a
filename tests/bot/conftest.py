"""A session-wide Assistant over a small real corpus: the sample compilation, two laws, the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.assistant import SAMPLE_LEDGER, SAMPLE_REGULATIONS, SAMPLE_REPORTS, Assistant
from knowledge.settings import Settings
from retrieval.embedding import E5Embedder
from retrieval.index import open_search_index

LAWS = ("城镇燃气管理条例.md", "中华人民共和国安全生产法.md", "生产安全事故报告和调查处理条例.md")


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    return Settings(data_dir=data_dir, _env_file=None, **overrides)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def sample_bot(tmp_path_factory: pytest.TempPathFactory, e5_embedder: E5Embedder) -> Assistant:
    """Real SQLite, real Chroma, the real e5 model; built once (about 20 s of embedding)."""
    settings = make_settings(tmp_path_factory.mktemp("bot"))
    bot = Assistant(settings, search_index=open_search_index(settings, embedder=e5_embedder))
    bot.ingest([SAMPLE_REPORTS], regulation=False)
    bot.ingest([SAMPLE_REGULATIONS / name for name in LAWS], regulation=True)
    bot.import_ledger(SAMPLE_LEDGER)
    return bot
