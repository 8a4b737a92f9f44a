from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import BadRequest, RetryAfter

from bot.telegram.network import FloodControl, _method

# RetryAfter's own constructor warns about its future timedelta attribute
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def test_flood_control_waits_out_retry_after_and_sends_again() -> None:
    calls: list[int] = []

    async def send(**kwargs: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) < 3:
            raise RetryAfter(0)
        return {"ok": True}

    limiter = FloodControl(max_retries=3)
    result = asyncio.run(limiter.process_request(send, (), {}, "sendMessage", {}, None))
    assert result == {"ok": True} and len(calls) == 3


def test_flood_control_gives_up_and_leaves_other_errors_alone() -> None:
    async def flooded(**kwargs: Any) -> bool:
        raise RetryAfter(0)

    async def bad(**kwargs: Any) -> bool:
        raise BadRequest("message is too long")

    with pytest.raises(RetryAfter):
        asyncio.run(FloodControl(max_retries=1).process_request(flooded, (), {}, "sendMessage", {}, None))
    with pytest.raises(BadRequest):
        asyncio.run(FloodControl().process_request(bad, (), {}, "sendMessage", {}, None))


def test_method_name_from_the_url() -> None:
    assert _method("http://127.0.0.1:8081/bot123:abc/sendMessage") == "sendMessage"
