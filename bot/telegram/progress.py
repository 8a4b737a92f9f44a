"""One status message, edited as long work advances ("正在处理 3/9：《…》").

The service layer reports progress through a plain callback called from its worker thread; this turns
those calls into at most one edit per `interval` seconds on the event loop, always ending with the latest
text, and never raising into the work it observes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.telegram.splitting import escape

log = logging.getLogger(__name__)


def ingest_progress_text(done: int, total: int, label: str) -> str:
    """Pure: the status line for a documents callback (label = the document now being processed)."""
    if label:
        return f"正在处理 {min(done + 1, max(total, 1))}/{max(total, 1)}：《{label.removesuffix('.txt')}》"
    return f"已处理 {done}/{total}"


def count_progress_text(what: str) -> Callable[..., str]:
    """The status line for a counted callback: (done, total) or (done, total, label); the label is unused."""
    return lambda done, total, *_label: f"{what} {done}/{total}"


class StatusMessage:
    """Edits `message` to the latest progress text, throttled; `finish` awaits the last edit."""

    def __init__(self, message: Message, loop: asyncio.AbstractEventLoop, interval: float = 1.0) -> None:
        self.message, self.loop, self.interval = message, loop, interval
        self._lock = threading.Lock()
        self._latest: str | None = None
        self._shown = message.text or ""
        self._last_edit = 0.0
        self._pending: concurrent.futures.Future[None] | None = None
        self._edit_lock = asyncio.Lock()

    def update(self, text: str) -> None:
        """Thread-safe: remember `text`; schedule an edit unless one ran less than `interval` ago."""
        with self._lock:
            self._latest = text
            now = time.monotonic()
            if now - self._last_edit < self.interval:
                return
            self._last_edit = now
            self._pending = asyncio.run_coroutine_threadsafe(self._edit(), self.loop)

    def callback(self, render: Callable[..., str]) -> Callable[..., None]:
        """A service-layer progress callback that renders its arguments with `render`."""
        return lambda *args: self.update(render(*args))

    async def _edit(self, text: str | None = None) -> None:
        async with self._edit_lock:
            text = text if text is not None else self._latest
            if text is None or text == self._shown:
                return
            try:
                await self.message.edit_text(escape(text), parse_mode=ParseMode.HTML)
                self._shown = text
            except BadRequest as exc:  # "message is not modified" and the like: nothing to do
                log.debug("status edit skipped: %s", exc)
            except TelegramError as exc:
                log.warning("status edit failed: %s", exc)

    async def finish(self, html_text: str, **kwargs: Any) -> None:
        """Replace the status with the final (already formatted) text."""
        pending = self._pending
        if pending is not None:
            await asyncio.wrap_future(pending)
        async with self._edit_lock:
            try:
                await self.message.edit_text(html_text, parse_mode=ParseMode.HTML, **kwargs)
            except BadRequest as exc:  # the status already says it ("message is not modified")
                if "not modified" not in str(exc).lower():
                    raise
            self._shown = html_text
