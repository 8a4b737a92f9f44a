"""The real Application against the fake Bot API: start it (polling or webhook), wait until it is idle,
stop it. Used by the end-to-end tests and by `make bench`."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any, Self

from bot.assistant import Assistant
from bot.telegram.app import BotApp, build_application, set_commands
from bot.telegram.runtime import Runtime
from knowledge.settings import Settings
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotApi


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_settings(data_dir: Path, fake: FakeBotApi, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"telegram_bot_token": TOKEN, "telegram_base_url": fake.base_url, "admin_ids": [1]}
    values.update(overrides)
    return Settings(data_dir=data_dir, _env_file=None, **values)  # type: ignore[call-arg]


class BotHarness:
    """`async with BotHarness(fake, assistant, settings) as bot:` runs the bot until the block ends."""

    def __init__(self, fake: FakeBotApi, assistant: Assistant, settings: Settings, *, webhook: bool = False):
        self.fake, self.assistant, self.settings, self.webhook = fake, assistant, settings, webhook
        self.app: BotApp | None = None

    async def __aenter__(self) -> Self:
        await self._start()
        return self

    async def restart(self, assistant: Assistant | None = None) -> None:
        """Stop the Application and start a new one (on a new Assistant over the same data, if given)."""
        await self._stop()
        self.assistant = assistant or self.assistant
        await self._start()

    async def _start(self) -> None:
        self.assistant.users.bootstrap_admins(self.settings.admin_ids)  # as run_bot does
        self.app = build_application(self.assistant, self.settings)
        await self.app.initialize()
        await set_commands(self.app)  # post_init, which run_polling would call
        await self.app.start()
        assert self.app.updater is not None
        if self.webhook:
            port = free_port()
            await self.app.updater.start_webhook(
                listen="127.0.0.1", port=port, url_path="telegram", webhook_url=f"http://127.0.0.1:{port}/telegram",
                secret_token="webhook-secret",
            )
        else:
            await self.app.updater.start_polling(poll_interval=0.0, timeout=5)

    async def __aexit__(self, *exc: object) -> None:
        await self._stop()

    async def _stop(self) -> None:
        app = self.app
        assert app is not None and app.updater is not None
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        runtime: Runtime = app.bot_data["runtime"]
        runtime.shutdown()

    async def idle(self, timeout: float = 30.0) -> None:
        """Wait until every pushed update has been fetched and fully handled (stable for a few checks)."""
        app = self.app
        assert app is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet = 0
        while quiet < 3:
            busy = (self.fake.delivered < self.fake.last_update_id or not app.update_queue.empty()
                    or app.update_processor.current_concurrent_updates > 0)  # fmt: skip
            quiet = 0 if busy else quiet + 1
            if loop.time() > deadline:
                raise TimeoutError("the bot did not finish handling its updates in time")
            await asyncio.sleep(0.02)
