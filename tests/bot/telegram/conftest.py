"""Fixtures for the Telegram door: a light Assistant over the sample ledger (no embedding model needed),
and `run_bot`, which runs a scenario against the real Application and the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.assistant import SAMPLE_LEDGER, Assistant
from knowledge.settings import Settings
from retrieval.index import open_search_index
from tests.bot.telegram.fake_bot_api import FakeBotApi
from tests.bot.telegram.harness import BotHarness, bot_settings

Scenario = Callable[[FakeBotApi, BotHarness], Awaitable[None]]


@pytest.fixture
def ledger_bot(tmp_path: Path, fake_embedder: Any) -> Assistant:
    """Real SQLite with the sample ledger; a real (empty) index on the deterministic fake embedder."""
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]
    bot = Assistant(settings, search_index=open_search_index(settings, embedder=fake_embedder))
    bot.import_ledger(SAMPLE_LEDGER)
    return bot


class BotRunner:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path

    def __call__(self, assistant: Assistant, scenario: Scenario, *, webhook: bool = False, **settings: Any) -> None:
        async def main() -> None:
            fake = FakeBotApi()
            await fake.start()
            try:
                config = bot_settings(self.tmp_path / "bot", fake, **settings)
                async with BotHarness(fake, assistant, config, webhook=webhook) as harness:
                    await scenario(fake, harness)
            finally:
                await fake.stop()

        asyncio.run(main())


@pytest.fixture
def run_bot(tmp_path: Path) -> BotRunner:
    return BotRunner(tmp_path)
