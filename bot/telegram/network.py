"""Talking to the Bot API reliably: network errors retried with exponential backoff, flood control obeyed."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter
from telegram.request import HTTPXRequest, RequestData
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

# Methods safe to send twice: a timed-out request may have arrived, so only these are retried on a timeout.
_IDEMPOTENT_PREFIXES = ("get", "edit", "delete", "set", "answerCallbackQuery", "sendChatAction")


def _method(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


class RetryingRequest(HTTPXRequest):
    """HTTPXRequest that retries failed connections (and timeouts of idempotent calls) with backoff.

    A sendMessage that timed out may already have been delivered, so it is not repeated: the user
    would get the answer twice.
    """

    def __init__(self, *args: Any, retries: int = 4, backoff: float = 0.5, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retries = retries
        self.backoff = backoff

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        attempt = 0
        while True:
            try:
                return await super().do_request(
                    url, method, request_data, read_timeout=read_timeout, write_timeout=write_timeout,
                    connect_timeout=connect_timeout, pool_timeout=pool_timeout,
                )  # fmt: skip
            except NetworkError as exc:
                repeatable = not isinstance(exc, TimedOut) or _method(url).startswith(_IDEMPOTENT_PREFIXES)
                if attempt >= self.retries or not repeatable:
                    raise
                delay = self.backoff * 2**attempt
                attempt += 1
                log.warning("Telegram %s failed (%s): retry %d in %.1f s", _method(url), exc, attempt, delay)
                await asyncio.sleep(delay)


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the attribute becomes a timedelta: both are handled
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: int | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class FloodControl(BaseRateLimiter[None]):
    """Waits out Telegram's flood control (429 RetryAfter) and sends again, at most `max_retries` times."""

    def __init__(self, max_retries: int = 3) -> None:
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for attempt in range(self.max_retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt >= self.max_retries:
                    raise
                delay = retry_seconds(exc)
                log.warning("Telegram flood control on %s: waiting %.1f s", endpoint, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")
